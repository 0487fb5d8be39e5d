//! Byte ranges and line/column lookup over a document's text.

use std::fmt;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Like [`TextRange::contains`], but also true at `end` (a cursor just after the text).
    pub const fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub const fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub const fn intersects(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The text this range covers, or `""` when the range does not fit the text.
    pub fn of(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub const fn shifted(self, delta: isize) -> TextRange {
        TextRange {
            start: (self.start as isize + delta) as usize,
            end: (self.end as isize + delta) as usize,
        }
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<usize>> for TextRange {
    fn from(r: std::ops::Range<usize>) -> Self {
        TextRange::new(r.start, r.end)
    }
}

/// Appends the start of the line after each `\n` of `text` (which sits at `base`).
fn push_line_starts(starts: &mut Vec<usize>, text: &str, base: usize) {
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find('\n')) {
        starts.push(base + from + i + 1);
        from += i + 1;
    }
}

/// A zero-based line and a zero-based column counted in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Start offsets of every line, for offset ↔ line/column conversion.
///
/// Lines end at `\n`; a `\r` before it belongs to the line's content, which is
/// what editors expect when they count columns on CRLF files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        push_line_starts(&mut starts, text, 0);
        Self {
            starts,
            len: text.len(),
        }
    }

    /// Updates the index after `old[start..old_end]` was replaced, giving `text` (the new
    /// text) with the replacement at `start..new_end`; equal to `LineIndex::new(text)`.
    pub fn edit(&mut self, text: &str, start: usize, old_end: usize, new_end: usize) {
        let delta = new_end as isize - old_end as isize;
        // Starts whose preceding byte was replaced go; later ones move.
        let keep = self.starts.partition_point(|&s| s <= start);
        let after = self.starts.partition_point(|&s| s <= old_end);
        let mut tail: Vec<usize> = self.starts[after..]
            .iter()
            .map(|&s| (s as isize + delta) as usize)
            .collect();
        self.starts.truncate(keep);
        push_line_starts(
            &mut self.starts,
            text.get(start..new_end).unwrap_or(""),
            start,
        );
        self.starts.append(&mut tail);
        self.len = text.len();
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        LineCol {
            line,
            col: offset - self.line_start(line).unwrap_or(0),
        }
    }

    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The range of a line's content, without its `\n` (a `\r` before it is excluded too).
    pub fn line_range(&self, line: usize, text: &str) -> Option<TextRange> {
        let start = self.line_start(line)?;
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    /// Offset of a line/column pair; columns past the end of the line are clamped to it,
    /// lines past the end of the text give the end of the text.
    pub fn offset(&self, pos: LineCol, text: &str) -> usize {
        match self.line_range(pos.line, text) {
            Some(range) => {
                let mut at = (range.start + pos.col).min(range.end);
                while at > range.start && !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            }
            None => self.len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_lookup_handles_crlf_and_end() {
        let text = "FROM a\r\nRUN b\n\nX";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(0), LineCol { line: 0, col: 0 });
        assert_eq!(idx.line_col(8), LineCol { line: 1, col: 0 });
        assert_eq!(idx.line_range(0, text), Some(TextRange::new(0, 6)));
        assert_eq!(idx.line_range(2, text), Some(TextRange::new(14, 14)));
        assert_eq!(idx.line_col(text.len()), LineCol { line: 3, col: 1 });
        assert_eq!(idx.offset(LineCol { line: 0, col: 99 }, text), 6);
        assert_eq!(idx.offset(LineCol { line: 9, col: 0 }, text), text.len());
    }

    #[test]
    fn edits_match_a_fresh_index() {
        let cases = [
            ("a\nb\nc\n", 2, 3, "x\ny\n"),
            ("a\nb\nc\n", 1, 4, ""),
            ("a\nb", 3, 3, "\n\n"),
            ("", 0, 0, "\n"),
            ("a\r\nb\n", 1, 2, ""),
        ];
        for (old, start, old_end, new) in cases {
            let mut text = old.to_string();
            text.replace_range(start..old_end, new);
            let mut idx = LineIndex::new(old);
            idx.edit(&text, start, old_end, start + new.len());
            assert_eq!(idx, LineIndex::new(&text), "{old:?} -> {text:?}");
        }
    }

    #[test]
    fn offset_never_splits_a_character() {
        let text = "é\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(LineCol { line: 0, col: 1 }, text), 0);
    }
}
