use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::base_images::from_images;

declare_rule! {
    /// ## What it does
    /// Reports a FROM image with neither a tag nor a digest, which Docker reads as
    /// `:latest`. `scratch` and references to earlier stages are not images and are
    /// skipped. Variables are resolved from ARG defaults first: `ARG BASE=alpine` +
    /// `FROM $BASE` is reported (it means `alpine:latest`), while
    /// `ARG BASE=alpine:3.20` + `FROM $BASE` and `FROM $BASE` with no default are not
    /// (the first is tagged, the second cannot be known). hadolint skips every image
    /// that starts with `$`; this rule checks what the builder would pull.
    ///
    /// ## Why is this bad?
    /// An untagged image is `latest`: it changes whenever a new version is pushed, so
    /// two builds of the same commit can differ, and nobody reading the Dockerfile knows
    /// which version it was written for.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    pub struct UntaggedImage {
        code: "DK201",
        name: "untagged-image",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3006"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for UntaggedImage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in from_images(cx).into_iter().filter(|r| r.complete) {
            if r.image.tag.is_some() || r.image.digest.is_some() {
                continue;
            }
            out.report(
                r.range,
                format!(
                    "`{}` has no tag{}, so it means `{}:latest`, which changes with every release: builds are not reproducible; pin a version tag such as `{}:<version>`",
                    r.image.raw,
                    r.via_note(),
                    r.image.raw,
                    r.image.raw
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::practice::testing::spans;

    #[test]
    fn resolves_before_judging() {
        assert!(spans("DK201", "FROM alpine:3 AS build\nARG B=build\nFROM ${B}\n").is_empty());
        assert!(spans("DK201", "ARG S=scratch\nFROM $S\n").is_empty());
        assert!(spans("DK201", "FROM {{ base }}\n").is_empty());
        assert_eq!(
            spans("DK201", "ARG IMG=docker.io/library/debian\nFROM ${IMG}\n"),
            vec!["${IMG}"]
        );
    }
}
