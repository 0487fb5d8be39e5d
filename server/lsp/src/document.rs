//! An open document: its text in a rope, its version, and the tree-sitter tree kept up to
//! date incrementally. Changes are applied strictly in the order given. The tree is
//! brought up to date when it is asked for (semantic tokens), not on every keystroke:
//! edits are recorded in it as they come, and one incremental reparse covers them all.

use dockls_syntax::tree::{edit_tree, parse_tree, TreeEdit};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

use crate::convert::Encoding;

pub struct Document {
    pub version: i32,
    pub language_id: String,
    rope: Rope,
    /// `None` until first asked for (or after the whole text was replaced).
    tree: Option<dockls_syntax::tree::Tree>,
    /// Edits were recorded in `tree` since it was last parsed.
    stale: bool,
}

/// How to get the tree of a document's current version.
pub enum TreeJob {
    Ready(dockls_syntax::tree::Tree),
    /// Parse the text of the version, reusing the old tree (with every edit recorded).
    Parse {
        version: i32,
        old: Option<dockls_syntax::tree::Tree>,
    },
}

impl Document {
    pub fn new(text: &str, version: i32, language_id: &str) -> Self {
        Self {
            version,
            language_id: language_id.to_string(),
            rope: Rope::from_str(text),
            tree: None,
            stale: false,
        }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// The tree of the current version when it is up to date, else what parsing it needs.
    /// Trees are reference-counted: the clones are cheap. Parsing happens away from the
    /// document, and [`Document::set_tree`] keeps the result.
    pub fn tree_job(&self) -> TreeJob {
        match &self.tree {
            Some(t) if !self.stale => TreeJob::Ready(t.clone()),
            old => TreeJob::Parse {
                version: self.version,
                old: old.clone(),
            },
        }
    }

    /// Keeps a tree parsed from version `version`'s text, unless edits came since.
    pub fn set_tree(&mut self, version: i32, tree: dockls_syntax::tree::Tree) {
        if version == self.version {
            self.tree = Some(tree);
            self.stale = false;
        }
    }

    /// The tree of the current text, parsed here if needed.
    pub fn tree(&mut self) -> Option<&dockls_syntax::tree::Tree> {
        if let TreeJob::Parse { version, old } = self.tree_job() {
            if let Some(t) = parse_tree(&self.text(), old.as_ref()) {
                self.set_tree(version, t);
            }
        }
        self.tree.as_ref()
    }

    /// Byte offset of an LSP position (clamped; columns inside a character round down).
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let start = rope.line_to_byte(line);
        let slice = rope.line(line);
        // Content length without the line break.
        let mut content_chars = slice.len_chars();
        for _ in 0..2 {
            if content_chars > 0 && matches!(slice.char(content_chars - 1), '\n' | '\r') {
                content_chars -= 1;
            }
        }
        let want = pos.character as usize;
        let mut bytes = 0;
        let mut units = 0;
        for c in slice.chars().take(content_chars) {
            let step = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + step > want {
                break;
            }
            units += step;
            bytes += c.len_utf8();
        }
        start + bytes
    }

    /// (row, byte column) in tree-sitter's terms.
    fn point(&self, byte: usize) -> (usize, usize) {
        let row = self.rope.byte_to_line(byte);
        (row, byte - self.rope.line_to_byte(row))
    }

