//! Node.js: install every dependency in the builder (dev dependencies included, since
//! the build usually needs them), build, prune to production dependencies, and run on
//! the `-slim` variant of the same image (glibc, so native modules built in the builder
//! still load; an Alpine builder keeps Alpine) with `NODE_ENV=production`. The runtime
//! stage gets the manifests, `node_modules` and the build output when there is a build
//! step, else the whole application directory.

use dockls_syntax::{Body, Keyword, TextRange};

use crate::diagnostic::Edit;
use crate::rules::practice::ecosystem::{self, Ecosystem, Tool};

use super::super::images::{self, Family};
use super::{Append, Artifact, Plan, Stage};

/// Options that make an install skip dev dependencies.
fn production_only(v: &str) -> bool {
    matches!(
        v,
        "--production" | "--prod" | "-P" | "--only=production" | "--only=prod" | "--omit=dev"
    )
}

/// Where a build script writes, when the tool says so.
fn output_of_script(st: &Stage<'_>, script: &str) -> Option<Option<String>> {
    let s = script.to_ascii_lowercase();
    // Frameworks whose server needs more than one folder: ship the whole directory.
    for whole in [
        "next build",
        "nuxt build",
        "nuxi build",
        "remix build",
        "svelte-kit",
        "react-router build",
    ] {
        if s.contains(whole) {
            return Some(None);
        }
    }
    if s.contains("react-scripts build") {
        return Some(Some("build".into()));
    }
    if s.contains("gatsby build") {
        return Some(Some("public".into()));
    }
    if s.contains("tsc") {
        return Some(Some(tsc_out_dir(st).unwrap_or("dist").into()));
    }
    for d in [
        "nest build",
        "vite build",
        "ng build",
        "webpack",
        "rollup",
        "esbuild",
        "tsup",
        "parcel build",
        "astro build",
        "babel",
    ] {
        if s.contains(d) {
            return Some(Some("dist".into()));
        }
    }
    None
}

