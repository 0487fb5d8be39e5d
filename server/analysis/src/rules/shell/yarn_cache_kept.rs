use crate::commands::{argv, Invocation, Manager};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{append_command, env_for, mount_targets, path_covers, runs, ships};

declare_rule! {
    /// ## What it does
    /// Reports `yarn install` (also bare `yarn`, `yarn add` and `yarn global add`) in a
    /// RUN that does not run `yarn cache clean` afterwards.
    ///
    /// ## Why is this bad?
    /// Yarn keeps a copy of every package it fetches in its global cache
    /// (`/usr/local/share/.cache/yarn` in the official Node images), frequently hundreds
    /// of megabytes that are frozen into the layer when the RUN step ends.
    ///
    /// A cache mount on the Yarn cache (any cache or tmpfs mount whose target mentions
    /// `yarn`, or `YARN_CACHE_FOLDER`) and deleting the cache directory later in the same
    /// RUN are accepted too. Like hadolint, only stages that end up in an image are
    /// checked; hadolint only checks `yarn install`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix
    /// Appends `yarn cache clean` to the end of the RUN. Safe: it only deletes the cache.
    /// No fix is offered when the RUN's text ends in a comment or a dangling operator, or
    /// when the RUN is in exec form.
    pub struct YarnCacheKept {
        code: "DK327",
        name: "yarn-cache-kept",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3060"),
        buildkit: None,
        default_enabled: true,
    }
}

fn installs(inv: &Invocation<'_>) -> bool {
    match inv.sub() {
        "" => !inv.has(&["version", "help"], &['v', 'h']),
        "install" | "add" => true,
        "global" => inv.operands.first().is_some_and(|w| w.value == "add"),
        _ => false,
    }
}

fn is_yarn_cache(path: &str) -> bool {
    let p = path.trim_end_matches('*').trim_end_matches('/');
    p.ends_with(".cache/yarn")
        || p.ends_with(".yarn/cache")
        || p.ends_with(".yarn/berry/cache")
        || p.ends_with("/.yarn/berry")
}

impl Rule for YarnCacheKept {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            if !ships(cx, &run.r) {
                continue;
            }
            let invs = run.invocations();
            for inv in &invs {
                if inv.manager != Manager::Yarn || !installs(inv) {
                    continue;
                }
                let c = inv.argv.command;
                let folder = env_for(cx, &run.r, c, "YARN_CACHE_FOLDER").flatten();
                let mounted = mount_targets(run.ins(), &["cache", "tmpfs"])
                    .iter()
                    .any(|t| {
                        t.contains("yarn") || folder.as_deref().is_some_and(|f| path_covers(t, f))
                    });
                if mounted {
                    continue;
                }
                let at = run.order(c);
                let cleaned = invs.iter().any(|i| {
                    i.manager == Manager::Yarn
                        && i.sub() == "cache"
                        && i.operands.first().is_some_and(|w| w.value == "clean")
                        && run.order(i.argv.command) > at
                }) || run.script.commands.iter().any(|o| {
                    run.order(o) > at
                        && argv(o).is_some_and(|a| {
                            a.name == "rm"
                                && a.args.iter().any(|w| {
                                    is_yarn_cache(&w.value)
                                        || folder
                                            .as_deref()
                                            .is_some_and(|f| path_covers(&w.value, f))
                                })
                        })
                });
                if cleaned {
                    continue;
                }
                let range = inv.subcommand.map_or(inv.argv.program.range, |s| {
                    inv.argv.program.range.cover(s.range)
                });
                let d = out.report(
                    range,
                    "Yarn keeps every fetched package in its cache, which stays in this layer; run `yarn cache clean` at the end of the same RUN",
                );
                if let Some(edit) = append_command(cx.df, &run, c, "yarn cache clean") {
                    d.fix(
                        Fix::safe("Append `yarn cache clean` to this RUN", vec![edit]).preferred(),
                    );
                }
            }
        }
    }
}
