//! Reorder for layer caching: copy the dependency manifests and install before the
//! `COPY . <dst>` that copies the whole build context.
//!
//! The install moves when it only needs its manifests (`npm ci`, `yarn install`,
//! `pip install -r`, `pipenv install`, `bundle install`, `go mod download`,
//! `dotnet restore`, ...): its RUN is moved above the copy (or, when it shares its RUN
//! with later commands in an `&&` chain, its command is taken out of it). Tools that
//! need the sources to finish get a dependency-only step before the copy and keep their
//! own command after it: `poetry install --no-root`, `uv sync --no-install-project`,
//! `composer install --no-scripts --no-autoloader`, `mvn dependency:go-offline`,
//! `gradle dependencies`, `cargo fetch`, `dotnet restore`.
//!
//! The manifests are the ones the project has when its files are visible (otherwise the
//! conventional names, `package*.json` for npm), below the directory the install runs
//! in. When the install runs in a directory that the WORKDIR only sets after the copy,
//! that WORKDIR moves up with it, provided nothing in between depends on it.

use dockls_syntax::shell::ShellCommand;
use dockls_syntax::{Body, Dockerfile, Instruction, Keyword, TextRange};

use crate::context::Context;
use crate::diagnostic::{Edit, Fix};
use crate::rules::practice::copy_all_before_install::{late_installs, LateInstall};
use crate::rules::practice::ecosystem::{self, Tool};
use crate::rules::practice::facts;

use super::paths;
use super::text::{self, Style};

/// Whether a project file exists, when the project's files are visible at all.
struct Files<'a> {
    cx: &'a Context<'a>,
    /// The directory of the install, relative to the context (`""` for the root).
    rel: String,
    /// The primary manifest could be read, so absence is real.
    visible: bool,
}

impl Files<'_> {
    fn path(&self, name: &str) -> String {
        if self.rel.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.rel)
        }
    }

    fn read(&self, name: &str) -> Option<String> {
        self.cx.files.read(&self.path(name))
    }

    fn exists(&self, name: &str) -> bool {
        self.cx.files.exists(&self.path(name))
    }

    /// `name` when it exists (or when nothing is known), else nothing.
    fn maybe(&self, name: &str) -> Option<String> {
        (!self.visible || self.exists(name)).then(|| name.to_string())
    }
}

/// What to copy before the install: file sources (one COPY) and directories (one COPY
/// each), relative to the install directory.
#[derive(Default, Debug)]
struct Manifests {
    files: Vec<String>,
    dirs: Vec<String>,
}

fn primary(tool: Tool) -> &'static str {
    match tool {
        Tool::Npm | Tool::Yarn | Tool::Pnpm | Tool::Bun => "package.json",
        Tool::Pip => "requirements.txt",
        Tool::Poetry | Tool::Uv => "pyproject.toml",
        Tool::Pipenv => "Pipfile",
        Tool::GoModules => "go.mod",
        Tool::Cargo => "Cargo.toml",
        Tool::Maven => "pom.xml",
        Tool::Gradle => "build.gradle",
        Tool::Dotnet => "",
        Tool::Bundler => "Gemfile",
        Tool::Composer => "composer.json",
    }
}

/// Requirement files a pip requirements file pulls in, or `None` when it installs the
/// project itself (`-e .`, `.`, `file:`), which needs the sources.
fn pip_includes(files: &Files<'_>, req: &str) -> Option<Vec<String>> {
    let Some(text) = files.read(req) else {
        return Some(Vec::new());
    };
    let dir = req.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.split(" #").next().unwrap_or(line).trim();
        let words: Vec<&str> = l.split_whitespace().collect();
        match words.as_slice() {
            ["-e" | "--editable", p, ..] if p.starts_with('.') || p.starts_with("file:") => {
                return None
            }
            [p, ..] if *p == "." || p.starts_with("./") || p.starts_with("file:") => return None,
            ["-r" | "-c" | "--requirement" | "--constraint", f, ..] => {
                out.push(if dir.is_empty() {
                    f.to_string()
                } else {
                    format!("{dir}/{f}")
                });
            }
            _ => {}
        }
    }
    Some(out)
}

