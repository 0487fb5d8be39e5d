//! Applies every fix dockls offers on the real-world corpus, one at a time, and checks
//! that it is safe: the result parses with no new syntax error, the finding it fixes goes
//! away (display-only fixes excepted), and applying every safe fix at once ("fix all")
//! converges within three passes, after which a further pass changes nothing.

mod common;

use dockls_analysis::diagnostic::Applicability;
use dockls_analysis::{analyze, MemoryFiles, Settings};

/// Every rule, preview and opt-in ones included.
fn all_rules() -> Settings {
    Settings {
        select: Some(vec!["ALL".into()]),
        preview: true,
        ..Settings::default()
    }
}

/// The corpus files with the `.dockerignore` of their directory, if the corpus has one.
fn corpus() -> Vec<(String, String, MemoryFiles)> {
    let dir = common::corpus_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "MANIFEST.tsv" && !n.ends_with(".dockerignore"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = String::from_utf8_lossy(&std::fs::read(dir.join(&n)).unwrap_or_default())
                .into_owned();
            let prefix = n.rsplit_once("__").map_or("", |(p, _)| p);
            let ignore = std::fs::read_to_string(dir.join(format!("{prefix}__.dockerignore"))).ok();
            let files = match ignore {
                Some(i) => MemoryFiles::default().with(".dockerignore", &i),
                None => MemoryFiles::default(),
            };
            (n, text, files)
        })
        .collect()
}

#[test]
fn every_fix_on_the_corpus_is_safe() {
    let settings = all_rules();
    let mut failures = Vec::new();
    let mut applied = 0;
    for (name, text, files) in corpus() {
        let before = analyze(&text, &settings, &files, Some("Dockerfile"));
        let errors_before = common::syntax_errors(&text);
        for d in &before.diagnostics {
            for fix in d
                .fixes
                .iter()
                .filter(|f| f.applicability != Applicability::DisplayOnly)
            {
                let Some(after) = fix.apply(&text) else {
                    failures.push(format!(
                        "{name}: {} fix {:?} does not apply",
                        d.code, fix.title
                    ));
                    continue;
                };
                applied += 1;
                if common::syntax_errors(&after) > errors_before {
                    failures.push(format!(
                        "{name}: {} fix {:?} adds a syntax error",
                        d.code, fix.title
                    ));
                    continue;
                }
                let count = |diags: &[dockls_analysis::Diagnostic]| {
                    diags.iter().filter(|x| x.code == d.code).count()
                };
                // Fixes that change other files (a new `.dockerignore`) are checked with those
                // changes in place.
                let Ok(overlay) = common::Overlay::new(&files, &fix.files) else {
                    failures.push(format!(
                        "{name}: {} fix {:?} edits a file it cannot apply to",
                        d.code, fix.title
                    ));
                    continue;
                };
                let again = analyze(&after, &settings, &overlay, Some("Dockerfile")).diagnostics;
                if count(&again) >= count(&before.diagnostics) {
                    failures.push(format!(
                        "{name}: {} fix {:?} does not remove the finding",
                        d.code, fix.title
                    ));
                }
            }
        }
    }
    assert!(applied > 500, "only {applied} fixes were exercised");
    assert!(
        failures.is_empty(),
        "{} of {applied} fixes failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fix_all_converges_on_the_corpus() {
    let settings = all_rules();
    let mut failures = Vec::new();
    for (name, text, files) in corpus() {
        let errors_before = common::syntax_errors(&text);
        let mut current = text.clone();
        let mut passes = 0;
        loop {
            let diags = analyze(&current, &settings, &files, Some("Dockerfile")).diagnostics;
            let edits: Vec<_> = diags
                .iter()
                .filter_map(|d| {
                    d.fixes
                        .iter()
                        .find(|f| f.applicability == Applicability::Safe && f.files.is_empty())
                })
                .flat_map(|f| f.edits.clone())
                .collect();
            let next = common::apply_non_overlapping(&current, edits);
            if next == current {
                break;
            }
            passes += 1;
            current = next;
            if passes > 3 {
                failures.push(format!("{name}: fix-all does not converge in 3 passes"));
                break;
            }
        }
        if common::syntax_errors(&current) > errors_before {
            failures.push(format!("{name}: fix-all adds a syntax error"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
