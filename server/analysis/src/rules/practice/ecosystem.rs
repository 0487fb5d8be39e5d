//! Which language ecosystem a stage builds or runs (Node, Python, Go, Rust, Java, .NET,
//! Ruby, PHP), which tool manages its dependencies, where its dependency manifests are,
//! and which commands install dependencies or build the application.
//!
//! Rules use this to explain findings in the project's own terms ("copy `package.json`
//! and `package-lock.json` first"), and the multi-stage refactoring uses it to pick a
//! builder image, a runtime image and the artifacts to copy between them.

use dockls_syntax::image::ImageRef;
use dockls_syntax::shell::{ShellCommand, ShellWord};
use dockls_syntax::{Body, Keyword, TextRange};

use crate::commands::{argv, Argv};
use crate::context::Context;

use super::facts;

/// A language ecosystem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    Node,
    Python,
    Go,
    Rust,
    Java,
    Dotnet,
    Ruby,
    Php,
}

impl Ecosystem {
    pub fn name(self) -> &'static str {
        match self {
            Ecosystem::Node => "Node.js",
            Ecosystem::Python => "Python",
            Ecosystem::Go => "Go",
            Ecosystem::Rust => "Rust",
            Ecosystem::Java => "Java",
            Ecosystem::Dotnet => ".NET",
            Ecosystem::Ruby => "Ruby",
            Ecosystem::Php => "PHP",
        }
    }

    /// What a multi-stage build typically saves, in words (approximate sizes of the
    /// official images, uncompressed).
    pub fn size_hint(self) -> &'static str {
        match self {
            Ecosystem::Node => "a full `node` image is about 1 GB, while `node:<version>-slim` with only production dependencies and the built output is usually 150-250 MB",
            Ecosystem::Python => "compilers and headers add 200-400 MB; build wheels in a builder stage and install them into `python:<version>-slim` (about 130 MB)",
            Ecosystem::Go => "the Go SDK image is about 800 MB, while a static binary on `gcr.io/distroless/static` or `scratch` is usually 10-30 MB",
            Ecosystem::Rust => "the Rust image is over 1 GB, while the compiled binary on `debian:<release>-slim` or distroless is usually under 100 MB",
            Ecosystem::Java => "a JDK with Maven or Gradle is 500-800 MB, while a JRE image such as `eclipse-temurin:<version>-jre` is about 200-300 MB",
            Ecosystem::Dotnet => "the .NET SDK image is about 800 MB, while `mcr.microsoft.com/dotnet/aspnet` or `runtime` is about 200 MB (chiseled variants about 100 MB)",
            Ecosystem::Ruby => "compilers and headers for native gems add 200-400 MB; install gems in a builder stage and copy the bundle into `ruby:<version>-slim`",
            Ecosystem::Php => "compilers and headers for extensions add 200-400 MB; build extensions and `vendor/` in a builder stage",
        }
    }
}

/// A dependency or build tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tool {
    Npm,
    Yarn,
    Pnpm,
    Bun,
    Pip,
    Poetry,
    Pipenv,
    Uv,
    GoModules,
    Cargo,
    Maven,
    Gradle,
    Dotnet,
    Bundler,
    Composer,
}

impl Tool {
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Tool::Npm | Tool::Yarn | Tool::Pnpm | Tool::Bun => Ecosystem::Node,
            Tool::Pip | Tool::Poetry | Tool::Pipenv | Tool::Uv => Ecosystem::Python,
            Tool::GoModules => Ecosystem::Go,
            Tool::Cargo => Ecosystem::Rust,
            Tool::Maven | Tool::Gradle => Ecosystem::Java,
            Tool::Dotnet => Ecosystem::Dotnet,
            Tool::Bundler => Ecosystem::Ruby,
            Tool::Composer => Ecosystem::Php,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Tool::Npm => "npm",
            Tool::Yarn => "yarn",
            Tool::Pnpm => "pnpm",
            Tool::Bun => "bun",
            Tool::Pip => "pip",
            Tool::Poetry => "poetry",
            Tool::Pipenv => "pipenv",
            Tool::Uv => "uv",
            Tool::GoModules => "go",
            Tool::Cargo => "cargo",
            Tool::Maven => "maven",
            Tool::Gradle => "gradle",
            Tool::Dotnet => "dotnet",
            Tool::Bundler => "bundler",
            Tool::Composer => "composer",
        }
    }

    /// The files that describe the dependencies: copy these, install, then copy the
    /// sources. Globs are written as a COPY would take them.
    pub fn manifests(self) -> &'static [&'static str] {
        match self {
            Tool::Npm => &["package.json", "package-lock.json"],
            Tool::Yarn => &["package.json", "yarn.lock"],
            Tool::Pnpm => &["package.json", "pnpm-lock.yaml"],
            Tool::Bun => &["package.json", "bun.lockb"],
            Tool::Pip => &["requirements.txt"],
            Tool::Poetry => &["pyproject.toml", "poetry.lock"],
            Tool::Pipenv => &["Pipfile", "Pipfile.lock"],
            Tool::Uv => &["pyproject.toml", "uv.lock"],
            Tool::GoModules => &["go.mod", "go.sum"],
            Tool::Cargo => &["Cargo.toml", "Cargo.lock"],
            Tool::Maven => &["pom.xml"],
            Tool::Gradle => &["build.gradle", "settings.gradle", "gradle/"],
            Tool::Dotnet => &["*.csproj"],
            Tool::Bundler => &["Gemfile", "Gemfile.lock"],
            Tool::Composer => &["composer.json", "composer.lock"],
        }
    }
}

