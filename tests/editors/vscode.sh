#!/usr/bin/env bash
# VS Code: the extension in editors/vscode.
#   1. npm ci (when package-lock.json changed), tsc type check, esbuild bundle, unit tests
#   2. packages: the linux-x64 .vsix with a release dockls inside, and the universal .vsix;
#      both opened and checked (manifest, files, mode and run of the bundled binary)
#   3. a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in headless Chromium, driven
#      through the UI: the platform .vsix with its bundled server (diagnostics, a setting
#      passed to the server and changed while running, a quick fix, hover, the Show Logs and
#      Restart Server commands, completion from the restarted server), then the universal .vsix with
#      dockls.server.path (diagnostics, the other quick fix), and without any dockls (the error
#      names the setting).
# Needs Node 20 and Chromium (.ci/run installs Chromium and the build packages code-server
# needs). code-server is installed on first use into $DOCKLS_TEST_CACHE (default
# ~/.cache/dockls-tests) and reused while its version stays the same.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ext="$repo/editors/vscode"
here="$repo/tests/editors"
cache="${DOCKLS_TEST_CACHE:-$HOME/.cache/dockls-tests}"
export CODE_SERVER_VERSION=4.100.3
code_server_dir="$cache/code-server-$CODE_SERVER_VERSION"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
start=$(date +%s)
phase_start=$start
phase() { local now; now=$(date +%s); printf '  (%s: %d s)\n' "$1" $((now - phase_start)); phase_start=$now; }
die() { echo "vscode: $*" >&2; exit 1; }

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)"
[ "$node_major" = 20 ] || die "Node 20 is needed (code-server $CODE_SERVER_VERSION and vsce 3 run on it); found: $node_major"
[ -n "$chromium" ] || die "no Chromium (Debian: apt-get install chromium; .ci/run installs it), or set CHROMIUM"

work="$(mktemp -d)"
installer_pid=""
cargo_pid=""
cleanup() {
  [ -n "$installer_pid" ] && kill "$installer_pid" 2>/dev/null || true
  [ -n "$cargo_pid" ] && kill "$cargo_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The two slow steps run in the background while the extension is checked: installing
# code-server (a minute or two, the first time only) and the release build of dockls for the
# platform package (the packaging script's own cargo call then finds it done).
# DOCKLS_VSIX_BINARY=path packages that binary instead (quicker when iterating locally).
mkdir -p "$cache"
"$ext/e2e/install-code-server.sh" "$code_server_dir" >"$work/install-code-server.log" 2>&1 &
installer_pid=$!
if [ -z "${DOCKLS_VSIX_BINARY:-}" ]; then
  (cd "$repo" && cargo build --release --locked -p dockls) >"$work/cargo-release.log" 2>&1 &
  cargo_pid=$!
fi

# --- 1. dependencies, type check, bundle, unit tests ---
cd "$ext"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.dockls-lock-sum 2>/dev/null || true)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >node_modules/.dockls-lock-sum
fi
phase "npm ci"
node_modules/.bin/tsc --noEmit -p .
phase "tsc"
node scripts/build.mjs
node --test dist/test/
phase "bundle and unit tests"

# --- 2. packages ---
platform_vsix="$work/dockls-linux-x64.vsix"
universal_vsix="$work/dockls-universal.vsix"
if [ -n "${DOCKLS_VSIX_BINARY:-}" ]; then
  node scripts/package.mjs --target linux-x64 --binary "$DOCKLS_VSIX_BINARY" --out "$platform_vsix"
else
  if ! wait "$cargo_pid"; then
    cargo_pid=""
    tail -40 "$work/cargo-release.log" >&2
    die "the release build failed (log above)"
  fi
  cargo_pid=""
  phase "release build (in the background)"
  node scripts/package.mjs --target linux-x64 --out "$platform_vsix"
fi
node scripts/check-vsix.mjs "$platform_vsix" --target linux-x64 --run
node scripts/package.mjs --universal --out "$universal_vsix"
node scripts/check-vsix.mjs "$universal_vsix" --universal
phase "packages and their checks"

# --- 3. real VS Code ---
if ! wait "$installer_pid"; then
  installer_pid=""
  tail -40 "$work/install-code-server.log" >&2
  die "installing code-server failed (log above)"
fi
installer_pid=""
tail -1 "$work/install-code-server.log"
phase "code-server install (in the background)"

