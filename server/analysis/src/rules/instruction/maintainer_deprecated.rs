use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix, Tag};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports the MAINTAINER instruction.
    ///
    /// ## Why is this bad?
    /// MAINTAINER has been deprecated since Docker 1.13. The author belongs in the
    /// standard OCI label, which registries, scanners and `docker inspect` all read.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix
    /// Rewrites it as `LABEL org.opencontainers.image.authors="..."` (safe: the label
    /// carries the same information).
    pub struct MaintainerDeprecated {
        code: "DK401",
        name: "maintainer-deprecated",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL4000"),
        buildkit: Some("MaintainerDeprecated"),
        default_enabled: true,
    }
}

impl Rule for MaintainerDeprecated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each_with_onbuild(Keyword::Maintainer) {
            let Body::Maintainer(Some(who)) = &r.ins.body else {
                continue;
            };
            let escaped = who.value.replace('\\', "\\\\").replace('"', "\\\"");
            let replacement = format!("LABEL org.opencontainers.image.authors=\"{escaped}\"");
            let range = r.ins.header.cover(r.ins.keyword_range);
            out.report(r.ins.keyword_range, "MAINTAINER is deprecated: put the author in the `org.opencontainers.image.authors` label, which tools read")
                .tag(Tag::Deprecated)
                .fix(Fix::safe("Replace with LABEL org.opencontainers.image.authors", vec![Edit::replace(range, replacement)]).preferred());
        }
    }
}
