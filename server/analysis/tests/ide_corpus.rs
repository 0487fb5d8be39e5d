//! Editor features over every real Dockerfile of the corpus: semantic tokens are sorted,
//! disjoint, single-line and on character boundaries (with and without the tree-sitter
//! tree); symbols, folds and selection chains are well formed; and renaming each
//! variable and stage gives a file where exactly the renamed occurrences carry the new
//! name and still form one symbol.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use dockls_analysis::ide::format::apply_edits;
use dockls_analysis::ide::scope::Scopes;
use dockls_analysis::ide::{folding, navigation, selection, semantic_tokens, symbols};
use dockls_syntax::TextRange;

fn check_symbols(name: &str, list: &[symbols::Symbol]) {
    for s in list {
        assert!(!s.name.trim().is_empty(), "{name}: empty symbol name");
        assert!(
            s.range.contains_range(s.selection),
            "{name}: {s:?} selection outside range"
        );
        for c in &s.children {
            assert!(
                s.range.contains_range(c.range),
                "{name}: child outside {s:?}"
            );
        }
        check_symbols(name, &s.children);
    }
}

#[test]
fn tokens_symbols_folds_and_selections_are_well_formed() {
    let mut tree_instructions = 0usize;
    for (name, text) in common::corpus_dockerfiles() {
        let df = dockls_syntax::parse(&text);
        let st = dockls_syntax::tree::SyntaxTree::new(&text);
        for tree in [st.tree(), None] {
            let toks = semantic_tokens::semantic_tokens(&df, tree, None, false);
            for t in &toks {
                let s = text.get(t.range.start..t.range.end);
                assert!(
                    s.is_some_and(|s| !s.is_empty() && !s.contains('\n')),
                    "{name}: bad token {t:?}"
                );
            }
            for w in toks.windows(2) {
                assert!(w[0].range.end <= w[1].range.start, "{name}: overlap {w:?}");
            }
            // Every instruction keyword is a keyword token.
            for ins in df.instructions.iter().filter(|i| i.keyword.is_some()) {
                assert!(
                    toks.iter().any(|t| t.range == ins.keyword_range
                        && t.kind == semantic_tokens::TokenType::Keyword),
                    "{name}: keyword {} at {:?} not highlighted (tree: {})",
                    ins.keyword_text,
                    ins.keyword_range,
                    tree.is_some()
                );
            }
            if tree.is_some() {
                tree_instructions += df.instructions.len();
            }
        }
        check_symbols(&name, &symbols::document_symbols(&df));
        for f in folding::folding_ranges(&df) {
            assert!(f.end_line > f.start_line, "{name}: {f:?}");
        }
        // Selection chains at a sample of positions.
        let mut at = 0;
        while at < text.len() {
            if text.is_char_boundary(at) {
                let chain = selection::selection_ranges(&df, at);
                assert!(!chain.is_empty(), "{name}@{at}");
                for w in chain.windows(2) {
                    assert!(
                        w[1].contains_range(w[0]) && w[1] != w[0],
                        "{name}@{at}: {chain:?}"
                    );
                }
                assert_eq!(chain.last(), Some(&TextRange::new(0, text.len())));
            }
            at += 37;
        }
    }
    assert!(tree_instructions > 1000);
}

#[test]
fn renaming_every_variable_and_stage_keeps_the_symbol_together() {
    let mut renamed = 0usize;
    let mut refused = 0usize;
    for (name, text) in common::corpus_dockerfiles() {
        let df = dockls_syntax::parse(&text);
        let scopes = Scopes::new(&df);
        let mut groups: Vec<usize> = Vec::new();
        for o in &scopes.vars {
            // Up to 6 variables per file keep the test quick.
            if groups.contains(&o.group) || groups.len() >= 6 {
                continue;
            }
            groups.push(o.group);
            let at = o.name_range.start;
            let members: Vec<TextRange> = scopes.group(o.group).map(|x| x.name_range).collect();
            // Every member's references are the same group.
            let refs = navigation::references(&df, at, true);
            assert_eq!(refs, members, "{name}: references of {}", o.name);
            let new = "ZZ_RENAMED";
            match navigation::rename(&df, at, new) {
                Ok(edits) => {
                    assert_eq!(edits.len(), members.len(), "{name}: {}", o.name);
                    let out = apply_edits(&text, &edits);
                    let after = dockls_syntax::parse(&out);
                    assert_eq!(
                        after.errors.len(),
                        df.errors.len(),
                        "{name}: renaming {} added errors",
                        o.name
                    );
                    let s2 = Scopes::new(&after);
                    let new_occs: Vec<_> = s2.vars.iter().filter(|x| x.name == new).collect();
                    assert_eq!(new_occs.len(), members.len(), "{name}: {}", o.name);
                    assert!(
                        new_occs.iter().all(|x| x.group == new_occs[0].group),
                        "{name}: renaming {} split the variable",
                        o.name
                    );
                    renamed += 1;
                }
                Err(_) => refused += 1,
            }
        }
        for s in scopes.stages.iter().filter(|s| s.decl) {
            let Ok(edits) = navigation::rename(&df, s.range.start, "zzrenamed") else {
                refused += 1;
                continue;
            };
            let out = apply_edits(&text, &edits);
            let after = dockls_syntax::parse(&out);
            assert_eq!(after.errors.len(), df.errors.len(), "{name}: stage rename");
            assert_eq!(after.stages.len(), df.stages.len());
            let base = |b: &dockls_syntax::Base| match b {
                dockls_syntax::Base::Image(r) => format!("image {}", r.raw),
                other => format!("{other:?}"),
            };
            for (a, b) in df.stages.iter().zip(&after.stages) {
                assert_eq!(base(&a.base), base(&b.base), "{name}: stage bases changed");
            }
            renamed += 1;
        }
    }
    eprintln!("renamed {renamed} symbols, refused {refused}");
    assert!(renamed > 800);
}
