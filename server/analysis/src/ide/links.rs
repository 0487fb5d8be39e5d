//! Document links: base images to their registry pages, rule names in suppression
//! comments to their documentation. Only URLs are built; nothing is fetched.

use dockls_syntax::directives::parse_check;
use dockls_syntax::image::ImageRef;
use std::collections::HashSet;

use dockls_syntax::{Body, Dockerfile, TextRange, Word};

use crate::suppress::parse_ignore;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub range: TextRange,
    pub target: String,
    pub tooltip: String,
}

/// The public page of an image repository, for registries that have one.
pub fn image_url(img: &ImageRef) -> Option<String> {
    if img.repository.is_empty() || img.has_vars || img.is_scratch() {
        return None;
    }
    let repo = img.repository.as_str();
    Some(match img.registry.as_deref() {
        None if repo.contains('/') => format!("https://hub.docker.com/r/{repo}"),
        None => format!("https://hub.docker.com/_/{repo}"),
        Some("ghcr.io") => format!("https://ghcr.io/{repo}"),
        Some("quay.io") => format!("https://quay.io/repository/{repo}"),
        Some("mcr.microsoft.com") => format!("https://mcr.microsoft.com/artifact/mar/{repo}"),
        Some("gcr.io") if repo.starts_with("distroless/") => {
            "https://github.com/GoogleContainerTools/distroless".to_string()
        }
        Some(r) if r == "gcr.io" || r.ends_with(".gcr.io") => {
            let (project, rest) = repo.split_once('/')?;
            format!("https://console.cloud.google.com/gcr/images/{project}/global/{rest}")
        }
        Some("cgr.dev") => {
            let name = repo.strip_prefix("chainguard/")?;
            format!("https://images.chainguard.dev/directory/image/{name}/overview")
        }
        Some("public.ecr.aws") => format!("https://gallery.ecr.aws/{repo}"),
        Some(_) => return None,
    })
}

/// The name of the page [`image_url`] links to.
pub fn registry_name(img: &ImageRef) -> &'static str {
    match img.registry.as_deref() {
        None => "Docker Hub",
        Some("ghcr.io") => "GitHub Container Registry",
        Some("quay.io") => "Quay.io",
        Some("mcr.microsoft.com") => "Microsoft Artifact Registry",
        Some("gcr.io") if img.repository.starts_with("distroless/") => "Distroless on GitHub",
        Some("cgr.dev") => "Chainguard Images Directory",
        Some("public.ecr.aws") => "Amazon ECR Public Gallery",
        Some(_) => "Google Container Registry",
    }
}

/// A link over the repository part of an image word written literally.
fn image_link(word: &Word, out: &mut Vec<Link>) {
    if word.has_vars() || word.raw != word.value {
        return;
    }
    let img = ImageRef::parse(&word.raw, word.range);
    let Some(url) = image_url(&img) else {
        return;
    };
    let end = img
        .tag_range
        .map(|t| t.start - 1)
        .or(img.digest_range.map(|d| d.start - 1))
        .unwrap_or(word.range.end);
    out.push(Link {
        range: TextRange::new(word.range.start, end),
        tooltip: format!("Open {} on {}", img.repository, registry_name(&img)),
        target: url,
    });
}

