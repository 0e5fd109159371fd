#!/usr/bin/env bash
# Interop of acs-credentials with Alibaba Cloud's official Python credentials library
# (issue 13): install alibabacloud-credentials (pinned, interop/credentials/requirements.txt)
# in its own virtual environment, have its RamRoleArn and OIDC providers fetch credentials
# from a loopback server that records each request with the time and nonce pinned
# (interop/credentials/record_python.py), check that the recording equals the committed one
# (interop/credentials/python-requests.json, which the ordinary test run compares with), and
# check that our requests for the same inputs are the same bytes
# (crates/acs-credentials/tests/interop_python.rs). Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-credentials
requirements=interop/credentials/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
recording="$target_dir/interop-credentials/python-requests.json"

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"
"$venv/bin/python" -m pip show --quiet alibabacloud-credentials >/dev/null

mkdir -p "$(dirname "$recording")"
"$venv/bin/python" interop/credentials/record_python.py "$recording"
if ! diff -u interop/credentials/python-requests.json "$recording"; then
    echo "interop-credentials: the library's requests differ from the committed recording" >&2
    exit 1
fi

# --workspace: the same feature set as the README's test command, so nothing is rebuilt.
ACS_CREDENTIALS_INTEROP="$recording" cargo test --workspace --locked --test interop_python -- --nocapture

echo "interop-credentials: our STS requests equal the official Python library's ($((SECONDS - started)) s)"
