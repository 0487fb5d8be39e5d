use dockls_syntax::Keyword;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::{
    expand, from_lookup, from_lookup_any_build_args, parse_platform,
};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM --platform` value the builder cannot use: text that is not a
    /// platform (`os[/arch[/variant]]`, or a lone OS or architecture), or a value whose
    /// variables are all undeclared so it always expands to nothing. A value whose
    /// global ARG defaults expand to an invalid platform is reported too.
    ///
    /// ## Why is this bad?
    /// The build stops with `failed to parse platform` or `empty platform value from
    /// expression`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64/v2/extra alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM alpine:3.20
    /// ```
    pub struct InvalidPlatform {
        code: "DK224",
        name: "invalid-platform",
        category: Image,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for InvalidPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let esc = cx.df.escape;
        for r in cx.each(Keyword::From) {
            for flag in r.ins.flags_named("platform") {
                let Some(v) = &flag.value else { continue };
                if v.value.is_empty() {
                    continue;
                }
                if v.has_vars() {
                    let any = |n: &str| from_lookup_any_build_args(cx, n);
                    if expand(&v.raw, esc, &any).is_some_and(|s| s.is_empty()) {
                        out.report(
                            v.range,
                            format!("empty platform value from expression {}: no variable in it is declared by an ARG before the first FROM, so the build fails; declare the ARG or use $BUILDPLATFORM/$TARGETPLATFORM", v.raw),
                        );
                        continue;
                    }
                    let defaults = |n: &str| from_lookup(cx, n);
                    if let Some(value) = expand(&v.raw, esc, &defaults) {
                        if value.is_empty() {
                            continue;
                        }
                        if let Err(why) = parse_platform(&value) {
                            out.report(
                                v.range,
                                format!("failed to parse platform {}: with the default ARG values it is {why}; the build fails unless --build-arg gives a valid platform", v.raw),
                            )
                            .severity(Severity::Warning);
                        }
                    }
                    continue;
                }
                if let Err(why) = parse_platform(&v.value) {
                    out.report(
                        v.range,
                        format!("failed to parse platform {}: {why}; write os/arch[/variant], e.g. linux/arm64", v.value),
                    );
                }
            }
        }
    }
}
