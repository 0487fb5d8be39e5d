use dockls_syntax::{Keyword, TextRange};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// Building for the target platform is what FROM does without the flag, so it adds
    /// noise and suggests that something special happens. It is often a confusion with
    /// `--platform=$BUILDPLATFORM`, which is the one that changes behaviour (running build
    /// tools natively during a cross-build).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix
    /// Removes the flag. Safe: the platform is the same.
    pub struct RedundantTargetPlatform {
        code: "DK222",
        name: "redundant-target-platform",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3065"),
        buildkit: Some("RedundantTargetPlatform"),
        default_enabled: true,
    }
}

impl Rule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let text = cx.text();
        for r in cx.each(Keyword::From) {
            for flag in r.ins.flags_named("platform") {
                let Some(v) = &flag.value else { continue };
                let raw = v.raw.trim_matches('"');
                if raw != "$TARGETPLATFORM" && raw != "${TARGETPLATFORM}" {
                    continue;
                }
                // The flag and the whitespace after it.
                let rest = &text[flag.range.end..];
                let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let del = TextRange::new(flag.range.start, flag.range.end + ws);
                out.report(
                    flag.range,
                    format!("Setting platform to predefined {raw} in FROM is redundant as this is the default behavior: remove the flag"),
                )
                .fix(Fix::safe("Remove --platform", vec![Edit::delete(del)]).preferred());
            }
        }
    }
}