/// How a full toolchain image relates to building.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toolchain {
    /// The image is an SDK (compiler included) whatever the tag: `golang`, `rust`,
    /// `maven`, `gradle`, `mcr.microsoft.com/dotnet/sdk`.
    Sdk,
    /// A full image that carries build tools but is also a common runtime (`node`
    /// without `slim`/`alpine`): only a problem when the image also builds.
    FullWhenBuilding,
    /// A runtime-sized image.
    Runtime,
}

/// What a base image says about the ecosystem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    pub ecosystem: Ecosystem,
    pub tool: Option<Tool>,
    pub toolchain: Toolchain,
}

/// Classifies a base image by its repository name (official images and common
/// mirrors of them, such as `cimg/node` or `bitnami/python`).
pub fn from_image(img: &ImageRef) -> Option<ImageInfo> {
    let repo = img.repository.to_ascii_lowercase();
    let tag = img.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    let registry = img.registry.as_deref().unwrap_or("").to_ascii_lowercase();
    if registry == "mcr.microsoft.com" {
        if let Some(kind) = repo.strip_prefix("dotnet/") {
            let toolchain = if kind.starts_with("sdk") {
                Toolchain::Sdk
            } else {
                Toolchain::Runtime
            };
            return Some(ImageInfo {
                ecosystem: Ecosystem::Dotnet,
                tool: Some(Tool::Dotnet),
                toolchain,
            });
        }
        if repo.starts_with("devcontainers/") {
            return None;
        }
    }
    let short = img.short_name().to_ascii_lowercase();
    let slim = tag.contains("slim") || tag.contains("alpine");
    let info = |ecosystem, tool, toolchain| {
        Some(ImageInfo {
            ecosystem,
            tool,
            toolchain,
        })
    };
    match short.as_str() {
        "node" => info(
            Ecosystem::Node,
            None,
            if slim {
                Toolchain::Runtime
            } else {
                Toolchain::FullWhenBuilding
            },
        ),
        "bun" => info(Ecosystem::Node, Some(Tool::Bun), Toolchain::Runtime),
        "python" | "pypy" => info(Ecosystem::Python, None, Toolchain::Runtime),
        "golang" | "go" => info(Ecosystem::Go, Some(Tool::GoModules), Toolchain::Sdk),
        "rust" => info(Ecosystem::Rust, Some(Tool::Cargo), Toolchain::Sdk),
        "maven" => info(Ecosystem::Java, Some(Tool::Maven), Toolchain::Sdk),
        "gradle" => info(Ecosystem::Java, Some(Tool::Gradle), Toolchain::Sdk),
        "openjdk"
        | "eclipse-temurin"
        | "amazoncorretto"
        | "ibm-semeru-runtimes"
        | "sapmachine"
        | "ibmjava"
        | "jdk"
        | "jre" => info(Ecosystem::Java, None, Toolchain::Runtime),
        "ruby" => info(Ecosystem::Ruby, Some(Tool::Bundler), Toolchain::Runtime),
        "php" => info(Ecosystem::Php, None, Toolchain::Runtime),
        "composer" => info(Ecosystem::Php, Some(Tool::Composer), Toolchain::Runtime),
        "dotnet" if repo.contains("sdk") => {
            info(Ecosystem::Dotnet, Some(Tool::Dotnet), Toolchain::Sdk)
        }
        _ => None,
    }
}

