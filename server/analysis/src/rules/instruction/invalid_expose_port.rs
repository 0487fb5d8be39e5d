use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::expose::port_words;

declare_rule! {
    /// ## What it does
    /// Reports an EXPOSE port the builder cannot read: a number above 65535, a range that
    /// ends before it starts, something that is not a number, or a protocol other than
    /// `tcp`, `udp` and `sctp`. Ports with variables are checked when their value is
    /// known.
    ///
    /// ## Why is this bad?
    /// The build stops at this instruction with an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    pub struct InvalidExposePort {
        code: "DK416",
        name: "invalid-expose-port",
        category: Instruction,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3011"),
        buildkit: None,
        default_enabled: true,
    }
}

fn port(s: &str) -> Result<u32, String> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("{s:?} is not a port number"));
    }
    match s.parse::<u32>() {
        Ok(n) if n <= 65535 => Ok(n),
        _ => Err(format!("port {s} is out of range (0-65535)")),
    }
}

/// Why a container port spec (`80`, `8000-8010`, `53/udp`) is invalid, if it is.
pub(crate) fn port_problem(spec: &str) -> Option<String> {
    let (ports, proto) = spec.split_once('/').unwrap_or((spec, ""));
    let proto = proto.to_ascii_lowercase();
    if !matches!(proto.as_str(), "" | "tcp" | "udp" | "sctp") {
        return Some(format!("unknown protocol {proto:?} (use tcp, udp or sctp)"));
    }
    if ports.is_empty() {
        return Some("no port given".into());
    }
    match ports.split_once('-') {
        None => port(ports).err(),
        Some((a, b)) => match (port(a), port(b)) {
            (Err(e), _) | (_, Err(e)) => Some(e),
            (Ok(x), Ok(y)) if y < x => Some(format!("the range {ports} ends before it starts")),
            _ => None,
        },
    }
}

impl Rule for InvalidExposePort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (_, p) in port_words(cx) {
            // Host mappings are reported by expose-invalid-format; check the container part.
            let spec = p.value.rsplit(':').next().unwrap_or(&p.value);
            if let Some(problem) = port_problem(spec) {
                out.report(
                    p.word.range,
                    format!("EXPOSE {}: {problem}; the build fails here", p.value),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems() {
        assert!(port_problem("80").is_none());
        assert!(port_problem("8000-8010/udp").is_none());
        assert!(port_problem("65536").is_some());
        assert!(port_problem("90-80").is_some());
        assert!(port_problem("80/http").is_some());
        assert!(port_problem("http").is_some());
    }
}
