#!/usr/bin/env bash
# The issue's headless Chromium story against the emulated CloudSSO user portal (issue 14):
# Debian's `chromium` (installed here with apt-get, sudo when not root) driven by
# playwright-core (pinned in interop/browser/package-lock.json, installed with `npm ci`)
# signs in through the portal's pages while `cloudsso login` waits: user code, password,
# forced password change, TOTP binding, approval; then `cloudsso call` uses the saved
# profile and, after DeleteAccessAssignment, fresh credentials are refused
# (interop/browser/story.js). A screenshot of each page is kept in
# $CARGO_TARGET_DIR/portal-screenshots/ (target/portal-screenshots/ by default). Needs
# Debian's packages, the npm registry and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
shots="$target_dir/portal-screenshots"

chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
    sudo=
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        chromium >/dev/null
    chromium=$(command -v chromium)
fi
echo "interop-browser: $("$chromium" --version 2>/dev/null || echo chromium)"

(cd interop/browser && npm ci --no-audit --no-fund --silent)

# shellcheck source=lib/cloudsso-serve.sh
source .ci/lib/cloudsso-serve.sh
cloudsso_binary
serve_start interop-browser --task-transition immediate

rm -rf "$shots"
node interop/browser/story.js "$cloudsso" "$server_address" "$shots" "$chromium"

serve_stop
echo "interop-browser: done ($((SECONDS - started)) s)"
