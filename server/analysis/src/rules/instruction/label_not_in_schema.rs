use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::labels::label_pairs;

declare_rule! {
    /// ## What it does
    /// With `strict-labels` on, reports each LABEL key that the configured `label-schema`
    /// does not list.
    ///
    /// ## Why is this bad?
    /// A strict schema is how a team keeps image metadata uniform: an unlisted key is
    /// usually a misspelling of a schema key (so the real one is missing) or metadata no
    /// tool reads.
    ///
    /// ## Example
    /// With settings `{"strict-labels": true, "label-schema": {"org.opencontainers.image.source": "url"}}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.sourc=https://github.com/acme/app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    pub struct LabelNotInSchema {
        code: "DK428",
        name: "label-not-in-schema",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3050"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for LabelNotInSchema {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        if !cx.settings.strict_labels {
            return;
        }
        let schema = &cx.settings.label_schema;
        for (_, p) in label_pairs(cx) {
            let key = p.key.value.as_str();
            if key.contains('$') || schema.contains_key(key) {
                continue;
            }
            let mut msg = format!(
                "label `{key}` is not in the project's label schema, and strict labels are on"
            );
            if let Some(s) =
                dockls_syntax::errors::did_you_mean(key, schema.keys().map(String::as_str))
            {
                msg.push_str(&format!("; did you mean `{s}`?"));
            } else {
                msg.push_str("; add it to `label-schema` or remove it");
            }
            out.report(p.key.range, msg);
        }
    }
}
