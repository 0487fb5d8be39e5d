//! The files every benchmark runs on: a realistic 62-line multi-stage file (in this crate),
//! the largest real files of the corpus, and generated 1,000- and 10,000-line files.

use std::path::PathBuf;

/// A realistic multi-stage file: Go, Node and runtime stages, BuildKit cache mounts, a
/// `COPY` heredoc and a `HEALTHCHECK`; dockls reports nothing on it.
pub const REALISTIC: &str = include_str!("../data/realistic.Dockerfile");

/// The largest real files of the corpus, by name.
pub const LARGEST_REAL: &[&str] = &[
    "moby__moby__Dockerfile",
    "super-linter__super-linter__Dockerfile",
    "moby__buildkit__Dockerfile",
];

/// One benchmark input.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub text: String,
}

#[path = "../../tests/support/corpus.rs"]
mod corpus;

/// `$DOCKLS_CORPUS`, else the first `shared/corpus/real` beside an ancestor of this crate.
pub fn corpus_dir() -> Option<PathBuf> {
    corpus::find_corpus_dir()
}

/// Every Dockerfile of the corpus (`.dockerignore` files and the manifest left out), sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned());
            n.is_some_and(|n| corpus::is_dockerfile(&n))
        })
        .collect();
    out.sort();
    out
}

/// The largest real files that the corpus holds (none when it is missing).
pub fn largest_real() -> Vec<Input> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    LARGEST_REAL
        .iter()
        .filter_map(|n| {
            let bytes = std::fs::read(dir.join(n)).ok()?;
            Some(Input {
                name: (*n).to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .collect()
}

/// The standard set: realistic, the largest real files, generated 1k and 10k lines.
pub fn standard() -> Vec<Input> {
    let mut out = vec![Input {
        name: "realistic-62".into(),
        text: REALISTIC.to_string(),
    }];
    out.extend(largest_real());
    for n in [1_000, 10_000] {
        out.push(Input {
            name: format!("generated-{n}"),
            text: crate::gen::generate(n),
        });
    }
    out
}
