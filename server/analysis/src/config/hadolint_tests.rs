//! Tests of the `.hadolint.yaml` translation: the shapes real projects use, every key,
//! and every problem with its range.

use std::collections::BTreeMap;

use dockls_syntax::TextRange;

use super::tests::{at, hadolint_only_id, nth};
use super::*;
use crate::context::NoFiles;
use crate::settings::{Level, Settings};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Problems other than "no dockls rule for this hadolint ID yet" (which depend on which
/// rules exist).
fn real_problems(parsed: &ConfigParse) -> Vec<&ConfigProblem> {
    parsed
        .problems
        .iter()
        .filter(|p| !(p.kind == ProblemKind::NoEffect && p.message.contains("no rule matching")))
        .collect()
}

// ---- shapes seen in real repositories ----

#[test]
fn readme_style_full_file() {
    let text = r#"failure-threshold: warning
format: json
ignored:
  - DL3000
  - SC1010
label-schema:
  author: text
  contact: email
  created: rfc3339
  version: semver
  documentation: url
  git-revision: hash
  license: spdx
no-color: true
no-fail: false
override:
  error:
    - DL3001
    - DL3002
  warning:
    - DL3042
    - DL3033
  info:
    - DL3032
  style:
    - DL3015
strict-labels: true
disable-ignore-pragma: false
trustedRegistries:
  - docker.io
  - my-company.com:5000
  - "*.gcr.io"
"#;
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(real_problems(&parsed), Vec::<&ConfigProblem>::new());
    let l = &parsed.layer;
    assert_eq!(l.fail_level, Some(Severity::Warning));
    assert_eq!(l.ignore, Some(strings(&["DL3000", "SC1010"])));
    assert_eq!(l.label_schema.as_ref().map(|m| m.len()), Some(7));
    assert_eq!(l.label_schema.as_ref().unwrap()["git-revision"], "hash");
    assert_eq!(
        l.severity,
        Some(BTreeMap::from([
            ("DL3001".to_string(), Level::Error),
            ("DL3002".to_string(), Level::Error),
            ("DL3042".to_string(), Level::Warning),
            ("DL3033".to_string(), Level::Warning),
            ("DL3032".to_string(), Level::Info),
            ("DL3015".to_string(), Level::Hint),
        ]))
    );
    assert_eq!(l.strict_labels, Some(true));
    assert_eq!(l.disable_ignore_comments, Some(false));
    assert_eq!(
        l.trusted_registries,
        Some(strings(&["docker.io", "my-company.com:5000", "*.gcr.io"]))
    );
    // Keys that dockls.toml has no counterpart for stay unset.
    assert_eq!(l.select, None);
    assert_eq!(l.preview, None);
}

#[test]
fn document_marker_and_comments() {
    let text = "---\n# Hadolint configuration\nignored:\n  - DL3008 # pin versions\n  - DL3018\n  - DL3059\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(real_problems(&parsed), Vec::<&ConfigProblem>::new());
    assert_eq!(
        parsed.layer.ignore,
        Some(strings(&["DL3008", "DL3018", "DL3059"]))
    );
}

#[test]
fn flow_lists_and_windows_line_endings() {
    let text =
        "ignored: [DL3006, DL3007, 'SC2086']\r\nno-fail: false\r\nfailure-threshold: error\r\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(real_problems(&parsed), Vec::<&ConfigProblem>::new());
    assert_eq!(
        parsed.layer.ignore,
        Some(strings(&["DL3006", "DL3007", "SC2086"]))
    );
    assert_eq!(parsed.layer.fail_level, Some(Severity::Error));
}

#[test]
fn empty_files_and_empty_keys() {
    for text in [
        "",
        "---\n",
        "# nothing yet\n",
        "ignored:\n",
        "ignored: []\noverride:\n",
    ] {
        let parsed = parse_hadolint_yaml(text);
        assert_eq!(parsed.problems, vec![], "{text}");
        assert!(
            parsed.layer.ignore.as_ref().is_none_or(|v| v.is_empty()),
            "{text}"
        );
    }
}

#[test]
fn output_options_are_accepted_without_effect() {
    let text =
        "no-fail: true\nno-color: true\nverbose: true\nformat: tty\nformats: [json, sarif]\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.layer, SettingsLayer::default());
    let text = "formats: json\n";
    assert_eq!(parse_hadolint_yaml(text).problems, vec![]);
}

// ---- override ----

#[test]
fn a_rule_in_several_override_lists_takes_the_highest() {
    let text = "override:\n  info: [DL4000]\n  error: [DL4000]\n  style: [DL4000, DL3008]\n  warning: [dl3008]\n";
    let parsed = parse_hadolint_yaml(text);
    let sev = parsed.layer.severity.unwrap();
    assert_eq!(sev["DL4000"], Level::Error);
    // The same rule in another case is the same rule.
    let dl3008: Vec<_> = sev
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("DL3008"))
        .collect();
    assert_eq!(dl3008.len(), 1);
    assert_eq!(*dl3008[0].1, Level::Warning);
}

