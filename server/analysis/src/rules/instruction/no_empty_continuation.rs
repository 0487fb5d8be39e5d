use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::with_line_break;

declare_rule! {
    /// ## What it does
    /// Reports empty (or whitespace-only) lines inside an instruction continued with the
    /// escape character. Comment lines inside the instruction and heredoc bodies are not
    /// affected.
    ///
    /// ## Why is this bad?
    /// The builder skips such lines today, but Docker has announced that a future version
    /// of the Dockerfile syntax will reject them. They also make it easy to believe the
    /// instruction ended at the empty line when it did not: the next line still belongs to
    /// it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## Fix
    /// Deletes the empty lines. Safe: the builder already ignores them.
    pub struct NoEmptyContinuation {
        code: "DK404",
        name: "no-empty-continuation",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: None,
        buildkit: Some("NoEmptyContinuation"),
        default_enabled: true,
    }
}

impl Rule for NoEmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let text = cx.text();
        for r in cx.all() {
            let lines = &r.ins.empty_continuation_lines;
            let Some(first) = lines.first() else { continue };
            let edits: Vec<Edit> = lines
                .iter()
                .map(|l| Edit::delete(with_line_break(text, *l)))
                .collect();
            let n = lines.len();
            let msg = if n == 1 {
                "Empty continuation line: the instruction goes on after it, and a future Dockerfile syntax will reject it; delete the line".to_string()
            } else {
                format!("Empty continuation line ({n} in this instruction): the instruction goes on after them, and a future Dockerfile syntax will reject them; delete the lines")
            };
            out.report(*first, msg).fix(
                Fix::safe(
                    if n == 1 {
                        "Delete the empty line".to_string()
                    } else {
                        format!("Delete the {n} empty lines")
                    },
                    edits,
                )
                .preferred(),
            );
        }
    }
}