mkdir -p "$work/ws-bundled" "$work/ws-path"
cp "$here/fixture.Dockerfile" "$work/ws-bundled/Dockerfile"
cp "$here/fixture.Dockerfile" "$work/ws-path/web.Containerfile"
out_dir="$repo/tests/.work/vscode-e2e"
e2e() { # NAME, then VAR=value pairs for run-e2e.mjs
  local name="$1"
  shift
  echo "--- e2e: $name"
  if ! env -u DOCKLS_SERVER_PATH CODE_SERVER_DIR="$code_server_dir" CHROMIUM="$chromium" OUT_DIR="$out_dir/$name" \
    SERVER_CMD= SERVER_PATH_SETTING= SERVER_ARGS_SETTING= SERVER_ENV_VAR= TIMEOUT_MS=60000 \
    "$@" node "$ext/e2e/run-e2e.mjs"; then
    die "e2e '$name' failed: screenshots, result.json and VS Code logs are in $out_dir/$name"
  fi
}

# The platform package runs its bundled server (no path setting, no environment override).
# dockls.extendSelect turns on the opt-in unused-suppression rule: its message shows that the
# settings reach the server; clearing the setting while VS Code runs takes it away again
# (didChangeConfiguration, then workspace/configuration answered by the extension).
e2e bundled EXTENSION_VSIX="$platform_vsix" WORKSPACE="$work/ws-bundled" FILE=Dockerfile \
  EXTRA_SETTINGS='{"dockls.extendSelect": ["unused-suppression"], "dockls.trace.server": "messages"}' \
  EXPECT_MIN_PROBLEMS=3 \
  EXPECT_MESSAGES='["MAINTAINER is deprecated", "unknown instruction: RUNN", "reports nothing here", "generated by dockls"]' \
  QUICKFIX_LINE=2 QUICKFIX_TITLE='Replace with LABEL org.opencontainers.image.authors' \
  EXPECT_TEXT_AFTER_FIX='^LABEL org\.opencontainers\.image\.authors="someone@example\.com"$' \
  EXPECT_TEXT_GONE_AFTER_FIX='MAINTAINER' \
  HOVER_LINE=1 HOVER_COLUMN=2 EXPECT_HOVER='FROM' \
  COMMANDS='[{"title": "dockls: Show Logs", "expectOutputChannel": "dockls", "expectPanelText": "Received response"},
             {"title": "dockls: Restart Server", "expectDiagnostics": true}]' \
  CHANGE_SETTINGS='{"dockls.extendSelect": []}' EXPECT_PROBLEMS_AFTER_SETTINGS=1 \
  COMPLETION_LINE=6 COMPLETION_TYPE=EX EXPECT_COMPLETIONS='["EXPOSE"]'
log="$(echo "$out_dir"/bundled/vscode-logs/*/exthost*/dockls.dockls/dockls.log)"
[ "$(grep -c "dockls server (found via bundled)" "$log")" = 2 ] \
  || die "expected the bundled server to start twice (once more for Restart Server): see $log"

# The universal package, with the server from dockls.server.path, on a *.Containerfile.
# Without settings the opt-in rule stays off: exactly 2 problems.
e2e path-setting EXTENSION_VSIX="$universal_vsix" WORKSPACE="$work/ws-path" FILE=web.Containerfile \
  SERVER_CMD="${DOCKLS_VSIX_BINARY:-$repo/target/release/dockls}" SERVER_PATH_SETTING=dockls.server.path \
  EXPECT_MIN_PROBLEMS=2 EXPECT_MESSAGES='["MAINTAINER is deprecated", "unknown instruction: RUNN"]' \
  QUICKFIX_LINE=3 QUICKFIX_TITLE='Replace `RUNN` with `RUN`' EXPECT_TEXT_AFTER_FIX='^RUN echo hello$'
grep -q "found via setting" "$out_dir"/path-setting/vscode-logs/*/exthost*/dockls.dockls/dockls.log \
  || die "the path-setting e2e did not use dockls.server.path (see $out_dir/path-setting/vscode-logs)"
problems="$(node -p "require('$out_dir/path-setting/result.json').problems")"
[ "$problems" = 2 ] || die "expected exactly 2 problems without settings, got $problems"
# The universal package with no dockls anywhere (PATH holds nothing but node): the error
# message names the setting.
mkdir -p "$work/ws-none" "$work/bare-path"
cp "$here/fixture.Dockerfile" "$work/ws-none/Dockerfile"
ln -s "$(command -v node)" "$work/bare-path/node"
e2e not-found EXTENSION_VSIX="$universal_vsix" WORKSPACE="$work/ws-none" FILE=Dockerfile \
  PATH="$work/bare-path" EXPECT_NOTIFICATION='set dockls.server.path' \
  EXPECT_MIN_PROBLEMS=0 NO_PROBLEMS_WAIT_MS=500
phase "VS Code end-to-end"

echo "vscode: $(($(date +%s) - start)) s"
