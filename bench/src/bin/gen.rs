//! Prints a generated Dockerfile of exactly N lines:
//! `cargo run --release -p dockls-bench --bin gen -- 10000 > big.Dockerfile`.
#![allow(clippy::print_stdout)]

fn main() {
    let lines = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    print!("{}", dockls_bench::gen::generate(lines));
}
