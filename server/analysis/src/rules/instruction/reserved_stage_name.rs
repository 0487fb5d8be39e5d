use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context` (in any case).
    ///
    /// ## Why is this bad?
    /// Both names already mean something to the builder: `scratch` is the empty image and
    /// `context` is the build context in `COPY --from=context` and named contexts. A stage
    /// with one of these names makes such references ambiguous, and readers cannot tell
    /// which one is meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// RUN echo hi
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// RUN echo hi
    /// ```
    pub struct ReservedStageName {
        code: "DK407",
        name: "reserved-stage-name",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3063"),
        buildkit: Some("ReservedStageName"),
        default_enabled: true,
    }
}

impl Rule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for stage in &cx.df.stages {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
                continue;
            };
            if name == "scratch" || name == "context" {
                out.report(
                    range,
                    format!("Stage name should not use the same name as reserved stage {name:?}: the builder gives `{name}` its own meaning; choose another name"),
                );
            }
        }
    }
}
