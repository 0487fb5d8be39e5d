use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{env_for, mount_targets, path_covers, runs, ships, Mentions, Run};

declare_rule! {
    /// ## What it does
    /// Reports `pip install` without `--no-cache-dir`.
    ///
    /// ## Why is this bad?
    /// pip keeps every wheel it downloads or builds in `~/.cache/pip`. In an image that
    /// cache is dead weight, often as large as the installed packages themselves, frozen
    /// into the layer when the RUN step ends.
    ///
    /// Not reported when the cache cannot reach the layer or is switched off:
    /// `PIP_NO_CACHE_DIR` set by ENV, ARG or on the command (pip turns the cache off for
    /// any value, even `0` or `false`, for backward compatibility; hadolint wants a true
    /// value), a cache or tmpfs mount on the pip cache (`/root/.cache/pip`, `~/.cache`, or
    /// `PIP_CACHE_DIR`), `pip config set global.no-cache-dir` earlier in the stage, or
    /// removing the cache later in the same RUN (`rm -rf /root/.cache/pip`,
    /// `pip cache purge`). pipx and pipenv are different tools and are not checked.
    /// Stages that are only copied from are not checked either, since their caches never
    /// reach an image; hadolint checks every stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-cache-dir` after `install`. Safe: it only stops pip from keeping
    /// downloads.
    pub struct PipCacheKept {
        code: "DK323",
        name: "pip-cache-kept",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3042"),
        buildkit: None,
        default_enabled: true,
    }
}

/// A path that is pip's cache directory, or holds it.
fn is_pip_cache(path: &str) -> bool {
    let p = path.trim_end_matches('*').trim_end_matches('/');
    p.ends_with("/.cache/pip") || p.ends_with("/.cache") || p == "~/.cache/pip" || p == "~/.cache"
}

fn cleans_cache(run: &Run<'_>, at: (usize, usize), cache_dir: Option<&str>) -> bool {
    run.script.commands.iter().any(|c| {
        if run.order(c) <= at {
            return false;
        }
        let Some(a) = crate::commands::argv(c) else {
            return false;
        };
        let rm = a.name == "rm"
            && a.args.iter().any(|w| {
                !w.value.starts_with('-')
                    && (is_pip_cache(&w.value)
                        || cache_dir.is_some_and(|d| path_covers(&w.value, d)))
            });
        let purge = crate::commands::invocation(c).is_some_and(|i| {
            i.manager == Manager::Pip
                && i.sub() == "cache"
                && i.operands.first().is_some_and(|w| w.value == "purge")
        });
        rm || purge
    })
}

impl Rule for PipCacheKept {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let configured = Mentions::new(cx, &["global.no-cache-dir"]);
        for run in runs(cx, true) {
            if !ships(cx, &run.r) {
                continue;
            }
            for inv in run.invocations() {
                if inv.manager != Manager::Pip || inv.sub() != "install" {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                let c = inv.argv.command;
                if inv.has(&["no-cache-dir"], &[]) {
                    continue;
                }
                if env_for(cx, &run.r, c, "PIP_NO_CACHE_DIR")
                    .is_some_and(|v| v.is_some_and(|v| !v.is_empty()))
                {
                    continue;
                }
                let cache_dir = env_for(cx, &run.r, c, "PIP_CACHE_DIR").flatten();
                let mounted = mount_targets(run.ins(), &["cache", "tmpfs"])
                    .iter()
                    .any(|t| {
                        is_pip_cache(t) || cache_dir.as_deref().is_some_and(|d| path_covers(t, d))
                    });
                if mounted
                    || configured.before(cx, &run.r, c.range.start)
                    || cleans_cache(&run, run.order(c), cache_dir.as_deref())
                {
                    continue;
                }
                out.report(
                    inv.argv.program.range.cover(sub.range),
                    "`pip install` keeps its download cache in the layer, often as large as the packages; add `--no-cache-dir`",
                )
                .fix(Fix::safe("Add `--no-cache-dir`", vec![run.insert_after(sub, "--no-cache-dir")]).preferred());
            }
        }
    }
}