fn manifests(
    files: &Files<'_>,
    tool: Tool,
    dep_files: &[String],
    cmd: &ShellCommand,
) -> Option<Manifests> {
    let mut m = Manifests::default();
    match tool {
        Tool::Npm => {
            if files.visible {
                m.files.push("package.json".into());
                for lock in ["package-lock.json", "npm-shrinkwrap.json", ".npmrc"] {
                    if files.exists(lock) {
                        m.files.push(lock.into());
                    }
                }
            } else {
                m.files.push("package*.json".into());
            }
        }
        Tool::Yarn => {
            m.files.push("package.json".into());
            m.files.extend(files.maybe("yarn.lock"));
            for rc in [".yarnrc.yml", ".yarnrc", ".npmrc"] {
                if files.visible && files.exists(rc) {
                    m.files.push(rc.into());
                }
            }
        }
        Tool::Pnpm => {
            if files.visible && files.exists("pnpm-workspace.yaml") {
                // Workspace members' manifests are needed too.
                return None;
            }
            m.files.push("package.json".into());
            m.files.extend(files.maybe("pnpm-lock.yaml"));
            if files.visible && files.exists(".npmrc") {
                m.files.push(".npmrc".into());
            }
        }
        Tool::Bun => {
            m.files.push("package.json".into());
            if files.visible {
                for lock in ["bun.lockb", "bun.lock"] {
                    if files.exists(lock) {
                        m.files.push(lock.into());
                    }
                }
            } else {
                m.files.push("bun.lock*".into());
            }
        }
        Tool::Pip | Tool::Uv if !dep_files.is_empty() => {
            for f in dep_files {
                if f.contains('$') || f.starts_with('/') || f.starts_with("..") {
                    return None;
                }
                let f = f.trim_start_matches("./").to_string();
                match f.rsplit_once('/') {
                    // `requirements/prod.txt` usually includes its siblings.
                    Some((dir, _)) => {
                        let d = format!("{dir}/");
                        if !m.dirs.contains(&d) {
                            m.dirs.push(d);
                        }
                    }
                    None => {
                        let includes = pip_includes(files, &f)?;
                        if !m.files.contains(&f) {
                            m.files.push(f);
                        }
                        for inc in includes {
                            if inc.contains('/') || inc.starts_with('.') {
                                return None;
                            }
                            if !m.files.contains(&inc) {
                                m.files.push(inc);
                            }
                        }
                    }
                }
            }
        }
        Tool::Pip => return None,
        Tool::Poetry => {
            m.files.push("pyproject.toml".into());
            m.files.extend(files.maybe("poetry.lock"));
        }
        Tool::Uv => {
            m.files.push("pyproject.toml".into());
            m.files.extend(files.maybe("uv.lock"));
        }
        Tool::Pipenv => {
            m.files.push("Pipfile".into());
            m.files.extend(files.maybe("Pipfile.lock"));
        }
        Tool::GoModules => {
            m.files.push("go.mod".into());
            m.files.extend(files.maybe("go.sum"));
        }
        Tool::Cargo => {
            if let Some(t) = files.read("Cargo.toml") {
                if t.contains("[workspace]") || t.contains("[[bin]]") || t.contains("[lib]") {
                    return None;
                }
            }
            m.files.push("Cargo.toml".into());
            m.files.extend(files.maybe("Cargo.lock"));
        }
        Tool::Maven => {
            if files
                .read("pom.xml")
                .is_some_and(|t| t.contains("<modules>"))
            {
                return None;
            }
            m.files.push("pom.xml".into());
            if cmd.program().is_some_and(|p| p.starts_with("mvnw")) {
                m.files.push("mvnw".into());
                m.dirs.push(".mvn/".into());
            }
        }
        Tool::Gradle => {
            if files.visible || files.exists("build.gradle.kts") {
                let mut any = false;
                for f in [
                    "build.gradle",
                    "build.gradle.kts",
                    "settings.gradle",
                    "settings.gradle.kts",
                    "gradle.properties",
                ] {
                    if files.exists(f) {
                        m.files.push(f.into());
                        any = true;
                    }
                }
                if !any {
                    return None;
                }
            } else {
                m.files.push("build.gradle*".into());
                m.files.push("settings.gradle*".into());
            }
            if cmd.program().is_some_and(|p| p.starts_with("gradlew")) {
                m.files.push("gradlew".into());
                m.dirs.push("gradle/".into());
            }
        }
        Tool::Dotnet => {
            let project =
                cmd.args.iter().map(|w| w.value.as_str()).find(|v| {
                    v.ends_with(".csproj") || v.ends_with(".fsproj") || v.ends_with(".sln")
                });
            match project {
                Some(p) if p.ends_with(".sln") => return None,
                Some(p) if !p.contains('$') && !p.starts_with('/') => {
                    m.files.push(p.trim_start_matches("./").to_string())
                }
                Some(_) => return None,
                None => m.files.push("*.csproj".into()),
            }
        }
        Tool::Bundler => {
            if files.read("Gemfile").is_some_and(|t| t.contains("gemspec")) {
                return None;
            }
            m.files.push("Gemfile".into());
            m.files.extend(files.maybe("Gemfile.lock"));
        }
        Tool::Composer => {
            m.files.push("composer.json".into());
            m.files.extend(files.maybe("composer.lock"));
        }
    }
    Some(m)
}

