use dockls_syntax::shell::ShellCommand;
use dockls_syntax::TextRange;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Sink};

use super::ecosystem::{self, flag_value, has_flag, Ecosystem, Tool};
use super::facts;

declare_rule! {
    /// ## What it does
    /// Reports development dependencies installed into the image that ships (the final
    /// stage and the stages it is built `FROM`):
    /// - `npm install`/`npm ci`, `yarn install` and `pnpm install` without
    ///   `--omit=dev` (or `--only=production`, `--production`, `--prod`) while
    ///   `NODE_ENV=production` is not in effect, in a final image that does not build
    ///   anything with Node (a build needs the dev dependencies; a later
    ///   `npm prune --omit=dev` also clears the finding);
    /// - `pip install -r` of a development requirements file (`requirements-dev.txt`,
    ///   `dev-requirements.txt`, `requirements/test.txt`, ...), `pipenv install --dev`;
    /// - `poetry install` and `uv sync` without excluding the dev group
    ///   (`--without dev`, `--only main`, `--no-dev`);
    /// - `composer install` without `--no-dev`.
    ///
    /// `NODE_ENV` is resolved through ENV and ARG defaults, so
    /// `ARG NODE_ENV=production` + `ENV NODE_ENV=$NODE_ENV` counts. Development images are
    /// not checked: a Dockerfile or final stage named like one (`Dockerfile.dev`,
    /// `Dockerfile.test`, `AS dev-envs`), a Dev Container base image, or a command that
    /// starts a development server (`ng serve`, `npm run dev`, `nodemon`, `vite`). For
    /// `poetry install` and `uv sync`, a readable `pyproject.toml` without a dev group
    /// clears the finding.
    ///
    /// ## Why is this bad?
    /// Test runners, linters, bundlers and type definitions are often larger than the
    /// application's real dependencies. In production they only add size, pull time and
    /// vulnerabilities that scanners report and attackers can use.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
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
    /// For npm, pnpm and Composer, adds `--omit=dev`, `--prod` or `--no-dev` after the
    /// subcommand. The fix is unsafe: if the application loads a package listed as a
    /// development dependency at run time (`ts-node`, a CLI it shells out to), the image
    /// stops working, so check the manifest first.
    pub struct DevDependencies {
        code: "DK107",
        name: "dev-dependencies",
        category: Practice,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// A development-dependency install in the final image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevInstall {
    pub tool: Tool,
    pub range: TextRange,
    /// Where `--omit=dev` (or the tool's equivalent) goes, with the text to insert.
    pub insert: Option<(usize, &'static str)>,
    /// The development requirement file, for pip.
    pub file: Option<String>,
}

/// Whether a requirements file name is for development or tests.
pub fn is_dev_requirements(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.rsplit('/');
    let name = parts.next().unwrap_or(&lower);
    let in_requirements_dir = parts.any(|d| d == "requirements" || d == "reqs");
    let stem = name
        .strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".in"))
        .unwrap_or(name);
    let dev = stem.split(['-', '_', '.']).any(|t| {
        matches!(
            t,
            "dev" | "devel" | "development" | "test" | "tests" | "testing" | "lint" | "docs" | "ci"
        )
    });
    dev && (stem.contains("requirements") || in_requirements_dir)
}

/// Development servers that need the development dependencies they run from.
const DEV_SERVERS: &[(&str, &str)] = &[
    ("ng", "serve"),
    ("next", "dev"),
    ("nuxt", "dev"),
    ("vite", ""),
    ("nodemon", ""),
    ("react-scripts", "start"),
    ("webpack-dev-server", ""),
    ("webpack", "serve"),
    ("ts-node-dev", ""),
    ("npm", "dev"),
    ("yarn", "dev"),
    ("pnpm", "dev"),
];

