//! Create a `.dockerignore` for the build context, or add the missing entries to the one
//! the build uses.
//!
//! A new file gets defaults for the ecosystems the Dockerfile builds (version control,
//! env files, Docker files, editor and OS files, logs, and each ecosystem's dependency,
//! cache and build folders). An entry the Dockerfile copies by name is never added, and
//! `.git` is left in when a RUN reads Git metadata. An existing file only gets the
//! entries `context-hygiene` (DK105) asks for, appended at its end.

use dockls_syntax::Body;

use crate::context::Context;
use crate::diagnostic::{Edit, FileChange, Fix};
use crate::rules::practice::context_hygiene::{build_reads_git, is_node_project, missing_entries};
use crate::rules::practice::dockerignore::{self, DockerIgnore};
use crate::rules::practice::ecosystem::{self, Ecosystem};

/// Sections of the default file: a heading and its patterns.
fn sections(ecosystems: &[Ecosystem], keep_git: bool) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut vcs = vec![".gitignore", ".gitattributes"];
    if !keep_git {
        vcs.insert(0, ".git");
    }
    let mut out = vec![
        ("Version control", vcs),
        (
            "Local environment and secrets",
            vec![".env", ".env.*", "!.env.example"],
        ),
        (
            "Docker",
            vec![
                "Dockerfile*",
                "*.Dockerfile",
                ".dockerignore",
                "compose*.y*ml",
                "docker-compose*.y*ml",
            ],
        ),
        (
            "Editors and OS",
            vec![".vscode", ".idea", "*.swp", ".DS_Store", "Thumbs.db"],
        ),
        ("Logs", vec!["*.log"]),
    ];
    for e in ecosystems {
        let (title, items): (&str, Vec<&str>) = match e {
            Ecosystem::Node => (
                "Node.js",
                vec![
                    "node_modules",
                    "npm-debug.log*",
                    "yarn-debug.log*",
                    "yarn-error.log*",
                    ".pnpm-store",
                    "coverage",
                    ".nyc_output",
                    ".next",
                    ".turbo",
                ],
            ),
            Ecosystem::Python => (
                "Python",
                vec![
                    "__pycache__",
                    "*.py[cod]",
                    ".venv",
                    "venv",
                    ".pytest_cache",
                    ".mypy_cache",
                    ".ruff_cache",
                    ".tox",
                    ".coverage",
                    "htmlcov",
                    "*.egg-info",
                ],
            ),
            Ecosystem::Go => ("Go", vec!["*.test", "coverage.out"]),
            Ecosystem::Rust => ("Rust", vec!["target"]),
            Ecosystem::Java => ("Java", vec!["target", "build", ".gradle", "*.class"]),
            Ecosystem::Dotnet => (".NET", vec!["bin", "obj", "*.user"]),
            Ecosystem::Ruby => ("Ruby", vec!["vendor/bundle", "coverage"]),
            Ecosystem::Php => ("PHP", vec!["vendor", ".phpunit.cache"]),
        };
        out.push((title, items));
    }
    out
}

/// The ecosystems whose dependencies or builds the Dockerfile makes itself (so the
/// host's dependency and build folders are not needed), in a stable order.
fn ecosystems(cx: &Context<'_>) -> Vec<Ecosystem> {
    let mut out: Vec<Ecosystem> = Vec::new();
    if is_node_project(cx) {
        out.push(Ecosystem::Node);
    }
    for s in 0..cx.df.stages.len() {
        for sig in ecosystem::signals(cx, s) {
            let builds = sig.source == ecosystem::Source::Command;
            if builds && !out.contains(&sig.ecosystem) {
                out.push(sig.ecosystem);
            }
        }
    }
    out.sort();
    out
}

/// The sources the Dockerfile copies from the context by name (not `.`).
fn copied_sources(cx: &Context<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for ins in &cx.df.instructions {
        let ins = ins.effective();
        let (Body::Copy(c) | Body::Add(c)) = &ins.body else {
            continue;
        };
        if ins.flag("from").is_some() {
            continue;
        }
        for s in &c.sources {
            let v = dockerignore::clean(&s.value);
            if v != "." && !v.contains("://") {
                out.push(v);
            }
        }
    }
    out
}

