//! The tree-sitter-dockerfile tree: the incremental parse the server keeps between edits
//! and the source of node positions for highlighting. Validity is never decided here.

use crate::text::TextRange;

/// The tree-sitter tree type, for crates that keep trees without depending on tree-sitter.
pub use tree_sitter::Tree;

/// The highlight query (our own capture names), compiled on first use.
pub const HIGHLIGHTS: &str = include_str!("../../../queries/highlights.scm");

pub fn language() -> tree_sitter::Language {
    tree_sitter_dockerfile::language()
}

/// A tree-sitter parse of a document that can be updated incrementally.
pub struct SyntaxTree {
    parser: tree_sitter::Parser,
    tree: Option<tree_sitter::Tree>,
}

/// A text change in the form tree-sitter needs: byte offsets plus row/column points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeEdit {
    pub start_byte: usize,
    pub old_end_byte: usize,
    pub new_end_byte: usize,
    pub start: (usize, usize),
    pub old_end: (usize, usize),
    pub new_end: (usize, usize),
}

fn point((row, column): (usize, usize)) -> tree_sitter::Point {
    tree_sitter::Point { row, column }
}

impl SyntaxTree {
    pub fn new(text: &str) -> Self {
        let mut parser = tree_sitter::Parser::new();
        let ok = parser.set_language(language()).is_ok();
        let tree = if ok { parser.parse(text, None) } else { None };
        Self { parser, tree }
    }

    pub fn tree(&self) -> Option<&tree_sitter::Tree> {
        self.tree.as_ref()
    }

    /// Records an edit in the old tree (before reparsing).
    pub fn edit(&mut self, e: &TreeEdit) {
        if let Some(tree) = self.tree.as_mut() {
            edit_tree(tree, e);
        }
    }

    /// Reparses the new text, reusing the edited tree.
    pub fn reparse(&mut self, text: &str) {
        let new = self.parser.parse(text, self.tree.as_ref());
        self.tree = new.or_else(|| self.parser.parse(text, None));
    }

    /// Every node's kind and byte range in document order, to compare two trees.
    pub fn signature(&self) -> Vec<(&'static str, usize, usize)> {
        self.tree.as_ref().map(signature).unwrap_or_default()
    }

    /// Byte ranges of ERROR and MISSING nodes (the grammar's own gaps; not diagnostics).
    pub fn error_ranges(&self) -> Vec<TextRange> {
        let mut out = Vec::new();
        let Some(tree) = &self.tree else { return out };
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.is_error() || n.is_missing() {
                out.push(TextRange::new(n.start_byte(), n.end_byte()));
                continue;
            }
            if n.has_error() {
                let mut c = n.walk();
                stack.extend(n.children(&mut c));
            }
        }
        out.sort();
        out
    }
}

/// Every node's kind and byte range in document order, to compare two trees.
pub fn signature(tree: &tree_sitter::Tree) -> Vec<(&'static str, usize, usize)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    loop {
        let n = cursor.node();
        out.push((n.kind(), n.start_byte(), n.end_byte()));
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

thread_local! {
    static PARSER: std::cell::RefCell<Option<tree_sitter::Parser>> = const { std::cell::RefCell::new(None) };
}

/// Parses `text`, reusing `old` (a tree of an earlier text with every edit since recorded
/// in it by [`edit_tree`]) when given; for callers that keep trees without a parser.
pub fn parse_tree(text: &str, old: Option<&tree_sitter::Tree>) -> Option<tree_sitter::Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = tree_sitter::Parser::new();
            p.set_language(language()).ok()?;
            *slot = Some(p);
        }
        let parser = slot.as_mut()?;
        parser.parse(text, old).or_else(|| parser.parse(text, None))
    })
}

/// Records an edit in a tree (before reparsing the new text with [`parse_tree`]).
pub fn edit_tree(tree: &mut tree_sitter::Tree, e: &TreeEdit) {
    tree.edit(&tree_sitter::InputEdit {
        start_byte: e.start_byte,
        old_end_byte: e.old_end_byte,
        new_end_byte: e.new_end_byte,
        start_position: point(e.start),
        old_end_position: point(e.old_end),
        new_end_position: point(e.new_end),
    });
}

/// A highlight capture: a byte range and its capture name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    pub range: TextRange,
    pub name: &'static str,
}

thread_local! {
    static QUERY: Option<tree_sitter::Query> = tree_sitter::Query::new(language(), HIGHLIGHTS).ok();
}

/// Runs the highlight query over `range` of the tree. Later captures of the same node win
/// over earlier ones (as in the query file's order).
pub fn highlights(tree: &tree_sitter::Tree, text: &str, range: Option<TextRange>) -> Vec<Capture> {
    QUERY.with(|q| {
        let Some(query) = q else { return Vec::new() };
        let names: Vec<&'static str> = query
            .capture_names()
            .iter()
            .map(|n| capture_name(n))
            .collect();
        let mut cursor = tree_sitter::QueryCursor::new();
        if let Some(r) = range {
            cursor.set_byte_range(r.start..r.end);
        }
        let mut out = Vec::new();
        for (m, idx) in cursor.captures(query, tree.root_node(), text.as_bytes()) {
            let c = m.captures[idx];
            let name = names.get(c.index as usize).copied().unwrap_or("none");
            out.push(Capture {
                range: TextRange::new(c.node.start_byte(), c.node.end_byte()),
                name,
            });
        }
        out
    })
}

/// Interns capture names from the query file as static strings.
fn capture_name(n: &str) -> &'static str {
    const NAMES: [&str; 13] = [
        "keyword",
        "comment",
        "parameter",
        "type",
        "number",
        "label",
        "property",
        "string",
        "operator",
        "variable",
        "escape",
        "none",
        "namespace",
    ];
    NAMES.iter().find(|x| **x == n).copied().unwrap_or("none")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_query_compiles_against_the_grammar() {
        let q = tree_sitter::Query::new(language(), HIGHLIGHTS);
        assert!(q.is_ok(), "{:?}", q.err());
        if let Ok(q) = q {
            for name in q.capture_names() {
                assert_ne!(
                    capture_name(name),
                    "none",
                    "capture @{name} is not a known token type"
                );
            }
        }
    }

    #[test]
    fn incremental_edit_matches_fresh_parse() {
        let old = "FROM alpine\nRUN echo hi\n";
        let new = "FROM alpine:3\nRUN echo hi\n";
        let mut t = SyntaxTree::new(old);
        t.edit(&TreeEdit {
            start_byte: 11,
            old_end_byte: 11,
            new_end_byte: 13,
            start: (0, 11),
            old_end: (0, 11),
            new_end: (0, 13),
        });
        t.reparse(new);
        assert_eq!(t.signature(), SyntaxTree::new(new).signature());
    }

    #[test]
    fn highlights_keywords() {
        let text = "FROM alpine AS base\n";
        let t = SyntaxTree::new(text);
        let caps = t
            .tree()
            .map(|tree| highlights(tree, text, None))
            .unwrap_or_default();
        assert!(caps
            .iter()
            .any(|c| c.name == "keyword" && c.range == TextRange::new(0, 4)));
        assert!(caps.iter().any(|c| c.name == "label"));
    }
}
