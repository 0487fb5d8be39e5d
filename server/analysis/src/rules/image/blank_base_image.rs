use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::{expand, from_lookup_any_build_args};

declare_rule! {
    /// ## What it does
    /// Reports a FROM whose image expands to nothing whatever build arguments are given:
    /// every variable in it is undeclared (not a global ARG, not an automatic platform
    /// argument), so no `--build-arg` can give it a value.
    ///
    /// ## Why is this bad?
    /// The build stops with `base name (...) should not be blank`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ${BASE_IMAGE}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG BASE_IMAGE=alpine:3.20
    /// FROM ${BASE_IMAGE}
    /// ```
    pub struct BlankBaseImage {
        code: "DK225",
        name: "blank-base-image",
        category: Image,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// Whether a FROM image word expands to nothing for any build arguments.
pub(crate) fn certainly_blank(cx: &Context<'_>, raw: &str) -> bool {
    let lookup = |n: &str| from_lookup_any_build_args(cx, n);
    expand(raw, cx.df.escape, &lookup).is_some_and(|v| v.is_empty())
}

impl Rule for BlankBaseImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            let Some(img) = &f.image else { continue };
            if !img.has_vars() || !certainly_blank(cx, &img.raw) {
                continue;
            }
            out.report(
                img.range,
                format!("base name ({}) should not be blank: no variable in it is declared by an ARG before the first FROM, so it always expands to nothing and the build fails; declare the ARG with a default", img.raw),
            );
        }
    }
}
