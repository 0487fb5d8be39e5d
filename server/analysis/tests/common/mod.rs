//! Shared helpers for the analysis tests: run one rule, render findings and fixes, and
//! check that fixes are sound.

#![allow(dead_code)]

use dockls_analysis::diagnostic::{Applicability, Diagnostic};
use dockls_analysis::{analyze, MemoryFiles, ProjectFiles, Settings, SettingsLayer};
use dockls_syntax::{LineIndex, Severity as SyntaxSeverity};

/// Settings that run exactly one rule (plus syntax checks, which always run).
pub fn only(code: &str, extra: Option<&SettingsLayer>) -> Settings {
    let mut s = Settings::default();
    if let Some(layer) = extra {
        s.apply(layer);
    }
    s.select = Some(vec![code.to_string()]);
    s.extend_select.clear();
    s.preview = true;
    s
}

pub fn syntax_errors(text: &str) -> usize {
    dockls_syntax::parse(text)
        .errors
        .iter()
        .filter(|e| e.severity == SyntaxSeverity::Error)
        .count()
}

/// Renders findings with their lines, carets and fixes as a diff.
pub fn render(text: &str, diags: &[Diagnostic]) -> String {
    let idx = LineIndex::new(text);
    let mut out = String::new();
    for d in diags {
        let s = idx.line_col(d.range.start);
        let e = idx.line_col(d.range.end);
        out.push_str(&format!(
            "{} {} at {}:{}-{}:{}: {}\n",
            d.code,
            d.severity.as_str(),
            s.line + 1,
            s.col + 1,
            e.line + 1,
            e.col + 1,
            d.message
        ));
        if let Some(r) = idx.line_range(s.line, text) {
            let line = r.of(text);
            out.push_str(&format!("  {:>3} | {}\n", s.line + 1, line));
            let start_col = text[r.start..d.range.start.max(r.start)].chars().count();
            let width = if e.line == s.line {
                text[d.range.start..d.range.end].chars().count().max(1)
            } else {
                line.chars().count().saturating_sub(start_col).max(1)
            };
            out.push_str(&format!(
                "      | {}{}\n",
                " ".repeat(start_col),
                "^".repeat(width)
            ));
        }
        for f in &d.fixes {
            let kind = match f.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
                Applicability::DisplayOnly => "display-only",
            };
            out.push_str(&format!(
                "  fix ({kind}{}): {}\n",
                if f.preferred { ", preferred" } else { "" },
                f.title
            ));
            match f.apply(text) {
                Some(after) => out.push_str(&diff(text, &after)),
                None => out.push_str("    (edits do not apply)\n"),
            }
            for file in &f.files {
                out.push_str(&format!("    + file change: {file:?}\n"));
            }
        }
    }
    out
}

/// A minimal line diff: the changed region, with `-` and `+` lines.
pub fn diff(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut start = 0;
    while start < a.len() && start < b.len() && a[start] == b[start] {
        start += 1;
    }
    let mut end_a = a.len();
    let mut end_b = b.len();
    while end_a > start && end_b > start && a[end_a - 1] == b[end_b - 1] {
        end_a -= 1;
        end_b -= 1;
    }
    let mut out = String::new();
    for l in &a[start..end_a] {
        out.push_str(&format!("    - {l}\n"));
    }
    for l in &b[start..end_b] {
        out.push_str(&format!("    + {l}\n"));
    }
    if out.is_empty() {
        out.push_str("    (no change)\n");
    }
    out
}

