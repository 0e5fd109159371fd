#!/usr/bin/env bash
# Interop of `cloudsso login` (issue 14) with Alibaba Cloud's official Python credentials
# library: `cloudsso login` signs in against a loopback stand-in of the CloudSSO user portal
# and saves the profile; the library (alibabacloud-credentials, pinned in
# interop/credentials/requirements.txt, the same virtual environment as
# .ci/interop-credentials.sh) reads that profile and gets credentials from the stand-in's
# /cloud-credentials with the saved access token (interop/login/python_reads_our_profile.py).
# Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-credentials
requirements=interop/credentials/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"

# --workspace: the same feature set as the test run, so nothing is rebuilt.
cargo build --workspace --locked --bin cloudsso
"$venv/bin/python" interop/login/python_reads_our_profile.py "$target_dir/debug/cloudsso"

echo "interop-login: done ($((SECONDS - started)) s)"
