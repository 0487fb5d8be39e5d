use dockls_syntax::image::ImageRef;
use dockls_syntax::Keyword;

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::facts;
use super::single_stage_build::is_application;

declare_rule! {
    /// ## What it does
    /// Reports a final stage that never sets USER (neither it nor a stage it is built
    /// `FROM`), so the application runs as the base image's user, which is root for
    /// almost every base image.
    ///
    /// Not reported when:
    /// - the base image already runs as an unprivileged user (see the table below);
    /// - the image drops privileges when it starts: it installs or calls `gosu`,
    ///   `su-exec`, `setpriv`, `s6-setuidgid`, `chpst`, `runuser` or `setuser` (the
    ///   pattern of the official database images, whose entrypoint fixes permissions as
    ///   root and then runs the server as its own user), or it is based on a
    ///   linuxserver.io image (s6-overlay runs the service as `abc`);
    /// - the image is a base or tool image rather than an application (no CMD or
    ///   ENTRYPOINT of its own, only a bare shell or interpreter, or ONBUILD triggers);
    /// - the base image is Windows, where users work differently;
    /// - the image is a development environment: a Dockerfile or final stage named like
    ///   one (`Dockerfile.dev`, `AS dev-envs`) or a Dev Container image.
    ///
    /// A final stage built `FROM scratch` is reported too: the process runs as uid 0
    /// there as well. Since `scratch` has no `/etc/passwd`, the message asks for a
    /// numeric `USER 65532:65532`.
    ///
    /// Base images that already switch to a non-root user:
    ///
    /// | image | user |
    /// | --- | --- |
    /// | `gcr.io/distroless/*` with a `nonroot` tag (`:nonroot`, `:debug-nonroot`, ...) | 65532 |
    /// | `cgr.dev/chainguard/*` (except `wolfi-base`) | 65532 |
    /// | `bitnami/*` (except `bitnami/minideb`) | 1001 |
    /// | `nginxinc/nginx-unprivileged` | 101 |
    /// | `mcr.microsoft.com/dotnet/*` chiseled tags | `app` |
    /// | `registry.access.redhat.com/ubi*/` language images (`nodejs-*`, `python-*`, ...) | 1001 |
    /// | `jenkins/*`, `grafana/grafana`, `prom/*`, `quay.io/prometheus/*`, `quay.io/keycloak/keycloak` | their service user |
    ///
    /// hadolint has no equivalent: its DL3002 (matched by `root-user`, DK103) only
    /// reports a USER that names root.
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container can rewrite its own binaries and
    /// configuration when it is compromised, and it is one runtime or kernel flaw (or a
    /// mounted Docker socket) away from root on the host. Kubernetes clusters with
    /// `runAsNonRoot: true` or OpenShift's restricted policy refuse to start such images.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["python", "main.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN useradd --system --uid 10001 --no-create-home app
    /// WORKDIR /app
    /// COPY . .
    /// USER 10001
    /// CMD ["python", "main.py"]
    /// ```
    ///
    /// ## Fix
    /// Adds `USER` before the final CMD or ENTRYPOINT: the user the base image already
    /// has (`node`, distroless `nonroot`, .NET's `app`) or one the Dockerfile creates,
    /// else a new system user created with the distribution's tools (`addgroup -S` and
    /// `adduser -S` on Alpine, `groupadd --system` and `useradd --system` elsewhere),
    /// named by its numeric id. Application files copied into the working directory get
    /// `--chown` for that user. Not offered where the distribution is unknown or the
    /// image needs root to start. The fix is unsafe: the application may write where
    /// the user cannot.
    pub struct NoUser {
        code: "DK104",
        name: "no-user",
        category: Practice,
        severity: Info,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// Whether a base image is known to run as an unprivileged user (or to drop
/// privileges itself when it starts).
pub fn runs_as_non_root(img: &ImageRef) -> bool {
    let registry = img
        .registry
        .as_deref()
        .unwrap_or("docker.io")
        .to_ascii_lowercase();
    let repo = img.repository.to_ascii_lowercase();
    let tag = img.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let hub = registry == "docker.io";
    match registry.as_str() {
        "gcr.io" if repo.starts_with("distroless/") => tag.contains("nonroot"),
        "cgr.dev" => repo.starts_with("chainguard/") && repo != "chainguard/wolfi-base",
        "mcr.microsoft.com" => repo.starts_with("dotnet/") && tag.contains("chiseled"),
        "registry.access.redhat.com" | "registry.redhat.io" => {
            let mut parts = repo.splitn(2, '/');
            let ubi = parts.next().is_some_and(|p| p.starts_with("ubi"));
            let lang = parts.next().is_some_and(|p| {
                [
                    "nodejs-",
                    "python-",
                    "ruby-",
                    "php-",
                    "perl-",
                    "go-toolset",
                    "openjdk-",
                    "nginx-",
                    "httpd-",
                ]
                .iter()
                .any(|l| p.starts_with(l))
            });
            ubi && lang
        }
        "quay.io" => repo.starts_with("prometheus/") || repo == "keycloak/keycloak",
        "public.ecr.aws" => repo.starts_with("bitnami/") && repo != "bitnami/minideb",
        "ghcr.io" | "lscr.io" => {
            repo.starts_with("linuxserver/") || repo.starts_with("nginxinc/nginx-unprivileged")
        }
        _ if hub => {
            (repo.starts_with("bitnami/") && repo != "bitnami/minideb")
                || repo == "nginxinc/nginx-unprivileged"
                || repo.starts_with("jenkins/")
                || repo == "grafana/grafana"
                || repo.starts_with("prom/")
                || repo.starts_with("linuxserver/")
        }
        _ => false,
    }
}

const PRIVILEGE_DROPPERS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "s6-setuidgid",
    "chpst",
    "runuser",
    "setuser",
];

/// Whether the image installs or calls a tool that drops privileges at start-up.
pub fn drops_privileges(cx: &Context<'_>, stage: usize) -> bool {
    let df = cx.df;
    facts::lineage_instructions(df, stage).into_iter().any(|i| {
        let Some(ins) = df.instructions.get(i) else {
            return false;
        };
        if !matches!(
            ins.keyword,
            Some(Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Env | Keyword::Copy)
        ) {
            return false;
        }
        let text = ins.range.of(cx.text());
        PRIVILEGE_DROPPERS.iter().any(|p| {
            text.match_indices(p).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + p.len()..].chars().next();
                let boundary =
                    |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
                boundary(before) && boundary(after)
            })
        })
    })
}