/// The tool a command runs (through `sudo`, `env`, `corepack`, `python -m`).
pub fn tool_of<'a>(cmd: &'a ShellCommand) -> Option<(Tool, Argv<'a>)> {
    let mut a = argv(cmd)?;
    if a.name == "corepack" {
        let (first, rest) = a.args.split_first()?;
        a.program = first;
        a.name = basename(&first.value).to_string();
        a.args = rest;
    }
    let name = a.name.as_str();
    let tool = match name {
        "npm" => Tool::Npm,
        "yarn" | "yarnpkg" => Tool::Yarn,
        "pnpm" => Tool::Pnpm,
        "bun" => Tool::Bun,
        "poetry" => Tool::Poetry,
        "pipenv" => Tool::Pipenv,
        "uv" => Tool::Uv,
        "go" => Tool::GoModules,
        "cargo" => Tool::Cargo,
        "mvn" | "mvnw" | "mvnw.cmd" => Tool::Maven,
        "gradle" | "gradlew" | "gradlew.bat" => Tool::Gradle,
        "dotnet" => Tool::Dotnet,
        "bundle" | "bundler" => Tool::Bundler,
        "composer" | "composer.phar" => Tool::Composer,
        n if n == "pip" || n.starts_with("pip3") || n.starts_with("pip2") => Tool::Pip,
        n if n.starts_with("python") => {
            let first = a.args.first().map(|w| w.value.as_str());
            let module = a.args.get(1).map(|w| w.value.as_str());
            match (first, module) {
                (Some("-m"), Some("pip" | "pip3")) => {
                    a.args = a.args.get(2..).unwrap_or(&[]);
                    Tool::Pip
                }
                (Some("-m"), Some("poetry")) => {
                    a.args = a.args.get(2..).unwrap_or(&[]);
                    Tool::Poetry
                }
                _ => return None,
            }
        }
        n if n.starts_with("php") => {
            let first = a.args.first()?;
            if basename(&first.value) == "composer.phar" || basename(&first.value) == "composer" {
                a.args = a.args.get(1..).unwrap_or(&[]);
                Tool::Composer
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some((tool, a))
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Options of the Node tools that take the next word as their value.
const NODE_VALUE_OPTIONS: &[&str] = &[
    "--omit",
    "--include",
    "--only",
    "--loglevel",
    "--registry",
    "--prefix",
    "--cache",
    "--cache-folder",
    "-C",
    "--cwd",
    "--dir",
    "--filter",
    "-F",
    "--workspace",
    "-w",
    "--network-timeout",
    "--modules-folder",
    "--mutex",
    "--userconfig",
];

/// Words of an argv that are neither options nor option values, in order.
pub fn positional<'a>(args: &'a [ShellWord], value_options: &[&str]) -> Vec<&'a ShellWord> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in args {
        if skip {
            skip = false;
            continue;
        }
        let v = w.value.as_str();
        if v.starts_with('-') && v.len() > 1 {
            skip = value_options.contains(&v);
            continue;
        }
        out.push(w);
    }
    out
}

/// Whether an option is among the words (`--name`, `--name=value`).
pub fn has_flag(args: &[ShellWord], names: &[&str]) -> bool {
    flag_value(args, names).is_some()
}

/// The value of an option (`--name value`, `--name=value`; empty for a bare flag).
pub fn flag_value<'a>(args: &'a [ShellWord], names: &[&str]) -> Option<&'a str> {
    for (i, w) in args.iter().enumerate() {
        for n in names {
            if w.value == *n {
                let next = args.get(i + 1).map(|x| x.value.as_str());
                return Some(next.filter(|x| !x.starts_with('-')).unwrap_or(""));
            }
            if let Some(v) = w.value.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
                return Some(v);
            }
        }
    }
    None
}

fn span(a: &Argv<'_>, last: Option<&ShellWord>) -> TextRange {
    match last {
        Some(w) => a.program.range.cover(w.range),
        None => a.program.range,
    }
}

/// A command that installs a project's dependencies from its manifests.
#[derive(Clone, Debug)]
pub struct DepInstall<'a> {
    pub tool: Tool,
    pub argv: Argv<'a>,
    /// From the program to its subcommand (`npm ci`, `pip install`).
    pub range: TextRange,
    /// Requirement files named on the command (`pip install -r FILE`).
    pub files: Vec<String>,
}

