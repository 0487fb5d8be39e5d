//! Python: install the dependencies into a virtual environment (`/opt/venv`) in the
//! builder, where compilers and headers are available, and run on the `-slim` variant
//! of the same official image with the environment copied over. The interpreter path is
//! the same in both images, so the environment works unchanged.

use dockls_syntax::{Keyword, TextRange};

use crate::diagnostic::Edit;
use crate::rules::practice::ecosystem::{self, Tool};

use super::super::images;
use super::{Artifact, Plan, Stage};

pub const VENV: &str = "/opt/venv";

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let short = st.image.short_name().to_ascii_lowercase();
    let repo = st.image.repository.to_ascii_lowercase();
    let official = matches!(short.as_str(), "python" | "pypy") && st.image.is_docker_official();
    // Images built on the official ones keep their interpreter at the same path.
    if !matches!(short.as_str(), "python" | "pypy") && !repo.starts_with("tiangolo/") {
        return None;
    }
    let mut plan = Plan {
        same_family: true,
        family: Some(st.family),
        ..Plan::default()
    };
    plan.runtime_image = if official {
        let tag = st.written_tag().unwrap_or_else(|| "latest".into());
        st.retag(&images::slim_tag(&short, &tag)?)
    } else {
        st.image_word.clone()
    };
    let commands = st.commands();
    // Where the environment is created: before the first install of the project's
    // dependencies (tools such as poetry, installed before, stay out of it), and before
    // the COPY of its manifests right above it.
    let mut first_dep: Option<usize> = None;
    let mut uses_uv = false;
    for rc in commands {
        let Some((tool, a)) = ecosystem::tool_of(&rc.cmd) else {
            continue;
        };
        if !matches!(tool, Tool::Pip | Tool::Poetry | Tool::Pipenv | Tool::Uv) {
            continue;
        }
        let installs_project = ecosystem::dependency_install(&rc.cmd).is_some()
            || (tool == Tool::Pip
                && a.args.iter().any(|w| {
                    matches!(
                        w.value.as_str(),
                        "-r" | "--requirement" | "-e" | "--editable" | "."
                    ) || w.value.starts_with("--requirement=")
                        || w.value.starts_with("./")
                }));
        if installs_project {
            first_dep = Some(first_dep.map_or(rc.index, |f| f.min(rc.index)));
        }
        uses_uv |= tool == Tool::Uv;
        // A virtual environment refuses `--user`; uv's `--system` would bypass it.
        for (k, w) in a.args.iter().enumerate() {
            let drop = (tool == Tool::Pip && w.value == "--user")
                || (tool == Tool::Uv && w.value == "--system");
            if drop {
                let prev_end = if k == 0 {
                    a.program.range.end
                } else {
                    a.args[k - 1].range.end
                };
                plan.edits
                    .push(Edit::delete(TextRange::new(prev_end, w.range.end)));
            }
            // `pip install -e ./lib`: the environment points at those sources.
            if tool == Tool::Pip && (w.value == "-e" || w.value == "--editable") {
                if let (Some(p), Some(cwd)) = (a.args.get(k + 1), &rc.cwd) {
                    let local = p.value.starts_with('.') || p.value.starts_with('/');
                    if local && p.is_static {
                        let path = super::super::paths::join(cwd, &p.value);
                        let inside = st.app_dir != "/"
                            && super::super::paths::relative_to(&path, &st.app_dir).is_some();
                        if !inside {
                            plan.artifacts.push(Artifact::same(path));
                        }
                    }
                }
            }
            // `pip install --prefix=/install`: that folder is what runs.
            for opt in ["--prefix", "--target", "-t"] {
                let value = if w.value == opt {
                    a.args.get(k + 1).map(|n| n.value.clone())
                } else {
                    w.value
                        .strip_prefix(opt)
                        .and_then(|r| r.strip_prefix('='))
                        .map(str::to_string)
                };
                if let Some(v) = value.filter(|v| v.starts_with('/') && !v.contains('$')) {
                    plan.artifacts.push(Artifact::same(v));
                }
            }
        }
    }
    let env_kw = st.style.kw(Keyword::Env);
    let run_kw = st.style.kw(Keyword::Run);
    let env_line = format!("{env_kw} VIRTUAL_ENV={VENV} PATH=\"{VENV}/bin:$PATH\"");
    let any_pip = commands.iter().any(|rc| {
        ecosystem::tool_of(&rc.cmd)
            .is_some_and(|(t, _)| matches!(t, Tool::Pip | Tool::Poetry | Tool::Pipenv | Tool::Uv))
    });
    if first_dep.is_none() && any_pip {
        // Only named packages: they are the dependencies.
        first_dep = commands
            .iter()
            .find(|rc| ecosystem::tool_of(&rc.cmd).is_some_and(|(t, _)| t == Tool::Pip))
            .map(|rc| rc.index);
    }
    if let Some(mut at) = first_dep {
        while let Some(prev) = at.checked_sub(1) {
            let manifest = match st.df.instructions.get(prev).map(|x| &x.body) {
                Some(dockls_syntax::Body::Copy(c)) => {
                    !c.sources.is_empty()
                        && c.sources
                            .iter()
                            .all(|w| ecosystem::from_path(&w.value).is_some())
                }
                _ => false,
            };
            if !manifest || prev <= st.df.stages.first().map_or(0, |s| s.from) {
                break;
            }
            at = prev;
        }
        let uv = if uses_uv {
            format!(" UV_PROJECT_ENVIRONMENT={VENV}")
        } else {
            String::new()
        };
        plan.insert_before.push((
            at,
            format!("# Dependencies go into a virtual environment that the runtime stage copies.\n{run_kw} python3 -m venv {VENV}\n{env_line}{uv}"),
        ));
        plan.artifacts.insert(0, Artifact::same(VENV));
        plan.env.push(env_line);
    }
    if st.app_dir != "/" {
        plan.artifacts.push(Artifact::same(st.app_dir.clone()));
    }
    Some(plan)
}
