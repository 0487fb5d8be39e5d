//! Times parsing and each rule on one file: `cargo run --release -p dockls-analysis --example rule_timing -- FILE`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]
use std::time::Instant;

use dockls_analysis::{registry, NoFiles, Settings};

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let t = Instant::now();
    let df = dockls_syntax::parse(&text);
    println!("parse: {:?}", t.elapsed());
    let t = Instant::now();
    let all = Settings {
        select: Some(vec!["ALL".into()]),
        preview: true,
        ..Settings::default()
    };
    let n = dockls_analysis::check(&df, &all, &NoFiles, Some("Dockerfile")).len();
    println!("all rules: {:?} ({n} findings)", t.elapsed());
    let t = Instant::now();
    let n = dockls_analysis::check(&df, &Settings::default(), &NoFiles, Some("Dockerfile")).len();
    println!("default rules: {:?} ({n} findings)", t.elapsed());
    let mut times = Vec::new();
    for r in registry::rules() {
        let settings = Settings {
            select: Some(vec![r.meta().code.to_string()]),
            preview: true,
            ..Settings::default()
        };
        let t = Instant::now();
        let n = dockls_analysis::check(&df, &settings, &NoFiles, Some("Dockerfile")).len();
        times.push((t.elapsed(), r.meta().code, n));
    }
    times.sort();
    for (d, code, n) in times.iter().rev().take(15) {
        println!("{code}: {d:?} ({n} findings)");
    }
}