/// Checks every fix of a rule's findings: applies cleanly, adds no syntax error, removes
/// the finding it fixes (unless display-only), and fix-all converges within 3 passes.
pub fn check_fixes(
    code: &str,
    text: &str,
    settings: &Settings,
    files: &dyn ProjectFiles,
) -> Result<(), String> {
    let before_errors = syntax_errors(text);
    let diags = analyze(text, settings, files, Some("Dockerfile")).diagnostics;
    for d in diags.iter().filter(|d| d.code == code) {
        for f in &d.fixes {
            let after = f
                .apply(text)
                .ok_or_else(|| format!("{code}: fix {:?} does not apply", f.title))?;
            let errors = syntax_errors(&after);
            if errors > before_errors {
                return Err(format!(
                    "{code}: fix {:?} adds a syntax error:\n{after}",
                    f.title
                ));
            }
            if f.applicability == Applicability::DisplayOnly {
                continue;
            }
            // Changes to other project files (a created `.dockerignore`) apply too.
            let overlay = Overlay::new(files, &f.files)
                .map_err(|e| format!("{code}: fix {:?} changes a file it cannot: {e}", f.title))?;
            let files: &dyn ProjectFiles = &overlay;
            let again = analyze(&after, settings, files, Some("Dockerfile")).diagnostics;
            let same_place = again.iter().any(|x| {
                x.code == code && x.range.start == d.range.start && x.message == d.message
            });
            if same_place && after.len() == text.len() && f.files.is_empty() {
                return Err(format!(
                    "{code}: fix {:?} leaves the finding in place:\n{after}",
                    f.title
                ));
            }
            if again.iter().filter(|x| x.code == code).count()
                >= diags.iter().filter(|x| x.code == code).count()
            {
                return Err(format!(
                    "{code}: fix {:?} does not reduce the findings:\n{after}",
                    f.title
                ));
            }
        }
    }
    // Fix-all with safe fixes converges.
    let mut current = text.to_string();
    for pass in 0..4 {
        let diags = analyze(&current, settings, files, Some("Dockerfile")).diagnostics;
        let edits: Vec<_> = diags
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| {
                d.fixes
                    .iter()
                    .find(|f| f.applicability == Applicability::Safe)
            })
            .flat_map(|f| f.edits.clone())
            .collect();
        let next = apply_non_overlapping(&current, edits);
        if next == current {
            return Ok(());
        }
        if pass == 3 {
            return Err(format!("{code}: fix-all does not converge in 3 passes"));
        }
        current = next;
    }
    Ok(())
}

/// Applies the edits that do not overlap an earlier one.
pub fn apply_non_overlapping(text: &str, mut edits: Vec<dockls_analysis::Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut chosen: Vec<dockls_analysis::Edit> = Vec::new();
    for e in edits {
        if chosen.last().is_none_or(|l| {
            l.range.end <= e.range.start
                && !(l.range.is_empty() && e.range.is_empty() && l.range.start == e.range.start)
        }) {
            chosen.push(e);
        }
    }
    dockls_analysis::diagnostic::apply_edits(text, &chosen).unwrap_or_else(|| text.to_string())
}

/// Reads a fixture: `CODE.Dockerfile`, or a directory `CODE/` with a `Dockerfile`, other
/// project files, and optionally `settings.json`.
pub fn load_fixture(path: &std::path::Path) -> (String, MemoryFiles, Option<SettingsLayer>) {
    if path.is_dir() {
        let text = std::fs::read_to_string(path.join("Dockerfile")).unwrap_or_default();
        let mut files = MemoryFiles::default();
        let mut layer = None;
        for e in std::fs::read_dir(path).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let content = std::fs::read_to_string(e.path()).unwrap_or_default();
            if name == "settings.json" {
                layer = serde_json::from_str(&content).ok();
            } else if name != "Dockerfile" {
                files = files.with(&name, &content);
            }
        }
        (text, files, layer)
    } else {
        (
            std::fs::read_to_string(path).unwrap_or_default(),
            MemoryFiles::default(),
            None,
        )
    }
}

pub use dockls_analysis::Overlay;

#[path = "../../../../tests/support/corpus.rs"]
mod corpus;
#[allow(unused_imports)]
pub use corpus::{corpus_dir, corpus_dockerfiles, corpus_ignore_files};
