use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::expose::port_words;

declare_rule! {
    /// ## What it does
    /// Reports an EXPOSE protocol not written in lowercase (`EXPOSE 80/TCP`).
    ///
    /// ## Why is this bad?
    /// The builder lowercases the protocol, so the image is the same; but the uppercase
    /// spelling differs from what `docker inspect`, Compose files and Kubernetes
    /// manifests show, which makes the port harder to find and compare.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix
    /// Lowercases the protocol. Safe: the builder does the same.
    pub struct ExposeProtoCasing {
        code: "DK414",
        name: "expose-proto-casing",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: Some("ExposeProtoCasing"),
        default_enabled: true,
    }
}

impl Rule for ExposeProtoCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (_, p) in port_words(cx) {
            let Some(slash) = p.value.find('/') else {
                continue;
            };
            let proto = &p.value[slash + 1..];
            let lower = proto.to_ascii_lowercase();
            if proto == lower || !matches!(lower.as_str(), "tcp" | "udp" | "sctp") {
                continue;
            }
            let range = p.sub_range(slash + 1, p.value.len());
            let d = out.report(
                range,
                format!("Defined protocol '{}' in EXPOSE instruction should be lowercase: write `{lower}`", p.value),
            );
            if p.literal {
                d.fix(
                    Fix::safe(
                        format!("Write `{lower}`"),
                        vec![Edit::replace(range, lower.clone())],
                    )
                    .preferred(),
                );
            }
        }
    }
}
