//! Formats every real Dockerfile of the corpus under several settings and checks that the
//! builder would read each file exactly as before (keywords, flags, argument values,
//! heredoc contents, shell command words), that no syntax error appears, and that
//! formatting twice changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use dockls_analysis::ide::format::{apply_edits, builder_views, format};
use dockls_analysis::settings::FormatterSettings;
use dockls_syntax::Dockerfile;

fn error_kinds(df: &Dockerfile) -> Vec<String> {
    let mut v: Vec<String> = df.errors.iter().map(|e| format!("{:?}", e.kind)).collect();
    v.sort();
    v
}

fn settings() -> Vec<(&'static str, FormatterSettings)> {
    vec![
        ("default", FormatterSettings::default()),
        (
            "lower, indent 2",
            FormatterSettings {
                keyword_case: "lower".into(),
                indent_width: 2,
                ..FormatterSettings::default()
            },
        ),
        (
            "majority, ignore multi-line",
            FormatterSettings {
                keyword_case: "majority".into(),
                ignore_multiline_instructions: true,
                ..FormatterSettings::default()
            },
        ),
    ]
}

#[test]
fn formatting_the_corpus_keeps_every_file_meaning_the_same() {
    let files = common::corpus_dockerfiles();
    assert!(files.len() > 100, "corpus too small: {}", files.len());
    for (label, s) in settings() {
        let mut changed = 0;
        for (name, text) in &files {
            let before = dockls_syntax::parse(text);
            let once = apply_edits(text, &format(&before, &s));
            if once != *text {
                changed += 1;
            }
            let after = dockls_syntax::parse(&once);
            assert_eq!(
                builder_views(&before, true),
                builder_views(&after, true),
                "{label}: formatting changed what the builder reads in {name}"
            );
            assert_eq!(
                error_kinds(&before),
                error_kinds(&after),
                "{label}: formatting changed the syntax errors of {name}"
            );
            let twice = apply_edits(&once, &format(&after, &s));
            assert_eq!(
                once, twice,
                "{label}: formatting {name} twice changed it again"
            );
        }
        eprintln!("{label}: {changed} of {} files changed", files.len());
    }
}

#[test]
fn formatting_keeps_hand_aligned_continuations_of_the_corpus() {
    // Continuation lines indented deeper than their neighbours (nested layouts) are kept
    // byte for byte.
    let s = FormatterSettings::default();
    let mut kept = 0;
    for (name, text) in common::corpus_dockerfiles() {
        let df = dockls_syntax::parse(&text);
        let out = apply_edits(&text, &format(&df, &s));
        let after = dockls_syntax::parse(&out);
        for (a, b) in df.instructions.iter().zip(&after.instructions) {
            let old = a.header.of(&text);
            let new = b.header.of(&out);
            let indents: Vec<&str> = old
                .lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .map(|l| &l[..l.len() - l.trim_start().len()])
                .collect();
            let varying = indents.windows(2).any(|w| w[0] != w[1]);
            let all_indented = indents.iter().all(|i| !i.is_empty());
            let starts_at_0 = a.keyword_range.start
                == df
                    .line_index
                    .line_start(df.line_index.line_of(a.keyword_range.start))
                    .unwrap_or(0);
            if varying && all_indented && starts_at_0 {
                let trimmed: Vec<&str> = old.lines().map(str::trim_end).collect();
                let new_lines: Vec<&str> = new.lines().collect();
                // Only keyword case may differ on the first line.
                assert_eq!(
                    trimmed[1..]
                        .iter()
                        .map(|l| if l.trim().is_empty() { "" } else { l })
                        .collect::<Vec<_>>(),
                    new_lines[1..].to_vec(),
                    "{name}: a nested layout was re-indented"
                );
                kept += 1;
            }
        }
    }
    eprintln!("{kept} nested continued instructions kept as written");
    assert!(kept > 10);
}
