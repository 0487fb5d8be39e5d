//! Convert a single-stage Dockerfile into a builder stage and a runtime stage.
//!
//! First the dependency installs are reordered for layer caching (see `reorder`). Then
//! every instruction of the stage is placed:
//! - the builder keeps everything that builds: dependency installs, sources, build
//!   steps, toolchain packages, WORKDIR, SHELL and the stage's ARGs and ENVs;
//! - the runtime stage gets what the image does when it runs, in the original order:
//!   ENV set after the build, USER, EXPOSE, VOLUME, LABEL, STOPSIGNAL, HEALTHCHECK,
//!   ENTRYPOINT and CMD; system packages the application needs (a RUN that installs
//!   only those moves, toolchain packages stay behind, `-dev` packages become their
//!   runtime library); users created for it; files copied into system paths;
//! - ENV set before a build step is kept in the builder and repeated in the runtime
//!   stage, unless it only configures a build tool (`CGO_ENABLED`, `PIP_*`, `npm_config_*`,
//!   ...); a stage ARG is repeated where the runtime stage uses it, global ARGs stay
//!   global;
//! - anything that cannot be classified (a RUN that changes files outside the
//!   application directory, an unknown instruction) stays in the builder with a comment
//!   saying so.
//!
//! The ecosystem decides the runtime image and what is copied from the builder (see the
//! submodules). Comments move with their instructions, heredocs, `--mount` flags and
//! `--platform` are kept as written, and anything the conversion could not decide is
//! written as a `# Review:` comment. The result is checked to parse without new errors.

mod dotnet;
mod generic;
mod go;
mod java;
mod node;
pub mod packages;
mod python;
mod ruby;
mod rust;

use std::borrow::Cow;

use dockls_syntax::image::ImageRef;
use dockls_syntax::shell::ShellCommand;
use dockls_syntax::{Base, Body, Dockerfile, Instruction, Keyword, TextRange};

use crate::commands::Manager;
use crate::context::Context;
use crate::diagnostic::{apply_edits, Edit, Fix};
use crate::rules::practice::ecosystem::{self, Ecosystem};
use crate::rules::practice::facts;
use crate::rules::practice::single_stage_build::{self, is_application};

use super::images::{self, Family};
use super::paths;
use super::reorder;
use super::text::{self, Style};

use packages::{builds_only, is_repo_setup, package_run, runtime_library};

/// The title of the fix and of the refactoring.
pub const TITLE: &str = "Convert to a multi-stage build";

/// Something the runtime stage copies from the builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Absolute path (globs allowed) in the builder.
    pub from: String,
    /// Absolute path in the runtime stage.
    pub to: String,
}

impl Artifact {
    pub fn same(path: impl Into<String>) -> Self {
        let p = path.into();
        Artifact {
            from: p.clone(),
            to: p,
        }
    }
}

/// What an ecosystem decides.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub runtime_image: String,
    pub family: Option<Family>,
    /// The image to use instead when the runtime stage needs a shell (it runs a RUN or a
    /// shell-form command), with its family.
    pub with_shell: Option<(String, Family)>,
    /// Edits of builder instructions (original text coordinates).
    pub edits: Vec<Edit>,
    /// Lines inserted in the builder before an instruction.
    pub insert_before: Vec<(usize, String)>,
    /// Commands the builder runs at its end (merged into its last RUN when that is a
    /// plain shell-form RUN, else a RUN of their own under the comment).
    pub append: Vec<Append>,
    /// ENV lines of the runtime stage (before the copies).
    pub env: Vec<String>,
    pub artifacts: Vec<Artifact>,
    /// Start instructions rewritten because they ran the toolchain (`cargo run`).
    pub start: Vec<(usize, String)>,
    pub workdir: Option<String>,
    /// Runtime packages the ecosystem needs (`ca-certificates` for Rust on Debian).
    pub packages: Vec<String>,
    /// Review comments above the copies.
    pub notes: Vec<String>,
    /// The runtime image is a variant of the builder's (same distribution, same
    /// interpreter), so PATH and interpreter settings carry over.
    pub same_family: bool,
    /// No ecosystem plan applied: the runtime stage is the builder's image.
    pub generic: bool,
}

/// A command added at the end of the builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Append {
    /// Why, as a comment above it when it gets its own RUN.
    pub comment: &'static str,
    pub command: String,
}

/// Everything the planners need about the stage.
pub struct Stage<'a> {
    pub cx: &'a Context<'a>,
    pub df: &'a Dockerfile,
    pub index: usize,
    pub style: Style,
    /// The builder image, with global ARG defaults substituted.
    pub image: &'a ImageRef,
    /// The image word as written in FROM.
    pub image_word: String,
    pub family: Family,
    /// The working directory at the end of the stage.
    pub workdir: String,
    /// Where the application lives: the final WORKDIR, else where `COPY .` puts it.
    pub app_dir: String,
    pub builder: String,
    pub ecosystem: Option<Ecosystem>,
    /// The commands of the stage's RUNs, computed once.
    commands: std::sync::OnceLock<Vec<RunCommand<'a>>>,
}

/// A command of a RUN, with the directory it runs in.
pub struct RunCommand<'a> {
    pub index: usize,
    pub ins: &'a Instruction,
    pub cmd: Cow<'a, ShellCommand>,
    pub cwd: Option<String>,
}