impl Rule for NoUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let Some(stage) = facts::final_stage(df) else {
            return;
        };
        if cx.semantic().effective_user(df, stage.index).is_some() {
            return;
        }
        if facts::is_windows(cx, stage.index)
            || facts::is_dev_image(cx, stage.index)
            || !is_application(cx, stage.index)
        {
            return;
        }
        let scratch = facts::is_scratch(df, stage.index);
        if !scratch {
            match cx.semantic().root_image(df, stage.index) {
                // An image we cannot resolve (a variable without default) may be anything.
                None => return,
                Some(img) if img.has_vars || runs_as_non_root(img) => return,
                Some(_) => {}
            }
        }
        if drops_privileges(cx, stage.index) {
            return;
        }
        let message = if scratch {
            "the final stage never sets USER, so the binary runs as uid 0 even on `scratch`: a compromised process keeps root's capabilities; add a numeric `USER 65532:65532` (scratch has no /etc/passwd to look names up in)".to_string()
        } else {
            "the final stage never sets USER, so the application runs as the base image's user, root: a compromised process can change the whole container and is one runtime or kernel flaw away from the host; create an unprivileged user and add `USER <name or uid>` before CMD".to_string()
        };
        let d = out.report(facts::from_range(df, stage), message);
        if let Some(fix) = crate::refactor::user::fix(cx) {
            d.fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::practice::testing::spans;

    #[test]
    fn reports_applications_running_as_root() {
        let src = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
        assert_eq!(spans("DK104", src), vec!["python:3.12-slim"]);
        let inherited =
            "FROM python:3.12-slim AS base\nUSER app\nFROM base\nCMD [\"python\", \"m.py\"]\n";
        assert!(spans("DK104", inherited).is_empty());
    }

    #[test]
    fn skips_known_non_root_and_privilege_dropping_images() {
        for src in [
            "FROM gcr.io/distroless/python3-debian12:nonroot\nCMD [\"app.py\"]\n",
            "FROM postgres:16\nRUN apt-get install -y gosu\nCMD [\"postgres\"]\n",
            "FROM alpine:3\nRUN apk add su-exec\nENTRYPOINT [\"/entry.sh\"]\n",
            "FROM alpine:3\nRUN apk add curl\n",
            "FROM alpine:3\nCMD [\"sh\"]\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD [\"app.exe\"]\n",
            "ARG BASE\nFROM $BASE\nCMD [\"app\"]\n",
            "FROM mcr.microsoft.com/devcontainers/base:bookworm\nCMD [\"sleep\", \"infinity\"]\n",
        ] {
            assert!(spans("DK104", src).is_empty(), "{src}");
        }
    }

    use dockls_syntax::TextRange;

    fn p(s: &str) -> ImageRef {
        ImageRef::parse(s, TextRange::new(0, s.len()))
    }

    #[test]
    fn non_root_table() {
        for s in [
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "cgr.dev/chainguard/python:latest",
            "bitnami/redis:7.2",
            "docker.io/bitnami/postgresql",
            "nginxinc/nginx-unprivileged:1.27-alpine",
            "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
            "registry.access.redhat.com/ubi9/nodejs-20",
            "lscr.io/linuxserver/radarr:latest",
        ] {
            assert!(runs_as_non_root(&p(s)), "{s}");
        }
        for s in [
            "gcr.io/distroless/static-debian12",
            "cgr.dev/chainguard/wolfi-base",
            "bitnami/minideb:bookworm",
            "node:20",
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            "registry.access.redhat.com/ubi9/ubi-minimal",
        ] {
            assert!(!runs_as_non_root(&p(s)), "{s}");
        }
    }
}
