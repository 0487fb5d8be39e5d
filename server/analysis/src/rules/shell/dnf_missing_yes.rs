use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::check_rpm_missing_yes;

declare_rule! {
    /// ## What it does
    /// Reports `dnf` (and `dnf5`) commands that change packages (`install`, `upgrade`,
    /// `remove`, `group install`, `module enable`, ...) without `-y`.
    ///
    /// ## Why is this bad?
    /// dnf asks "Is this ok [y/N]" before changing anything. A build has no terminal, so
    /// dnf reads end-of-input, answers no and exits with an error: the build fails.
    ///
    /// `-y`, `--assumeyes`, `--setopt=assumeyes=1`, `assumeyes=1` written to the dnf
    /// configuration earlier in the stage, and input piped from `yes` all answer the
    /// prompt. `microdnf` is not reported: it never asks (its `-y` does nothing), while
    /// hadolint reports it. hadolint also misses `upgrade`, `remove` and `module enable`,
    /// which prompt just the same, and `dnf5`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand. Safe: without it the build cannot get past the
    /// prompt.
    pub struct DnfMissingYes {
        code: "DK320",
        name: "dnf-missing-yes",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3038"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for DnfMissingYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_rpm_missing_yes(cx, out, &[Manager::Dnf]);
    }
}
