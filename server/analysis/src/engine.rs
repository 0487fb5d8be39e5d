//! Runs the enabled rules over one parsed document, then applies suppressions and
//! severities. One parse and one semantic model serve every rule.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dockls_syntax::{Changes, Dockerfile, Instruction, Keyword, TextRange};

use crate::context::{Context, ProjectFiles, Want};
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{self, selector_matches};
use crate::rule::{Rule, RuleMeta, Scope, Sink, Status};
use crate::rules::meta::unused_suppression::UnusedSuppression;
use crate::settings::{Level, Settings};
use crate::suppress::{ignore_comments, Checks, Origin};

/// The result of analysing one document.
#[derive(Clone)]
pub struct Analysis {
    pub dockerfile: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
    /// What the rules found, kept for [`analyze_incremental`].
    cache: RuleCache,
}

/// The findings of the rules whose [`Scope`] is narrower than the file, as they reported
/// them (before severities and suppressions), each with the instruction that owns it.
#[derive(Clone, Default)]
struct RuleCache {
    /// The inputs they were computed with.
    settings: Option<Settings>,
    file_name: Option<String>,
    /// Per rule of the registry: `None` when the rule did not run or cannot be reused.
    rules: Vec<Option<Vec<(usize, Diagnostic)>>>,
}

/// Parses and checks a document.
pub fn analyze(
    text: &str,
    settings: &Settings,
    files: &dyn ProjectFiles,
    file_name: Option<&str>,
) -> Analysis {
    let dockerfile = dockls_syntax::parse(text);
    let (diagnostics, cache) = run(&dockerfile, settings, files, file_name, None);
    Analysis {
        dockerfile,
        diagnostics,
        cache,
    }
}

/// Analyses `text`, a new version of the document `prev` analysed, reusing what the edit
/// cannot have changed: the instructions it did not touch ([`dockls_syntax::reparse`]),
/// and what rules found away from the edit, as far as each rule's [`Scope`] allows. The
/// result is exactly [`analyze`]`(text, ...)`. The previous findings are reused only when
/// the settings and file name are the ones `prev` was analysed with.
pub fn analyze_incremental(
    prev: Analysis,
    text: &str,
    settings: &Settings,
    files: &dyn ProjectFiles,
    file_name: Option<&str>,
) -> Analysis {
    let Analysis {
        dockerfile, cache, ..
    } = prev;
    let (dockerfile, changes) = dockls_syntax::reparse_with_changes(dockerfile, text);
    let prev = changes.as_ref().map(|c| (cache, c));
    let (diagnostics, cache) = run(&dockerfile, settings, files, file_name, prev);
    Analysis {
        dockerfile,
        diagnostics,
        cache,
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
    run(df, settings, files, file_name, None).0
}

/// Runs one rule over what `cx` wants; `None` when it panicked.
fn run_rule(rule: &dyn Rule, cx: &Context<'_>) -> Option<Vec<Diagnostic>> {
    let mut found = Vec::new();
    catch_unwind(AssertUnwindSafe(|| {
        rule.check(cx, &mut Sink::new(rule.meta(), &mut found))
    }))
    .ok()
    .map(|_| found)
}

/// How to re-run the rules after an edit.
struct Plan<'p> {
    changes: &'p Changes,
    cache: RuleCache,
    /// The edit touched the stage structure (a FROM, a global ARG, a `--from`): rules
    /// of [`Scope::Stage`] run on the whole file.
    structural: bool,
    /// Per instruction: changed by the edit (read again, or its shell changed).
    changed: Vec<bool>,
    /// Per instruction: in a stage the edit touched or one connected to it by `FROM`
    /// links.
    stages: Vec<bool>,
    /// No instruction (rules of [`Scope::Structure`] after an edit that is not structural).
    nothing: Vec<bool>,
    /// Whether `changed` and `stages` hold any instruction.
    any_changed: bool,
    any_stage: bool,
}

/// Whether an instruction shapes the stage structure.
fn is_structural(ins: &Instruction) -> bool {
    let e = ins.effective();
    ins.is(Keyword::From)
        || e.is(Keyword::From)
        || e.flags.iter().any(|f| {
            f.name == "from" || (f.name == "mount" && f.mount().is_some_and(|m| m.from().is_some()))
        })
}

impl<'p> Plan<'p> {
    fn new(
        df: &Dockerfile,
        cache: RuleCache,
        changes: &'p Changes,
        settings: &Settings,
        file_name: Option<&str>,
    ) -> Option<Self> {
        if cache.settings.as_ref() != Some(settings) || cache.file_name.as_deref() != file_name {
            return None;
        }
        let n = df.instructions.len();
        let mut changed = vec![false; n];
        for i in changes
            .read
            .clone()
            .chain(changes.reshelled.iter().copied())
        {
            if let Some(c) = changed.get_mut(i) {
                *c = true;
            }
        }
        let read = df.instructions.get(changes.read.clone()).unwrap_or(&[]);
        let first_from = df.stages.first().map_or(usize::MAX, |s| s.from);
        let structural = first_from >= changes.read.start
            || changes.replaced.iter().chain(read).any(is_structural);
        // The stages the edit touched: those of the changed instructions, and those around
        // the edit (which may have lost instructions).
        let mut touched = vec![false; df.stages.len()];
        let around = [changes.read.start.checked_sub(1), Some(changes.read.start)];
        for i in (0..n)
            .filter(|&i| changed[i])
            .map(Some)
            .chain(around)
            .flatten()
        {
            if let Some(s) = df.stage_of(i) {
                touched[s.index] = true;
            }
        }
        // With every stage related to them through `FROM <stage>` links: a finding in a
        // stage may depend on the stages it is built on and on those built on it, so the
        // whole tree of stages around a touched one is looked at again.
        let root = |s: usize| df.lineage(s).last().copied().unwrap_or(s);
        let mut touched_roots = vec![false; df.stages.len()];
        for s in (0..df.stages.len()).filter(|&s| touched[s]) {
            touched_roots[root(s)] = true;
        }
        let related: Vec<bool> = (0..df.stages.len())
            .map(|s| touched_roots[root(s)])
            .collect();
        let mut stages = vec![false; n];
        for s in df.stages.iter().filter(|s| related[s.index]) {
            for i in s.instructions.clone() {
                if let Some(w) = stages.get_mut(i) {
                    *w = true;
                }
            }
        }
        Some(Plan {
            changes,
            cache,
            structural,
            nothing: vec![false; n],
            any_changed: changed.iter().any(|c| *c),
            any_stage: stages.iter().any(|c| *c),
            changed,
            stages,
        })
    }