/// The dependency-only command to run before the sources, and whether the original
/// install can then go (it only needed the manifests).
fn early_command(tool: Tool, cmd: &ShellCommand, text: &str) -> Option<(String, bool)> {
    let own = cmd.range.of(text).to_string();
    let has = |opt: &str| cmd.args.iter().any(|w| w.value == opt);
    let program = || crate::commands::argv(cmd).map(|a| a.program.raw.clone());
    let sub = cmd
        .args
        .iter()
        .find(|w| !w.value.starts_with('-'))
        .map(|w| w.value.as_str());
    Some(match tool {
        Tool::Poetry if !has("--no-root") && !has("--only-root") => {
            (format!("{own} --no-root"), false)
        }
        Tool::Uv if sub == Some("sync") && !has("--no-install-project") => {
            (format!("{own} --no-install-project"), false)
        }
        Tool::Composer => {
            let mut s = own;
            let mut changed = false;
            for o in ["--no-scripts", "--no-autoloader"] {
                if !has(o) {
                    s.push_str(&format!(" {o}"));
                    changed = true;
                }
            }
            (s, !changed)
        }
        Tool::Maven => (format!("{} -B dependency:go-offline", program()?), false),
        Tool::Gradle => (format!("{} dependencies --no-daemon", program()?), false),
        Tool::Cargo if sub == Some("fetch") => (own, true),
        Tool::Cargo => (
            format!(
                "mkdir -p src && echo 'fn main() {{}}' > src/main.rs && {} fetch && rm -rf src",
                program()?
            ),
            false,
        ),
        Tool::Dotnet if sub == Some("restore") => (own, true),
        Tool::Dotnet => {
            let project = cmd
                .args
                .iter()
                .find(|w| w.value.ends_with(".csproj") || w.value.ends_with(".fsproj"));
            let p = program()?;
            match project {
                Some(w) => (format!("{p} restore {}", w.raw), false),
                None => (format!("{p} restore"), false),
            }
        }
        _ => (own, true),
    })
}

/// Commands that prepare a package manager rather than use the sources.
fn is_tool_setup(c: &ShellCommand) -> bool {
    let Some(a) = crate::commands::argv(c) else {
        return false;
    };
    let args: Vec<&str> = a.args.iter().map(|w| w.value.as_str()).collect();
    let first = args.iter().find(|w| !w.starts_with('-')).copied();
    match a.name.as_str() {
        "corepack" => true,
        "npm" | "yarn" | "pnpm" => {
            first == Some("config")
                || (matches!(first, Some("install" | "i" | "add"))
                    && args.iter().any(|w| *w == "-g" || *w == "--global"))
        }
        "gem" => first == Some("install") && args.iter().all(|w| !w.ends_with(".gem")),
        n if n.starts_with("pip") => {
            first == Some("install")
                && !args.iter().any(|w| {
                    *w == "-r"
                        || w.starts_with("--requirement")
                        || *w == "-e"
                        || *w == "."
                        || w.starts_with("./")
                })
        }
        _ => false,
    }
}

