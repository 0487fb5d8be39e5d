//! Rust: copy the compiled binary into `debian:<release>-slim` (the builder's Debian
//! release, so the binary finds the glibc it was linked against; `debian:stable-slim`
//! when the tag does not say) with `ca-certificates` for TLS clients, or into `alpine`
//! for an Alpine toolchain. A start command that runs `cargo run` becomes the binary.

use crate::fixes::json_array;
use crate::rules::practice::ecosystem::{has_flag, positional};
use crate::rules::practice::facts;

use super::super::images::{self, Family};
use super::super::paths;
use super::go::alpine_image;
use super::{Append, Artifact, Plan, Stage};

/// The package's binary name from `Cargo.toml`.
fn crate_name(st: &Stage<'_>) -> Option<String> {
    let text = st.app_file("Cargo.toml")?;
    let v: toml::Value = toml::from_str(&text).ok()?;
    if let Some(bins) = v.get("bin").and_then(|b| b.as_array()) {
        if let Some(n) = bins
            .first()
            .and_then(|b| b.get("name"))
            .and_then(|n| n.as_str())
        {
            return Some(n.to_string());
        }
    }
    v.get("package")?.get("name")?.as_str().map(str::to_string)
}

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let commands = st.commands();
    let mut output: Option<String> = None;
    let mut name: Option<String> = crate_name(st);
    for rc in commands {
        let Some(a) = crate::commands::argv(&rc.cmd) else {
            continue;
        };
        if a.name != "cargo" {
            continue;
        }
        let pos = positional(
            a.args,
            &[
                "--bin",
                "--target",
                "--target-dir",
                "--profile",
                "--features",
                "-F",
                "-j",
                "--jobs",
                "-p",
                "--package",
                "--root",
                "--path",
            ],
        );
        let value = |opt: &str| {
            a.args
                .iter()
                .position(|w| w.value == opt)
                .and_then(|k| a.args.get(k + 1))
                .map(|w| w.value.clone())
        };
        let cwd = rc.cwd.clone()?;
        match pos.first().map(|w| w.value.as_str()) {
            Some("build" | "b") => {
                if let Some(b) = value("--bin") {
                    name = Some(b);
                }
                let release = has_flag(a.args, &["--release", "-r"])
                    || value("--profile").as_deref() == Some("release");
                let profile = if release { "release" } else { "debug" };
                let target_dir = value("--target-dir")
                    .or_else(|| facts::var_value(st.cx, st.index, rc.index, "CARGO_TARGET_DIR"))
                    .unwrap_or_else(|| "target".into());
                let mut dir = paths::join(&cwd, &target_dir);
                if let Some(t) = value("--target") {
                    dir = paths::join(&dir, &t);
                }
                output = Some(paths::join(&dir, profile));
            }
            Some("install") if has_flag(a.args, &["--path"]) => {
                let root = value("--root")
                    .or_else(|| facts::var_value(st.cx, st.index, rc.index, "CARGO_HOME"))
                    .unwrap_or_else(|| "/usr/local/cargo".into());
                output = Some(paths::join(&root, "bin"));
            }
            _ => {}
        }
    }
    let mut plan = Plan {
        same_family: false,
        ..Plan::default()
    };
    let tag = st.tag();
    if st.family == Family::Alpine {
        plan.runtime_image = alpine_image(&tag);
        plan.family = Some(Family::Alpine);
        plan.packages.push("ca-certificates".into());
    } else {
        plan.runtime_image = match images::release_of(&tag) {
            Some(r) => format!("debian:{r}-slim"),
            None => {
                plan.notes.push("debian:stable-slim is at least as new as the builder's Debian release; pin the release the builder uses.".into());
                "debian:stable-slim".into()
            }
        };
        plan.family = Some(Family::Debian);
        plan.packages.push("ca-certificates".into());
    }
    // The start command: `cargo run` becomes the binary; a path is kept as it is.
    let mut cargo_run: Option<(usize, Vec<String>)> = None;
    for (i, words) in st.start_commands() {
        if words.first().map(String::as_str) == Some("cargo")
            && words.get(1).map(String::as_str) == Some("run")
        {
            if let Some(k) = words.iter().position(|w| w == "--bin") {
                name = words.get(k + 1).cloned().or(name);
            }
            cargo_run = Some((i, words));
        }
    }
    let start_program = st.start_words().into_iter().next();
    if name.is_none() {
        // `CMD ["./target/release/app"]` or `CMD ["app"]` names the binary.
        name = start_program
            .as_deref()
            .filter(|p| *p != "cargo")
            .map(|p| p.rsplit('/').next().unwrap_or(p).to_string());
    }
    let name = name?;
    let dir = match output {
        Some(o) => o,
        None if cargo_run.is_some() => {
            plan.append.push(Append {
                comment: "Build the binary the runtime stage runs.",
                command: format!("cargo build --release --bin {name}"),
            });
            paths::join(&st.workdir, "target/release")
        }
        None => return None,
    };
    let built = paths::join(&dir, &name);
    let bin = format!("/usr/local/bin/{name}");
    match cargo_run {
        Some((i, words)) => {
            let args: Vec<String> = words
                .iter()
                .skip_while(|w| *w != "--")
                .skip(1)
                .cloned()
                .collect();
            let ins = st.df.instructions.get(i)?;
            let mut argv = vec![bin.clone()];
            argv.extend(args);
            plan.start
                .push((i, format!("{} {}", ins.keyword_text, json_array(&argv))));
            plan.artifacts.push(Artifact {
                from: built,
                to: bin,
            });
        }
        None => {
            // The start command names the binary by path (kept) or by name (on PATH).
            let by_path = start_program.as_deref().is_some_and(|p| p.contains('/'));
            if by_path {
                plan.artifacts.push(Artifact::same(built));
            } else {
                plan.artifacts.push(Artifact {
                    from: built,
                    to: bin,
                });
            }
        }
    }
    plan.notes.push(format!(
        "copy any files the binary reads at runtime (templates, static files, configuration) with COPY --from={}.",
        st.builder
    ));
    Some(plan)
}
