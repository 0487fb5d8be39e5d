use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports USER given as a name (`USER app`) rather than a numeric id
    /// (`USER 10001`). `root` and values with variables are not reported.
    ///
    /// ## Why is this bad?
    /// The runtime resolves names through the image's `/etc/passwd`, which the host and
    /// orchestrator cannot see: Kubernetes' `runAsNonRoot` refuses to start a container
    /// whose user is a name, because it cannot prove the user is not root. A numeric id
    /// is also unambiguous across images.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER 10001
    /// ```
    pub struct UserNameNotUid {
        code: "DK431",
        name: "user-name-not-uid",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3066"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for UserNameNotUid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each_with_onbuild(Keyword::User) {
            let Body::User(Some(w)) = &r.ins.body else {
                continue;
            };
            if w.has_vars() || w.value.contains('$') {
                continue;
            }
            let user = w.value.split(':').next().unwrap_or("");
            if user.is_empty() || user == "root" || user.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            out.report(
                w.range,
                format!("USER `{user}` is a name, which hosts and orchestrators cannot resolve (Kubernetes runAsNonRoot rejects it); use the numeric id, e.g. `USER 10001`"),
            );
        }
    }
}
