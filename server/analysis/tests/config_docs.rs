//! Runs the examples of `docs/configuration.md`: every TOML, YAML and JSON block must parse
//! without problems, and every configuration key must be documented.

use dockls_analysis::config::{
    keys::{KeyKind, KEYS},
    parse_dockls_toml, parse_editor_settings, parse_hadolint_yaml, ConfigParse, ProblemKind,
};

fn docs() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/configuration.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Fenced blocks with their info string.
fn blocks(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = md.lines();
    while let Some(l) = lines.next() {
        let Some(lang) = l.trim_start().strip_prefix("```") else {
            continue;
        };
        let lang = lang.trim().to_string();
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.trim_start().starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push((lang, body));
    }
    out
}

/// Problems, leaving out "dockls has no rule for this hadolint ID yet" (it depends on
/// which rules exist; the examples may name any hadolint rule).
fn problems(parsed: &ConfigParse) -> Vec<String> {
    parsed
        .problems
        .iter()
        .filter(|p| !(p.kind == ProblemKind::NoEffect && p.message.contains("no rule matching")))
        .map(|p| format!("{}: {}", p.kind.as_str(), p.message))
        .collect()
}

#[test]
fn documented_configuration_examples_parse_cleanly() {
    let md = docs();
    let mut counts = (0, 0, 0);
    for (lang, body) in blocks(&md) {
        let parsed = match lang.as_str() {
            "toml" => {
                counts.0 += 1;
                parse_dockls_toml(&body)
            }
            "yaml" => {
                counts.1 += 1;
                parse_hadolint_yaml(&body)
            }
            "json" => {
                counts.2 += 1;
                let value: serde_json::Value =
                    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}:\n{body}"));
                parse_editor_settings(&value)
            }
            _ => continue,
        };
        let found = problems(&parsed);
        assert!(found.is_empty(), "```{lang}\n{body}```\n{found:#?}");
    }
    assert!(
        counts.0 >= 10 && counts.1 >= 1 && counts.2 >= 1,
        "{counts:?}"
    );
}

#[test]
fn the_migration_example_translates_to_the_dockls_example() {
    let md = docs();
    let section = &md[md.find("## Migrating from hadolint").unwrap()..];
    let all = blocks(section);
    let yaml = all.iter().find(|(l, _)| l == "yaml").unwrap();
    let toml = all.iter().find(|(l, _)| l == "toml").unwrap();
    assert_eq!(
        parse_hadolint_yaml(&yaml.1).layer,
        parse_dockls_toml(&toml.1).layer
    );
}

#[test]
fn every_key_is_documented() {
    let md = docs();
    for spec in KEYS {
        let heading = if let KeyKind::Table(sub) = spec.kind {
            for s in sub {
                assert!(
                    md.contains(&format!("`{}`", s.name)),
                    "{}.{}",
                    spec.name,
                    s.name
                );
            }
            format!("### `[{}]`", spec.name)
        } else {
            format!("### `{}`", spec.name)
        };
        assert!(md.contains(&heading), "no section `{heading}`");
    }
}
