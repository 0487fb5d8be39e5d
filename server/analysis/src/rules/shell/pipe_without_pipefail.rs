use dockls_syntax::shell::{ShellCommand, ShellScript, ShellSource, ShellToken, ShellWord};
use dockls_syntax::{Body, CommandForm, Heredoc, Keyword};

use crate::commands::{argv, is_install};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Sink};

use super::util::{family, runs, Family, Run};

declare_rule! {
    /// ## What it does
    /// Reports a RUN with a pipeline (`a | b`) when nothing turns on `pipefail` for it.
    ///
    /// ## Why is this bad?
    /// A pipeline's exit status is that of its last command. In
    /// `RUN curl -fsSL https://example.com/install.sh | sh`, a failed download gives `sh`
    /// empty input, `sh` succeeds, and the build goes on without what it was meant to
    /// install. With `-o pipefail`, any failing command fails the pipeline and the build.
    ///
    /// `pipefail` counts when it comes from the stage's SHELL (`SHELL ["/bin/bash", "-o",
    /// "pipefail", "-c"]`, inherited by `FROM <stage>`), from `set -o pipefail` earlier in
    /// the same script, from the shell a heredoc is fed to (`RUN <<EOF bash -o pipefail`)
    /// or from the heredoc's own script. A heredoc with a shebang (`#!/bin/bash`) is run
    /// by that interpreter, so only `set -o pipefail` inside it helps. hadolint ignores
    /// `set -o pipefail` and heredoc interpreters, and does not carry SHELL into a stage
    /// built `FROM` another, which makes it report scripts that are already safe.
    ///
    /// An exec-form `RUN ["bash", "-c", "a | b"]` is checked against the options in its
    /// array, since SHELL does not apply to it.
    ///
    /// Pipelines fed only by commands that cannot fail (`echo`, `printf`, `true`, `env`,
    /// `cat` of a heredoc) are not reported, nor are those fed by `yes`, which `pipefail`
    /// would break (`yes` is killed by SIGPIPE when its reader exits). Neither are
    /// pipelines that are the condition of `if`, `elif`, `while` or `until`
    /// (`if curl -s x | grep -q ok; then`): a false condition never stops the build, with
    /// or without pipefail, and pipefail would let a reader that exits early (`grep -q`)
    /// turn the writer's SIGPIPE into a false test. Shells that are not POSIX
    /// (PowerShell, cmd) are not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Fix
    /// Adds `"-o", "pipefail"` to the stage's SHELL when it names bash, zsh, ksh or ash,
    /// or else inserts `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN when
    /// the base image has bash (Debian, Ubuntu, Red Hat and SUSE families, or a stage that
    /// uses bash), and `SHELL ["/bin/ash", "-o", "pipefail", "-c"]` on Alpine and BusyBox
    /// images, whose ash supports pipefail. For a heredoc run by its own interpreter,
    /// inserts `set -o pipefail` at the top of the script instead, and for an exec-form
    /// `RUN ["bash", "-c", "..."]` adds the option to the array. All are unsafe: a
    /// command that used to fail quietly now fails the build, and a new SHELL also
    /// changes every later RUN and shell-form CMD of the stage.
    pub struct PipeWithoutPipefail {
        code: "DK331",
        name: "pipe-without-pipefail",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL4006"),
        buildkit: None,
        default_enabled: true,
    }
}

/// Who runs the part of the script a pipe is in.
enum Runner<'a> {
    /// The stage's SHELL (inline text, or a `RUN <<EOF` body without shebang).
    Stage,
    /// A heredoc body run by its shebang line.
    Shebang(&'a Heredoc, String),
    /// A heredoc body fed to a command (`RUN <<EOF bash`, `RUN bash <<EOF`).
    Command(&'a Heredoc, &'a ShellCommand),
}

