#!/usr/bin/env bash
# Interop of the emulator with Alibaba Cloud's official CloudSSO Python SDK (issue 5): install
# alibabacloud-cloudsso20210515 (pinned, interop/emulator/requirements.txt) in its own virtual
# environment, start `cloudsso serve` on a free loopback port, and have the SDK, with its
# default V3 signing and with V2, call the MFA operations and the directory operations
# (issue 6: Create/Get/List/DeleteDirectory, UpdateMFAAuthenticationSettings,
# GetMFAAuthenticationSettings and the rest of the MFA family), round-trip state, and get its
# own exceptions with the right codes for a wrong secret, an unknown or deleted directory, an
# invalid value and an operation the emulator does not implement
# (interop/emulator/check_sdk.py). Needs PyPI and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

venv=.venv-interop-emulator
requirements=interop/emulator/requirements.txt
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac

# shellcheck source=lib/python-venv.sh
source .ci/lib/python-venv.sh
python_venv "$venv" "$requirements"
"$venv/bin/python" -m pip show --quiet alibabacloud-cloudsso20210515 >/dev/null

# The binary the README's test command built (the same features; nothing is rebuilt).
cargo test --workspace --locked --no-run
cloudsso="$target_dir/debug/cloudsso"

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Port 0: the emulator picks a free loopback port and prints it.
"$cloudsso" serve --listen 127.0.0.1:0 --state "$work/state.json" --rate-limit 0 \
    >"$work/stdout" 2>"$work/serve.log" &
server_pid=$!
address=
for _ in $(seq 1 100); do
    if address=$(sed -n 's|^listening on http://||p' "$work/stdout") && [ -n "$address" ]; then
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "interop-emulator: cloudsso serve exited early:" >&2
        cat "$work/serve.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$address" ]; then
    echo "interop-emulator: cloudsso serve did not report its address" >&2
    exit 1
fi
echo "interop-emulator: cloudsso serve on http://$address"

"$venv/bin/python" interop/emulator/check_sdk.py "$address"

# The SDK's last write is on disk, in the current layout, and the directories it created
# were deleted.
grep -q '"Disabled"' "$work/state.json"
grep -q '"version": 2' "$work/state.json"
if grep -q '"interop-' "$work/state.json"; then
    echo "interop-emulator: a directory the SDK deleted is still in the state file" >&2
    exit 1
fi

kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
echo "interop-emulator: the official SDK against the emulator passed ($((SECONDS - started)) s)"
