use dockls_syntax::{Body, Instruction, Keyword, TextRange, Word};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::dockerignore::clean;
use super::ecosystem::{self, Tool};
use super::facts;

declare_rule! {
    /// ## What it does
    /// Reports a dependency install (`npm ci`, `yarn install`, `pnpm install`,
    /// `pip install -r`, `poetry install`, `pipenv install`, `bundle install`,
    /// `go mod download`, `cargo fetch` or `cargo build`, `composer install`,
    /// `mvn dependency:*` or `mvn package`, Gradle dependency and build tasks,
    /// `dotnet restore`) that runs after `COPY . <dst>` or `ADD . <dst>` copied the whole
    /// build context into the same stage.
    ///
    /// Not reported when the same tool already installed from its manifests before the
    /// whole context was copied (the second install then only sees what changed; for
    /// Maven and Gradle any task run before counts, since projects pre-fetch with their
    /// own tasks), or when the install's RUN has a `--mount=type=cache` (the package
    /// cache survives source changes, so nothing is downloaded again). ONBUILD
    /// instructions are checked as their own sequence.
    ///
    /// ## Why is this bad?
    /// The builder reuses a cached layer only while everything before it is unchanged.
    /// Once the whole context is copied, editing any source file invalidates the layers
    /// after it, so every build downloads and installs every dependency again: builds
    /// take minutes instead of seconds and CI pulls from package registries on each
    /// commit. Copying only the manifests first keeps the install layer cached until the
    /// dependencies themselves change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci --omit=dev
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix
    /// Inserts `COPY <manifests> ./` and the install before the copy of the whole
    /// context. The manifests are the files the project has (the conventional names when
    /// its files cannot be read, `package*.json` for npm), in the directory the install
    /// runs in. An install that only needs its manifests moves (out of an `&&` chain
    /// when it shares its RUN); tools that need the sources to finish get a
    /// dependency-only step first and keep their own command (`poetry install --no-root`,
    /// `mvn dependency:go-offline`, `gradle dependencies`, `cargo fetch`,
    /// `composer install --no-scripts --no-autoloader`). A WORKDIR set after the copy
    /// moves up with the install when nothing in between depends on it. Not offered when
    /// the requirements install the project itself (`-e .`), for workspaces and
    /// multi-module builds, or inside ONBUILD. The fix is unsafe: install scripts that
    /// read the sources (`postinstall`, `prepare`) would now run without them.
    pub struct CopyAllBeforeInstall {
        code: "DK101",
        name: "copy-all-before-install",
        category: Practice,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// Whether a COPY/ADD source names the whole build context (`.`, `./`, `./.`).
pub fn is_whole_context(source: &Word) -> bool {
    !source.has_vars() && clean(&source.value) == "."
}

/// The first source of a COPY/ADD from the build context that copies all of it.
pub fn whole_context_source(ins: &Instruction) -> Option<&Word> {
    let (Body::Copy(c) | Body::Add(c)) = &ins.body else {
        return None;
    };
    if ins.flag("from").is_some() {
        return None;
    }
    c.sources.iter().find(|s| is_whole_context(s))
}

/// A dependency install that runs after the whole context was copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LateInstall {
    pub tool: Tool,
    /// The install command, from its program to its subcommand.
    pub range: TextRange,
    /// The install as it reads (`npm ci`).
    pub label: String,
    /// The manifests to copy before it.
    pub manifests: Vec<String>,
    /// Instruction index of the RUN.
    pub run: usize,
    /// The COPY/ADD instruction, its `.` source and how that reads (`COPY ./`).
    pub copy: usize,
    pub copy_source: TextRange,
    pub copy_text: String,
}

fn sequence(items: &[(usize, &Instruction)], out: &mut Vec<LateInstall>) {
    // Only installs after a copy of the whole context are reported.
    if !items
        .iter()
        .any(|(_, ins)| whole_context_source(ins).is_some())
    {
        return;
    }
    let mut whole: Option<(usize, TextRange, String)> = None;
    let mut installed: Vec<(Tool, Vec<String>)> = Vec::new();
    for (i, ins) in items {
        if let Some(src) = whole_context_source(ins) {
            if whole.is_none() {
                let kw = ins.keyword.map_or("COPY", |k| k.as_str());
                whole = Some((*i, src.range, format!("{kw} {}", src.value)));
            }
            continue;
        }
        if !ins.is(Keyword::Run) {
            continue;
        }
        // A cache mount keeps the package cache across builds: the author handled it.
        let cached = ins
            .flags_named("mount")
            .filter_map(|f| f.mount())
            .any(|m| m.kind() == "cache");
        for c in facts::commands_of(ins) {
            if whole.is_none() {
                // Any Maven or Gradle task run on the build scripts alone (a custom
                // `downloadRepos`, `dependency:resolve`) pre-fetches the dependencies.
                if let Some((tool @ (Tool::Maven | Tool::Gradle), _)) = ecosystem::tool_of(&c) {
                    installed.push((tool, Vec::new()));
                }
            }
            let Some(dep) = ecosystem::dependency_install(&c) else {
                continue;
            };
            if cached && whole.is_some() {
                continue;
            }
            match whole {
                None => installed.push((dep.tool, dep.files.clone())),
                Some((copy, copy_source, ref copy_text)) => {
                    let already = installed.iter().any(|(t, f)| {
                        *t == dep.tool
                            && (dep.files.is_empty() || dep.files.iter().all(|x| f.contains(x)))
                    });
                    if !already {
                        out.push(LateInstall {
                            tool: dep.tool,
                            range: dep.range,
                            label: dep.label(),
                            manifests: dep.manifests(),
                            run: *i,
                            copy,
                            copy_source,
                            copy_text: copy_text.clone(),
                        });
                    }
                }
            }
        }
    }
}

/// Every install that runs after the whole context was copied, per stage and per ONBUILD
/// sequence.
pub fn late_installs(cx: &Context<'_>) -> Vec<LateInstall> {
    let df = cx.df;
    let mut out = Vec::new();
    for stage in &df.stages {
        let mut top = Vec::new();
        let mut onbuild = Vec::new();
        for i in stage.instructions.clone() {
            let Some(ins) = df.instructions.get(i) else {
                continue;
            };
            match &ins.body {
                Body::Onbuild(Some(inner)) => onbuild.push((i, &**inner)),
                _ => top.push((i, ins)),
            }
        }
        sequence(&top, &mut out);
        sequence(&onbuild, &mut out);
    }
    out
}

fn code_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn advice(late: &LateInstall) -> String {
    let manifests = code_list(&late.manifests);
    match late.tool {
        Tool::Cargo => format!("copy {manifests} first and fetch or pre-build the dependencies (`cargo fetch`, or cargo-chef), then copy the sources"),
        Tool::Maven => format!("copy {manifests} first and run `mvn dependency:go-offline`, then copy the sources"),
        Tool::Gradle => format!("copy the build scripts ({manifests}) first and resolve dependencies, then copy the sources"),
        Tool::Dotnet => format!("copy the project files ({manifests}) first and run `dotnet restore`, then copy the sources"),
        _ => format!("copy {manifests} first, install, then copy the rest"),
    }
}

impl Rule for CopyAllBeforeInstall {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for late in late_installs(cx) {
            let text = &late.label;
            let copy_text = &late.copy_text;
            let line = facts::line_of(cx.df, late.copy_source.start);
            let message = format!(
                "`{text}` runs after `{copy_text}` (line {line}) copied the whole build context, so any source change invalidates this layer and reinstalls every dependency; {}",
                advice(&late)
            );
            let d = out
                .report(late.range, message)
                .related(late.copy_source, "the whole build context is copied here");
            if let Some(fix) = crate::refactor::reorder::fix_for(cx, &late) {
                d.fix(fix);
            }
        }
    }
}
