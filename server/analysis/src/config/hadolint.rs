//! `.hadolint.yaml` translated to dockls settings.
//!
//! | hadolint | dockls |
//! |---|---|
//! | `ignored` | `ignore` |
//! | `override.{error,warning,info,style}` | `severity` (`style` is `hint`; the highest level wins) |
//! | `trustedRegistries` | `trusted-registries` |
//! | `failure-threshold` | `fail-level` (`style` is `hint`; `ignore`/`none` are `hint`, see below) |
//! | `label-schema`, `strict-labels` | the same keys |
//! | `disable-ignore-pragma` | `disable-ignore-comments` |
//! | `no-fail`, `no-color`, `verbose`, `format`, `formats` | accepted, no effect |
//!
//! hadolint fails on a finding whose severity is at or above the threshold, and orders
//! `ignore` (and `none`) below `style`, so with those thresholds every finding fails the
//! run. dockls reads them the same way (`fail-level = "hint"`) and says so with an info
//! problem, since the spelling suggests the opposite.
//!
//! Unlike hadolint, which drops the whole file on any type error, each bad entry is
//! reported and skipped on its own.

use std::collections::BTreeMap;

use super::node::{Node, Value};
use super::read::{self, Problems};
use super::{sort_problems, yaml, ConfigParse, ConfigProblem, ProblemKind};
use crate::diagnostic::Severity;
use crate::settings::{Level, SettingsLayer};

/// The keys hadolint reads.
pub(crate) const HADOLINT_KEYS: &[&str] = &[
    "ignored",
    "override",
    "trustedRegistries",
    "failure-threshold",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "no-fail",
    "no-color",
    "verbose",
    "format",
    "formats",
];

const OVERRIDE_LEVELS: &[(&str, Level)] = &[
    ("error", Level::Error),
    ("warning", Level::Warning),
    ("info", Level::Info),
    ("style", Level::Hint),
];

const THRESHOLDS: &[&str] = &["error", "warning", "info", "style", "ignore", "none"];

/// dockls keys someone might write in a hadolint file, and the hadolint key to use.
const DOCKLS_KEYS: &[(&str, &str)] = &[
    ("ignore", "ignored"),
    ("severity", "override"),
    ("trusted-registries", "trustedRegistries"),
    ("trusted_registries", "trustedRegistries"),
    ("fail-level", "failure-threshold"),
    ("disable-ignore-comments", "disable-ignore-pragma"),
];

/// Parses `.hadolint.yaml` / `.hadolint.yml` into dockls settings.
pub fn parse_hadolint_yaml(text: &str) -> ConfigParse {
    let parsed = match yaml::parse(text) {
        Ok(parsed) => parsed,
        Err(problem) => {
            return ConfigParse {
                layer: SettingsLayer::default(),
                problems: vec![problem],
            }
        }
    };
    let mut problems = parsed.problems;
    let layer = match &parsed.root {
        Some(root) => translate(root, &mut Problems(&mut problems)),
        None => SettingsLayer::default(),
    };
    sort_problems(&mut problems);
    ConfigParse { layer, problems }
}

