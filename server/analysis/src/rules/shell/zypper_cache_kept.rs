use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{append_command, runs, ships, zypper_command, zypper_installs};

const CACHE: &str = "/var/cache/zypp";

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` (and other zypper commands that download packages, such
    /// as `update` and `patch`) in a RUN that does not clean zypper's cache afterwards.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and solver files in `/var/cache/zypp`. Once the
    /// RUN step ends they are frozen into the layer, so they must be removed in the same
    /// RUN: `zypper clean --all` (`zypper cc -a`), or `rm -rf /var/cache/zypp`.
    ///
    /// The cleanup has to come after the last install of the RUN; a cache or tmpfs mount
    /// on `/var/cache/zypp` also keeps it out of the layer. Stages that are only copied
    /// from are not checked, since their caches never reach an image. hadolint checks
    /// only `install` and does not accept removing the directory.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install curl=8.6.0
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## Fix
    /// Appends `zypper clean --all` to the end of the RUN. Safe: it only deletes caches.
    /// No fix is offered when the RUN's text ends in a comment or a dangling operator, or
    /// when the RUN is in exec form.
    pub struct ZypperCacheKept {
        code: "DK318",
        name: "zypper-cache-kept",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3036"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for ZypperCacheKept {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            if !ships(cx, &run.r) || run.mount_covers(&["cache", "tmpfs"], CACHE) {
                continue;
            }
            let invs = run.invocations();
            for inv in &invs {
                if inv.manager != Manager::Zypper || !zypper_installs(inv) {
                    continue;
                }
                let at = run.order(inv.argv.command);
                let cleaned = invs.iter().any(|i| {
                    i.manager == Manager::Zypper
                        && matches!(i.sub(), "clean" | "cc")
                        && run.order(i.argv.command) > at
                }) || run.removes_after(CACHE, at);
                if cleaned {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                let d = out.report(
                    inv.argv.program.range.cover(sub.range),
                    format!("`zypper {}` leaves repository metadata in /var/cache/zypp, which bloats the layer; run `zypper clean --all` at the end of the same RUN", zypper_command(inv.sub())),
                );
                if let Some(edit) =
                    append_command(cx.df, &run, inv.argv.command, "zypper clean --all")
                {
                    d.fix(
                        Fix::safe("Append `zypper clean --all` to this RUN", vec![edit])
                            .preferred(),
                    );
                }
            }
        }
    }
}
