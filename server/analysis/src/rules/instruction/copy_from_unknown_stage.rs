use dockls_syntax::Keyword;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::resolve_from;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<value>` where the value is neither the name of a stage of
    /// this file nor a stage index, and does not look like an image reference (no `:`,
    /// `/`, `@` or `.`). A stage index past the last stage is an error.
    ///
    /// ## Why is this bad?
    /// A value that names no stage is pulled as an image from Docker Hub (or taken from a
    /// named build context): a typo in a stage name turns into a confusing registry error,
    /// or worse, copies files from an unrelated public image. Write image sources with a
    /// tag (`--from=busybox:1.36`) so the intent is clear.
    ///
    /// hadolint's DL3022 also reports references to stages defined later in the file;
    /// BuildKit accepts those, so dockls does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=buld /out/app /usr/local/bin/app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix
    /// When the value is a near-miss of a stage name, replaces it with that name.
    /// Unsafe: the value might be a named build context or an image after all.
    pub struct CopyFromUnknownStage {
        code: "DK424",
        name: "copy-from-unknown-stage",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3022"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for CopyFromUnknownStage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let names: Vec<&str> = df.stages.iter().filter_map(|s| s.name.as_deref()).collect();
        for r in cx.each_with_onbuild(Keyword::Copy) {
            let Some(f) = r.ins.flag("from") else {
                continue;
            };
            let Some(v) = &f.value else { continue };
            if v.has_vars() || v.value.is_empty() || resolve_from(cx, &v.value).is_some() {
                continue;
            }
            let value = v.value.as_str();
            if value.chars().all(|c| c.is_ascii_digit()) {
                out.report(
                    v.range,
                    format!("`--from={value}` is not a valid stage index: this file has {} stage(s), numbered from 0, so the build fails", df.stages.len()),
                )
                .severity(Severity::Error);
                continue;
            }
            if value.contains([':', '/', '@', '.']) || value.eq_ignore_ascii_case("context") {
                continue;
            }
            let suggestion = dockls_syntax::errors::did_you_mean(value, names.iter().copied());
            let mut msg = format!("`--from={value}` names no stage of this file, so it is pulled as the image `{value}:latest` (or taken from a named build context)");
            match suggestion {
                Some(s) => msg.push_str(&format!("; did you mean the stage `{s}`?")),
                None => msg.push_str("; if an image is meant, give it a tag"),
            }
            let d = out.report(v.range, msg);
            if let Some(s) = suggestion {
                if v.raw == v.value {
                    d.fix(crate::diagnostic::Fix::unsafe_(
                        format!("Use the stage `{s}`"),
                        vec![crate::diagnostic::Edit::replace(v.range, s.to_string())],
                    ));
                }
            }
        }
    }
}