#[test]
fn override_turns_on_opt_in_rules() {
    // hadolint's DL3057/DL1001 are off by default and an override turns them on; the
    // engine does the same for any rule with a severity, so the translation only needs
    // to put them in the severity map.
    let parsed = parse_hadolint_yaml("override:\n  warning: [DL3057, DL1001]\n");
    let sev = parsed.layer.severity.unwrap();
    assert_eq!(sev["DL3057"], Level::Warning);
    assert_eq!(sev["DL1001"], Level::Warning);
}

#[test]
fn override_problems() {
    let text = "override:\n  ignore: [DL4000]\n  fatal: [DL4000]\n  error: DL4000\n  info: [DK4, DL4000]\n";
    let parsed = parse_hadolint_yaml(text);
    let got: Vec<(ProblemKind, TextRange)> =
        parsed.problems.iter().map(|p| (p.kind, p.range)).collect();
    assert_eq!(
        got,
        vec![
            (ProblemKind::UnknownKey, at(text, "ignore")),
            (ProblemKind::UnknownKey, at(text, "fatal")),
            (ProblemKind::WrongType, nth(text, "DL4000", 2)),
            (ProblemKind::InvalidValue, at(text, "DK4")),
        ]
    );
    assert!(parsed.problems[0].message.contains("`ignored:`"));
    assert!(parsed.problems[1]
        .message
        .contains("error, warning, info, style"));
    assert!(parsed.problems[2]
        .message
        .contains("`override.error` must be a list"));
    assert_eq!(
        parsed.layer.severity,
        Some(BTreeMap::from([("DL4000".to_string(), Level::Info)]))
    );
}

// ---- failure-threshold ----

#[test]
fn failure_thresholds() {
    for (t, want) in [
        ("error", Severity::Error),
        ("warning", Severity::Warning),
        ("info", Severity::Info),
        ("style", Severity::Hint),
    ] {
        let parsed = parse_hadolint_yaml(&format!("failure-threshold: {t}\n"));
        assert_eq!(parsed.problems, vec![], "{t}");
        assert_eq!(parsed.layer.fail_level, Some(want), "{t}");
    }
    for t in ["ignore", "none"] {
        let text = format!("failure-threshold: {t}\n");
        let parsed = parse_hadolint_yaml(&text);
        assert_eq!(parsed.layer.fail_level, Some(Severity::Hint));
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].kind, ProblemKind::NoEffect);
        assert_eq!(parsed.problems[0].severity, Severity::Info);
        assert_eq!(parsed.problems[0].range, at(&text, t));
    }
    let text = "failure-threshold: fatal\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.layer.fail_level, None);
    assert_eq!(parsed.problems[0].kind, ProblemKind::InvalidValue);
    assert_eq!(parsed.problems[0].range, at(text, "fatal"));
}

// ---- type errors keep the rest ----

#[test]
fn trusted_registries_as_a_string() {
    // hadolint drops the whole file here; dockls reports the key and keeps the rest.
    let text = "ignored:\n  - DL4000\ntrustedRegistries: docker.io\nstrict-labels: true\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.problems.len(), 1);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::WrongType);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.range, at(text, "docker.io"));
    assert!(
        p.message.contains("`trustedRegistries` must be a list"),
        "{}",
        p.message
    );
    assert_eq!(parsed.layer.ignore, Some(strings(&["DL4000"])));
    assert_eq!(parsed.layer.strict_labels, Some(true));
    assert_eq!(parsed.layer.trusted_registries, None);
}

#[test]
fn type_errors_with_positions() {
    let text = "ignored: DL3008\nstrict-labels: yes\ndisable-ignore-pragma: 1\nlabel-schema: [author]\nno-fail: \"true\"\nformat: [json]\ntrustedRegistries:\n  - 5000\n  - ghcr.io\n";
    let parsed = parse_hadolint_yaml(text);
    let one = TextRange::new(at(text, "pragma: 1").end - 1, at(text, "pragma: 1").end);
    let got: Vec<(ProblemKind, TextRange)> =
        parsed.problems.iter().map(|p| (p.kind, p.range)).collect();
    assert_eq!(
        got,
        vec![
            (ProblemKind::WrongType, at(text, "DL3008")),
            (ProblemKind::WrongType, at(text, "yes")),
            (ProblemKind::WrongType, one),
            (ProblemKind::WrongType, at(text, "[author]")),
            (ProblemKind::WrongType, at(text, "\"true\"")),
            (ProblemKind::WrongType, at(text, "[json]")),
            (ProblemKind::WrongType, at(text, "5000")),
        ]
    );
    assert_eq!(parsed.layer.trusted_registries, Some(strings(&["ghcr.io"])));
}

