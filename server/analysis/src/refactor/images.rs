//! What the refactorings need to know about base images: the distribution family (which
//! tools create users and install packages), what a probe can use (curl, BusyBox wget,
//! an interpreter), the unprivileged user an image already has, and the smaller image to
//! run on.
//!
//! Everything here is a small table over official images and well-known mirrors of them;
//! an image that is not in it is `Unknown`, and the refactorings then do less rather than
//! guess.

use dockls_syntax::image::ImageRef;

use crate::commands::{invocation, Manager};
use crate::context::Context;
use crate::rules::practice::facts;

/// The distribution an image is built on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Debian or Ubuntu: `apt-get`, `groupadd`/`useradd`.
    Debian,
    /// Alpine (or BusyBox): `apk`, `addgroup -S`/`adduser -S`, BusyBox `wget`.
    Alpine,
    /// RHEL and relatives (UBI, Fedora, Rocky, Alma, Amazon Linux): `dnf`/`microdnf`.
    Rhel,
    /// No shell and no package manager (distroless, chiseled, Chainguard).
    Distroless,
    Scratch,
    Windows,
    Unknown,
}

impl Family {
    pub fn has_shell(self) -> bool {
        matches!(self, Family::Debian | Family::Alpine | Family::Rhel)
    }
}

/// An interpreter an image has, usable for a probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpreter {
    Node,
    Python,
    Ruby,
    Php,
}

/// What is known about an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    pub family: Family,
    pub curl: bool,
    /// BusyBox or GNU wget.
    pub wget: bool,
    pub interpreter: Option<Interpreter>,
    /// The interpreter's path in a distroless image (exec form needs it).
    pub distroless_interpreter: Option<&'static str>,
    /// An unprivileged user the image already has: name and uid.
    pub user: Option<(&'static str, u32)>,
    /// The image starts as root on purpose and drops privileges itself, or needs root to
    /// start (nginx, httpd, databases): a USER would break it.
    pub needs_root: bool,
}

fn tag_of(img: &ImageRef) -> String {
    img.tag.as_deref().unwrap_or("latest").to_ascii_lowercase()
}

/// Debian and Ubuntu release names, for tags like `3.12-slim-bookworm`.
const DEBIAN_RELEASES: &[&str] = &[
    "buster", "bullseye", "bookworm", "trixie", "forky", "focal", "jammy", "noble", "plucky",
];

/// The Debian or Ubuntu release a tag names, if any.
pub fn release_of(tag: &str) -> Option<&'static str> {
    DEBIAN_RELEASES
        .iter()
        .copied()
        .find(|r| tag.split(['-', '.', '_']).any(|p| p == *r))
}