fn base(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// `set -o pipefail` (also `set -euo pipefail`, `-o errexit -o pipefail`).
fn sets_pipefail(args: &[ShellWord]) -> bool {
    args.windows(2).any(|w| {
        let o = w[0].value.as_str();
        w[1].value == "pipefail"
            && o.len() > 1
            && o.starts_with('-')
            && !o.starts_with("--")
            && o.ends_with('o')
    })
}

fn shell_supports_pipefail(name: &str, fam: Family) -> bool {
    matches!(name, "bash" | "zsh" | "ksh" | "mksh" | "ash" | "busybox")
        || (name == "sh" && fam.is_busybox())
}

/// The command a heredoc body is fed to: the top-level inline command nearest its marker.
fn reader<'r>(run: &'r Run<'_>, h: &Heredoc) -> Option<&'r ShellCommand> {
    run.script
        .commands
        .iter()
        .filter(|c| !c.nested && run.body_at(c.range.start).is_none())
        .min_by_key(|c| {
            if c.range.intersects(h.marker_range) {
                0
            } else if c.range.end <= h.marker_range.start {
                h.marker_range.start - c.range.end
            } else {
                c.range.start.saturating_sub(h.marker_range.end)
            }
        })
}

/// Commands whose failure a pipeline cannot hide, or whose failure pipefail would invent.
fn harmless_feeder(c: &ShellCommand) -> bool {
    let Some(a) = argv(c) else {
        // `env` alone prints the environment.
        return c.is("env") && c.args.is_empty();
    };
    match a.name.as_str() {
        "echo" | "printf" | "yes" | "true" => true,
        "cat" => a.args.is_empty() && c.redirects.iter().any(|r| r.operator.starts_with("<<")),
        _ => false,
    }
}

/// Whether the pipe at `pipe` is part of the condition of `if`, `elif`, `while` or `until`
/// (or of a `for` word list): the next shell keyword after it is `then` or `do`.
fn in_condition(script: &ShellScript, text: &str, pipe: usize) -> bool {
    script
        .tokens
        .iter()
        .filter(|(r, k)| *k == ShellToken::Keyword && r.start > pipe)
        .min_by_key(|(r, _)| r.start)
        .is_some_and(|(r, _)| matches!(r.of(text), "then" | "do"))
}

/// `cat <<EOF | ...`: cat reading a heredoc cannot fail.
fn cat_of_heredoc(run: &Run<'_>, c: &ShellCommand, pipe: usize) -> bool {
    c.is("cat")
        && c.args.is_empty()
        && run
            .ins()
            .heredocs
            .iter()
            .any(|h| h.marker_range.start >= c.range.start && h.marker_range.end <= pipe)
}

impl Rule for PipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let text = cx.text();
        for run in runs(cx, false) {
            let script: &ShellScript = &run.script;
            if !script.has_pipe {
                continue;
            }
            let pipes = script
                .tokens
                .iter()
                .filter(|(r, k)| *k == ShellToken::Operator && matches!(r.of(text), "|" | "|&"));
            for (pipe, _) in pipes {
                let body = run.body_at(pipe.start);
                let runner = match (body, &script.source) {
                    (Some(h), ShellSource::HeredocBody) => match h.shebang(text) {
                        Some(sb) => {
                            Runner::Shebang(h, sb.trim_start_matches("#!").trim().to_string())
                        }
                        None => Runner::Stage,
                    },
                    (Some(h), ShellSource::Inline) => match reader(&run, h) {
                        Some(c) => Runner::Command(h, c),
                        None => Runner::Stage,
                    },
                    (None, _) => Runner::Stage,
                };
                let protected_by_runner = match &runner {
                    Runner::Stage => script.kind.has_pipefail(),
                    Runner::Shebang(_, line) => line.contains("pipefail"),
                    Runner::Command(_, c) => argv(c).is_some_and(|a| sets_pipefail(a.args)),
                };
                if protected_by_runner {
                    continue;
                }
                // `set -o pipefail` before the pipe, in the same script.
                let same_part = |c: &ShellCommand| match body {
                    Some(h) => h.body.contains(c.range.start),
                    None => run.body_at(c.range.start).is_none(),
                };
                let set_before = script.commands.iter().any(|c| {
                    c.range.start < pipe.start
                        && same_part(c)
                        && c.is("set")
                        && sets_pipefail(&c.args)
                });
                if set_before {
                    continue;
                }
                // The command left of the pipe. A heredoc on the command line hides its
                // redirections from the shell view, so fall back to the nearest command.
                let before = |c: &&ShellCommand| c.range.end <= pipe.start && same_part(c);
                let feeder = script
                    .commands
                    .iter()
                    .filter(|c| c.in_pipeline)
                    .filter(before)
                    .max_by_key(|c| c.range.end)
                    .or_else(|| {
                        script
                            .commands
                            .iter()
                            .filter(before)
                            .max_by_key(|c| c.range.end)
                    });
                if feeder.is_some_and(|c| harmless_feeder(c) || cat_of_heredoc(&run, c, pipe.start))
                    || in_condition(script, text, pipe.start)
                {
                    continue;
                }
                let what = feeder
                    .and_then(|c| {
                        argv(c)
                            .map(|a| a.name)
                            .or_else(|| c.program().map(str::to_string))
                    })
                    .map_or_else(
                        || "an earlier command of the pipeline".to_string(),
                        |name| format!("`{name}`"),
                    );
                let fam = family(cx, run.r.stage);
                let (msg, fix) = match &runner {
                    Runner::Stage if run.exec => (
                        format!("a pipeline takes the exit status of its last command, so a failure of {what} goes unnoticed; add `\"-o\", \"pipefail\"` to the shell's options in this array"),
                        exec_fix(&run, fam),
                    ),
                    Runner::Stage => (
                        format!("a pipeline takes the exit status of its last command, so a failure of {what} goes unnoticed; set `-o pipefail` in the stage's SHELL"),
                        shell_fix(cx, &run, fam),
                    ),
                    Runner::Shebang(h, line) => {
                        let prog = line.split_whitespace().find(|p| base(p) != "env" && !p.starts_with('-')).map(base).unwrap_or("");
                        let fix = shell_supports_pipefail(prog, fam).then(|| {
                            let first_line_end = h.body.of(text).find('\n').map_or(h.body.end, |i| h.body.start + i + 1);
                            Fix::unsafe_("Add `set -o pipefail` to the script", vec![Edit::insert(first_line_end, "set -o pipefail\n")])
                        });
                        (format!("a pipeline takes the exit status of its last command, so a failure of {what} goes unnoticed; add `set -o pipefail` to this script"), fix)
                    }
                    Runner::Command(h, c) => {
                        let prog = argv(c).map(|a| a.name).unwrap_or_default();
                        let fix = shell_supports_pipefail(&prog, fam).then(|| {
                            Fix::unsafe_("Add `set -o pipefail` to the script", vec![Edit::insert(h.body.start, "set -o pipefail\n")])
                        });
                        (format!("a pipeline takes the exit status of its last command, so a failure of {what} goes unnoticed; add `set -o pipefail` to the script `{prog}` runs"), fix)
                    }
                };
                let d = out.report(*pipe, msg);
                if let Some(f) = fix {
                    d.fix(f);
                }
                break;
            }
        }
    }
}

