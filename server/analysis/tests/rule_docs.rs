//! Runs the examples in every rule's documentation: the "Example" block must produce the
//! rule's code and the "Use instead" block must not (nor any syntax error).

mod common;

use dockls_analysis::rule::{section, Category};
use dockls_analysis::{analyze, registry, MemoryFiles, SettingsLayer};

/// The fenced blocks of a docs section with their info strings. Blocks tagged
/// `dockerignore` give the examples a `.dockerignore`; a block tagged `json settings`
/// gives them settings (kebab-case keys); the others are the Dockerfile examples.
fn tagged_blocks(section: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = section.lines();
    while let Some(l) = lines.next() {
        let t = l.trim_start();
        if let Some(info) = t.strip_prefix("```") {
            let mut block = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                block.push_str(l);
                block.push('\n');
            }
            out.push((info.trim().to_string(), block));
        }
    }
    out
}

#[test]
fn documented_examples_behave_as_documented() {
    let mut failures = Vec::new();
    for meta in registry::all_meta() {
        let Some(example) = section(meta.docs, "Example") else {
            continue;
        };
        let tagged = tagged_blocks(&example);
        let mut files = MemoryFiles::default();
        let mut layer: Option<SettingsLayer> = None;
        let mut blocks = Vec::new();
        for (info, block) in tagged {
            match info.as_str() {
                "dockerignore" => files = files.with(".dockerignore", &block),
                "json settings" => layer = serde_json::from_str(&block).ok(),
                _ => blocks.push(block),
            }
        }
        if blocks.is_empty() {
            // Described in prose (e.g. a 70 KB line); covered by unit tests instead.
            assert!(
                matches!(meta.code, "DK024" | "DK029"),
                "{} has no example code block",
                meta.code
            );
            continue;
        }
        assert_eq!(
            blocks.len(),
            2,
            "{}: Example needs a bad and a 'Use instead' block",
            meta.code
        );
        // Rules that need configuration say so in their Example, either with a
        // `json settings` block or in prose: With settings `{...}`:
        let layer = layer.or_else(|| {
            example
                .split_once("With settings `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .and_then(|(json, _)| serde_json::from_str(json).ok())
        });
        let settings = common::only(meta.code, layer.as_ref());
        let bad = analyze(&blocks[0], &settings, &files, Some("Dockerfile")).diagnostics;
        if !bad.iter().any(|d| d.code == meta.code) {
            failures.push(format!(
                "{}: the Example does not trigger it:\n{}",
                meta.code, blocks[0]
            ));
        }
        let good = analyze(&blocks[1], &settings, &files, Some("Dockerfile")).diagnostics;
        if good.iter().any(|d| d.code == meta.code) {
            failures.push(format!(
                "{}: the 'Use instead' example triggers it:\n{}",
                meta.code, blocks[1]
            ));
        }
        if meta.category != Category::Syntax && common::syntax_errors(&blocks[0]) > 0 {
            failures.push(format!("{}: the Example has a syntax error", meta.code));
        }
        if common::syntax_errors(&blocks[1]) > 0 {
            failures.push(format!(
                "{}: the 'Use instead' example has a syntax error",
                meta.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
