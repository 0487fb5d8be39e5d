use dockls_syntax::{Body, Keyword, TextRange};

use crate::commands::{invocation, is_install, Invocation, Manager};
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::ecosystem::{self, BuildStep, Detected, ImageInfo, Toolchain};
use super::facts;

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile with a single stage that builds its application in the
    /// production image: it installs build tooling (`gcc`, `g++`, `make`,
    /// `build-essential`, `*-dev` or `*-devel` packages), runs a build step
    /// (`npm run build`, `tsc`, `go build`, `cargo build`, `mvn package`, `gradle build`,
    /// `dotnet publish`, `pip wheel`, `make`, ...) or starts from a full SDK image
    /// (`golang`, `rust`, `maven`, `gradle`, `mcr.microsoft.com/dotnet/sdk`, or `node`
    /// without `slim`/`alpine` when the file also builds).
    ///
    /// It is reported once, on the SDK base image when that is the cause, otherwise on
    /// the first build step or toolchain package; the other causes are listed as related
    /// locations.
    ///
    /// Not reported when:
    /// - the file already has more than one stage;
    /// - the toolchain is installed and removed in the same RUN (the
    ///   `apk add --virtual .build-deps ... && apk del .build-deps`,
    ///   `apt-mark auto` + `apt-get purge --auto-remove` and
    ///   `apt-get remove $(diff before after)` patterns of the official images), together
    ///   with the build steps of that RUN;
    /// - the image is a base or tool image rather than an application: it has no CMD or
    ///   ENTRYPOINT of its own, only a bare shell, interpreter or REPL (`CMD ["bash"]`,
    ///   `CMD ["python3"]`), a keep-alive (`sleep infinity`), ONBUILD triggers, or a
    ///   command that itself builds (`make`, `rpmbuild`: a build image);
    /// - it is a development image: the Dockerfile or the stage is named like one
    ///   (`Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.test`, `Dockerfile.build`,
    ///   `check.Dockerfile`, `AS dev-envs`), or it is built on a Dev Container image.
    ///
    /// ## Why is this bad?
    /// Everything needed to build (compilers, headers, SDKs, dev dependencies, sources)
    /// ships in the production image. The image is several times larger than it needs to
    /// be (a Go SDK image is about 800 MB, the static binary on distroless about 20 MB),
    /// slower to pull and scale, and every extra package is attack surface that
    /// vulnerability scanners will report.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    ///
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Fix
    /// "Convert to a multi-stage build" rewrites the file into a builder stage named
    /// `builder` and a runtime stage. The builder keeps the dependency installs (moved
    /// before the sources for layer caching), the sources and the build; the runtime
    /// stage starts from a smaller image (the `-slim` variant of the same Node.js,
    /// Python or Ruby image, a JRE for Java, distroless or Alpine for Go, Debian slim
    /// for Rust, the ASP.NET or runtime image for .NET, the same image otherwise) and
    /// gets the build output and production dependencies with `COPY --from=builder`,
    /// the system packages the application needs, and the instructions that describe
    /// how the image runs (ENV, USER, EXPOSE, HEALTHCHECK, ENTRYPOINT, CMD). Comments,
    /// ARGs, `--mount` and `--platform` flags and heredocs are kept; what the
    /// conversion could not decide is written as a `# Review:` comment. The fix is
    /// unsafe: the image changes, and the comments need a look before shipping.
    pub struct SingleStageBuild {
        code: "DK100",
        name: "single-stage-build",
        category: Practice,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// One reason the image ships its toolchain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The base image is a full SDK (or a full image used to build).
    Image {
        image: String,
        info: ImageInfo,
        range: TextRange,
    },
    /// A package manager installs build tooling that stays in the image.
    Package {
        package: String,
        range: TextRange,
        instruction: usize,
    },
    /// A RUN compiles or bundles the application.
    Build { step: BuildStep, instruction: usize },
}

impl Evidence {
    pub fn range(&self) -> TextRange {
        match self {
            Evidence::Image { range, .. } | Evidence::Package { range, .. } => *range,
            Evidence::Build { step, .. } => step.range,
        }
    }
}

