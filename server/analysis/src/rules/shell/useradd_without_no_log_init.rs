use dockls_syntax::shell::ShellWord;

use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::runs;

declare_rule! {
    /// ## What it does
    /// Reports `useradd` with a UID of more than five digits (`-u 1000000`) and without
    /// `-l`/`--no-log-init`.
    ///
    /// ## Why is this bad?
    /// useradd reserves an entry for the new user in `/var/log/lastlog` and
    /// `/var/log/faillog`, files indexed by UID. On disk they are sparse, but image
    /// layers store them in full: a UID in the millions can add gigabytes to the image
    /// and make the build crawl. `--no-log-init` skips those entries.
    ///
    /// `--uid 1000000` and `--uid=1000000` are checked like `-u` (hadolint only knows
    /// `-u`); a UID given by a variable is not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -u 1000000 app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -l -u 1000000 app
    /// ```
    ///
    /// ## Fix
    /// Adds `-l` after `useradd`. Safe: it only skips the login-record entries.
    pub struct UseraddWithoutNoLogInit {
        code: "DK324",
        name: "useradd-without-no-log-init",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3046"),
        buildkit: None,
        default_enabled: true,
    }
}

/// The UID word of a useradd command (`-u N`, `--uid N`, `--uid=N`, `-uN`), with its value.
fn uid(args: &[ShellWord]) -> Option<(&ShellWord, String)> {
    for (i, a) in args.iter().enumerate() {
        let v = a.value.as_str();
        if v == "--uid"
            || v == "-u"
            || (v.starts_with('-')
                && !v.starts_with("--")
                && v.ends_with('u')
                && v.len() > 2
                && v[1..].chars().all(|c| c.is_ascii_alphabetic()))
        {
            let w = args.get(i + 1)?;
            return Some((w, w.value.clone()));
        }
        if let Some(n) = v.strip_prefix("--uid=") {
            return Some((a, n.to_string()));
        }
        if let Some(n) = v
            .strip_prefix("-u")
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            return Some((a, n.to_string()));
        }
    }
    None
}

fn has_no_log_init(args: &[ShellWord]) -> bool {
    args.iter().any(|a| {
        let v = a.value.as_str();
        v == "--no-log-init"
            || (v.starts_with('-')
                && !v.starts_with("--")
                && v[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .any(|c| c == 'l'))
    })
}

impl Rule for UseraddWithoutNoLogInit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for c in &run.script.commands {
                let Some(a) = argv(c) else { continue };
                if a.name != "useradd" || has_no_log_init(a.args) {
                    continue;
                }
                let Some((word, value)) = uid(a.args) else {
                    continue;
                };
                if !word.is_static
                    || value.len() <= 5
                    || !value.chars().all(|ch| ch.is_ascii_digit())
                {
                    continue;
                }
                out.report(
                    word.range,
                    format!("UID {value} makes useradd reserve lastlog and faillog entries that image layers store in full, possibly gigabytes; add `-l` (`--no-log-init`)"),
                )
                .fix(Fix::safe("Add `-l`", vec![run.insert_after(a.program, "-l")]).preferred());
            }
        }
    }
}
