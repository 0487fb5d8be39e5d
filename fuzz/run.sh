#!/usr/bin/env bash
# Runs one fuzz target for a while (see RELIABILITY.md):
#   fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
# cargo-fuzz needs nightly compiler flags; on the stable toolchain RUSTC_BOOTSTRAP=1 allows
# them. Runs at the lowest CPU priority, one job (FUZZ_NICE=0 gives it a fair share: some
# checks have wall-clock limits that a starved process can miss). The corpus grows in
# fuzz/corpus/TARGET (not committed); crashes land in fuzz/artifacts/TARGET. Seeds:
# fuzz/seeds, plus the shared real-world corpus when it is there.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: fuzz/run.sh TARGET [SECONDS] [flags...]}"
seconds="${2:-600}"
shift $(( $# >= 2 ? 2 : 1 ))
export RUSTC_BOOTSTRAP=1
mkdir -p "corpus/$target"
seeds=(seeds/dockerfiles)
if [ -d ../../shared/corpus/real ] || [ -d /work/shared/corpus/real ]; then
  real="$(cd ../../shared/corpus/real 2>/dev/null && pwd || echo /work/shared/corpus/real)"
  seeds+=("$real")
fi
case "$target" in
  lsp) seeds=(); max_len=8192; timeout=60 ;;
  *) max_len=4096; timeout=30 ;;
esac
exec nice -n "${FUZZ_NICE:-19}" cargo fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
  -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" -rss_limit_mb=4096 \
  -print_final_stats=1 "$@"
