#!/usr/bin/env bash
# Interop of acs-signer with Alibaba Cloud's official Python SDK (issue 3, "Interop with the
# official SDK"): install the SDK (pinned, interop/signer/requirements.txt) in its own virtual
# environment, have it sign a few hundred generated requests (interop/signer/generate.py),
# then check that our signer computes the same signatures and our verifier accepts the SDK's
# requests (crates/acs-signer/tests/interop_sdk.rs). Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-signer
requirements=interop/signer/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
cases="$target_dir/interop-signer/cases.json"

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"
"$venv/bin/python" -m pip show --quiet alibabacloud-tea-openapi >/dev/null

mkdir -p "$(dirname "$cases")"
"$venv/bin/python" interop/signer/generate.py --out "$cases"

# The derived golden cases of fixtures/signer, signed by the SDK's own functions.
"$venv/bin/python" interop/signer/check_fixtures.py
# The golden cases of `cloudsso sign` (fixtures/cli-sign): parameters and signatures.
"$venv/bin/python" interop/signer/check_cli_fixtures.py

# --workspace: the same feature set as the README's test command, so nothing is rebuilt.
ACS_INTEROP_CASES="$cases" cargo test --workspace --locked --test interop_sdk -- --nocapture

count=$("$venv/bin/python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$cases")
echo "interop-signer: ${count} cases compared with the official Python SDK ($((SECONDS - started)) s)"
