//! Runs the enabled rules over one parsed document, then applies suppressions and
//! severities. One parse and one semantic model serve every rule.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dockls_syntax::{Dockerfile, TextRange};

use crate::context::{Context, ProjectFiles};
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{self, selector_matches};
use crate::rule::{RuleMeta, Sink, Status};
use crate::rules::meta::unused_suppression::UnusedSuppression;
use crate::settings::{Level, Settings};
use crate::suppress::{ignore_comments, Checks, Origin};

/// The result of analysing one document.
pub struct Analysis {
    pub dockerfile: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a document.
pub fn analyze(
    text: &str,
    settings: &Settings,
    files: &dyn ProjectFiles,
    file_name: Option<&str>,
) -> Analysis {
    let dockerfile = dockls_syntax::parse(text);
    let diagnostics = check(&dockerfile, settings, files, file_name);
    Analysis {
        dockerfile,
        diagnostics,
    }
}

fn level_override(meta: &RuleMeta, settings: &Settings) -> Option<Level> {
    settings
        .severity
        .iter()
        .rev()
        .find(|(k, _)| meta.answers_to(k))
        .map(|(_, l)| *l)
}

/// Whether a rule runs under these settings (before suppression comments).
pub fn is_enabled(meta: &RuleMeta, settings: &Settings, df: Option<&Dockerfile>) -> bool {
    let exact = |list: &[String]| list.iter().any(|s| meta.answers_to(s));
    let broad = |list: &[String]| list.iter().any(|s| selector_matches(s, meta));
    let level = level_override(meta, settings);
    if level == Some(Level::Off) || broad(&settings.ignore) {
        return false;
    }
    let preview_ok = meta.status == Status::Stable || settings.preview;
    // BuildKit's experimental checks run when a `check=experimental=` names them.
    if let (Some(bk), Some(df), false) = (meta.buildkit, df, meta.default_enabled) {
        let experimental = df.directive("check").and_then(|d| {
            dockls_syntax::directives::parse_check(&d.value, d.value_range.start).ok()
        });
        if experimental.is_some_and(|cfg| cfg.experimental.contains(bk)) {
            return true;
        }
    }
    if exact(&settings.extend_select) || settings.select.as_deref().is_some_and(exact) {
        return true;
    }
    if level.is_some() && preview_ok {
        return true;
    }
    match &settings.select {
        None => (meta.default_enabled || broad(&settings.extend_select)) && preview_ok,
        Some(sel) => (broad(sel) || broad(&settings.extend_select)) && preview_ok,
    }
}

fn syntax_diagnostics(df: &Dockerfile, settings: &Settings, out: &mut Vec<Diagnostic>) {
    for e in &df.errors {
        let meta = crate::rules::syntax::meta(e.kind);
        let mut severity = match e.severity {
            dockls_syntax::Severity::Error => Severity::Error,
            dockls_syntax::Severity::Warning => Severity::Warning,
        };
        // Errors stop the build and always show; warnings can be tuned like any rule.
        if severity != Severity::Error {
            match level_override(meta, settings) {
                Some(Level::Off) => continue,
                Some(l) => severity = l.severity().unwrap_or(severity),
                None => {}
            }
            if settings.ignore.iter().any(|s| selector_matches(s, meta)) {
                continue;
            }
        }
        let mut d = Diagnostic {
            code: meta.code,
            range: e.range,
            severity,
            message: e.message.clone(),
            fixes: Vec::new(),
            related: Vec::new(),
            tags: Vec::new(),
        };
        if let Some(fix) = crate::fixes::suggestion_fix(df, e) {
            d.fixes.push(fix);
        }
        if let Some(fix) = crate::fixes::syntax_fix(df, e) {
            d.fixes.push(fix);
        }
        out.push(d);
    }
}

/// Checks a parsed document.
pub fn check(
    df: &Dockerfile,
    settings: &Settings,
    files: &dyn ProjectFiles,
    file_name: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    syntax_diagnostics(df, settings, &mut out);
    let cx = Context::new(df, settings, files, file_name);
    for rule in registry::rules() {
        let meta = rule.meta();
        if !is_enabled(meta, settings, Some(df)) {
            continue;
        }
        let mut found = Vec::new();
        let ok = catch_unwind(AssertUnwindSafe(|| {
            rule.check(&cx, &mut Sink::new(meta, &mut found))
        }))
        .is_ok();
        if ok {
            out.extend(found);
        } else {
            out.push(Diagnostic {
                code: meta.code,
                range: TextRange::empty(0),
                severity: Severity::Warning,
                message: format!(
                    "internal error: rule {} ({}) failed on this file; please report it",
                    meta.code, meta.name
                ),
                fixes: Vec::new(),
                related: Vec::new(),
                tags: Vec::new(),
            });
        }
    }
    for d in &mut out {
        if let Some(l) = d
            .rule()
            .and_then(|m| level_override(m, settings))
            .and_then(Level::severity)
        {
            if d.severity != Severity::Error
                || d.rule()
                    .is_some_and(|m| m.category != crate::rule::Category::Syntax)
            {
                d.severity = l;
            }
        }
    }
    let mut out = apply_suppressions(df, settings, out);
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    out
}

/// The instruction a diagnostic belongs to (for per-instruction suppression).
fn owner(df: &Dockerfile, range: TextRange) -> Option<usize> {
    df.instruction_at(range.start).filter(|&i| {
        df.instructions
            .get(i)
            .is_some_and(|ins| ins.range.contains(range.start) || range.is_empty())
    })
}

fn apply_suppressions(
    df: &Dockerfile,
    settings: &Settings,
    diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let comments = if settings.disable_ignore_comments {
        Vec::new()
    } else {
        ignore_comments(df)
    };
    let checks = Checks::new(df);
    let mut used = vec![vec![false; 0]; comments.len()];
    for (c, u) in comments.iter().zip(used.iter_mut()) {
        *u = vec![false; c.names.len()];
    }
    let mut kept = Vec::with_capacity(diags.len());
    for d in diags {
        let Some(meta) = d.rule() else {
            kept.push(d);
            continue;
        };
        let syntax_error =
            meta.category == crate::rule::Category::Syntax && d.severity == Severity::Error;
        if syntax_error {
            kept.push(d);
            continue;
        }
        let at = owner(df, d.range);
        let mut suppressed = false;
        for (ci, c) in comments.iter().enumerate() {
            if !c.global && (c.instruction.is_none() || c.instruction != at) {
                continue;
            }
            for (ni, n) in c.names.iter().enumerate() {
                let matches = match c.origin {
                    Origin::Dockls => meta.answers_to(&n.name),
                    // hadolint comments name hadolint IDs; dockls codes and names work too.
                    Origin::Hadolint => meta.answers_to(&n.name),
                };
                if matches {
                    suppressed = true;
                    if let Some(u) = used.get_mut(ci).and_then(|u| u.get_mut(ni)) {
                        *u = true;
                    }
                }
            }
        }
        if let Some(bk) = meta.buildkit {
            let cfg = checks.at(at);
            if cfg.skip.contains(bk) && meta.default_enabled {
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }
    // `check=error=true`: BuildKit fails the build on any check, so they are errors.
    if checks.global.error {
        for d in &mut kept {
            if d.rule().is_some_and(|m| m.buildkit.is_some()) {
                d.severity = Severity::Error;
            }
        }
    }
    if is_enabled(&UnusedSuppression::META, settings, Some(df)) {
        for (c, u) in comments.iter().zip(used.iter()) {
            for (n, was_used) in c.names.iter().zip(u.iter()) {
                let known = registry::lookup(&n.name).is_some();
                if known && !was_used {
                    let mut d = Diagnostic {
                        code: UnusedSuppression::META.code,
                        range: n.range,
                        severity: UnusedSuppression::META.severity,
                        message: format!("`{}` is ignored here, but it reports nothing here; remove it from the comment", n.name),
                        fixes: Vec::new(),
                        related: Vec::new(),
                        tags: vec![crate::diagnostic::Tag::Unnecessary],
                    };
                    d.fixes.push(crate::fixes::remove_ignored_name(df, c, n));
                    kept.push(d);
                }
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;

    fn codes(text: &str, settings: &Settings) -> Vec<&'static str> {
        analyze(text, settings, &NoFiles, None)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn ignore_comments_and_settings() {
        let text = "FROM alpine:3.20\nMAINTAINER me\n";
        let s = Settings::default();
        assert!(codes(text, &s).contains(&"DK401"));
        let suppressed = "FROM alpine:3.20\n# dockls ignore=maintainer-deprecated\nMAINTAINER me\n";
        assert!(!codes(suppressed, &s).contains(&"DK401"));
        let hadolint = "FROM alpine:3.20\n# hadolint ignore=DL4000\nMAINTAINER me\n";
        assert!(!codes(hadolint, &s).contains(&"DK401"));
        let check = "# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\n";
        assert!(!codes(check, &s).contains(&"DK401"));
        // BuildKit's names are case-sensitive.
        let check_case = "# check=skip=maintainerdeprecated\nFROM alpine:3.20\nMAINTAINER me\n";
        assert!(codes(check_case, &s).contains(&"DK401"));
        let mut off = Settings::default();
        off.ignore.push("DL4000".into());
        assert!(!codes(text, &off).contains(&"DK401"));
    }

    #[test]
    fn check_error_true_makes_checks_errors() {
        let a = analyze(
            "# check=error=true\nFROM alpine:3.20\nMAINTAINER me\n",
            &Settings::default(),
            &NoFiles,
            None,
        );
        assert!(a
            .diagnostics
            .iter()
            .any(|d| d.code == "DK401" && d.severity == Severity::Error));
    }

    #[test]
    fn unknown_and_unused_ignores() {
        let text = "FROM alpine:3.20\n# dockls ignore=DL9999,DK401\nRUN true\n";
        let mut s = Settings::default();
        assert!(codes(text, &s).contains(&"DK901"));
        assert!(!codes(text, &s).contains(&"DK902"));
        s.extend_select.push("unused-suppression".into());
        assert!(codes(text, &s).contains(&"DK902"));
    }
}
