use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::check_rpm_missing_yes;

declare_rule! {
    /// ## What it does
    /// Reports `yum` commands that change packages (`install`, `groupinstall`,
    /// `localinstall`, `update`, `remove`, ...) without `-y`.
    ///
    /// ## Why is this bad?
    /// yum asks "Is this ok [y/d/N]" before changing anything. A build has no terminal,
    /// so yum reads end-of-input, answers no and exits with an error: the build fails.
    ///
    /// `-y`, `--assumeyes`, `--setopt=assumeyes=1`, `assumeyes=1` written to the yum
    /// configuration earlier in the stage, and input piped from `yes` all answer the
    /// prompt. hadolint only checks the install subcommands; `update` and `remove` prompt
    /// just the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Adds `-y` after the subcommand. Safe: without it the build cannot get past the
    /// prompt.
    pub struct YumMissingYes {
        code: "DK313",
        name: "yum-missing-yes",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3030"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for YumMissingYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_rpm_missing_yes(cx, out, &[Manager::Yum]);
    }
}