/// The default `.dockerignore` text for this Dockerfile.
pub fn default_content(cx: &Context<'_>) -> String {
    let copied = copied_sources(cx);
    let ecos = ecosystems(cx);
    let mut out = String::from(
        "# Kept out of the build context: these slow down every build, invalidate the\n# layer cache, or leak local secrets into images.\n",
    );
    let mut seen: Vec<&str> = Vec::new();
    for (title, items) in sections(&ecos, build_reads_git(cx)) {
        let kept: Vec<&str> = items
            .into_iter()
            .filter(|p| !seen.contains(p))
            .filter(|p| {
                // Never ignore what the Dockerfile copies by name.
                let one = DockerIgnore::parse(p);
                p.starts_with('!') || !copied.iter().any(|c| one.is_ignored(c))
            })
            .collect();
        if kept.iter().all(|p| p.starts_with('!')) {
            continue;
        }
        seen.extend(kept.iter().copied());
        out.push('\n');
        out.push_str(&format!("# {title}\n"));
        for p in kept {
            out.push_str(p);
            out.push('\n');
        }
    }
    out
}

/// The fix: create the ignore file, or append what DK105 asks for to the existing one.
pub fn fix(cx: &Context<'_>) -> Option<Fix> {
    let name = cx.file_name?;
    match dockerignore::find(cx.files, Some(name)) {
        None => Some(Fix {
            files: vec![FileChange::Create {
                path: ".dockerignore".into(),
                content: default_content(cx),
            }],
            ..Fix::unsafe_("Create a .dockerignore for this build context", Vec::new())
        }),
        Some((path, ignore)) => {
            let missing = missing_entries(&ignore, is_node_project(cx), build_reads_git(cx));
            if missing.is_empty() {
                return None;
            }
            let current = cx.files.read(&path).unwrap_or_default();
            let eol = if current.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let mut add = String::new();
            if !current.is_empty() && !current.ends_with('\n') {
                add.push_str(eol);
            }
            for m in &missing {
                add.push_str(m);
                add.push_str(eol);
            }
            let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            Some(Fix {
                files: vec![FileChange::Edit {
                    path: path.clone(),
                    edits: vec![Edit::insert(current.len(), add)],
                }],
                ..Fix::unsafe_(
                    format!("Add {} to {path}", list.join(", ")),
                    Vec::<Edit>::new(),
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{MemoryFiles, NoFiles, ProjectFiles};
    use crate::settings::Settings;

    fn run(src: &str, files: &dyn ProjectFiles) -> Option<Fix> {
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, files, Some("Dockerfile"));
        fix(&cx)
    }

    #[test]
    fn creates_defaults_for_the_ecosystem() {
        let f = run(
            "FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"s.js\"]\n",
            &NoFiles,
        )
        .expect("fix");
        let FileChange::Create { path, content } = &f.files[0] else {
            panic!("{f:?}")
        };
        assert_eq!(path, ".dockerignore");
        let ignore = DockerIgnore::parse(content);
        for p in [
            ".git/HEAD",
            ".env",
            ".env.local",
            "node_modules/x",
            "npm-debug.log",
            ".idea/x",
        ] {
            assert!(ignore.is_ignored(p), "{p}");
        }
        for p in ["package.json", "src/index.js", ".env.example"] {
            assert!(!ignore.is_ignored(p), "{p}");
        }
        assert!(!content.contains("__pycache__"));
    }

    #[test]
    fn never_ignores_what_is_copied_by_name() {
        let f = run(
            "FROM python:3\nCOPY .env.production /app/.env\nCOPY logs/ /logs/\nCOPY . /app\n",
            &NoFiles,
        )
        .expect("fix");
        let FileChange::Create { content, .. } = &f.files[0] else {
            panic!()
        };
        let ignore = DockerIgnore::parse(content);
        assert!(!ignore.is_ignored(".env.production"));
        assert!(!ignore.is_ignored("logs"));
        assert!(ignore.is_ignored(".git"));
    }

    #[test]
    fn appends_missing_entries() {
        let files = MemoryFiles::default().with(".dockerignore", "*.log");
        let f = run("FROM node:20\nCOPY . .\nRUN npm ci\n", &files).expect("fix");
        assert_eq!(
            f.files,
            vec![FileChange::Edit {
                path: ".dockerignore".into(),
                edits: vec![Edit::insert(5, "\n.git\n.env\nnode_modules\n")]
            }]
        );
        let complete = MemoryFiles::default().with(".dockerignore", ".git\n.env\nnode_modules\n");
        assert!(run("FROM node:20\nCOPY . .\nRUN npm ci\n", &complete).is_none());
    }
}
