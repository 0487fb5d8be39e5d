//! What surrounds a cursor: a comment line, a heredoc body, or the words of an
//! instruction typed so far (continuation lines joined as the builder joins them).

use dockls_syntax::{Dockerfile, Instruction, Keyword};

/// A word before the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    /// The word as the builder reads it (continuations removed, quotes kept).
    pub text: String,
    /// Offset of its first byte in the original text.
    pub start: usize,
}

#[derive(Debug)]
pub(crate) enum Place<'a> {
    /// A comment line; `hash` is the offset of its `#`.
    Comment { hash: usize, directive_block: bool },
    /// Inside the body of a heredoc of instruction `index`.
    Heredoc { index: usize },
    /// The words of an instruction.
    Instruction(InstrCtx<'a>),
}

#[derive(Debug)]
pub(crate) struct InstrCtx<'a> {
    pub index: Option<usize>,
    pub ins: Option<&'a Instruction>,
    /// The words before the cursor; the last is the word under the cursor (maybe empty).
    pub words: Vec<Tok>,
    /// Index in `words` of the effective keyword (1 after ONBUILD).
    pub kw_index: usize,
    pub keyword: Option<Keyword>,
    pub onbuild: bool,
}

impl InstrCtx<'_> {
    /// The word under the cursor.
    pub fn current(&self) -> &Tok {
        // `words` always holds at least the current word.
        &self.words[self.words.len() - 1]
    }

    pub fn current_index(&self) -> usize {
        self.words.len() - 1
    }

    /// Words between the keyword and the cursor's word.
    pub fn before(&self) -> &[Tok] {
        let end = self.words.len() - 1;
        self.words.get(self.kw_index + 1..end).unwrap_or(&[])
    }

    /// Flags written before the cursor's word (only those before the first argument).
    pub fn flags_before(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for w in self.before() {
            if w.text.starts_with("--") && w.text != "--" {
                out.push(w.text.as_str());
            } else {
                break;
            }
        }
        out
    }

    /// How many arguments (words after the flags) come before the cursor's word: 0 while
    /// the cursor's word is the first argument or may still be a flag.
    pub fn arg_index(&self) -> usize {
        let before = self.before();
        let flags = self.flags_before().len();
        before.len() - flags
    }

    /// Whether the cursor's word can be a flag: only flags come before it.
    pub fn in_flags(&self) -> bool {
        self.current_index() > self.kw_index && self.arg_index() == 0
    }
}

pub(crate) struct Cursor<'a> {
    pub line: usize,
    /// The physical line before the cursor.
    pub line_prefix: &'a str,
    pub place: Place<'a>,
}

/// Splits `s` into words at unquoted whitespace; a trailing separator yields an empty
/// last word. Returns byte spans.
pub(crate) fn split_words(s: &str, escape: char) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote.is_none() && c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, i));
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        if c == escape && quote != Some('\'') {
            chars.next();
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            None if c == '"' || c == '\'' => quote = Some(c),
            _ => {}
        }
    }
    match start {
        Some(st) => out.push((st, s.len())),
        None => out.push((s.len(), s.len())),
    }
    out
}

/// The instruction's logical text before `offset`.
fn logical_prefix(ins: &Instruction, offset: usize) -> &str {
    let text = ins.logical.as_str();
    let mut o = offset.min(ins.header.end);
    while o > ins.range.start {
        if let Some(l) = ins.logical.from_original(o - 1) {
            return text.get(..l + 1).unwrap_or(text);
        }
        o -= 1;
    }
    ""
}

/// Whether every line before `line` is a parser directive and no instruction starts
/// before it: a directive written on `line` would still count.
pub(crate) fn in_directive_block(df: &Dockerfile, line: usize) -> bool {
    (0..line).all(|l| {
        df.directives
            .iter()
            .any(|d| df.line_index.line_of(d.range.start) == l)
    }) && df
        .instructions
        .first()
        .is_none_or(|i| df.line_index.line_of(i.range.start) >= line)
}

