use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a stage name used by an earlier stage too (names are compared after
    /// lowercasing).
    ///
    /// ## Why is this bad?
    /// A reference to the name (`FROM name`, `COPY --from=name`, `--target name`) silently
    /// resolves to only one of the stages: BuildKit keeps the latest definition seen, so
    /// which stage a reference means depends on where it sits in the file. The other
    /// stage is then built for nothing, or the wrong files are copied.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20 AS build
    /// RUN npm ci
    /// FROM golang:1.22 AS build
    /// RUN go build ./...
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20 AS web-build
    /// RUN npm ci
    /// FROM golang:1.22 AS api-build
    /// RUN go build ./...
    /// ```
    pub struct DuplicateStageName {
        code: "DK406",
        name: "duplicate-stage-name",
        category: Instruction,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3024"),
        buildkit: Some("DuplicateStageName"),
        default_enabled: true,
    }
}

impl Rule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        for (i, stage) in df.stages.iter().enumerate() {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else {
                continue;
            };
            // The first stage of that name, when it is an earlier one (a map lookup: a scan
            // of the earlier stages made files with many stages quadratic).
            let Some(first) = df.stage_named(name).filter(|f| f.index < i) else {
                continue;
            };
            let d = out.report(
                range,
                format!("Duplicate stage name {name:?}, stage names should be unique: references to it will reach only one of the stages; rename one of them"),
            );
            if let Some(r) = first.name_range {
                d.related(r, format!("{name:?} is first defined here"));
            }
        }
    }
}