impl DepInstall<'_> {
    /// How the command reads, without quotes (`npm ci`, `dotnet publish`).
    pub fn label(&self) -> String {
        std::iter::once(self.argv.program)
            .chain(self.argv.args.iter())
            .filter(|w| w.range.end <= self.range.end && w.range.start >= self.range.start)
            .map(|w| w.value.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The manifests to copy before this install.
    pub fn manifests(&self) -> Vec<String> {
        if self.files.is_empty() {
            self.tool
                .manifests()
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            self.files.clone()
        }
    }
}

/// Reads a command as a dependency install from manifests (`npm ci`, `yarn install`,
/// `pip install -r requirements.txt`, `poetry install`, `bundle install`,
/// `go mod download`, `cargo fetch|build`, `composer install`, `mvn dependency:*|package`,
/// Gradle dependency and build tasks, `dotnet restore|publish|build`). Installing named
/// packages (`npm install express`, `pip install flask`) is not one.
pub fn dependency_install(cmd: &ShellCommand) -> Option<DepInstall<'_>> {
    let (tool, a) = tool_of(cmd)?;
    let args = a.args;
    let mut files = Vec::new();
    let last: Option<&ShellWord> = match tool {
        Tool::Npm | Tool::Pnpm | Tool::Bun => {
            let pos = positional(args, NODE_VALUE_OPTIONS);
            let sub = pos.first()?;
            let ok = match tool {
                Tool::Npm => matches!(sub.value.as_str(), "ci" | "install" | "i" | "isntall"),
                Tool::Pnpm => matches!(sub.value.as_str(), "install" | "i" | "fetch"),
                _ => sub.value == "install" || sub.value == "i",
            };
            if !ok || pos.len() > 1 || has_flag(args, &["-g", "--global"]) {
                return None;
            }
            Some(sub)
        }
        Tool::Yarn => {
            let pos = positional(args, NODE_VALUE_OPTIONS);
            let informational = has_flag(args, &["--version", "-v", "--help", "-h"]);
            match pos.first() {
                None if !informational => None,
                Some(sub) if sub.value == "install" && pos.len() == 1 => Some(*sub),
                _ => return None,
            }
        }
        Tool::Pip => {
            let sub = positional(args, &[]).into_iter().next()?;
            if sub.value != "install" {
                return None;
            }
            let mut i = 0;
            while let Some(w) = args.get(i) {
                let v = w.value.as_str();
                if v == "-r" || v == "--requirement" {
                    if let Some(f) = args.get(i + 1) {
                        files.push(f.value.clone());
                    }
                    i += 1;
                } else if let Some(f) = v
                    .strip_prefix("--requirement=")
                    .or_else(|| v.strip_prefix("-r").filter(|r| !r.is_empty()))
                {
                    files.push(f.trim_start_matches('=').to_string());
                }
                i += 1;
            }
            if files.is_empty() {
                return None;
            }
            Some(sub)
        }
        Tool::Uv => {
            let pos = positional(args, &["--python", "-p", "--project", "--directory"]);
            let sub = pos.first()?;
            match sub.value.as_str() {
                "sync" => Some(*sub),
                "pip"
                    if pos
                        .get(1)
                        .is_some_and(|w| w.value == "install" || w.value == "sync") =>
                {
                    let mut i = 0;
                    while let Some(w) = args.get(i) {
                        if w.value == "-r" || w.value == "--requirement" {
                            if let Some(f) = args.get(i + 1) {
                                files.push(f.value.clone());
                            }
                        }
                        i += 1;
                    }
                    if pos.get(1).is_some_and(|w| w.value == "sync") {
                        files.extend(pos.get(2).map(|w| w.value.clone()));
                    }
                    if files.is_empty() {
                        return None;
                    }
                    pos.get(1).copied()
                }
                _ => return None,
            }
        }
        Tool::Poetry => {
            let sub = positional(args, &[]).into_iter().next()?;
            Some((sub.value == "install").then_some(sub)?)
        }
        Tool::Pipenv => {
            let pos = positional(args, &[]);
            let sub = pos.first()?;
            Some(
                (matches!(sub.value.as_str(), "install" | "sync") && pos.len() == 1)
                    .then_some(*sub)?,
            )
        }
        Tool::Bundler => {
            let pos = positional(args, &["--gemfile", "--path", "--jobs", "-j", "--retry"]);
            match pos.first() {
                None => None,
                Some(sub) if sub.value == "install" => Some(*sub),
                _ => return None,
            }
        }
        Tool::GoModules => {
            let pos = positional(args, &[]);
            let (m, d) = (pos.first()?, pos.get(1)?);
            Some((m.value == "mod" && d.value == "download").then_some(*d)?)
        }
        Tool::Cargo => {
            let sub = positional(args, &[]).into_iter().next()?;
            Some(matches!(sub.value.as_str(), "fetch" | "build").then_some(sub)?)
        }
        Tool::Composer => {
            let sub = positional(args, &["--working-dir", "-d"])
                .into_iter()
                .next()?;
            Some((sub.value == "install").then_some(sub)?)
        }
        Tool::Maven => {
            let pos = positional(
                args,
                &["-f", "--file", "-s", "--settings", "-P", "-pl", "-T"],
            );
            let goal = pos.iter().find(|w| {
                let v = w.value.as_str();
                v.starts_with("dependency:")
                    || matches!(v, "package" | "install" | "verify" | "compile")
            })?;
            Some(*goal)
        }
        Tool::Gradle => {
            let pos = positional(args, &["-p", "--project-dir", "-b", "--build-file"]);
            let task = pos.iter().find(|w| {
                let t = w.value.rsplit(':').next().unwrap_or(&w.value);
                matches!(
                    t,
                    "dependencies"
                        | "resolveDependencies"
                        | "downloadDependencies"
                        | "build"
                        | "assemble"
                        | "bootJar"
                        | "shadowJar"
                        | "installDist"
                        | "jar"
                )
            })?;
            Some(*task)
        }
        Tool::Dotnet => {
            let sub = positional(
                args,
                &["-c", "--configuration", "-o", "--output", "-r", "--runtime"],
            )
            .into_iter()
            .next()?;
            match sub.value.as_str() {
                "restore" => Some(sub),
                "publish" | "build" if !has_flag(args, &["--no-restore"]) => Some(sub),
                _ => return None,
            }
        }
    };
    let range = span(&a, last);
    Some(DepInstall {
        tool,
        argv: a,
        range,
        files,
    })
}

