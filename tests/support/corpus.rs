//! The real-world corpus, located the same way by every test and benchmark that reads it
//! (included with `#[path]`, so it needs nothing but std): `$DOCKLS_CORPUS`, else
//! `shared/corpus/real` beside an ancestor of the including crate.

#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus folder, if it can be found.
pub fn find_corpus_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("DOCKLS_CORPUS") {
        return Some(dir.into());
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus/real"))
        .find(|p| p.is_dir())
}

/// The corpus folder; panics with a clear message when it is missing.
pub fn corpus_dir() -> PathBuf {
    find_corpus_dir().unwrap_or_else(|| {
        panic!(
            "the real-world corpus (shared/corpus/real) is not above {}; set DOCKLS_CORPUS",
            env!("CARGO_MANIFEST_DIR")
        )
    })
}

/// Name and text (invalid UTF-8 replaced) of the corpus files whose names pass `keep`,
/// sorted by name.
pub fn corpus_files(keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let dir = corpus_dir();
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .filter_map(|n| {
            let bytes = std::fs::read(dir.join(&n)).ok()?;
            Some((n, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect();
    out.sort();
    out
}

/// Whether a corpus file name is a Dockerfile (not a `.dockerignore` or the manifest).
pub fn is_dockerfile(name: &str) -> bool {
    name != "MANIFEST.tsv" && !name.ends_with(".dockerignore")
}

/// Every Dockerfile of the corpus.
pub fn corpus_dockerfiles() -> Vec<(String, String)> {
    corpus_files(is_dockerfile)
}

/// Every `.dockerignore` of the corpus.
pub fn corpus_ignore_files() -> Vec<(String, String)> {
    corpus_files(|n| n.ends_with(".dockerignore"))
}