    /// Runs `rule` only where the edit can have changed its findings and takes the rest
    /// from the previous run; `None` when that is not possible (run it on the whole file).
    fn rerun(
        &self,
        index: usize,
        rule: &dyn Rule,
        cx: &Context<'_>,
        df: &Dockerfile,
    ) -> Option<Vec<(usize, Diagnostic)>> {
        let (want, wanted) = match rule.scope() {
            Scope::File => return None,
            Scope::Stage | Scope::Structure if self.structural => return None,
            Scope::Structure => (Want::All, &self.nothing),
            Scope::Stage => (Want::Stages, &self.stages),
            Scope::Instruction => (Want::Changed, &self.changed),
        };
        let before = self.cache.rules.get(index)?.as_ref()?;
        let mut out = Vec::with_capacity(before.len());
        for (owner, d) in before {
            // Findings on replaced instructions are gone; wanted ones are found again.
            let Some(owner) = self.changes.map_index(*owner) else {
                continue;
            };
            match wanted.get(owner) {
                Some(true) => continue,
                Some(false) => out.push((owner, moved(d, self.changes)?)),
                None => return None,
            }
        }
        let anything = match want {
            Want::Changed => self.any_changed,
            Want::Stages => self.any_stage,
            Want::All => false,
        };
        if !anything {
            // Nothing to look at again: everything is kept.
            return Some(out);
        }
        cx.want(want);
        let found = run_rule(rule, cx);
        cx.want(Want::All);
        for d in found? {
            let owner = owner(df, d.range)?;
            if wanted.get(owner).copied().unwrap_or(false) {
                out.push((owner, d));
            }
        }
        Some(out)
    }
}

/// A finding from before an edit, with its positions moved; `None` when one of them was
/// inside the edited text.
fn moved(d: &Diagnostic, changes: &Changes) -> Option<Diagnostic> {
    let range = |r: TextRange| Some(TextRange::new(changes.map(r.start)?, changes.map(r.end)?));
    let mut d = d.clone();
    d.range = range(d.range)?;
    for rel in &mut d.related {
        rel.range = range(rel.range)?;
    }
    for fix in &mut d.fixes {
        let before = fix.edits.iter().all(|e| e.range.end < changes.start);
        let after = fix.edits.iter().all(|e| e.range.start >= changes.old_end);
        for e in &mut fix.edits {
            e.range = range(e.range)?;
        }
        if let Some(c) = &mut fix.cursor {
            // The cursor is inside text one of the edits inserts: it moves with them.
            *c = match (before, after) {
                (true, _) => *c,
                (false, true) => c.shifted(changes.delta()),
                (false, false) => return None,
            };
        }
    }
    Some(d)
}

/// Checks a parsed document; with `prev` (the rule cache of the previous version and
/// what the reparse changed), re-runs rules only where their findings can have changed.
fn run(
    df: &Dockerfile,
    settings: &Settings,
    files: &dyn ProjectFiles,
    file_name: Option<&str>,
    prev: Option<(RuleCache, &Changes)>,
) -> (Vec<Diagnostic>, RuleCache) {
    let mut out = Vec::new();
    syntax_diagnostics(df, settings, &mut out);
    let mut cx = Context::new(df, settings, files, file_name);
    let plan = prev.and_then(|(cache, changes)| Plan::new(df, cache, changes, settings, file_name));
    if let Some(p) = &plan {
        cx.set_wanted(p.changed.clone(), p.stages.clone());
    }
    let rules = registry::rules();
    let mut cache = RuleCache {
        settings: Some(settings.clone()),
        file_name: file_name.map(str::to_string),
        rules: vec![None; rules.len()],
    };
    for (index, rule) in rules.iter().enumerate() {
        let meta = rule.meta();
        if !is_enabled(meta, settings, Some(df)) {
            continue;
        }
        if let Some(found) = plan.as_ref().and_then(|p| p.rerun(index, *rule, &cx, df)) {
            out.extend(found.iter().map(|(_, d)| d.clone()));
            cache.rules[index] = Some(found);
            continue;
        }
        match run_rule(*rule, &cx) {
            Some(found) => {
                if rule.scope() != Scope::File {
                    cache.rules[index] = found
                        .iter()
                        .map(|d| owner(df, d.range).map(|o| (o, d.clone())))
                        .collect();
                }
                out.extend(found);
            }
            None => out.push(Diagnostic {
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
            }),
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
    (out, cache)
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