    /// Applies one notification's changes in order. Every change's range is read against
    /// the text as left by the previous change, as the protocol requires.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    self.tree = None;
                }
                Some(range) => {
                    let mut start = self.offset(range.start, enc);
                    let mut end = self.offset(range.end, enc);
                    if end < start {
                        std::mem::swap(&mut start, &mut end);
                    }
                    let start_point = self.point(start);
                    let old_end_point = self.point(end);
                    let start_char = self.rope.byte_to_char(start);
                    let end_char = self.rope.byte_to_char(end);
                    self.rope.remove(start_char..end_char);
                    self.rope.insert(start_char, &change.text);
                    let new_end = start + change.text.len();
                    let new_end_point = self.point(new_end);
                    if let Some(tree) = &mut self.tree {
                        edit_tree(
                            tree,
                            &TreeEdit {
                                start_byte: start,
                                old_end_byte: end,
                                new_end_byte: new_end,
                                start: start_point,
                                old_end: old_end_point,
                                new_end: new_end_point,
                            },
                        );
                        self.stale = true;
                    }
                }
            }
        }
        self.version = version;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Lines;
    use dockls_syntax::tree::{signature, SyntaxTree};
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::Range;

    fn change(
        text: &str,
        start: usize,
        end: usize,
        new: &str,
        enc: Encoding,
    ) -> TextDocumentContentChangeEvent {
        let l = Lines::new(text);
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: l.position(text, start, enc),
                end: l.position(text, end, enc),
            }),
            range_length: None,
            text: new.to_string(),
        }
    }

    /// A valid edit position: on a character boundary and never inside a CRLF pair
    /// (an LSP position cannot point between `\r` and `\n`).
    fn boundary(text: &str, at: usize) -> usize {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let b = text.as_bytes();
        if at > 0 && b.get(at - 1) == Some(&b'\r') && b.get(at) == Some(&b'\n') {
            at -= 1;
        }
        at
    }

    const PIECES: &[&str] = &[
        "FROM alpine:3.20 AS base\n",
        "RUN echo é \\\n  && 😀 done\r\n",
        "\n",
        "COPY <<EOF /x\n",
        "中文 body\n",
        "EOF\n",
        "\r",
        "\t",
        " ",
        "#",
        "x",
        "ENV A=1 B=\"2\"\r\n",
        "\\",
    ];

    fn arb_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        /// Random edit sequences: the document's text matches a plain string edited the
        /// same way, and the incremental tree matches a fresh parse.
        #[test]
        fn random_edits_keep_text_and_tree_exact(
            initial in arb_text(),
            edits in prop::collection::vec((0usize..400, 0usize..40, arb_text(), any::<bool>(), any::<bool>()), 1..8),
        ) {
            let mut doc = Document::new(&initial, 0, "dockerfile");
            // Sometimes parse the tree before the edits, so that they are recorded in it.
            if initial.len() % 2 == 0 {
                doc.tree();
            }
            let mut expected = initial.clone();
            for (i, (at, len, new, utf8, batch)) in edits.into_iter().enumerate() {
                let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let start = boundary(&expected, at);
                let end = boundary(&expected, start + len);
                let c1 = change(&expected, start, end, &new, enc);
                expected.replace_range(start..end, &new);
                if batch {
                    // A second change in the same notification, against the updated text.
                    let s2 = boundary(&expected, at / 2);
                    let c2 = change(&expected, s2, s2, "Z", enc);
                    expected.insert(s2, 'Z');
                    doc.apply(i as i32 + 1, &[c1, c2], enc);
                } else {
                    doc.apply(i as i32 + 1, &[c1], enc);
                }
                prop_assert_eq!(doc.text(), expected.clone());
                let fresh = SyntaxTree::new(&expected).signature();
                prop_assert_eq!(doc.tree().map(signature).unwrap_or_default(), fresh);
            }
        }
    }

    #[test]
    fn crlf_and_full_replacement() {
        let mut doc = Document::new("FROM a\r\nRUN x\r\n", 1, "dockerfile");
        let text = doc.text();
        doc.apply(
            2,
            &[change(&text, 8, 8, "# c\r\n", Encoding::Utf16)],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "FROM a\r\n# c\r\nRUN x\r\n");
        doc.apply(
            3,
            &[TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "FROM b\n".into(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "FROM b\n");
        assert_eq!(doc.version, 3);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let mut doc = Document::new("FROM a\n", 1, "dockerfile");
        let far = Range {
            start: Position {
                line: 50,
                character: 3,
            },
            end: Position {
                line: 60,
                character: 0,
            },
        };
        doc.apply(
            2,
            &[TextDocumentContentChangeEvent {
                range: Some(far),
                range_length: None,
                text: "RUN x\n".into(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "FROM a\nRUN x\n");
        let past_eol = Range {
            start: Position {
                line: 0,
                character: 99,
            },
            end: Position {
                line: 0,
                character: 99,
            },
        };
        doc.apply(
            3,
            &[TextDocumentContentChangeEvent {
                range: Some(past_eol),
                range_length: None,
                text: ":3".into(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(doc.text(), "FROM a:3\nRUN x\n");
    }
}
