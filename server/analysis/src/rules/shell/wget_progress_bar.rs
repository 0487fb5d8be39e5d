use std::collections::HashMap;

use dockls_syntax::shell::ShellWord;

use crate::commands::{argv, is_install, Manager};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{family, runs, Family, Run};

declare_rule! {
    /// ## What it does
    /// Reports `wget` without `--progress` and without an option that quiets it (`-q`,
    /// `-nv`, `-o logfile`, `-a logfile`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, GNU wget falls back to printing a line of dots for every few
    /// kilobytes. A large download fills the build log with thousands of lines, which
    /// slows CI log viewers and buries the messages that matter.
    /// `--progress=dot:giga` prints one dot per megabyte-sized chunk instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget https://example.com/app.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget --progress=dot:giga https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Fix
    /// Adds `--progress=dot:giga` after `wget`: safe when the base image is known to ship
    /// GNU wget or the stage installs it, unsafe when the image is unknown. On Alpine and
    /// BusyBox images `wget` is BusyBox's, which rejects `--progress`; there the fix adds
    /// `-q` instead, unsafe because it also silences wget's own messages.
    pub struct WgetProgressBar {
        code: "DK325",
        name: "wget-progress-bar",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3047"),
        buildkit: None,
        default_enabled: true,
    }
}

/// wget short options that take a value (the rest of a cluster after them is the value).
const VALUE_LETTERS: &str = "OoaPUTtYeiBwlQDIXAR";

fn quiet_or_logged(args: &[ShellWord]) -> bool {
    args.iter().any(|a| {
        let v = a.value.as_str();
        if let Some(long) = v.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            return matches!(
                name,
                "progress" | "quiet" | "no-verbose" | "output-file" | "append-output"
            );
        }
        let Some(cluster) = v.strip_prefix('-') else {
            return false;
        };
        if cluster == "nv" {
            return true;
        }
        if cluster.starts_with('n') {
            return false;
        }
        for c in cluster.chars() {
            if c == 'q' || c == 'o' || c == 'a' {
                return true;
            }
            if VALUE_LETTERS.contains(c) {
                return false;
            }
        }
        false
    })
}

/// The RUNs that install GNU wget with a package manager: (start offset, stage index).
fn wget_installs(all: &[Run<'_>]) -> Vec<(usize, usize)> {
    all.iter()
        .filter(|o| {
            o.invocations().iter().any(|i| {
                is_install(i)
                    && !matches!(
                        i.manager,
                        Manager::Pip | Manager::Npm | Manager::Go | Manager::Gem
                    )
                    && i.operands
                        .iter()
                        .any(|w| w.value.split(['=', '~', '<', '>']).next() == Some("wget"))
            })
        })
        .filter_map(|o| o.r.stage.map(|s| (o.r.ins.range.start, s.index)))
        .collect()
}

impl Rule for WgetProgressBar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let all = runs(cx, true);
        let installs = wget_installs(&all);
        let mut families: HashMap<Option<usize>, Family> = HashMap::new();
        for run in &all {
            for c in &run.script.commands {
                let Some(a) = argv(c) else { continue };
                if a.name != "wget" || quiet_or_logged(a.args) {
                    continue;
                }
                let fam = *families
                    .entry(run.r.stage.map(|s| s.index))
                    .or_insert_with(|| family(cx, run.r.stage));
                let gnu = run.r.stage.is_some_and(|stage| {
                    let lineage = cx.df.lineage(stage.index);
                    installs
                        .iter()
                        .any(|(start, s)| *start <= run.r.ins.range.start && lineage.contains(s))
                });
                let d = out.report(
                    a.program.range,
                    "`wget` without a terminal prints a line of dots every few kilobytes, flooding the build log; add `--progress=dot:giga` (or `-nv`)",
                );
                let fix = if fam.is_busybox() && !gnu {
                    Fix::unsafe_(
                        "Add `-q` (BusyBox wget has no `--progress`)",
                        vec![run.insert_after(a.program, "-q")],
                    )
                } else if gnu || fam.has_bash() {
                    Fix::safe(
                        "Add `--progress=dot:giga`",
                        vec![run.insert_after(a.program, "--progress=dot:giga")],
                    )
                    .preferred()
                } else {
                    Fix::unsafe_(
                        "Add `--progress=dot:giga` (needs GNU wget)",
                        vec![run.insert_after(a.program, "--progress=dot:giga")],
                    )
                };
                d.fix(fix);
            }
        }
    }
}
