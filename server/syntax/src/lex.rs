//! Word-level lexing of an instruction's logical text, following BuildKit's rules.
//!
//! Every function here works on logical text (see [`crate::logical`]) and returns
//! logical byte spans; callers map spans back to the original text.

use std::ops::Range;

/// BuildKit's `[\t\v\f\r ]+` separator (no newline: logical text has none).
pub(crate) fn is_token_space(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// Splits on runs of `[\t\v\f\r ]`, ignoring quotes (how FROM, EXPOSE, COPY and ADD split).
pub(crate) fn split_plain(s: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_token_space(c) {
            if let Some(st) = start.take() {
                out.push(base + st..base + i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(base + st..base + s.len());
    }
    out
}

/// Splits into words that respect quotes and the escape character (BuildKit's `parseWords`,
/// used by ARG, ENV and LABEL). Spans cover the raw text of each word, quotes included.
pub(crate) fn split_quoted(s: &str, base: usize, escape: char) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let start = i;
        let mut end = i;
        let mut quote: Option<char> = None;
        while let Some(&(j, c)) = chars.peek() {
            match quote {
                None => {
                    if c.is_whitespace() {
                        break;
                    }
                    chars.next();
                    end = j + c.len_utf8();
                    if c == '\'' || c == '"' {
                        quote = Some(c);
                    } else if c == escape {
                        if let Some((k, n)) = chars.next() {
                            end = k + n.len_utf8();
                        }
                    }
                }
                Some(q) => {
                    chars.next();
                    end = j + c.len_utf8();
                    if c == q {
                        quote = None;
                    } else if c == escape && q != '\'' {
                        if let Some((k, n)) = chars.next() {
                            end = k + n.len_utf8();
                        }
                    }
                }
            }
        }
        out.push(base + start..base + end);
    }
    out
}

/// The result of splitting leading `--flags` off an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FlagSplit {
    /// Raw spans of each flag word (`--name` or `--name=value`).
    pub flags: Vec<Range<usize>>,
    /// A bare `--` that ended the flags, if any.
    pub terminator: Option<Range<usize>>,
    /// Where the remaining arguments start.
    pub rest: usize,
}

/// Splits off the words at the start of `s` that begin with `--`, quote-aware, stopping at
/// the first other word or at a bare `--` (BuildKit's `extractBuilderFlags`).
pub(crate) fn split_flags(s: &str, base: usize) -> FlagSplit {
    let bytes = s.as_bytes();
    let mut flags = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i] as char).is_ascii_whitespace() {
            i += 1;
        }
        if i + 1 >= bytes.len() || bytes[i] != b'-' || bytes[i + 1] != b'-' {
            return FlagSplit {
                flags,
                terminator: None,
                rest: base + i.min(bytes.len()),
            };
        }
        let start = i;
        let mut quote = 0u8;
        while i < bytes.len() {
            let b = bytes[i];
            if quote == 0 {
                if (b as char).is_ascii_whitespace() {
                    break;
                }
                if b == b'\'' || b == b'"' {
                    quote = b;
                } else if b == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                }
            } else if b == quote {
                quote = 0;
            } else if b == b'\\' && i + 1 < bytes.len() {
                i += 1;
            }
            i += 1;
        }
        let i_end = i.min(bytes.len());
        if &s[start..i_end] == "--" {
            return FlagSplit {
                flags,
                terminator: Some(base + start..base + i_end),
                rest: base + i_end,
            };
        }
        flags.push(base + start..base + i_end);
    }
}

/// Removes quotes and escapes from a word the way BuildKit's shell lexer does, leaving
/// variable references as written.
pub fn unquote(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            for n in chars.by_ref() {
                if n == '\'' {
                    break;
                }
                out.push(n);
            }
        } else if c == '"' {
            while let Some(n) = chars.next() {
                if n == '"' {
                    break;
                }
                if n == escape {
                    match chars.peek() {
                        Some(&p) if p == '"' || p == '$' || p == escape => {
                            out.push(p);
                            chars.next();
                        }
                        Some(_) => out.push(n),
                        None => {}
                    }
                } else {
                    out.push(n);
                }
            }
        } else if c == escape {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a word has a quote that is never closed.
pub fn has_unbalanced_quote(raw: &str, escape: char) -> bool {
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == escape => {
                chars.next();
            }
            None => {}
            Some(q) if c == q => quote = None,
            Some(q) if c == escape && q == '"' => {
                chars.next();
            }
            Some(_) => {}
        }
    }
    quote.is_some()
}

/// The outcome of reading an argument list as a JSON array.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)]
pub(crate) enum Json {
    /// The text does not start with `[`.
    NotJson,
    /// Starts with `[` but is not valid JSON: BuildKit silently treats it as shell form.
    Invalid,
    /// Valid JSON, but an element is not a string: a hard error in BuildKit.
    NotStrings(Range<usize>),
    /// A JSON array of strings: each element's span (with quotes) and decoded value.
    Strings(Vec<(Range<usize>, String)>),
}

