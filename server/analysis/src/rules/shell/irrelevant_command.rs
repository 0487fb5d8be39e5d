use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::runs;

declare_rule! {
    /// ## What it does
    /// Reports commands in RUN that only make sense on a running, interactive machine:
    /// `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill` and `mount`.
    ///
    /// ## Why is this bad?
    /// A RUN step runs once, without a terminal, in a container that stops when the step
    /// ends. An editor or `top` waits for a keyboard nobody types on, `ps` and `free`
    /// print a snapshot of the build machine nobody reads, a daemon started with
    /// `service` is gone before the next step, and `shutdown` or `mount` need privileges
    /// a build does not have. These lines are usually left over from an interactive
    /// session and either do nothing or hang the build.
    ///
    /// `ssh` is accepted in a RUN with `--mount=type=ssh` (forwarded keys are the way to
    /// reach a private host at build time), and `mount` in a RUN with
    /// `--security=insecure`; hadolint reports both.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN service nginx start
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    pub struct IrrelevantCommand {
        code: "DK300",
        name: "irrelevant-command",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3001"),
        buildkit: None,
        default_enabled: true,
    }
}

fn reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "vim" => "an editor waits for a terminal that a build step does not have",
        "top" => "a process monitor waits for a terminal that a build step does not have",
        "ps" | "free" => "it prints a snapshot of the build container that nobody reads",
        "service" => "a service started in a RUN step stops when the step ends",
        "kill" => "processes of a RUN step end with the step anyway",
        "shutdown" => "a build step cannot shut down the machine",
        "mount" => "mounting needs privileges a build step does not have",
        "ssh" => "an interactive remote session has no place in a build step",
        _ => return None,
    })
}

impl Rule for IrrelevantCommand {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            let ins = run.ins();
            let ssh_mount = ins
                .flags_named("mount")
                .filter_map(|f| f.mount())
                .any(|m| m.kind() == "ssh");
            let insecure = ins
                .flags_named("security")
                .any(|f| f.value_str() == Some("insecure"));
            for c in &run.script.commands {
                let Some(a) = argv(c) else { continue };
                let Some(why) = reason(&a.name) else { continue };
                if (a.name == "ssh" && ssh_mount) || (a.name == "mount" && insecure) {
                    continue;
                }
                out.report(
                    a.program.range,
                    format!("`{}` does not belong in a RUN step: {why}; remove it, or move what it is for to CMD/ENTRYPOINT", a.name),
                );
            }
        }
    }
}