/// Whether the image's command starts a development server (`ng serve`, `npm run dev`,
/// `nodemon`, ...): such an image is a development environment.
pub fn runs_dev_server(df: &dockls_syntax::Dockerfile, stage: usize) -> bool {
    let start = facts::start_command(df, stage);
    [start.entrypoint, start.cmd]
        .into_iter()
        .flatten()
        .any(|(_, ins)| {
            facts::commands_of(ins).iter().any(|c| {
                let words: Vec<&str> = c
                    .name
                    .iter()
                    .chain(c.args.iter())
                    .map(|w| w.value.as_str())
                    .filter(|w| !w.starts_with('-') && *w != "run" && *w != "npx" && *w != "exec")
                    .collect();
                words.iter().enumerate().any(|(i, w)| {
                    let w = w.rsplit('/').next().unwrap_or(w);
                    DEV_SERVERS.iter().any(|(p, sub)| {
                        *p == w && (sub.is_empty() || words.get(i + 1) == Some(sub))
                    })
                })
            })
        })
}

/// Whether `pyproject.toml`, when the project files are readable, declares a dev group.
fn python_has_dev_group(cx: &Context<'_>) -> bool {
    match cx.files.read("pyproject.toml") {
        None => true,
        Some(text) => {
            text.contains("[dependency-groups]") && text.contains("dev")
                || text.contains("[tool.poetry.group.dev")
                || text.contains("[tool.poetry.dev-dependencies]")
                || text.contains("[tool.uv]") && text.contains("dev-dependencies")
        }
    }
}

fn node_production_env(cx: &Context<'_>, stage: usize, at: usize, cmd: &ShellCommand) -> bool {
    let prod = |v: &str| v.eq_ignore_ascii_case("production") || v.eq_ignore_ascii_case("prod");
    let truthy = |v: &str| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes");
    // `NODE_ENV=production npm ci` and `env NODE_ENV=production npm ci`.
    let inline = cmd
        .assignments
        .iter()
        .map(|(k, v, _)| (k.as_str(), v.as_str()))
        .chain(cmd.args.iter().filter_map(|w| w.value.split_once('=')))
        .chain(cmd.name.iter().filter_map(|w| w.value.split_once('=')));
    for (k, v) in inline {
        if (k == "NODE_ENV" && prod(v))
            || (k.eq_ignore_ascii_case("npm_config_production") && truthy(v))
            || (k.eq_ignore_ascii_case("npm_config_omit") && v.contains("dev"))
        {
            return true;
        }
    }
    facts::var_value(cx, stage, at, "NODE_ENV").is_some_and(|v| prod(&v))
        || facts::var_value(cx, stage, at, "NPM_CONFIG_PRODUCTION").is_some_and(|v| truthy(&v))
        || facts::var_value(cx, stage, at, "npm_config_production").is_some_and(|v| truthy(&v))
        || facts::var_value(cx, stage, at, "NPM_CONFIG_OMIT").is_some_and(|v| v.contains("dev"))
}

