use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports COPY or ADD with several sources whose destination does not end with `/`.
    /// A destination of `.` or `..` is accepted (BuildKit treats it as a directory);
    /// destinations with variables are not checked.
    ///
    /// ## Why is this bad?
    /// Several sources can only go into a directory. The classic builder refuses the
    /// instruction ("the destination must be a directory and end with a /"), and writing
    /// the slash makes the intent clear to every builder and reader.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix
    /// Adds the trailing `/`. Safe: several sources are always copied into a directory.
    pub struct CopyMultipleSourcesDest {
        code: "DK423",
        name: "copy-multiple-sources-dest",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3021"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for CopyMultipleSourcesDest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for kw in [Keyword::Copy, Keyword::Add] {
            for r in cx.each_with_onbuild(kw) {
                let (Body::Copy(c) | Body::Add(c)) = &r.ins.body else {
                    continue;
                };
                let Some(dest) = &c.dest else { continue };
                if c.sources.len() < 2 || dest.has_vars() {
                    continue;
                }
                let v = dest.value.as_str();
                if v.ends_with('/') || v.ends_with('\\') || v == "." || v == ".." {
                    continue;
                }
                let at = if c.json && dest.raw.ends_with('"') {
                    dest.range.end - 1
                } else {
                    dest.range.end
                };
                out.report(
                    dest.range,
                    format!("{} with {} sources needs a directory destination ending with /: write `{v}/`", kw.as_str(), c.sources.len()),
                )
                .fix(Fix::safe(format!("Write `{v}/`"), vec![Edit::insert(at, "/")]).preferred());
            }
        }
    }
}
