//! Times each enabled rule's own check (one shared context, as in the engine), to find
//! which rules an edit pays for: `cargo run --release -p dockls-bench --example rule_cost -- [LINES]`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use dockls_analysis::rule::Sink;
use dockls_analysis::{registry, Context, NoFiles, Settings};

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let text = dockls_bench::gen::generate(lines);
    let df = dockls_syntax::parse(&text);
    let settings = Settings::default();
    let mut times = Vec::new();
    let reps = 10;
    let t_all = std::time::Instant::now();
    for _ in 0..reps {
        let cx = Context::new(&df, &settings, &NoFiles, Some("Dockerfile"));
        for (i, rule) in registry::rules().iter().enumerate() {
            if !dockls_analysis::engine::is_enabled(rule.meta(), &settings, Some(&df)) {
                continue;
            }
            let mut found = Vec::new();
            let t = std::time::Instant::now();
            rule.check(&cx, &mut Sink::new(rule.meta(), &mut found));
            if times.len() <= i {
                times.resize(i + 1, (std::time::Duration::ZERO, ""));
            }
            times[i].0 += t.elapsed();
            times[i].1 = rule.meta().code;
        }
    }
    println!("all enabled rules: {:?} per run", t_all.elapsed() / reps);
    times.sort();
    let total: std::time::Duration = times.iter().map(|t| t.0).sum();
    for (d, code) in times.iter().rev().take(40) {
        println!(
            "{code}: {:?} ({:.1}%)",
            *d / reps,
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
}
