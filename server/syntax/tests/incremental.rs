//! `reparse` (reuse what an edit cannot change) must give exactly what `parse` gives: the
//! same instructions, typed views, shell views, comments, stages and errors, after random
//! edits of real files and of synthetic texts full of continuations, heredocs, SHELL,
//! ONBUILD, directives and CRLF line ends.

#[path = "../../../tests/support/corpus.rs"]
mod corpus;
#[path = "../../../tests/support/rng.rs"]
mod rng;

use dockls_syntax::{parse, reparse_with_changes, Dockerfile};
use proptest::prelude::*;
use rng::Rng;

/// Pieces that change how lines group into instructions.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\\\n",
    "\\",
    "`\n",
    " \\\n  ",
    "# c\n",
    "#",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "# check=skip=all\n",
    "FROM alpine:3.20 AS base\n",
    "FROM base AS next\n",
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
    "FROM ",
    "RUN apt-get update && apt-get install -y curl\n",
    "RUN <<EOF\necho hi\nEOF\n",
    "RUN <<EOF\n",
    "RUN <<-EOF bash\n\tset -e\n\tEOF\n",
    "COPY <<A <<B /dst/\na\nA\nb\nB\n",
    "EOF\n",
    "EOF",
    "<<EOF",
    "SHELL [\"pwsh\", \"-c\"]\n",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    "SHELL /bin/sh\n",
    "ONBUILD RUN echo $X\n",
    "ONBUILD ",
    "ARG V=1\n",
    "ENV A=1 B=\"2 3\"\n",
    "CMD [\"a\", \"b\"]\n",
    "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
    "RUN ((a | b) && c || true)\n",
    "${",
    "$X",
    "}",
    "\"",
    "'",
    "[",
    "é",
    "\t",
    " ",
    "x",
    "\u{feff}",
];

fn check(old_text: &str, edits: &[(usize, usize, String)]) -> Result<(), TestCaseError> {
    let mut text = old_text.to_string();
    let mut df: Dockerfile = parse(&text);
    for (n, (at, len, new)) in edits.iter().enumerate() {
        let mut start = (*at).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, new);
        let before = df.clone();
        let (next, changes) = reparse_with_changes(df, &text);
        df = next;
        let fresh = parse(&text);
        if let Some(c) = &changes {
            // What the summary says was kept or moved is exactly what was there before.
            let (old, new) = (&before.instructions, &df.instructions);
            prop_assert_eq!(
                old.len(),
                c.read.start + c.replaced.len() + new.len() - c.read.end
            );
            for i in 0..c.read.start {
                if !c.reshelled.contains(&i) {
                    prop_assert_eq!(&old[i], &new[i], "kept instruction {} of {:?}", i, text);
                }
            }
            prop_assert_eq!(
                &old[c.read.start..c.read.start + c.replaced.len()],
                &c.replaced[..]
            );
            for (i, now) in new.iter().enumerate().skip(c.read.end) {
                let j = i - c.read.end + c.read.start + c.replaced.len();
                prop_assert_eq!(c.map_index(j), Some(i));
                prop_assert_eq!(c.map(old[j].range.start), Some(now.range.start));
                prop_assert_eq!(c.map(old[j].range.end), Some(now.range.end));
                prop_assert_eq!(&old[j].logical.as_str(), &now.logical.as_str());
                if !c.reshelled.contains(&i) {
                    prop_assert_eq!(old[j].shell.is_some(), now.shell.is_some());
                }
            }
        }
        if df != fresh {
            prop_assert!(
                false,
                "after edit {n} of {edits:?}: {}",
                first_difference(&df, &fresh, &text)
            );
        }
    }
    Ok(())
}

/// The first part where two parses differ, briefly.
fn first_difference(got: &Dockerfile, want: &Dockerfile, text: &str) -> String {
    fn first<T: PartialEq + std::fmt::Debug>(what: &str, a: &[T], b: &[T]) -> Option<String> {
        if a == b {
            return None;
        }
        let i = a
            .iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let (x, y) = (format!("{:?}", a.get(i)), format!("{:?}", b.get(i)));
        let at = x
            .bytes()
            .zip(y.bytes())
            .position(|(p, q)| p != q)
            .unwrap_or(0);
        let window = |s: &str| {
            let boundary = |mut i: usize| {
                while !s.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            s[boundary(at.saturating_sub(150))..boundary((at + 250).min(s.len()))].to_string()
        };
        Some(format!(
            "{what}: lengths {} and {}, first difference at {i}:\n reparse: ...{}...\n   parse: ...{}...",
            a.len(),
            b.len(),
            window(&x),
            window(&y)
        ))
    }
    let diff = first("instructions", &got.instructions, &want.instructions)
        .or_else(|| first("comments", &got.comments, &want.comments))
        .or_else(|| first("errors", &got.errors, &want.errors))
        .or_else(|| first("stages", &got.stages, &want.stages))
        .unwrap_or_else(|| "another field differs".to_string());
    format!("{diff}\ntext: {text:?}")
}

fn arb_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..14).prop_map(|v| v.concat())
}

fn arb_edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    prop::collection::vec(
        (
            0usize..600,
            prop_oneof![Just(0usize), 0usize..3, 0usize..40],
            prop::collection::vec(prop::sample::select(PIECES), 0..3).prop_map(|v| v.concat()),
        ),
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn reparse_equals_parse_on_synthetic_texts(text in arb_text(), edits in arb_edits()) {
        check(&text, &edits)?;
    }
}

#[test]
fn reparse_equals_parse_on_the_corpus() {
    let files = corpus::corpus_dockerfiles();
    assert!(!files.is_empty());
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for (name, text) in files {
        for _ in 0..3 {
            let edits: Vec<(usize, usize, String)> = (0..3)
                .map(|_| {
                    let at = rng.below(text.len() + 1);
                    let len = [0, 1, 1, 5, 30][rng.below(5)];
                    let new = match rng.below(4) {
                        0 => String::new(),
                        1 => "x".to_string(),
                        _ => PIECES[rng.below(PIECES.len())].to_string(),
                    };
                    (at, len, new)
                })
                .collect();
            if let Err(e) = check(&text, &edits) {
                panic!("{name}: {e}");
            }
        }
    }
}