/// `compilerOptions.outDir` of `tsconfig.json`, for the few values it usually has.
fn tsc_out_dir(st: &Stage<'_>) -> Option<&'static str> {
    let t = st.app_file("tsconfig.json")?;
    let v: serde_json::Value = serde_json::from_str(&strip_json_comments(&t)).ok()?;
    let out = v.get("compilerOptions")?.get("outDir")?.as_str()?;
    let out = out.trim_start_matches("./").trim_end_matches('/');
    ["dist", "build", "out", "lib"]
        .into_iter()
        .find(|d| *d == out)
}

fn strip_json_comments(s: &str) -> String {
    s.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Scripts of `package.json`.
fn script(st: &Stage<'_>, name: &str) -> Option<String> {
    let pj = st.app_file("package.json")?;
    let v: serde_json::Value = serde_json::from_str(&pj).ok()?;
    v.get("scripts")?.get(name)?.as_str().map(str::to_string)
}

/// Dev-time servers a start script may run, which pruning would remove.
const DEV_RUNNERS: &[&str] = &[
    "nodemon",
    "ts-node",
    "tsx ",
    "next dev",
    "vite",
    "react-scripts start",
    "webpack serve",
    "webpack-dev-server",
];

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let short = st.image.short_name().to_ascii_lowercase();
    let official = short == "node";
    let mut plan = Plan {
        same_family: true,
        family: Some(st.family),
        ..Plan::default()
    };
    plan.runtime_image = if official {
        let tag = st.written_tag().unwrap_or_else(|| "latest".into());
        st.retag(&images::slim_tag("node", &tag)?)
    } else {
        st.image_word.clone()
    };
    if !official {
        plan.notes.push(
            "the runtime stage uses the builder's image; a smaller one (such as the official node image's -slim variant) would ship less.".into(),
        );
    }
    let commands = st.commands();
    let mut tool = None;
    let mut prod_only = false;
    let mut last_install = None;
    for rc in commands {
        if let Some(dep) = ecosystem::dependency_install(&rc.cmd) {
            if dep.tool.ecosystem() != Ecosystem::Node {
                continue;
            }
            tool.get_or_insert(dep.tool);
            last_install = Some(rc.index);
            prod_only |= dep.argv.args.iter().any(|w| production_only(&w.value))
                || rc
                    .cmd
                    .assignments
                    .iter()
                    .any(|(k, v, _)| k == "NODE_ENV" && v == "production");
        }
    }
    let builds: Vec<(usize, String)> = commands
        .iter()
        .filter_map(|rc| {
            let b = ecosystem::build_step(&rc.cmd)?;
            (b.ecosystem == Some(Ecosystem::Node)).then_some((rc.index, b.label))
        })
        .collect();
    // The builder installs everything when it builds.
    if !builds.is_empty() {
        for rc in commands {
            let Some(dep) = ecosystem::dependency_install(&rc.cmd) else {
                continue;
            };
            if dep.tool.ecosystem() != Ecosystem::Node {
                continue;
            }
            let args = dep.argv.args;
            for (k, w) in args.iter().enumerate() {
                let two = w.value == "--omit" && args.get(k + 1).is_some_and(|n| n.value == "dev")
                    || w.value == "--only"
                        && args.get(k + 1).is_some_and(|n| n.value.starts_with("prod"));
                if production_only(&w.value) || two {
                    let prev_end = if k == 0 {
                        dep.argv.program.range.end
                    } else {
                        args[k - 1].range.end
                    };
                    let end = if two {
                        args.get(k + 1).map_or(w.range.end, |n| n.range.end)
                    } else {
                        w.range.end
                    };
                    plan.edits.push(Edit::delete(TextRange::new(prev_end, end)));
                }
            }
            for (k, v, r) in &rc.cmd.assignments {
                if k == "NODE_ENV" && v == "production" {
                    let end = st.text()[r.end..]
                        .find(|c: char| !c.is_whitespace())
                        .map_or(r.end, |n| r.end + n);
                    plan.edits.push(Edit::delete(TextRange::new(r.start, end)));
                }
            }
        }
        plan.edits.sort_by_key(|e| e.range.start);
        plan.edits.dedup();
    }
    let moved_modules = super::written_paths(st)
        .iter()
        .any(|(_, p)| p.ends_with("/node_modules"));
    // The script the start command runs (`npm start`, `npm run serve`, `yarn preview`).
    let words = st.start_words();
    let runner = words
        .iter()
        .position(|w| matches!(w.as_str(), "npm" | "yarn" | "pnpm" | "bun"))
        .map(|k| {
            let rest: Vec<&String> = words
                .iter()
                .skip(k + 1)
                .filter(|w| !w.starts_with('-'))
                .collect();
            match rest.as_slice() {
                [run, name, ..] if run.as_str() == "run" => name.to_string(),
                [name, ..] => name.to_string(),
                [] => "start".to_string(),
            }
        });
    let start_script = runner.and_then(|r| script(st, &r));
    let dev_runner = start_script
        .as_deref()
        .is_some_and(|s| DEV_RUNNERS.iter().any(|d| s.contains(d)));
    let tool = tool.unwrap_or(Tool::Npm);
    if last_install.is_some() && !moved_modules && (!builds.is_empty() || !prod_only) {
        if dev_runner {
            plan.notes.push("the start command runs a development tool, so dev dependencies were not pruned; serve the build output with a production server instead.".into());
        } else {
            let node_major = images::major_version(&st.tag());
            let cmd = match tool {
                Tool::Yarn => {
                    let berry = st.app_file(".yarnrc.yml").is_some();
                    if berry {
                        "yarn workspaces focus --all --production"
                    } else {
                        "yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline"
                    }
                }
                Tool::Pnpm => "pnpm prune --prod",
                Tool::Bun => "bun install --production",
                _ if node_major.is_some_and(|v| v < 16) => "npm prune --production",
                _ => "npm prune --omit=dev",
            };
            plan.append.push(Append {
                comment: "Keep only the production dependencies for the runtime stage.",
                command: cmd.to_string(),
            });
        }
    }
    let sets_node_env = st.instructions().any(|i| {
        matches!(st.df.instructions.get(i).map(|x| &x.body), Some(Body::Env { pairs, .. }) if pairs.iter().any(|p| p.key.value == "NODE_ENV"))
    });
    if !sets_node_env {
        plan.env
            .push(format!("{} NODE_ENV=production", st.style.kw(Keyword::Env)));
    }
    // What to copy.
    let mut output: Option<Option<String>> = None;
    let mut assumed = false;
    if !builds.is_empty() {
        if let Some(b) = script(st, "build") {
            output = output_of_script(st, &b);
        }
        if output.is_none() {
            for (_, label) in &builds {
                if let Some(o) = output_of_script(st, label) {
                    output = Some(o);
                    break;
                }
            }
        }
        if output.is_none() {
            // `node dist/index.js`: the folder the start command runs from.
            let words = st.start_words();
            let script_dir = words
                .iter()
                .skip_while(|w| !matches!(w.rsplit('/').next(), Some("node" | "nodejs")))
                .skip(1)
                .find(|w| !w.starts_with('-'))
                .and_then(|s| {
                    s.trim_start_matches("./")
                        .split_once('/')
                        .map(|(d, _)| d.to_string())
                });
            if let Some(d) = script_dir {
                output = Some(Some(d));
            }
        }
        if output.is_none() {
            output = Some(Some("dist".into()));
            assumed = true;
        }
    }
    let app = st.app_dir.clone();
    if app == "/" {
        return None;
    }
    match output {
        Some(Some(dir)) => {
            let manifests = if tool == Tool::Npm {
                "package*.json"
            } else {
                "package.json"
            };
            plan.artifacts.push(Artifact::same(st.in_app(manifests)));
            if !moved_modules {
                plan.artifacts
                    .push(Artifact::same(st.in_app("node_modules")));
            }
            plan.artifacts.push(Artifact::same(st.in_app(&dir)));
            if assumed {
                plan.notes.push(format!(
                    "dockls assumed the build writes to {dir}/; copy the folders the application needs at runtime."
                ));
            }
        }
        _ => plan.artifacts.push(Artifact::same(app)),
    }
    if st.family == Family::Unknown {
        plan.family = Some(Family::Unknown);
    }
    Some(plan)
}