/// `offset` clamped to the text and moved back to a character boundary.
pub(crate) fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Describes the cursor at `offset` (see [`clamp`]).
pub(crate) fn locate(df: &Dockerfile, offset: usize) -> Cursor<'_> {
    let text = df.text.as_str();
    let offset = clamp(text, offset);
    let line = df.line_index.line_of(offset);
    let line_start = df.line_index.line_start(line).unwrap_or(0);
    let line_prefix = text.get(line_start..offset).unwrap_or("");
    let index = df.instruction_at(offset);
    let ins = index.and_then(|i| df.instructions.get(i));
    if let (Some(i), Some(ins)) = (index, ins) {
        if ins.in_heredoc_body(offset) {
            return Cursor {
                line,
                line_prefix,
                place: Place::Heredoc { index: i },
            };
        }
    }
    let trimmed = line_prefix.trim_start_matches([' ', '\t', '\u{feff}']);
    if trimmed.starts_with('#') {
        let hash = offset - trimmed.len();
        return Cursor {
            line,
            line_prefix,
            place: Place::Comment {
                hash,
                directive_block: index.is_none() && in_directive_block(df, line),
            },
        };
    }
    let (prefix, base): (String, Option<&Instruction>) = match ins {
        Some(ins) => (logical_prefix(ins, offset).to_string(), Some(ins)),
        None => (trimmed.to_string(), None),
    };
    let spans = split_words(&prefix, df.escape);
    let words: Vec<Tok> = spans
        .iter()
        .enumerate()
        .map(|(n, &(s, e))| {
            let start = match base {
                _ if n + 1 == spans.len() && s == e => offset,
                Some(ins) => ins.logical.start_to_original(s),
                None => offset - (prefix.len() - s),
            };
            Tok {
                text: prefix.get(s..e).unwrap_or("").to_string(),
                start,
            }
        })
        .collect();
    let first = words.first().map(|w| w.text.as_str()).unwrap_or("");
    let onbuild = Keyword::parse(first) == Some(Keyword::Onbuild) && words.len() > 1;
    let kw_index = usize::from(onbuild);
    let keyword = words
        .get(kw_index)
        .filter(|_| words.len() > kw_index + 1)
        .and_then(|w| Keyword::parse(&w.text));
    Cursor {
        line,
        line_prefix,
        place: Place::Instruction(InstrCtx {
            index,
            ins,
            words,
            kw_index,
            keyword,
            onbuild,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str) -> (Dockerfile, usize) {
        let offset = src.find("$0").unwrap_or(src.len());
        let text = src.replacen("$0", "", 1);
        (dockls_syntax::parse(&text), offset)
    }

    fn words(src: &str) -> (Vec<String>, Option<Keyword>, bool) {
        let (df, o) = at(src);
        match locate(&df, o).place {
            Place::Instruction(c) => (
                c.words.iter().map(|w| w.text.clone()).collect(),
                c.keyword,
                c.in_flags(),
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn splits_words_with_quotes() {
        assert_eq!(
            split_words("COPY \"a b\" c ", '\\'),
            vec![(0, 4), (5, 10), (11, 12), (13, 13)]
        );
        assert_eq!(split_words("", '\\'), vec![(0, 0)]);
    }

    #[test]
    fn instruction_words() {
        assert_eq!(
            words("FROM a\nCOPY --from=$0"),
            (
                vec!["COPY".into(), "--from=".into()],
                Some(Keyword::Copy),
                true
            )
        );
        assert_eq!(
            words("FROM a\nRUN --mount=type=cache \\\n  # note\n  --net$0"),
            (
                vec!["RUN".into(), "--mount=type=cache".into(), "--net".into()],
                Some(Keyword::Run),
                true
            )
        );
        assert_eq!(words("FROM a\nONBUILD $0").1, None);
        let (df, o) = at("FROM a\nONBUILD CO$0");
        let Place::Instruction(c) = locate(&df, o).place else {
            panic!()
        };
        assert!(c.onbuild);
        assert_eq!(c.kw_index, 1);
        assert_eq!(c.current_index(), 1);
        assert!(!words("FROM a\nCOPY x $0").2);
        // A keyword being typed has no keyword yet.
        assert_eq!(words("FR$0").1, None);
    }

    #[test]
    fn comments_and_heredocs() {
        let (df, o) = at("# syntax=docker/dockerfile:1\n# esc$0\nFROM a\n");
        assert!(matches!(
            locate(&df, o).place,
            Place::Comment {
                directive_block: true,
                ..
            }
        ));
        let (df, o) = at("FROM a\n# dockls ignore=$0\nRUN x\n");
        assert!(matches!(
            locate(&df, o).place,
            Place::Comment {
                directive_block: false,
                ..
            }
        ));
        let (df, o) = at("FROM a\nRUN <<EOF\n# not a comment $0\nEOF\n");
        assert!(matches!(locate(&df, o).place, Place::Heredoc { index: 1 }));
    }

    #[test]
    fn token_offsets_survive_non_ascii() {
        let (df, o) = at("FROM a\nLABEL x=\"é😀\" y=$0");
        let Place::Instruction(c) = locate(&df, o).place else {
            panic!()
        };
        assert_eq!(c.current().text, "y=");
        assert_eq!(c.current().start, o - 2);
    }
}
