//! Small checks shared by the invariants.

use dockls_syntax::{SyntaxErrorKind, TextRange};

/// The syntax errors (not warnings) of a text, as a sorted list of kinds.
pub fn error_kinds(text: &str) -> Vec<SyntaxErrorKind> {
    let mut kinds: Vec<SyntaxErrorKind> = dockls_syntax::parse(text)
        .errors
        .iter()
        .filter(|e| e.severity == dockls_syntax::Severity::Error)
        .map(|e| e.kind)
        .collect();
    kinds.sort_by_key(|k| format!("{k:?}"));
    kinds
}

/// The syntax errors an edit added: empty when `after` has no more errors than `before`
/// (a fix may reveal a different error while removing one, as replacing an unknown
/// instruction in a file without FROM reveals the missing FROM); otherwise the kinds
/// `after` has more of.
pub fn new_errors(before: &[SyntaxErrorKind], after: &[SyntaxErrorKind]) -> Vec<SyntaxErrorKind> {
    let mut out = Vec::new();
    if after.len() <= before.len() {
        return out;
    }
    for k in after {
        let a = after.iter().filter(|x| *x == k).count();
        let b = before.iter().filter(|x| *x == k).count();
        if a > b && !out.contains(k) {
            out.push(*k);
        }
    }
    out
}

/// A range that lies inside `text` and starts and ends on character boundaries.
pub fn check_range(text: &str, r: TextRange, what: &str) -> Result<(), String> {
    if r.start > r.end || r.end > text.len() {
        return Err(format!(
            "{what}: range {}..{} is outside the text (length {})",
            r.start,
            r.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
        return Err(format!(
            "{what}: range {}..{} splits a character",
            r.start, r.end
        ));
    }
    Ok(())
}

/// Offsets to probe editor features at: both ends, every line start and end (up to a
/// limit), and a spread of offsets in between; each on a character boundary.
pub fn probe_offsets(text: &str, limit: usize) -> Vec<usize> {
    let mut out = vec![0, text.len()];
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push(i);
            out.push(i + 1);
        }
        if out.len() >= limit / 2 {
            break;
        }
    }
    let step = (text.len() / (limit / 2).max(1)).max(1);
    let mut at = 0;
    while at < text.len() && out.len() < limit {
        out.push(at);
        at += step;
    }
    for o in &mut out {
        *o = (*o).min(text.len());
        while !text.is_char_boundary(*o) {
            *o -= 1;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether `d` is a rule that failed (the engine turns a panicking rule into this).
pub fn is_internal_error(d: &dockls_analysis::Diagnostic) -> bool {
    d.message.starts_with("internal error:")
}