/// A command that compiles or bundles the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildStep {
    pub ecosystem: Option<Ecosystem>,
    /// How it reads (`npm run build`, `go build`, `make`).
    pub label: String,
    /// From the program to the word that makes it a build.
    pub range: TextRange,
}

const NODE_BUILD_BINS: &[(&str, &str)] = &[
    ("tsc", ""),
    ("ng", "build"),
    ("next", "build"),
    ("vite", "build"),
    ("nest", "build"),
    ("nuxt", "build"),
    ("webpack", ""),
    ("tsup", ""),
    ("rollup", ""),
    ("parcel", "build"),
    ("esbuild", ""),
    ("gatsby", "build"),
    ("react-scripts", "build"),
];

fn is_build_script(name: &str) -> bool {
    name.starts_with("build") || matches!(name, "compile" | "dist" | "bundle")
}

/// Reads a command as a build step.
pub fn build_step(cmd: &ShellCommand) -> Option<BuildStep> {
    let a = argv(cmd)?;
    let name = a.name.as_str();
    let label = |last: &ShellWord, eco: Option<Ecosystem>| {
        let text: Vec<&str> = std::iter::once(a.name.as_str())
            .chain(
                a.args
                    .iter()
                    .filter(|w| w.range.end <= last.range.end && !w.value.starts_with('-'))
                    .map(|w| w.value.as_str()),
            )
            .collect();
        Some(BuildStep {
            ecosystem: eco,
            label: text.join(" "),
            range: a.program.range.cover(last.range),
        })
    };
    let bare = |eco: Option<Ecosystem>| {
        Some(BuildStep {
            ecosystem: eco,
            label: a.name.clone(),
            range: a.program.range,
        })
    };
    let pos = positional(a.args, NODE_VALUE_OPTIONS);
    let first = pos.first().map(|w| w.value.as_str());
    // `npx tsc`, `npx next build`, `tsc -p .`, ...
    let node_bin = |bin: &str, sub: Option<&str>| {
        NODE_BUILD_BINS
            .iter()
            .any(|(b, s)| *b == bin && (s.is_empty() || sub == Some(*s)))
    };
    if name == "npx"
        || (name == "pnpm" && first == Some("exec"))
        || (name == "yarn" && first == Some("exec"))
    {
        let rest: Vec<&ShellWord> = if name == "npx" {
            pos.clone()
        } else {
            pos.iter().skip(1).copied().collect()
        };
        let bin = rest.first()?;
        let sub = rest.get(1).map(|w| w.value.as_str());
        if node_bin(&bin.value, sub) {
            let last = if NODE_BUILD_BINS
                .iter()
                .any(|(b, s)| *b == bin.value && !s.is_empty())
            {
                rest.get(1).copied().unwrap_or(*bin)
            } else {
                *bin
            };
            return label(last, Some(Ecosystem::Node));
        }
        return None;
    }
    if node_bin(name, first) {
        return match pos.first() {
            Some(w)
                if NODE_BUILD_BINS
                    .iter()
                    .any(|(b, s)| *b == name && !s.is_empty()) =>
            {
                label(w, Some(Ecosystem::Node))
            }
            _ => bare(Some(Ecosystem::Node)),
        };
    }
    match name {
        "npm" | "pnpm" | "yarn" | "bun" => {
            let sub = pos.first()?;
            let script = if matches!(sub.value.as_str(), "run" | "run-script") {
                pos.get(1)?
            } else if name != "npm" && is_build_script(&sub.value) {
                // `yarn build`, `pnpm build`, `bun build`.
                sub
            } else {
                return None;
            };
            is_build_script(&script.value)
                .then(|| label(script, Some(Ecosystem::Node)))
                .flatten()
        }
        "go" => {
            let sub = pos.first()?;
            match sub.value.as_str() {
                "build" => label(sub, Some(Ecosystem::Go)),
                "install" if pos.iter().skip(1).all(|w| !w.value.contains('@')) => {
                    label(sub, Some(Ecosystem::Go))
                }
                _ => None,
            }
        }
        "cargo" => {
            let sub = pos.first()?;
            match sub.value.as_str() {
                "build" | "b" => label(sub, Some(Ecosystem::Rust)),
                "install" if has_flag(a.args, &["--path"]) => label(sub, Some(Ecosystem::Rust)),
                _ => None,
            }
        }
        "mvn" | "mvnw" => {
            let goal = pos.iter().find(|w| {
                matches!(
                    w.value.as_str(),
                    "package" | "install" | "verify" | "compile"
                )
            })?;
            label(goal, Some(Ecosystem::Java))
        }
        "gradle" | "gradlew" => {
            let task = pos.iter().find(|w| {
                let t = w.value.rsplit(':').next().unwrap_or(&w.value);
                matches!(
                    t,
                    "build"
                        | "assemble"
                        | "bootJar"
                        | "bootWar"
                        | "shadowJar"
                        | "installDist"
                        | "jar"
                        | "war"
                        | "distTar"
                        | "distZip"
                        | "buildFatJar"
                )
            })?;
            label(task, Some(Ecosystem::Java))
        }
        "dotnet" => {
            let sub = pos.first()?;
            matches!(sub.value.as_str(), "publish" | "build")
                .then(|| label(sub, Some(Ecosystem::Dotnet)))
                .flatten()
        }
        "make" | "gmake" | "cmake" | "ninja" | "gcc" | "g++" | "cc" | "c++" | "clang"
        | "clang++" | "rpmbuild" | "dpkg-buildpackage" | "debuild" => bare(None),
        "meson" if matches!(first, Some("compile" | "setup")) => bare(None),
        "javac" => bare(Some(Ecosystem::Java)),
        "rails" | "rake" | "bundle" => {
            let task = pos.iter().find(|w| w.value == "assets:precompile")?;
            label(task, Some(Ecosystem::Ruby))
        }
        "rustc" => bare(Some(Ecosystem::Rust)),
        n if n == "pip" || n.starts_with("pip3") => {
            let sub = pos.first()?;
            (sub.value == "wheel")
                .then(|| label(sub, Some(Ecosystem::Python)))
                .flatten()
        }
        n if n.starts_with("python") => {
            let v: Vec<&str> = a.args.iter().map(|w| w.value.as_str()).collect();
            match v.as_slice() {
                ["-m", "pip", "wheel", ..] | ["-m", "build", ..] => {
                    let last = a.args.get(2).or(a.args.get(1))?;
                    label(last, Some(Ecosystem::Python))
                }
                ["setup.py", cmd, ..] if matches!(*cmd, "build" | "bdist_wheel" | "build_ext") => {
                    label(a.args.get(1)?, Some(Ecosystem::Python))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Where an ecosystem signal comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A command in RUN runs the ecosystem's tool.
    Command,
    /// A COPY/ADD copies one of its manifests.
    Manifest,
    /// CMD or ENTRYPOINT starts its runtime (`node`, `python`, `java`, `dotnet`).
    Start,
    /// The base image.
    BaseImage,
}

/// One piece of evidence for an ecosystem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signal {
    pub ecosystem: Ecosystem,
    pub tool: Option<Tool>,
    pub source: Source,
    pub range: TextRange,
    /// Instruction index.
    pub instruction: usize,
}

/// The ecosystem a manifest file name belongs to (`package.json`, `go.mod`, ...).
pub fn from_path(path: &str) -> Option<(Ecosystem, Option<Tool>)> {
    let name = path.trim_end_matches('/');
    let name = name.rsplit('/').next().unwrap_or(name);
    Some(match name {
        "package.json" | "package*.json" | "package-lock.json" | "npm-shrinkwrap.json" => {
            (Ecosystem::Node, Some(Tool::Npm))
        }
        "yarn.lock" | ".yarnrc.yml" => (Ecosystem::Node, Some(Tool::Yarn)),
        "pnpm-lock.yaml" | "pnpm-workspace.yaml" => (Ecosystem::Node, Some(Tool::Pnpm)),
        "bun.lockb" | "bun.lock" => (Ecosystem::Node, Some(Tool::Bun)),
        "poetry.lock" => (Ecosystem::Python, Some(Tool::Poetry)),
        "uv.lock" => (Ecosystem::Python, Some(Tool::Uv)),
        "pyproject.toml" | "setup.py" | "setup.cfg" => (Ecosystem::Python, None),
        "Pipfile" | "Pipfile.lock" => (Ecosystem::Python, Some(Tool::Pipenv)),
        "go.mod" | "go.sum" => (Ecosystem::Go, Some(Tool::GoModules)),
        "Cargo.toml" | "Cargo.lock" => (Ecosystem::Rust, Some(Tool::Cargo)),
        "pom.xml" => (Ecosystem::Java, Some(Tool::Maven)),
        "build.gradle"
        | "build.gradle.kts"
        | "settings.gradle"
        | "settings.gradle.kts"
        | "gradlew" => (Ecosystem::Java, Some(Tool::Gradle)),
        "Gemfile" | "Gemfile.lock" => (Ecosystem::Ruby, Some(Tool::Bundler)),
        "composer.json" | "composer.lock" => (Ecosystem::Php, Some(Tool::Composer)),
        n if n.ends_with(".csproj") || n.ends_with(".fsproj") || n.ends_with(".sln") => {
            (Ecosystem::Dotnet, Some(Tool::Dotnet))
        }
        n if n.starts_with("requirements") && n.ends_with(".txt") => {
            (Ecosystem::Python, Some(Tool::Pip))
        }
        _ => return None,
    })
}

/// The ecosystem a runtime command belongs to (`node server.js`, `java -jar app.jar`).
fn from_runtime(program: &str) -> Option<Ecosystem> {
    let p = basename(program);
    Some(match p {
        "node" | "nodejs" | "npm" | "yarn" | "pnpm" | "bun" | "pm2" | "pm2-runtime" => {
            Ecosystem::Node
        }
        "java" => Ecosystem::Java,
        "dotnet" => Ecosystem::Dotnet,
        "ruby" | "rails" | "bundle" | "puma" | "unicorn" => Ecosystem::Ruby,
        "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "uwsgi" | "flask" => Ecosystem::Python,
        p if p.starts_with("python") => Ecosystem::Python,
        p if p.starts_with("php") => Ecosystem::Php,
        _ => return None,
    })
}

/// Every ecosystem signal of a stage and its lineage, in file order.
pub fn signals(cx: &Context<'_>, stage: usize) -> Vec<Signal> {
    let df = cx.df;
    let mut out = Vec::new();
    let root = df.lineage(stage).last().copied().unwrap_or(stage);
    if let (Some(img), Some(st)) = (cx.semantic().root_image(df, stage), df.stages.get(root)) {
        if let Some(info) = from_image(img) {
            out.push(Signal {
                ecosystem: info.ecosystem,
                tool: info.tool,
                source: Source::BaseImage,
                range: facts::from_range(df, st),
                instruction: st.from,
            });
        }
    }
    for i in facts::lineage_instructions(df, stage) {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        match (&ins.body, ins.keyword) {
            (Body::Copy(c) | Body::Add(c), _) if ins.flag("from").is_none() => {
                for s in &c.sources {
                    if let Some((eco, tool)) = from_path(&s.value) {
                        out.push(Signal {
                            ecosystem: eco,
                            tool,
                            source: Source::Manifest,
                            range: s.range,
                            instruction: i,
                        });
                    }
                }
            }
            (_, Some(Keyword::Run)) => {
                for c in facts::commands_of(ins) {
                    if let Some((tool, a)) = tool_of(&c) {
                        out.push(Signal {
                            ecosystem: tool.ecosystem(),
                            tool: Some(tool),
                            source: Source::Command,
                            range: a.program.range,
                            instruction: i,
                        });
                    } else if let Some(step) = build_step(&c) {
                        if let Some(eco) = step.ecosystem {
                            out.push(Signal {
                                ecosystem: eco,
                                tool: None,
                                source: Source::Command,
                                range: step.range,
                                instruction: i,
                            });
                        }
                    }
                }
            }
            (_, Some(Keyword::Cmd | Keyword::Entrypoint)) => {
                for c in facts::commands_of(ins) {
                    let Some(a) = argv(&c) else { continue };
                    if let Some(eco) = from_runtime(&a.name) {
                        out.push(Signal {
                            ecosystem: eco,
                            tool: None,
                            source: Source::Start,
                            range: a.program.range,
                            instruction: i,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The ecosystem a stage is about, with the dependency tool when one shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub ecosystem: Ecosystem,
    pub tool: Option<Tool>,
    /// The strongest signal (a command beats a manifest, which beats the start command,
    /// which beats the base image).
    pub evidence: Signal,
}

/// The main ecosystem of a stage: the one with the strongest signal; its tool is the
/// first one seen for that ecosystem.
pub fn detect(cx: &Context<'_>, stage: usize) -> Option<Detected> {
    let sigs = signals(cx, stage);
    let best = sigs.iter().min_by_key(|s| (s.source, s.instruction))?;
    let tool = sigs
        .iter()
        .filter(|s| s.ecosystem == best.ecosystem && s.tool.is_some())
        .min_by_key(|s| (s.source, s.instruction))
        .and_then(|s| s.tool);
    Some(Detected {
        ecosystem: best.ecosystem,
        tool,
        evidence: best.clone(),
    })
}

/// Whether any stage of the file is about `eco`.
pub fn file_uses(cx: &Context<'_>, eco: Ecosystem) -> bool {
    (0..cx.df.stages.len()).any(|s| signals(cx, s).iter().any(|x| x.ecosystem == eco))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    fn first_cmd(src: &str) -> ShellCommand {
        let df = dockls_syntax::parse(src);
        df.instructions
            .iter()
            .find(|i| i.is(Keyword::Run))
            .and_then(|i| {
                facts::commands_of(i)
                    .first()
                    .map(|c| c.clone().into_owned())
            })
            .unwrap_or_else(|| panic!("no command in {src}"))
    }

    #[test]
    fn reads_dependency_installs() {
        let yes = [
            ("RUN npm ci", Tool::Npm, "npm ci"),
            ("RUN npm install --omit dev", Tool::Npm, "npm install"),
            (
                "RUN yarn install --frozen-lockfile",
                Tool::Yarn,
                "yarn install",
            ),
            ("RUN yarn", Tool::Yarn, "yarn"),
            ("RUN corepack pnpm install", Tool::Pnpm, "pnpm install"),
            (
                "RUN pip install --no-cache-dir -r requirements.txt",
                Tool::Pip,
                "pip install",
            ),
            (
                "RUN python3 -m pip install -r req/base.txt",
                Tool::Pip,
                "python3 -m pip install",
            ),
            (
                "RUN poetry install --no-root",
                Tool::Poetry,
                "poetry install",
            ),
            ("RUN bundle install", Tool::Bundler, "bundle install"),
            ("RUN go mod download", Tool::GoModules, "go mod download"),
            ("RUN cargo build --release", Tool::Cargo, "cargo build"),
            (
                "RUN mvn -B package -DskipTests",
                Tool::Maven,
                "mvn -B package",
            ),
            ("RUN ./gradlew build", Tool::Gradle, "./gradlew build"),
            ("RUN dotnet restore", Tool::Dotnet, "dotnet restore"),
            (
                "RUN composer install --no-dev",
                Tool::Composer,
                "composer install",
            ),
        ];
        for (run, tool, text) in yes {
            let src = format!("FROM x\n{run}\n");
            let c = first_cmd(&src);
            let d = dependency_install(&c).unwrap_or_else(|| panic!("{run}"));
            assert_eq!(d.tool, tool, "{run}");
            assert_eq!(d.range.of(&src), text, "{run}");
        }
        let no = [
            "RUN npm install -g pm2",
            "RUN npm install express",
            "RUN yarn add left-pad",
            "RUN pip install flask",
            "RUN pip install .",
            "RUN go build ./...",
            "RUN dotnet publish --no-restore",
        ];
        for run in no {
            let c = first_cmd(&format!("FROM x\n{run}\n"));
            assert!(dependency_install(&c).is_none(), "{run}");
        }
        let c = first_cmd("FROM x\nRUN pip install -r a.txt --requirement=b.txt\n");
        assert_eq!(
            dependency_install(&c).map(|d| d.files),
            Some(vec!["a.txt".to_string(), "b.txt".to_string()])
        );
    }

    #[test]
    fn reads_build_steps() {
        let yes = [
            ("RUN npm run build", "npm run build"),
            ("RUN yarn build:prod", "yarn build:prod"),
            ("RUN npx tsc -p .", "npx tsc"),
            ("RUN npx next build", "npx next build"),
            ("RUN go build -o /app .", "go build"),
            ("RUN CGO_ENABLED=0 go build ./cmd/x", "go build"),
            ("RUN cargo build --release", "cargo build"),
            ("RUN mvn -B -DskipTests package", "mvn package"),
            ("RUN gradle :app:bootJar", "gradle :app:bootJar"),
            ("RUN dotnet publish -c Release -o out", "dotnet publish"),
            ("RUN pip wheel -w /wheels -r requirements.txt", "pip wheel"),
            ("RUN make -j4", "make"),
        ];
        for (run, label) in yes {
            let c = first_cmd(&format!("FROM x\n{run}\n"));
            let b = build_step(&c).unwrap_or_else(|| panic!("{run}"));
            assert_eq!(b.label, label, "{run}");
        }
        for run in [
            "RUN npm run test",
            "RUN npm start",
            "RUN go install golang.org/x/tools/gopls@latest",
            "RUN go mod download",
        ] {
            let c = first_cmd(&format!("FROM x\n{run}\n"));
            assert!(build_step(&c).is_none(), "{run}");
        }
    }

    #[test]
    fn classifies_images() {
        let p = |s: &str| ImageRef::parse(s, TextRange::new(0, s.len()));
        assert_eq!(
            from_image(&p("golang:1.22-alpine")).map(|i| i.toolchain),
            Some(Toolchain::Sdk)
        );
        assert_eq!(
            from_image(&p("node:20")).map(|i| i.toolchain),
            Some(Toolchain::FullWhenBuilding)
        );
        assert_eq!(
            from_image(&p("node:20-slim")).map(|i| i.toolchain),
            Some(Toolchain::Runtime)
        );
        assert_eq!(
            from_image(&p("mcr.microsoft.com/dotnet/sdk:8.0")).map(|i| (i.ecosystem, i.toolchain)),
            Some((Ecosystem::Dotnet, Toolchain::Sdk))
        );
        assert_eq!(
            from_image(&p("mcr.microsoft.com/dotnet/aspnet:8.0")).map(|i| i.toolchain),
            Some(Toolchain::Runtime)
        );
        assert!(from_image(&p("alpine:3.20")).is_none());
    }

    #[test]
    fn detects_the_main_ecosystem() {
        let src = "FROM ubuntu:24.04\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, &NoFiles, None);
        let d = detect(&cx, 0).map(|d| (d.ecosystem, d.tool));
        assert_eq!(d, Some((Ecosystem::Python, Some(Tool::Pip))));
        let src = "FROM node:20\nCMD [\"node\", \"x.js\"]\n";
        let df = dockls_syntax::parse(src);
        let cx = Context::new(&df, &s, &NoFiles, None);
        assert_eq!(detect(&cx, 0).map(|d| d.ecosystem), Some(Ecosystem::Node));
    }
}
