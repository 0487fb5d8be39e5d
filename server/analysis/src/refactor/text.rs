//! Text helpers shared by the refactorings: the file's own style (keyword case, line
//! ending, escape character), instruction pieces with their comments, line-level edits
//! computed from a rewritten text, and the check that a rewrite parses.

use dockls_syntax::{Dockerfile, Keyword, TextRange};

use crate::diagnostic::{Edit, Fix};

/// How the file writes things, so generated lines look like the user's own.
#[derive(Clone, Debug)]
pub struct Style {
    /// Keywords are written in lower case (`run`, `copy`).
    pub lower: bool,
    /// `\n` or `\r\n`.
    pub eol: &'static str,
    /// The escape character (continuation), `\` or `` ` ``.
    pub escape: char,
}

impl Style {
    pub fn of(df: &Dockerfile) -> Style {
        let (mut lower, mut upper) = (0, 0);
        for ins in &df.instructions {
            let t = &ins.keyword_text;
            if t.chars().all(|c| !c.is_ascii_uppercase()) {
                lower += 1;
            } else if t.chars().all(|c| !c.is_ascii_lowercase()) {
                upper += 1;
            }
        }
        let crlf = df.text.matches("\r\n").count();
        let lf = df.text.matches('\n').count();
        Style {
            lower: lower > upper,
            eol: if crlf > 0 && crlf * 2 >= lf {
                "\r\n"
            } else {
                "\n"
            },
            escape: df.escape,
        }
    }

    /// A keyword as the file writes it.
    pub fn kw(&self, k: Keyword) -> String {
        if self.lower {
            k.as_str().to_ascii_lowercase()
        } else {
            k.as_str().to_string()
        }
    }

    /// `AS` as the file's FROM writes it (BuildKit wants both in the same case).
    pub fn as_kw(&self) -> &'static str {
        if self.lower {
            "as"
        } else {
            "AS"
        }
    }

    /// A continuation: ` \` + line ending + two spaces of indentation.
    pub fn cont(&self) -> String {
        format!(" {}{}  ", self.escape, self.eol)
    }

    /// Joins lines written with `\n` using the file's line ending.
    pub fn lines(&self, text: &str) -> String {
        if self.eol == "\n" {
            text.to_string()
        } else {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        }
    }
}

/// The start of the line that contains `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The end of the line that contains `offset`, after its line ending (or the end of text).
pub fn line_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| offset + i + 1)
}

/// Where an instruction's own lines start and end, and where its comment block starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The start of the first comment line right above (or of the instruction's line).
    pub comments: usize,
    /// The start of the instruction's first line.
    pub start: usize,
    /// After the line ending of its last line (heredoc terminators included).
    pub end: usize,
}

impl Span {
    /// The instruction with its comment block.
    pub fn with_comments(self) -> TextRange {
        TextRange::new(self.comments, self.end)
    }

    pub fn lines(self) -> TextRange {
        TextRange::new(self.start, self.end)
    }
}

/// The lines of instruction `i`, with the comment block directly above it (comments after
/// the last blank line before it; a comment separated by a blank line is kept in place).
pub fn span(df: &Dockerfile, i: usize) -> Option<Span> {
    let ins = df.instructions.get(i)?;
    let text = &df.text;
    let start = line_start(text, ins.range.start);
    let end = line_end(text, ins.range.end.saturating_sub(1).max(ins.range.start));
    let mut comments = start;
    for c in df
        .comments
        .get(ins.comments.clone())
        .unwrap_or(&[])
        .iter()
        .rev()
    {
        if c.directive {
            break;
        }
        let c_end = line_end(text, c.range.start);
        // Only the block right above: stop at a gap (a blank line or other text).
        if c_end != comments {
            break;
        }
        comments = line_start(text, c.range.start);
    }
    Some(Span {
        comments,
        start,
        end,
    })
}

