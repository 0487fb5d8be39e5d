use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::runs;

declare_rule! {
    /// ## What it does
    /// Reports `ln` replacing `/bin/sh` (or `/usr/bin/sh`) with a link to another shell.
    ///
    /// ## Why is this bad?
    /// Swapping `/bin/sh` changes the shell of every script in the image, including
    /// package maintainer scripts written for the distribution's own `/bin/sh`, and the
    /// next package upgrade may silently restore it. To run RUN commands with another
    /// shell, use the SHELL instruction, which affects only this Dockerfile's commands.
    ///
    /// Only a link whose destination is `/bin/sh` is reported; hadolint also reports
    /// links that merely point at `/bin/sh`, and misses `/usr/bin/sh`. An exec-form
    /// `RUN ["/busybox/ln", "-s", "/busybox/sh", "/bin/sh"]` is not reported either: it
    /// runs without a shell because the image has none yet, so the link adds the shell
    /// rather than replacing one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    pub struct LnBinSh {
        code: "DK330",
        name: "ln-bin-sh",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL4005"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for LnBinSh {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            // An exec-form RUN runs without a shell: linking /bin/sh there installs the
            // only shell of the image (distroless plus busybox), it replaces nothing.
            if run.exec {
                continue;
            }
            for c in &run.script.commands {
                let Some(a) = argv(c) else { continue };
                if a.name != "ln" {
                    continue;
                }
                let operands: Vec<_> = a
                    .args
                    .iter()
                    .filter(|w| !w.value.starts_with('-'))
                    .collect();
                if operands.len() < 2 {
                    continue;
                }
                let Some(dest) = operands.last() else {
                    continue;
                };
                if matches!(dest.value.trim_end_matches('/'), "/bin/sh" | "/usr/bin/sh") {
                    out.report(
                        dest.range,
                        "replacing /bin/sh changes the shell of every script in the image, and upgrades may undo it; use the SHELL instruction instead",
                    );
                }
            }
        }
    }
}
