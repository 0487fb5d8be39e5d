use dockls_syntax::image::ImageRef;
use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM --platform=<os>/<arch>` whose operating system the base image is
    /// never published for, when the image's name or tag alone proves it: a Windows image
    /// (`mcr.microsoft.com/windows/...`, a `nanoserver` or `windowsservercore` tag) asked
    /// for `linux/...`, or a Linux-only image (Alpine, Debian, Ubuntu, BusyBox, distroless,
    /// UBI and other distributions, or an `-alpine`/`-slim`/`-bookworm`-style tag) asked
    /// for `windows/...`.
    ///
    /// BuildKit's InvalidBaseImagePlatform compares the platform of the image it actually
    /// pulled with the one the build expects. dockls never contacts a registry, so it
    /// reports only the mismatches it can prove from the text, and nothing when the
    /// platform or the image comes from a variable.
    ///
    /// ## Why is this bad?
    /// There is no such image: the pull fails with "no match for platform in manifest", or
    /// a multi-platform build that includes this platform breaks late, after the other
    /// platforms were built.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=windows/amd64 alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20
    /// ```
    pub struct InvalidBaseImagePlatform {
        code: "DK226",
        name: "invalid-base-image-platform",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: Some("InvalidBaseImagePlatform"),
        default_enabled: true,
    }
}

/// Linux distributions and Linux-only image families, by repository.
const LINUX_REPOSITORIES: &[&str] = &[
    "alpine",
    "debian",
    "ubuntu",
    "busybox",
    "fedora",
    "centos",
    "rockylinux",
    "almalinux",
    "archlinux",
    "amazonlinux",
    "oraclelinux",
    "photon",
    "clearlinux",
    "mageia",
    "gentoo/stage3",
];

/// Repository prefixes of Linux-only images.
const LINUX_PREFIXES: &[&str] = &[
    "distroless/",
    "redhat/ubi",
    "ubi8",
    "ubi9",
    "opensuse/",
    "chainguard/",
    "library/alpine",
];

/// Tag words that name a Linux distribution release.
const LINUX_TAG_WORDS: &[&str] = &[
    "alpine",
    "slim",
    "bookworm",
    "bullseye",
    "buster",
    "trixie",
    "jammy",
    "noble",
    "focal",
    "bionic",
    "ubi",
    "ubi8",
    "ubi9",
    "al2023",
    "musl",
    "distroless",
];

/// Tag words of Windows images.
const WINDOWS_TAG_WORDS: &[&str] = &["nanoserver", "windowsservercore", "servercore", "windows"];

/// The operating system an image reference proves, if any.
pub fn image_os(r: &ImageRef) -> Option<&'static str> {
    if r.has_vars {
        return None;
    }
    let repo = r.repository.to_ascii_lowercase();
    let registry = r.registry.as_deref().unwrap_or("").to_ascii_lowercase();
    let tag = r.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let tag_words: Vec<&str> = tag.split(['-', '.', '_']).collect();
    let windows_repo = registry == "mcr.microsoft.com" && repo.starts_with("windows");
    let windows_tag = tag_words
        .iter()
        .any(|w| WINDOWS_TAG_WORDS.iter().any(|x| w.starts_with(x)));
    if windows_repo || windows_tag {
        return Some("windows");
    }
    let linux_repo = (r.registry.is_none() && LINUX_REPOSITORIES.contains(&repo.as_str()))
        || LINUX_PREFIXES.iter().any(|p| repo.starts_with(p))
        || registry == "cgr.dev"
        || (registry == "gcr.io" && repo.starts_with("distroless/"));
    let linux_tag = tag_words.iter().any(|w| LINUX_TAG_WORDS.contains(w));
    (linux_repo || linux_tag).then_some("linux")
}

impl Rule for InvalidBaseImagePlatform {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            let Some(image) = &f.image_ref else { continue };
            for flag in r.ins.flags_named("platform") {
                let Some(v) = &flag.value else { continue };
                if v.has_vars() {
                    continue;
                }
                let wanted = v.value.split('/').next().unwrap_or("").to_ascii_lowercase();
                if !matches!(wanted.as_str(), "linux" | "windows") {
                    continue;
                }
                let Some(os) = image_os(image) else { continue };
                if os != wanted {
                    out.report(
                        v.range,
                        format!(
                            "Base image {} is only published for {os}, but the platform asked for is {:?}: the pull finds no matching image; use a {wanted} image or a {os}/... platform",
                            image.raw, v.value
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockls_syntax::TextRange;

    fn os(s: &str) -> Option<&'static str> {
        image_os(&ImageRef::parse(s, TextRange::new(0, s.len())))
    }

    #[test]
    fn knows_the_os_of_names_and_tags() {
        assert_eq!(os("alpine:3.20"), Some("linux"));
        assert_eq!(os("python:3.12-slim-bookworm"), Some("linux"));
        assert_eq!(
            os("gcr.io/distroless/static-debian12:nonroot"),
            Some("linux")
        );
        assert_eq!(
            os("mcr.microsoft.com/windows/servercore:ltsc2022"),
            Some("windows")
        );
        assert_eq!(
            os("mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022"),
            Some("windows")
        );
        assert_eq!(
            os("python:3.12-windowsservercore-ltsc2022"),
            Some("windows")
        );
        assert_eq!(os("python:3.12"), None);
        assert_eq!(os("node:${VERSION}-alpine"), None);
    }
}