/// The Alpine version a tag names (`3.20` in `20-alpine3.20`).
pub fn alpine_version(tag: &str) -> Option<String> {
    let i = tag.find("alpine")?;
    let v: String = tag[i + 6..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (!v.is_empty() && v.contains('.')).then_some(v)
}

/// The leading major version of a tag (`18` in `18.20-bullseye`, `3` in `3.11-slim`).
pub fn major_version(tag: &str) -> Option<u32> {
    let digits: String = tag.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Classifies an image.
pub fn facts_of(img: &ImageRef) -> ImageFacts {
    let registry = img.registry.as_deref().unwrap_or("").to_ascii_lowercase();
    let repo = img.repository.to_ascii_lowercase();
    let short = img.short_name().to_ascii_lowercase();
    let tag = tag_of(img);
    let mut f = ImageFacts {
        family: Family::Unknown,
        curl: false,
        wget: false,
        interpreter: None,
        distroless_interpreter: None,
        user: None,
        needs_root: false,
    };
    if img.is_scratch() {
        f.family = Family::Scratch;
        return f;
    }
    let lower_raw = img.raw.to_ascii_lowercase();
    if lower_raw.contains("windows")
        || lower_raw.contains("nanoserver")
        || lower_raw.contains("servercore")
    {
        f.family = Family::Windows;
        return f;
    }
    if registry == "gcr.io" && repo.starts_with("distroless/") {
        let debug = tag.contains("debug");
        f.family = if debug {
            Family::Alpine
        } else {
            Family::Distroless
        };
        f.wget = debug;
        f.user = Some(("nonroot", 65532));
        let kind = repo.trim_start_matches("distroless/");
        if kind.starts_with("nodejs") {
            f.distroless_interpreter = Some("/nodejs/bin/node");
            f.interpreter = Some(Interpreter::Node);
        } else if kind.starts_with("python3") {
            f.distroless_interpreter = Some("/usr/bin/python3");
            f.interpreter = Some(Interpreter::Python);
        }
        return f;
    }
    if registry == "cgr.dev" {
        f.family = if tag.contains("dev") {
            Family::Alpine
        } else {
            Family::Distroless
        };
        f.user = Some(("nonroot", 65532));
        return f;
    }
    let alpine = tag.contains("alpine") || short == "alpine" || short == "busybox";
    if registry == "mcr.microsoft.com" {
        if let Some(kind) = repo.strip_prefix("dotnet/") {
            f.family = if alpine {
                Family::Alpine
            } else if tag.contains("chiseled") || tag.contains("distroless") {
                Family::Distroless
            } else if tag.contains("azurelinux") || tag.contains("cbl-mariner") {
                Family::Rhel
            } else {
                Family::Debian
            };
            f.wget = alpine;
            f.curl = kind.starts_with("sdk");
            // .NET 8 and later images have an `app` user (uid 1654).
            let version = major_version(&tag).unwrap_or(0);
            if version >= 8 || tag == "latest" {
                f.user = Some(("app", 1654));
            }
            return f;
        }
        return f;
    }
    if alpine {
        f.family = Family::Alpine;
        f.wget = true;
    }
    let slim = tag.contains("slim");
    let full = !alpine && !slim;
    match short.as_str() {
        "node" => {
            f.interpreter = Some(Interpreter::Node);
            f.user = Some(("node", 1000));
            f.curl = full;
        }
        "python" | "pypy" => {
            f.interpreter = Some(Interpreter::Python);
            f.curl = full;
        }
        "ruby" => {
            f.interpreter = Some(Interpreter::Ruby);
            f.curl = full;
        }
        "golang" | "rust" | "buildpack-deps" | "gcc" | "haskell" | "perl" | "erlang" | "elixir"
        | "clojure" | "julia" => {
            f.curl = full;
        }
        "php" => {
            f.interpreter = Some(Interpreter::Php);
            f.curl = true;
            // Apache starts as root and switches to www-data itself.
            f.needs_root = tag.contains("apache");
            f.user = Some(("www-data", if alpine { 82 } else { 33 }));
        }
        "eclipse-temurin" | "maven" | "gradle" | "tomcat" => {
            f.curl = !alpine;
        }
        "nginx" => {
            f.curl = true;
            f.needs_root = true;
        }
        "httpd" | "postgres" | "mysql" | "mariadb" | "mongo" | "redis" | "rabbitmq"
        | "memcached" | "elasticsearch" | "wordpress" | "nextcloud" | "haproxy" | "traefik"
        | "caddy" | "docker" => {
            f.needs_root = true;
        }
        _ => {}
    }
    if f.family == Family::Unknown {
        let debian_based = matches!(
            short.as_str(),
            "debian"
                | "ubuntu"
                | "node"
                | "python"
                | "pypy"
                | "ruby"
                | "golang"
                | "rust"
                | "php"
                | "perl"
                | "buildpack-deps"
                | "gcc"
                | "haskell"
                | "erlang"
                | "elixir"
                | "clojure"
                | "julia"
                | "eclipse-temurin"
                | "maven"
                | "gradle"
                | "tomcat"
                | "nginx"
                | "httpd"
                | "ibm-semeru-runtimes"
                | "sapmachine"
        ) || (short == "openjdk"
            && (slim || major_version(&tag).is_some_and(|v| v < 12)))
            || release_of(&tag).is_some()
            || repo.starts_with("tiangolo/");
        let rhel = repo.starts_with("ubi")
            || repo.contains("/ubi")
            || matches!(
                short.as_str(),
                "centos"
                    | "fedora"
                    | "rockylinux"
                    | "almalinux"
                    | "oraclelinux"
                    | "amazonlinux"
                    | "amazoncorretto"
                    | "openjdk"
            );
        f.family = if debian_based {
            Family::Debian
        } else if rhel {
            Family::Rhel
        } else {
            Family::Unknown
        };
    }
    f
}

/// The image a stage is finally built on (following `FROM <stage>`), when it resolves.
pub fn stage_image<'c>(cx: &'c Context<'_>, stage: usize) -> Option<&'c ImageRef> {
    cx.semantic().root_image(cx.df, stage)
}

/// What the stage's own RUN instructions say: the package manager it uses and whether it
/// installs curl or wget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Installed {
    pub manager: Option<Manager>,
    pub curl: bool,
    pub wget: bool,
}

pub fn installed(cx: &Context<'_>, stage: usize) -> Installed {
    let mut out = Installed::default();
    for (_, ins) in facts::runs(cx.df, stage) {
        // Packages a RUN removes again before it ends are not in the image.
        if let Some(run) = super::multi_stage::packages::package_run(ins) {
            out.manager.get_or_insert(run.manager);
            out.curl |= run.packages.iter().any(|p| p.name == "curl");
            out.wget |= run.packages.iter().any(|p| p.name == "wget");
            continue;
        }
        for c in facts::commands_of(ins) {
            if let Some(inv) = invocation(&c) {
                if matches!(
                    inv.manager,
                    Manager::AptGet
                        | Manager::Apt
                        | Manager::Apk
                        | Manager::Yum
                        | Manager::Dnf
                        | Manager::Microdnf
                        | Manager::Zypper
                ) {
                    out.manager.get_or_insert(inv.manager);
                }
            }
        }
    }
    out
}

/// The family of the stage's image, corrected by the package manager its RUNs use.
pub fn stage_family(cx: &Context<'_>, stage: usize) -> Family {
    let from_image = stage_image(cx, stage).map_or(Family::Unknown, |i| facts_of(i).family);
    if facts::is_scratch(cx.df, stage) {
        return Family::Scratch;
    }
    if facts::is_windows(cx, stage) {
        return Family::Windows;
    }
    if from_image != Family::Unknown {
        return from_image;
    }
    // An image the table does not know: its package manager tells.
    match installed(cx, stage).manager {
        Some(Manager::AptGet | Manager::Apt | Manager::Aptitude) => Family::Debian,
        Some(Manager::Apk) => Family::Alpine,
        Some(Manager::Yum | Manager::Dnf | Manager::Microdnf) => Family::Rhel,
        _ => from_image,
    }
}

/// The same image with a tag: replaces the tag (and drops a digest, which named another
/// image). `None` when the reference has no parseable name.
pub fn with_tag(img: &ImageRef, tag: &str) -> String {
    let raw = &img.raw;
    let no_digest = raw.split('@').next().unwrap_or(raw);
    let name = match no_digest.rfind(':') {
        Some(i) if !no_digest[i + 1..].contains('/') => &no_digest[..i],
        _ => no_digest,
    };
    format!("{name}:{tag}")
}

/// The `-slim` variant of an official-style tag (`18` -> `18-slim`,
/// `3.12-bookworm` -> `3.12-slim-bookworm`, `lts-buster` -> `lts-buster-slim` for Node).
pub fn slim_tag(short: &str, tag: &str) -> Option<String> {
    if tag.contains("slim") || tag.contains("alpine") {
        return Some(tag.to_string());
    }
    if tag == "latest" || tag.is_empty() {
        return Some("slim".into());
    }
    match release_of(tag) {
        // Python and Ruby put the release after `slim`; Node puts `slim` last.
        Some(_) if short == "node" => Some(format!("{tag}-slim")),
        Some(rel) => {
            let base = tag
                .strip_suffix(&format!("-{rel}"))
                .or_else(|| tag.strip_suffix(rel))
                .unwrap_or(tag);
            if base.is_empty() || base == tag {
                Some(format!("slim-{rel}"))
            } else {
                Some(format!("{base}-slim-{rel}"))
            }
        }
        None => Some(format!("{tag}-slim")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dockls_syntax::TextRange;

    fn p(s: &str) -> ImageRef {
        ImageRef::parse(s, TextRange::new(0, s.len()))
    }

    #[test]
    fn families_and_tools() {
        let node = facts_of(&p("node:18"));
        assert_eq!(node.family, Family::Debian);
        assert!(node.curl);
        assert_eq!(node.user, Some(("node", 1000)));
        let slim = facts_of(&p("node:18-slim"));
        assert!(!slim.curl && !slim.wget);
        let alpine = facts_of(&p("python:3.12-alpine"));
        assert_eq!(alpine.family, Family::Alpine);
        assert!(alpine.wget);
        let d = facts_of(&p("gcr.io/distroless/nodejs20-debian12"));
        assert_eq!(d.family, Family::Distroless);
        assert_eq!(d.distroless_interpreter, Some("/nodejs/bin/node"));
        assert_eq!(
            facts_of(&p("mcr.microsoft.com/dotnet/aspnet:8.0")).user,
            Some(("app", 1654))
        );
        assert_eq!(facts_of(&p("ubuntu:24.04")).family, Family::Debian);
        assert_eq!(
            facts_of(&p("registry.access.redhat.com/ubi9/ubi")).family,
            Family::Rhel
        );
        assert!(facts_of(&p("nginx:1.27")).needs_root);
        assert_eq!(facts_of(&p("myorg/base:1")).family, Family::Unknown);
    }

    #[test]
    fn slim_tags() {
        assert_eq!(slim_tag("node", "18").as_deref(), Some("18-slim"));
        assert_eq!(
            slim_tag("node", "lts-buster").as_deref(),
            Some("lts-buster-slim")
        );
        assert_eq!(
            slim_tag("python", "3.12-bookworm").as_deref(),
            Some("3.12-slim-bookworm")
        );
        assert_eq!(slim_tag("python", "latest").as_deref(), Some("slim"));
        assert_eq!(
            slim_tag("python", "3.9-alpine").as_deref(),
            Some("3.9-alpine")
        );
        assert_eq!(
            slim_tag("python", "bookworm").as_deref(),
            Some("slim-bookworm")
        );
    }

    #[test]
    fn retags() {
        assert_eq!(with_tag(&p("node:18"), "18-slim"), "node:18-slim");
        assert_eq!(
            with_tag(
                &p("public.ecr.aws/docker/library/node:24@sha256:abc"),
                "24-slim"
            ),
            "public.ecr.aws/docker/library/node:24-slim"
        );
        assert_eq!(
            with_tag(&p("localhost:5000/python"), "slim"),
            "localhost:5000/python:slim"
        );
        assert_eq!(alpine_version("20-alpine3.20").as_deref(), Some("3.20"));
        assert_eq!(release_of("3.12-slim-bookworm"), Some("bookworm"));
        assert_eq!(major_version("18.20-bullseye"), Some(18));
    }
}
