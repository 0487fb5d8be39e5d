#!/usr/bin/env bash
# Validates dockls's SARIF output against the official schema, on the whole corpus.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${DOCKLS_CORPUS:-$(cd "$root/.." && pwd)/shared/corpus/real}"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet --locked -p dockls --manifest-path "$root/Cargo.toml"
node "$here/validate-sarif.mjs" "$root/target/debug/dockls" "$corpus"
