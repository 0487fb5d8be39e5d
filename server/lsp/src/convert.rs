//! The one place where LSP positions meet byte offsets. LSP counts lines split by `\n`,
//! `\r\n` or `\r`, and columns in the negotiated encoding: UTF-8 bytes or UTF-16 code
//! units. Out-of-range positions are clamped; a column inside a character (the middle
//! of a surrogate pair or of a UTF-8 sequence) rounds down to the character's start.

use dockls_syntax::TextRange;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (the LSP default).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Line starts of a text under LSP's line model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    starts: Vec<usize>,
    len: usize,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = Vec::with_capacity(b.len() / 32 + 1);
        starts.push(0);
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self {
            starts,
            len: b.len(),
        }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Content range of a line (line break excluded).
    fn content(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let mut end = next;
        let b = text.as_bytes();
        if end > start && b.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = offset.min(self.len);
        let line = match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(next) => next.saturating_sub(1),
        };
        let (start, end) = self.content(text, line);
        let mut at = offset.min(end).max(start);
        while at > start && !text.is_char_boundary(at) {
            at -= 1;
        }
        let character = match enc {
            Encoding::Utf8 => at - start,
            Encoding::Utf16 => text
                .get(start..at)
                .map_or(0, |s| s.chars().map(char::len_utf16).sum()),
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let (start, end) = self.content(text, line);
        let want = pos.character as usize;
        match enc {
            Encoding::Utf8 => {
                let mut at = (start + want).min(end);
                while at > start && !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            }
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in text.get(start..end).unwrap_or("").char_indices() {
                    let next = units + c.len_utf16();
                    if next > want {
                        return start + i;
                    }
                    units = next;
                }
                end
            }
        }
    }

    pub fn range(&self, text: &str, r: TextRange, enc: Encoding) -> Range {
        Range {
            start: self.position(text, r.start, enc),
            end: self.position(text, r.end, enc),
        }
    }

    pub fn text_range(&self, text: &str, r: Range, enc: Encoding) -> TextRange {
        TextRange::new(
            self.offset(text, r.start, enc),
            self.offset(text, r.end, enc),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_and_utf8_columns() {
        let text = "FROM a\r\nRUN echo 😀 é 中文\n\tX\rY";
        let l = Lines::new(text);
        assert_eq!(l.count(), 4);
        let emoji = text.find('😀').unwrap();
        assert_eq!(l.position(text, emoji, Encoding::Utf16), pos(1, 9));
        let after = emoji + '😀'.len_utf8();
        assert_eq!(l.position(text, after, Encoding::Utf16), pos(1, 11));
        assert_eq!(l.position(text, after, Encoding::Utf8), pos(1, 13));
        // Inside a surrogate pair: rounds down to the character.
        assert_eq!(l.offset(text, pos(1, 10), Encoding::Utf16), emoji);
        let cjk = text.find('中').unwrap();
        assert_eq!(
            l.offset(
                text,
                l.position(text, cjk, Encoding::Utf16),
                Encoding::Utf16
            ),
            cjk
        );
        // Tabs are one unit; a lone \r ends a line.
        assert_eq!(
            l.position(text, text.find('X').unwrap(), Encoding::Utf16),
            pos(2, 1)
        );
        assert_eq!(
            l.position(text, text.find('Y').unwrap(), Encoding::Utf8),
            pos(3, 0)
        );
        // CRLF: the \r is not part of the line's columns.
        assert_eq!(l.offset(text, pos(0, 99), Encoding::Utf16), 6);
        assert_eq!(l.offset(text, pos(99, 0), Encoding::Utf16), text.len());
        // Inside a UTF-8 sequence: rounds down.
        let e = text.find('é').unwrap();
        assert_eq!(
            l.offset(text, pos(1, (e - 8 + 1) as u32), Encoding::Utf8),
            e
        );
    }
}
