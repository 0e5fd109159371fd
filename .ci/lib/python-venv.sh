# Sourced by the interop scripts: a virtual environment holding pinned requirements, made
# anew only when the requirements file changes. Needs PyPI and nothing else.
#
#   python_venv VENV REQUIREMENTS   # then "$VENV/bin/python" is ready

python_venv() {
    local venv=$1 requirements=$2 python=${PYTHON:-python3}
    local stamp="$venv/.requirements.sha256" want
    want=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return
    fi
    rm -rf "$venv"
    if [ -n "${INTEROP_FORCE_VIRTUALENV:-}" ] || ! "$python" -m venv "$venv" >/dev/null 2>&1 \
        || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
        # No usable venv module (e.g. Debian without python3-venv): virtualenv from PyPI.
        echo "python_venv: python3 -m venv unavailable; using virtualenv"
        rm -rf "$venv"
        if ! "$python" -m virtualenv --version >/dev/null 2>&1; then
            "$python" -m pip install --user --quiet --disable-pip-version-check virtualenv \
                || "$python" -m pip install --user --quiet --disable-pip-version-check \
                    --break-system-packages virtualenv
        fi
        "$python" -m virtualenv --quiet "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        -r "$requirements"
    echo "$want" >"$stamp"
}
