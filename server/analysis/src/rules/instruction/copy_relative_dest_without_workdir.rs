use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::workdir_relative_path::is_absolute;

declare_rule! {
    /// ## What it does
    /// Reports COPY or ADD to a relative destination (`COPY . .`, `COPY app.py app/`) in a
    /// stage where no WORKDIR has been set yet, in the stage or a stage it builds on.
    /// Destinations starting with a variable and Windows paths are not reported, nor are
    /// stages built `FROM scratch`, whose working directory is always `/`.
    ///
    /// ## Why is this bad?
    /// A relative destination resolves against the base image's working directory, which
    /// this file does not state: often `/`, sometimes something else, and it can change
    /// with a new base image version. Files end up in an unexpected place, or scattered
    /// over the root filesystem.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// COPY . .
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// WORKDIR /app
    /// COPY . .
    /// ```
    pub struct CopyRelativeDestWithoutWorkdir {
        code: "DK425",
        name: "copy-relative-dest-without-workdir",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3045"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for CopyRelativeDestWithoutWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let mut set_at_end = vec![false; df.stages.len()];
        for stage in &df.stages {
            let mut set = match stage.base {
                dockls_syntax::Base::Stage(p) => set_at_end.get(p).copied().unwrap_or(false),
                // `scratch` has no configuration: its working directory is `/`.
                dockls_syntax::Base::Scratch => true,
                _ => false,
            };
            for i in stage.instructions.clone() {
                let Some(ins) = df.instructions.get(i) else {
                    continue;
                };
                match &ins.body {
                    Body::Workdir(_) => set = true,
                    Body::Copy(c) | Body::Add(c) if !set => {
                        let Some(dest) = &c.dest else { continue };
                        let v = dest.value.as_str();
                        if v.is_empty()
                            || v.starts_with('$')
                            || dest.raw.starts_with('$')
                            || is_absolute(v)
                        {
                            continue;
                        }
                        let kw = if ins.is(Keyword::Copy) { "COPY" } else { "ADD" };
                        out.report(
                            dest.range,
                            format!("`{kw}` to the relative destination `{v}` with no WORKDIR set: it lands in the base image's working directory, which this file does not state; set WORKDIR first or use an absolute path"),
                        );
                    }
                    _ => {}
                }
            }
            if let Some(s) = set_at_end.get_mut(stage.index) {
                *s = set;
            }
        }
    }
}
