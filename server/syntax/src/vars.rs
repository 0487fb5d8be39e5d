//! Variable references (`$x`, `${x}`, `${x:-default}`, `${x#pattern}`, ...) in words
//! the builder expands, with their positions.

use std::ops::Range;

/// How a braced reference modifies the variable's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// `${x:-w}`: `w` when `x` is unset or empty.
    DefaultIfEmpty,
    /// `${x-w}`: `w` when `x` is unset.
    DefaultIfUnset,
    /// `${x:+w}`: `w` when `x` is set and not empty.
    AlternativeIfNonEmpty,
    /// `${x+w}`: `w` when `x` is set.
    AlternativeIfSet,
    /// `${x:?msg}`: error when unset or empty.
    ErrorIfEmpty,
    /// `${x?msg}`: error when unset.
    ErrorIfUnset,
    /// `${x#p}` / `${x##p}`: remove a prefix (shortest / longest).
    RemovePrefix { longest: bool },
    /// `${x%p}` / `${x%%p}`: remove a suffix (shortest / longest).
    RemoveSuffix { longest: bool },
    /// `${x/p/r}` / `${x//p/r}`: replace the first / every match.
    Replace { all: bool },
}

impl Modifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::DefaultIfEmpty => ":-",
            Modifier::DefaultIfUnset => "-",
            Modifier::AlternativeIfNonEmpty => ":+",
            Modifier::AlternativeIfSet => "+",
            Modifier::ErrorIfEmpty => ":?",
            Modifier::ErrorIfUnset => "?",
            Modifier::RemovePrefix { longest: false } => "#",
            Modifier::RemovePrefix { longest: true } => "##",
            Modifier::RemoveSuffix { longest: false } => "%",
            Modifier::RemoveSuffix { longest: true } => "%%",
            Modifier::Replace { all: false } => "/",
            Modifier::Replace { all: true } => "//",
        }
    }

    /// Whether the reference still gives a value when the variable is unset.
    pub fn provides_default(self) -> bool {
        matches!(self, Modifier::DefaultIfEmpty | Modifier::DefaultIfUnset)
    }
}

/// One variable reference, in the coordinates of the text it was scanned from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawVarRef {
    pub name: String,
    pub name_span: Range<usize>,
    /// The whole reference, `$` to the closing brace.
    pub span: Range<usize>,
    pub braced: bool,
    pub modifier: Option<Modifier>,
    /// The word after the modifier (default value, pattern, ...).
    pub word_span: Option<Range<usize>>,
}

/// A problem inside a reference, e.g. an unsupported modifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawVarError {
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Default, Debug)]
pub struct VarScan {
    pub refs: Vec<RawVarRef>,
    pub errors: Vec<RawVarError>,
}

/// Scans `s` for references. Single-quoted text is literal when `single_quotes` is true
/// (word-processed arguments and shell text); `escape` makes the next character literal.
pub fn scan(s: &str, escape: char, single_quotes: bool) -> VarScan {
    let mut out = VarScan::default();
    let mut sc = Scanner { s, i: 0, escape };
    sc.scan_until(None, single_quotes, false, &mut out);
    out
}

struct Scanner<'a> {
    s: &'a str,
    i: usize,
    escape: char,
}

fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i..).and_then(|r| r.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }

    /// Scans until `stop` (not consumed) or the end. Returns true if `stop` was found.
    fn scan_until(
        &mut self,
        stop: Option<char>,
        single_quotes: bool,
        in_double: bool,
        out: &mut VarScan,
    ) -> bool {
        let mut in_dq = in_double;
        while let Some(c) = self.peek() {
            if !in_dq && Some(c) == stop {
                return true;
            }
            if c == self.escape {
                self.bump();
                self.bump();
                continue;
            }
            if c == '\'' && single_quotes && !in_dq {
                self.bump();
                while let Some(n) = self.bump() {
                    if n == '\'' {
                        break;
                    }
                }
                continue;
            }
            if c == '"' {
                in_dq = !in_dq;
                self.bump();
                continue;
            }
            if c == '$' {
                self.dollar(single_quotes, out);
                continue;
            }
            self.bump();
        }
        false
    }

    fn name(&mut self) -> Range<usize> {
        let start = self.i;
        if let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
                return start..self.i;
            }
            if is_special_param(c) {
                self.bump();
                return start..self.i;
            }
        }
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.bump();
        }
        start..self.i
    }

    fn dollar(&mut self, single_quotes: bool, out: &mut VarScan) {
        let start = self.i;
        self.bump(); // '$'
        match self.peek() {
            Some('{') => {
                self.bump();
                let name_span = self.name();
                let name = self.s[name_span.clone()].to_string();
                if name.is_empty() {
                    // `${}` or `${:...}`: BuildKit reports a bad substitution.
                    let end = self.skip_to_brace(single_quotes);
                    out.errors.push(RawVarError {
                        span: start..end,
                        message: "bad substitution: missing variable name".into(),
                    });
                    return;
                }
                let modifier = match self.peek() {
                    Some('}') => {
                        self.bump();
                        out.refs.push(RawVarRef {
                            name,
                            name_span,
                            span: start..self.i,
                            braced: true,
                            modifier: None,
                            word_span: None,
                        });
                        return;
                    }
                    Some(':') => {
                        self.bump();
                        match self.bump() {
                            Some('-') => Some(Modifier::DefaultIfEmpty),
                            Some('+') => Some(Modifier::AlternativeIfNonEmpty),
                            Some('?') => Some(Modifier::ErrorIfEmpty),
                            other => {
                                let end = self.skip_to_brace(single_quotes);
                                let shown = other.map(|c| c.to_string()).unwrap_or_default();
                                out.errors.push(RawVarError {
                                    span: start..end,
                                    message: format!(
                                        "unsupported modifier (:{shown}) in substitution"
                                    ),
                                });
                                out.refs.push(RawVarRef {
                                    name,
                                    name_span,
                                    span: start..end,
                                    braced: true,
                                    modifier: None,
                                    word_span: None,
                                });
                                return;
                            }
                        }
                    }
                    Some('-') => {
                        self.bump();
                        Some(Modifier::DefaultIfUnset)
                    }
                    Some('+') => {
                        self.bump();
                        Some(Modifier::AlternativeIfSet)
                    }
                    Some('?') => {
                        self.bump();
                        Some(Modifier::ErrorIfUnset)
                    }
                    Some('#') => {
                        self.bump();
                        let longest = self.peek() == Some('#');
                        if longest {
                            self.bump();
                        }
                        Some(Modifier::RemovePrefix { longest })
                    }
                    Some('%') => {
                        self.bump();
                        let longest = self.peek() == Some('%');
                        if longest {
                            self.bump();
                        }
                        Some(Modifier::RemoveSuffix { longest })
                    }
                    Some('/') => {
                        self.bump();
                        let all = self.peek() == Some('/');
                        if all {
                            self.bump();
                        }
                        Some(Modifier::Replace { all })
                    }
                    Some(c) => {
                        let end = self.skip_to_brace(single_quotes);
                        out.errors.push(RawVarError {
                            span: start..end,
                            message: format!("unsupported modifier ({c}) in substitution"),
                        });
                        out.refs.push(RawVarRef {
                            name,
                            name_span,
                            span: start..end,
                            braced: true,
                            modifier: None,
                            word_span: None,
                        });
                        return;
                    }
                    None => {
                        out.errors.push(RawVarError {
                            span: start..self.i,
                            message: "missing '}' in substitution".into(),
                        });
                        out.refs.push(RawVarRef {
                            name,
                            name_span,
                            span: start..self.i,
                            braced: true,
                            modifier: None,
                            word_span: None,
                        });
                        return;
                    }
                };
                let word_start = self.i;
                let closed = self.scan_until(Some('}'), single_quotes, false, out);
                let word_end = self.i;
                if closed {
                    self.bump();
                } else {
                    out.errors.push(RawVarError {
                        span: start..self.i,
                        message: "missing '}' in substitution".into(),
                    });
                }
                out.refs.push(RawVarRef {
                    name,
                    name_span,
                    span: start..self.i,
                    braced: true,
                    modifier,
                    word_span: Some(word_start..word_end),
                });
            }
            Some(c) if c.is_alphanumeric() || c == '_' || is_special_param(c) => {
                let name_span = self.name();
                let name = self.s[name_span.clone()].to_string();
                out.refs.push(RawVarRef {
                    name,
                    name_span,
                    span: start..self.i,
                    braced: false,
                    modifier: None,
                    word_span: None,
                });
            }
            _ => {}
        }
    }

    fn skip_to_brace(&mut self, single_quotes: bool) -> usize {
        let mut sink = VarScan::default();
        if self.scan_until(Some('}'), single_quotes, false, &mut sink) {
            self.bump();
        }
        self.i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        scan(s, '\\', true)
            .refs
            .into_iter()
            .map(|r| r.name)
            .collect()
    }

    #[test]
    fn finds_plain_braced_and_nested() {
        assert_eq!(
            names("$A ${B} ${C:-$D} ${E%.*}"),
            vec!["A", "B", "D", "C", "E"]
        );
        assert_eq!(names(r#"\$A '$B' "$C""#), vec!["C"]);
        assert_eq!(names("\"$A '$B'\""), vec!["A", "B"]);
        assert_eq!(names("$ 5$ $1"), vec!["1"]);
    }

    #[test]
    fn reports_bad_modifiers() {
        let s = scan("${A:#x} ${B", '\\', true);
        assert_eq!(s.errors.len(), 2);
        assert!(s.errors[0].message.contains("unsupported modifier"));
    }

    #[test]
    fn spans_are_exact() {
        let s = scan("x${NAME:-d}y", '\\', true);
        let r = &s.refs[0];
        assert_eq!(r.span, 1..11);
        assert_eq!(r.name_span, 3..7);
        assert_eq!(r.word_span, Some(9..10));
        assert_eq!(r.modifier, Some(Modifier::DefaultIfEmpty));
    }
}