/// What a "convert to multi-stage build" refactoring needs to know.
#[derive(Clone, Debug)]
pub struct SingleStage {
    /// The only stage (always 0 today; kept explicit for callers).
    pub stage: usize,
    /// The ecosystem the image builds, when it shows.
    pub ecosystem: Option<Detected>,
    /// Why it is reported, most decisive first.
    pub evidence: Vec<Evidence>,
}

pub use super::facts::is_dev_dockerfile;

pub fn is_toolchain_package(name: &str) -> bool {
    let n = name
        .split(['=', '~', '>', '<'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    let n = n.split(':').next().unwrap_or(&n);
    let numbered = |base: &str| {
        n.strip_prefix(base)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    matches!(
        n,
        "gcc"
            | "g++"
            | "gcc-c++"
            | "clang"
            | "make"
            | "cmake"
            | "build-essential"
            | "build-base"
            | "autoconf"
            | "automake"
            | "libtool"
    ) || numbered("gcc")
        || numbered("g++")
        || numbered("clang")
        || n.ends_with("-dev")
        || n.ends_with("-devel")
        || n == "linux-headers"
}

fn package_name(word: &str) -> &str {
    word.split(['=', '~', '>', '<']).next().unwrap_or(word)
}

/// Packages a RUN installs that it also removes before it ends.
pub struct Cleanup {
    /// apt autoremove after `apt-mark auto`: everything apt installed goes.
    pub apt_all: bool,
    pub names: Vec<String>,
}

/// What a RUN removes again before it ends (its packages then never reach the image).
pub fn run_cleanup(ins: &dockls_syntax::Instruction) -> Cleanup {
    let commands = facts::commands_of(ins);
    let invs: Vec<Invocation<'_>> = commands.iter().filter_map(|c| invocation(c)).collect();
    cleanup_of(&invs, marks_auto(&commands))
}

/// `apt-mark auto ...`, also through `xargs apt-mark auto`.
fn marks_auto(commands: &[std::borrow::Cow<'_, dockls_syntax::shell::ShellCommand>]) -> bool {
    commands.iter().any(|c| {
        let words: Vec<&str> = c
            .name
            .iter()
            .chain(c.args.iter())
            .map(|w| w.value.as_str())
            .collect();
        words
            .windows(2)
            .any(|w| w[0].ends_with("apt-mark") && w[1] == "auto")
    })
}

fn cleanup_of(invs: &[Invocation<'_>], marks_auto: bool) -> Cleanup {
    let mut c = Cleanup {
        apt_all: false,
        names: Vec::new(),
    };
    let apt = |m: Manager| matches!(m, Manager::AptGet | Manager::Apt | Manager::Aptitude);
    for inv in invs {
        let sub = inv.sub();
        let removes = match inv.manager {
            Manager::Apk => sub == "del",
            m if apt(m) => matches!(sub, "purge" | "remove" | "autoremove"),
            Manager::Yum | Manager::Dnf | Manager::Microdnf => {
                matches!(sub, "remove" | "erase" | "autoremove")
            }
            Manager::Zypper => matches!(sub, "rm" | "remove"),
            _ => false,
        };
        if !removes {
            continue;
        }
        let auto = sub == "autoremove" || inv.has(&["auto-remove", "autoremove"], &[]);
        // `apt-get purge $(diff before after)`: removes whatever the RUN installed.
        let computed = inv.operands.iter().any(|w| !w.is_static);
        if apt(inv.manager) && ((auto && marks_auto) || computed) {
            c.apt_all = true;
        }
        c.names.extend(
            inv.operands
                .iter()
                .map(|w| package_name(&w.value).to_string()),
        );
    }
    c
}

/// Finds the evidence, or `None` when the rule does not apply.
pub fn analyze(cx: &Context<'_>) -> Option<SingleStage> {
    let df = cx.df;
    if df.stages.len() != 1 {
        return None;
    }
    let stage = df.stages.first()?;
    if facts::is_dev_image(cx, stage.index) {
        return None;
    }
    if !is_application(cx, stage.index) {
        return None;
    }
    let mut evidence = Vec::new();
    let mut packages = Vec::new();
    let mut builds = Vec::new();
    for (i, ins) in facts::runs(df, stage.index) {
        let commands = facts::commands_of(ins);
        let invs: Vec<Invocation<'_>> = commands.iter().filter_map(|c| invocation(c)).collect();
        let cleanup = cleanup_of(&invs, marks_auto(&commands));
        let mut removed_any = cleanup.apt_all;
        for inv in invs.iter().filter(|i| is_install(i)) {
            let virtual_name = inv.value_of(&["--virtual", "-t"]);
            let group_removed = virtual_name.is_some_and(|v| cleanup.names.iter().any(|n| n == v));
            let apt_removed = cleanup.apt_all
                && matches!(
                    inv.manager,
                    Manager::AptGet | Manager::Apt | Manager::Aptitude
                );
            for w in &inv.operands {
                if !w.is_static || !is_toolchain_package(&w.value) {
                    continue;
                }
                let name = package_name(&w.value);
                if group_removed || apt_removed || cleanup.names.iter().any(|n| n == name) {
                    removed_any = true;
                    continue;
                }
                packages.push(Evidence::Package {
                    package: name.to_string(),
                    range: w.range,
                    instruction: i,
                });
            }
        }
        if removed_any {
            // The RUN builds with tools it removes before it ends: one clean layer.
            continue;
        }
        for c in &commands {
            if let Some(step) = ecosystem::build_step(c) {
                builds.push(Evidence::Build {
                    step,
                    instruction: i,
                });
            }
        }
    }
    let image = cx
        .semantic()
        .stages
        .get(stage.index)
        .and_then(|s| s.image.as_ref());
    if let Some((img, info)) = image.and_then(|img| ecosystem::from_image(img).map(|i| (img, i))) {
        let counts = match info.toolchain {
            Toolchain::Sdk => true,
            Toolchain::FullWhenBuilding => !builds.is_empty(),
            Toolchain::Runtime => false,
        };
        if counts {
            evidence.push(Evidence::Image {
                image: img.raw.clone(),
                info,
                range: facts::from_range(df, stage),
            });
        }
    }
    evidence.extend(builds);
    evidence.extend(packages);
    if evidence.is_empty() {
        return None;
    }
    Some(SingleStage {
        stage: stage.index,
        ecosystem: ecosystem::detect(cx, stage.index),
        evidence,
    })
}

/// Whether a stage is an application image: it starts something of its own, other than
/// a bare shell or interpreter, and is not a base image with ONBUILD triggers.
pub fn is_application(cx: &Context<'_>, stage: usize) -> bool {
    let df = cx.df;
    let Some(st) = df.stages.get(stage) else {
        return false;
    };
    if df
        .stage_instructions(st)
        .iter()
        .any(|i| i.is(Keyword::Onbuild))
    {
        return false;
    }
    let start = facts::start_command(df, stage);
    let words = |ins: &dockls_syntax::Instruction| -> Vec<String> {
        facts::commands_of(ins)
            .first()
            .map(|c| {
                c.name
                    .iter()
                    .chain(c.args.iter())
                    .map(|w| w.value.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let bare = |w: &[String]| -> bool {
        let idle = matches!(
            w.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
            ["sleep", "infinity"] | ["tail", "-f", "/dev/null"] | ["tail", "-F", "/dev/null"]
        );
        // An interactive session (`--repl`) is a toolchain image too.
        if idle || w.iter().any(|x| x == "repl" || x == "--repl") {
            return true;
        }
        match w {
            [] => true,
            [only] => {
                let p = only.rsplit('/').next().unwrap_or(only);
                matches!(
                    p,
                    "sh" | "bash"
                        | "ash"
                        | "zsh"
                        | "fish"
                        | "node"
                        | "irb"
                        | "ghci"
                        | "jshell"
                        | "pwsh"
                        | "powershell"
                        | "cmd"
                        | "iex"
                        | "erl"
                        | "php"
                        | "ruby"
                        | "lua"
                        | "R"
                        | "julia"
                        | "repl"
                ) || p.starts_with("python")
            }
            _ => false,
        }
    };
    // An image whose own command builds something is a build tool, not an application.
    let builds = [start.entrypoint, start.cmd]
        .into_iter()
        .flatten()
        .any(|(_, ins)| {
            facts::commands_of(ins)
                .iter()
                .any(|c| ecosystem::build_step(c).is_some())
        });
    if builds {
        return false;
    }
    match (start.entrypoint, start.cmd) {
        (None, None) => false,
        (_, Some((_, cmd))) => {
            let w = words(cmd);
            // `ENTRYPOINT ["docker-entrypoint.sh"]` + `CMD ["node"]` is a runtime image.
            !bare(&w)
        }
        (Some((_, ep)), None) => !bare(&words(ep)),
    }
}

fn describe(e: &Evidence) -> String {
    match e {
        Evidence::Image { image, info, .. } => match info.toolchain {
            Toolchain::Sdk => format!(
                "starts from the full {} SDK image `{image}`",
                info.ecosystem.name()
            ),
            _ => format!("builds on the full `{image}` image"),
        },
        Evidence::Package { package, .. } => format!("installs `{package}`"),
        Evidence::Build { step, .. } => format!("runs `{}`", step.label),
    }
}

impl Rule for SingleStageBuild {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some(found) = analyze(cx) else {
            return;
        };
        let Some(first) = found.evidence.first() else {
            return;
        };
        let mut reasons: Vec<String> = Vec::new();
        let mut packages: Vec<String> = Vec::new();
        for e in &found.evidence {
            match e {
                Evidence::Package { package, .. } => {
                    if !packages.contains(package) {
                        packages.push(package.clone());
                    }
                }
                other => {
                    let d = describe(other);
                    if !reasons.contains(&d) {
                        reasons.push(d);
                    }
                }
            }
        }
        reasons.truncate(3);
        if !packages.is_empty() {
            let shown: Vec<String> = packages.iter().take(4).map(|p| format!("`{p}`")).collect();
            let more = if packages.len() > 4 {
                format!(" and {} more", packages.len() - 4)
            } else {
                String::new()
            };
            reasons.push(format!("installs {}{more}", shown.join(", ")));
        }
        let builds = found
            .evidence
            .iter()
            .any(|e| matches!(e, Evidence::Build { .. } | Evidence::Package { .. }));
        // The ecosystem of the most decisive evidence, else the stage's main one.
        let size = found
            .evidence
            .iter()
            .find_map(|e| match e {
                Evidence::Image { info, .. } => Some(info.ecosystem),
                Evidence::Build { step, .. } => step.ecosystem,
                Evidence::Package { .. } => None,
            })
            .or(found.ecosystem.as_ref().map(|d| d.ecosystem))
            .map(|e| e.size_hint())
            .unwrap_or("compilers and headers typically add 200-400 MB");
        let advice = if builds {
            "build in a first stage (`FROM ... AS build`) and copy only the output into a slim runtime stage with `COPY --from=build`"
        } else {
            "build in a first stage and copy the output into a runtime image, or start from a runtime image if the artifact is built elsewhere"
        };
        let message = format!(
            "single-stage build ships its toolchain: this image {}, so compilers, dev dependencies and sources end up in production ({size}); {advice}",
            join_and(&reasons)
        );
        let d = out.report(first.range(), message);
        for e in found.evidence.iter().skip(1).take(8) {
            d.related(e.range(), describe(e));
        }
        if let Some(fix) = crate::refactor::multi_stage::fix(cx) {
            d.fix(fix);
        }
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The FROM of the only stage (for callers that insert a stage above it).
pub fn from_instruction(cx: &Context<'_>) -> Option<usize> {
    let st = cx.df.stages.first()?;
    matches!(
        cx.df.instructions.get(st.from).map(|i| &i.body),
        Some(Body::From(_))
    )
    .then_some(st.from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::MemoryFiles;
    use crate::rules::practice::testing::{run, run_with};

    #[test]
    fn reports_single_stage_builds() {
        let node = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nCMD [\"npm\", \"start\"]\n";
        let d = run("DK100", node);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].range.of(node), "node:18");
        assert_eq!(d[0].related.len(), 1);
        let py = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc\nCMD [\"python\", \"app.py\"]\n";
        let d = run("DK100", py);
        assert_eq!(
            d.iter().map(|d| d.range.of(py)).collect::<Vec<_>>(),
            vec!["gcc"]
        );
    }

    #[test]
    fn leaves_other_images_alone() {
        let cases = [
            // Already multi-stage.
            "FROM golang:1.22 AS b\nRUN go build -o /a .\nFROM scratch\nCOPY --from=b /a /a\nENTRYPOINT [\"/a\"]\n",
            // A full node image that only runs.
            "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
            // A base image: no command of its own.
            "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.16.0\n",
            // A bare shell.
            "FROM debian:12\nRUN apt-get install -y build-essential\nCMD [\"bash\"]\n",
            // An image whose job is building.
            "FROM debian:12\nRUN apt-get install -y gcc make\nCMD [\"make\", \"all\"]\n",
            // Build dependencies removed in the same RUN (the official images' pattern).
            "FROM debian:12\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y gcc make; make; apt-mark showmanual | xargs apt-mark auto > /dev/null; apt-get purge -y --auto-remove\nCMD [\"app\"]\n",
            "FROM alpine:3.20\nRUN apk add --virtual .deps gcc && make && apk del .deps\nCMD [\"app\"]\n",
            // ONBUILD images are bases for others.
            "FROM golang:1.22\nONBUILD COPY . .\nONBUILD RUN go build\nCMD [\"app\"]\n",
        ];
        for src in cases {
            assert!(run("DK100", src).is_empty(), "{src}");
        }
        let dev = "FROM golang:1.22\nRUN go build -o /a .\nCMD [\"/a\"]\n";
        assert!(run_with(
            "DK100",
            dev,
            &MemoryFiles::default(),
            Some("Dockerfile.dev"),
            None
        )
        .is_empty());
        assert_eq!(run("DK100", dev).len(), 1);
    }

    #[test]
    fn exposes_refactoring_data() {
        let src = "FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT [\"/app\"]\n";
        let df = dockls_syntax::parse(src);
        let s = crate::settings::Settings::default();
        let cx = crate::context::Context::new(&df, &s, &crate::context::NoFiles, None);
        let found = analyze(&cx).expect("single stage");
        assert_eq!(
            found.ecosystem.map(|e| e.ecosystem),
            Some(super::super::ecosystem::Ecosystem::Go)
        );
        assert!(matches!(
            found.evidence.first(),
            Some(Evidence::Image { .. })
        ));
        assert!(found
            .evidence
            .iter()
            .any(|e| matches!(e, Evidence::Build { step, .. } if step.label == "go build")));
        assert_eq!(from_instruction(&cx), Some(0));
    }

    #[test]
    fn dev_names() {
        for n in [
            "Dockerfile.dev",
            "dev.Dockerfile",
            "Dockerfile-test",
            "Dockerfile.build",
            "ci.Dockerfile",
            "check.Dockerfile",
        ] {
            assert!(is_dev_dockerfile(Some(n)), "{n}");
        }
        for n in [
            "Dockerfile",
            "api.Dockerfile",
            "Dockerfile.prod",
            "Dockerfile.devices",
        ] {
            assert!(!is_dev_dockerfile(Some(n)), "{n}");
        }
    }

    #[test]
    fn toolchain_packages() {
        for p in [
            "gcc",
            "g++",
            "gcc-12",
            "build-essential",
            "libpq-dev",
            "openssl-devel",
            "make=4.3-4.1",
            "linux-headers",
        ] {
            assert!(is_toolchain_package(p), "{p}");
        }
        for p in ["curl", "udev", "gcc-doc", "libpq5", "ca-certificates"] {
            assert!(!is_toolchain_package(p), "{p}");
        }
    }
}