/// The fix for `RUN ["bash", "-c", "a | b"]`: `"-o", "pipefail"` before the `-c` item.
fn exec_fix(run: &Run<'_>, fam: Family) -> Option<Fix> {
    let Some(CommandForm::Exec { items, .. }) = run.ins().command() else {
        return None;
    };
    let prog = items.first().map(|w| base(&w.value))?;
    if !shell_supports_pipefail(prog, fam) {
        return None;
    }
    let dash_c = items.iter().skip(1).find(|w| {
        let v = w.value.as_str();
        v.starts_with('-') && !v.starts_with("--") && v.ends_with('c')
    })?;
    Some(Fix::unsafe_(
        "Add `-o pipefail` to the shell's options",
        vec![Edit::insert(dash_c.range.start, "\"-o\", \"pipefail\", ")],
    ))
}

/// Whether the stage (or a parent) runs or installs bash.
fn stage_uses_bash(cx: &Context<'_>, run: &Run<'_>) -> bool {
    let Some(stage) = run.r.stage else {
        return false;
    };
    let df = cx.df;
    df.lineage(stage.index).into_iter().any(|s| {
        df.stages.get(s).is_some_and(|st| {
            df.stage_instructions(st).iter().any(|ins| {
                ins.effective().shell.as_ref().is_some_and(|sh| {
                    sh.commands.iter().any(|c| {
                        argv(c).is_some_and(|a| a.name == "bash")
                            || crate::commands::invocation(c).is_some_and(|i| {
                                is_install(&i) && i.operands.iter().any(|w| w.value == "bash")
                            })
                    })
                })
            })
        })
    })
}

/// The fix for a pipe run by the stage's shell: add pipefail to the stage's SHELL, or
/// insert a SHELL with it before the RUN.
fn shell_fix(cx: &Context<'_>, run: &Run<'_>, fam: Family) -> Option<Fix> {
    let df = cx.df;
    let text = cx.text();
    let stage = run.r.stage?;
    // The SHELL in effect, when this stage sets it.
    let shell = (stage.instructions.start..run.r.index)
        .rev()
        .filter_map(|i| df.instructions.get(i))
        .find(|i| i.is(Keyword::Shell));
    if let Some(Body::Shell(Some(CommandForm::Exec { items, .. }))) = shell.map(|s| &s.body) {
        let prog = items.first().map(|w| base(&w.value)).unwrap_or("");
        let dash_c = items.iter().skip(1).rev().find(|w| {
            let v = w.value.as_str();
            v.starts_with('-') && !v.starts_with("--") && v.ends_with('c')
        });
        if shell_supports_pipefail(prog, fam) {
            if let Some(c) = dash_c {
                return Some(Fix::unsafe_(
                    "Add `-o pipefail` to the stage's SHELL",
                    vec![Edit::insert(c.range.start, "\"-o\", \"pipefail\", ")],
                ));
            }
        }
    }
    let new_shell = if fam.is_busybox() {
        r#"SHELL ["/bin/ash", "-o", "pipefail", "-c"]"#
    } else if fam.has_bash() || stage_uses_bash(cx, run) {
        r#"SHELL ["/bin/bash", "-o", "pipefail", "-c"]"#
    } else {
        return None;
    };
    // Insert above the RUN's comment block, so ignore comments stay attached to it.
    let ins = run.r.outer;
    let top = df
        .comments
        .get(ins.comments.clone())
        .and_then(|c| c.first())
        .map_or(ins.range.start, |c| c.range.start.min(ins.range.start));
    let line = df.line_index.line_of(top);
    let line_start = df.line_index.line_start(line)?;
    let indent: String = text
        .get(line_start..top)
        .unwrap_or("")
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let title = format!("Insert `{new_shell}` before this RUN");
    Some(Fix::unsafe_(
        title,
        vec![Edit::insert(
            line_start,
            format!("{indent}{new_shell}{newline}"),
        )],
    ))
}
