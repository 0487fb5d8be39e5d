use dockls_syntax::image::ImageRef;

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::base_images::{from_images, other_images};

declare_rule! {
    /// ## What it does
    /// When `trusted-registries` is configured, reports images pulled from any other
    /// registry: base images in FROM, `COPY --from=<image>` and
    /// `RUN --mount=from=<image>`. Stage names and `scratch` are skipped. Variables are
    /// resolved from ARG defaults; an image whose tag alone comes from a variable without
    /// a default (`registry.k8s.io/etcd:${VERSION}`) is still checked, since its registry
    /// is known, while one whose name comes from such a variable is skipped.
    ///
    /// Patterns: `*` trusts every registry, `*.corp.com` any subdomain of `corp.com`,
    /// `corp*` any registry whose name starts with `corp`; anything else must match the
    /// registry exactly (`docker.io`, `ghcr.io`, `registry.corp.com:5000`). An image
    /// without a registry comes from `docker.io`. Docker Official Images (`node`,
    /// `library/node`, `docker.io/node`) are always accepted, since Docker curates them;
    /// list `docker.io` to accept every Docker Hub image. (hadolint's DL3026 accepts
    /// official images only when `docker.io` is listed.)
    ///
    /// Off when `trusted-registries` is empty, the default.
    ///
    /// ## Why is this bad?
    /// Organisations restrict registries so that every image is scanned, mirrored and
    /// signed before it reaches a build. An image from elsewhere bypasses that: it can
    /// disappear, change under the same tag, or be malicious.
    ///
    /// ## Example
    /// With these settings:
    /// ```json settings
    /// {"trusted-registries": ["registry.corp.com"]}
    /// ```
    ///
    /// ```dockerfile
    /// FROM ghcr.io/someone/tool:1.0
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.corp.com/mirror/tool:1.0
    /// ```
    pub struct UntrustedRegistry {
        code: "DK202",
        name: "untrusted-registry",
        category: Image,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3026"),
        buildkit: None,
        default_enabled: true,
    }
}

/// Whether a registry host matches one trusted pattern.
pub fn registry_matches(pattern: &str, registry: &str) -> bool {
    let p = pattern.trim().to_ascii_lowercase();
    let r = registry.to_ascii_lowercase();
    if p == "*" {
        return true;
    }
    if let Some(suffix) = p.strip_prefix('*') {
        return r.ends_with(suffix) && r.len() > suffix.len();
    }
    if let Some(prefix) = p.strip_suffix('*') {
        return r.starts_with(prefix);
    }
    let hub = |s: &str| matches!(s, "docker.io" | "index.docker.io" | "registry-1.docker.io");
    p == r || (hub(&p) && hub(&r))
}

/// The registry an image is pulled from (`docker.io` when none is written).
pub fn registry_of(img: &ImageRef) -> String {
    img.registry.clone().unwrap_or_else(|| "docker.io".into())
}

impl Rule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let trusted = &cx.settings.trusted_registries;
        if trusted.is_empty() {
            return;
        }
        let mut images = from_images(cx);
        images.extend(other_images(cx));
        images.sort_by_key(|r| r.range.start);
        for r in images {
            if r.image.registry.is_none() && !r.image.repository.contains('/') {
                // A Docker Official Image (also when its tag is a variable).
                continue;
            }
            let registry = registry_of(&r.image);
            if trusted.iter().any(|p| registry_matches(p, &registry)) {
                continue;
            }
            let list = trusted
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.report(
                r.range,
                format!(
                    "`{}`{} comes from `{registry}`, which is not among the trusted registries ({list}): images from elsewhere skip the scanning and mirroring those registries provide; pull it through a trusted registry",
                    r.image.raw,
                    r.via_note()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(registry_matches("*", "ghcr.io"));
        assert!(registry_matches("*.corp.com", "registry.corp.com"));
        assert!(registry_matches("*.corp.com", "a.b.corp.com"));
        assert!(!registry_matches("*.corp.com", "corp.com"));
        assert!(!registry_matches("*.corp.com", "evilcorp.com"));
        assert!(registry_matches("corp*", "corp-registry.io"));
        assert!(!registry_matches("corp*", "registry.corp"));
        assert!(registry_matches("docker.io", "index.docker.io"));
        assert!(registry_matches("GHCR.io", "ghcr.io"));
        assert!(!registry_matches("ghcr.io", "ghcr.io.evil.com"));
    }
}
