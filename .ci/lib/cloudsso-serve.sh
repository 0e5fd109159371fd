# Sourced by the interop scripts that call `cloudsso serve` (interop-emulator.sh,
# interop-node.sh): the binary the README's test command built, started on a free loopback
# port, and stopped.
#
#   cloudsso_binary            # sets $cloudsso; builds nothing the test command did not
#   serve_start LABEL          # sets $server_pid, $server_address (host:port) and
#                              # $serve_work, a new folder holding the state (state.json) and
#                              # the log (serve.log); on exit the server is stopped and the
#                              # folder removed
#   serve_check_state LABEL    # the last write is on disk and the directories the client
#                              # created (named interop-*) were deleted
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
    work=$(mktemp -d)
    serve_work=$work
    trap serve_cleanup EXIT INT TERM
    # Port 0: the emulator picks a free loopback port and prints it.
    "$cloudsso" serve --listen 127.0.0.1:0 --state "$work/state.json" --rate-limit 0 \
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
    grep -q '"Disabled"' "$serve_work/state.json"
    if grep -q '"interop-' "$serve_work/state.json"; then
        echo "$label: a directory the client deleted is still in the state file" >&2
        return 1
    fi
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
