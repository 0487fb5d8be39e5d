//! Typed readers over [`Node`]s shared by every format: each returns what is valid and
//! reports the rest. A `null` value (an empty YAML key, a JSON `null`) means "not set" and
//! is never a problem.

use std::collections::BTreeMap;

use dockls_syntax::errors::did_you_mean;

use super::node::{Entry, Node, Value};
use super::{ConfigProblem, ProblemKind};
use crate::diagnostic::Severity;
use crate::registry;
use crate::rule::Category;
use crate::settings::Level;

/// Every category, for selector checks.
pub(crate) const CATEGORIES: [Category; 7] = [
    Category::Syntax,
    Category::Practice,
    Category::Image,
    Category::Shell,
    Category::Instruction,
    Category::Security,
    Category::Meta,
];

/// Every rule ID hadolint 2.15 has (retired ones are in [`registry::RETIRED_HADOLINT`]).
/// A configuration may name one that dockls has no rule for yet; that entry is kept but
/// reported as having no effect.
pub(crate) const HADOLINT_IDS: &[&str] = &[
    "DL1000", "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007",
    "DL3008", "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016",
    "DL3018", "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026",
    "DL3027", "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036",
    "DL3037", "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046",
    "DL3047", "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055",
    "DL3056", "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064",
    "DL3065", "DL3066", "DL3067", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006",
];

/// What a name in a rule list stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleName {
    /// One dockls rule (code, name, hadolint ID or BuildKit check, any case).
    Rule,
    /// Several rules: `ALL`, a category, a code prefix such as `DK1`.
    Group,
    /// A ShellCheck code: accepted, though dockls reports no ShellCheck findings.
    ShellCheck,
    /// A hadolint ID hadolint has removed.
    Retired,
    /// A hadolint rule dockls has no counterpart for.
    HadolintOnly,
    Unknown,
}

pub(crate) fn classify(name: &str) -> RuleName {
    let n = name.trim();
    if n.is_empty() {
        return RuleName::Unknown;
    }
    if registry::lookup(n).is_some() {
        return RuleName::Rule;
    }
    let upper = n.to_ascii_uppercase();
    let prefix = upper.len() >= 3
        && upper.starts_with("DK")
        && upper[2..].bytes().all(|b| b.is_ascii_digit())
        && registry::all_meta()
            .iter()
            .any(|m| m.code.starts_with(&upper));
    if n.eq_ignore_ascii_case("ALL")
        || prefix
        || CATEGORIES
            .iter()
            .any(|c| n.eq_ignore_ascii_case(c.as_str()))
    {
        return RuleName::Group;
    }
    if registry::RETIRED_HADOLINT
        .iter()
        .any(|r| r.eq_ignore_ascii_case(n))
    {
        return RuleName::Retired;
    }
    if registry::is_known_name(n) {
        return RuleName::ShellCheck;
    }
    if HADOLINT_IDS.iter().any(|h| h.eq_ignore_ascii_case(n)) {
        return RuleName::HadolintOnly;
    }
    RuleName::Unknown
}

/// The closest rule name, code, alias, category or `ALL` to a misspelt one.
pub(crate) fn closest_rule_name(name: &str, groups: bool) -> Option<&'static str> {
    let mut candidates: Vec<&'static str> = Vec::new();
    for m in registry::all_meta() {
        candidates.push(m.code);
        candidates.push(m.name);
        candidates.extend(m.aliases());
    }
    if groups {
        candidates.push("ALL");
        candidates.extend(CATEGORIES.iter().map(|c| c.as_str()));
    }
    did_you_mean(name.trim(), candidates)
}

/// Collects problems while reading.
pub(crate) struct Problems<'a>(pub &'a mut Vec<ConfigProblem>);