fn translate(root: &Node, p: &mut Problems) -> SettingsLayer {
    let mut layer = SettingsLayer::default();
    let entries = match &root.value {
        Value::Table(entries) => entries,
        Value::Null => return layer,
        _ => {
            p.push(ConfigProblem::new(
                ProblemKind::WrongType,
                root.range,
                format!(
                    "a hadolint configuration must be a mapping of keys (`ignored:`, \
                     `override:`, ...), but this is {}; nothing in this file is applied",
                    root.value.type_name()
                ),
            ));
            return layer;
        }
    };
    for e in entries {
        let path = e.key.as_str();
        let v = &e.value;
        match path {
            "ignored" => {
                if let Some(rules) = read::rules(v, path, true, p) {
                    layer.ignore = Some(rules);
                }
            }
            "override" => layer.severity = overrides(v, p),
            "trustedRegistries" => layer.trusted_registries = read::registries(v, path, p),
            "failure-threshold" => layer.fail_level = threshold(v, p),
            "label-schema" => layer.label_schema = read::label_schema(v, path, p),
            "strict-labels" => layer.strict_labels = read::bool(v, path, p),
            "disable-ignore-pragma" => layer.disable_ignore_comments = read::bool(v, path, p),
            // Output options of hadolint's CLI: checked, but they change nothing here.
            "no-fail" | "no-color" | "verbose" => {
                read::bool(v, path, p);
            }
            "format" => {
                if !matches!(v.value, Value::Str(_) | Value::Null) {
                    p.wrong_type(v, path, "a string");
                }
            }
            "formats" => {
                if !matches!(v.value, Value::Str(_)) {
                    read::string_list(v, path, p);
                }
            }
            _ => unknown_key(e, p),
        }
    }
    layer
}

fn unknown_key(e: &super::node::Entry, p: &mut Problems) {
    if let Some((_, to)) = DOCKLS_KEYS.iter().find(|(k, _)| *k == e.key) {
        p.push(
            ConfigProblem::new(
                ProblemKind::UnknownKey,
                e.key_range,
                format!(
                    "`{}` is a dockls.toml key; in a hadolint file it is spelt `{to}`, so \
                     as written it changes nothing",
                    e.key
                ),
            )
            .with_replacement(Some((*to).to_string())),
        );
    } else {
        p.unknown_key(e, "", HADOLINT_KEYS);
    }
}

/// `override:` to per-rule levels; a rule in several lists gets the highest level.
fn overrides(node: &Node, p: &mut Problems) -> Option<BTreeMap<String, Level>> {
    let entries = read::table(node, "override", p)?;
    let mut out: BTreeMap<String, Level> = BTreeMap::new();
    // Rules by their canonical code, so `DL3008` and `dl3008` in two lists meet.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for e in entries {
        let Some((_, level)) = OVERRIDE_LEVELS.iter().find(|(k, _)| *k == e.key) else {
            if e.key == "ignore" {
                p.push(ConfigProblem::new(
                    ProblemKind::UnknownKey,
                    e.key_range,
                    "hadolint has no `override.ignore` list, so these rules stay on; move them \
                     to the top-level `ignored:` list",
                ));
            } else {
                let names: Vec<&'static str> = OVERRIDE_LEVELS.iter().map(|(k, _)| *k).collect();
                p.unknown_key(e, "override", &names);
            }
            continue;
        };
        let path = format!("override.{}", e.key);
        let Some(rules) = read::rules(&e.value, &path, false, p) else {
            continue;
        };
        for rule in rules {
            let canonical = crate::registry::lookup(&rule)
                .map_or_else(|| rule.to_ascii_uppercase(), |m| m.code.to_string());
            let key = seen
                .entry(canonical)
                .or_insert_with(|| rule.clone())
                .clone();
            let slot = out.entry(key).or_insert(*level);
            if rank(*level) > rank(*slot) {
                *slot = *level;
            }
        }
    }
    Some(out)
}

fn rank(l: Level) -> u8 {
    match l {
        Level::Off => 0,
        Level::Hint => 1,
        Level::Info => 2,
        Level::Warning => 3,
        Level::Error => 4,
    }
}

fn threshold(node: &Node, p: &mut Problems) -> Option<Severity> {
    let t = read::choice(node, "failure-threshold", THRESHOLDS, p)?;
    match t {
        "ignore" | "none" => {
            p.push(
                ConfigProblem::new(
                    ProblemKind::NoEffect,
                    node.range,
                    format!(
                        "with `failure-threshold: {t}` hadolint fails on every finding, and \
                         dockls does the same (`fail-level = \"hint\"`); if the intent was to \
                         fail less often, use a higher threshold such as `error`"
                    ),
                )
                .with_severity(Severity::Info),
            );
            Some(Severity::Hint)
        }
        other => Severity::parse(other),
    }
}
