use dockls_syntax::{Body, Instruction};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports an instruction keyword written in mixed case (`Run`), or in a single case
    /// that differs from the majority of the file's keywords. The majority counts the
    /// keywords of the stages (FROM included) written all in uppercase or all in
    /// lowercase; a tie counts as uppercase. ARGs before the first FROM and keywords
    /// wrapped by ONBUILD are checked against the majority but, as in BuildKit, do not
    /// count towards it.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, so this is about readability: a file that mixes
    /// `RUN` and `run` is harder to scan, and mixed-case keywords look like typos.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// Run echo hello
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello
    /// ```
    ///
    /// ## Fix
    /// Rewrites the keyword in the majority case. Safe: keywords are case-insensitive.
    pub struct ConsistentInstructionCasing {
        code: "DK405",
        name: "consistent-instruction-casing",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: None,
        buildkit: Some("ConsistentInstructionCasing"),
        default_enabled: true,
    }
}

fn case_of(s: &str) -> Option<bool> {
    let upper = !s.bytes().any(|b| b.is_ascii_lowercase());
    let lower = !s.bytes().any(|b| b.is_ascii_uppercase());
    match (upper, lower) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

impl Rule for ConsistentInstructionCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let first_from = df.stages.first().map_or(df.instructions.len(), |s| s.from);
        let (mut upper, mut lower) = (0usize, 0usize);
        for ins in df.instructions.iter().skip(first_from) {
            if ins.keyword.is_none() {
                continue;
            }
            match case_of(&ins.keyword_text) {
                Some(true) => upper += 1,
                Some(false) => lower += 1,
                None => {}
            }
        }
        let majority_lower = lower > upper;
        let check = |ins: &Instruction, out: &mut Sink<'_>| {
            if ins.keyword.is_none() {
                return;
            }
            let kw = ins.keyword_text.as_str();
            // Most keywords already match: compare before building the wanted spelling.
            let matches = if majority_lower {
                !kw.bytes().any(|b| b.is_ascii_uppercase())
            } else {
                !kw.bytes().any(|b| b.is_ascii_lowercase())
            };
            if matches {
                return;
            }
            let (wanted, label) = if majority_lower {
                (kw.to_ascii_lowercase(), "lowercase")
            } else {
                (kw.to_ascii_uppercase(), "uppercase")
            };
            out.report(
                ins.keyword_range,
                format!("Command '{kw}' should match the case of the command majority ({label}): write `{wanted}`"),
            )
            .fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(ins.keyword_range, wanted.clone())]).preferred());
        };
        for ins in &df.instructions {
            check(ins, out);
            if let Body::Onbuild(Some(inner)) = &ins.body {
                check(inner, out);
            }
        }
    }
}
