use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{apt_false, apt_option, runs, Mentions};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` (or `apt install`) without `--no-install-recommends`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones merely recommend:
    /// documentation, optional tools, often a compiler or an X11 stack. They make the
    /// image larger and widen what a vulnerability scanner finds, and the application
    /// rarely needs them.
    ///
    /// `-o APT::Install-Recommends=false` (or `=0`) counts, and so does an apt
    /// configuration written earlier in the stage that mentions `APT::Install-Recommends`
    /// (for example `echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/...`);
    /// hadolint knows neither the `0` form nor configuration files.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Adds `--no-install-recommends` after `install`. Unsafe: a program may rely on a
    /// recommended package that is then no longer installed.
    pub struct AptGetInstallRecommends {
        code: "DK307",
        name: "apt-get-install-recommends",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3015"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for AptGetInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let configured = Mentions::new(cx, &["APT::Install-Recommends"]);
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if !matches!(inv.manager, Manager::AptGet | Manager::Apt) || inv.sub() != "install"
                {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                if inv.has(&["no-install-recommends"], &[])
                    || apt_option(&inv, "APT::Install-Recommends").is_some_and(apt_false)
                    || configured.before(cx, &run.r, inv.argv.command.range.start)
                {
                    continue;
                }
                out.report(
                    inv.argv.program.range.cover(sub.range),
                    format!("`{} install` also installs recommended packages, which bloat the image and add attack surface; add `--no-install-recommends`", inv.argv.name),
                )
                .fix(Fix::unsafe_(
                    "Add `--no-install-recommends`",
                    vec![run.insert_after(sub, "--no-install-recommends")],
                ));
            }
        }
    }
}
