#!/usr/bin/env bash
# Interop with Alibaba Cloud's official Node.js SDK, both ways (as interop-signer.sh and
# interop-emulator.sh do with the Python SDKs). Needs Node.js 20 with npm, the npm registry and
# PyPI, and nothing else.
#
# 1. `npm ci` installs @alicloud/openapi-client and @alicloud/openapi-util exactly as
#    interop/node/package-lock.json pins them (into interop/node/node_modules).
# 2. Signing: interop/signer/generate.py writes the Python SDK's cases (in the virtual
#    environment interop-signer.sh uses), interop/node/sign-cases.js replays every input
#    through the Node SDK's own request path and signing functions, and
#    crates/acs-signer/tests/interop_node.rs checks that our signer computes the Node SDK's
#    signatures, that our verifier accepts its requests, and how the two SDKs differ.
# 3. Emulator: `cloudsso serve` on a free loopback port, and interop/node/check-emulator.js
#    calls the MFA and directory operations through the SDK's `callApi` with V3 and V2,
#    round-trips state and checks the SDK's errors.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
out="$target_dir/interop-node"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "interop-node: needs Node.js 20 or later with npm on PATH" >&2
    exit 1
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
    echo "interop-node: needs Node.js 20 or later, found $(node --version)" >&2
    exit 1
fi

# 1. The SDK, pinned.
(cd interop/node && npm ci --no-audit --no-fund --loglevel=error)

# 2. Signing.
# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
venv=.venv-interop-signer
python_venv "$venv" interop/signer/requirements.txt
mkdir -p "$out"
"$venv/bin/python" interop/signer/generate.py --out "$out/python-cases.json"
node interop/node/sign-cases.js --in "$out/python-cases.json" --out "$out/cases.json"
# --workspace: the same feature set as the README's test command, so nothing is rebuilt.
ACS_INTEROP_NODE_CASES="$out/cases.json" cargo test --workspace --locked --test interop_node \
    -- --nocapture

# 3. Emulator.
# shellcheck source=lib/cloudsso-serve.sh
source .ci/lib/cloudsso-serve.sh
cloudsso_binary
serve_start interop-node
node interop/node/check-emulator.js "$server_address"

# The SDK's last write is on disk and the directories it created were deleted.
serve_check_state interop-node
serve_stop

count=$(node -e 'console.log(require(process.argv[1]).cases.length)' "$out/cases.json")
echo "interop-node: ${count} cases compared with the official Node.js SDK, and the SDK against the emulator passed ($((SECONDS - started)) s)"
