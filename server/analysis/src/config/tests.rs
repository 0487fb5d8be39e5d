//! Tests of `dockls.toml` and editor settings: every key, every kind of problem with its
//! exact range, and that valid parts survive next to broken ones.

use std::collections::BTreeMap;

use dockls_syntax::TextRange;

use super::*;
use crate::settings::{FormatterLayer, Level, Settings};

/// The range of the `n`th (0-based) occurrence of `needle`.
pub(super) fn nth(text: &str, needle: &str, n: usize) -> TextRange {
    let start = text
        .match_indices(needle)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` #{n} not in {text}"));
    TextRange::new(start, start + needle.len())
}

pub(super) fn at(text: &str, needle: &str) -> TextRange {
    nth(text, needle, 0)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Parses and returns the only problem.
fn one_problem(text: &str) -> (ConfigParse, ConfigProblem) {
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems.len(), 1, "{:#?}", parsed.problems);
    let p = parsed.problems[0].clone();
    (parsed, p)
}

/// A hadolint ID no dockls rule answers to yet (rules are being added, so look it up).
pub(super) fn hadolint_only_id() -> Option<&'static str> {
    read::HADOLINT_IDS
        .iter()
        .copied()
        .find(|id| crate::registry::lookup(id).is_none())
}

const EVERY_KEY: &str = r#"
select = ["DK4", "security", "maintainer-deprecated"]
extend-select = ["DK902"]
ignore = ["DL4000", "SC2086"]
preview = true
fail-level = "warning"
trusted-registries = ["docker.io", "*.corp.example", "ghcr.io"]
label-schema = { maintainer = "email", version = "semver" }
strict-labels = true
disable-ignore-comments = true

[severity]
DK401 = "info"
unused-suppression = "off"

[per-file-ignores]
"legacy/**" = ["ALL"]
"*.dev.Dockerfile" = ["DK4", "unused-suppression"]

[formatter]
ignore-multiline-instructions = true
indent-width = 2
keyword-case = "majority"
"#;

#[test]
fn every_key_is_read() {
    let parsed = parse_dockls_toml(EVERY_KEY);
    assert_eq!(parsed.problems, vec![]);
    let l = &parsed.layer;
    assert_eq!(
        l.select,
        Some(strings(&["DK4", "security", "maintainer-deprecated"]))
    );
    assert_eq!(l.extend_select, Some(strings(&["DK902"])));
    assert_eq!(l.ignore, Some(strings(&["DL4000", "SC2086"])));
    assert_eq!(l.preview, Some(true));
    assert_eq!(l.fail_level, Some(Severity::Warning));
    assert_eq!(
        l.trusted_registries,
        Some(strings(&["docker.io", "*.corp.example", "ghcr.io"]))
    );
    assert_eq!(
        l.label_schema,
        Some(BTreeMap::from([
            ("maintainer".to_string(), "email".to_string()),
            ("version".to_string(), "semver".to_string()),
        ]))
    );
    assert_eq!(l.strict_labels, Some(true));
    assert_eq!(l.disable_ignore_comments, Some(true));
    assert_eq!(
        l.severity,
        Some(BTreeMap::from([
            ("DK401".to_string(), Level::Info),
            ("unused-suppression".to_string(), Level::Off),
        ]))
    );
    assert_eq!(
        l.per_file_ignores,
        Some(BTreeMap::from([
            ("legacy/**".to_string(), strings(&["ALL"])),
            (
                "*.dev.Dockerfile".to_string(),
                strings(&["DK4", "unused-suppression"])
            ),
        ]))
    );
    assert_eq!(
        l.formatter,
        Some(FormatterLayer {
            ignore_multiline_instructions: Some(true),
            indent_width: Some(2),
            keyword_case: Some("majority".into()),
        })
    );
}

/// Every key of the key table reaches the layer (nothing in `assign` is forgotten).
#[test]
fn the_key_table_and_the_layer_agree() {
    let layer = serde_json::to_value(parse_dockls_toml(EVERY_KEY).layer).unwrap();
    let obj = layer.as_object().unwrap();
    for spec in keys::KEYS {
        assert!(
            obj.get(spec.name).is_some_and(|v| !v.is_null()),
            "{} is not read into the layer",
            spec.name
        );
        if let keys::KeyKind::Table(sub) = spec.kind {
            for s in sub {
                assert!(
                    obj[spec.name].get(s.name).is_some_and(|v| !v.is_null()),
                    "{}.{} is not read into the layer",
                    spec.name,
                    s.name
                );
            }
        }
    }
    assert_eq!(obj.len(), keys::KEYS.len(), "a layer field has no key");
}

#[test]
fn dotted_and_inline_forms() {
    let text = "formatter.indent-width = 8\nseverity = { DK401 = \"error\" }\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.layer.formatter.unwrap().indent_width, Some(8));
    assert_eq!(parsed.layer.severity.unwrap()["DK401"], Level::Error);
}

#[test]
fn empty_file_is_an_empty_layer() {
    for text in ["", "# nothing\n", "\n\n"] {
        let parsed = parse_dockls_toml(text);
        assert_eq!(parsed, ConfigParse::default());
    }
}

#[test]
fn applying_the_layer() {
    let parsed = parse_dockls_toml(EVERY_KEY);
    let s = Settings::from_layers([&parsed.layer]);
    assert!(s.preview);
    assert_eq!(s.fail_level, Severity::Warning);
    assert_eq!(s.formatter.indent_width, 2);
    assert_eq!(s.severity["DK401"], Level::Info);
}

// ---- syntax errors ----

#[test]
fn syntax_error_gives_one_problem_and_an_empty_layer() {
    let text = "preview = true\nselect = [\"DK401\"\nignore = [\"DK4\"]\n";
    let (parsed, p) = one_problem(text);
    assert_eq!(parsed.layer, SettingsLayer::default());
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert_eq!(p.severity, Severity::Error);
    // At the line where the array goes wrong, not at the start of the file.
    assert!(
        p.range.start > at(text, "select").start && p.range.start <= at(text, "ignore").end,
        "{p:?}"
    );
    assert!(parsed.has_errors());
}

#[test]
fn duplicate_keys_are_syntax_errors() {
    let text = "preview = true\npreview = false\n";
    let (_, p) = one_problem(text);
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert!(p.range.start >= nth(text, "preview", 1).start, "{p:?}");
}

// ---- unknown keys ----

#[test]
fn unknown_key_with_suggestion() {
    let text = "preview = true\nselct = [\"DK401\"]\n";
    let (parsed, p) = one_problem(text);
    assert_eq!(p.kind, ProblemKind::UnknownKey);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.range, at(text, "selct"));
    assert_eq!(p.replacement.as_deref(), Some("select"));
    assert!(p.message.contains("did you mean `select`"), "{}", p.message);
    assert_eq!(parsed.layer.preview, Some(true));
    assert_eq!(parsed.layer.select, None);
}

#[test]
fn unknown_key_without_suggestion_lists_the_keys() {
    let text = "colour = \"blue\"\n";
    let (_, p) = one_problem(text);
    assert_eq!(p.range, at(text, "colour"));
    assert_eq!(p.replacement, None);
    assert!(p.message.contains("extend-select"), "{}", p.message);
}

#[test]
fn unknown_key_in_a_sub_table() {
    let text = "[formatter]\nindent = 2\nkeyword-case = \"lower\"\n";
    let (parsed, p) = one_problem(text);
    assert_eq!(p.kind, ProblemKind::UnknownKey);
    assert_eq!(p.range, at(text, "indent"));
    assert!(p.message.contains("`formatter.indent`"), "{}", p.message);
    assert_eq!(p.replacement.as_deref(), Some("indent-width"));
    assert_eq!(
        parsed.layer.formatter.unwrap().keyword_case.as_deref(),
        Some("lower")
    );
}

#[test]
fn hadolint_keys_in_dockls_toml() {
    let text = "failure-threshold = \"error\"\n\"trustedRegistries\" = [\"x\"]\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems.len(), 2);
    assert_eq!(parsed.problems[0].range, at(text, "failure-threshold"));
    assert_eq!(
        parsed.problems[0].replacement.as_deref(),
        Some("fail-level")
    );
    // A quoted key points inside the quotes.
    assert_eq!(parsed.problems[1].range, at(text, "trustedRegistries"));
    assert_eq!(
        parsed.problems[1].replacement.as_deref(),
        Some("trusted-registries")
    );
}

// ---- wrong types ----

#[test]
fn wrong_scalar_types() {
    let cases: &[(&str, &str, &str)] = &[
        ("preview = \"yes\"\n", "yes", "`true` or `false`"),
        ("strict-labels = 1\n", "1", "`true` or `false`"),
        ("fail-level = 3\n", "3", "one of `hint`"),
        ("[formatter]\nindent-width = \"4\"\n", "4", "an integer"),
        ("[formatter]\nindent-width = 2.5\n", "2.5", "an integer"),
        ("preview = 1979-05-27\n", "1979-05-27", "a date-time"),
    ];
    for (text, bad, expect) in cases {
        let (parsed, p) = one_problem(text);
        assert_eq!(p.kind, ProblemKind::WrongType, "{text}");
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.range, at(text, bad), "{text}");
        assert!(p.message.contains(expect), "{text}: {}", p.message);
        assert_eq!(parsed.layer.preview, None);
    }
}

#[test]
fn wrong_container_types() {
    let text = "select = \"DK401\"\nignore = { a = 1 }\n[preview]\n[[severity]]\n";
    let parsed = parse_dockls_toml(text);
    let got: Vec<(ProblemKind, TextRange)> =
        parsed.problems.iter().map(|p| (p.kind, p.range)).collect();
    assert_eq!(
        got,
        vec![
            (ProblemKind::WrongType, at(text, "DK401")),
            (ProblemKind::WrongType, at(text, "{ a = 1 }")),
            (ProblemKind::WrongType, nth(text, "preview", 0)),
            (ProblemKind::WrongType, nth(text, "severity", 0)),
        ]
    );
    assert!(
        parsed.problems[0]
            .message
            .contains("written as a list, e.g. [\"DK401\"]"),
        "{}",
        parsed.problems[0].message
    );
    assert!(parsed.problems[3].message.contains("array of tables"));
    assert_eq!(parsed.layer, SettingsLayer::default());
}

#[test]
fn wrong_entry_types_drop_only_the_entry() {
    let text = "select = [\"DK401\", 7, \"DK901\"]\ntrusted-registries = [true, \"ghcr.io\"]\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems.len(), 2, "{:#?}", parsed.problems);
    assert_eq!(parsed.problems[0].range, at(text, "7"));
    assert_eq!(parsed.problems[1].range, at(text, "true"));
    assert_eq!(parsed.layer.select, Some(strings(&["DK401", "DK901"])));
    assert_eq!(parsed.layer.trusted_registries, Some(strings(&["ghcr.io"])));
}

#[test]
fn wrong_table_types() {
    let text =
        "severity = [\"DK401\"]\nformatter = 3\nlabel-schema = \"x\"\nper-file-ignores = true\n";
    let parsed = parse_dockls_toml(text);
    let got: Vec<TextRange> = parsed.problems.iter().map(|p| p.range).collect();
    assert_eq!(
        got,
        vec![
            at(text, "[\"DK401\"]"),
            at(text, "3"),
            at(text, "x"),
            at(text, "true"),
        ]
    );
    assert!(parsed
        .problems
        .iter()
        .all(|p| p.kind == ProblemKind::WrongType && p.message.contains("a table")));
}

// ---- invalid values ----

#[test]
fn bad_levels_and_severities() {
    let text = "fail-level = \"fatal\"\n[severity]\nDK401 = \"warn\"\nDK901 = \"style\"\nDK902 = \"loud\"\nDK001 = \"error\"\n";
    let parsed = parse_dockls_toml(text);
    let got: Vec<(TextRange, Option<&str>)> = parsed
        .problems
        .iter()
        .map(|p| (p.range, p.replacement.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (at(text, "fatal"), None),
            (at(text, "warn"), Some("warning")),
            (at(text, "style"), Some("hint")),
            (at(text, "loud"), None),
        ]
    );
    assert!(parsed
        .problems
        .iter()
        .all(|p| p.kind == ProblemKind::InvalidValue && p.severity == Severity::Error));
    assert!(parsed.problems[2].message.contains("hadolint's `style`"));
    assert!(parsed.problems[0].message.contains("`fail-level`"));
    assert!(parsed.problems[1].message.contains("`severity.DK401`"));
    // The valid entry stays; the bad fail-level is not replaced by anything.
    assert_eq!(
        parsed.layer.severity,
        Some(BTreeMap::from([("DK001".to_string(), Level::Error)]))
    );
    assert_eq!(parsed.layer.fail_level, None);
}

#[test]
fn level_case_is_suggested() {
    let text = "fail-level = \"Warning\"\n";
    let (_, p) = one_problem(text);
    assert_eq!(p.range, at(text, "Warning"));
    assert_eq!(p.replacement.as_deref(), Some("warning"));
}

#[test]
fn bad_formatter_values() {
    let text = "[formatter]\nindent-width = 0\nkeyword-case = \"Upper\"\nignore-multiline-instructions = false\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems.len(), 2);
    assert_eq!(parsed.problems[0].range, at(text, "0"));
    assert!(parsed.problems[0].message.contains("between 1 and 16"));
    assert_eq!(parsed.problems[1].range, at(text, "Upper"));
    assert_eq!(parsed.problems[1].replacement.as_deref(), Some("upper"));
    assert_eq!(
        parsed.layer.formatter,
        Some(FormatterLayer {
            ignore_multiline_instructions: Some(false),
            indent_width: None,
            keyword_case: None,
        })
    );
}

#[test]
fn bad_label_types_and_names() {
    let text = "[label-schema]\nversion = \"semver\"\nowner = \"person\"\n\"\" = \"text\"\nurl = \"URL\"\n";
    let parsed = parse_dockls_toml(text);
    let got: Vec<(TextRange, Option<&str>)> = parsed
        .problems
        .iter()
        .map(|p| (p.range, p.replacement.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (at(text, "person"), None),
            (
                TextRange::new(
                    nth(text, "\"\"", 0).start + 1,
                    nth(text, "\"\"", 0).start + 1
                ),
                None
            ),
            (at(text, "URL"), Some("url")),
        ]
    );
    assert_eq!(
        parsed.layer.label_schema,
        Some(BTreeMap::from([(
            "version".to_string(),
            "semver".to_string()
        )]))
    );
}

#[test]
fn bad_globs_drop_only_their_entry() {
    let text = "[per-file-ignores]\n\"[a-\" = [\"DK401\"]\n\"*.ci.Dockerfile\" = [\"DK401\"]\n";
    let (parsed, p) = one_problem(text);
    assert_eq!(p.kind, ProblemKind::InvalidValue);
    assert_eq!(p.range, at(text, "[a-"));
    assert!(p.message.contains("not a valid glob"), "{}", p.message);
    let pfi = parsed.layer.per_file_ignores.unwrap();
    assert_eq!(pfi.len(), 1);
    assert!(pfi.contains_key("*.ci.Dockerfile"));
}

#[test]
fn severity_takes_single_rules_only() {
    let text = "[severity]\nsecurity = \"error\"\nDK4 = \"off\"\nDK401 = \"hint\"\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems.len(), 2);
    assert_eq!(parsed.problems[0].range, at(text, "security"));
    assert_eq!(
        parsed.problems[1].range,
        TextRange::new(at(text, "DK4 ").start, at(text, "DK4 ").start + 3)
    );
    assert!(parsed.problems[0].message.contains("group of rules"));
    assert_eq!(
        parsed.layer.severity,
        Some(BTreeMap::from([("DK401".to_string(), Level::Hint)]))
    );
}

#[test]
fn bad_registry_patterns() {
    let text = "trusted-registries = [\"\", \"docker io\", \"ghcr.io\"]\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems.len(), 2);
    assert_eq!(
        parsed.problems[0].range,
        TextRange::new(at(text, "\"\"").start + 1, at(text, "\"\"").start + 1)
    );
    assert_eq!(parsed.problems[1].range, at(text, "docker io"));
    assert_eq!(parsed.layer.trusted_registries, Some(strings(&["ghcr.io"])));
}

// ---- rule names ----

#[test]
fn unknown_rules_are_reported_and_dropped() {
    let text = "select = [\"DK4O1\", \"DK401\"]\nignore = [\"nothing-like-this-rule\"]\n[severity]\nmaintainer-deprecate = \"off\"\n";
    let parsed = parse_dockls_toml(text);
    let got: Vec<(ProblemKind, TextRange, Option<&str>)> = parsed
        .problems
        .iter()
        .map(|p| (p.kind, p.range, p.replacement.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (ProblemKind::UnknownRule, at(text, "DK4O1"), Some("DK401")),
            (
                ProblemKind::UnknownRule,
                at(text, "nothing-like-this-rule"),
                None
            ),
            (
                ProblemKind::UnknownRule,
                at(text, "maintainer-deprecate"),
                Some("maintainer-deprecated")
            ),
        ]
    );
    assert!(parsed
        .problems
        .iter()
        .all(|p| p.severity == Severity::Warning));
    // Never silently "select nothing": the known entry stays, the unknown one goes.
    assert_eq!(parsed.layer.select, Some(strings(&["DK401"])));
    assert_eq!(parsed.layer.ignore, None);
    assert_eq!(parsed.layer.severity, None);
}

#[test]
fn a_list_whose_every_entry_is_bad_is_not_set() {
    // An empty `select` would turn every rule off; a misspelt one must not.
    let text = "select = [\"DK4O1\"]\n";
    let (parsed, p) = one_problem(text);
    assert_eq!(p.kind, ProblemKind::UnknownRule);
    assert_eq!(parsed.layer.select, None);
    let s = Settings::from_layers([&parsed.layer]);
    let found = crate::analyze(
        "FROM alpine:3.20\nMAINTAINER me\n",
        &s,
        &crate::NoFiles,
        None,
    );
    assert!(found.diagnostics.iter().any(|d| d.code == "DK401"));
    // A broken layer on top leaves the lower layer's values in force.
    let file =
        parse_dockls_toml("trusted-registries = [\"ghcr.io\"]\nlabel-schema = { a = \"text\" }\n");
    let editor = parse_editor_settings(&serde_json::json!({
        "trustedRegistries": ["docker io"],
        "labelSchema": {"a": "bogus"},
    }));
    assert_eq!(editor.problems.len(), 2);
    let s = Settings::from_layers([&file.layer, &editor.layer]);
    assert_eq!(s.trusted_registries, strings(&["ghcr.io"]));
    assert_eq!(s.label_schema.len(), 1);
    // An empty list written as such is still set.
    let parsed = parse_dockls_toml("select = []\n");
    assert_eq!(parsed.layer.select, Some(vec![]));
}

#[test]
fn every_selector_form_is_accepted() {
    let text = "select = [\"ALL\", \"all\", \"dk4\", \"DK401\", \"dk401\", \"maintainer-deprecated\", \"DL4000\", \"MaintainerDeprecated\", \"instruction\", \"Security\", \"SC2086\", \" DK401 \"]\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.problems, vec![]);
    // Entries are trimmed.
    assert_eq!(parsed.layer.select.unwrap().last().unwrap(), "DK401");
}

#[test]
fn no_op_names_are_kept_with_a_note() {
    let text = "ignore = [\"DL3005\", \"SC2046\"]\n";
    let (parsed, p) = one_problem(text);
    assert_eq!(p.kind, ProblemKind::NoEffect);
    assert_eq!(p.severity, Severity::Hint);
    assert_eq!(p.range, at(text, "DL3005"));
    assert_eq!(parsed.layer.ignore, Some(strings(&["DL3005", "SC2046"])));
    if let Some(id) = hadolint_only_id() {
        let text = format!("ignore = [\"{id}\"]\n");
        let (parsed, p) = one_problem(&text);
        assert_eq!(p.kind, ProblemKind::NoEffect);
        assert_eq!(p.severity, Severity::Info);
        assert_eq!(p.range, at(&text, id));
        assert_eq!(parsed.layer.ignore, Some(strings(&[id])));
    }
}

#[test]
fn a_broken_file_keeps_every_valid_part() {
    let text = r#"
select = ["DK4", "DK4O1"]
preview = "true"
ignore = ["DK901"]
fail-level = "warning"
bogus = 1
[severity]
DK401 = "loud"
DK902 = "warning"
[formatter]
indent-width = -1
keyword-case = "lower"
"#;
    let parsed = parse_dockls_toml(text);
    let kinds: Vec<ProblemKind> = parsed.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ProblemKind::UnknownRule,
            ProblemKind::WrongType,
            ProblemKind::UnknownKey,
            ProblemKind::InvalidValue,
            ProblemKind::InvalidValue,
        ]
    );
    let l = parsed.layer;
    assert_eq!(l.select, Some(strings(&["DK4"])));
    assert_eq!(l.preview, None);
    assert_eq!(l.ignore, Some(strings(&["DK901"])));
    assert_eq!(l.fail_level, Some(Severity::Warning));
    assert_eq!(
        l.severity,
        Some(BTreeMap::from([("DK902".to_string(), Level::Warning)]))
    );
    assert_eq!(l.formatter.unwrap().keyword_case.as_deref(), Some("lower"));
}

#[test]
fn problems_are_in_file_order() {
    let text = "[formatter]\nindent-width = 0\n[severity]\nDK401 = \"x\"\n";
    let parsed = parse_dockls_toml(text);
    let starts: Vec<usize> = parsed.problems.iter().map(|p| p.range.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

// ---- editor settings ----

#[test]
fn editor_settings_use_the_same_keys() {
    let v = serde_json::json!({
        "extendSelect": ["DK902"],
        "failLevel": "info",
        "preview": null,
        "severity": {"unusedSuppression": "off", "DK401": "warning"},
        "formatter": {"keywordCase": "lower", "indentWidth": 2},
        "perFileIgnores": {"*.dev.Dockerfile": ["DK4"]},
        "unknownThing": 1,
    });
    let parsed = parse_editor_settings(&v);
    let l = &parsed.layer;
    assert_eq!(l.extend_select, Some(strings(&["DK902"])));
    assert_eq!(l.fail_level, Some(Severity::Info));
    assert_eq!(l.preview, None);
    assert_eq!(l.formatter.as_ref().unwrap().indent_width, Some(2));
    assert_eq!(
        l.per_file_ignores.as_ref().unwrap()["*.dev.Dockerfile"],
        strings(&["DK4"])
    );
    // Rule names keep their spelling: camelCase is not a rule name.
    assert_eq!(
        l.severity,
        Some(BTreeMap::from([("DK401".to_string(), Level::Warning)]))
    );
    let messages: Vec<&str> = parsed.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("`unusedSuppression`") && m.contains("`unused-suppression`")));
    assert!(messages.iter().any(|m| m.contains("`unknown-thing`")));
    assert!(parsed
        .problems
        .iter()
        .all(|p| p.range == TextRange::empty(0)));
}

#[test]
fn editor_settings_that_are_not_an_object() {
    let parsed = parse_editor_settings(&serde_json::json!(null));
    assert_eq!(parsed, ConfigParse::default());
    let parsed = parse_editor_settings(&serde_json::json!([1]));
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].kind, ProblemKind::WrongType);
}

// ---- formats ----

#[test]
fn formats_by_file_name() {
    assert_eq!(
        ConfigFormat::from_file_name("dockls.toml"),
        Some(ConfigFormat::DocklsToml)
    );
    assert_eq!(
        ConfigFormat::from_file_name(".dockls.toml"),
        Some(ConfigFormat::DocklsToml)
    );
    assert_eq!(
        ConfigFormat::from_file_name(".hadolint.yml"),
        Some(ConfigFormat::HadolintYaml)
    );
    assert_eq!(ConfigFormat::from_file_name("hadolint.yaml"), None);
    let parsed = ConfigFormat::HadolintYaml.parse("ignored: [DL4000]\n");
    assert_eq!(parsed.layer.ignore, Some(strings(&["DL4000"])));
    assert_eq!(ProblemKind::UnknownRule.as_str(), "config-unknown-rule");
}
