use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::labels::{label_pairs, type_problem};

declare_rule! {
    /// ## What it does
    /// Checks the value of each label listed in the configured `label-schema` against its
    /// type: `url`, `rfc3339` (timestamp), `spdx` (license expression), `hash` (git
    /// commit), `semver` or `email` (`text` accepts anything). Values with variables and
    /// empty values (see `empty-label`) are not checked. SPDX identifiers are checked for
    /// their shape and the expression grammar, not against the license list, so a
    /// well-formed but unknown identifier passes.
    ///
    /// This one rule covers hadolint's DL3052 (url), DL3053 (rfc3339), DL3054 (spdx),
    /// DL3055 (hash), DL3056 (semver) and DL3058 (email).
    ///
    /// ## Why is this bad?
    /// Tools that consume the schema (release dashboards, license scanners, provenance
    /// checks) parse these values; a malformed one is dropped or breaks them.
    ///
    /// ## Example
    /// With settings `{"label-schema": {"org.opencontainers.image.version": "semver"}}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=v1.4
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.4.0
    /// ```
    pub struct LabelSchemaType {
        code: "DK430",
        name: "label-schema-type",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3052"),
        buildkit: None,
        default_enabled: true,
        hadolint_also: &["DL3053", "DL3054", "DL3055", "DL3056", "DL3058"],
    }
}

impl Rule for LabelSchemaType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let schema = &cx.settings.label_schema;
        for (_, p) in label_pairs(cx) {
            let Some(kind) = schema.get(&p.key.value) else {
                continue;
            };
            let Some(v) = &p.value else { continue };
            if v.has_vars() || v.value.trim().is_empty() {
                continue;
            }
            if let Some(expected) = type_problem(kind, &v.value) {
                out.report(
                    v.range,
                    format!(
                        "label `{}` should be {expected} (schema type `{kind}`), found {:?}",
                        p.key.value, v.value
                    ),
                );
            }
        }
    }
}
