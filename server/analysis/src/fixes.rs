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

/// The fix for a syntax problem's replacement suggestion ("did you mean RUN?"), unless taking
/// it would add syntax errors: a keyword or flag name that becomes known makes its
/// arguments count (an unknown `\LABEL a=b` continued into a RUN line is no LABEL). Checked
/// by parsing the instruction alone, after a FROM when it has one before it, so that the
/// cost stays linear in the file however many suggestions it has.
pub fn suggestion_fix(df: &Dockerfile, e: &SyntaxError) -> Option<Fix> {
    let s = e.suggestion.as_ref()?;
    let old = s.range.of(&df.text);
    let fix = Fix::safe(
        format!("Replace `{old}` with `{}`", s.replacement),
        vec![Edit::replace(s.range, s.replacement.clone())],
    )
    .preferred();
    let Some((i, ins)) = df
        .instruction_at(s.range.start)
        .and_then(|i| df.instructions.get(i).map(|ins| (i, ins)))
        .filter(|(_, ins)| ins.range.contains_range(s.range))
    else {
        return Some(fix);
    };
    let start = df
        .line_index
        .line_start(df.line_index.line_of(ins.range.start))
        .unwrap_or(ins.range.start)
        .max(usize::from(df.bom) * '\u{feff}'.len_utf8())
        .min(ins.range.start);
    let mut prefix = String::new();
    if df.escape == '`' {
        prefix.push_str("# escape=`\n");
    }
    if df.stages.first().is_some_and(|st| st.from < i) {
        prefix.push_str("FROM scratch\n");
    }
    let before = df.text.get(start..ins.range.end)?;
    let mut after = before.to_string();
    after.replace_range(s.range.start - start..s.range.end - start, &s.replacement);
    let errors = |t: &str| {
        dockls_syntax::parse(&format!("{prefix}{t}\n"))
            .errors
            .iter()
            .filter(|e| e.severity == dockls_syntax::Severity::Error)
            .count()
    };
    (errors(&after) <= errors(before)).then_some(fix)
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
/// edit already chosen. A restructuring fix ([`Fix::isolated`]) waits until no other fix
/// applies and then goes alone: combined with other edits of the same text it can put
/// lines where they no longer belong. Sorted by position.
pub fn fix_all_edits(diags: &[crate::Diagnostic], include_unsafe: bool) -> Vec<Edit> {
    use crate::diagnostic::Applicability;
    let allowed = |a: Applicability| {
        a == Applicability::Safe || (include_unsafe && a == Applicability::Unsafe)
    };
    let mut edits: Vec<Edit> = Vec::new();
    let mut isolated: Option<&Fix> = None;
    for d in diags {
        let Some(fix) = d
            .fixes
            .iter()
            .find(|f| allowed(f.applicability) && f.files.is_empty())
        else {
            continue;
        };
        if fix.isolated {
            isolated = isolated.or(Some(fix));
            continue;
        }
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
    if edits.is_empty() {
        if let Some(fix) = isolated {
            edits = fix.edits.clone();
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

    fn suggestion(text: &str) -> Option<Fix> {
        let df = dockls_syntax::parse(text);
        let e = df.errors.iter().find(|e| e.suggestion.is_some())?;
        suggestion_fix(&df, e)
    }

    #[test]
    fn suggestions_that_would_add_errors_are_not_offered() {
        let fix = suggestion("FROM a\nRUNN echo hi\n").expect("a fix");
        assert_eq!(
            fix.apply("FROM a\nRUNN echo hi\n").as_deref(),
            Some("FROM a\nRUN echo hi\n")
        );
        // Found by the `fixes` fuzz target: the LABEL would swallow the RUN line as a label
        // without `=`.
        assert!(suggestion("FROM a\n\\LABEL a=b \\\nRUN echo \\\n  && done\n").is_none());
        assert!(suggestion("FRM alpine\n").is_some());
        // The escape directive is kept.
        assert!(suggestion("# escape=`\nFROM a\nRUNN echo `\n  hi\n").is_some());
    }

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
