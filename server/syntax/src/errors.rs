//! Syntax problems found while reading a Dockerfile the way BuildKit reads it.

use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Every kind of syntax problem. The analysis crate gives each a stable code and its
/// documentation; the variant names are internal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SyntaxErrorKind {
    /// The file has no instructions (empty, or comments only).
    NoInstructions,
    /// A keyword that is not one of the 18 instructions.
    UnknownInstruction,
    /// An instruction without the arguments it needs.
    MissingArguments,
    /// FROM with two or more than three words, or a second word other than AS.
    FromArguments,
    /// A stage name that BuildKit rejects.
    InvalidStageName,
    /// A heredoc whose terminator line never comes.
    UnterminatedHeredoc,
    /// A heredoc word with an unbalanced quote.
    InvalidHeredoc,
    /// A heredoc used as the COPY/ADD destination.
    HeredocDestination,
    /// A parser directive given twice.
    DuplicateDirective,
    /// An `escape` directive other than `\` or backtick.
    InvalidEscape,
    /// A `check` directive BuildKit cannot read.
    InvalidCheckDirective,
    /// A flag the instruction does not accept.
    UnknownFlag,
    /// A single-value flag given twice.
    DuplicateFlag,
    /// A flag that needs `=value`, or `--bool=` with nothing after it.
    FlagMissingValue,
    /// A flag value of the wrong kind (boolean, duration, mount option, ...).
    InvalidFlagValue,
    /// A JSON array with an element that is not a string.
    JsonNotStrings,
    /// Arguments that look like a JSON array but are not valid JSON (single quotes,
    /// missing commas): BuildKit runs them through a shell instead.
    JsonInvalid,
    /// Legacy `ENV key` / `LABEL key` with no value.
    KeyWithoutValue,
    /// A `name=value` list with a word that has no `=`.
    MissingEquals,
    /// An empty ENV, LABEL or ARG name.
    BlankName,
    /// `VOLUME ""`.
    EmptyVolume,
    /// HEALTHCHECK with an unknown type, extra arguments or no command.
    InvalidHealthcheck,
    /// `ONBUILD ONBUILD`, `ONBUILD FROM` or `ONBUILD MAINTAINER`.
    InvalidOnbuild,
    /// A physical line longer than BuildKit's 65,535-byte limit.
    LineTooLong,
    /// A variable substitution BuildKit cannot expand.
    InvalidSubstitution,
    /// An instruction other than ARG before the first FROM, or no FROM at all.
    NoBuildStage,
    /// SHELL not written as a JSON array.
    ShellNotJson,
    /// More arguments than the instruction takes.
    TooManyArguments,
    /// The text is not a Dockerfile at all (binary data, invalid UTF-8).
    NotText,
}

impl SyntaxErrorKind {
    pub const ALL: [SyntaxErrorKind; 29] = [
        SyntaxErrorKind::NoInstructions,
        SyntaxErrorKind::UnknownInstruction,
        SyntaxErrorKind::MissingArguments,
        SyntaxErrorKind::FromArguments,
        SyntaxErrorKind::InvalidStageName,
        SyntaxErrorKind::UnterminatedHeredoc,
        SyntaxErrorKind::InvalidHeredoc,
        SyntaxErrorKind::HeredocDestination,
        SyntaxErrorKind::DuplicateDirective,
        SyntaxErrorKind::InvalidEscape,
        SyntaxErrorKind::InvalidCheckDirective,
        SyntaxErrorKind::UnknownFlag,
        SyntaxErrorKind::DuplicateFlag,
        SyntaxErrorKind::FlagMissingValue,
        SyntaxErrorKind::InvalidFlagValue,
        SyntaxErrorKind::JsonNotStrings,
        SyntaxErrorKind::JsonInvalid,
        SyntaxErrorKind::KeyWithoutValue,
        SyntaxErrorKind::MissingEquals,
        SyntaxErrorKind::BlankName,
        SyntaxErrorKind::EmptyVolume,
        SyntaxErrorKind::InvalidHealthcheck,
        SyntaxErrorKind::InvalidOnbuild,
        SyntaxErrorKind::LineTooLong,
        SyntaxErrorKind::InvalidSubstitution,
        SyntaxErrorKind::NoBuildStage,
        SyntaxErrorKind::ShellNotJson,
        SyntaxErrorKind::TooManyArguments,
        SyntaxErrorKind::NotText,
    ];

    /// Whether BuildKit refuses to build (error) or builds something unexpected (warning).
    pub const fn severity(self) -> Severity {
        match self {
            SyntaxErrorKind::JsonInvalid => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One syntax problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// A replacement for the text at `range` that fixes the problem (e.g. a flag name
    /// for an unknown flag), when there is an obvious one.
    pub suggestion: Option<Suggestion>,
}

/// A suggested replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub range: TextRange,
    pub replacement: String,
}

impl SyntaxError {
    pub fn new(kind: SyntaxErrorKind, range: TextRange, message: impl Into<String>) -> Self {
        Self {
            kind,
            severity: kind.severity(),
            range,
            message: message.into(),
            suggestion: None,
        }
    }

    pub fn with_suggestion(mut self, range: TextRange, replacement: impl Into<String>) -> Self {
        self.suggestion = Some(Suggestion {
            range,
            replacement: replacement.into(),
        });
        self
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        let d = levenshtein(&lower, &c.to_ascii_lowercase());
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    let (c, d) = best?;
    let limit = (lower.chars().count().max(c.len()) / 3).max(1);
    (d <= limit && d > 0 || (d == 0 && lower != c)).then_some(c)
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("RUNN", ["RUN", "FROM"]), Some("RUN"));
        assert_eq!(
            did_you_mean("chmown", ["chown", "chmod", "from"]),
            Some("chown")
        );
        assert_eq!(did_you_mean("xyzzy", ["RUN", "FROM"]), None);
        assert_eq!(did_you_mean("run", ["RUN"]), Some("RUN"));
    }
}