impl<'a> Stage<'a> {
    pub fn text(&self) -> &'a str {
        &self.df.text
    }

    pub fn instructions(&self) -> std::ops::Range<usize> {
        self.df
            .stages
            .get(self.index)
            .map_or(0..0, |s| s.instructions.clone())
    }

    /// Every command of the stage's RUNs, with its working directory (one pass over the
    /// stage, so large files stay linear).
    pub fn commands(&self) -> &[RunCommand<'a>] {
        self.commands.get_or_init(|| {
            let mut out = Vec::new();
            let range = self.instructions();
            let mut wd = paths::workdir_before(self.cx, self.index, range.start);
            for i in range {
                let Some(ins) = self.df.instructions.get(i) else {
                    continue;
                };
                if let Body::Workdir(Some(w)) = &ins.body {
                    wd = match (wd, paths::value(self.cx, self.index, i, w)) {
                        (Some(d), Some(v)) => Some(paths::join(&d, &v)),
                        _ => None,
                    };
                    continue;
                }
                if !ins.is(Keyword::Run) {
                    continue;
                }
                let mut cwd = wd.clone();
                for c in facts::commands_of(ins) {
                    if c.program() == Some("cd") && !c.nested {
                        cwd = match (cwd, c.args.first()) {
                            (Some(d), Some(t)) if t.is_static => Some(paths::join(&d, &t.value)),
                            _ => None,
                        };
                        continue;
                    }
                    out.push(RunCommand {
                        index: i,
                        ins,
                        cmd: c,
                        cwd: cwd.clone(),
                    });
                }
            }
            out
        })
    }

    /// The start instructions (ENTRYPOINT and CMD in effect).
    pub fn start(&self) -> Vec<(usize, &'a Instruction)> {
        let s = facts::start_command(self.df, self.index);
        [s.entrypoint, s.cmd].into_iter().flatten().collect()
    }

    /// The words of the start command, ENTRYPOINT then CMD.
    pub fn start_words(&self) -> Vec<String> {
        self.start()
            .iter()
            .flat_map(|(_, ins)| facts::commands_of(ins))
            .flat_map(|c| command_words(&c))
            .collect()
    }

    /// Each start instruction (ENTRYPOINT, CMD) with the words of its first command
    /// (`["go", "run", "."]`).
    pub fn start_commands(&self) -> Vec<(usize, Vec<String>)> {
        self.start()
            .into_iter()
            .filter_map(|(i, ins)| {
                let words = facts::commands_of(ins).first().map(|c| command_words(c))?;
                Some((i, words))
            })
            .collect()
    }

    pub fn tag(&self) -> String {
        self.image
            .tag
            .as_deref()
            .unwrap_or("latest")
            .to_ascii_lowercase()
    }

    /// The builder image's tag as written (variables kept).
    pub fn written_tag(&self) -> Option<String> {
        let w = &self.image_word;
        let name_tag = w.split('@').next().unwrap_or(w);
        match name_tag.rfind(':') {
            Some(i) if !name_tag[i + 1..].contains('/') => Some(name_tag[i + 1..].to_string()),
            _ => None,
        }
    }

    /// The builder image with another tag, keeping its registry and path as written.
    pub fn retag(&self, tag: &str) -> String {
        let parsed = ImageRef::parse(&self.image_word, TextRange::empty(0));
        images::with_tag(&parsed, tag)
    }

    /// A path for the runtime stage: relative to its WORKDIR when inside it.
    pub fn in_app(&self, rel: &str) -> String {
        paths::join(&self.app_dir, rel)
    }

    /// Reads a project file at a path relative to the build context.
    pub fn file(&self, path: &str) -> Option<String> {
        self.cx.files.read(path)
    }

    /// The context directory that ends up in `dir` (through `COPY . <dst>`), relative
    /// to the context root: `""` for the root itself.
    pub fn context_path(&self, dir: &str) -> Option<String> {
        for i in self.instructions() {
            let ins = self.df.instructions.get(i)?;
            if crate::rules::practice::copy_all_before_install::whole_context_source(ins).is_some()
            {
                let (dest, _) = paths::copy_dest(self.cx, self.index, i)?;
                return paths::relative_to(dir, &dest);
            }
        }
        None
    }

    /// A project file of the application: where a COPY took it from, else through
    /// the copy of the whole context into the application directory, else at the root
    /// of the context.
    pub fn app_file(&self, name: &str) -> Option<String> {
        for i in self.instructions() {
            if let Some(Body::Copy(c) | Body::Add(c)) = self.df.instructions.get(i).map(|x| &x.body)
            {
                for s in &c.sources {
                    let v = s.value.trim_start_matches("./").trim_start_matches('/');
                    if !s.has_vars() && (v == name || v.ends_with(&format!("/{name}"))) {
                        if let Some(t) = self.file(v) {
                            return Some(t);
                        }
                    }
                }
            }
        }
        if let Some(rel) = self.context_path(&self.app_dir) {
            let path = if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            };
            if let Some(t) = self.file(&path) {
                return Some(t);
            }
        }
        self.file(name)
    }
}

/// Where an instruction goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Builder,
    Runtime,
    Both,
}

impl Place {
    fn builder(self) -> bool {
        matches!(self, Place::Builder | Place::Both)
    }
    fn runtime(self) -> bool {
        matches!(self, Place::Runtime | Place::Both)
    }
}

/// ENV keys that only configure a build tool.
fn build_only_env(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    [
        "DEBIAN_FRONTEND",
        "CGO_ENABLED",
        "GOOS",
        "GOARCH",
        "GOARM",
        "GOPATH",
        "GOCACHE",
        "GOFLAGS",
        "GOPROXY",
        "GOPRIVATE",
        "GO111MODULE",
        "GOTOOLCHAIN",
        "RUSTFLAGS",
        "MAVEN_OPTS",
        "MAVEN_CONFIG",
        "GRADLE_OPTS",
        "GRADLE_USER_HOME",
        "NUGET_XMLDOC_MODE",
        "DOTNET_CLI_TELEMETRY_OPTOUT",
        "DOTNET_SKIP_FIRST_TIME_EXPERIENCE",
        "DOTNET_NOLOGO",
        "PIPENV_VENV_IN_PROJECT",
        "NEXT_TELEMETRY_DISABLED",
    ]
    .contains(&k.as_str())
        || [
            "CARGO_",
            "RUSTUP_",
            "PIP_",
            "POETRY_",
            "PIPENV_",
            "UV_",
            "NPM_CONFIG_",
            "YARN_",
            "BUNDLE_",
            "COMPOSER_",
        ]
        .iter()
        .any(|p| k.starts_with(p))
}

fn references_var(text: &str, name: &str) -> bool {
    text.match_indices('$').any(|(i, _)| {
        let rest = &text[i + 1..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        rest.strip_prefix(name)
            .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
    })
}

/// Whether the start command or health check of the original uses a program.
fn runtime_uses(st: &Stage<'_>, program: &str) -> bool {
    st.instructions().any(|i| {
        st.df.instructions.get(i).is_some_and(|ins| {
            matches!(
                ins.keyword,
                Some(Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck)
            ) && ins
                .args_text
                .split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',' || c == '[')
                .any(|w| w.rsplit('/').next() == Some(program))
        })
    })
}

/// Paths outside the application directory that a RUN writes (`mv`/`cp`/`install`
/// destinations, `ln -s` links), which the runtime stage may need, with the RUN's index.
pub fn written_paths(st: &Stage<'_>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for rc in st.commands() {
        let Some(a) = crate::commands::argv(&rc.cmd) else {
            continue;
        };
        // `install -d DIR` only creates directories.
        if a.name == "install"
            && a.args
                .iter()
                .any(|w| w.value == "-d" || w.value == "--directory")
        {
            continue;
        }
        let value_opts: &[&str] = match a.name.as_str() {
            "install" => &["-m", "--mode", "-o", "--owner", "-g", "--group"],
            _ => &[],
        };
        let operands: Vec<&str> = ecosystem::positional(a.args, value_opts)
            .into_iter()
            .map(|w| w.value.as_str())
            .collect();
        let dest = match a.name.as_str() {
            "mv" | "cp" | "install" | "ln" if operands.len() >= 2 => operands.last().copied(),
            _ => None,
        };
        let Some(dest) = dest else { continue };
        if !dest.starts_with('/') || dest.contains('$') || dest.contains('*') {
            continue;
        }
        let d = paths::join("/", dest);
        let inside = paths::relative_to(&d, &st.app_dir).is_some() && st.app_dir != "/";
        let scratch = ["/tmp", "/root", "/var/tmp", "/dev"]
            .iter()
            .any(|p| paths::relative_to(&d, p).is_some());
        if !inside && !scratch && !out.iter().any(|(_, x)| *x == d) {
            out.push((rc.index, d));
        }
    }
    out
}

/// Programs a stage's RUNs run after instruction `after`, for "the builder still needs
/// this package".
fn programs_after(st: &Stage<'_>, after: usize) -> Vec<String> {
    st.commands()
        .iter()
        .filter(|c| c.index > after)
        .filter_map(|c| crate::commands::argv(&c.cmd).map(|a| a.name))
        .collect()
}

