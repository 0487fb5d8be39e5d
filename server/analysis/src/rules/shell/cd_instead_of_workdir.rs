use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::runs;

declare_rule! {
    /// ## What it does
    /// Reports `cd` inside RUN.
    ///
    /// ## Why is this bad?
    /// `cd` lasts only until the end of its RUN step, so the next instruction starts in
    /// the old directory again. Files land in unexpected places, and readers have to
    /// trace every `cd` to know where a command runs. WORKDIR sets the directory for
    /// every following RUN, COPY, CMD and ENTRYPOINT, creates it when missing, and shows
    /// up in the image configuration.
    ///
    /// A `cd` inside a subshell, such as `(cd src && make)`, is reported too: a WORKDIR
    /// and a relative path usually read better. The rule is a matter of style and is
    /// reported as a hint; hadolint reports it as a warning, but on real Dockerfiles most
    /// hits are `cd` into a directory a previous command of the same RUN unpacked, where
    /// WORKDIR cannot help.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY . /app
    /// RUN cd /app && npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// ```
    pub struct CdInsteadOfWorkdir {
        code: "DK301",
        name: "cd-instead-of-workdir",
        category: Shell,
        severity: Hint,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3003"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for CdInsteadOfWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for c in &run.script.commands {
                let Some(a) = argv(c) else { continue };
                if a.name != "cd" {
                    continue;
                }
                let target = a
                    .args
                    .iter()
                    .find(|w| !w.value.starts_with('-'))
                    .map(|w| w.value.as_str())
                    .filter(|v| v.starts_with('/'));
                let msg = match target {
                    Some(dir) => format!("`cd` only lasts until the end of this RUN, so later instructions run elsewhere; set the directory with `WORKDIR {dir}` instead"),
                    None => "`cd` only lasts until the end of this RUN, so later instructions run elsewhere; set the directory with WORKDIR instead".to_string(),
                };
                out.report(a.program.range, msg);
            }
        }
    }
}
