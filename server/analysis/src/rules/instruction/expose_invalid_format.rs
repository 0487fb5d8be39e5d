use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::expose::port_words;

declare_rule! {
    /// ## What it does
    /// Reports an EXPOSE port that includes an IP address or a host port mapping
    /// (`EXPOSE 127.0.0.1:8080:80`, `EXPOSE 8080:80`).
    ///
    /// ## Why is this bad?
    /// EXPOSE only documents which container ports the image listens on. The builder
    /// drops the address and host port without a word, so the mapping you wrote never
    /// happens; publishing is decided by `docker run -p` or Compose. Docker has said this
    /// format will become an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080:80
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix
    /// Keeps only the container port (and protocol). Safe: that is all the builder
    /// records today.
    pub struct ExposeInvalidFormat {
        code: "DK415",
        name: "expose-invalid-format",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: Some("ExposeInvalidFormat"),
        default_enabled: true,
    }
}

impl Rule for ExposeInvalidFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (_, p) in port_words(cx) {
            let Some(colon) = p.value.rfind(':') else {
                continue;
            };
            let container = &p.value[colon + 1..];
            let d = out.report(
                p.word.range,
                format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{}': the builder keeps only the container port; publish ports with `docker run -p` instead", p.value),
            );
            let plain = !container.is_empty()
                && container
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/');
            if p.literal && plain {
                d.fix(
                    Fix::safe(
                        format!("Keep only `{container}`"),
                        vec![Edit::replace(p.word.range, container.to_string())],
                    )
                    .preferred(),
                );
            }
        }
    }
}
