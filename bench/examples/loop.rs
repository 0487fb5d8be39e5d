//! Runs one stage of the pipeline in a loop, for a profiler:
//! `cargo run --release -p dockls-bench --example loop -- parse|reparse|edit|check|analyze|tokens LINES N`
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
    if what == "memory" {
        let rss = || {
            std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("VmRSS:"))
                        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                })
                .unwrap_or(0)
        };
        let before = rss();
        let kept: Vec<dockls_syntax::Dockerfile> =
            (0..n).map(|_| dockls_syntax::parse(&text)).collect();
        let after = rss();
        println!(
            "one Dockerfile of {lines} lines: {} KiB (text {} KiB)",
            (after - before) / n as u64,
            text.len() / 1024
        );
        let t = std::time::Instant::now();
        let c = kept[0].clone();
        println!("clone: {:?} ({})", t.elapsed(), c.instructions.len());
        let before = rss();
        let a: Vec<_> = (0..n)
            .map(|_| dockls_analysis::analyze(&text, &settings, &NoFiles, None))
            .collect();
        println!(
            "one Analysis: {} KiB ({})",
            (rss() - before) / n as u64,
            a.len()
        );
        return;
    }
    if what == "sizes" {
        println!(
            "Instruction {} bytes, Dockerfile {} bytes, ShellScript {} bytes",
            std::mem::size_of::<dockls_syntax::Instruction>(),
            std::mem::size_of::<dockls_syntax::Dockerfile>(),
            std::mem::size_of::<dockls_syntax::shell::ShellScript>()
        );
        return;
    }
    if what == "edit" {
        // One-character inserts in a mid-file instruction, each analysed from the last.
        let at = dockls_bench::gen::mid_edit_offset(&text);
        let mut text = text.clone();
        let mut a = dockls_analysis::analyze(&text, &settings, &NoFiles, Some("Dockerfile"));
        let t = std::time::Instant::now();
        for i in 0..n {
            text.insert(at + i, 'x');
            a = dockls_analysis::analyze_incremental(
                a,
                &text,
                &settings,
                &NoFiles,
                Some("Dockerfile"),
            );
        }
        println!(
            "edit: {:?} per edit ({})",
            t.elapsed() / n as u32,
            a.diagnostics.len()
        );
        return;
    }
    if what == "reparse" {
        // One-character inserts in a mid-file instruction, each reparsed from the last.
        let at = dockls_bench::gen::mid_edit_offset(&text);
        let mut text = text.clone();
        let mut df = dockls_syntax::parse(&text);
        let t = std::time::Instant::now();
        for i in 0..n {
            text.insert(at + i, 'x');
            df = dockls_syntax::reparse(df, &text);
        }
        println!(
            "reparse: {:?} per edit ({})",
            t.elapsed() / n as u32,
            df.instructions.len()
        );
        return;
    }
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