/// Commands that may follow an install in its RUN and move along with it.
fn is_cleanup(c: &ShellCommand) -> bool {
    let Some(a) = crate::commands::argv(c) else {
        return false;
    };
    let first = a.args.first().map(|w| w.value.as_str());
    let second = a.args.get(1).map(|w| w.value.as_str());
    match a.name.as_str() {
        "rm" => a
            .args
            .iter()
            .filter(|w| !w.value.starts_with('-'))
            .all(|w| w.value.contains("cache") || w.value.starts_with("/tmp")),
        "npm" | "yarn" => first == Some("cache") && second == Some("clean"),
        "pnpm" => first == Some("store") && second == Some("prune"),
        "composer" => first == Some("clear-cache") || first == Some("clearcache"),
        n if n.starts_with("pip") => first == Some("cache") && second == Some("purge"),
        _ => false,
    }
}

/// Instructions that do not depend on the working directory (a WORKDIR may move above them).
fn cwd_independent(ins: &Instruction) -> bool {
    match ins.keyword {
        Some(
            Keyword::Env
            | Keyword::Arg
            | Keyword::Label
            | Keyword::Expose
            | Keyword::User
            | Keyword::Stopsignal
            | Keyword::Healthcheck
            | Keyword::Maintainer,
        ) => true,
        Some(Keyword::Copy | Keyword::Add) => {
            let (Body::Copy(c) | Body::Add(c)) = &ins.body else {
                return false;
            };
            c.dest.as_ref().is_some_and(|d| d.value.starts_with('/'))
        }
        _ => false,
    }
}

/// Text between two commands of a RUN when it is exactly an `&&` (with spaces, line
/// continuations and comment lines around it).
fn is_and_between(between: &str, escape: char) -> bool {
    let mut rest = String::new();
    for line in between.split('\n') {
        let t = line.trim();
        if t.starts_with('#') {
            continue;
        }
        rest.push_str(t.trim_end_matches(escape).trim());
    }
    rest == "&&"
}

