//! "Ignore this rule here" fixes: add (or extend) a `# dockls ignore=` comment above the
//! instruction, a `# dockls global ignore=` comment for the file, and for BuildKit checks
//! a `skip=` entry in the `# check=` directive (editing the existing directive, because a
//! second one is a build error). These are offered as code actions, never by fix-all.

use dockls_syntax::{Dockerfile, TextRange};

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rule::Category;
use crate::suppress::{ignore_comments, Origin};

/// The offset just after the leading parser directives (where a new comment can go
/// without ending the directive block early).
fn after_directives(df: &Dockerfile) -> usize {
    df.directives
        .iter()
        .map(|d| {
            df.line_index
                .line_start(df.line_index.line_of(d.range.start) + 1)
                .unwrap_or(df.text.len())
        })
        .max()
        .unwrap_or(0)
        .max(bom_end(df))
}

fn line_start(df: &Dockerfile, offset: usize) -> usize {
    df.line_index
        .line_start(df.line_index.line_of(offset))
        .unwrap_or(0)
        .max(bom_end(df))
}

/// Where the text starts after a byte order mark: nothing may be inserted before it (the
/// mark would then start a later line and be read as part of an instruction).
fn bom_end(df: &Dockerfile) -> usize {
    if df.bom && df.text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

fn newline(df: &Dockerfile) -> &'static str {
    if df.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Fixes that silence `d` where it is, in the file, or (for BuildKit checks) with `check=`.
pub fn suppression_fixes(df: &Dockerfile, d: &Diagnostic) -> Vec<Fix> {
    let Some(meta) = d.rule() else {
        return Vec::new();
    };
    if meta.category == Category::Syntax && d.severity == crate::Severity::Error {
        return Vec::new();
    }
    // Unused-suppression findings are made after ignore comments are applied, so a comment
    // cannot silence them (an offered one would change nothing); the setting turns them off.
    if meta.code == crate::rules::meta::unused_suppression::UnusedSuppression::META.code {
        return Vec::new();
    }
    let nl = newline(df);
    let mut out = Vec::new();
    let comments = ignore_comments(df);
    if let Some(i) = df.instruction_at(d.range.start) {
        if let Some(ins) = df.instructions.get(i) {
            let existing = comments
                .iter()
                .find(|c| c.origin == Origin::Dockls && !c.global && c.instruction == Some(i));
            let edit = match existing.and_then(|c| c.names.last()) {
                Some(last) => Edit::insert(last.range.end, format!(",{}", meta.code)),
                None => {
                    let at = line_start(df, ins.range.start);
                    let indent = &df.text[at..ins.range.start];
                    let indent: String = indent
                        .chars()
                        .take_while(|c| *c == ' ' || *c == '\t')
                        .collect();
                    Edit::insert(at, format!("{indent}# dockls ignore={}{nl}", meta.code))
                }
            };
            out.push(Fix::safe(
                format!("Ignore {} ({}) for this instruction", meta.code, meta.name),
                vec![edit],
            ));
        }
    }
    let global = comments
        .iter()
        .find(|c| c.origin == Origin::Dockls && c.global);
    let edit = match global.and_then(|c| c.names.last()) {
        Some(last) => Edit::insert(last.range.end, format!(",{}", meta.code)),
        None => Edit::insert(
            after_directives(df),
            format!("# dockls global ignore={}{nl}", meta.code),
        ),
    };
    out.push(Fix::safe(
        format!("Ignore {} ({}) in this file", meta.code, meta.name),
        vec![edit],
    ));
    if let Some(bk) = meta.buildkit {
        if meta.default_enabled {
            if let Some(fix) = check_skip(df, bk) {
                out.push(fix);
            }
        }
    }
    out
}

/// Adds `bk` to the `skip=` list of the `check` directive, or adds the directive.
fn check_skip(df: &Dockerfile, bk: &str) -> Option<Fix> {
    let title = format!("Skip BuildKit check {bk} in this file (# check=skip)");
    let Some(d) = df.directive("check") else {
        let nl = newline(df);
        let at = after_directives(df);
        return Some(Fix::safe(
            title,
            vec![Edit::insert(at, format!("# check=skip={bk}{nl}"))],
        ));
    };
    let value = d.value.as_str();
    let mut offset = d.value_range.start;
    let mut parts = 0;
    for part in value.split(';') {
        parts += 1;
        let trimmed = part.trim_start();
        let lead = part.len() - trimmed.len();
        if let Some(list) = trimmed.strip_prefix("skip=") {
            if list.trim() == "all" || list.split(',').any(|n| n.trim() == bk) {
                return None;
            }
            let end = offset + lead + "skip=".len() + list.trim_end().len();
            let sep = if list.trim().is_empty() { "" } else { "," };
            return Some(Fix::safe(
                title,
                vec![Edit::insert(end, format!("{sep}{bk}"))],
            ));
        }
        offset += part.len() + 1;
    }
    // BuildKit reads at most three options; a fourth would be swallowed by the third.
    if parts >= 3 {
        return None;
    }
    Some(Fix::safe(
        title,
        vec![Edit::replace(
            TextRange::empty(d.value_range.end),
            format!(";skip={bk}"),
        )],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, NoFiles, Settings};

    fn apply_titled(text: &str, code: &str, title_part: &str) -> String {
        let a = analyze(text, &Settings::default(), &NoFiles, None);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .expect("finding");
        let fix = suppression_fixes(&a.dockerfile, d)
            .into_iter()
            .find(|f| f.title.contains(title_part))
            .expect("fix");
        fix.apply(text).expect("applies")
    }

    #[test]
    fn comments_go_after_a_byte_order_mark() {
        // Found by the `fixes` fuzz target: the comment went before the mark, which then
        // started the FROM line and made it an unknown instruction.
        let text = "\u{feff}MAINTAINER me\nFROM alpine:3.20\n";
        assert_eq!(
            apply_titled(text, "DK401", "this instruction"),
            "\u{feff}# dockls ignore=DK401\nMAINTAINER me\nFROM alpine:3.20\n"
        );
        assert_eq!(
            apply_titled(text, "DK401", "in this file"),
            "\u{feff}# dockls global ignore=DK401\nMAINTAINER me\nFROM alpine:3.20\n"
        );
    }

    #[test]
    fn unused_suppressions_get_no_ignore_fix() {
        // Found by the `fixes` fuzz target: "Ignore DK902 in this file" changed nothing.
        let text = "# hadolint ignore=DL3008\nFROM alpine:3.20\n";
        let settings = Settings {
            extend_select: vec!["DK902".into()],
            ..Settings::default()
        };
        let a = analyze(text, &settings, &NoFiles, None);
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code == "DK902")
            .expect("finding");
        assert!(suppression_fixes(&a.dockerfile, d).is_empty());
    }

    fn codes(text: &str) -> Vec<&'static str> {
        analyze(text, &Settings::default(), &NoFiles, None)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn instruction_level_comment_is_added_or_extended() {
        let text = "FROM alpine:3.20\n  MAINTAINER me\n";
        let out = apply_titled(text, "DK401", "this instruction");
        assert_eq!(
            out,
            "FROM alpine:3.20\n  # dockls ignore=DK401\n  MAINTAINER me\n"
        );
        assert!(!codes(&out).contains(&"DK401"));
        let text = "FROM alpine:3.20\n# dockls ignore=DK999 reason\nMAINTAINER me\n";
        let out = apply_titled(text, "DK401", "this instruction");
        assert_eq!(
            out,
            "FROM alpine:3.20\n# dockls ignore=DK999,DK401 reason\nMAINTAINER me\n"
        );
    }

    #[test]
    fn file_level_comment_goes_after_directives() {
        let text = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nMAINTAINER me\n";
        let out = apply_titled(text, "DK401", "in this file");
        assert_eq!(out, "# syntax=docker/dockerfile:1\n# dockls global ignore=DK401\nFROM alpine:3.20\nMAINTAINER me\n");
        assert!(!codes(&out).contains(&"DK401"));
        assert_eq!(dockls_syntax::parse(&out).directives.len(), 1);
    }

    #[test]
    fn check_directive_is_edited_not_duplicated() {
        let text = "# check=error=true\nFROM alpine:3.20\nMAINTAINER me\n";
        let out = apply_titled(text, "DK401", "check=skip");
        assert_eq!(
            out,
            "# check=error=true;skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\n"
        );
        let text = "# check=skip=StageNameCasing\nFROM alpine:3.20\nMAINTAINER me\n";
        let out = apply_titled(text, "DK401", "check=skip");
        assert_eq!(
            out,
            "# check=skip=StageNameCasing,MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\n"
        );
        assert!(!codes(&out).contains(&"DK401"));
        let text = "FROM alpine:3.20\nMAINTAINER me\n";
        let out = apply_titled(text, "DK401", "check=skip");
        assert_eq!(
            out,
            "# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\n"
        );
        assert!(dockls_syntax::parse(&out).errors.is_empty());
    }
}
