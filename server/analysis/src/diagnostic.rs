//! Diagnostics and fixes as plain data with byte ranges.

use dockls_syntax::TextRange;
use serde::{Deserialize, Serialize};

/// How serious a finding is. `Hint` is hadolint's "style".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Reads dockls and hadolint level names (`style` is `hint`).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" | "style" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Whether a fix can be applied without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown but never applied automatically (it needs a decision).
    DisplayOnly,
    /// Changes behaviour in ways that may matter; applied on request only.
    Unsafe,
    /// Keeps the image's behaviour; applied by fix-all.
    Safe,
}

/// Replace `range` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

impl Edit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        Self {
            range,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Self {
        Self {
            range: TextRange::empty(at),
            new_text: new_text.into(),
        }
    }

    pub fn delete(range: TextRange) -> Self {
        Self {
            range,
            new_text: String::new(),
        }
    }
}

/// A change to another file of the project, relative to the Dockerfile's directory.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileChange {
    Create { path: String, content: String },
    Edit { path: String, edits: Vec<Edit> },
}

/// A fix: edits to the document (and maybe other files) plus how safe it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    /// Sorted, non-overlapping edits of the document.
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
    /// The fix the editor should offer first.
    pub preferred: bool,
    pub files: Vec<FileChange>,
    /// Where to put the cursor (a snippet tab stop) after applying, if anywhere: a range
    /// of the document's text after the edits are applied, inside one inserted text
    /// (the `/health` path of a new HEALTHCHECK).
    pub cursor: Option<TextRange>,
    /// The fix restructures the file (moves instructions, adds stages), so its edits are
    /// only right for the text they were computed on: "fix all" applies it in a pass of
    /// its own, never together with other fixes of the same text.
    pub isolated: bool,
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        mut edits: Vec<Edit>,
        applicability: Applicability,
    ) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Self {
            title: title.into(),
            edits,
            applicability,
            preferred: false,
            files: Vec::new(),
            cursor: None,
            isolated: false,
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, edits, Applicability::Safe)
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, edits, Applicability::Unsafe)
    }

    pub fn preferred(mut self) -> Self {
        self.preferred = true;
        self
    }

    /// Marks a restructuring fix; see [`Fix::isolated`].
    pub fn isolated(mut self) -> Self {
        self.isolated = true;
        self
    }

    /// Applies the edits to `text`; `None` if they overlap or do not fit.
    pub fn apply(&self, text: &str) -> Option<String> {
        apply_edits(text, &self.edits)
    }
}

/// Applies sorted, non-overlapping edits.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in sorted {
        if e.range.start < at
            || e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            return None;
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Extra meaning an editor can show (strike-through, fade-out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Deprecated,
    Unnecessary,
}

/// Another location relevant to a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code, e.g. `DK104`.
    pub code: &'static str,
    pub range: TextRange,
    pub severity: Severity,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
    pub tags: Vec<Tag>,
}

impl Diagnostic {
    pub fn rule(&self) -> Option<&'static crate::rule::RuleMeta> {
        crate::registry::by_code(self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_edits_in_order() {
        let edits = vec![
            Edit::replace(TextRange::new(5, 6), "X"),
            Edit::insert(0, ">"),
        ];
        assert_eq!(
            apply_edits("hello world", &edits).as_deref(),
            Some(">helloXworld")
        );
        let overlapping = vec![
            Edit::replace(TextRange::new(0, 3), ""),
            Edit::replace(TextRange::new(2, 4), ""),
        ];
        assert_eq!(apply_edits("abcdef", &overlapping), None);
    }
}
