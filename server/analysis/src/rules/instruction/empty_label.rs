use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::labels::label_pairs;

declare_rule! {
    /// ## What it does
    /// Reports a label listed in the configured `label-schema` whose value is empty.
    ///
    /// ## Why is this bad?
    /// The label is present, so a check for its presence passes, yet it carries no
    /// information: the image still cannot be traced.
    ///
    /// ## Example
    /// With settings `{"label-schema": {"org.opencontainers.image.version": "semver"}}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=""
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.4.2"
    /// ```
    pub struct EmptyLabel {
        code: "DK429",
        name: "empty-label",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3051"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for EmptyLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let schema = &cx.settings.label_schema;
        for (_, p) in label_pairs(cx) {
            if !schema.contains_key(&p.key.value) {
                continue;
            }
            let Some(v) = &p.value else { continue };
            if v.value.trim().is_empty() {
                out.report(
                    p.range,
                    format!("label `{}` is listed in the label schema but its value is empty; give it a value", p.key.value),
                );
            }
        }
    }
}
