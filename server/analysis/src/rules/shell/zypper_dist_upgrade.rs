use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{runs, zypper_command};

declare_rule! {
    /// ## What it does
    /// Reports `zypper dist-upgrade` (`zypper dup`) in RUN.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade may move the image to a new release, switch vendors of
    /// packages and remove packages it cannot upgrade. In a build it makes the result
    /// depend on the day, and a large part of the base image is rewritten into a new
    /// layer. To get a newer system, use a newer base image tag; to get fixes within a
    /// release, `zypper patch` or `zypper update` are the narrower tools.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/tumbleweed
    /// RUN zypper --non-interactive dup && zypper clean --all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive patch && zypper clean --all
    /// ```
    pub struct ZypperDistUpgrade {
        code: "DK317",
        name: "zypper-dist-upgrade",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3035"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for ZypperDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Zypper || zypper_command(inv.sub()) != "dist-upgrade" {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                out.report(
                    sub.range,
                    "`zypper dist-upgrade` can move the image to a new release and makes the build depend on the day it runs; use a newer base image, or `zypper patch` for fixes",
                );
            }
        }
    }
}