impl Problems<'_> {
    pub fn push(&mut self, p: ConfigProblem) {
        self.0.push(p);
    }

    pub fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        self.push(ConfigProblem::new(
            ProblemKind::WrongType,
            node.range,
            format!(
                "`{path}` must be {expected}, but this is {}; the setting is not applied \
                 until it is fixed",
                node.value.type_name()
            ),
        ));
    }

    pub fn unknown_key(&mut self, e: &Entry, path: &str, known: &[&'static str]) {
        let suggestion = suggest_key(&e.key, known);
        let mut message = format!(
            "unknown key `{}{}`: dockls does not read it, so it changes nothing",
            prefix(path),
            e.key
        );
        if let Some(s) = suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        } else {
            message.push_str(&format!("; known keys here: {}", known.join(", ")));
        }
        self.push(
            ConfigProblem::new(ProblemKind::UnknownKey, e.key_range, message)
                .with_replacement(suggestion.map(str::to_string)),
        );
    }

    /// Reports a rule name that is unknown or has no effect. Returns whether the entry is
    /// kept (everything but unknown names).
    pub fn rule_name(&mut self, node: &Node, name: &str, path: &str, groups: bool) -> bool {
        match classify(name) {
            RuleName::Rule | RuleName::ShellCheck => true,
            RuleName::Group if groups => true,
            RuleName::Group => {
                self.push(ConfigProblem::new(
                    ProblemKind::InvalidValue,
                    node.range,
                    format!(
                        "`{name}` names a group of rules, but `{path}` takes single rules \
                         (codes, names or aliases); this entry is skipped, so list the rules \
                         one by one"
                    ),
                ));
                false
            }
            RuleName::Retired => {
                self.push(
                    ConfigProblem::new(
                        ProblemKind::NoEffect,
                        node.range,
                        format!(
                            "`{name}` is a hadolint rule that hadolint has removed; dockls \
                             accepts it but it changes nothing, so the entry can be deleted"
                        ),
                    )
                    .with_severity(Severity::Hint),
                );
                true
            }
            RuleName::HadolintOnly => {
                self.push(ConfigProblem::new(
                    ProblemKind::NoEffect,
                    node.range,
                    format!(
                        "dockls has no rule matching hadolint's `{name}` yet, so this entry \
                         changes nothing for now"
                    ),
                ));
                true
            }
            RuleName::Unknown => {
                let suggestion = closest_rule_name(name, groups);
                let what = if groups {
                    "a dockls rule, code prefix, category, hadolint ID or ShellCheck code"
                } else {
                    "a dockls rule, hadolint ID or ShellCheck code"
                };
                let mut message =
                    format!("`{name}` is not {what}, so this entry is skipped and has no effect");
                if let Some(s) = suggestion {
                    message.push_str(&format!("; did you mean `{s}`?"));
                } else {
                    message.push_str("; `dockls rules` lists every rule");
                }
                self.push(
                    ConfigProblem::new(ProblemKind::UnknownRule, node.range, message)
                        .with_replacement(suggestion.map(str::to_string)),
                );
                false
            }
        }
    }
}