/// Finds development-dependency installs in the final image.
pub fn dev_installs(cx: &Context<'_>) -> Vec<DevInstall> {
    let df = cx.df;
    let mut out = Vec::new();
    let Some(final_stage) = facts::final_stage(df) else {
        return out;
    };
    if facts::is_dev_image(cx, final_stage.index) || runs_dev_server(df, final_stage.index) {
        return out;
    }
    let runs = facts::runs(df, final_stage.index);
    let mut node_builds = false;
    let mut pruned_after: Option<usize> = None;
    for (i, ins) in &runs {
        for c in facts::commands_of(ins) {
            if ecosystem::build_step(&c).is_some_and(|b| {
                b.ecosystem == Some(Ecosystem::Node) || b.label.contains("assets:precompile")
            }) {
                node_builds = true;
            }
            if let Some((tool, a)) = ecosystem::tool_of(&c) {
                let pos = ecosystem::positional(a.args, &[]);
                let sub = pos.first().map(|w| w.value.as_str());
                let prod_flag = has_flag(a.args, &["--production", "--prod", "-P"])
                    || flag_value(a.args, &["--omit"]).is_some_and(|v| v.contains("dev"))
                    || flag_value(a.args, &["--only"]).is_some_and(|v| v.starts_with("prod"));
                if matches!(tool, Tool::Npm | Tool::Pnpm) && sub == Some("prune") && prod_flag {
                    pruned_after = Some(*i);
                }
            }
        }
    }
    for (i, ins) in &runs {
        let stage = df.stage_of(*i).map_or(final_stage.index, |s| s.index);
        for c in facts::commands_of(ins) {
            let Some(dep) = ecosystem::dependency_install(&c) else {
                continue;
            };
            let args = dep.argv.args;
            let insert_after = |text: &'static str| Some((dep.range.end, text));
            let found = match dep.tool {
                Tool::Npm | Tool::Yarn | Tool::Pnpm => {
                    let prod_flag = has_flag(args, &["--production", "--prod", "-P"])
                        || flag_value(args, &["--omit"]).is_some_and(|v| v.contains("dev"))
                        || flag_value(args, &["--only"]).is_some_and(|v| v.starts_with("prod"));
                    let pruned = pruned_after.is_some_and(|p| p >= *i);
                    if node_builds || prod_flag || pruned || node_production_env(cx, stage, *i, &c)
                    {
                        None
                    } else {
                        let insert = match dep.tool {
                            Tool::Npm => insert_after(" --omit=dev"),
                            Tool::Pnpm => insert_after(" --prod"),
                            _ => None,
                        };
                        Some((insert, None))
                    }
                }
                Tool::Pip | Tool::Uv if !dep.files.is_empty() => dep
                    .files
                    .iter()
                    .find(|f| is_dev_requirements(f))
                    .map(|f| (None, Some(f.clone()))),
                Tool::Uv => {
                    let excluded =
                        has_flag(args, &["--no-dev", "--only-group", "--no-default-groups"])
                            || flag_value(args, &["--no-group"]).is_some_and(|v| v.contains("dev"))
                            || facts::var_value(cx, stage, *i, "UV_NO_DEV")
                                .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                    (!excluded && python_has_dev_group(cx)).then_some((None, None))
                }
                Tool::Poetry => {
                    let excluded = has_flag(args, &["--no-dev", "--only-root"])
                        || flag_value(args, &["--only"]).is_some()
                        || flag_value(args, &["--without"]).is_some_and(|v| v.contains("dev"));
                    (!excluded && python_has_dev_group(cx)).then_some((None, None))
                }
                Tool::Pipenv => has_flag(args, &["--dev", "-d"]).then_some((None, None)),
                Tool::Composer => {
                    let excluded = has_flag(args, &["--no-dev"])
                        || facts::var_value(cx, stage, *i, "COMPOSER_NO_DEV")
                            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                    (!excluded).then_some((insert_after(" --no-dev"), None))
                }
                _ => None,
            };
            if let Some((insert, file)) = found {
                out.push(DevInstall {
                    tool: dep.tool,
                    range: dep.range,
                    insert: insert.filter(|_| c.range.end <= ins.range.end && ins.shell.is_some()),
                    file,
                });
            }
        }
    }
    out
}