/// The text of a span, ending with a line ending.
pub fn span_text(df: &Dockerfile, range: TextRange, style: &Style) -> String {
    let mut s = range.of(&df.text).to_string();
    if !s.ends_with('\n') {
        s.push_str(style.eol);
    }
    s
}

/// Turns a rewrite of `old` into line edits (unchanged lines are left alone, so editors
/// keep their markers and the review shows only what changed).
pub fn edits_between(old: &str, new: &str) -> Vec<Edit> {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // Common prefix and suffix first; the middle by LCS when it is small enough.
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf]
    {
        suf += 1;
    }
    let am = &a[pre..a.len() - suf];
    let bm = &b[pre..b.len() - suf];
    let offset = |lines: &[&str], n: usize| lines[..n].iter().map(|l| l.len()).sum::<usize>();
    let base = offset(&a, pre);
    let mut edits = Vec::new();
    if am.is_empty() && bm.is_empty() {
        return edits;
    }
    if am.len().saturating_mul(bm.len()) > 4_000_000 {
        let end = base + am.iter().map(|l| l.len()).sum::<usize>();
        edits.push(Edit::replace(TextRange::new(base, end), bm.concat()));
        return edits;
    }
    // LCS table over the middle lines.
    let (n, m) = (am.len(), bm.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if am[i] == bm[j] {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut at = base;
    let mut pending: Option<(usize, usize, String)> = None;
    let flush = |p: &mut Option<(usize, usize, String)>, edits: &mut Vec<Edit>| {
        if let Some((s, e, text)) = p.take() {
            edits.push(Edit::replace(TextRange::new(s, e), text));
        }
    };
    while i < n || j < m {
        if i < n && j < m && am[i] == bm[j] {
            flush(&mut pending, &mut edits);
            at += am[i].len();
            i += 1;
            j += 1;
        } else if j < m && (i == n || t[i * (m + 1) + j + 1] >= t[(i + 1) * (m + 1) + j]) {
            let p = pending.get_or_insert((at, at, String::new()));
            p.2.push_str(bm[j]);
            j += 1;
        } else {
            let p = pending.get_or_insert((at, at, String::new()));
            at += am[i].len();
            p.1 = at;
            i += 1;
        }
    }
    flush(&mut pending, &mut edits);
    edits
}

/// Counts the errors (not warnings) BuildKit would report.
pub fn error_count(df: &Dockerfile) -> usize {
    df.errors
        .iter()
        .filter(|e| e.severity == dockls_syntax::Severity::Error)
        .count()
}

/// A fix that rewrites the document to `new`, or `None` when the rewrite is no change or
/// would add a syntax error (a refactoring never breaks a file).
pub fn rewrite(df: &Dockerfile, title: impl Into<String>, new: &str) -> Option<Fix> {
    rewrite_parsed(df, title, new).map(|(f, _)| f)
}

/// [`rewrite`], also giving the parsed rewrite for further checks.
pub fn rewrite_parsed(
    df: &Dockerfile,
    title: impl Into<String>,
    new: &str,
) -> Option<(Fix, Dockerfile)> {
    if new == df.text {
        return None;
    }
    let after = dockls_syntax::parse(new);
    if error_count(&after) > error_count(df) {
        return None;
    }
    Some((
        Fix::unsafe_(title, edits_between(&df.text, new)).isolated(),
        after,
    ))
}

/// Applies edits to the document text, checking the result parses no worse.
pub fn apply_checked(df: &Dockerfile, edits: &[Edit]) -> Option<String> {
    let new = crate::diagnostic::apply_edits(&df.text, edits)?;
    let after = dockls_syntax::parse(&new);
    (error_count(&after) <= error_count(df)).then_some(new)
}

/// Like [`apply_checked`], for edits that add a `keyword` instruction: also `None` unless
/// the result has one more of them. An inserted line can silently become part of an
/// instruction left open above it (a continuation that runs to the end of the file).
pub fn apply_checked_adding(df: &Dockerfile, edits: &[Edit], keyword: Keyword) -> Option<String> {
    let new = crate::diagnostic::apply_edits(&df.text, edits)?;
    let after = dockls_syntax::parse(&new);
    let count = |d: &Dockerfile| d.instructions.iter().filter(|i| i.is(keyword)).count();
    (error_count(&after) <= error_count(df) && count(&after) > count(df)).then_some(new)
}

/// The first CMD or ENTRYPOINT of the instructions that end a stage (start instructions
/// and metadata only), where USER and HEALTHCHECK go. `None` when the stage does not end
/// that way (a RUN or COPY comes after its CMD, or it has none): insert at its end then.
pub fn start_block(df: &Dockerfile, stage: usize) -> Option<usize> {
    let st = df.stages.get(stage)?;
    let mut first: Option<usize> = None;
    for i in st.instructions.clone().rev() {
        let ins = df.instructions.get(i)?;
        match ins.keyword {
            Some(Keyword::Cmd | Keyword::Entrypoint) => first = Some(i),
            Some(
                Keyword::Expose
                | Keyword::Label
                | Keyword::Stopsignal
                | Keyword::Healthcheck
                | Keyword::Volume
                | Keyword::Env
                | Keyword::Arg
                | Keyword::Maintainer,
            ) => {}
            _ => break,
        }
    }
    first
}

/// The offset to insert a line before instruction `i` (before its comment block), or at
/// the end of the stage when `i` is `None`.
pub fn insertion_point(df: &Dockerfile, stage: usize, before: Option<usize>) -> Option<usize> {
    match before {
        Some(i) => span(df, i).map(|s| s.comments),
        None => {
            let st = df.stages.get(stage)?;
            let last = st.instructions.end.checked_sub(1)?;
            span(df, last).map(|s| s.end)
        }
    }
}

/// Text to insert at `at` so that it forms whole lines (adds a line break first when the
/// document does not end with one).
pub fn insert_lines(df: &Dockerfile, at: usize, lines: &str, style: &Style) -> Edit {
    let needs_break = at == df.text.len() && !df.text.is_empty() && !df.text.ends_with('\n');
    let mut s = String::new();
    if needs_break {
        s.push_str(style.eol);
    }
    s.push_str(&style.lines(lines));
    if !s.ends_with('\n') {
        s.push_str(style.eol);
    }
    Edit::insert(at, s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::apply_edits;

    #[test]
    fn line_edits_reproduce_the_rewrite() {
        let cases = [
            ("a\nb\nc\n", "a\nx\nc\n"),
            ("a\nb\nc\n", "a\nb\nc\nd\n"),
            ("a\nb\nc\n", "z\na\nc\n"),
            ("a\nb", "a\nb\nc"),
            ("", "x\n"),
            (
                "FROM a\nRUN b\nCMD c\n",
                "FROM a AS b\nRUN b\n\nFROM c\nCMD c\n",
            ),
        ];
        for (old, new) in cases {
            let edits = edits_between(old, new);
            assert_eq!(apply_edits(old, &edits).as_deref(), Some(new), "{old:?}");
        }
        let edits = edits_between("a\nb\nc\n", "a\nx\nc\n");
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].range, TextRange::new(2, 4));
    }

    #[test]
    fn spans_take_the_comment_block_right_above() {
        let src = "FROM a\n# far\n\n# near\n# near 2\nRUN x \\\n  y\nCMD z";
        let df = dockls_syntax::parse(src);
        let s = span(&df, 1).expect("span");
        assert_eq!(
            TextRange::new(s.comments, s.end).of(src),
            "# near\n# near 2\nRUN x \\\n  y\n"
        );
        let last = span(&df, 2).expect("span");
        assert_eq!(last.lines().of(src), "CMD z");
    }

    #[test]
    fn style_follows_the_file() {
        let df = dockls_syntax::parse("from a\r\nrun b\r\n");
        let s = Style::of(&df);
        assert!(s.lower);
        assert_eq!(s.eol, "\r\n");
        assert_eq!(s.kw(Keyword::Copy), "copy");
    }
}
