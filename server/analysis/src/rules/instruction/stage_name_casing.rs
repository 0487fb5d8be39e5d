use dockls_syntax::Body;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::from_flag_refs;

declare_rule! {
    /// ## What it does
    /// Reports a stage name (`FROM ... AS <name>`) that contains uppercase letters.
    ///
    /// ## Why is this bad?
    /// BuildKit lowercases stage names, so `AS Builder`, `--from=builder` and
    /// `--target BUILDER` all name the same stage. Writing the name in mixed case suggests
    /// a distinction that does not exist and makes searches for the name miss its uses.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS Builder
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=Builder /out/app /usr/local/bin/app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=builder /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix
    /// Lowercases the name and every reference to it in the file (`FROM <name>`,
    /// `COPY --from=<name>`, `RUN --mount=from=<name>`). Safe: stage names are compared
    /// without regard to case, so the build is unchanged. A `--target` given on the
    /// command line keeps working for the same reason.
    pub struct StageNameCasing {
        code: "DK402",
        name: "stage-name-casing",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: None,
        buildkit: Some("StageNameCasing"),
        default_enabled: true,
    }
}

impl Rule for StageNameCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let refs = from_flag_refs(cx);
        for stage in &df.stages {
            let Some(name_range) = stage.name_range else {
                continue;
            };
            let written = name_range.of(cx.text());
            if !written.chars().any(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let lower = written.to_ascii_lowercase();
            let mut edits = vec![Edit::replace(name_range, lower.clone())];
            // Later FROM lines that build on this stage.
            for later in df.stages.iter().filter(|s| s.index > stage.index) {
                let Some(Body::From(f)) = df.instructions.get(later.from).map(|i| &i.body) else {
                    continue;
                };
                if let Some(img) = &f.image {
                    if img.raw.eq_ignore_ascii_case(written)
                        && img.raw != lower
                        && img.range.len() == img.raw.len()
                    {
                        edits.push(Edit::replace(img.range, lower.clone()));
                    }
                }
            }
            for r in &refs {
                if r.value.eq_ignore_ascii_case(written) && r.value != lower {
                    edits.push(Edit::replace(r.range, lower.clone()));
                }
            }
            out.report(
                name_range,
                format!("Stage name '{written}' should be lowercase: stage names are case-insensitive, so write it as '{lower}'"),
            )
            .fix(Fix::safe(format!("Rename the stage to `{lower}` everywhere"), edits).preferred());
        }
    }
}
