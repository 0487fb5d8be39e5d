//! Benchmarks for dockls: the deterministic generator ([`gen`]), the inputs every benchmark
//! shares ([`inputs`]), the micro benchmarks (`cargo bench -p dockls-bench`), and the LSP
//! benchmark client (`cargo run --release -p dockls-bench --bin lsp_bench`). See
//! `BENCHMARKS.md` at the repository root.

pub mod gen;
pub mod inputs;
