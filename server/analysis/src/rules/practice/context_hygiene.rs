use dockls_syntax::{Keyword, TextRange};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::copy_all_before_install::whole_context_source;
use super::dockerignore::{self, DockerIgnore};
use super::ecosystem::{self, Ecosystem};

declare_rule! {
    /// ## What it does
    /// Reports a build that copies the whole build context (`COPY . <dst>` or
    /// `ADD . <dst>`) when the context has no ignore file, or when the ignore file does
    /// not exclude `.git`, `.env` and, for Node.js projects, `node_modules`.
    ///
    /// The ignore file is looked up the way BuildKit does: `<Dockerfile name>.dockerignore`
    /// next to the Dockerfile (for example `api.Dockerfile.dockerignore`) wins over the
    /// context's `.dockerignore`. Patterns are matched with Docker's own semantics (`**`,
    /// `!` exceptions, leading `/`), so an allow-list such as `*` followed by `!src`
    /// counts as excluding `.git`. A project is a Node.js project when a stage copies a
    /// Node manifest (`package.json`, a lock file) or installs from one, or the context
    /// has a `package.json`. `.env` is not required when a pattern already handles env
    /// files (`.env.local`, `.env.*.local`: the project commits a `.env` of defaults, as
    /// Symfony does), and `.git` is not required when a RUN reads Git metadata
    /// (`git describe`, `git rev-parse`) to stamp versions.
    ///
    /// The finding is on the `.` of the first such COPY or ADD. A missing ignore file is
    /// only reported when the Dockerfile's name is known (not for standard input).
    ///
    /// ## Why is this bad?
    /// Everything in the context is sent to the builder and, with `COPY .`, written into
    /// the image:
    /// - `.git` holds the whole history, makes the context large, and changes on every
    ///   commit, so the `COPY .` layer and everything after it is never cached;
    /// - `.env` files hold local credentials, which then ship in an image layer anyone
    ///   who can pull the image can read;
    /// - a host `node_modules` overwrites the dependencies installed in the image with
    ///   ones built for another platform, and is often hundreds of megabytes.
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
    /// Use instead (with a `.dockerignore` listing `.git`, `.env` and `node_modules`,
    /// or without copying the whole context):
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// COPY src/ ./src/
    /// CMD ["node", "src/server.js"]
    /// ```
    ///
    /// ## Fix
    /// Without an ignore file, creates `.dockerignore` next to the Dockerfile with
    /// defaults for the ecosystems the Dockerfile builds: `.git`, `.env` files, Docker
    /// files, editor and OS files, logs, and dependency, cache and build folders such
    /// as `node_modules`, `__pycache__` or `target`; a path the Dockerfile copies by name
    /// is never listed. With one, appends the missing entries to it. The fix is unsafe:
    /// it changes what the build can see.
    pub struct ContextHygiene {
        code: "DK105",
        name: "context-hygiene",
        category: Practice,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// Entries a build context should leave out, with a representative path inside each.
const ESSENTIAL: &[(&str, &str)] = &[(".git", ".git/HEAD"), (".env", ".env")];
const NODE_MODULES: (&str, &str) = ("node_modules", "node_modules/pkg/index.js");

/// The first COPY or ADD (not ONBUILD) that copies the whole context: its `.` source.
pub fn first_whole_copy(cx: &Context<'_>) -> Option<TextRange> {
    cx.df
        .instructions
        .iter()
        .filter(|i| i.is(Keyword::Copy) || i.is(Keyword::Add))
        .find_map(|i| whole_context_source(i).map(|w| w.range))
}

/// Whether the project is a Node.js project: the context has a `package.json`, or a
/// stage copies a Node manifest or installs dependencies from one. (Installing a global
/// tool with `npm install -g` does not make a project a Node.js project.)
pub fn is_node_project(cx: &Context<'_>) -> bool {
    if cx.files.exists("package.json") {
        return true;
    }
    (0..cx.df.stages.len()).any(|s| {
        ecosystem::signals(cx, s).iter().any(|sig| {
            sig.ecosystem == Ecosystem::Node
                && match sig.source {
                    ecosystem::Source::Manifest => true,
                    ecosystem::Source::Command => {
                        cx.df.instructions.get(sig.instruction).is_some_and(|ins| {
                            super::facts::commands_of(ins).iter().any(|c| {
                                c.range.contains(sig.range.start)
                                    && ecosystem::dependency_install(c).is_some()
                            })
                        })
                    }
                    _ => false,
                }
        })
    })
}

/// Whether a RUN reads Git metadata from the context (`git describe`, `git rev-parse`,
/// ...) without cloning first: such a build needs `.git` in the context.
pub fn build_reads_git(cx: &Context<'_>) -> bool {
    cx.df.instructions.iter().any(|ins| {
        let ins = ins.effective();
        if !ins.is(Keyword::Run) {
            return false;
        }
        let commands = super::facts::commands_of(ins);
        let clones = commands.iter().any(|c| {
            c.program() == Some("git") && c.args.first().is_some_and(|w| w.value == "clone")
        });
        !clones
            && commands.iter().any(|c| {
                c.program() == Some("git")
                    && c.args
                        .iter()
                        .find(|w| !w.value.starts_with('-'))
                        .is_some_and(|w| {
                            matches!(
                                w.value.as_str(),
                                "describe"
                                    | "rev-parse"
                                    | "log"
                                    | "show"
                                    | "status"
                                    | "diff"
                                    | "symbolic-ref"
                                    | "ls-files"
                            )
                        })
            })
    })
}

/// The essential entries an ignore file fails to exclude. `.env` is not required when a
/// pattern already deals with env files (`.env.local`, `*.env`: the project keeps
/// defaults in a committed `.env`, as Symfony does), nor `.git` when the build reads it.
pub fn missing_entries(ignore: &DockerIgnore, node: bool, needs_git: bool) -> Vec<&'static str> {
    let env_considered = ignore.patterns.iter().any(|p| p.text.contains(".env"));
    let mut out: Vec<&'static str> = ESSENTIAL
        .iter()
        .filter(|(name, probe)| {
            let excused = (*name == ".env" && env_considered) || (*name == ".git" && needs_git);
            !excused && !ignore.is_ignored(probe)
        })
        .map(|(name, _)| *name)
        .collect();
    if node && !ignore.is_ignored(NODE_MODULES.1) {
        out.push(NODE_MODULES.0);
    }
    out
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Rule for ContextHygiene {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some(at) = first_whole_copy(cx) else {
            return;
        };
        let node = is_node_project(cx);
        match dockerignore::find(cx.files, cx.file_name) {
            None => {
                let Some(name) = cx.file_name else {
                    return;
                };
                let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
                let mut wanted = vec![".git", ".env"];
                if node {
                    wanted.push("node_modules");
                }
                let d = out.report(
                    at,
                    format!(
                        "this copies the whole build context, and there is no `.dockerignore` (nor `{base}.dockerignore`): `.git`, local `.env` files and build output are sent to the builder and land in the image, leaking secrets and breaking the layer cache on every commit; add a `.dockerignore` that excludes at least {}",
                        list(&wanted)
                    ),
                );
                if let Some(fix) = crate::refactor::dockerignore::fix(cx) {
                    d.fix(fix);
                }
            }
            Some((path, ignore)) => {
                let missing = missing_entries(&ignore, node, build_reads_git(cx));
                if missing.is_empty() {
                    return;
                }
                let why: Vec<&str> = missing
                    .iter()
                    .map(|m| match *m {
                        ".git" => "`.git` makes the context large and changes on every commit, so this layer is never cached",
                        ".env" => "`.env` files carry local credentials into an image layer",
                        _ => "a host `node_modules` overwrites the dependencies installed for the image's platform",
                    })
                    .collect();
                let d = out.report(
                    at,
                    format!(
                        "this copies the whole build context, but `{path}` does not exclude {}: {}; add {} to `{path}`",
                        list(&missing),
                        why.join("; "),
                        if missing.len() == 1 { "it" } else { "them" }
                    ),
                );
                if let Some(fix) = crate::refactor::dockerignore::fix(cx) {
                    d.fix(fix);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{MemoryFiles, NoFiles};
    use crate::rules::practice::testing::run_with;

    const SRC: &str = "FROM node:20\nCOPY package.json .\nRUN npm ci\nCOPY . .\n";

    #[test]
    fn missing_ignore_file_needs_a_known_dockerfile() {
        let d = run_with("DK105", SRC, &NoFiles, Some("web.Dockerfile"), None);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`web.Dockerfile.dockerignore`"));
        assert!(d[0].message.contains("`node_modules`"));
        assert!(run_with("DK105", SRC, &NoFiles, None, None).is_empty());
    }

    #[test]
    fn per_dockerfile_ignore_file_wins() {
        let files = MemoryFiles::default()
            .with(".dockerignore", ".git\n.env\nnode_modules\n")
            .with("web.Dockerfile.dockerignore", "*.log\n");
        assert!(run_with("DK105", SRC, &files, Some("Dockerfile"), None).is_empty());
        let d = run_with("DK105", SRC, &files, Some("web.Dockerfile"), None);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("web.Dockerfile.dockerignore"));
    }

    #[test]
    fn builds_that_read_git_keep_it() {
        let src = "FROM golang:1.22\nCOPY . .\nRUN go build -ldflags \"-X main.v=$(git describe --tags)\" .\n";
        let files = MemoryFiles::default().with(".dockerignore", ".env\n");
        assert!(run_with("DK105", src, &files, Some("Dockerfile"), None).is_empty());
        let no_copy = "FROM golang:1.22\nCOPY main.go .\n";
        assert!(run_with("DK105", no_copy, &NoFiles, Some("Dockerfile"), None).is_empty());
    }

    #[test]
    fn essential_entries() {
        let d = DockerIgnore::parse("node_modules\n.git\n.env\n");
        assert!(missing_entries(&d, true, false).is_empty());
        let d = DockerIgnore::parse("*\n!src\n!package*.json\n");
        assert!(missing_entries(&d, true, false).is_empty());
        let d = DockerIgnore::parse("**/.git\n");
        assert_eq!(
            missing_entries(&d, true, false),
            vec![".env", "node_modules"]
        );
        assert_eq!(missing_entries(&d, false, false), vec![".env"]);
        let d = DockerIgnore::parse(".git/*\n.env*\n");
        assert!(missing_entries(&d, false, false).is_empty());
        let d = DockerIgnore::parse(".env.local\n");
        assert_eq!(missing_entries(&d, false, false), vec![".git"]);
        assert!(missing_entries(&d, false, true).is_empty());
    }
}
