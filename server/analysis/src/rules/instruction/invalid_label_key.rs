use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::labels::label_pairs;

declare_rule! {
    /// ## What it does
    /// Reports LABEL keys that break Docker's key convention: a key should start with a
    /// lowercase letter, end with a lowercase letter or digit, use only lowercase letters,
    /// digits, `.`, `-` and `_`, contain no `..` or `--`, and not use the namespaces Docker
    /// reserves (`com.docker.`, `io.docker.`, `org.dockerproject.`). Keys with variables
    /// are not checked.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, Kubernetes annotations copied from
    /// labels) expect reverse-DNS lowercase keys such as `org.opencontainers.image.source`.
    /// Keys in other shapes are easy to misspell and may collide with Docker's own.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Description="A small image"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.description="A small image"
    /// ```
    pub struct InvalidLabelKey {
        code: "DK426",
        name: "invalid-label-key",
        category: Instruction,
        severity: Hint,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3048"),
        buildkit: None,
        default_enabled: true,
    }
}

/// Why a label key breaks the convention, if it does.
pub(crate) fn key_problem(k: &str) -> Option<&'static str> {
    if k.is_empty() {
        return None;
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| k.starts_with(p))
    {
        return Some("it uses a namespace Docker reserves for itself");
    }
    if !k.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("it should start with a lowercase letter");
    }
    if !k.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("it should end with a lowercase letter or a digit");
    }
    if !k
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        return Some("it should use only lowercase letters, digits, '.', '-' and '_'");
    }
    if k.contains("..") || k.contains("--") {
        return Some("it should not contain '..' or '--'");
    }
    None
}

impl Rule for InvalidLabelKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for (_, p) in label_pairs(cx) {
            if p.key.value.contains('$') {
                continue;
            }
            if let Some(why) = key_problem(&p.key.value) {
                out.report(
                    p.key.range,
                    format!("Invalid label key `{}`: {why}; use a lowercase reverse-DNS key such as `org.opencontainers.image.title`", p.key.value),
                );
            }
        }
    }
}