impl Rule for DevDependencies {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for d in dev_installs(cx) {
            let cmd = d.range.of(cx.text()).to_string();
            let (what, advice) = match (&d.file, d.tool) {
                (Some(f), _) => (
                    format!("installs the development requirements in `{f}`"),
                    "install only the runtime requirements in the final image".to_string(),
                ),
                (None, Tool::Npm) => (
                    "installs devDependencies".into(),
                    format!("use `{cmd} --omit=dev` (or set `ENV NODE_ENV=production` before it)"),
                ),
                (None, Tool::Pnpm) => (
                    "installs devDependencies".into(),
                    format!("use `{cmd} --prod` (or set `ENV NODE_ENV=production` before it)"),
                ),
                (None, Tool::Yarn) => (
                    "installs devDependencies".into(),
                    "use `yarn install --production` (Yarn 1) or `yarn workspaces focus --production` (Yarn 2+), or set `ENV NODE_ENV=production` before it".into(),
                ),
                (None, Tool::Poetry) => (
                    "installs the dev dependency group".into(),
                    "add `--without dev` (or `--only main`)".into(),
                ),
                (None, Tool::Uv) => (
                    "installs the dev dependency group".into(),
                    "add `--no-dev`".into(),
                ),
                (None, Tool::Pipenv) => (
                    "installs the [dev-packages]".into(),
                    "drop `--dev`".into(),
                ),
                (None, Tool::Composer) => (
                    "installs require-dev packages".into(),
                    format!("use `{cmd} --no-dev`"),
                ),
                (None, _) => ("installs development dependencies".into(), "exclude them".into()),
            };
            let message = format!(
                "`{cmd}` {what} into the image that ships: test runners, linters and build tools add size and vulnerabilities to production; {advice}"
            );
            let diag = out.report(d.range, message);
            if let Some((at, text)) = d.insert {
                diag.fix(
                    Fix::unsafe_(
                        format!("Add `{}`", text.trim()),
                        vec![Edit::insert(at, text)],
                    )
                    .preferred(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::MemoryFiles;
    use crate::rules::practice::testing::{run_with, spans};

    #[test]
    fn production_settings_clear_it() {
        for src in [
            "FROM node:20\nENV NODE_ENV=production\nRUN npm ci\nCMD [\"node\", \"s.js\"]\n",
            "ARG ENVIRONMENT=production\nFROM node:20\nARG ENVIRONMENT\nENV NODE_ENV=$ENVIRONMENT\nRUN npm ci\nCMD [\"node\", \"s.js\"]\n",
            "FROM node:20\nRUN npm ci --only=production\nCMD [\"node\", \"s.js\"]\n",
            "FROM node:20\nRUN npm ci\nRUN npm prune --omit=dev\nCMD [\"node\", \"s.js\"]\n",
            "FROM node:20\nRUN yarn install --production\nCMD [\"node\", \"s.js\"]\n",
            "FROM node:20\nRUN env NODE_ENV=production npm ci\nCMD [\"node\", \"s.js\"]\n",
        ] {
            assert!(spans("DK107", src).is_empty(), "{src}");
        }
    }

    #[test]
    fn builds_dev_servers_and_dev_images_need_them() {
        for src in [
            "FROM node:20\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/s.js\"]\n",
            "FROM node:20\nRUN npm ci\nCMD [\"npx\", \"ng\", \"serve\"]\n",
            "FROM node:20\nRUN npm ci\nCMD [\"npm\", \"run\", \"dev\"]\n",
            "FROM ruby:3\nRUN yarn install\nRUN bundle exec rails assets:precompile\nCMD [\"rails\", \"s\"]\n",
        ] {
            assert!(spans("DK107", src).is_empty(), "{src}");
        }
        let src = "FROM node:20\nRUN npm ci\nCMD [\"node\", \"s.js\"]\n";
        assert_eq!(spans("DK107", src), vec!["npm ci"]);
        let dev = run_with(
            "DK107",
            src,
            &MemoryFiles::default(),
            Some("Dockerfile.dev"),
            None,
        );
        assert!(dev.is_empty());
    }

    #[test]
    fn python_dev_groups() {
        let src = "FROM python:3.12\nRUN poetry install --no-root\nCMD [\"python\", \"m.py\"]\n";
        assert_eq!(spans("DK107", src), vec!["poetry install"]);
        let files = MemoryFiles::default().with(
            "pyproject.toml",
            "[tool.poetry.dependencies]\npython = \"^3.12\"\n",
        );
        assert!(run_with("DK107", src, &files, Some("Dockerfile"), None).is_empty());
        let without =
            "FROM python:3.12\nRUN poetry install --without dev\nCMD [\"python\", \"m.py\"]\n";
        assert!(spans("DK107", without).is_empty());
        let pipenv =
            "FROM python:3.12\nRUN pipenv install --dev --system\nCMD [\"python\", \"m.py\"]\n";
        assert_eq!(spans("DK107", pipenv), vec!["pipenv install"]);
    }

    #[test]
    fn dev_requirement_files() {
        for f in [
            "requirements-dev.txt",
            "requirements_dev.txt",
            "dev-requirements.txt",
            "requirements/dev.txt",
            "requirements/test.txt",
            "requirements-test.txt",
            "requirements.dev.txt",
            "/tmp/requirements-lint.txt",
        ] {
            assert!(is_dev_requirements(f), "{f}");
        }
        for f in [
            "requirements.txt",
            "requirements/base.txt",
            "requirements/prod.txt",
            "requirements-gpu.txt",
            "deps.txt",
        ] {
            assert!(!is_dev_requirements(f), "{f}");
        }
    }
}
