#!/usr/bin/env bash
# The hostile-input tests at full size (a 10 MB Dockerfile, a 100,000-line heredoc, a 1 MB
# line, a 100,000-line continuation chain) against a release build; `cargo test` runs them
# at a tenth of that size. Prints what it measures; RELIABILITY.md records the figures.
#   tests/reliability/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release --locked -p dockls
DOCKLS_HOSTILE_FULL=1 DOCKLS_BIN="$PWD/target/release/dockls" \
  cargo test --quiet --locked -p dockls --test lsp_hostile -- --nocapture --test-threads 1
