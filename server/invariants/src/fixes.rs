//! Every fix dockls offers: quick fixes, "ignore this rule" fixes, refactorings at the
//! cursor, and fix-all (safe only, as the editor's `source.fixAll.dockls` does it, and with
//! unsafe fixes, as `dockls check --fix --unsafe-fixes` does it).

use dockls_analysis::diagnostic::{apply_edits, Applicability};
use dockls_analysis::{analyze, Diagnostic, Fix, MemoryFiles, Overlay, ProjectFiles, Settings};

use crate::text::{error_kinds, new_errors, probe_offsets};

/// Most fix-all passes before it must have converged (the CLI's own limit).
pub const FIX_ALL_PASSES: usize = 10;

fn count(diags: &[Diagnostic], code: &str) -> usize {
    diags.iter().filter(|d| d.code == code).count()
}

/// Checks one fix: it applies, adds no syntax error, and (unless display-only, or `keep`)
/// leaves fewer findings of `code` behind.
fn check_one(
    text: &str,
    settings: &Settings,
    files: &dyn ProjectFiles,
    before: &[Diagnostic],
    code: Option<&str>,
    fix: &Fix,
    what: &str,
) -> Result<(), String> {
    let after = fix
        .apply(text)
        .ok_or_else(|| format!("{what} {:?}: its edits do not apply", fix.title))?;
    let added = new_errors(&error_kinds(text), &error_kinds(&after));
    if !added.is_empty() {
        return Err(format!(
            "{what} {:?} adds syntax errors {added:?}; the text becomes:\n{after}",
            fix.title
        ));
    }
    let overlay =
        Overlay::new(files, &fix.files).map_err(|e| format!("{what} {:?}: {e}", fix.title))?;
    let (Some(code), false) = (code, fix.applicability == Applicability::DisplayOnly) else {
        return Ok(());
    };
    let again = analyze(&after, settings, &overlay, Some("Dockerfile")).diagnostics;
    if count(&again, code) >= count(before, code) {
        return Err(format!(
            "{what} {:?} does not remove the {code} finding; the text becomes:\n{after}",
            fix.title
        ));
    }
    Ok(())
}

/// Applies every fix of every finding, every suppression fix, the refactorings at a spread
/// of offsets, and fix-all; see the module docs.
pub fn check_fixes(text: &str, files: &MemoryFiles, settings: &Settings) -> Result<(), String> {
    let analysis = analyze(text, settings, files, Some("Dockerfile"));
    let diags = &analysis.diagnostics;
    let df = &analysis.dockerfile;
    for d in diags {
        let suppressions = dockls_analysis::suppress_fixes::suppression_fixes(df, d);
        let offered = d.fixes.iter().map(|f| (f, "fix"));
        for (fix, what) in offered.chain(suppressions.iter().map(|f| (f, "suppression"))) {
            let label = format!("{} {what}", d.code);
            check_one(text, settings, files, diags, Some(d.code), fix, &label)?;
        }
    }
    let cx = dockls_analysis::Context::new(df, settings, files, Some("Dockerfile"));
    for offset in probe_offsets(text, 12) {
        for (title, fix) in dockls_analysis::refactor::available(&cx, offset) {
            check_one(
                text,
                settings,
                files,
                diags,
                None,
                &fix,
                &format!("refactoring {title:?} at {offset}:"),
            )?;
        }
    }
    // The editor's fix-all: one pass of safe fixes over the current findings.
    let edits = dockls_analysis::fixes::fix_all_edits(diags, false);
    let once = apply_edits(text, &edits).ok_or("the fix-all edits do not apply")?;
    let added = new_errors(&error_kinds(text), &error_kinds(&once));
    if !added.is_empty() {
        return Err(format!(
            "one fix-all pass adds syntax errors {added:?}; the text becomes:\n{once}"
        ));
    }
    for include_unsafe in [false, true] {
        check_fix_all(text, files, settings, include_unsafe)?;
    }
    Ok(())
}

/// Fix-all until nothing changes: no syntax error added, and it converges.
fn check_fix_all(
    text: &str,
    files: &MemoryFiles,
    settings: &Settings,
    include_unsafe: bool,
) -> Result<(), String> {
    let run = |t: &str| analyze(t, settings, files, Some("Dockerfile")).diagnostics;
    let (fixed, _) =
        dockls_analysis::fixes::fix_all(text, include_unsafe, FIX_ALL_PASSES, |t| run(t));
    let kind = if include_unsafe {
        "fix-all with unsafe fixes"
    } else {
        "fix-all"
    };
    let added = new_errors(&error_kinds(text), &error_kinds(&fixed));
    if !added.is_empty() {
        return Err(format!(
            "{kind} adds syntax errors {added:?}; the text becomes:\n{fixed}"
        ));
    }
    let edits = dockls_analysis::fixes::fix_all_edits(&run(&fixed), include_unsafe);
    if let Some(next) = apply_edits(&fixed, &edits) {
        if next != fixed {
            return Err(format!(
                "{kind} does not converge in {FIX_ALL_PASSES} passes; after them:\n{fixed}\nthe next pass gives:\n{next}"
            ));
        }
    }
    Ok(())
}
