//! Settings: which rules run, at what severity, and their options. Built from layers
//! (defaults, then a config file, then the editor's settings); a key a layer does not
//! set keeps the value of the layers below it, never "off".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// A severity override: a level, or `off` to disable the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.to_ascii_lowercase().as_str() {
            "off" | "ignore" | "none" | "false" => Some(Level::Off),
            other => Severity::parse(other).map(Level::from),
        }
    }

    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Hint => Some(Severity::Hint),
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl From<Severity> for Level {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Hint => Level::Hint,
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

/// Formatter options.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct FormatterSettings {
    /// Leave instructions that span several lines exactly as written.
    pub ignore_multiline_instructions: bool,
    /// Indentation of continuation lines (spaces), when re-indenting them.
    pub indent_width: usize,
    /// Keyword case: `upper`, `lower`, or `majority` (follow the file).
    pub keyword_case: String,
}

impl Default for FormatterSettings {
    fn default() -> Self {
        Self {
            ignore_multiline_instructions: false,
            indent_width: 4,
            keyword_case: "upper".into(),
        }
    }
}

/// The resolved settings analysis runs with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Settings {
    /// Rules to run, by code, name, alias, code prefix, category or `ALL`.
    /// `None` means the default set (stable rules that are on by default).
    pub select: Option<Vec<String>>,
    /// Added to the selection.
    pub extend_select: Vec<String>,
    /// Rules not to run (wins over `select`).
    pub ignore: Vec<String>,
    /// Per-rule levels (`off` disables).
    pub severity: BTreeMap<String, Level>,
    /// Glob (relative to the config file) to the rules ignored in matching files.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Run preview rules too.
    pub preview: bool,
    /// `dockls check` fails when a finding reaches this level.
    pub fail_level: Severity,
    /// Registries (patterns `*`, `*.corp.com`, `corp*`) base images may come from. Empty: any.
    pub trusted_registries: Vec<String>,
    /// Required labels and their value types (hadolint's `label-schema`).
    pub label_schema: BTreeMap<String, String>,
    /// Labels outside `label-schema` are reported.
    pub strict_labels: bool,
    /// Ignore comments (`# dockls ignore=`, `# hadolint ignore=`) have no effect.
    pub disable_ignore_comments: bool,
    pub formatter: FormatterSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            per_file_ignores: BTreeMap::new(),
            preview: false,
            fail_level: Severity::Error,
            trusted_registries: Vec::new(),
            label_schema: BTreeMap::new(),
            strict_labels: false,
            disable_ignore_comments: false,
            formatter: FormatterSettings::default(),
        }
    }
}

/// One layer of settings; every key is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct SettingsLayer {
    pub select: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub severity: Option<BTreeMap<String, Level>>,
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    pub preview: Option<bool>,
    pub fail_level: Option<Severity>,
    pub trusted_registries: Option<Vec<String>>,
    pub label_schema: Option<BTreeMap<String, String>>,
    pub strict_labels: Option<bool>,
    pub disable_ignore_comments: Option<bool>,
    pub formatter: Option<FormatterLayer>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct FormatterLayer {
    pub ignore_multiline_instructions: Option<bool>,
    pub indent_width: Option<usize>,
    pub keyword_case: Option<String>,
}

impl Settings {
    /// Applies a layer on top: set keys replace, `extend-select`, `ignore` and `severity`
    /// accumulate.
    pub fn apply(&mut self, layer: &SettingsLayer) {
        if let Some(v) = &layer.select {
            self.select = Some(v.clone());
        }
        if let Some(v) = &layer.extend_select {
            self.extend_select.extend(v.iter().cloned());
        }
        if let Some(v) = &layer.ignore {
            self.ignore.extend(v.iter().cloned());
        }
        if let Some(v) = &layer.severity {
            self.severity.extend(v.iter().map(|(k, l)| (k.clone(), *l)));
        }
        if let Some(v) = &layer.per_file_ignores {
            self.per_file_ignores
                .extend(v.iter().map(|(k, l)| (k.clone(), l.clone())));
        }
        if let Some(v) = layer.preview {
            self.preview = v;
        }
        if let Some(v) = layer.fail_level {
            self.fail_level = v;
        }
        if let Some(v) = &layer.trusted_registries {
            self.trusted_registries = v.clone();
        }
        if let Some(v) = &layer.label_schema {
            self.label_schema = v.clone();
        }
        if let Some(v) = layer.strict_labels {
            self.strict_labels = v;
        }
        if let Some(v) = layer.disable_ignore_comments {
            self.disable_ignore_comments = v;
        }
        if let Some(f) = &layer.formatter {
            if let Some(v) = f.ignore_multiline_instructions {
                self.formatter.ignore_multiline_instructions = v;
            }
            if let Some(v) = f.indent_width {
                self.formatter.indent_width = v;
            }
            if let Some(v) = &f.keyword_case {
                self.formatter.keyword_case = v.clone();
            }
        }
    }

    pub fn from_layers<'a>(layers: impl IntoIterator<Item = &'a SettingsLayer>) -> Settings {
        let mut s = Settings::default();
        for l in layers {
            s.apply(l);
        }
        s
    }
}

/// Converts camelCase keys (as editors send them) to kebab-case, recursively, so one
/// set of names serves config files and editor settings. Rule names used as keys of
/// `severity` are left alone.
pub fn kebab_keys(value: &serde_json::Value) -> serde_json::Value {
    fn convert(v: &serde_json::Value, under_rule_map: bool) -> serde_json::Value {
        match v {
            serde_json::Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    let key = if under_rule_map {
                        k.clone()
                    } else {
                        to_kebab(k)
                    };
                    let rule_map = !under_rule_map
                        && matches!(
                            key.as_str(),
                            "severity" | "per-file-ignores" | "label-schema"
                        );
                    out.insert(key, convert(v, rule_map));
                }
                serde_json::Value::Object(out)
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(|i| convert(i, under_rule_map)).collect())
            }
            other => other.clone(),
        }
    }
    convert(value, false)
}

fn to_kebab(k: &str) -> String {
    let mut out = String::with_capacity(k.len() + 4);
    for (i, c) in k.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_keep_defaults() {
        let layer: SettingsLayer =
            serde_json::from_value(kebab_keys(&serde_json::json!({"preview": true})))
                .unwrap_or_default();
        let s = Settings::from_layers([&layer]);
        assert!(s.preview);
        assert_eq!(s.fail_level, Severity::Error);
        assert!(s.select.is_none());
    }

    #[test]
    fn camel_case_from_editors() {
        let v = kebab_keys(
            &serde_json::json!({"extendSelect": ["DK110"], "severity": {"rootUser": "off"}, "formatter": {"ignoreMultilineInstructions": true}}),
        );
        let layer: SettingsLayer = serde_json::from_value(v).unwrap_or_default();
        assert_eq!(layer.extend_select, Some(vec!["DK110".to_string()]));
        assert_eq!(
            layer.severity.and_then(|m| m.get("rootUser").copied()),
            Some(Level::Off)
        );
        assert_eq!(
            layer
                .formatter
                .and_then(|f| f.ignore_multiline_instructions),
            Some(true)
        );
    }
}
