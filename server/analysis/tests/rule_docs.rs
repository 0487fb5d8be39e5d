//! Runs the examples in every rule's documentation: the "Example" block must produce the
//! rule's code and the "Use instead" block must not (nor any syntax error).

mod common;

use dockls_analysis::rule::{code_blocks, section, Category};
use dockls_analysis::{analyze, registry, NoFiles};

#[test]
fn documented_examples_behave_as_documented() {
    let mut failures = Vec::new();
    for meta in registry::all_meta() {
        let Some(example) = section(meta.docs, "Example") else {
            continue;
        };
        let blocks = code_blocks(&example);
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
        // Rules that need configuration say so in their Example: With settings `{...}`:
        let layer: Option<dockls_analysis::SettingsLayer> = example
            .split_once("With settings `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .and_then(|(json, _)| serde_json::from_str(json).ok());
        let settings = common::only(meta.code, layer.as_ref());
        let bad = analyze(&blocks[0], &settings, &NoFiles, Some("Dockerfile")).diagnostics;
        if !bad.iter().any(|d| d.code == meta.code) {
            failures.push(format!(
                "{}: the Example does not trigger it:\n{}",
                meta.code, blocks[0]
            ));
        }
        let good = analyze(&blocks[1], &settings, &NoFiles, Some("Dockerfile")).diagnostics;
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
