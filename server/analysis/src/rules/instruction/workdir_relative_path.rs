use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::{expand, stage_lookup};

declare_rule! {
    /// ## What it does
    /// Reports the first WORKDIR of a stage (counting the stages it builds on in this
    /// file) when its path is relative. Later relative WORKDIRs are fine: they resolve
    /// against the absolute one before them. Variables are expanded with their known
    /// values; a path that depends on an unknown value is not reported.
    ///
    /// ## Why is this bad?
    /// A relative first WORKDIR resolves against the base image's working directory,
    /// which you do not control: a new base image version that sets another WORKDIR moves
    /// your files somewhere else.
    ///
    /// hadolint's DL3000 reports every relative WORKDIR, including `WORKDIR src` after
    /// `WORKDIR /app`, whose result is well defined. dockls follows BuildKit and reports
    /// only the first one of a lineage, so one rule answers to both names.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// WORKDIR usr/share/nginx/html
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// WORKDIR /usr/share/nginx/html
    /// ```
    ///
    /// ## Fix
    /// Prefixes the path with `/`. Unsafe: it is only the same directory when the base
    /// image's working directory is `/`.
    pub struct WorkdirRelativePath {
        code: "DK409",
        name: "workdir-relative-path",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3000"),
        buildkit: Some("WorkdirRelativePath"),
        default_enabled: true,
    }
}

/// Absolute on Linux (`/x`) or Windows (`C:\x`, `C:/x`, `\x`).
pub(crate) fn is_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

impl Rule for WorkdirRelativePath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        // Whether each stage ends with a WORKDIR set (in it or its parents).
        let mut set_at_end = vec![false; df.stages.len()];
        for stage in &df.stages {
            let mut set = match stage.base {
                dockls_syntax::Base::Stage(p) => set_at_end.get(p).copied().unwrap_or(false),
                _ => false,
            };
            for i in stage.instructions.clone() {
                let Some(ins) = df.instructions.get(i) else {
                    continue;
                };
                if !ins.is(Keyword::Workdir) {
                    continue;
                }
                let Body::Workdir(Some(w)) = &ins.body else {
                    continue;
                };
                if !set {
                    let lookup = |n: &str| stage_lookup(cx, stage.index, i, n);
                    let path = if w.has_vars() {
                        expand(&w.raw, df.escape, &lookup)
                    } else {
                        Some(w.value.clone())
                    };
                    if let Some(p) = path {
                        if !p.is_empty() && !is_absolute(&p) {
                            let d = out.report(
                                w.range,
                                format!("Relative workdir {p:?} can have unexpected results if the base image changes: use an absolute path"),
                            );
                            if !w.has_vars() && w.raw == w.value {
                                d.fix(Fix::unsafe_(
                                    format!("Use `/{p}`"),
                                    vec![Edit::insert(w.range.start, "/")],
                                ));
                            }
                        }
                    }
                }
                set = true;
            }
            if let Some(s) = set_at_end.get_mut(stage.index) {
                *s = set;
            }
        }
    }
}
