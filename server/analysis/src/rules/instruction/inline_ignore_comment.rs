use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};
use crate::suppress::{ignore_comments, Origin};

declare_rule! {
    /// ## What it does
    /// Reports every ignore comment that covers a single instruction
    /// (`# hadolint ignore=...` or `# dockls ignore=...`). File-wide `global ignore=`
    /// comments are not reported. Off by default: turn it on in projects that want every
    /// exception to live in the configuration, where it is reviewed once.
    ///
    /// ## Why is this bad?
    /// Inline suppressions accumulate silently: each one hides a finding that no one
    /// looks at again, and a reviewer cannot see them all in one place.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # hadolint ignore=DL3018
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    pub struct InlineIgnoreComment {
        code: "DK420",
        name: "inline-ignore-comment",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL1001"),
        buildkit: None,
        default_enabled: false,
    }
}

impl Rule for InlineIgnoreComment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in ignore_comments(cx.df) {
            if c.global {
                continue;
            }
            let tool = match c.origin {
                Origin::Hadolint => "hadolint",
                Origin::Dockls => "dockls",
            };
            out.report(
                c.range,
                format!("inline `# {tool} ignore=` comment: this project does not allow per-instruction suppressions; fix the finding, or disable the rule in the configuration"),
            );
        }
    }
}
