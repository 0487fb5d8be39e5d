//! Runs every refactoring over the real-world corpus and reports what applies, whether
//! the output parses without new errors, whether it fixes its finding and whether it is
//! offered again on its own output.
//!
//! ```text
//! cargo run -p dockls-analysis --example refactor_scan [CORPUS_DIR]
//! DOCKLS_SHOW=<file name part> cargo run -p dockls-analysis --example refactor_scan
//! ```
//!
//! With `DOCKLS_SHOW`, the outputs for matching files are printed too.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use dockls_analysis::context::Context;
use dockls_analysis::refactor::{dockerignore, healthcheck, multi_stage, reorder, user};
use dockls_analysis::{analyze, Fix, MemoryFiles, Settings};

fn errors(text: &str) -> usize {
    dockls_syntax::parse(text)
        .errors
        .iter()
        .filter(|e| e.severity == dockls_syntax::Severity::Error)
        .count()
}

type Run = fn(&Context<'_>) -> Option<Fix>;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus/real"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let kinds: [(&str, &str, Run); 5] = [
        ("multi-stage", "DK100", multi_stage::fix),
        ("user", "DK104", user::fix),
        ("healthcheck", "DK102", healthcheck::fix),
        ("reorder", "DK101", |cx| {
            reorder::fixes(cx).into_iter().next().map(|(_, f)| f)
        }),
        ("dockerignore", "DK105", dockerignore::fix),
    ];
    let settings = Settings::default();
    let mut problems = 0;
    let mut applied = [0usize; 5];
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "MANIFEST.tsv" || name.ends_with(".dockerignore") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let files = MemoryFiles::default();
        let df = dockls_syntax::parse(&text);
        let cx = Context::new(&df, &settings, &files, Some("Dockerfile"));
        let mut line = Vec::new();
        for (k, (kind, code, run)) in kinds.iter().enumerate() {
            let Some(fix) = run(&cx) else { continue };
            applied[k] += 1;
            let Some(after) = fix.apply(&text) else {
                println!("{name}: {kind}: edits do not apply");
                problems += 1;
                continue;
            };
            if errors(&after) > errors(&text) {
                println!("{name}: {kind}: adds a syntax error");
                problems += 1;
            }
            let count = |t: &str| {
                analyze(t, &settings, &files, Some("Dockerfile"))
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == *code || (*kind == "user" && d.code == "DK103"))
                    .count()
            };
            let (was, is) = (count(&text), count(&after));
            if was > 0 && is >= was && fix.files.is_empty() {
                println!("{name}: {kind}: leaves {code}");
                problems += 1;
            }
            let df2 = dockls_syntax::parse(&after);
            let cx2 = Context::new(&df2, &settings, &files, Some("Dockerfile"));
            if *kind != "reorder" && *kind != "dockerignore" && run(&cx2).is_some() {
                println!("{name}: {kind}: offered again on its output");
                problems += 1;
            }
            if std::env::var("DOCKLS_SHOW").is_ok_and(|v| name.contains(&v)) {
                println!("===== {name}: {kind}\n{after}");
            }
            let notes = after.matches("# Review:").count() - text.matches("# Review:").count();
            line.push(if notes > 0 {
                format!("{kind}({notes} notes)")
            } else {
                kind.to_string()
            });
        }
        if !line.is_empty() {
            println!("{name}: {}", line.join(", "));
        }
    }
    println!(
        "applied: multi-stage {}, user {}, healthcheck {}, reorder {}, dockerignore {}; problems: {problems}",
        applied[0], applied[1], applied[2], applied[3], applied[4]
    );
}
