use dockls_syntax::{Base, Body};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::{from_flag_refs, resolve_from};

declare_rule! {
    /// ## What it does
    /// With a `label-schema` configured, reports each schema label that a stage which can
    /// be shipped does not set (in the stage or a stage it builds on). Stages that other
    /// stages only build on or copy from are not checked: their labels never reach an
    /// image that is pushed. Labels the base image may set are unknown and not counted.
    ///
    /// ## Why is this bad?
    /// Teams use a label schema so that every image they publish says where it comes
    /// from, who owns it and which version it is. An image without them cannot be traced
    /// back by scanners, registries or on-call engineers.
    ///
    /// ## Example
    /// With settings `{"label-schema": {"org.opencontainers.image.source": "url"}}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title=app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/acme/app
    /// ```
    pub struct MissingRequiredLabel {
        code: "DK427",
        name: "missing-required-label",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3049"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for MissingRequiredLabel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let schema = &cx.settings.label_schema;
        if schema.is_empty() {
            return;
        }
        let df = cx.df;
        let mut used = vec![false; df.stages.len()];
        for s in &df.stages {
            if let Base::Stage(p) = s.base {
                if let Some(u) = used.get_mut(p) {
                    *u = true;
                }
            }
        }
        for r in from_flag_refs(cx) {
            if let Some(t) = resolve_from(cx, &r.value) {
                if df.stage_of(r.instruction).map(|s| s.index) != Some(t) {
                    if let Some(u) = used.get_mut(t) {
                        *u = true;
                    }
                }
            }
        }
        let last = df.stages.len().saturating_sub(1);
        for stage in &df.stages {
            if used.get(stage.index).copied().unwrap_or(false) && stage.index != last {
                continue;
            }
            let mut present: Vec<&str> = Vec::new();
            for s in df.lineage(stage.index) {
                let Some(st) = df.stages.get(s) else { continue };
                for i in st.instructions.clone() {
                    if let Some(Body::Label { pairs, .. }) = df.instructions.get(i).map(|x| &x.body)
                    {
                        present.extend(pairs.iter().map(|p| p.key.value.as_str()));
                    }
                }
            }
            let Some(from) = df.instructions.get(stage.from) else {
                continue;
            };
            for (label, kind) in schema {
                if present.contains(&label.as_str()) {
                    continue;
                }
                out.report(
                    from.keyword_range,
                    format!("the image built by this stage has no `{label}` label, which the project's label schema requires ({kind}); add `LABEL {label}=...`"),
                );
            }
        }
    }
}
