//! Image references: `[registry[:port]/]path[:tag][@digest]`.

use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    pub range: TextRange,
    /// The full reference as written.
    pub raw: String,
    /// `docker.io` is reported as `None` like any reference without a registry.
    pub registry: Option<String>,
    /// The repository path without registry, e.g. `library/node` is reported as `node`.
    pub repository: String,
    pub tag: Option<String>,
    pub tag_range: Option<TextRange>,
    pub digest: Option<String>,
    pub digest_range: Option<TextRange>,
    /// The reference contains `$` variables, so its parts may change at build time.
    pub has_vars: bool,
}

impl ImageRef {
    /// Splits a reference. `range` is where `raw` sits in the original text, used to
    /// locate the tag and digest (valid only when `raw` maps one-to-one to it).
    pub fn parse(raw: &str, range: TextRange) -> ImageRef {
        let has_vars = raw.contains('$');
        let (name_tag, digest) = match raw.split_once('@') {
            Some((a, d)) => (a, Some(d)),
            None => (raw, None),
        };
        // A tag is the part after the last ':' that is not followed by '/'.
        let (name, tag) = match name_tag.rfind(':') {
            Some(i) if !name_tag[i + 1..].contains('/') => {
                (&name_tag[..i], Some(&name_tag[i + 1..]))
            }
            _ => (name_tag, None),
        };
        let (registry, mut repository) = match name.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first.to_string()), rest.to_string())
            }
            _ => (None, name.to_string()),
        };
        let registry = registry.filter(|r| {
            !matches!(
                r.as_str(),
                "docker.io" | "index.docker.io" | "registry-1.docker.io"
            )
        });
        if registry.is_none() {
            if let Some(rest) = repository.strip_prefix("library/") {
                repository = rest.to_string();
            }
        }
        let contiguous = range.len() == raw.len();
        let tag_range = tag.filter(|_| contiguous).map(|t| {
            let start = range.start + name.len() + 1;
            TextRange::new(start, start + t.len())
        });
        let digest_range = digest.filter(|_| contiguous).map(|d| {
            let start = range.start + name_tag.len() + 1;
            TextRange::new(start, start + d.len())
        });
        ImageRef {
            range,
            raw: raw.to_string(),
            registry,
            repository,
            tag: tag.map(str::to_string),
            tag_range,
            digest: digest.map(str::to_string),
            digest_range,
            has_vars,
        }
    }

    /// The repository's last path component (`node` for `ghcr.io/org/node`).
    pub fn short_name(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }

    /// An image from Docker Hub's official library (`node`, `library/node`, `docker.io/node`).
    pub fn is_docker_official(&self) -> bool {
        self.registry.is_none() && !self.repository.contains('/') && !self.has_vars
    }

    pub fn is_scratch(&self) -> bool {
        self.registry.is_none()
            && self.repository.eq_ignore_ascii_case("scratch")
            && self.tag.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ImageRef {
        ImageRef::parse(s, TextRange::new(0, s.len()))
    }

    #[test]
    fn parses_references() {
        let r = p("registry.local:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.registry.as_deref(), Some("registry.local:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(r.tag_range, Some(TextRange::new(29, 32)));
        let r = p("docker.io/library/node:20-alpine");
        assert!(r.is_docker_official());
        assert_eq!(r.repository, "node");
        let r = p("localhost/x");
        assert_eq!(r.registry.as_deref(), Some("localhost"));
        let r = p("gcr.io/distroless/static:nonroot");
        assert_eq!(r.short_name(), "static");
        assert!(!p("bitnami/redis").is_docker_official());
        assert!(p("scratch").is_scratch());
    }
}
