//! .NET: `dotnet publish` in the SDK image, and run the published output on
//! `mcr.microsoft.com/dotnet/aspnet` (web applications, and when unsure: it contains
//! the base runtime too), `runtime` (console applications) or `runtime-deps`
//! (self-contained builds) of the same version and distribution. The output keeps its
//! path; `dotnet run` as a start command becomes `dotnet <Project>.dll`.

use dockls_syntax::{Body, Keyword};

use crate::diagnostic::Edit;
use crate::fixes::json_array;
use crate::rules::practice::ecosystem::positional;

use super::super::images::Family;
use super::super::paths;
use super::{Append, Artifact, Plan, Stage};

/// The runtime tag for an SDK tag: `8.0` -> `8.0`, `10.0.100-noble` -> `10.0-noble`.
fn runtime_tag(tag: &str) -> String {
    let (version, rest) = match tag.split_once('-') {
        Some((v, r)) => (v, Some(r)),
        None => (tag, None),
    };
    let mm: Vec<&str> = version.split('.').take(2).collect();
    let v = if mm.len() == 2 && mm.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        mm.join(".")
    } else {
        version.to_string()
    };
    match rest {
        Some(r) => format!("{v}-{r}"),
        None => v,
    }
}

/// The project named on a dotnet command, or copied into the builder.
fn project(st: &Stage<'_>) -> Option<String> {
    for rc in st.commands() {
        for w in rc.cmd.args.iter() {
            if w.value.ends_with(".csproj") || w.value.ends_with(".fsproj") {
                return Some(w.value.clone());
            }
        }
    }
    for i in st.instructions() {
        if let Some(Body::Copy(c)) = st.df.instructions.get(i).map(|x| &x.body) {
            for s in &c.sources {
                if (s.value.ends_with(".csproj") || s.value.ends_with(".fsproj"))
                    && !s.value.contains('*')
                {
                    return Some(s.value.clone());
                }
            }
        }
    }
    None
}

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let commands = st.commands();
    let mut out_dir: Option<String> = None;
    let mut self_contained = false;
    let mut edits = Vec::new();
    let mut append = Vec::new();
    for rc in commands {
        let Some(a) = crate::commands::argv(&rc.cmd) else {
            continue;
        };
        if a.name != "dotnet" {
            continue;
        }
        let pos = positional(
            a.args,
            &[
                "-c",
                "--configuration",
                "-o",
                "--output",
                "-r",
                "--runtime",
                "-a",
                "--arch",
                "-f",
                "--framework",
                "--os",
            ],
        );
        if pos.first().map(|w| w.value.as_str()) != Some("publish") {
            continue;
        }
        let cwd = rc.cwd.clone()?;
        self_contained |= a.args.iter().enumerate().any(|(k, w)| {
            (w.value == "--self-contained" && a.args.get(k + 1).is_none_or(|n| n.value != "false"))
                || w.value == "--self-contained=true"
                || w.value == "--sc"
        });
        let o = a
            .args
            .iter()
            .position(|w| w.value == "-o" || w.value == "--output")
            .and_then(|k| a.args.get(k + 1))
            .map(|w| w.value.clone());
        out_dir = match o {
            Some(o) if o.contains('$') => return None,
            Some(o) => Some(paths::join(&cwd, &o)),
            None => {
                edits.push(Edit::insert(rc.cmd.range.end, " -o /app/publish"));
                Some("/app/publish".into())
            }
        };
    }
    if out_dir.is_none() {
        let p = project(st).map(|p| format!(" {p}")).unwrap_or_default();
        append.push(Append {
            comment: "Publish the application for the runtime stage.",
            command: format!("dotnet publish{p} -c Release -o /app/publish"),
        });
        out_dir = Some("/app/publish".into());
    }
    let out_dir = out_dir?;
    let tag = runtime_tag(&st.tag());
    let web_csproj = project(st)
        .and_then(|p| st.file(p.trim_start_matches("./")))
        .map(|t| t.contains("Microsoft.NET.Sdk.Web"));
    let exposes = st.instructions().any(|i| {
        st.df.instructions.get(i).is_some_and(|x| {
            x.is(Keyword::Expose)
                || matches!(&x.body, Body::Env { pairs, .. } if pairs.iter().any(|p| p.key.value.starts_with("ASPNETCORE")))
        })
    });
    let kind = if self_contained {
        "runtime-deps"
    } else if web_csproj == Some(false) && !exposes {
        "runtime"
    } else {
        "aspnet"
    };
    let mut plan = Plan {
        runtime_image: format!("mcr.microsoft.com/dotnet/{kind}:{tag}"),
        family: Some(if tag.contains("alpine") {
            Family::Alpine
        } else if tag.contains("chiseled") {
            Family::Distroless
        } else {
            Family::Debian
        }),
        same_family: false,
        edits,
        append,
        ..Plan::default()
    };
    // `dotnet run` needs the SDK: run the published assembly instead.
    let start = st.start();
    let words = st.start_words();
    if words.first().map(String::as_str) == Some("dotnet")
        && words.get(1).map(String::as_str) == Some("run")
    {
        let p = project(st)?;
        let name = p.rsplit('/').next()?.rsplit_once('.')?.0.to_string();
        let dll = format!("{name}.dll");
        let (i, ins) = start.last().copied()?;
        plan.start.push((
            i,
            format!(
                "{} {}",
                ins.keyword_text,
                json_array(&["dotnet", dll.as_str()])
            ),
        ));
        plan.workdir = Some(out_dir.clone());
    }
    plan.artifacts.push(Artifact::same(out_dir));
    Some(plan)
}

#[cfg(test)]
mod tests {
    #[test]
    fn runtime_tags() {
        assert_eq!(super::runtime_tag("8.0"), "8.0");
        assert_eq!(super::runtime_tag("10.0.100-noble"), "10.0-noble");
        assert_eq!(super::runtime_tag("7.0-alpine"), "7.0-alpine");
        assert_eq!(super::runtime_tag("latest"), "latest");
    }
}