/// The known key closest to a misspelt one: by edit distance, or the only key that
/// starts with it (`indent` for `indent-width`).
fn suggest_key(key: &str, known: &[&'static str]) -> Option<&'static str> {
    if let Some(s) = did_you_mean(key, known.iter().copied()) {
        return Some(s);
    }
    let k = key.to_ascii_lowercase();
    if k.len() < 3 {
        return None;
    }
    let mut starts = known.iter().filter(|c| c.starts_with(&k));
    match (starts.next(), starts.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

/// Joins a table path and a key for messages.
pub(crate) fn join(path: &str, key: &str) -> String {
    format!("{}{key}", prefix(path))
}

pub(crate) fn bool(node: &Node, path: &str, p: &mut Problems) -> Option<bool> {
    match node.value {
        Value::Null => None,
        Value::Bool(b) => Some(b),
        _ => {
            p.wrong_type(node, path, "`true` or `false`");
            None
        }
    }
}

/// The strings of a list; non-strings are reported and skipped. `None` when the value is
/// not a list (reported) or null.
pub(crate) fn string_list<'n>(
    node: &'n Node,
    path: &str,
    p: &mut Problems,
) -> Option<Vec<(&'n Node, &'n str)>> {
    let items = match &node.value {
        Value::Null => return None,
        Value::Array(items) => items,
        Value::Str(s) => {
            p.push(ConfigProblem::new(
                ProblemKind::WrongType,
                node.range,
                format!(
                    "`{path}` must be a list, but this is a single string; the setting is \
                         not applied until it is written as a list, e.g. [\"{s}\"]"
                ),
            ));
            return None;
        }
        _ => {
            p.wrong_type(node, path, "a list of strings");
            return None;
        }
    };
    let mut out = Vec::new();
    for item in items {
        match &item.value {
            Value::Str(s) => out.push((item, s.as_str())),
            Value::Null => {}
            _ => {
                p.push(ConfigProblem::new(
                    ProblemKind::WrongType,
                    item.range,
                    format!(
                        "entries of `{path}` must be strings, but this is {}; it is skipped",
                        item.value.type_name()
                    ),
                ));
            }
        }
    }
    unless_all_dropped(items.len(), out, Vec::is_empty)
}

/// A list of rule selectors (or, with `groups == false`, single rule names).
pub(crate) fn rules(
    node: &Node,
    path: &str,
    groups: bool,
    p: &mut Problems,
) -> Option<Vec<String>> {
    let items = string_list(node, path, p)?;
    let given = items.len();
    let kept: Vec<String> = items
        .into_iter()
        .filter(|(n, s)| p.rule_name(n, s, path, groups))
        .map(|(_, s)| s.trim().to_string())
        .collect();
    unless_all_dropped(given, kept, Vec::is_empty)
}

/// `None` when every entry of a non-empty list or table was dropped, so a broken setting
/// leaves the layers below in force instead of replacing them with nothing (an empty
/// `select` would turn every rule off).
fn unless_all_dropped<T>(given: usize, kept: T, is_empty: impl Fn(&T) -> bool) -> Option<T> {
    (given == 0 || !is_empty(&kept)).then_some(kept)
}

/// Registry patterns (`docker.io`, `*.corp.com`, `corp*`).
pub(crate) fn registries(node: &Node, path: &str, p: &mut Problems) -> Option<Vec<String>> {
    let items = string_list(node, path, p)?;
    let given = items.len();
    let mut out = Vec::new();
    for (n, s) in items {
        let s = s.trim();
        if s.is_empty() || s.contains(char::is_whitespace) {
            p.push(ConfigProblem::new(
                ProblemKind::InvalidValue,
                n.range,
                format!(
                    "`{s}` is not a registry pattern (a host such as `docker.io`, or `*`, \
                     `*.corp.com`, `corp*`); it is skipped"
                ),
            ));
        } else {
            out.push(s.to_string());
        }
    }
    unless_all_dropped(given, out, Vec::is_empty)
}

/// Other spellings of a choice, with the canonical value they stand for.
const CHOICE_ALIASES: &[(&str, &str, &str)] = &[
    (
        "style",
        "hint",
        "hadolint's `style` level is `hint` in dockls",
    ),
    ("warn", "warning", "the level is spelt `warning`"),
    ("information", "info", "the level is spelt `info`"),
    ("ignore", "off", "a rule is turned off with `off`"),
    ("none", "off", "a rule is turned off with `off`"),
];

/// One of `choices` (exact spelling).
pub(crate) fn choice(
    node: &Node,
    path: &str,
    choices: &[&'static str],
    p: &mut Problems,
) -> Option<&'static str> {
    let s = match &node.value {
        Value::Null => return None,
        Value::Str(s) => s,
        _ => {
            p.wrong_type(node, path, &format!("one of {}", quoted(choices)));
            return None;
        }
    };
    if let Some(c) = choices.iter().find(|c| **c == s) {
        return Some(c);
    }
    let alias = CHOICE_ALIASES
        .iter()
        .find(|(a, to, _)| s.eq_ignore_ascii_case(a) && choices.contains(to));
    let (suggestion, why) = match alias {
        Some((_, to, why)) => (Some(*to), Some(*why)),
        None => (
            choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(s))
                .copied()
                .or_else(|| did_you_mean(s, choices.iter().copied())),
            None,
        ),
    };
    let mut message = format!(
        "`{s}` is not a valid value for `{path}` (use one of {}), so the setting is not applied",
        quoted(choices)
    );
    if let Some(why) = why {
        message.push_str(&format!("; {why}"));
    }
    if let Some(sug) = suggestion {
        message.push_str(&format!("; did you mean `{sug}`?"));
    }
    p.push(
        ConfigProblem::new(ProblemKind::InvalidValue, node.range, message)
            .with_replacement(suggestion.map(str::to_string)),
    );
    None
}

pub(crate) fn quoted(choices: &[&str]) -> String {
    choices
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn int(node: &Node, path: &str, min: i64, max: i64, p: &mut Problems) -> Option<i64> {
    match node.value {
        Value::Null => None,
        Value::Int(i) if (min..=max).contains(&i) => Some(i),
        Value::Int(i) => {
            p.push(ConfigProblem::new(
                ProblemKind::InvalidValue,
                node.range,
                format!(
                    "`{path}` must be between {min} and {max}, but it is {i}; the setting is \
                     not applied"
                ),
            ));
            None
        }
        _ => {
            p.wrong_type(node, path, "an integer");
            None
        }
    }
}

/// A table's entries; `None` (reported) when the value is not a table.
pub(crate) fn table<'n>(node: &'n Node, path: &str, p: &mut Problems) -> Option<&'n [Entry]> {
    match &node.value {
        Value::Null => None,
        Value::Table(entries) => Some(entries),
        _ => {
            p.wrong_type(node, path, "a table");
            None
        }
    }
}

/// `rule -> level`. Keys name single rules; values are levels (`off` disables).
pub(crate) fn levels(node: &Node, path: &str, p: &mut Problems) -> Option<BTreeMap<String, Level>> {
    let entries = table(node, path, p)?;
    let mut out = BTreeMap::new();
    for e in entries {
        let key = Node::new(Value::Str(e.key.clone()), e.key_range);
        if !p.rule_name(&key, &e.key, path, false) {
            continue;
        }
        let entry_path = format!("{path}.{}", e.key);
        if let Some(level) =
            choice(&e.value, &entry_path, super::keys::LEVELS, p).and_then(Level::parse)
        {
            out.insert(e.key.trim().to_string(), level);
        }
    }
    unless_all_dropped(entries.len(), out, BTreeMap::is_empty)
}

/// `label -> type`.
pub(crate) fn label_schema(
    node: &Node,
    path: &str,
    p: &mut Problems,
) -> Option<BTreeMap<String, String>> {
    let entries = table(node, path, p)?;
    let mut out = BTreeMap::new();
    for e in entries {
        if e.key.trim().is_empty() {
            p.push(ConfigProblem::new(
                ProblemKind::InvalidValue,
                e.key_range,
                format!("`{path}` has an empty label name; the entry is skipped"),
            ));
            continue;
        }
        let entry_path = format!("{path}.{}", e.key);
        if let Some(t) = choice(&e.value, &entry_path, super::keys::LABEL_TYPES, p) {
            out.insert(e.key.clone(), t.to_string());
        }
    }
    unless_all_dropped(entries.len(), out, BTreeMap::is_empty)
}

/// `glob -> [rules]`.
pub(crate) fn per_file_ignores(
    node: &Node,
    path: &str,
    p: &mut Problems,
) -> Option<BTreeMap<String, Vec<String>>> {
    let entries = table(node, path, p)?;
    let mut out = BTreeMap::new();
    for e in entries {
        if let Err(err) = super::per_file::compile(&e.key) {
            p.push(ConfigProblem::new(
                ProblemKind::InvalidValue,
                e.key_range,
                format!(
                    "`{}` is not a valid glob ({err}), so these ignores apply to no file; fix \
                     the pattern",
                    e.key
                ),
            ));
            continue;
        }
        let entry_path = format!("{path}.\"{}\"", e.key);
        if let Some(rules) = rules(&e.value, &entry_path, true, p) {
            out.insert(e.key.clone(), rules);
        }
    }
    unless_all_dropped(entries.len(), out, BTreeMap::is_empty)
}
