use dockls_syntax::{Body, CommandForm, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports CMD and ENTRYPOINT written in shell form (`CMD node server.js`) in a stage
    /// that has not set a shell with SHELL (in the stage, before the instruction, or in a
    /// stage it builds on).
    ///
    /// ## Why is this bad?
    /// Shell form runs the command as `/bin/sh -c "..."`. The shell becomes PID 1 and does
    /// not forward SIGTERM to your process, so `docker stop` waits for its timeout and
    /// then kills the container without a clean shutdown. A shell-form ENTRYPOINT also
    /// ignores CMD and `docker run` arguments.
    ///
    /// hadolint's DL3025 asks for the same thing but also fires after an explicit SHELL
    /// instruction, where shell form is a deliberate choice; dockls follows BuildKit and
    /// stays quiet there, so one rule answers to both names.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// When the command is a plain list of words (no quotes, variables, globs, redirections
    /// or other shell syntax), rewrites it as a JSON array. Unsafe: the command no longer
    /// runs through a shell, so it is not looked up through the shell and, for
    /// ENTRYPOINT, CMD and `docker run` arguments are now appended to it.
    pub struct JsonArgsRecommended {
        code: "DK408",
        name: "json-args-recommended",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3025"),
        buildkit: Some("JSONArgsRecommended"),
        default_enabled: true,
    }
}

/// The words of a command with no shell syntax at all, or `None`.
pub(crate) fn plain_words(text: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let plain = |w: &str| {
        !w.starts_with('~')
            && w.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, '_' | '-' | '.' | '/' | ':' | '=' | '@' | '%' | '+' | ',')
            })
    };
    words.iter().all(|w| plain(w)).then_some(words)
}

impl Rule for JsonArgsRecommended {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        for kw in [Keyword::Cmd, Keyword::Entrypoint] {
            for r in cx.each(kw) {
                let (Body::Cmd(Some(CommandForm::Shell(sh)))
                | Body::Entrypoint(Some(CommandForm::Shell(sh)))) = &r.ins.body
                else {
                    continue;
                };
                // Invalid JSON is reported by the syntax check, with its own fix.
                if sh.invalid_json || sh.text.trim().is_empty() {
                    continue;
                }
                let Some(stage) = r.stage else { continue };
                let shell_set = df.lineage(stage.index).into_iter().any(|s| {
                    df.stages.get(s).is_some_and(|st| {
                        st.instructions.clone().any(|i| {
                            (s != stage.index || i < r.index)
                                && df.instructions.get(i).is_some_and(|x| x.is(Keyword::Shell))
                        })
                    })
                });
                if shell_set {
                    continue;
                }
                let name = kw.as_str();
                let d = out.report(
                    sh.range,
                    format!("JSON arguments recommended for {name} to prevent unintended behavior related to OS signals: write it as a JSON array, or set SHELL if a shell is intended"),
                );
                if sh.pieces.len() == 1 {
                    if let Some(words) = plain_words(&sh.text) {
                        let json = format!(
                            "[{}]",
                            words
                                .iter()
                                .map(|w| format!("\"{w}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        d.fix(Fix::unsafe_(
                            "Convert to exec form (JSON array)",
                            vec![Edit::replace(sh.range, json)],
                        ));
                    }
                }
            }
        }
    }
}
