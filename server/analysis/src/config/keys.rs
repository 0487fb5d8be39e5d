//! The keys of `dockls.toml` (and of the editor's settings): one table that the parser
//! reads, the JSON schema is built from, and the documentation test checks against.

use super::node::{Entry, Node, Value};
use super::read::{self, Problems};
use super::{ConfigProblem, ProblemKind};
use crate::diagnostic::Severity;
use crate::settings::{FormatterLayer, SettingsLayer};

/// Rule levels in `[severity]`.
pub const LEVELS: &[&str] = &["off", "hint", "info", "warning", "error"];
/// Severities for `fail-level`.
pub const SEVERITIES: &[&str] = &["hint", "info", "warning", "error"];
/// Value types in `label-schema` (hadolint's).
pub const LABEL_TYPES: &[&str] = &["text", "url", "semver", "hash", "rfc3339", "spdx", "email"];
/// `formatter.keyword-case` values.
pub const KEYWORD_CASES: &[&str] = &["upper", "lower", "majority"];

/// What a key holds.
#[derive(Clone, Copy, Debug)]
pub enum KeyKind {
    Bool,
    /// A list of rule selectors: codes, names, aliases, code prefixes, categories, `ALL`.
    Selectors,
    /// A list of registry patterns.
    Registries,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// An integer in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    /// A table of rule -> level.
    Levels,
    /// A table of glob -> list of rule selectors.
    PerFileIgnores,
    /// A table of label -> value type.
    LabelSchema,
    /// A sub-table with its own keys.
    Table(&'static [KeySpec]),
}

/// One configuration key.
#[derive(Clone, Copy, Debug)]
pub struct KeySpec {
    /// kebab-case name.
    pub name: &'static str,
    pub kind: KeyKind,
    /// What it does (Markdown, one paragraph); the schema's description.
    pub doc: &'static str,
}

/// The `[formatter]` keys.
pub static FORMATTER_KEYS: &[KeySpec] = &[
    KeySpec {
        name: "ignore-multiline-instructions",
        kind: KeyKind::Bool,
        doc: "Leave instructions that span several lines exactly as written.",
    },
    KeySpec {
        name: "indent-width",
        kind: KeyKind::Int { min: 1, max: 16 },
        doc: "Spaces before continuation lines when the formatter re-indents them.",
    },
    KeySpec {
        name: "keyword-case",
        kind: KeyKind::Choice(KEYWORD_CASES),
        doc: "Case of instruction keywords: `upper` (`RUN`), `lower` (`run`), or `majority` \
              (whichever the file uses most).",
    },
];

/// Every top-level key.
pub static KEYS: &[KeySpec] = &[
    KeySpec {
        name: "select",
        kind: KeyKind::Selectors,
        doc: "Rules to run, replacing the default set: codes (`DK401`), names \
              (`maintainer-deprecated`), hadolint IDs (`DL4000`), BuildKit check names \
              (`MaintainerDeprecated`), code prefixes (`DK4`), categories (`security`) or \
              `ALL`. Preview rules need `preview = true` unless named exactly.",
    },
    KeySpec {
        name: "extend-select",
        kind: KeyKind::Selectors,
        doc: "Rules to run in addition to `select` (or to the default set). Use it to turn \
              on opt-in rules without restating the defaults.",
    },
    KeySpec {
        name: "ignore",
        kind: KeyKind::Selectors,
        doc: "Rules never to run, whatever selects them. Same forms as `select`.",
    },
    KeySpec {
        name: "preview",
        kind: KeyKind::Bool,
        doc: "Also run preview rules (new rules whose behaviour may still change) that the \
              selection matches.",
    },
    KeySpec {
        name: "fail-level",
        kind: KeyKind::Choice(SEVERITIES),
        doc: "`dockls check` exits with an error when a finding has at least this severity.",
    },
    KeySpec {
        name: "trusted-registries",
        kind: KeyKind::Registries,
        doc: "Registries base images may come from (`docker.io`, `*.corp.example`, \
              `corp*`, `*`). Empty: any registry.",
    },
    KeySpec {
        name: "label-schema",
        kind: KeyKind::LabelSchema,
        doc: "Labels every image must set, each with the type its value must have: `text`, \
              `url`, `semver`, `hash`, `rfc3339`, `spdx` or `email`.",
    },
    KeySpec {
        name: "strict-labels",
        kind: KeyKind::Bool,
        doc: "Report labels that `label-schema` does not list.",
    },
    KeySpec {
        name: "disable-ignore-comments",
        kind: KeyKind::Bool,
        doc: "Make ignore comments (`# dockls ignore=`, `# hadolint ignore=`) have no effect, \
              so every finding shows.",
    },
    KeySpec {
        name: "severity",
        kind: KeyKind::Levels,
        doc: "Per-rule severity: `off`, `hint`, `info`, `warning` or `error`. A level also \
              turns on a rule that is off by default; `off` turns a rule off.",
    },
    KeySpec {
        name: "per-file-ignores",
        kind: KeyKind::PerFileIgnores,
        doc: "Rules to ignore in the Dockerfiles a glob matches, relative to this file's \
              directory. A glob without `/` matches the file name in any directory.",
    },
    KeySpec {
        name: "formatter",
        kind: KeyKind::Table(FORMATTER_KEYS),
        doc: "Formatter options.",
    },
];

/// Keys of other tools (or plausible guesses) and the dockls key to use instead.
const FOREIGN_KEYS: &[(&str, &str)] = &[
    ("ignored", "ignore"),
    ("override", "severity"),
    ("overrides", "severity"),
    ("failure-threshold", "fail-level"),
    ("trustedRegistries", "trusted-registries"),
    ("disable-ignore-pragma", "disable-ignore-comments"),
    ("extend-ignore", "ignore"),
    ("rules", "severity"),
];

/// A value read for a key.
enum Typed {
    Bool(bool),
    List(Vec<String>),
    Str(&'static str),
    Int(i64),
    Levels(std::collections::BTreeMap<String, crate::settings::Level>),
    Globs(std::collections::BTreeMap<String, Vec<String>>),
    Labels(std::collections::BTreeMap<String, String>),
    Table(Vec<(&'static str, Typed)>),
}

fn read_kind(kind: KeyKind, node: &Node, path: &str, p: &mut Problems) -> Option<Typed> {
    Some(match kind {
        KeyKind::Bool => Typed::Bool(read::bool(node, path, p)?),
        KeyKind::Selectors => Typed::List(read::rules(node, path, true, p)?),
        KeyKind::Registries => Typed::List(read::registries(node, path, p)?),
        KeyKind::Choice(choices) => Typed::Str(read::choice(node, path, choices, p)?),
        KeyKind::Int { min, max } => Typed::Int(read::int(node, path, min, max, p)?),
        KeyKind::Levels => Typed::Levels(read::levels(node, path, p)?),
        KeyKind::PerFileIgnores => Typed::Globs(read::per_file_ignores(node, path, p)?),
        KeyKind::LabelSchema => Typed::Labels(read::label_schema(node, path, p)?),
        KeyKind::Table(specs) => Typed::Table(read_table(specs, node, path, p)?),
    })
}

fn read_table(
    specs: &'static [KeySpec],
    node: &Node,
    path: &str,
    p: &mut Problems,
) -> Option<Vec<(&'static str, Typed)>> {
    let entries = read::table(node, path, p)?;
    Some(read_entries(specs, entries, path, p))
}

fn read_entries(
    specs: &'static [KeySpec],
    entries: &[Entry],
    path: &str,
    p: &mut Problems,
) -> Vec<(&'static str, Typed)> {
    let names: Vec<&'static str> = specs.iter().map(|s| s.name).collect();
    let mut out = Vec::new();
    for e in entries {
        let Some(spec) = specs.iter().find(|s| s.name == e.key) else {
            let foreign = path
                .is_empty()
                .then(|| FOREIGN_KEYS.iter().find(|(k, _)| *k == e.key))
                .flatten();
            match foreign {
                Some((k, to)) => p.push(
                    ConfigProblem::new(
                        ProblemKind::UnknownKey,
                        e.key_range,
                        format!(
                            "`{k}` is not a dockls key, so it changes nothing; dockls calls \
                             this setting `{to}`"
                        ),
                    )
                    .with_replacement(Some((*to).to_string())),
                ),
                None => p.unknown_key(e, path, &names),
            }
            continue;
        };
        let key_path = read::join(path, spec.name);
        if let Some(v) = read_kind(spec.kind, &e.value, &key_path, p) {
            out.push((spec.name, v));
        }
    }
    out
}

/// Reads the settings of a parsed `dockls.toml` (or editor settings) into a layer.
pub(crate) fn read_layer(root: &Node, problems: &mut Vec<ConfigProblem>) -> SettingsLayer {
    let mut p = Problems(problems);
    let mut layer = SettingsLayer::default();
    let entries = match &root.value {
        Value::Table(entries) => entries,
        Value::Null => return layer,
        _ => {
            p.wrong_type(root, "settings", "a table of keys");
            return layer;
        }
    };
    for (name, value) in read_entries(KEYS, entries, "", &mut p) {
        assign(&mut layer, name, value);
    }
    layer
}

fn assign(layer: &mut SettingsLayer, name: &str, value: Typed) {
    match (name, value) {
        ("select", Typed::List(v)) => layer.select = Some(v),
        ("extend-select", Typed::List(v)) => layer.extend_select = Some(v),
        ("ignore", Typed::List(v)) => layer.ignore = Some(v),
        ("preview", Typed::Bool(v)) => layer.preview = Some(v),
        ("fail-level", Typed::Str(v)) => layer.fail_level = Severity::parse(v),
        ("trusted-registries", Typed::List(v)) => layer.trusted_registries = Some(v),
        ("label-schema", Typed::Labels(v)) => layer.label_schema = Some(v),
        ("strict-labels", Typed::Bool(v)) => layer.strict_labels = Some(v),
        ("disable-ignore-comments", Typed::Bool(v)) => layer.disable_ignore_comments = Some(v),
        ("severity", Typed::Levels(v)) => layer.severity = Some(v),
        ("per-file-ignores", Typed::Globs(v)) => layer.per_file_ignores = Some(v),
        ("formatter", Typed::Table(entries)) => {
            let f = layer.formatter.get_or_insert_with(FormatterLayer::default);
            for (name, value) in entries {
                match (name, value) {
                    ("ignore-multiline-instructions", Typed::Bool(v)) => {
                        f.ignore_multiline_instructions = Some(v)
                    }
                    ("indent-width", Typed::Int(v)) => f.indent_width = usize::try_from(v).ok(),
                    ("keyword-case", Typed::Str(v)) => f.keyword_case = Some(v.to_string()),
                    // Every key of FORMATTER_KEYS is handled above (tested).
                    _ => {}
                }
            }
        }
        // Every key of KEYS is handled above (tested).
        _ => {}
    }
}
