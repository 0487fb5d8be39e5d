use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::runs;

declare_rule! {
    /// ## What it does
    /// Reports `apt` in RUN.
    ///
    /// ## Why is this bad?
    /// `apt` is the front end for people at a terminal: its output and options may change
    /// between releases, and it warns "apt does not have a stable CLI interface" when used
    /// in scripts. `apt-get` and `apt-cache` offer the same operations with a stable
    /// interface meant for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt update && apt install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
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
    /// Replaces `apt` with `apt-get` for `install`, `update`, `remove`, `purge`,
    /// `autoremove`, `clean`, `autoclean`, `source`, `build-dep`, `download` and
    /// `satisfy`, `apt full-upgrade` with `apt-get dist-upgrade`, and `apt search`,
    /// `show`, `policy`, `depends` and `rdepends` with `apt-cache`: safe, the commands do
    /// the same. `apt upgrade` becomes `apt-get upgrade`, which unlike `apt upgrade` never
    /// installs new dependencies, so that fix is unsafe. Other subcommands (`list`) have
    /// no direct equivalent and get no fix.
    pub struct AptInScript {
        code: "DK311",
        name: "apt-in-script",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3027"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for AptInScript {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Apt {
                    continue;
                }
                let program = inv.argv.program;
                let sub = inv.sub();
                let target = match sub {
                    "search" | "show" | "policy" | "depends" | "rdepends" | "showsrc" => {
                        "apt-cache"
                    }
                    _ => "apt-get",
                };
                let d = out.report(
                    program.range,
                    format!("`apt` has no stable command-line interface and warns when scripted; use `{target}` in Dockerfiles"),
                );
                if program.value != "apt" || !(program.raw == "apt" || program.raw == "\"apt\"") {
                    continue;
                }
                match sub {
                    "install" | "update" | "remove" | "purge" | "autoremove" | "clean"
                    | "autoclean" | "source" | "build-dep" | "download" | "satisfy" | "search"
                    | "show" | "policy" | "depends" | "rdepends" | "showsrc" | "dist-upgrade" => {
                        d.fix(
                            Fix::safe(
                                format!("Replace `apt` with `{target}`"),
                                vec![run.replace_word(program, target)],
                            )
                            .preferred(),
                        );
                    }
                    "full-upgrade" => {
                        if let Some(s) = inv.subcommand {
                            d.fix(
                                Fix::safe(
                                    "Replace with `apt-get dist-upgrade`",
                                    vec![
                                        run.replace_word(program, "apt-get"),
                                        run.replace_word(s, "dist-upgrade"),
                                    ],
                                )
                                .preferred(),
                            );
                        }
                    }
                    "upgrade" => {
                        d.fix(Fix::unsafe_(
                            "Replace `apt` with `apt-get` (does not install new dependencies)",
                            vec![run.replace_word(program, "apt-get")],
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
}
