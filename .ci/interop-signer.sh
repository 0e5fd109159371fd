#!/usr/bin/env bash
# Interop of acs-signer with Alibaba Cloud's official Python SDK (issue 3, "Interop with the
# official SDK"): install the SDK (pinned, interop/signer/requirements.txt) in its own virtual
# environment, have it sign a few hundred generated requests (interop/signer/generate.py),
# then check that our signer computes the same signatures and our verifier accepts the SDK's
# requests (crates/acs-signer/tests/interop_sdk.rs). Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

python=${PYTHON:-python3}
venv=.venv-interop-signer
requirements=interop/signer/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
cases="$target_dir/interop-signer/cases.json"

make_venv() {
    rm -rf "$venv"
    if [ -z "${INTEROP_FORCE_VIRTUALENV:-}" ] && "$python" -m venv "$venv" >/dev/null 2>&1 \
        && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
        return
    fi
    # No usable venv module (e.g. Debian without python3-venv): virtualenv from PyPI.
    echo "interop-signer: python3 -m venv unavailable; using virtualenv"
    rm -rf "$venv"
    if ! "$python" -m virtualenv --version >/dev/null 2>&1; then
        "$python" -m pip install --user --quiet --disable-pip-version-check virtualenv \
            || "$python" -m pip install --user --quiet --disable-pip-version-check \
                --break-system-packages virtualenv
    fi
    "$python" -m virtualenv --quiet "$venv"
}

# Reuse the environment while the pinned requirements are unchanged.
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    make_venv
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        -r "$requirements"
    echo "$want" >"$stamp"
fi
"$venv/bin/python" -m pip show --quiet alibabacloud-tea-openapi >/dev/null

mkdir -p "$(dirname "$cases")"
"$venv/bin/python" interop/signer/generate.py --out "$cases"

# The derived golden cases of fixtures/signer, signed by the SDK's own functions.
"$venv/bin/python" interop/signer/check_fixtures.py

ACS_INTEROP_CASES="$cases" cargo test -p acs-signer --test interop_sdk --locked -- --nocapture

count=$("$venv/bin/python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cases"]))' "$cases")
echo "interop-signer: ${count} cases compared with the official Python SDK ($((SECONDS - started)) s)"
