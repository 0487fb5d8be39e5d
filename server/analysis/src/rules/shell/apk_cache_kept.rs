use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{runs, ships};

const CACHE: &str = "/var/cache/apk";

declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache`.
    ///
    /// ## Why is this bad?
    /// `apk add` downloads the repository indexes into `/var/cache/apk` and leaves them
    /// there, a few megabytes frozen into the layer that the container never reads.
    /// `--no-cache` fetches the indexes into a temporary place and also makes a separate
    /// `apk update` unnecessary.
    ///
    /// A cache or tmpfs mount on `/var/cache/apk`, and removing the cache later in the
    /// same RUN (`rm -rf /var/cache/apk/*`, `apk cache clean`), keep the layer clean as
    /// well; hadolint only knows the mount. Stages that are only copied from are not
    /// checked: their caches never reach an image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-cache` after `add`. Safe: it only changes where the indexes are kept.
    pub struct ApkCacheKept {
        code: "DK310",
        name: "apk-cache-kept",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3019"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for ApkCacheKept {
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
                if inv.manager != Manager::Apk || inv.sub() != "add" {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                if inv.has(&["no-cache"], &[]) {
                    continue;
                }
                let at = run.order(inv.argv.command);
                let cleaned = run.removes_after(CACHE, at)
                    || invs.iter().any(|i| {
                        i.manager == Manager::Apk
                            && i.sub() == "cache"
                            && i.operands.first().is_some_and(|w| w.value == "clean")
                            && run.order(i.argv.command) > at
                    });
                if cleaned {
                    continue;
                }
                out.report(
                    inv.argv.program.range.cover(sub.range),
                    "`apk add` keeps the package indexes in /var/cache/apk, which bloats the layer; add `--no-cache`",
                )
                .fix(Fix::safe("Add `--no-cache`", vec![run.insert_after(sub, "--no-cache")]).preferred());
            }
        }
    }
}
