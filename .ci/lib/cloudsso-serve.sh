# Sourced by the interop scripts that call `cloudsso serve` (interop-emulator.sh,
# interop-node.sh): the binary the README's test command built, started on a free loopback
# port, and stopped.
#
#   cloudsso_binary            # sets $cloudsso; builds nothing the test command did not
#   serve_start LABEL [ARG...] # sets $server_pid, $server_address (host:port) and
#                              # $serve_work, a new folder holding the state database
#                              # (state.db) and the log (serve.log); on exit the server is
#                              # stopped and the folder removed; ARGs are passed to
#                              # serve (e.g. --oidc-provider)
#   serve_check_state LABEL    # the last write is committed to the database (read with
#                              # Python's sqlite3, as the sqlite3 shell would), in the current
#                              # schema, and the directories the client created (named
#                              # interop-*) were deleted
#   serve_stop                 # SIGTERM and wait: fails unless the server exits cleanly

server_pid=
server_address=
serve_work=

cloudsso_binary() {
    local target_dir=${CARGO_TARGET_DIR:-target}
    case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
    # The same features as `cargo test --workspace --locked`, so nothing is rebuilt.
    cargo test --workspace --locked --no-run
    cloudsso="$target_dir/debug/cloudsso"
}

serve_start() {
    local label=$1 work
    shift
    work=$(mktemp -d)
    serve_work=$work
    trap serve_cleanup EXIT INT TERM
    # Port 0: the emulator picks a free loopback port and prints it. The SDK scenarios create
    # directories beside the configured one (the service allows one per account).
    "$cloudsso" serve --listen 127.0.0.1:0 --state "$work/state.db" --rate-limit 0 \
        --directory-quota 100 "$@" \
        >"$work/stdout" 2>"$work/serve.log" &
    server_pid=$!
    server_address=
    for _ in $(seq 1 100); do
        if server_address=$(sed -n 's|^listening on http://||p' "$work/stdout") \
            && [ -n "$server_address" ]; then
            break
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "$label: cloudsso serve exited early:" >&2
            cat "$work/serve.log" >&2
            return 1
        fi
        sleep 0.1
    done
    if [ -z "$server_address" ]; then
        echo "$label: cloudsso serve did not report its address" >&2
        return 1
    fi
    echo "$label: cloudsso serve on http://$server_address"
}

serve_stop() {
    kill -TERM "$server_pid"
    wait "$server_pid"
    server_pid=
}

serve_check_state() {
    local label=$1
    python3 - "$label" "$serve_work/state.db" <<'PY'
import sqlite3, sys
label, path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
meta = dict(db.execute("SELECT key, value FROM meta"))
assert meta.get("format") == "cloudsso-emulator-state", f"{label}: meta {meta}"
assert meta.get("schema_version") == "1", f"{label}: meta {meta}"
settings = [r[0] for r in db.execute(
    "SELECT json_extract(body, '$.MfaAuthenticationAdvanceSettings') FROM directories")]
assert "Disabled" in settings, f"{label}: no directory is Disabled in the database: {settings}"
left = [r[0] for r in db.execute(
    "SELECT json_extract(body, '$.DirectoryName') FROM directories "
    "WHERE json_extract(body, '$.DirectoryName') LIKE 'interop-%'")]
assert not left, f"{label}: directories the client deleted are still in the database: {left}"
PY
}

serve_cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
    if [ -n "$serve_work" ]; then
        rm -rf "$serve_work"
    fi
}
