//! Micro benchmarks of the pipeline behind every keystroke, on the standard inputs (the
//! realistic 62-line file, the largest real files of the corpus, generated 1,000- and
//! 10,000-line files):
//!
//! - `parse`: reading a whole document into the typed view (BuildKit's rules);
//! - `tree_sitter_parse` and `tree_sitter_reparse`: the grammar's tree, from scratch and
//!   after a one-character edit (what the server keeps for highlighting and positions);
//! - `reparse`: the typed view after a one-character edit in a mid-file instruction;
//! - `analyze`: every rule on a fresh document, and `analyze_edit`: the incremental
//!   analysis after a one-character edit (what the server runs per keystroke);
//! - `semantic_tokens`: full semantic tokens.
//!
//! `cargo bench -p dockls-bench --bench micro` (add `-- parse` to run one group). Results
//! are recorded in BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use divan::Bencher;
use dockls_analysis::{NoFiles, Settings};
use dockls_bench::inputs::{self, Input};
use dockls_syntax::tree::{SyntaxTree, TreeEdit};

fn main() {
    divan::main();
}

const NAMES: &[&str] = &[
    "realistic-62",
    "moby__moby__Dockerfile",
    "super-linter__super-linter__Dockerfile",
    "moby__buildkit__Dockerfile",
    "generated-1000",
    "generated-10000",
];

fn input(name: &str) -> &'static Input {
    static ALL: OnceLock<Vec<Input>> = OnceLock::new();
    ALL.get_or_init(inputs::standard)
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no input {name}: is the corpus there? (set DOCKLS_CORPUS)"))
}

/// A one-character insert in a mid-file instruction: the new text and the tree edit.
fn one_char_edit(text: &str) -> (String, TreeEdit) {
    let mut at = dockls_bench::gen::mid_edit_offset(text).min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let mut edited = String::with_capacity(text.len() + 1);
    edited.push_str(&text[..at]);
    edited.push('x');
    edited.push_str(&text[at..]);
    let row = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let edit = TreeEdit {
        start_byte: at,
        old_end_byte: at,
        new_end_byte: at + 1,
        start: (row, column),
        old_end: (row, column),
        new_end: (row, column + 1),
    };
    (edited, edit)
}

#[divan::bench(args = NAMES)]
fn parse(b: Bencher, name: &str) {
    let text = &input(name).text;
    b.bench(|| dockls_syntax::parse(divan::black_box(text)));
}

#[divan::bench(args = NAMES)]
fn tree_sitter_parse(b: Bencher, name: &str) {
    let text = &input(name).text;
    b.bench(|| SyntaxTree::new(divan::black_box(text)));
}

#[divan::bench(args = NAMES)]
fn tree_sitter_reparse(b: Bencher, name: &str) {
    let text = &input(name).text;
    let (edited, edit) = one_char_edit(text);
    b.with_inputs(|| {
        let mut tree = SyntaxTree::new(text);
        tree.edit(&edit);
        tree
    })
    .bench_local_values(|mut tree| {
        tree.reparse(&edited);
        tree
    });
}

#[divan::bench(args = NAMES)]
fn reparse(b: Bencher, name: &str) {
    let text = &input(name).text;
    let (edited, _) = one_char_edit(text);
    let before = dockls_syntax::parse(text);
    b.with_inputs(|| before.clone())
        .bench_local_values(|df| dockls_syntax::reparse(df, &edited));
}

#[divan::bench(args = NAMES)]
fn analyze(b: Bencher, name: &str) {
    let text = &input(name).text;
    let settings = Settings::default();
    b.bench(|| dockls_analysis::analyze(text, &settings, &NoFiles, Some("Dockerfile")));
}

#[divan::bench(args = NAMES)]
fn analyze_edit(b: Bencher, name: &str) {
    let text = &input(name).text;
    let settings = Settings::default();
    let (edited, _) = one_char_edit(text);
    let before = dockls_analysis::analyze(text, &settings, &NoFiles, Some("Dockerfile"));
    b.with_inputs(|| before.clone()).bench_local_values(|prev| {
        dockls_analysis::analyze_incremental(prev, &edited, &settings, &NoFiles, Some("Dockerfile"))
    });
}

#[divan::bench(args = NAMES)]
fn semantic_tokens(b: Bencher, name: &str) {
    let text = &input(name).text;
    let df = dockls_syntax::parse(text);
    let tree = SyntaxTree::new(text);
    b.bench(|| {
        dockls_analysis::ide::semantic_tokens::semantic_tokens(&df, tree.tree(), None, false)
    });
}
