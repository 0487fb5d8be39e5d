//! Logical lines: an instruction's physical lines joined the way BuildKit joins them,
//! with a map back to byte offsets in the original text.

use crate::text::TextRange;

/// One contiguous run of original bytes copied into the logical text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    logical: usize,
    original: usize,
    len: usize,
}

/// The joined text of an instruction plus the offsets each part came from.
///
/// Continuation characters, comment lines and empty lines inside a continued
/// instruction are not part of the logical text; everything else is copied byte
/// for byte, so every logical offset maps back to exactly one original offset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalText {
    text: String,
    pieces: Vec<Piece>,
}

impl LogicalText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `original[range]`; `text` must be that slice.
    pub(crate) fn push(&mut self, text: &str, original_start: usize) {
        if text.is_empty() {
            return;
        }
        let logical = self.text.len();
        if let Some(last) = self.pieces.last_mut() {
            if last.logical + last.len == logical && last.original + last.len == original_start {
                last.len += text.len();
                self.text.push_str(text);
                return;
            }
        }
        self.pieces.push(Piece {
            logical,
            original: original_start,
            len: text.len(),
        });
        self.text.push_str(text);
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the logical text is one run of the original (no joins).
    pub fn is_contiguous(&self) -> bool {
        self.pieces.len() <= 1
    }

    /// Original offset of the byte at logical offset `at` (a start position).
    pub fn start_to_original(&self, at: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let idx = match self.pieces.binary_search_by(|p| p.logical.cmp(&at)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let piece = self.pieces[idx.min(self.pieces.len() - 1)];
        if at >= piece.logical + piece.len {
            // Past the end: stick to the end of the last piece.
            return piece.original + piece.len;
        }
        piece.original + (at - piece.logical)
    }

    /// Original offset just after the byte at logical offset `at - 1` (an end position).
    pub fn end_to_original(&self, at: usize) -> usize {
        if at == 0 || self.pieces.is_empty() {
            return self.start_to_original(at);
        }
        self.start_to_original(at - 1) + 1
    }

    /// Maps a logical range back to an original range (which may span joined lines).
    pub fn range(&self, start: usize, end: usize) -> TextRange {
        if start >= end {
            let at = self.start_to_original(start);
            return TextRange::empty(at);
        }
        TextRange::new(self.start_to_original(start), self.end_to_original(end))
    }

    /// Original ranges covered by a logical range, one per joined piece.
    pub fn original_ranges(&self, start: usize, end: usize) -> Vec<TextRange> {
        let mut out = Vec::new();
        for p in &self.pieces {
            let s = start.max(p.logical);
            let e = end.min(p.logical + p.len);
            if s < e {
                out.push(TextRange::new(
                    p.original + (s - p.logical),
                    p.original + (e - p.logical),
                ));
            }
        }
        out
    }

    /// Maps an original offset to a logical offset, if that byte is part of the logical text.
    pub fn from_original(&self, original: usize) -> Option<usize> {
        self.pieces
            .iter()
            .find(|p| p.original <= original && original < p.original + p.len)
            .map(|p| p.logical + (original - p.original))
    }

    /// Moves the original offsets by `delta`, in place.
    pub(crate) fn shift(&mut self, delta: isize) {
        for p in &mut self.pieces {
            p.original = (p.original as isize + delta) as usize;
        }
    }

    /// A copy whose original offsets are moved by `delta` (used when an edit shifts text).
    pub fn shifted(&self, delta: isize) -> LogicalText {
        LogicalText {
            text: self.text.clone(),
            pieces: self
                .pieces
                .iter()
                .map(|p| Piece {
                    original: (p.original as isize + delta) as usize,
                    ..*p
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_joins() {
        let original = "RUN a \\\n  b";
        let mut l = LogicalText::new();
        l.push(&original[0..6], 0); // "RUN a "
        l.push(&original[8..11], 8); // "  b"
        assert_eq!(l.as_str(), "RUN a   b");
        assert_eq!(l.start_to_original(8), 10);
        assert_eq!(l.end_to_original(6), 6);
        assert_eq!(l.range(4, 9), TextRange::new(4, 11));
        assert_eq!(
            l.original_ranges(4, 9),
            vec![TextRange::new(4, 6), TextRange::new(8, 11)]
        );
        assert_eq!(l.from_original(9), Some(7));
        assert_eq!(l.from_original(6), None);
    }
}
