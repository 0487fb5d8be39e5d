//! The offline base-image catalogue (`data/images.toml`): what dockls knows about common
//! images without asking a registry. Parsed once, on first use.

use std::sync::OnceLock;

use serde::Deserialize;

/// One tag suffix of an image (`-alpine`, `-slim`, `""` for the default).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Variant {
    pub suffix: String,
    pub distribution: String,
    pub size_mb: Option<f64>,
}

/// One repository of the catalogue.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ImageInfo {
    /// As written in FROM: `node`, `gcr.io/distroless/static-debian12`.
    pub name: String,
    pub summary: String,
    pub distribution: String,
    pub size_mb: Option<f64>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub smaller: Vec<String>,
    pub note: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    image: Vec<ImageInfo>,
}

const DATA: &str = include_str!("../../data/images.toml");

/// Every image of the catalogue, most used first. Empty if the data does not parse (a
/// unit test keeps it parsing).
pub fn images() -> &'static [ImageInfo] {
    static ALL: OnceLock<Vec<ImageInfo>> = OnceLock::new();
    ALL.get_or_init(|| toml::from_str::<File>(DATA).map_or_else(|_| Vec::new(), |f| f.image))
}

/// The registry-less, `library/`-less spelling used as the catalogue key.
fn normalize(name: &str) -> &str {
    let n = name
        .strip_prefix("docker.io/")
        .or_else(|| name.strip_prefix("index.docker.io/"))
        .unwrap_or(name);
    n.strip_prefix("library/").unwrap_or(n)
}

/// The catalogue entry for a repository as written (`node`, `docker.io/library/node`).
pub fn find(repository: &str) -> Option<&'static ImageInfo> {
    let key = normalize(repository);
    images().iter().find(|i| i.name.eq_ignore_ascii_case(key))
}

impl ImageInfo {
    /// Docker Hub's official library (`node`, not `user/node` nor `gcr.io/...`).
    pub fn is_official(&self) -> bool {
        !self.name.contains('/')
    }

    /// Every tag the catalogue knows, recommended first: each version with each variant,
    /// then the extra tags.
    pub fn all_tags(&self) -> Vec<(String, Option<&Variant>)> {
        let mut out: Vec<(String, Option<&Variant>)> = Vec::new();
        for v in &self.versions {
            for var in &self.variants {
                out.push((format!("{v}{}", var.suffix), Some(var)));
            }
            if self.variants.is_empty() {
                out.push((v.clone(), None));
            }
        }
        for t in &self.tags {
            if !out.iter().any(|(x, _)| x == t) {
                out.push((t.clone(), self.variant_of(t)));
            }
        }
        out
    }

    /// The variant a tag belongs to: the one whose suffix words (`bookworm-slim`) appear
    /// in the tag most completely; the default variant otherwise.
    pub fn variant_of(&self, tag: &str) -> Option<&Variant> {
        let parts: Vec<&str> = tag.split('-').collect();
        let mut best: Option<(usize, &Variant)> = None;
        for var in &self.variants {
            let words: Vec<&str> = var
                .suffix
                .trim_start_matches('-')
                .split('-')
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() {
                if best.is_none() {
                    best = Some((0, var));
                }
                continue;
            }
            let matches = parts.windows(words.len()).any(|win| {
                win.iter().zip(&words).all(|(p, w)| {
                    p == w
                        || (p.starts_with(w)
                            && p[w.len()..].starts_with(|c: char| c.is_ascii_digit()))
                })
            });
            if matches && best.is_none_or(|(n, _)| words.len() > n) {
                best = Some((words.len(), var));
            }
        }
        best.map(|(_, v)| v)
    }
}

/// A size as dockls prints it: always marked approximate.
pub fn size_text(mb: f64) -> String {
    if mb < 1.5 {
        "≈ 1 MB".to_string()
    } else if mb < 10.0 {
        format!("≈ {mb:.0} MB")
    } else if mb >= 1000.0 {
        format!("≈ {:.1} GB", mb / 1000.0)
    } else {
        format!("≈ {} MB", (mb / 5.0).round() as u64 * 5)
    }
}

/// The line every size is qualified with.
pub const SIZE_NOTE: &str =
    "Sizes are approximate compressed downloads for linux/amd64 from dockls's offline catalogue; they vary by version and platform.";

/// What the catalogue says about `repository:tag` (the tag's variant when known).
pub fn describe(
    repository: &str,
    tag: Option<&str>,
) -> Option<(&'static ImageInfo, String, Option<f64>)> {
    let info = find(repository)?;
    let variant = tag.and_then(|t| info.variant_of(t));
    let (dist, size) = match variant {
        Some(v) => (v.distribution.clone(), v.size_mb.or(info.size_mb)),
        None => (info.distribution.clone(), info.size_mb),
    };
    Some((info, dist, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_is_consistent() {
        let all = images();
        assert!(
            all.len() > 50,
            "catalogue did not parse: {:?}",
            toml::from_str::<File>(DATA).err()
        );
        for i in all {
            assert!(!i.summary.is_empty(), "{} has no summary", i.name);
            assert!(
                i.versions.is_empty() || !i.variants.is_empty(),
                "{} has versions but no variants",
                i.name
            );
            assert!(
                all.iter().filter(|j| j.name == i.name).count() == 1,
                "{} listed twice",
                i.name
            );
            assert!(!i.all_tags().is_empty(), "{} has no tags", i.name);
        }
        for name in [
            "node",
            "python",
            "golang",
            "rust",
            "eclipse-temurin",
            "maven",
            "gradle",
            "nginx",
            "httpd",
            "postgres",
            "redis",
            "alpine",
            "debian",
            "ubuntu",
            "busybox",
            "gcr.io/distroless/static-debian12",
            "gcr.io/distroless/base-debian12",
            "gcr.io/distroless/cc-debian12",
            "gcr.io/distroless/java21-debian12",
            "gcr.io/distroless/python3-debian12",
            "gcr.io/distroless/nodejs22-debian12",
            "mcr.microsoft.com/dotnet/sdk",
            "mcr.microsoft.com/dotnet/aspnet",
            "mcr.microsoft.com/dotnet/runtime",
            "cgr.dev/chainguard/static",
        ] {
            assert!(find(name).is_some(), "{name} missing");
        }
    }

    #[test]
    fn lookups_and_variants() {
        assert_eq!(
            find("docker.io/library/node").map(|i| i.name.as_str()),
            Some("node")
        );
        let node = find("node").cloned().unwrap_or_else(|| panic!("node"));
        assert_eq!(
            node.variant_of("22-alpine3.21").map(|v| v.suffix.as_str()),
            Some("-alpine")
        );
        assert_eq!(
            node.variant_of("22.11.0-bookworm-slim")
                .map(|v| v.suffix.as_str()),
            Some("-bookworm-slim")
        );
        assert_eq!(node.variant_of("22").map(|v| v.suffix.as_str()), Some(""));
        let tags: Vec<String> = node.all_tags().into_iter().map(|t| t.0).collect();
        assert!(tags.contains(&"24-alpine".to_string()));
        assert!(tags.contains(&"lts-slim".to_string()));
        let distroless = find("gcr.io/distroless/static-debian12").unwrap_or_else(|| panic!("d"));
        let tags: Vec<String> = distroless.all_tags().into_iter().map(|t| t.0).collect();
        assert!(tags.contains(&"nonroot".to_string()));
        assert_eq!(size_text(3.5), "≈ 4 MB");
        assert_eq!(size_text(372.0), "≈ 370 MB");
        assert_eq!(size_text(0.8), "≈ 1 MB");
    }
}
