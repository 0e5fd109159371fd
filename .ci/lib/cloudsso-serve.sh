# Sourced by the interop scripts that call `cloudsso serve` (interop-emulator.sh,
# interop-node.sh): the binary the README's test command built, started on a free loopback
# port, and stopped.
#
#   cloudsso_binary            # sets $cloudsso; builds nothing the test command did not
#   serve_start LABEL WORK     # sets $server_pid and $server_address (host:port); state in
#                              # WORK/state.json, log in WORK/serve.log
#   serve_stop                 # SIGTERM and wait: fails unless the server exits cleanly
#   serve_kill                 # for an EXIT trap: stops the server if it still runs

server_pid=
server_address=

cloudsso_binary() {
    local target_dir=${CARGO_TARGET_DIR:-target}
    case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
    # The same features as `cargo test --workspace --locked`, so nothing is rebuilt.
    cargo test --workspace --locked --no-run
    cloudsso="$target_dir/debug/cloudsso"
}

serve_start() {
    local label=$1 work=$2
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

serve_kill() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