/// The fix for one install that runs after the whole context was copied.
pub fn fix_for(cx: &Context<'_>, late: &LateInstall) -> Option<Fix> {
    let df = cx.df;
    let run = df.instructions.get(late.run)?;
    let copy = df.instructions.get(late.copy)?;
    if !run.is(Keyword::Run) || !matches!(copy.keyword, Some(Keyword::Copy | Keyword::Add)) {
        return None;
    }
    let stage = df.stage_of(late.run)?.index;
    if df.stage_of(late.copy)?.index != stage {
        return None;
    }
    let commands = facts::commands_of(run);
    let pos = commands
        .iter()
        .position(|c| c.range.contains(late.range.start))?;
    let cmd = commands.get(pos)?;
    if cmd.nested || cmd.in_pipeline {
        return None;
    }
    let dep = ecosystem::dependency_install(cmd)?;
    // Options that change where the install runs.
    if ecosystem::has_flag(
        dep.argv.args,
        &[
            "--prefix",
            "-C",
            "--cwd",
            "--dir",
            "--working-dir",
            "-d",
            "--project",
            "--directory",
        ],
    ) {
        return None;
    }
    // The directory the install runs in: the WORKDIR, moved by `cd` before it.
    let mut dir = paths::workdir_before(cx, stage, late.run)?;
    for c in commands.iter().take(pos) {
        if c.program() == Some("cd") {
            let target = c.args.first()?;
            if !target.is_static || c.nested {
                return None;
            }
            dir = paths::join(&dir, &target.value);
        }
    }
    let (copy_dir, _) = paths::copy_dest(cx, stage, late.copy)?;
    let rel = paths::relative_to(&dir, &copy_dir)?;
    let visible = {
        let p = primary(dep.tool);
        !p.is_empty()
            && cx.files.exists(&if rel.is_empty() {
                p.to_string()
            } else {
                format!("{rel}/{p}")
            })
    };
    let files = Files {
        cx,
        rel: rel.clone(),
        visible,
    };
    let m = manifests(&files, dep.tool, &dep.files, cmd)?;
    let (early, moves) = early_command(dep.tool, cmd, &df.text)?;
    let style = Style::of(df);

    // RUNs between the copy and the install must be setup the install needs (enabling
    // corepack, configuring the package manager, installing the tool): they move along.
    // Anything else may need the sources, so the order cannot change.
    let mut setup_runs: Vec<usize> = Vec::new();
    for i in late.copy + 1..late.run {
        let ins = df.instructions.get(i)?;
        if !ins.is(Keyword::Run) {
            continue;
        }
        if facts::commands_of(ins).iter().all(|c| is_tool_setup(c)) && ins.heredocs.is_empty() {
            setup_runs.push(i);
        } else {
            return None;
        }
    }
    // The working directory at the insertion point must be the install's.
    let wd_copy = paths::workdir_before(cx, stage, late.copy)?;
    let mut edits: Vec<Edit> = Vec::new();
    let mut block = String::new();
    if wd_copy != dir {
        // Move the WORKDIR that sets it above the copy, if that changes nothing else.
        let (copy_dest_rel, _) = match &copy.body {
            Body::Copy(c) | Body::Add(c) => (c.dest.as_ref()?.value.clone(), ()),
            _ => return None,
        };
        if !copy_dest_rel.starts_with('/') {
            return None;
        }
        let mut workdir = None;
        for i in late.copy + 1..late.run {
            let ins = df.instructions.get(i)?;
            if ins.is(Keyword::Workdir) {
                if workdir.is_some() {
                    return None;
                }
                workdir = Some(i);
                continue;
            }
            if workdir.is_none() && !cwd_independent(ins) {
                return None;
            }
        }
        let w = workdir?;
        if paths::workdir_before(cx, stage, w + 1)? != dir {
            return None;
        }
        let span = text::span(df, w)?;
        edits.push(Edit::delete(span.with_comments()));
        block.push_str(&text::span_text(df, span.with_comments(), &style));
    }
    for i in &setup_runs {
        let span = text::span(df, *i)?;
        block.push_str(&text::span_text(df, span.with_comments(), &style));
        edits.push(Edit::delete(span.with_comments()));
    }
    let dest = "./";
    let copy_kw = style.kw(Keyword::Copy);
    let prefixed = |p: &str| {
        if rel.is_empty() {
            p.to_string()
        } else {
            format!("{rel}/{p}")
        }
    };
    if !m.files.is_empty() {
        let srcs: Vec<String> = m.files.iter().map(|f| prefixed(f)).collect();
        block.push_str(&format!("{copy_kw} {} {dest}{}", srcs.join(" "), style.eol));
    }
    for d in &m.dirs {
        block.push_str(&format!("{copy_kw} {} {d}{}", prefixed(d), style.eol));
    }
    let flags: Vec<&str> = run.flags.iter().map(|f| f.range.of(&df.text)).collect();
    let run_kw = style.kw(Keyword::Run);
    let others: Vec<usize> = (0..commands.len()).filter(|&i| i != pos).collect();
    let alone = others
        .iter()
        .all(|&i| commands.get(i).is_some_and(|c| is_cleanup(c)))
        && run.heredocs.is_empty()
        && commands.iter().take(pos).all(|c| c.program() != Some("cd"));
    let insert_at = text::span(df, late.copy)?.comments;
    if moves && alone {
        // The whole RUN moves.
        let span = text::span(df, late.run)?;
        block.push_str(&text::span_text(df, span.with_comments(), &style));
        edits.push(Edit::delete(span.with_comments()));
    } else {
        let mut line = run_kw.clone();
        for f in &flags {
            line.push(' ');
            line.push_str(f);
        }
        line.push(' ');
        line.push_str(&early);
        block.push_str(&line);
        block.push_str(style.eol);
        if moves && pos == 0 && run.heredocs.is_empty() {
            // `RUN <install> && rest`: take the install out of the chain.
            if let Some(next) = commands.get(1) {
                let between = TextRange::new(cmd.range.end, next.range.start).of(&df.text);
                if is_and_between(between, df.escape) && !next.nested {
                    edits.push(Edit::delete(TextRange::new(
                        cmd.range.start,
                        next.range.start,
                    )));
                }
            }
        }
    }
    // A later COPY of exactly these manifests into the same place is now redundant.
    for i in late.copy + 1..late.run {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        let (Body::Copy(c) | Body::Add(c)) = &ins.body else {
            continue;
        };
        if !ins.flags.is_empty() || !ins.is(Keyword::Copy) {
            continue;
        }
        let same = c.sources.iter().all(|s| {
            let v = s.value.trim_start_matches("./");
            m.files.iter().any(|f| prefixed(f) == v)
        });
        let into = paths::copy_dest(cx, stage, i).is_some_and(|(d, _)| d == dir);
        if same && into && !c.sources.is_empty() {
            if let Some(span) = text::span(df, i) {
                edits.push(Edit::delete(span.with_comments()));
            }
        }
    }
    edits.push(Edit::insert(insert_at, block));
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    text::apply_checked(df, &edits)?;
    let shown: Vec<String> = m
        .files
        .iter()
        .chain(m.dirs.iter())
        .map(|f| format!("`{}`", prefixed(f)))
        .collect();
    let title = if moves {
        format!(
            "Copy {} and run `{}` before `{}`",
            shown.join(", "),
            late.label,
            late.copy_text
        )
    } else {
        format!(
            "Copy {} and install dependencies before `{}`",
            shown.join(", "),
            late.copy_text
        )
    };
    Some(Fix::unsafe_(title, edits).isolated())
}

