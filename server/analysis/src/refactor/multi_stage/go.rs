//! Go: copy the binaries the builder compiles into a minimal image. A static binary
//! (`CGO_ENABLED=0`, or an Alpine toolchain without a C compiler) runs on
//! `gcr.io/distroless/static-debian12:nonroot`; a binary linked against glibc runs on
//! `gcr.io/distroless/base-debian<N>:nonroot` for the builder's Debian release; one built
//! with cgo on Alpine runs on `alpine`. When the runtime stage needs a shell (it installs
//! packages, creates a user or runs a shell-form command), `alpine` or `debian:<release>-slim`
//! is used instead. Binaries keep their paths, so CMD and ENTRYPOINT stay valid.

use crate::fixes::json_array;
use crate::rules::practice::ecosystem::positional;
use crate::rules::practice::facts;

use super::super::images::{self, Family};
use super::super::paths;
use super::{Append, Artifact, Plan, Stage};

pub fn debian_number(release: Option<&str>) -> &'static str {
    match release {
        Some("buster") => "10",
        Some("bullseye") => "11",
        Some("trixie") => "13",
        _ => "12",
    }
}

pub fn alpine_image(tag: &str) -> String {
    match images::alpine_version(tag) {
        Some(v) => format!("alpine:{v}"),
        None => "alpine:3".into(),
    }
}

/// The module name's last element from `go.mod`, for `go build` without `-o`.
fn module_name(st: &Stage<'_>) -> Option<String> {
    let gomod = st.app_file("go.mod")?;
    let line = gomod
        .lines()
        .find_map(|l| l.trim().strip_prefix("module "))?;
    let m = line.trim().trim_matches('"');
    m.rsplit('/').next().map(str::to_string)
}

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let commands = st.commands();
    let mut outputs: Vec<String> = Vec::new();
    let mut static_build = false;
    let mut go_run: Option<(usize, Vec<String>)> = None;
    for rc in commands {
        let Some(a) = crate::commands::argv(&rc.cmd) else {
            continue;
        };
        if a.name != "go" {
            continue;
        }
        let pos = positional(
            a.args,
            &[
                "-o",
                "-C",
                "-tags",
                "-ldflags",
                "-gcflags",
                "-mod",
                "-modfile",
                "-p",
                "-trimpath",
            ],
        );
        let sub = pos.first().map(|w| w.value.as_str());
        let cwd = rc.cwd.clone()?;
        match sub {
            Some("build") => {
                let env_static = rc
                    .cmd
                    .assignments
                    .iter()
                    .any(|(k, v, _)| k == "CGO_ENABLED" && v == "0")
                    || facts::var_value(st.cx, st.index, rc.index, "CGO_ENABLED").as_deref()
                        == Some("0");
                static_build |= env_static;
                let o = a
                    .args
                    .iter()
                    .position(|w| w.value == "-o")
                    .and_then(|k| a.args.get(k + 1))
                    .map(|w| w.value.clone())
                    .or_else(|| {
                        a.args
                            .iter()
                            .find_map(|w| w.value.strip_prefix("-o=").map(str::to_string))
                    });
                let out = match o {
                    Some(o) if o.contains('$') => return None,
                    Some(o) => paths::join(&cwd, &o),
                    None => {
                        let pkg = pos.get(1).map(|w| w.value.as_str()).unwrap_or(".");
                        let name = if pkg == "." || pkg == "./" {
                            module_name(st)
                                .or_else(|| cwd.rsplit('/').next().map(str::to_string))?
                        } else if pkg.ends_with(".go") {
                            pkg.trim_end_matches(".go").rsplit('/').next()?.to_string()
                        } else {
                            pkg.trim_end_matches('/').rsplit('/').next()?.to_string()
                        };
                        paths::join(&cwd, &name)
                    }
                };
                outputs.push(out);
            }
            Some("install") if pos.iter().skip(1).all(|w| !w.value.contains('@')) => {
                let gopath = facts::var_value(st.cx, st.index, rc.index, "GOPATH")
                    .unwrap_or_else(|| "/go".into());
                outputs.push(format!("{gopath}/bin"));
            }
            _ => {}
        }
    }
    // `CMD ["go", "run", "."]`: the runtime has no toolchain, so build it.
    for (i, words) in st.start_commands() {
        if words.first().map(String::as_str) == Some("go")
            && words.get(1).map(String::as_str) == Some("run")
        {
            go_run = Some((i, words));
        }
    }
    let tag = st.tag();
    let alpine = st.family == Family::Alpine;
    let cgo_toolchain = images::installed(st.cx, st.index).manager.is_some()
        && commands.iter().any(|rc| {
            crate::commands::invocation(&rc.cmd).is_some_and(|inv| {
                inv.operands
                    .iter()
                    .any(|w| matches!(w.value.as_str(), "gcc" | "build-base" | "musl-dev" | "g++"))
            })
        });
    static_build |= alpine && !cgo_toolchain;
    let mut plan = Plan {
        same_family: false,
        ..Plan::default()
    };
    let release = images::release_of(&tag);
    let shell_image = if alpine {
        (alpine_image(&tag), Family::Alpine)
    } else {
        (
            format!("debian:{}-slim", release.unwrap_or("bookworm")),
            Family::Debian,
        )
    };
    if static_build {
        plan.runtime_image = "gcr.io/distroless/static-debian12:nonroot".into();
        plan.family = Some(Family::Distroless);
        plan.with_shell = Some(if alpine {
            shell_image
        } else {
            (alpine_image(&tag), Family::Alpine)
        });
    } else if alpine {
        plan.runtime_image = alpine_image(&tag);
        plan.family = Some(Family::Alpine);
    } else {
        plan.runtime_image = format!(
            "gcr.io/distroless/base-debian{}:nonroot",
            debian_number(release)
        );
        plan.family = Some(Family::Distroless);
        plan.with_shell = Some(shell_image);
    }
    if let Some((i, words)) = go_run {
        let pkg = words
            .iter()
            .skip(2)
            .find(|w| !w.starts_with('-'))
            .cloned()
            .unwrap_or_else(|| ".".into());
        let args: Vec<String> = words
            .iter()
            .skip_while(|w| **w != pkg)
            .skip(1)
            .cloned()
            .collect();
        let bin = "/usr/local/bin/app";
        plan.append.push(Append {
            comment: "Build the binary the runtime stage runs.",
            command: format!("CGO_ENABLED=0 go build -o {bin} {pkg}"),
        });
        let ins = st.df.instructions.get(i)?;
        let mut argv = vec![bin.to_string()];
        argv.extend(args);
        plan.start
            .push((i, format!("{} {}", ins.keyword_text, json_array(&argv))));
        outputs.push(bin.to_string());
        plan.runtime_image = "gcr.io/distroless/static-debian12:nonroot".into();
        plan.family = Some(Family::Distroless);
        plan.with_shell = Some((alpine_image(&tag), Family::Alpine));
    }
    if outputs.is_empty() {
        return None;
    }
    // The binary the image starts, when it is one of the outputs (or inside one).
    for o in outputs {
        if !plan.artifacts.iter().any(|a| a.from == o) {
            plan.artifacts.push(Artifact::same(o));
        }
    }
    plan.notes.push(format!(
        "copy any files the binary reads at runtime (templates, static files, configuration) with COPY --from={}.",
        st.builder
    ));
    Some(plan)
}
