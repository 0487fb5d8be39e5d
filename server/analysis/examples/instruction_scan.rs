//! Runs the instruction and image rules over a directory of Dockerfiles and prints
//! `file:line:col code message` (for reading what the rules find on real files).
//! Usage: cargo run -p dockls-analysis --example instruction_scan -- DIR [CODE...]

#![allow(clippy::print_stdout)]

use dockls_analysis::{analyze, NoFiles, Settings};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "/work/shared/corpus/real".into());
    let mut codes: Vec<String> = args.collect();
    if codes.is_empty() {
        codes = vec!["DK22".into(), "DK4".into()];
    }
    let settings = Settings {
        select: Some(codes),
        preview: true,
        ..Default::default()
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let a = analyze(&text, &settings, &NoFiles, Some("Dockerfile"));
        let idx = &a.dockerfile.line_index;
        for d in &a.diagnostics {
            if !d.code.starts_with("DK4") && !d.code.starts_with("DK22") {
                continue;
            }
            let lc = idx.line_col(d.range.start);
            // The line of the instruction the finding sits in (hadolint reports that one).
            let ins_line = a
                .dockerfile
                .instruction_at(d.range.start)
                .and_then(|i| a.dockerfile.instructions.get(i))
                .map_or(lc.line, |ins| idx.line_of(ins.range.start));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            println!(
                "{name}:{}:{} {} [{}] {}",
                lc.line + 1,
                lc.col + 1,
                d.code,
                ins_line + 1,
                d.message
            );
        }
    }
}
