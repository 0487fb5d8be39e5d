//! Runs one stage of the pipeline in a loop, for a profiler:
//! `cargo run --release -p dockls-bench --example loop -- parse|check|analyze|tokens LINES N`
//! (`perf record -g target/release/examples/loop check 10000 50`).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use dockls_analysis::{NoFiles, Settings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("analyze", String::as_str);
    let lines: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let text = dockls_bench::gen::generate(lines);
    let settings = Settings::default();
    let df = dockls_syntax::parse(&text);
    let tree = dockls_syntax::tree::SyntaxTree::new(&text);
    let t = std::time::Instant::now();
    let mut k = 0;
    for _ in 0..n {
        k += match what {
            "parse" => dockls_syntax::parse(&text).instructions.len(),
            "check" => dockls_analysis::check(&df, &settings, &NoFiles, Some("Dockerfile")).len(),
            "tokens" => dockls_analysis::ide::semantic_tokens::semantic_tokens(
                &df,
                tree.tree(),
                None,
                false,
            )
            .len(),
            _ => dockls_analysis::analyze(&text, &settings, &NoFiles, Some("Dockerfile"))
                .diagnostics
                .len(),
        };
    }
    println!("{what}: {:?} per run ({k})", t.elapsed() / n as u32);
}
