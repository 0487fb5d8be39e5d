#!/usr/bin/env bash
# Vendored unchanged from the team's vscode-e2e recipe (shared/recipes/vscode-e2e).
#
# Install code-server (VS Code in the browser, server side on Node 20) plus playwright-core into DIR,
# using only the npm registry: no GitHub release downloads, no nodejs.org header downloads,
# no browser download. Idempotent: finished stages are skipped on re-runs.
#
#   usage: install-code-server.sh DIR
#   env:   CODE_SERVER_VERSION     (default 4.100.3  = VS Code 1.100.3)
#          PLAYWRIGHT_CORE_VERSION (default 1.56.1)
#          INSTALL_SYSTEM_DEPS=1   apt-get install the Debian build deps, ripgrep and chromium first (root)
#
# Why not a plain `npm install -g code-server`: its postinstall runs `npm install` in lib/vscode, where
# @vscode/ripgrep's postinstall downloads rg from GitHub, and prebuild-install / node-gyp try to fetch
# prebuilt binaries or Node headers from GitHub / nodejs.org. Here every install runs with
# --ignore-scripts, rg comes from the system (Debian package `ripgrep`), native modules are compiled
# with node-gyp against the local Node headers, and the rest of the postinstall (symlinks) is replayed.
set -euo pipefail

DIR=${1:?usage: install-code-server.sh DIR}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.100.3}
PLAYWRIGHT_CORE_VERSION=${PLAYWRIGHT_CORE_VERSION:-1.56.1}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
NPM_FLAGS=(--no-audit --no-fund --ignore-scripts --loglevel=error)

say() { printf '[install-code-server] %s\n' "$*"; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }
start=$(date +%s)

# ---- system dependencies (optional) ----
if [ "${INSTALL_SYSTEM_DEPS:-0}" = 1 ]; then
  say "apt-get installing build deps, ripgrep, chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    build-essential python3 pkg-config libkrb5-dev ripgrep chromium >/dev/null
fi

# ---- preflight ----
command -v node >/dev/null || die "node not found"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" = "${FORCE_NODE_VERSION:-20}" ] || die "code-server $CODE_SERVER_VERSION needs Node 20 (found $(node --version)); set FORCE_NODE_VERSION=$NODE_MAJOR to try anyway"
for c in npm rg make c++ python3; do
  command -v "$c" >/dev/null || die "'$c' not found (Debian: apt-get install build-essential python3 ripgrep; or INSTALL_SYSTEM_DEPS=1)"
done
[ -e /usr/include/gssapi/gssapi.h ] || pkg-config --exists krb5-gssapi 2>/dev/null \
  || say "warning: no Kerberos headers (Debian: libkrb5-dev); the optional 'kerberos' module will not build"

# node-gyp: use npm's bundled copy, and the headers that ship with this Node (no download)
NPM_ROOT=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
NODE_GYP="$NPM_ROOT/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || NODE_GYP=""
NODE_PREFIX=$(cd "$(dirname "$(readlink -f "$(command -v node)")")/.." && pwd)
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$NODE_PREFIX/include/node/node.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi
node_gyp() { if [ -n "$NODE_GYP" ]; then node "$NODE_GYP" "$@"; else npx --yes node-gyp "$@"; fi; }

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
cd "$DIR"
[ -f package.json ] || echo '{ "private": true }' > package.json
CS="$DIR/node_modules/code-server"
VS="$CS/lib/vscode"
STAMP="$DIR/.code-server-$CODE_SERVER_VERSION"

# ---- 1. code-server and playwright-core packages ----
have_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }
if [ "$(have_version "$CS")" != "$CODE_SERVER_VERSION" ] \
   || [ "$(have_version "$DIR/node_modules/playwright-core")" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  say "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION"
  rm -f "$STAMP".*
  npm install "${NPM_FLAGS[@]}" --save-exact "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
fi

# ---- 2. argon2 (native dependency of code-server itself, loaded even with --auth none) ----
if ! (cd "$CS" && node -e 'require("argon2")' 2>/dev/null); then
  say "building argon2"
  ARGON2_DIR=$(cd "$CS" && node -p 'require("path").dirname(require.resolve("argon2/package.json"))')
  PRE_GYP=$(node -p "require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', {paths: ['$ARGON2_DIR']})")
  (cd "$ARGON2_DIR" && node "$PRE_GYP" rebuild >"$ARGON2_DIR/.node-gyp.log" 2>&1) \
    || { tail -30 "$ARGON2_DIR/.node-gyp.log" >&2; die "argon2 build failed"; }
  (cd "$CS" && node -e 'require("argon2")') || die "argon2 build failed"
fi

# ---- 3. VS Code server dependencies ----
if [ ! -f "$STAMP.vscode-deps" ]; then
  say "npm install in lib/vscode (production deps, scripts off)"
  (cd "$VS" && npm install "${NPM_FLAGS[@]}" --omit=dev)
  touch "$STAMP.vscode-deps"
fi

# ripgrep: VS Code expects it at @vscode/ripgrep/bin/rg (its postinstall would download it from GitHub)
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cmp -s "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg" || cp "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"

# native modules (skipping Windows-only ones and those already built). kerberos (proxy auth) and
# node-pty (integrated terminal) are loaded lazily: language-client tests pass without them, so a
# failed build of those two is only a warning.
if [ ! -f "$STAMP.native" ]; then
  for p in "$VS"/node_modules/* "$VS"/node_modules/@*/*; do
    [ -f "$p/binding.gyp" ] || continue
    name=${p#"$VS"/node_modules/}
    case "$name" in @vscode/windows-*) continue ;; esac
    if ls "$p"/build/Release/*.node >/dev/null 2>&1; then continue; fi
    say "node-gyp rebuild $name"
    if ! (cd "$p" && node_gyp rebuild --jobs=max --loglevel=error >"$p/.node-gyp.log" 2>&1); then
      tail -30 "$p/.node-gyp.log" >&2
      case "$name" in
        kerberos | node-pty) say "warning: $name did not build (optional; see $p/.node-gyp.log)" ;;
        *) die "native build failed: $name" ;;
      esac
    fi
  done
  touch "$STAMP.native"
fi

# ---- 4. the rest of code-server's postinstall: symlinks and the built-in extensions' deps ----
ln -sfn node_modules "$VS/node_modules.asar"
ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"
if [ ! -f "$STAMP.extensions-deps" ]; then
  say "npm install in lib/vscode/extensions"
  (cd "$VS/extensions" && npm install "${NPM_FLAGS[@]}" --omit=dev)
  touch "$STAMP.extensions-deps"
fi

# ---- 5. smoke test ----
cfg=$(mktemp)
node "$CS/out/node/entry.js" --config "$cfg" --version | head -1
rm -f "$cfg"
command -v chromium >/dev/null || say "note: no 'chromium' on PATH; run-e2e.mjs needs one (CHROMIUM=/path)"
touch "$STAMP.ok"
say "done in $(( $(date +%s) - start ))s: $CS/out/node/entry.js"
