use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::{check_image_reference, expand, from_lookup, Var};

declare_rule! {
    /// ## What it does
    /// Expands each FROM image that uses variables with only the default values of the
    /// global ARGs (as a build without `--build-arg` does) and reports the FROM when the
    /// result is empty or not a valid image reference. Automatic platform arguments are
    /// assumed to hold a valid platform.
    ///
    /// ## Why is this bad?
    /// `docker build` without build arguments fails, and so does every tool that reads
    /// the Dockerfile with its defaults (IDE integrations, `--call=outline`, Dependabot).
    /// Giving the ARG a working default keeps the file buildable as it is.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=1.36
    /// FROM busybox:${TAG}
    /// ```
    pub struct InvalidDefaultArgInFrom {
        code: "DK221",
        name: "invalid-default-arg-in-from",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: Some("InvalidDefaultArgInFrom"),
        default_enabled: true,
    }
}

impl Rule for InvalidDefaultArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            let Some(img) = &f.image else { continue };
            if !img.has_vars() {
                continue;
            }
            // Certainly blank whatever the build arguments: blank-base-image reports it.
            if super::blank_base_image::certainly_blank(cx, &img.raw) {
                continue;
            }
            let lookup = |n: &str| match from_lookup(cx, n) {
                // A valid platform value stands in for the automatic ones.
                Var::Unknown => Var::Known("amd64".into()),
                v => v,
            };
            let Some(value) = expand(&img.raw, df.escape, &lookup) else {
                continue;
            };
            // A stage name is fine (it is not parsed as a reference).
            if df.stage_named(&value).is_some_and(|s| s.from < r.index) {
                continue;
            }
            if let Err(why) = check_image_reference(&value) {
                out.report(
                    img.range,
                    format!(
                        "Default value for ARG {} results in empty or invalid base image name ({why}: {value:?}); give the ARG a default that works without --build-arg",
                        img.raw,
                    ),
                );
            }
        }
    }
}
