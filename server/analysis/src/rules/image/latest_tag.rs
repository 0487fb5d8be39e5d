use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::base_images::from_images;

declare_rule! {
    /// ## What it does
    /// Reports a FROM image whose tag is `latest`, also when the tag comes from an ARG
    /// default (`ARG TAG=latest` + `FROM node:${TAG}`). An image that is also pinned by
    /// digest (`node:latest@sha256:...`) is fine: the digest decides.
    ///
    /// ## Why is this bad?
    /// `latest` moves every time a new version is pushed. Two builds of the same commit
    /// can get different base images: a new major version, a different OS release,
    /// removed packages. Builds stop being reproducible, caches are invalidated without
    /// warning, and rolling back means rebuilding on a base that no longer exists.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20.17-bookworm-slim
    /// ```
    pub struct LatestTag {
        code: "DK200",
        name: "latest-tag",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3007"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for LatestTag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in from_images(cx).into_iter().filter(|r| r.complete) {
            if r.image.tag.as_deref() != Some("latest") || r.image.digest.is_some() {
                continue;
            }
            let name = r.image.repository.clone();
            out.report(
                r.tag_range(),
                format!(
                    "`{}` uses the `latest` tag{}, which moves with every release: rebuilds silently get a different base image, so builds are not reproducible and rollbacks rebuild something else; pin a version tag such as `{name}:<version>`",
                    r.image.raw,
                    r.via_note()
                ),
            );
        }
    }
}
