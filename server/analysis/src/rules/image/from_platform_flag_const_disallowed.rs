use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::parse_platform;

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=<constant>` (such as `linux/amd64`) unless the stage name
    /// mentions the platform's OS or architecture (`AS build-amd64`), which shows the
    /// pinning is deliberate.
    ///
    /// ## Why is this bad?
    /// A hard-coded platform makes the stage ignore `--platform` on the command line: a
    /// multi-platform build produces an amd64 image labelled arm64, or runs under slow
    /// emulation. Use `$BUILDPLATFORM` for build tools, `$TARGETPLATFORM` (the default)
    /// for the image, or a build argument.
    ///
    /// hadolint's DL3029 fires on every `--platform` that does not mention
    /// BUILDPLATFORM or TARGETPLATFORM, including values taken from your own build
    /// arguments, which are not hard-coded. dockls follows BuildKit (constants only, with
    /// the stage-name exception), so one rule answers to both names.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20 AS base
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM alpine:3.20 AS base
    /// ```
    pub struct FromPlatformFlagConstDisallowed {
        code: "DK223",
        name: "from-platform-flag-const-disallowed",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3029"),
        buildkit: Some("FromPlatformFlagConstDisallowed"),
        default_enabled: true,
    }
}

impl Rule for FromPlatformFlagConstDisallowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            let stage_name = f
                .name
                .as_ref()
                .filter(|_| f.as_keyword.is_some())
                .map(|n| n.value.to_ascii_lowercase())
                .unwrap_or_default();
            for flag in r.ins.flags_named("platform") {
                let Some(v) = &flag.value else { continue };
                if v.has_vars() || v.value.contains('$') {
                    continue;
                }
                let Ok((os, arch)) = parse_platform(&v.value) else {
                    continue;
                };
                // A lone architecture gets the builder's OS (Linux); a lone OS gets the
                // builder's architecture, which we do not know.
                let os = if os.is_empty() {
                    "linux".to_string()
                } else {
                    os
                };
                let mentioned = |part: &str| !part.is_empty() && stage_name.contains(part);
                if mentioned(&os) || mentioned(&arch) {
                    continue;
                }
                out.report(
                    v.range,
                    format!("FROM --platform flag should not use constant value {:?}: the stage ignores the platform requested for the build; use $BUILDPLATFORM, $TARGETPLATFORM or a build argument", v.value),
                );
            }
        }
    }
}
