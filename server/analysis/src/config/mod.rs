//! Configuration files as text in, a [`SettingsLayer`] and a list of problems out.
//!
//! - [`parse_dockls_toml`]: `dockls.toml` / `.dockls.toml`.
//! - [`parse_hadolint_yaml`]: `.hadolint.yaml` / `.hadolint.yml`, translated to dockls keys.
//! - [`parse_editor_settings`]: the editor's settings (JSON, camelCase or kebab-case keys).
//! - [`per_file_ignores_for`] / [`PerFileIgnores`]: the rules `per-file-ignores` turns off for
//!   one Dockerfile.
//! - [`schema::json_schema`]: the JSON schema of `dockls.toml`, built from the same key table
//!   ([`keys::KEYS`]) the parser reads.
//!
//! Everything here is pure: no file system, no environment. Finding the files is the
//! `dockls-project` crate's job.
//!
//! A broken file never silently turns rules off or on: each bad key or entry is dropped on
//! its own and reported as a [`ConfigProblem`] with the byte range of the bad key or value;
//! every valid part is kept. Only a syntax error discards the whole file (there is no
//! reliable structure to keep), and it is reported at its position.

mod hadolint;
pub mod keys;
mod node;
mod per_file;
mod read;
pub mod schema;
mod toml;
mod yaml;

#[cfg(test)]
mod hadolint_tests;
#[cfg(test)]
mod tests;

use dockls_syntax::TextRange;

use crate::diagnostic::Severity;
use crate::settings::{kebab_keys, SettingsLayer};

pub use hadolint::parse_hadolint_yaml;
pub use per_file::{per_file_ignores_for, settings_for_path, PerFileIgnores};

/// dockls's own configuration file names, in priority order: when one directory holds
/// both, the first wins (like ruff's `.ruff.toml` over `ruff.toml`).
pub const DOCKLS_CONFIG_FILES: [&str; 2] = [".dockls.toml", "dockls.toml"];

/// hadolint's configuration file names, in priority order. A directory's hadolint file is
/// read only when the directory has no dockls file.
pub const HADOLINT_CONFIG_FILES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// The kinds of configuration file dockls reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigFormat {
    /// `dockls.toml` / `.dockls.toml`.
    DocklsToml,
    /// `.hadolint.yaml` / `.hadolint.yml`.
    HadolintYaml,
}

impl ConfigFormat {
    /// The format of a configuration file, from its file name (not a path).
    pub fn from_file_name(name: &str) -> Option<ConfigFormat> {
        if DOCKLS_CONFIG_FILES.contains(&name) {
            Some(ConfigFormat::DocklsToml)
        } else if HADOLINT_CONFIG_FILES.contains(&name) {
            Some(ConfigFormat::HadolintYaml)
        } else {
            None
        }
    }

    /// Parses a file's text in this format.
    pub fn parse(self, text: &str) -> ConfigParse {
        match self {
            ConfigFormat::DocklsToml => parse_dockls_toml(text),
            ConfigFormat::HadolintYaml => parse_hadolint_yaml(text),
        }
    }
}

/// The result of reading a configuration: the settings it holds and what was wrong with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigParse {
    /// Every valid setting in the file. Bad entries are left out, never replaced by "off".
    pub layer: SettingsLayer,
    /// Problems in file order, each with the byte range of the bad key or value.
    pub problems: Vec<ConfigProblem>,
}

impl ConfigParse {
    /// Whether any problem is an error (a setting or the whole file was not applied).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// What kind of problem a configuration has. The string form ([`ProblemKind::as_str`]) is
/// meant as the diagnostic code shown on the configuration file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProblemKind {
    /// The file is not valid TOML / YAML. Nothing from it is used.
    Syntax,
    /// A key dockls does not know (a typo, or a key of another tool).
    UnknownKey,
    /// A value of the wrong type (a string where a list belongs, ...).
    WrongType,
    /// A value of the right type that is not allowed (an unknown level, a bad glob, ...).
    InvalidValue,
    /// A name that is no dockls rule, hadolint ID, BuildKit check or ShellCheck code.
    UnknownRule,
    /// Accepted, but it changes nothing (a retired hadolint ID, a hadolint rule dockls does
    /// not implement, a setting dockls reads differently).
    NoEffect,
}