/// The fixes for every late install, by the install's range.
pub fn fixes(cx: &Context<'_>) -> Vec<(TextRange, Fix)> {
    late_installs(cx)
        .iter()
        .filter_map(|l| fix_for(cx, l).map(|f| (l.range, f)))
        .collect()
}

/// Applies every reorder to the text, one at a time (each fix changes the positions of
/// the next), for the multi-stage conversion. Returns the new text.
pub fn reorder_all(cx: &Context<'_>) -> Option<String> {
    let first = late_installs(cx).iter().find_map(|l| fix_for(cx, l))?;
    let mut text = first.apply(&cx.df.text)?;
    for _ in 0..3 {
        let df: Dockerfile = dockls_syntax::parse(&text);
        let inner = Context::new(&df, cx.settings, cx.files, cx.file_name);
        let Some(fix) = late_installs(&inner)
            .iter()
            .find_map(|l| fix_for(&inner, l))
        else {
            break;
        };
        text = fix.apply(&text)?;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{MemoryFiles, ProjectFiles};
    use crate::settings::Settings;

    fn apply_with(src: &str, files: &dyn ProjectFiles) -> Option<String> {
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, files, Some("Dockerfile"));
        let (_, f) = fixes(&cx).into_iter().next()?;
        f.apply(src)
    }

    fn apply(src: &str) -> Option<String> {
        apply_with(src, &MemoryFiles::default())
    }

    #[test]
    fn moves_installs_above_the_sources() {
        assert_eq!(
            apply("FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\n").as_deref(),
            Some("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n")
        );
        // The WORKDIR set after the copy moves up with the install.
        assert_eq!(
            apply("FROM python:3.11\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD python main.py\n").as_deref(),
            Some("FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . /app\nCMD python main.py\n")
        );
        // A chain keeps its other commands.
        assert_eq!(
            apply("FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && \\\n    npm run build\n").as_deref(),
            Some("FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n")
        );
    }

    #[test]
    fn tools_that_need_sources_get_a_dependency_step() {
        let out =
            apply("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install\n").expect("fix");
        assert_eq!(out, "FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY . .\nRUN poetry install\n");
        let out = apply("FROM maven:3.9-eclipse-temurin-21\nWORKDIR /src\nCOPY . .\nRUN mvn -B package -DskipTests\n").expect("fix");
        assert!(
            out.contains("COPY pom.xml ./\nRUN mvn -B dependency:go-offline\nCOPY . .\n"),
            "{out}"
        );
    }

    #[test]
    fn every_ecosystem() {
        let cases = [
            ("FROM node:20\nWORKDIR /a\nCOPY . .\nRUN yarn install --frozen-lockfile\n", "COPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY . .\n"),
            ("FROM node:20\nWORKDIR /a\nCOPY . .\nRUN pnpm install\n", "COPY package.json pnpm-lock.yaml ./\nRUN pnpm install\nCOPY . .\n"),
            ("FROM python:3\nWORKDIR /a\nCOPY . .\nRUN pipenv install --system --deploy\n", "COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCOPY . .\n"),
            ("FROM python:3\nWORKDIR /a\nCOPY . .\nRUN pip install -r requirements/prod.txt\n", "COPY requirements/ requirements/\nRUN pip install -r requirements/prod.txt\nCOPY . .\n"),
            ("FROM python:3\nWORKDIR /a\nCOPY . .\nRUN uv sync --frozen\n", "COPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-install-project\nCOPY . .\nRUN uv sync --frozen\n"),
            ("FROM ruby:3\nWORKDIR /a\nCOPY . .\nRUN bundle install\n", "COPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\n"),
            ("FROM golang:1\nWORKDIR /a\nCOPY . .\nRUN go mod download\nRUN go build -o /x .\n", "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /x .\n"),
            ("FROM rust:1\nWORKDIR /a\nCOPY . .\nRUN cargo build --release\n", "COPY Cargo.toml Cargo.lock ./\nRUN mkdir -p src && echo 'fn main() {}' > src/main.rs && cargo fetch && rm -rf src\nCOPY . .\nRUN cargo build --release\n"),
            ("FROM php:8\nWORKDIR /a\nCOPY . .\nRUN composer install --no-dev\n", "COPY composer.json composer.lock ./\nRUN composer install --no-dev --no-scripts --no-autoloader\nCOPY . .\nRUN composer install --no-dev\n"),
            ("FROM gradle:8-jdk21\nWORKDIR /a\nCOPY . .\nRUN ./gradlew build\n", "COPY build.gradle* settings.gradle* gradlew ./\nCOPY gradle/ gradle/\nRUN ./gradlew dependencies --no-daemon\nCOPY . .\nRUN ./gradlew build\n"),
            ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /a\nCOPY . .\nRUN dotnet restore\nRUN dotnet publish -o /out\n", "COPY *.csproj ./\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish -o /out\n"),
        ];
        for (src, want) in cases {
            let out = apply(src).unwrap_or_else(|| panic!("no fix for {src}"));
            assert!(out.ends_with(want), "{src}\n---\n{out}");
        }
        // Not offered: an ONBUILD sequence, a `.sln`, workspaces.
        for src in [
            "FROM ruby:3\nONBUILD COPY . /app\nONBUILD RUN bundle install\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /a\nCOPY . .\nRUN dotnet restore app.sln\n",
            "FROM node:20\nWORKDIR /a\nCOPY . .\nRUN npm run prebuild\nRUN npm ci\n",
        ] {
            assert!(apply(src).is_none(), "{src}");
        }
    }

    #[test]
    fn uses_the_files_the_project_has() {
        let files = MemoryFiles::default()
            .with("package.json", "{}")
            .with("package-lock.json", "{}");
        let out =
            apply_with("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", &files).expect("fix");
        assert!(
            out.contains("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"),
            "{out}"
        );
        let files = MemoryFiles::default().with("requirements.txt", "-e .\n");
        assert!(apply_with(
            "FROM python:3\nWORKDIR /a\nCOPY . .\nRUN pip install -r requirements.txt\n",
            &files
        )
        .is_none());
    }
}
