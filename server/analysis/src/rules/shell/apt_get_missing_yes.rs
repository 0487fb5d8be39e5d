use crate::commands::{Invocation, Manager};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{apt_option, apt_true, fed_by_yes, runs, Mentions};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` (or `apt install`) without `-y`.
    ///
    /// ## Why is this bad?
    /// Without `-y`, apt asks "Do you want to continue?" whenever it installs more than
    /// was named. A build has no terminal, so apt reads end-of-input and aborts: the build
    /// fails, often only once a dependency changes.
    ///
    /// `-y`, `--yes`, `--assume-yes`, quiet level 2 (`-qq`, `-q=2`, `--quiet=2`, which
    /// imply `-y`), `-o APT::Get::Assume-Yes=true`, an apt configuration written earlier
    /// in the stage that sets `Assume-Yes`, and input piped from `yes` all answer the
    /// question. hadolint does not know `--quiet=2`, `-o APT::Get::Assume-Yes=true` or
    /// `yes |`, and does not check `apt install`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install --no-install-recommends curl \
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
    /// Adds `-y` after `install`. Safe: without it the build cannot get past the prompt.
    pub struct AptGetMissingYes {
        code: "DK306",
        name: "apt-get-missing-yes",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3014"),
        buildkit: None,
        default_enabled: true,
    }
}

/// The apt quiet level of an invocation (`-q` counts 1, `-qq` 2, `-q=2` 2).
fn quiet_level(inv: &Invocation<'_>) -> usize {
    let mut level = 0;
    for o in &inv.options {
        let v = o.value.as_str();
        if let Some(n) = v.strip_prefix("--quiet=").or_else(|| v.strip_prefix("-q=")) {
            level += n.parse::<usize>().unwrap_or(1);
        } else if v == "--quiet" {
            level += 1;
        } else if let Some(letters) = v.strip_prefix('-').filter(|s| !s.starts_with('-')) {
            if letters.chars().all(|c| c.is_ascii_alphanumeric()) {
                level += letters.chars().filter(|c| *c == 'q').count();
            }
        }
    }
    level
}

pub(crate) fn assumes_yes(inv: &Invocation<'_>) -> bool {
    inv.has(&["yes", "assume-yes"], &['y'])
        || quiet_level(inv) >= 2
        || apt_option(inv, "APT::Get::Assume-Yes").is_some_and(apt_true)
}

impl Rule for AptGetMissingYes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let configured = Mentions::new(cx, &["APT::Get::Assume-Yes"]);
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if !matches!(inv.manager, Manager::AptGet | Manager::Apt) || inv.sub() != "install"
                {
                    continue;
                }
                let Some(sub) = inv.subcommand else { continue };
                if assumes_yes(&inv)
                    || fed_by_yes(cx.df, &run.script, inv.argv.command)
                    || configured.before(cx, &run.r, inv.argv.command.range.start)
                {
                    continue;
                }
                out.report(
                    inv.argv.program.range.cover(sub.range),
                    format!("`{} install` without `-y` stops at its confirmation prompt, which a build cannot answer, and fails; add `-y`", inv.argv.name),
                )
                .fix(Fix::safe("Add `-y`", vec![run.insert_after(sub, "-y")]).preferred());
            }
        }
    }
}