#[test]
fn label_schema_problems() {
    let text = "label-schema:\n  author: text\n  version: version\n  url: URL\n";
    let parsed = parse_hadolint_yaml(text);
    let got: Vec<(TextRange, Option<&str>)> = parsed
        .problems
        .iter()
        .map(|p| (p.range, p.replacement.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (nth(text, "version", 1), None),
            (at(text, "URL"), Some("url"))
        ]
    );
    assert_eq!(
        parsed.layer.label_schema,
        Some(BTreeMap::from([("author".to_string(), "text".to_string())]))
    );
}

// ---- unknown keys and rules ----

#[test]
fn unknown_keys() {
    let text =
        "ignore:\n  - DL3008\ntrusted-registries: [ghcr.io]\nignorred: [DL3009]\nrules: {}\n";
    let parsed = parse_hadolint_yaml(text);
    let got: Vec<(ProblemKind, TextRange, Option<&str>)> = parsed
        .problems
        .iter()
        .map(|p| (p.kind, p.range, p.replacement.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (ProblemKind::UnknownKey, at(text, "ignore"), Some("ignored")),
            (
                ProblemKind::UnknownKey,
                at(text, "trusted-registries"),
                Some("trustedRegistries")
            ),
            (
                ProblemKind::UnknownKey,
                at(text, "ignorred"),
                Some("ignored")
            ),
            (ProblemKind::UnknownKey, at(text, "rules"), None),
        ]
    );
    assert!(parsed.problems[0].message.contains("dockls.toml key"));
    assert_eq!(parsed.layer, SettingsLayer::default());
}

#[test]
fn unknown_and_no_op_rule_names() {
    let text = "ignored:\n  - DL9999\n  - DL3005\n  - SC2086\n  - DL4000\n";
    let parsed = parse_hadolint_yaml(text);
    let got: Vec<(ProblemKind, TextRange, Severity)> = parsed
        .problems
        .iter()
        .map(|p| (p.kind, p.range, p.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                ProblemKind::UnknownRule,
                at(text, "DL9999"),
                Severity::Warning
            ),
            (ProblemKind::NoEffect, at(text, "DL3005"), Severity::Hint),
        ]
    );
    assert_eq!(
        parsed.layer.ignore,
        Some(strings(&["DL3005", "SC2086", "DL4000"]))
    );
    if let Some(id) = hadolint_only_id() {
        let text = format!("ignored: [{id}]\n");
        let parsed = parse_hadolint_yaml(&text);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].kind, ProblemKind::NoEffect);
        assert_eq!(parsed.problems[0].range, at(&text, id));
        assert_eq!(parsed.layer.ignore, Some(strings(&[id])));
    }
}

// ---- whole-file problems ----

#[test]
fn syntax_error_gives_one_problem_and_an_empty_layer() {
    let text = "ignored:\n  - DL3008\n\tstrict-labels: true\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.layer, SettingsLayer::default());
    assert_eq!(parsed.problems.len(), 1);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert!(p.message.contains("not valid YAML"), "{}", p.message);
    assert!(p.range.start >= at(text, "DL3008").start, "{p:?}");
}

#[test]
fn a_file_that_is_not_a_mapping() {
    let text = "- DL3008\n- DL3009\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].kind, ProblemKind::WrongType);
    assert_eq!(parsed.problems[0].range, TextRange::new(0, text.len() - 1));
}

#[test]
fn duplicate_keys_use_the_last_value() {
    let text = "ignored: [DL3008]\nignored: [DL4000]\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].range, nth(text, "ignored", 1));
    assert_eq!(parsed.layer.ignore, Some(strings(&["DL4000"])));
}

#[test]
fn anchors_are_followed() {
    let text = "override:\n  error: &strict [DL4000]\n  style: *strict\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.layer.severity.unwrap()["DL4000"], Level::Error);
}

// ---- through the engine ----

#[test]
fn translated_settings_drive_the_engine() {
    let dockerfile = "FROM alpine:3.20\nMAINTAINER me\n";
    let find = |yaml: &str| {
        let parsed = parse_hadolint_yaml(yaml);
        let s = Settings::from_layers([&parsed.layer]);
        crate::analyze(dockerfile, &s, &NoFiles, None)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "DK401")
            .map(|d| d.severity)
    };
    assert!(find("").is_some());
    assert_eq!(find("ignored: [DL4000]\n"), None);
    assert_eq!(find("override:\n  style: [DL4000]\n"), Some(Severity::Hint));
    assert_eq!(
        find("override:\n  error: [DL4000]\n"),
        Some(Severity::Error)
    );
}

#[test]
fn byte_order_marks_are_accepted() {
    let text = "\u{feff}ignored: [DL4000]\n";
    let parsed = parse_hadolint_yaml(text);
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.layer.ignore, Some(strings(&["DL4000"])));
    let text = "\u{feff}ignore = [\"DL4000\"]\nbad = 1\n";
    let parsed = parse_dockls_toml(text);
    assert_eq!(parsed.layer.ignore, Some(strings(&["DL4000"])));
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].range, at(text, "bad"));
}