/// Whether a RUN builds or installs the application's dependencies (an ecosystem
/// tool, a compiler, `make`).
fn has_build_commands(ins: &Instruction) -> bool {
    facts::commands_of(ins).iter().any(|c| {
        ecosystem::tool_of(c).is_some()
            || ecosystem::build_step(c).is_some()
            || matches!(
                c.program(),
                Some(
                    "make"
                        | "cmake"
                        | "gcc"
                        | "g++"
                        | "cc"
                        | "configure"
                        | "go"
                        | "cargo"
                        | "rustup"
                        | "gem"
                )
            )
    })
}

/// The text of a RUN with `$VAR`/`${VAR}` replaced by the values the stage gives them.
fn expanded_text(st: &Stage<'_>, i: usize, ins: &Instruction) -> String {
    let text = ins.range.of(st.text());
    let lookup = |n: &str| facts::var_value(st.cx, st.index, i, n);
    let mut out = String::new();
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        match crate::semantic::expand(bare, &lookup) {
            Some(e) if bare.contains('$') => {
                out.push_str(&e);
                out.push_str(&word[bare.len()..]);
            }
            _ => out.push_str(word),
        }
    }
    out
}

/// Install prefixes of builds from source (`./configure --prefix=X`,
/// `-DCMAKE_INSTALL_PREFIX=X`), outside scratch space and the system's own folders.
fn install_prefixes(st: &Stage<'_>) -> Vec<Artifact> {
    let mut out: Vec<Artifact> = Vec::new();
    for rc in st.commands() {
        let words: Vec<&dockls_syntax::shell::ShellWord> = rc.cmd.args.iter().collect();
        for (k, w) in words.iter().enumerate() {
            let raw = if let Some(v) = w.raw.strip_prefix("--prefix=") {
                Some(v.to_string())
            } else if let Some(v) = w.raw.strip_prefix("-DCMAKE_INSTALL_PREFIX=") {
                Some(v.to_string())
            } else if w.value == "--prefix" {
                words.get(k + 1).map(|n| n.raw.clone())
            } else {
                None
            };
            let Some(raw) = raw else { continue };
            let lookup = |n: &str| facts::var_value(st.cx, st.index, rc.index, n);
            let Some(v) = crate::semantic::expand(&raw, &lookup) else {
                continue;
            };
            let v = v.trim_matches(['"', '\'']).to_string();
            let system = ["/usr", "/usr/local", "/", "/opt"].contains(&v.as_str())
                || ["/tmp", "/var/tmp", "/root"]
                    .iter()
                    .any(|d| paths::relative_to(&v, d).is_some());
            if v.starts_with('/') && !system && !out.iter().any(|a| a.from == v) {
                out.push(Artifact::same(v));
            }
        }
    }
    out
}

/// A RUN that builds PHP extensions into the interpreter.
fn php_extensions(ins: &Instruction) -> bool {
    facts::commands_of(ins).iter().any(|c| {
        matches!(
            c.program(),
            Some(
                "docker-php-ext-install"
                    | "docker-php-ext-configure"
                    | "docker-php-ext-enable"
                    | "pecl"
                    | "install-php-extensions"
            )
        )
    })
}

/// Commands that only create users and groups (and their directories).
fn is_user_setup(ins: &Instruction) -> bool {
    let cmds = facts::commands_of(ins);
    let mut creates = false;
    for c in &cmds {
        match c.program() {
            Some("useradd" | "adduser" | "groupadd" | "addgroup") => creates = true,
            Some(
                "usermod" | "mkdir" | "chown" | "chmod" | "set" | "true" | "id" | "getent" | "grep"
                | "egrep" | "install",
            ) => {}
            _ => return false,
        }
    }
    creates
}

/// A RUN whose effects the conversion accounts for: it runs the ecosystem's tools
/// (whose outputs the plan copies), or only touches the application directory and
/// scratch space. Anything else may change the system in ways the runtime stage needs.
fn accounted_for(st: &Stage<'_>, ins: &Instruction) -> bool {
    const FILE_TOOLS: &[&str] = &[
        "mkdir", "cp", "mv", "rm", "ln", "chmod", "chown", "touch", "echo", "cat", "sed", "ls",
        "true", "set", "test", "[", "printf", "find", "tar", "unzip", "cd", "export", "sh", "bash",
    ];
    let scratch = [
        "/tmp",
        "/var/tmp",
        "/root/.cache",
        "/dev/null",
        "/dev/stdout",
        "/dev/stderr",
        "/var/lib/apt/lists",
        "/var/cache",
    ];
    // Package and toolchain managers: their effects are the builder's toolchain.
    const TOOLCHAIN: &[&str] = &[
        "gem", "cabal", "stack", "mix", "sbt", "lein", "conda", "mamba", "pipx", "rustup",
        "corepack", "apt-get", "apt", "apk", "yum", "dnf", "microdnf",
    ];
    facts::commands_of(ins).iter().all(|c| {
        let tool = ecosystem::tool_of(c).is_some()
            || ecosystem::build_step(c).is_some()
            || c.program().is_some_and(|p| TOOLCHAIN.contains(&p));
        if tool {
            return true;
        }
        let Some(program) = c.program() else {
            return true;
        };
        // Destinations outside the application are copied to the runtime stage.
        if matches!(program, "mv" | "cp" | "install" | "ln") {
            return true;
        }
        let interpreter = program.starts_with("python")
            || matches!(program, "node" | "ruby" | "php" | "npx" | "java");
        let local =
            program.starts_with("./") || c.name.as_ref().is_some_and(|n| n.value.starts_with("./"));
        if !FILE_TOOLS.contains(&program) && !interpreter && !local {
            return false;
        }
        c.args.iter().all(|w| {
            let v = w.value.as_str();
            if !v.starts_with('/') || v.contains('$') {
                return true;
            }
            let p = paths::join("/", v);
            (st.app_dir != "/" && paths::relative_to(&p, &st.app_dir).is_some())
                || scratch.iter().any(|d| paths::relative_to(&p, d).is_some())
        })
    })
}

/// A shell command's words as the shell sees them: its name, then its arguments.
fn command_words(c: &ShellCommand) -> Vec<String> {
    c.name
        .iter()
        .chain(c.args.iter())
        .map(|w| w.value.clone())
        .collect()
}

/// Whether an instruction's text and its comment block can move as they are.
fn instruction_text(st: &Stage<'_>, i: usize, with_comments: bool) -> Option<String> {
    let sp = text::span(st.df, i)?;
    let r = if with_comments {
        sp.with_comments()
    } else {
        sp.lines()
    };
    Some(text::span_text(st.df, r, &st.style))
}

/// Applies the plan's edits that fall inside a range to that range's text.
fn edited(st: &Stage<'_>, range: TextRange, edits: &[Edit]) -> String {
    let inside: Vec<Edit> = edits
        .iter()
        .filter(|e| {
            range.contains_range(e.range) && !(e.range.is_empty() && e.range.start == range.end)
        })
        .map(|e| Edit::replace(e.range.shifted(-(range.start as isize)), e.new_text.clone()))
        .collect();
    let base = range.of(st.text());
    let mut out = apply_edits(base, &inside).unwrap_or_else(|| base.to_string());
    if !out.ends_with('\n') {
        out.push_str(st.style.eol);
    }
    out
}

