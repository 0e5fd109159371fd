#!/usr/bin/env bash
# What acs-client puts on the wire is what Alibaba Cloud's official CloudSSO Python SDK puts
# there (issue 12, "What goes on the wire"): install alibabacloud-cloudsso20210515 (pinned,
# interop/client/requirements.txt) in its own virtual environment, have it make 40 calls
# (V3 and V2, access key and STS token) and 2 anonymous ones (STS AssumeRoleWithOIDC through
# the same runtime, V3 and V2) against a loopback recorder with the signing time and
# nonce pinned (interop/client/record_python.py), then send the same inputs through our client
# to a recorder of its own and compare method, path, query, headers and body
# (crates/acs-client/tests/interop_python.rs). Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-client
requirements=interop/client/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
cases="$target_dir/interop-client/cases.json"

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"
"$venv/bin/python" -m pip show --quiet alibabacloud-cloudsso20210515 >/dev/null

# Built before recording: the Rust test listens again on the address the SDK was recorded on.
cargo test --workspace --locked --test interop_python --no-run

mkdir -p "$(dirname "$cases")"
"$venv/bin/python" interop/client/record_python.py --out "$cases"
count=$("$venv/bin/python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$cases")

# --workspace: the same feature set as the README's test command, so nothing is rebuilt.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ACS_INTEROP_CLIENT_CASES="$cases" cargo test --workspace --locked --test interop_python \
    -- --nocapture 2>&1 | tee "$log"
# The test skips without the variable: make sure it ran, and compared every case.
if ! grep -qx "interop-client: ${count} passed, 0 failed" "$log"; then
    echo "interop-client: the Rust test did not report ${count} cases compared" >&2
    exit 1
fi
echo "interop-client: ${count} requests equal to the official Python SDK's ($((SECONDS - started)) s)"
