use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::base_images::from_images;

declare_rule! {
    /// ## What it does
    /// Reports a FROM image that is not pinned by digest (`@sha256:...`). Variables are
    /// resolved from ARG defaults; `scratch`, stage references and images whose name
    /// cannot be known without build arguments are skipped.
    ///
    /// Opt-in: pinning digests needs a process (such as Renovate or Dependabot) that
    /// updates them, or images stop receiving security fixes.
    ///
    /// ## Why is this bad?
    /// Even a precise tag like `3.12.4-slim` is moved when the image is rebuilt for
    /// security updates, and a registry compromise can replace it. A digest names
    /// exactly one image, so builds are reproducible and supply-chain tampering is
    /// detected.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim@sha256:2bac43769ace90ebd3ad83e5392295e25dfc58e58543d3ab326c3330b505283d
    /// ```
    pub struct UnpinnedDigest {
        code: "DK203",
        name: "unpinned-digest",
        category: Image,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: None,
        default_enabled: false,
    }
}

impl Rule for UnpinnedDigest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in from_images(cx).into_iter().filter(|r| r.complete) {
            if r.image.digest.is_some() || r.image.has_vars {
                continue;
            }
            out.report(
                r.range,
                format!(
                    "`{}`{} is not pinned by digest, so the image behind the tag can change between builds; pin it as `{}@sha256:<digest>` and let a bot such as Renovate update it",
                    r.image.raw,
                    r.via_note(),
                    r.image.raw
                ),
            );
        }
    }
}