/// A shell-form command that can be written in exec form (plain words only).
fn exec_form(ins: &Instruction) -> Option<String> {
    let sh = ins.shell.as_ref()?;
    if sh.commands.len() != 1 || sh.has_pipe || sh.has_errors {
        return None;
    }
    let c = sh.commands.first()?;
    if !c.redirects.is_empty() || !c.assignments.is_empty() {
        return None;
    }
    let words: Vec<&str> = c
        .name
        .iter()
        .chain(c.args.iter())
        .map(|w| {
            if w.is_static && w.raw == w.value {
                Some(w.value.as_str())
            } else {
                None
            }
        })
        .collect::<Option<Vec<_>>>()?;
    let kw = ins.keyword_text.clone();
    Some(format!("{kw} {}", crate::fixes::json_array(&words)))
}

/// Wraps a review note as comment lines of about 88 columns.
fn note_lines(note: &str, eol: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("# Review:");
    for word in note.split_whitespace() {
        if line.len() + word.len() + 1 > 88 && line.len() > 2 {
            out.push_str(&line);
            out.push_str(eol);
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push_str(eol);
    out
}

/// Preconditions: one application stage built on an image.
pub fn convertible(cx: &Context<'_>) -> bool {
    let df = cx.df;
    if df.stages.len() != 1 || df.has_errors() {
        return false;
    }
    let Some(stage) = df.stages.first() else {
        return false;
    };
    if !matches!(stage.base, Base::Image(_)) || facts::is_windows(cx, 0) {
        return false;
    }
    if cx.semantic().root_image(df, 0).is_none() {
        return false;
    }
    if single_stage_build::analyze(cx).is_some() {
        return true;
    }
    if facts::is_dev_image(cx, 0) || !is_application(cx, 0) {
        return false;
    }
    // Something to leave behind in a builder: an ecosystem's dependency install or
    // build, or toolchain packages, that is not already cleaned up in its own RUN (the
    // official images build from source and purge their toolchain in one layer).
    facts::runs(df, 0).iter().any(|(_, ins)| {
        let cleanup = single_stage_build::run_cleanup(ins);
        if cleanup.apt_all || !cleanup.names.is_empty() {
            return false;
        }
        facts::commands_of(ins).iter().any(|c| {
            ecosystem::dependency_install(c).is_some()
                || ecosystem::build_step(c).is_some()
                || installs_packages(c)
        }) || package_run(ins).is_some_and(|r| {
            r.packages
                .iter()
                .any(|p| single_stage_build::is_toolchain_package(&p.name))
        })
    })
}

/// `pip install flask`, `npm install express`, `gem install rails`: the application's
/// packages (not a global tool, not an upgrade of pip itself).
fn installs_packages(c: &ShellCommand) -> bool {
    let Some((_, a)) = ecosystem::tool_of(c) else {
        return false;
    };
    if ecosystem::has_flag(a.args, &["-g", "--global"]) {
        return false;
    }
    let pos = ecosystem::positional(a.args, &[]);
    let installs = pos
        .first()
        .is_some_and(|w| matches!(w.value.as_str(), "install" | "i" | "add" | "ci" | "sync"));
    let tools_only = pos.iter().skip(1).all(|w| {
        matches!(
            w.value.as_str(),
            "pip" | "setuptools" | "wheel" | "poetry" | "pipenv" | "uv" | "bundler"
        )
    });
    installs && !tools_only
}

/// The ecosystem the stage builds: the one its start command runs, else the one with the
/// most dependency installs and build steps (ties go to the first seen).
fn main_ecosystem(cx: &Context<'_>) -> Option<Ecosystem> {
    let sigs = ecosystem::signals(cx, 0);
    if let Some(s) = sigs.iter().find(|s| s.source == ecosystem::Source::Start) {
        return Some(s.ecosystem);
    }
    let mut score: Vec<(Ecosystem, usize, usize)> = Vec::new();
    for (i, ins) in facts::runs(cx.df, 0) {
        for c in facts::commands_of(ins) {
            let e = ecosystem::dependency_install(&c)
                .map(|d| (d.tool.ecosystem(), 2))
                .or_else(|| ecosystem::build_step(&c).and_then(|b| b.ecosystem.map(|e| (e, 2))))
                .or_else(|| {
                    // A global tool install (`npm install -g pm2`) says nothing about the app.
                    ecosystem::tool_of(&c)
                        .filter(|(_, a)| !ecosystem::has_flag(a.args, &["-g", "--global"]))
                        .map(|(t, _)| (t.ecosystem(), 1))
                });
            if let Some((e, pts)) = e {
                match score.iter_mut().find(|(x, _, _)| *x == e) {
                    Some(entry) => entry.1 += pts,
                    None => score.push((e, pts, i)),
                }
            }
        }
    }
    let best = score
        .iter()
        .max_by_key(|(_, pts, first)| (*pts, std::cmp::Reverse(*first)));
    best.map(|(e, _, _)| *e).or_else(|| {
        sigs.iter()
            .min_by_key(|s| (s.source, s.instruction))
            .map(|s| s.ecosystem)
    })
}

/// The fix: the whole conversion as line edits of the document.
pub fn fix(cx: &Context<'_>) -> Option<Fix> {
    if !convertible(cx) {
        return None;
    }
    let reordered = reorder::reorder_all(cx);
    let new = match &reordered {
        Some(t) => {
            let df = dockls_syntax::parse(t);
            let inner = Context::new(&df, cx.settings, cx.files, cx.file_name);
            split(&inner)?
        }
        None => split(cx)?,
    };
    let (mut f, after) = text::rewrite_parsed(cx.df, TITLE, &new)?;
    // Converting never reports "the file has one stage" again.
    if after.stages.len() != 2 {
        return None;
    }
    f.preferred = false;
    Some(f)
}

fn plan_for(st: &Stage<'_>) -> Plan {
    let plan = match st.ecosystem {
        Some(Ecosystem::Node) => node::plan(st),
        Some(Ecosystem::Python) => python::plan(st),
        Some(Ecosystem::Go) => go::plan(st),
        Some(Ecosystem::Rust) => rust::plan(st),
        Some(Ecosystem::Java) => java::plan(st),
        Some(Ecosystem::Dotnet) => dotnet::plan(st),
        Some(Ecosystem::Ruby) => ruby::plan(st),
        _ => None,
    };
    plan.unwrap_or_else(|| generic::plan(st))
}

/// The converted text of a parsed single-stage file.
fn split(cx: &Context<'_>) -> Option<String> {
    let df = cx.df;
    let stage = df.stages.first()?;
    let from_i = stage.from;
    let from = df.instructions.get(from_i)?;
    let Body::From(from_args) = &from.body else {
        return None;
    };
    let image = cx.semantic().root_image(df, 0)?;
    let image_word = from_args.image.as_ref()?.raw.clone();
    let style = Style::of(df);
    let builder = stage.name.clone().unwrap_or_else(|| "builder".to_string());
    let workdir = paths::final_workdir(cx, 0)?;
    let mut app_dir = workdir.clone();
    if app_dir == "/" {
        for i in stage.instructions.clone() {
            let ins = df.instructions.get(i)?;
            if crate::rules::practice::copy_all_before_install::whole_context_source(ins).is_some()
            {
                if let Some((dest, _)) = paths::copy_dest(cx, 0, i) {
                    app_dir = dest;
                }
                break;
            }
        }
    }
    let eco = main_ecosystem(cx);
    let st = Stage {
        cx,
        df,
        index: 0,
        style: style.clone(),
        image,
        image_word,
        family: images::stage_family(cx, 0),
        workdir: workdir.clone(),
        app_dir: app_dir.clone(),
        builder: builder.clone(),
        ecosystem: eco,
        commands: std::sync::OnceLock::new(),
    };
    let mut plan = plan_for(&st);
    let mut family = plan.family.unwrap_or(Family::Unknown);

    // Place every instruction.
    let range: Vec<usize> = stage
        .instructions
        .clone()
        .filter(|&i| i != from_i)
        .collect();
    let mut place: Vec<(usize, Place)> = Vec::new();
    let mut builder_notes: Vec<(usize, String)> = Vec::new();
    let mut runtime_packages: Vec<String> = plan.packages.clone();
    let mut runtime_package_manager: Option<Manager> = None;
    let mut package_notes: Vec<String> = Vec::new();
    let mut needs_shell = false;
    // Packages installed together with a build, and toolchain packages a repeated RUN
    // brings along: explained once the runtime stage's own packages are known.
    let mut pending_other: Vec<(String, String)> = Vec::new();
    let mut repeated_toolchain: Vec<String> = Vec::new();
    let written = written_paths(&st);
    let release = images::release_of(&st.tag());
    let generic = plan.generic;
    // `./configure --prefix=/opt/x`, `cmake -DCMAKE_INSTALL_PREFIX=/opt/x`: where a
    // build from source installs.
    let prefix_artifacts: Vec<Artifact> = if generic {
        install_prefixes(&st)
    } else {
        Vec::new()
    };
    let repo_setup = range
        .iter()
        .filter_map(|i| df.instructions.get(*i))
        .any(|x| x.is(Keyword::Run) && is_repo_setup(x, &df.text));
    for &i in &range {
        let ins = df.instructions.get(i)?;
        let p = match ins.keyword {
            Some(
                Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Expose
                | Keyword::Healthcheck
                | Keyword::Stopsignal
                | Keyword::Volume
                | Keyword::Label
                | Keyword::Maintainer,
            ) => Place::Runtime,
            Some(Keyword::Run) => {
                let build_cmds = has_build_commands(ins);
                let compatible = plan.same_family
                    || Some(st.family) == plan.family
                    || plan
                        .with_shell
                        .as_ref()
                        .is_some_and(|(_, f)| *f == st.family);
                if php_extensions(ins) {
                    // PHP extensions are part of the interpreter the application runs on.
                    needs_shell = true;
                    Place::Both
                } else if is_repo_setup(ins, &df.text) && !build_cmds {
                    if plan.same_family {
                        needs_shell = true;
                        Place::Both
                    } else {
                        builder_notes.push((i, "kept in the builder: it configures a package repository; repeat it in the runtime stage if packages from there are needed at runtime.".into()));
                        Place::Builder
                    }
                } else if let Some(pr) = package_run(ins) {
                    let later = programs_after(&st, i);
                    // node-gyp needs Python to compile native modules; the application does not.
                    let node = st.ecosystem == Some(Ecosystem::Node);
                    let (toolchain, other): (Vec<&packages::Pkg>, Vec<&packages::Pkg>) =
                        pr.packages.iter().partition(|p| {
                            builds_only(&p.name)
                                || (node
                                    && matches!(p.name.as_str(), "python3" | "python" | "py3-pip"))
                        });
                    // The Node.js images ship libstdc++ already (node links against it).
                    let libs: Vec<&'static str> = toolchain
                        .iter()
                        .filter_map(|p| runtime_library(&p.name, st.family, release))
                        .filter(|l| !(node && *l == "libstdc++"))
                        .collect();
                    let unmapped: Vec<&str> = toolchain
                        .iter()
                        .filter(|p| {
                            (p.name.ends_with("-dev") || p.name.ends_with("-devel"))
                                && runtime_library(&p.name, st.family, release).is_none()
                                && !matches!(
                                    p.name.as_str(),
                                    "libc6-dev"
                                        | "libc-dev"
                                        | "musl-dev"
                                        | "linux-libc-dev"
                                        | "python-dev"
                                        | "python3-dev"
                                )
                                && !p.name.starts_with("linux-headers")
                        })
                        .map(|p| p.name.as_str())
                        .collect();
                    if !unmapped.is_empty() && family.has_shell() {
                        package_notes.push(format!(
                            "the builder installs {}; if the application links against them, install their runtime libraries here.",
                            unmapped.join(", ")
                        ));
                    }
                    let used_later = other.iter().any(|p| later.contains(&p.name));
                    let add = |list: &mut Vec<String>, w: &str| {
                        if !list.iter().any(|x| x == w) {
                            list.push(w.to_string());
                        }
                    };
                    let generate = |names: &[&str],
                                    list: &mut Vec<String>,
                                    notes: &mut Vec<String>,
                                    m: &mut Option<Manager>| {
                        if names.is_empty() {
                            return;
                        }
                        if compatible {
                            m.get_or_insert(pr.manager);
                            for n in names {
                                add(list, n);
                            }
                        } else {
                            notes.push(format!(
                                "the builder installs {}; if the application needs them at runtime, install them here.",
                                names.join(", ")
                            ));
                        }
                    };
                    let other_words: Vec<&str> = other.iter().map(|p| p.word.as_str()).collect();
                    if repo_setup && !other.is_empty() && !build_cmds && plan.same_family {
                        repeated_toolchain.extend(toolchain.iter().map(|p| p.name.clone()));
                        needs_shell = true;
                        Place::Both
                    } else if !build_cmds && toolchain.is_empty() && !other.is_empty() {
                        if plan.same_family {
                            needs_shell = true;
                            if used_later {
                                Place::Both
                            } else {
                                Place::Runtime
                            }
                        } else {
                            generate(
                                &other_words,
                                &mut runtime_packages,
                                &mut package_notes,
                                &mut runtime_package_manager,
                            );
                            Place::Builder
                        }
                    } else if other.is_empty() {
                        generate(
                            &libs,
                            &mut runtime_packages,
                            &mut package_notes,
                            &mut runtime_package_manager,
                        );
                        Place::Builder
                    } else if pr.only_packages {
                        let mut all = other_words.clone();
                        all.extend(libs.iter().copied());
                        generate(
                            &all,
                            &mut runtime_packages,
                            &mut package_notes,
                            &mut runtime_package_manager,
                        );
                        Place::Builder
                    } else {
                        if is_repo_setup(ins, &df.text) {
                            // Repositories, runtime packages and the build in one RUN:
                            // the runtime stage cannot get the packages without the build.
                            return None;
                        }
                        generate(
                            &libs,
                            &mut runtime_packages,
                            &mut package_notes,
                            &mut runtime_package_manager,
                        );
                        pending_other
                            .extend(other.iter().map(|p| (p.name.clone(), p.word.clone())));
                        Place::Builder
                    }
                } else if is_user_setup(ins) || is_global_tool_for_runtime(&st, ins) {
                    // Users the runtime runs as, and tools its command starts.
                    needs_shell = true;
                    Place::Both
                } else if accounted_for(&st, ins) {
                    Place::Builder
                } else if generic {
                    // The runtime stage is the builder's image: system changes repeat
                    // there, unless they change what is copied from the builder anyway.
                    let text = expanded_text(&st, i, ins);
                    let touches = plan
                        .artifacts
                        .iter()
                        .chain(prefix_artifacts.iter())
                        .any(|a| text.contains(a.from.as_str()));
                    if touches || has_build_commands(ins) {
                        Place::Builder
                    } else {
                        needs_shell = true;
                        Place::Both
                    }
                } else {
                    builder_notes.push((
                        i,
                        "kept in the builder; repeat it in the runtime stage if the application needs its effect when it runs.".into(),
                    ));
                    Place::Builder
                }
            }
            Some(Keyword::Copy | Keyword::Add) => {
                let manifest = match &ins.body {
                    Body::Copy(c) | Body::Add(c) => c
                        .sources
                        .iter()
                        .any(|w| ecosystem::from_path(&w.value).is_some()),
                    _ => false,
                };
                if ins.flag("from").is_some() || manifest {
                    Place::Builder
                } else {
                    match paths::copy_dest(cx, 0, i) {
                        Some((dest, _)) => {
                            let inside =
                                |dir: &str| dir != "/" && paths::relative_to(&dest, dir).is_some();
                            // Later RUNs that work in it or name it.
                            // A later RUN works in it (or in the directory it lands in).
                            let works_in = |d: &str| {
                                dest != "/"
                                    && (paths::relative_to(d, &dest).is_some()
                                        || (d != "/" && paths::relative_to(&dest, d).is_some()))
                            };
                            let users: Vec<&RunCommand<'_>> = st
                                .commands()
                                .iter()
                                .filter(|c| {
                                    c.index > i
                                        && (c.cwd.as_deref().is_some_and(works_in)
                                            || c.ins.args_text.contains(dest.as_str()))
                                })
                                .collect();
                            let for_tools = !users.is_empty()
                                && users.iter().all(|c| {
                                    ecosystem::tool_of(&c.cmd).is_some()
                                        || ecosystem::build_step(&c.cmd).is_some()
                                        || c.cwd.as_deref().is_some_and(works_in)
                                });
                            let scratch = ["/tmp", "/var/tmp"]
                                .iter()
                                .any(|t| paths::relative_to(&dest, t).is_some());
                            let whole = crate::rules::practice::copy_all_before_install::whole_context_source(ins).is_some();
                            if inside(&st.app_dir) || inside(&workdir) || for_tools || scratch {
                                Place::Builder
                            } else if st.app_dir == "/" && (whole || dest == "/") {
                                // Sources in the root directory: the runtime stage copies them too.
                                Place::Both
                            } else if !users.is_empty() {
                                Place::Both
                            } else {
                                Place::Runtime
                            }
                        }
                        None => Place::Builder,
                    }
                }
            }
            None => {
                builder_notes.push((
                    i,
                    "kept in the builder; dockls does not know this instruction.".into(),
                ));
                Place::Builder
            }
            _ => Place::Builder,
        };
        place.push((i, p));
    }
    let provided: Vec<String> = place
        .iter()
        .filter(|(_, p)| p.runtime())
        .filter_map(|(i, _)| df.instructions.get(*i).and_then(package_run))
        .flat_map(|r| r.packages.into_iter().map(|p| p.name))
        .collect();
    let missing: Vec<String> = pending_other
        .iter()
        .filter(|(n, w)| !provided.contains(n) && !runtime_packages.contains(w))
        .map(|(_, w)| w.clone())
        .fold(Vec::new(), |mut acc, w| {
            if !acc.contains(&w) {
                acc.push(w);
            }
            acc
        });
    if !missing.is_empty() {
        package_notes.push(format!(
            "the builder installs {} together with its build; install what the application needs at runtime here.",
            missing.join(", ")
        ));
    }
    if !repeated_toolchain.is_empty() {
        repeated_toolchain.dedup();
        package_notes.push(format!(
            "this stage repeats the builder's system packages because some come from a repository configured above; remove the build tools ({}) from it.",
            repeated_toolchain.join(", ")
        ));
    }
    // The last build action: ENV after it only matters when the image runs.
    let last_build = place
        .iter()
        .filter(|(i, p)| {
            p.builder()
                && df.instructions.get(*i).is_some_and(|x| {
                    matches!(x.keyword, Some(Keyword::Run | Keyword::Copy | Keyword::Add))
                })
        })
        .map(|(i, _)| *i)
        .max()
        .unwrap_or(from_i);
    let last_user = range
        .iter()
        .copied()
        .filter(|&i| df.instructions.get(i).is_some_and(|x| x.is(Keyword::User)))
        .max();
    let mut env_copies: Vec<(usize, String)> = Vec::new();
    for (i, p) in place.iter_mut() {
        let ins = df.instructions.get(*i)?;
        match ins.keyword {
            Some(Keyword::Env) => {
                if *i > last_build {
                    *p = Place::Runtime;
                } else if let Body::Env { pairs, .. } = &ins.body {
                    let kept: Vec<&str> = pairs
                        .iter()
                        .filter(|kv| !build_only_env(&kv.key.value))
                        .filter(|kv| plan.same_family || kv.key.value != "PATH")
                        .map(|kv| kv.range.of(&df.text))
                        .collect();
                    if kept.len() == pairs.len() && !pairs.is_empty() {
                        *p = Place::Both;
                    } else if !kept.is_empty() {
                        env_copies
                            .push((*i, format!("{} {}", style.kw(Keyword::Env), kept.join(" "))));
                    }
                }
            }
            Some(Keyword::User) if Some(*i) == last_user => {
                *p = if *i < last_build {
                    Place::Both
                } else {
                    Place::Runtime
                };
            }
            _ => {}
        }
    }
    // ARGs: repeated where the runtime stage uses them.
    let runtime_text: String = place
        .iter()
        .filter(|(_, p)| p.runtime())
        .filter_map(|(i, _)| {
            df.instructions
                .get(*i)
                .map(|x| x.range.of(&df.text).to_string())
        })
        .chain(env_copies.iter().map(|(_, t)| t.clone()))
        .chain(plan.start.iter().map(|(_, t)| t.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    for (i, p) in place.iter_mut() {
        let ins = df.instructions.get(*i)?;
        if let Body::Arg(pairs) = &ins.body {
            if pairs
                .iter()
                .any(|kv| references_var(&runtime_text, &kv.key.value))
            {
                *p = Place::Both;
            }
        }
        if ins.is(Keyword::Shell) && needs_shell {
            *p = Place::Both;
        }
    }

    // The runtime image: one with a shell when the runtime stage runs anything.
    let start_needs_shell = place.iter().any(|(i, p)| {
        p.runtime()
            && df.instructions.get(*i).is_some_and(|x| {
                matches!(
                    x.keyword,
                    Some(Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck)
                ) && x.command().is_some_and(|c| !c.is_exec())
                    && !plan.start.iter().any(|(s, _)| s == i)
                    && exec_form(x).is_none()
            })
    });
    let shell_form_convertible: Vec<usize> = place
        .iter()
        .filter(|(i, p)| {
            p.runtime()
                && df.instructions.get(*i).is_some_and(|x| {
                    matches!(x.keyword, Some(Keyword::Cmd | Keyword::Entrypoint))
                        && x.command().is_some_and(|c| !c.is_exec())
                        && exec_form(x).is_some()
                })
        })
        .map(|(i, _)| *i)
        .collect();
    let mut runtime_image = plan.runtime_image.clone();
    if family == Family::Distroless {
        // Distroless already has CA certificates and time zone data.
        runtime_packages.retain(|p| !matches!(p.as_str(), "ca-certificates" | "tzdata"));
        let healthcheck_shell = place.iter().any(|(i, p)| {
            p.runtime()
                && df.instructions.get(*i).is_some_and(|x| {
                    x.is(Keyword::Healthcheck) && x.command().is_some_and(|c| !c.is_exec())
                })
        });
        if needs_shell || start_needs_shell || !runtime_packages.is_empty() || healthcheck_shell {
            if let Some((img, f)) = plan.with_shell.clone() {
                runtime_image = img;
                family = f;
            }
        } else {
            // Distroless has no shell: shell-form commands become exec form.
            for i in &shell_form_convertible {
                if let Some(t) = df.instructions.get(*i).and_then(exec_form) {
                    plan.start.push((*i, t));
                }
            }
        }
    }
    if !runtime_packages.is_empty() && family == Family::Distroless {
        package_notes.push(format!(
            "the application may need {} at runtime, which this image cannot install.",
            runtime_packages.join(", ")
        ));
        runtime_packages.clear();
    }
    // Tools the moved health check or start command runs must exist at runtime.
    for tool in ["curl", "wget"] {
        let used = runtime_uses(&st, tool);
        let has = match family {
            Family::Alpine => tool == "wget",
            _ => false,
        };
        let moved = place.iter().any(|(i, p)| {
            *p == Place::Runtime
                && df
                    .instructions
                    .get(*i)
                    .and_then(package_run)
                    .is_some_and(|r| r.packages.iter().any(|x| x.name == tool))
        });
        if used
            && !has
            && !moved
            && family.has_shell()
            && !runtime_packages.iter().any(|p| p == tool)
        {
            let builder_installs = place.iter().any(|(i, _)| {
                df.instructions
                    .get(*i)
                    .and_then(package_run)
                    .is_some_and(|r| r.packages.iter().any(|x| x.name == tool))
            });
            if builder_installs || !plan.same_family {
                runtime_packages.push(tool.to_string());
            }
        }
    }
    if runtime_package_manager.is_none() && !runtime_packages.is_empty() {
        runtime_package_manager = Some(match family {
            Family::Alpine => Manager::Apk,
            Family::Rhel => Manager::Dnf,
            _ => Manager::AptGet,
        });
    }
    if !plan.same_family {
        // The builder's package manager may not be the runtime image's.
        runtime_package_manager = runtime_package_manager.map(|m| match family {
            Family::Alpine => Manager::Apk,
            Family::Debian => Manager::AptGet,
            _ => m,
        });
    }

    // Emit the builder.
    let text = &df.text;
    let from_span = text::span(df, from_i)?;
    let mut out = String::new();
    out.push_str(&text[..from_span.start]);
    let mut from_text = edited(&st, from_span.lines(), &plan.edits);
    if stage.name.is_none() {
        let at = from_args
            .extra
            .last()
            .or(from_args.image.as_ref())
            .map(|w| w.range.end)?;
        let rel = at.checked_sub(from_span.start)?;
        let as_kw = if from.keyword_text.chars().any(|c| c.is_ascii_uppercase()) {
            "AS"
        } else {
            "as"
        };
        from_text.insert_str(rel, &format!(" {as_kw} {builder}"));
    }
    out.push_str(&from_text);
    let mut prev_end = from_span.end;
    for (i, p) in &place {
        let sp = text::span(df, *i)?;
        let gap = &text[prev_end.min(sp.comments)..sp.comments];
        prev_end = sp.end;
        let inserts: Vec<&String> = plan
            .insert_before
            .iter()
            .filter(|(at, _)| at == i)
            .map(|(_, t)| t)
            .collect();
        if p.builder() || !gap.trim().is_empty() {
            out.push_str(gap);
        }
        let any_insert = !inserts.is_empty();
        for t in inserts {
            out.push_str(&style.lines(t));
            if !t.ends_with('\n') {
                out.push_str(style.eol);
            }
        }
        if any_insert && sp.comments < sp.start && p.builder() {
            out.push_str(style.eol);
        }
        if p.builder() {
            if let Some((_, note)) = builder_notes.iter().find(|(n, _)| n == i) {
                out.push_str(&note_lines(note, style.eol));
            }
            out.push_str(&edited(&st, sp.with_comments(), &plan.edits));
        }
    }
    // Appended commands join the builder's last RUN when it is a plain shell-form RUN.
    let last_builder = place
        .iter()
        .rev()
        .find(|(_, p)| p.builder())
        .map(|(i, _)| *i);
    let joinable = last_builder
        .and_then(|i| df.instructions.get(i))
        .is_some_and(|x| {
            x.is(Keyword::Run)
                && x.heredocs.is_empty()
                && x.shell.is_some()
                && !x.args_text.trim_end().ends_with(';')
        });
    if joinable && !plan.append.is_empty() && out.ends_with('\n') {
        let trimmed = out.trim_end_matches(['\r', '\n']).len();
        let tail = out.split_off(trimmed);
        for a in &plan.append {
            out.push_str(&style.cont());
            out.push_str("&& ");
            out.push_str(&a.command);
        }
        out.push_str(&tail);
    } else {
        for a in &plan.append {
            out.push_str(&format!("# {}{}", a.comment, style.eol));
            out.push_str(&format!(
                "{} {}{}",
                style.kw(Keyword::Run),
                a.command,
                style.eol
            ));
        }
    }
    let trailing = &text[prev_end.min(text.len())..];

    // Emit the runtime stage.
    if !out.ends_with(&format!("{0}{0}", style.eol)) {
        out.push_str(style.eol);
    }
    let from_kw = style.kw(Keyword::From);
    let platform = from
        .flag("platform")
        .and_then(|f| f.value.as_ref())
        .filter(|v| !v.value.contains("BUILDPLATFORM"))
        .map(|v| format!(" --platform={}", v.raw))
        .unwrap_or_default();
    // A builder on $BUILDPLATFORM that does not build for $TARGET* ships the build
    // platform's binaries.
    let cross_compiles = range
        .iter()
        .filter_map(|i| df.instructions.get(*i))
        .any(|x| {
            x.is(Keyword::Run)
                && ["TARGETARCH", "TARGETOS", "TARGETPLATFORM"]
                    .iter()
                    .any(|v| references_var(x.range.of(&df.text), v))
        });
    let builds_on_build_platform = !cross_compiles
        && from
            .flag("platform")
            .and_then(|f| f.value.as_ref())
            .is_some_and(|v| v.value.contains("BUILDPLATFORM"));
    out.push_str(&format!("{from_kw}{platform} {runtime_image}{}", style.eol));
    // Prelude: ARGs and ENVs the runtime needs, SHELL.
    for (i, p) in &place {
        let ins = df.instructions.get(*i)?;
        if *p == Place::Both
            && matches!(
                ins.keyword,
                Some(Keyword::Arg | Keyword::Env | Keyword::Shell)
            )
        {
            out.push_str(&instruction_text(&st, *i, false)?);
        }
        if let Some((_, t)) = env_copies.iter().find(|(n, _)| n == i) {
            out.push_str(t);
            out.push_str(style.eol);
        }
    }
    // Setup: system packages, users, system files, in the original order.
    if let (Some(m), false) = (runtime_package_manager, runtime_packages.is_empty()) {
        out.push_str(&style.lines(&packages::install_command(m, &runtime_packages, &style)));
        out.push_str(style.eol);
    }
    for (i, p) in &place {
        let ins = df.instructions.get(*i)?;
        let setup = matches!(
            ins.keyword,
            Some(Keyword::Run | Keyword::Copy | Keyword::Add)
        );
        if p.runtime() && setup {
            out.push_str(&instruction_text(&st, *i, *p == Place::Runtime)?);
        }
    }
    let runtime_workdir = plan.workdir.clone().unwrap_or_else(|| workdir.clone());
    if runtime_workdir != "/" {
        out.push_str(&format!(
            "{} {runtime_workdir}{}",
            style.kw(Keyword::Workdir),
            style.eol
        ));
    }
    for e in &plan.env {
        out.push_str(&style.lines(e));
        out.push_str(style.eol);
    }
    // Files keep the owner the original gave them: its `--chown` on the sources, else
    // the non-root user it runs as when it created that user itself.
    let created_user = place
        .iter()
        .any(|(i, p)| p.runtime() && df.instructions.get(*i).is_some_and(is_user_setup));
    // ... and gave it the application directory (`chown -R user /app`).
    let chowns_app = st.commands().iter().any(|c| {
        c.cmd.program() == Some("chown")
            && c.cmd.args.iter().any(|w| {
                let cwd = c.cwd.as_deref().unwrap_or("/");
                !w.value.starts_with('-')
                    && st.app_dir != "/"
                    && paths::join(cwd, &w.value) == st.app_dir
            })
    });
    let run_as = last_user
        .and_then(|u| df.instructions.get(u))
        .and_then(|x| match &x.body {
            Body::User(Some(w))
                if !super::user::is_root_value(&w.value) && !w.value.contains('$') =>
            {
                Some(w.value.clone())
            }
            _ => None,
        })
        .filter(|_| created_user && chowns_app);
    let chown = df
        .instructions
        .iter()
        .find(|x| {
            crate::rules::practice::copy_all_before_install::whole_context_source(x).is_some()
        })
        .and_then(|x| x.flag("chown"))
        .map(|f| format!(" {}", f.range.of(text)))
        .or_else(|| run_as.map(|u| format!(" --chown={u}")))
        .unwrap_or_default();
    let mut artifacts = plan.artifacts.clone();
    for a in &prefix_artifacts {
        if !artifacts.iter().any(|x| x.from == a.from) {
            artifacts.push(a.clone());
        }
    }
    for (i, w) in &written {
        // A RUN the runtime stage repeats makes the path there itself.
        let repeated = place.iter().any(|(n, p)| n == i && p.runtime());
        if !repeated && !artifacts.iter().any(|a| a.from == *w) {
            artifacts.push(Artifact::same(w.clone()));
        }
    }
    let copy_kw = style.kw(Keyword::Copy);
    for a in &artifacts {
        // A glob copies files into a directory: name the directory.
        let glob = |p: &str| {
            p.rsplit('/')
                .next()
                .is_some_and(|l| l.contains(['*', '?', '[']))
        };
        let to_path = if glob(&a.to) {
            a.to.rsplit_once('/').map_or("/".to_string(), |(d, _)| {
                if d.is_empty() {
                    "/".into()
                } else {
                    d.to_string()
                }
            })
        } else {
            a.to.clone()
        };
        let dir_suffix = if glob(&a.to) { "/" } else { "" };
        let to = match paths::relative_to(&to_path, &runtime_workdir) {
            Some(r) if runtime_workdir != "/" && r.is_empty() => "./".to_string(),
            Some(r) if runtime_workdir != "/" => format!("./{r}{dir_suffix}"),
            _ if to_path == "/" => "/".to_string(),
            _ => format!("{to_path}{dir_suffix}"),
        };
        let own =
            if paths::relative_to(&to_path, &runtime_workdir).is_some() && runtime_workdir != "/" {
                chown.as_str()
            } else {
                ""
            };
        out.push_str(&format!(
            "{copy_kw} --from={builder}{own} {} {to}{}",
            a.from, style.eol
        ));
    }
    let mut notes = plan.notes.clone();
    if plan.generic {
        let what = if artifacts.is_empty() {
            "copies nothing from the builder yet".to_string()
        } else {
            let list: Vec<&str> = artifacts.iter().map(|a| a.from.as_str()).collect();
            format!("copies {} from the builder", list.join(", "))
        };
        notes.push(format!(
            "dockls could not tell how this project builds, so this stage starts from the builder's image and {what}. Copy only what the application needs to run (COPY --from={builder} <path> <path>), and use a smaller base image if one fits."
        ));
    }
    let mut seen_notes: Vec<String> = Vec::new();
    for n in package_notes {
        if !seen_notes.contains(&n) {
            seen_notes.push(n);
        }
    }
    notes.extend(seen_notes);
    if builds_on_build_platform {
        notes.push("the builder runs on the build platform ($BUILDPLATFORM); make sure what it produces is built for the target platform ($TARGETPLATFORM) of this image.".into());
    }
    for n in &notes {
        out.push_str(&note_lines(n, style.eol));
    }
    // A blank line keeps the notes to themselves (not a comment of the next instruction).
    if !notes.is_empty() {
        out.push_str(style.eol);
    }
    // Tail: what the image does when it runs, in the original order.
    let mut first_tail = true;
    for (i, p) in &place {
        let ins = df.instructions.get(*i)?;
        let setup = matches!(
            ins.keyword,
            Some(Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::Arg | Keyword::Shell)
        );
        if setup || !p.runtime() || (*p == Place::Both && ins.is(Keyword::Env)) {
            continue;
        }
        let sp = text::span(df, *i)?;
        let has_comments = sp.comments < sp.start;
        if has_comments && !first_tail && !out.ends_with(&format!("{0}{0}", style.eol)) {
            out.push_str(style.eol);
        }
        first_tail = false;
        match plan.start.iter().find(|(n, _)| n == i) {
            Some((_, t)) => {
                out.push_str(&text[sp.comments..sp.start]);
                out.push_str(&style.lines(t));
                out.push_str(style.eol);
            }
            None => out.push_str(&text::span_text(df, sp.with_comments(), &style)),
        }
    }
    out.push_str(trailing);
    Some(out)
}

/// `npm install -g <tool>` whose tool the start command runs (`pm2-runtime`), or
/// `corepack enable` when it runs Yarn or pnpm.
fn is_global_tool_for_runtime(st: &Stage<'_>, ins: &Instruction) -> bool {
    let commands = facts::commands_of(ins);
    let candidates: Vec<crate::commands::Argv<'_>> = commands
        .iter()
        .filter_map(|c| crate::commands::argv(c))
        .filter(|a| {
            a.name == "corepack"
                || (matches!(a.name.as_str(), "npm" | "yarn" | "pnpm")
                    && a.args
                        .iter()
                        .any(|w| w.value == "-g" || w.value == "--global"))
        })
        .collect();
    if candidates.is_empty() {
        return false;
    }
    let words = st.start_words();
    candidates.iter().any(|a| {
        if a.name == "corepack" {
            return words.iter().any(|w| matches!(w.as_str(), "yarn" | "pnpm"));
        }
        a.args
            .iter()
            .filter(|w| !w.value.starts_with('-'))
            .skip(1)
            .any(|pkg| {
                let name = pkg.value.rsplit('/').next().unwrap_or(&pkg.value);
                let name = name.split('@').next().unwrap_or(name);
                !name.is_empty() && words.iter().any(|w| w.starts_with(name))
            })
    })
}

#[cfg(test)]
mod tests;