impl ConfigProblem {
    /// The problem as a diagnostic on the configuration file (code `config-...`), with the
    /// replacement as a safe fix when there is one.
    pub fn to_diagnostic(&self) -> crate::diagnostic::Diagnostic {
        let mut fixes = Vec::new();
        if let Some(r) = &self.replacement {
            fixes.push(
                crate::diagnostic::Fix::safe(
                    format!("Replace with `{r}`"),
                    vec![crate::diagnostic::Edit::replace(self.range, r.clone())],
                )
                .preferred(),
            );
        }
        crate::diagnostic::Diagnostic {
            code: self.kind.as_str(),
            range: self.range,
            severity: self.severity,
            message: self.message.clone(),
            fixes,
            related: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Syntax => "config-syntax",
            ProblemKind::UnknownKey => "config-unknown-key",
            ProblemKind::WrongType => "config-wrong-type",
            ProblemKind::InvalidValue => "config-invalid-value",
            ProblemKind::UnknownRule => "config-unknown-rule",
            ProblemKind::NoEffect => "config-no-effect",
        }
    }

    /// The severity problems of this kind are reported at (see [`ConfigProblem::severity`]).
    pub fn default_severity(self) -> Severity {
        match self {
            ProblemKind::Syntax | ProblemKind::WrongType | ProblemKind::InvalidValue => {
                Severity::Error
            }
            ProblemKind::UnknownKey | ProblemKind::UnknownRule => Severity::Warning,
            ProblemKind::NoEffect => Severity::Info,
        }
    }
}

/// One problem in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub kind: ProblemKind,
    /// Byte range of the bad key or value in the configuration text. Empty (at 0) for
    /// editor settings, which have no text.
    pub range: TextRange,
    pub message: String,
    /// `Error`: the setting (or the file) was not applied. `Warning`: an entry was skipped.
    /// `Info`/`Hint`: accepted, but it has no effect or means something slightly different.
    pub severity: Severity,
    /// Text that fixes the problem when it replaces `range` (a did-you-mean suggestion),
    /// for a quick fix on the configuration file.
    pub replacement: Option<String>,
}

impl ConfigProblem {
    pub(crate) fn new(kind: ProblemKind, range: TextRange, message: impl Into<String>) -> Self {
        Self {
            kind,
            range,
            message: message.into(),
            severity: kind.default_severity(),
            replacement: None,
        }
    }

    pub(crate) fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub(crate) fn with_replacement(mut self, replacement: Option<String>) -> Self {
        self.replacement = replacement;
        self
    }
}

/// Parses `dockls.toml` / `.dockls.toml`.
///
/// Keys are kebab-case (see `docs/configuration.md` and [`keys::KEYS`]). A TOML syntax error
/// gives one problem at its position and an empty layer; otherwise every valid key is kept
/// and each bad key, value or list entry is reported and dropped on its own.
pub fn parse_dockls_toml(text: &str) -> ConfigParse {
    let root = match toml::parse(text) {
        Ok(root) => root,
        Err(problem) => {
            return ConfigParse {
                layer: SettingsLayer::default(),
                problems: vec![problem],
            }
        }
    };
    let mut problems = Vec::new();
    let layer = keys::read_layer(&root, &mut problems);
    sort_problems(&mut problems);
    ConfigParse { layer, problems }
}

/// Reads the editor's settings (the `dockls` section of the client's configuration) with
/// the same keys and checks as `dockls.toml`. camelCase keys are accepted (`extendSelect`,
/// `failLevel`, ...). Problems have empty ranges; their messages name the key.
pub fn parse_editor_settings(value: &serde_json::Value) -> ConfigParse {
    let root = node::from_json(&kebab_keys(value));
    let mut problems = Vec::new();
    let layer = keys::read_layer(&root, &mut problems);
    ConfigParse { layer, problems }
}

fn sort_problems(problems: &mut [ConfigProblem]) {
    problems.sort_by_key(|p| (p.range.start, p.range.end));
}
