use dockls_syntax::TextRange;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{is_root_user, runs, user_at};

declare_rule! {
    /// ## What it does
    /// Reports `sudo` inside RUN.
    ///
    /// ## Why is this bad?
    /// Build steps run as the stage's USER, root unless a USER instruction says
    /// otherwise. As root, `sudo` does nothing useful: it only resets the environment
    /// (PATH and variables set by ENV can change under it) and needs the sudo package in
    /// the image. As another user it needs a password-less sudoers entry, which leaves a
    /// privilege escalation path in the final image. Switch users with USER instead:
    /// `USER root` for the steps that need it, then back to the unprivileged user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix
    /// When no USER switches the step away from root and `sudo` has no options, removes
    /// `sudo`. Unsafe: without sudo the command keeps the environment that sudo would
    /// have reset, and a base image may set a non-root default user that the Dockerfile
    /// does not show.
    pub struct SudoInRun {
        code: "DK302",
        name: "sudo-in-run",
        category: Shell,
        severity: Error,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3004"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for SudoInRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            let as_root = user_at(cx, &run.r).is_none_or(|u| is_root_user(&u));
            for c in &run.script.commands {
                let Some(name) = &c.name else { continue };
                if name.value.rsplit('/').next() != Some("sudo") {
                    continue;
                }
                let msg = if as_root {
                    "`sudo` does nothing useful here: the step runs as root (no USER switches away from it), and sudo only resets the environment; remove it"
                } else {
                    "`sudo` in a build needs a password-less sudoers entry that stays in the image; switch with `USER root` for this step instead"
                };
                let d = out.report(name.range, msg);
                let plain = c.args.first().is_some_and(|a| !a.value.starts_with('-'));
                if as_root && plain {
                    if let Some(next) = c.args.first() {
                        d.fix(Fix::unsafe_(
                            "Remove `sudo`",
                            vec![Edit::delete(TextRange::new(
                                name.range.start,
                                next.range.start,
                            ))],
                        ));
                    }
                }
            }
        }
    }
}