/// Every link of the document, in order.
pub fn document_links(df: &Dockerfile) -> Vec<Link> {
    let mut out = Vec::new();
    let names: HashSet<&str> = df.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    // FROM lines that name a stage rather than an image.
    let from_stage: HashSet<usize> = df
        .stages
        .iter()
        .filter(|s| matches!(s.base, dockls_syntax::Base::Stage(_)))
        .map(|s| s.from)
        .collect();
    let mut comments = df.comments.iter().peekable();
    for (i, ins) in df.instructions.iter().enumerate() {
        while let Some(c) = comments.next_if(|c| c.range.start < ins.range.start) {
            comment_links(df, c, &mut out);
        }
        let eff = ins.effective();
        match &eff.body {
            Body::From(f) if !from_stage.contains(&i) => {
                if let Some(img) = &f.image {
                    image_link(img, &mut out);
                }
            }
            Body::Copy(_) => {
                if let Some(v) = eff.flag("from").and_then(|f| f.value.as_ref()) {
                    let stage = names.contains(v.value.to_ascii_lowercase().as_str())
                        || v.value.parse::<usize>().is_ok();
                    if !stage {
                        image_link(v, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    for c in comments {
        comment_links(df, c, &mut out);
    }
    out
}

fn rule_link(name: &str, range: TextRange, buildkit: bool, out: &mut Vec<Link>) {
    let Some(meta) = crate::registry::lookup(name) else {
        return;
    };
    let target = if buildkit {
        meta.buildkit_url().unwrap_or_else(|| meta.url())
    } else {
        meta.url()
    };
    out.push(Link {
        range,
        target,
        tooltip: format!("{} {}: {}", meta.code, meta.name, meta.summary()),
    });
}

fn comment_links(df: &Dockerfile, c: &dockls_syntax::Comment, out: &mut Vec<Link>) {
    let text = c.range.of(&df.text);
    if c.directive {
        let Some(d) = df
            .directives
            .iter()
            .find(|d| d.range == c.range || c.range.contains(d.range.start))
        else {
            return;
        };
        match d.name.as_str() {
            "syntax" => {
                let image = d.value.split_whitespace().next().unwrap_or("");
                let img = ImageRef::parse(
                    image,
                    TextRange::new(d.value_range.start, d.value_range.start + image.len()),
                );
                if let Some(url) = image_url(&img) {
                    let end = img.tag_range.map_or(img.range.end, |t| t.start - 1);
                    out.push(Link {
                        range: TextRange::new(img.range.start, end),
                        tooltip: format!("Open {} on {}", img.repository, registry_name(&img)),
                        target: url,
                    });
                }
            }
            "check" => {
                if let Ok(cfg) = parse_check(&d.value, d.value_range.start) {
                    for (name, r) in &cfg.names {
                        rule_link(name, *r, true, out);
                    }
                }
            }
            _ => {}
        }
        return;
    }
    if let Some((_, _, names)) = parse_ignore(text, c.range.start) {
        for n in names {
            rule_link(&n.name, n.range, false, out);
        }
        return;
    }
    let body = text.trim_start_matches('#').trim_start();
    if let Some(v) = body.strip_prefix("check=") {
        let v = v.split_whitespace().next().unwrap_or("");
        let base = c.range.start + (text.len() - body.len()) + "check=".len();
        if let Ok(cfg) = parse_check(v, base) {
            for (name, r) in &cfg.names {
                rule_link(name, *r, true, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(src: &str) -> Vec<(String, String)> {
        let df = dockls_syntax::parse(src);
        document_links(&df)
            .into_iter()
            .map(|l| (l.range.of(src).to_string(), l.target))
            .collect()
    }

    #[test]
    fn image_pages() {
        let src = "# syntax=docker/dockerfile:1\nFROM node:22 AS build\nFROM bitnami/redis:7\nFROM ghcr.io/astral-sh/uv:latest AS uv\nFROM quay.io/prometheus/node-exporter@sha256:abc\nFROM mcr.microsoft.com/dotnet/sdk:9.0\nFROM gcr.io/distroless/static-debian12:nonroot\nFROM gcr.io/my-proj/app:1\nFROM cgr.dev/chainguard/static\nFROM public.ecr.aws/docker/library/alpine:3\nFROM registry.example.com/x/y:1\nFROM build\nFROM scratch\nFROM $BASE\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=build /a /b\n";
        let l = links(src);
        let expect = [
            (
                "docker/dockerfile",
                "https://hub.docker.com/r/docker/dockerfile",
            ),
            ("node", "https://hub.docker.com/_/node"),
            ("bitnami/redis", "https://hub.docker.com/r/bitnami/redis"),
            ("ghcr.io/astral-sh/uv", "https://ghcr.io/astral-sh/uv"),
            (
                "quay.io/prometheus/node-exporter",
                "https://quay.io/repository/prometheus/node-exporter",
            ),
            (
                "mcr.microsoft.com/dotnet/sdk",
                "https://mcr.microsoft.com/artifact/mar/dotnet/sdk",
            ),
            (
                "gcr.io/distroless/static-debian12",
                "https://github.com/GoogleContainerTools/distroless",
            ),
            (
                "gcr.io/my-proj/app",
                "https://console.cloud.google.com/gcr/images/my-proj/global/app",
            ),
            (
                "cgr.dev/chainguard/static",
                "https://images.chainguard.dev/directory/image/static/overview",
            ),
            (
                "public.ecr.aws/docker/library/alpine",
                "https://gallery.ecr.aws/docker/library/alpine",
            ),
            ("nginx", "https://hub.docker.com/_/nginx"),
        ];
        assert_eq!(
            l,
            expect
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn rule_pages() {
        let src = "# check=skip=JSONArgsRecommended\nFROM a\n# dockls ignore=DK401,root-user\nMAINTAINER x\n# hadolint ignore=DL3002\nRUN x\n# check=skip=UndefinedVar\nRUN y\n";
        let l: Vec<_> = links(src)
            .into_iter()
            .filter(|l| !l.1.contains("hub.docker.com"))
            .collect();
        assert_eq!(l[0].0, "JSONArgsRecommended");
        assert!(l[0]
            .1
            .contains("docs.docker.com/go/dockerfile/rule/json-args-recommended"));
        assert_eq!(l[1].0, "DK401");
        assert!(l[1].1.ends_with("DK401.md"));
        assert_eq!(l[2].0, "root-user");
        assert_eq!(l[3].0, "DL3002");
        assert_eq!(l[4].0, "UndefinedVar");
    }
}