/// Parses `s` as a JSON array of strings, with spans relative to `base`.
pub(crate) fn parse_json_array(s: &str, base: usize) -> Json {
    let trimmed_start = s.len() - s.trim_start().len();
    let t = &s[trimmed_start..];
    if !t.starts_with('[') {
        return Json::NotJson;
    }
    let mut p = JsonParser {
        s: t.as_bytes(),
        src: t,
        i: 0,
    };
    let mut items = Vec::new();
    let mut first_non_string = None;
    p.i = 1;
    p.ws();
    if p.peek() == Some(b']') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let start = p.i;
            match p.peek() {
                Some(b'"') => match p.string() {
                    Some(value) => items.push((
                        base + trimmed_start + start..base + trimmed_start + p.i,
                        value,
                    )),
                    None => return Json::Invalid,
                },
                Some(_) => {
                    if !p.value() {
                        return Json::Invalid;
                    }
                    if first_non_string.is_none() {
                        first_non_string =
                            Some(base + trimmed_start + start..base + trimmed_start + p.i);
                    }
                }
                None => return Json::Invalid,
            }
            p.ws();
            match p.peek() {
                Some(b',') => p.i += 1,
                Some(b']') => {
                    p.i += 1;
                    break;
                }
                _ => return Json::Invalid,
            }
        }
    }
    p.ws();
    if p.i != p.s.len() {
        return Json::Invalid;
    }
    match first_non_string {
        Some(span) => Json::NotStrings(span),
        None => Json::Strings(items),
    }
}

struct JsonParser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl JsonParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn string(&mut self) -> Option<String> {
        // Assumes the opening quote is at self.i.
        self.i += 1;
        let mut out = String::new();
        loop {
            let b = self.peek()?;
            match b {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&first) {
                                if self.s.get(self.i) == Some(&b'\\')
                                    && self.s.get(self.i + 1) == Some(&b'u')
                                {
                                    let save = self.i;
                                    self.i += 2;
                                    let second = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&second) {
                                        char::from_u32(
                                            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00),
                                        )
                                    } else {
                                        self.i = save;
                                        None
                                    }
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(first)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1f => return None,
                _ => {
                    let rest = self.src.get(self.i..)?;
                    let c = rest.chars().next()?;
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        Some(v)
    }

    /// Skips any JSON value; returns false on a syntax error.
    fn value(&mut self) -> bool {
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().is_some(),
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return true;
                }
                loop {
                    if !self.value() {
                        return false;
                    }
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return true;
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') || self.string().is_none() {
                        return false;
                    }
                    self.ws();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.i += 1;
                    if !self.value() {
                        return false;
                    }
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => false,
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        if self.src.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> bool {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        true
    }
}

/// Splits a line into shell-like words with quotes and escapes kept, the way BuildKit looks
/// for heredoc markers (escape is always `\` there).
pub(crate) fn shell_words_raw(s: &str) -> Vec<Range<usize>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i] as char).is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let mut quote = 0u8;
        while i < bytes.len() {
            let b = bytes[i];
            if quote == 0 {
                if (b as char).is_ascii_whitespace() {
                    break;
                }
                if b == b'\'' || b == b'"' {
                    quote = b;
                } else if b == b'\\' {
                    i += 1;
                }
            } else if b == quote {
                quote = 0;
            } else if b == b'\\' && quote == b'"' {
                i += 1;
            }
            i += 1;
        }
        let end = i.min(bytes.len());
        out.push(start..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(s: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
        spans.iter().map(|r| &s[r.clone()]).collect()
    }

    #[test]
    fn quoted_split_keeps_quotes_and_escapes() {
        let s = r#"A="x y" B=c\ d C='e f'"#;
        assert_eq!(
            texts(s, &split_quoted(s, 0, '\\')),
            vec![r#"A="x y""#, r"B=c\ d", "C='e f'"]
        );
    }

    #[test]
    fn flags_stop_at_first_argument() {
        let s = "--link --from=build --chown=\"a b\" /src /dst";
        let f = split_flags(s, 0);
        assert_eq!(
            texts(s, &f.flags),
            vec!["--link", "--from=build", "--chown=\"a b\""]
        );
        assert_eq!(&s[f.rest..], "/src /dst");
        let s = "-- --weird /dst";
        let f = split_flags(s, 0);
        assert!(f.flags.is_empty());
        assert_eq!(f.terminator, Some(0..2));
        assert_eq!(s[f.rest..].trim(), "--weird /dst");
    }

    #[test]
    fn unquote_follows_shell_rules() {
        assert_eq!(unquote(r#""a \"b\" \c""#, '\\'), r#"a "b" \c"#);
        assert_eq!(unquote(r"'$HOME' \$x", '\\'), "$HOME $x");
        assert_eq!(unquote(r"c:\app\", '`'), r"c:\app\");
    }

    #[test]
    fn json_arrays() {
        assert!(
            matches!(parse_json_array(r#"["a", "b\u00e9"]"#, 0), Json::Strings(v) if v[1].1 == "bé")
        );
        assert_eq!(parse_json_array("['a']", 0), Json::Invalid);
        assert_eq!(parse_json_array(r#"["a", 1]"#, 0), Json::NotStrings(6..7));
        assert_eq!(parse_json_array(r#"["a"] x"#, 0), Json::Invalid);
        assert_eq!(parse_json_array("echo [x]", 0), Json::NotJson);
        assert!(matches!(parse_json_array("[]", 0), Json::Strings(v) if v.is_empty()));
        assert_eq!(parse_json_array(r#"[["a"]]"#, 0), Json::NotStrings(1..6));
    }
}
