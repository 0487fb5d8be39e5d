use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{fed_by_yes, runs, zypper_command, zypper_non_interactive, zypper_prompts};

declare_rule! {
    /// ## What it does
    /// Reports `zypper` commands that change packages (`install`, `remove`, `update`,
    /// `patch`, ...) without `--non-interactive` (`-n`) or the command's `-y`.
    ///
    /// ## Why is this bad?
    /// zypper asks for confirmation before changing anything. A build has no terminal,
    /// so the question cannot be answered and the build fails.
    ///
    /// The global `-n`/`--non-interactive` must come before the command (`zypper -n
    /// install`; after it, `-n` means `--name`), and `-y`/`--no-confirm` after it. Input
    /// piped from `yes` counts as well. hadolint does not check `update`,
    /// `install-new-recommends` or `verify`, which prompt too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// Adds `--non-interactive` after `zypper`. Safe: without it the build cannot get
    /// past the prompt.
    pub struct ZypperInteractive {
        code: "DK316",
        name: "zypper-interactive",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3034"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for ZypperInteractive {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Zypper
                    || !zypper_prompts(&inv)
                    || zypper_non_interactive(&inv)
                    || fed_by_yes(cx.df, &run.script, inv.argv.command)
                {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                let program = inv.argv.program;
                out.report(
                    program.range.cover(sub.range),
                    format!("`zypper {}` asks for confirmation, which a build cannot give, and fails; add `--non-interactive` before the command", zypper_command(inv.sub())),
                )
                .fix(Fix::safe("Add `--non-interactive`", vec![run.insert_after(program, "--non-interactive")]).preferred());
            }
        }
    }
}
