//! Fixes shared by several diagnostics: syntax repairs and edits of ignore comments.

use dockls_syntax::{Dockerfile, SyntaxError, SyntaxErrorKind, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::suppress::{IgnoreComment, IgnoredName};

/// A JSON string literal for `s`.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// A JSON array of strings, `["a", "b"]`.
pub fn json_array<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| json_string(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

/// Converts `['a', "b"]` written with single quotes into a JSON array, if every element is
/// a quoted string.
fn requote(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let Some(q) = chars.next() else { break };
        if q != '\'' && q != '"' {
            return None;
        }
        let mut item = String::new();
        loop {
            let c = chars.next()?;
            if c == q {
                break;
            }
            if c == '\\' && q == '"' {
                item.push(chars.next()?);
                continue;
            }
            item.push(c);
        }
        items.push(item);
    }
    (!items.is_empty()).then(|| json_array(&items))
}

/// A fix for a syntax problem that is not a simple replacement suggestion.
pub fn syntax_fix(df: &Dockerfile, e: &SyntaxError) -> Option<Fix> {
    match e.kind {
        SyntaxErrorKind::JsonInvalid => {
            let text = e.range.of(&df.text);
            // Only when the arguments are on one line (the range maps one-to-one).
            if text.contains('\n') {
                return None;
            }
            let fixed = requote(text)?;
            Some(
                Fix::safe(
                    "Rewrite as a JSON array with double quotes",
                    vec![Edit::replace(e.range, fixed)],
                )
                .preferred(),
            )
        }
        SyntaxErrorKind::ShellNotJson => {
            let text = e.range.of(&df.text);
            if text.contains('\n') || text.trim().is_empty() {
                return None;
            }
            let words: Vec<&str> = text.split_whitespace().collect();
            Some(
                Fix::safe(
                    "Write SHELL as a JSON array",
                    vec![Edit::replace(e.range, json_array(&words))],
                )
                .preferred(),
            )
        }
        _ => None,
    }
}

/// Removes one name from an ignore comment (the whole comment line if it is the last one).
pub fn remove_ignored_name(df: &Dockerfile, c: &IgnoreComment, n: &IgnoredName) -> Fix {
    if c.names.len() == 1 {
        let line = df.line_index.line_of(c.range.start);
        let start = df.line_index.line_start(line).unwrap_or(c.range.start);
        let end = df.line_index.line_start(line + 1).unwrap_or(c.range.end);
        return Fix::safe(
            "Remove the ignore comment",
            vec![Edit::delete(TextRange::new(start, end))],
        );
    }
    let text = &df.text;
    let bytes = text.as_bytes();
    // Remove the name plus the comma after it (or before it, for the last name).
    let mut end = n.range.end;
    while end < c.range.end && bytes.get(end) == Some(&b' ') {
        end += 1;
    }
    let range = if bytes.get(end) == Some(&b',') {
        let mut e = end + 1;
        while e < c.range.end && bytes.get(e) == Some(&b' ') {
            e += 1;
        }
        TextRange::new(n.range.start, e)
    } else {
        let mut start = n.range.start;
        while start > c.range.start && bytes.get(start - 1) == Some(&b' ') {
            start -= 1;
        }
        if start > c.range.start && bytes.get(start - 1) == Some(&b',') {
            start -= 1;
        }
        TextRange::new(start, n.range.end)
    };
    Fix::safe(
        format!("Remove `{}` from the ignore comment", n.name),
        vec![Edit::delete(range)],
    )
}

/// The edits of one "fix all" pass: for each finding, its first fix that is safe (or also
/// unsafe, when allowed) and changes only this document, skipping any fix that overlaps an
/// edit already chosen. Sorted by position.
pub fn fix_all_edits(diags: &[crate::Diagnostic], include_unsafe: bool) -> Vec<Edit> {
    use crate::diagnostic::Applicability;
    let allowed = |a: Applicability| {
        a == Applicability::Safe || (include_unsafe && a == Applicability::Unsafe)
    };
    let mut edits: Vec<Edit> = Vec::new();
    for d in diags {
        let Some(fix) = d
            .fixes
            .iter()
            .find(|f| allowed(f.applicability) && f.files.is_empty())
        else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            edits.iter().any(|x| {
                e.range.intersects(x.range)
                    || (e.range.start == x.range.start
                        && (e.range.is_empty() || x.range.is_empty()))
            })
        });
        if !clashes {
            edits.extend(fix.edits.iter().cloned());
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// Applies "fix all" passes until nothing changes (at most `max_passes`). Returns the new
/// text and the number of fixes applied.
pub fn fix_all(
    text: &str,
    include_unsafe: bool,
    max_passes: usize,
    mut analyze: impl FnMut(&str) -> Vec<crate::Diagnostic>,
) -> (String, usize) {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..max_passes {
        let diags = analyze(&current);
        let edits = fix_all_edits(&diags, include_unsafe);
        if edits.is_empty() {
            break;
        }
        let fixed_here = diags
            .iter()
            .filter(|d| {
                d.fixes
                    .iter()
                    .any(|f| f.edits.first().is_some_and(|e| edits.contains(e)))
            })
            .count();
        match crate::diagnostic::apply_edits(&current, &edits) {
            Some(next) if next != current => {
                applied += fixed_here;
                current = next;
            }
            _ => break,
        }
    }
    (current, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requotes_single_quoted_arrays() {
        assert_eq!(
            requote("['nginx', '-g', 'daemon off;']").as_deref(),
            Some(r#"["nginx", "-g", "daemon off;"]"#)
        );
        assert_eq!(requote("['a' 'b']").as_deref(), Some(r#"["a", "b"]"#));
        assert_eq!(requote("[a, 'b']"), None);
    }
}
