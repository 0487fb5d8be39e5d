//! Facts about the image a Dockerfile produces, shared by the practice rules and by the
//! refactorings that will fix them: the final stage and its lineage, the commands its
//! RUN instructions execute, its exposed ports, the command it starts and whether that
//! command is a long-running service.
//!
//! Everything here is computed from the typed views and the shell view; nothing is
//! guessed about the base image except through the small tables documented below.

use std::borrow::Cow;

use dockls_syntax::shell::{ShellCommand, ShellWord};
use dockls_syntax::{Base, Body, CommandForm, Dockerfile, Instruction, Keyword, Stage, TextRange};

use crate::context::Context;
use crate::semantic::expand;

/// The stage `docker build` produces without `--target`, with its index.
pub fn final_stage(df: &Dockerfile) -> Option<&Stage> {
    df.final_stage()
}

/// Instruction indices of a stage and the stages it is built `FROM`, oldest first, so a
/// later instruction in the list overrides an earlier one (as in the built image).
pub fn lineage_instructions(df: &Dockerfile, stage: usize) -> Vec<usize> {
    let mut stages = df.lineage(stage);
    stages.reverse();
    stages
        .into_iter()
        .filter_map(|s| df.stages.get(s))
        .flat_map(|s| s.instructions.clone())
        .collect()
}

/// The commands of a RUN (or CMD, ENTRYPOINT, `HEALTHCHECK CMD`): the shell view for the
/// shell form, and one synthesized command for the exec form.
pub fn commands_of(ins: &Instruction) -> Vec<Cow<'_, ShellCommand>> {
    if let Some(sh) = &ins.shell {
        return sh.commands.iter().map(Cow::Borrowed).collect();
    }
    match ins.command() {
        Some(CommandForm::Exec { range, items }) => {
            let mut words = items.iter().map(|w| ShellWord {
                range: w.range,
                raw: w.raw.clone(),
                value: w.value.clone(),
                is_static: !w.value.contains('$'),
            });
            let Some(name) = words.next() else {
                return Vec::new();
            };
            vec![Cow::Owned(ShellCommand {
                range: *range,
                name: Some(name),
                args: words.collect(),
                assignments: Vec::new(),
                redirects: Vec::new(),
                in_pipeline: false,
                nested: false,
            })]
        }
        _ => Vec::new(),
    }
}

/// The top-level RUN instructions of a stage's lineage (not ONBUILD), oldest first.
pub fn runs(df: &Dockerfile, stage: usize) -> Vec<(usize, &Instruction)> {
    lineage_instructions(df, stage)
        .into_iter()
        .filter_map(|i| df.instructions.get(i).map(|ins| (i, ins)))
        .filter(|(_, ins)| ins.is(Keyword::Run))
        .collect()
}

/// The value of a variable (ARG or ENV) in effect before instruction `before` of `stage`,
/// following its lineage and the global ARG defaults. `None` when it is not declared or
/// has no value that can be known without build arguments.
pub fn var_value(cx: &Context<'_>, stage: usize, before: usize, name: &str) -> Option<String> {
    var_value_depth(cx, stage, before, name, 0)
}

fn var_value_depth(
    cx: &Context<'_>,
    stage: usize,
    before: usize,
    name: &str,
    depth: usize,
) -> Option<String> {
    if depth > 8 {
        return None;
    }
    let sem = cx.semantic();
    let df = cx.df;
    for s in df.lineage(stage) {
        let Some(facts) = sem.stages.get(s) else {
            continue;
        };
        let found = facts
            .vars
            .iter()
            .rev()
            .find(|v| v.name == name && (s != stage || v.instruction < before));
        if let Some(v) = found {
            return match &v.value {
                Some(raw) => {
                    let at = v.instruction;
                    // `ENV NODE_ENV=$NODE_ENV` refers to the value before this one (the
                    // ARG of the same name), which is what a lookup before `at` finds.
                    let lookup = |n: &str| var_value_depth(cx, s, at, n, depth + 1);
                    expand(raw, &lookup)
                }
                // `ARG NAME` inside a stage takes the global default, if any.
                None if !v.is_env => sem
                    .global_args
                    .iter()
                    .rev()
                    .find(|g| g.name == name)
                    .and_then(|g| g.value.clone()),
                None => None,
            };
        }
    }
    None
}

/// A port the final image declares with EXPOSE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    /// The EXPOSE word as written (e.g. `8080/tcp`, `$PORT`).
    pub text: String,
    pub range: TextRange,
    /// The port number, when the word (after ARG/ENV defaults) is a number or range start.
    pub number: Option<u16>,
    /// Instruction index of the EXPOSE.
    pub instruction: usize,
}

/// The ports a stage exposes, its lineage included.
pub fn ports(cx: &Context<'_>, stage: usize) -> Vec<Port> {
    let df = cx.df;
    let mut out = Vec::new();
    for i in lineage_instructions(df, stage) {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        let Body::Expose(words) = &ins.body else {
            continue;
        };
        let owner = df.stage_of(i).map_or(stage, |s| s.index);
        for w in words {
            let value = if w.has_vars() {
                let lookup = |n: &str| var_value(cx, owner, i, n);
                expand(&w.raw, &lookup)
            } else {
                Some(w.value.clone())
            };
            let number = value.as_deref().and_then(|v| {
                let port = v.split('/').next().unwrap_or(v);
                let port = port.split('-').next().unwrap_or(port);
                port.parse::<u16>().ok()
            });
            out.push(Port {
                text: w.value.clone(),
                range: w.range,
                number,
                instruction: i,
            });
        }
    }
    out
}

/// The command an image starts: its ENTRYPOINT and CMD (the last of each in the lineage).
#[derive(Clone, Debug)]
pub struct StartCommand<'a> {
    pub entrypoint: Option<(usize, &'a Instruction)>,
    pub cmd: Option<(usize, &'a Instruction)>,
}

/// The ENTRYPOINT and CMD in effect at the end of a stage.
pub fn start_command(df: &Dockerfile, stage: usize) -> StartCommand<'_> {
    let mut entrypoint = None;
    let mut cmd = None;
    for i in lineage_instructions(df, stage) {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        match ins.keyword {
            Some(Keyword::Entrypoint) => {
                entrypoint = Some((i, ins));
                // An ENTRYPOINT resets the CMD inherited from before it.
                cmd = None;
            }
            Some(Keyword::Cmd) => cmd = Some((i, ins)),
            _ => {}
        }
    }
    StartCommand { entrypoint, cmd }
}

/// A known long-running server started by the image's command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// The program or subcommand that identifies the server (e.g. `gunicorn`, `rails server`).
    pub name: String,
    /// Where it is named (in CMD or ENTRYPOINT).
    pub range: TextRange,
    /// Instruction index of that CMD or ENTRYPOINT.
    pub instruction: usize,
}

/// Programs that, when they are what an image runs, serve requests until stopped.
const SERVERS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2",
    "apache2-foreground",
    "apache2ctl",
    "apachectl",
    "caddy",
    "traefik",
    "haproxy",
    "envoy",
    "lighttpd",
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "granian",
    "waitress-serve",
    "uwsgi",
    "puma",
    "unicorn",
    "thin",
    "passenger",
    "frankenphp",
    "php-fpm",
    "http-server",
    "redis-server",
    "postgres",
    "mysqld",
    "mariadbd",
    "mongod",
    "memcached",
    "rabbitmq-server",
    "elasticsearch",
    "catalina.sh",
    "kong",
    "grafana-server",
    "prometheus",
    "sshd",
    "named",
    "dnsmasq",
    "squid",
    "varnishd",
    "coredns",
    "influxd",
    "etcd",
    "nats-server",
    "registry",
];

/// `program subcommand` pairs that start a server.
const SERVER_SUBCOMMANDS: &[(&str, &str)] = &[
    ("rails", "server"),
    ("rails", "s"),
    ("flask", "run"),
    ("manage.py", "runserver"),
    ("artisan", "serve"),
    ("next", "start"),
    ("minio", "server"),
    ("vault", "server"),
    ("consul", "agent"),
    ("hugo", "server"),
    ("streamlit", "run"),
    ("mlflow", "server"),
    ("jupyter", "notebook"),
    ("jupyter", "lab"),
    ("jupyter-lab", ""),
    ("http.server", ""),
    // The conventional start script of a Node.js web application.
    ("npm", "start"),
    ("yarn", "start"),
    ("pnpm", "start"),
];

/// Wrappers that run the command after them (with how many of their own words to skip).
fn wrapper_skip(name: &str, args: &[&str]) -> Option<usize> {
    Some(match name {
        "exec" | "nohup" | "dumb-init" | "command" | "time" | "npx" => {
            args.iter().take_while(|a| a.starts_with('-')).count()
        }
        "tini" | "tini-static" => {
            let dash = args.iter().position(|a| *a == "--");
            dash.map_or_else(
                || args.iter().take_while(|a| a.starts_with('-')).count(),
                |p| p + 1,
            )
        }
        "gosu" | "su-exec" | "s6-setuidgid" | "chpst" => 1,
        "bundle" | "poetry" | "pipenv" | "uv" | "pdm" | "hatch" | "rye"
            if matches!(args.first(), Some(&"exec") | Some(&"run")) =>
        {
            1
        }
        n if n.starts_with("python") => {
            if args.first() == Some(&"-m") {
                1
            } else {
                args.iter().take_while(|a| a.starts_with('-')).count()
            }
        }
        "php" if args.first() != Some(&"-S") => 0,
        _ => return None,
    })
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Finds a known server in one argv (program and arguments, wrappers allowed).
fn server_in(words: &[(&str, TextRange)]) -> Option<(String, TextRange)> {
    let mut i = 0;
    let mut guard = 0;
    while let Some((w, r)) = words.get(i) {
        guard += 1;
        if guard > 16 {
            return None;
        }
        let name = basename(w);
        let name = name.strip_suffix(".exe").unwrap_or(name);
        let rest: Vec<&str> = words.iter().skip(i + 1).map(|(w, _)| *w).collect();
        // `php -S 0.0.0.0:80` is PHP's built-in web server.
        if name == "php" && rest.first() == Some(&"-S") {
            return Some(("php -S".into(), *r));
        }
        if name.starts_with("php-fpm") || name.starts_with("php") && name.ends_with("-fpm") {
            return Some((name.to_string(), *r));
        }
        if SERVERS.contains(&name) {
            return Some((name.to_string(), *r));
        }
        // `node server.js`, `node dist/server.mjs`.
        if name == "node" || name == "nodejs" || name == "bun" || name == "deno" {
            let script = rest.iter().find(|a| !a.starts_with('-'));
            if let Some(script) = script {
                let file = basename(script);
                if file.starts_with("server.") || file.starts_with("server-") {
                    return Some((format!("{name} {script}"), *r));
                }
            }
        }
        let sub = rest.iter().copied().find(|a| !a.starts_with('-'));
        for (prog, s) in SERVER_SUBCOMMANDS {
            if name == *prog && (s.is_empty() || sub == Some(*s)) {
                let label = if s.is_empty() {
                    prog.to_string()
                } else {
                    format!("{prog} {s}")
                };
                return Some((label, *r));
            }
        }
        // `sh -c "exec gunicorn app:app"`: read the script's words.
        if matches!(name, "sh" | "bash" | "ash" | "dash" | "zsh") {
            let script = rest
                .iter()
                .position(|a| *a == "-c")
                .and_then(|p| words.get(i + 2 + p));
            let (text, range) = script?;
            // Each command of the script (`migrate && exec gunicorn app`).
            return text.split([';', '&', '|', '\n']).find_map(|segment| {
                let inner: Vec<(&str, TextRange)> = segment
                    .split([' ', '\t'])
                    .filter(|w| !w.is_empty())
                    .map(|w| (w, *range))
                    .collect();
                server_in(&inner)
            });
        }
        match wrapper_skip(name, &rest) {
            Some(n) => i += 1 + n,
            None => return None,
        }
    }
    None
}

fn argv_words(ins: &Instruction) -> Vec<Vec<(String, TextRange)>> {
    commands_of(ins)
        .iter()
        .map(|c| {
            c.name
                .iter()
                .chain(c.args.iter())
                .map(|w| (w.value.clone(), w.range))
                .collect()
        })
        .collect()
}

/// The server an image starts, if its CMD or ENTRYPOINT names a known one.
pub fn server(df: &Dockerfile, stage: usize) -> Option<Server> {
    let start = start_command(df, stage);
    let mut candidates: Vec<(usize, Vec<(String, TextRange)>)> = Vec::new();
    let ep = start.entrypoint.map(|(i, ins)| (i, argv_words(ins)));
    let cmd = start.cmd.map(|(i, ins)| (i, argv_words(ins)));
    if let Some((i, argvs)) = &ep {
        for a in argvs {
            candidates.push((*i, a.clone()));
        }
    }
    if let Some((i, argvs)) = &cmd {
        for a in argvs {
            candidates.push((*i, a.clone()));
        }
        // An exec-form ENTRYPOINT wrapper (`tini --`) followed by CMD.
        if let Some((_, ep_argvs)) = &ep {
            if let (Some(first_ep), Some(first_cmd)) = (ep_argvs.first(), argvs.first()) {
                let mut joined = first_ep.clone();
                joined.extend(first_cmd.iter().cloned());
                candidates.push((*i, joined));
            }
        }
    }
    candidates.into_iter().find_map(|(i, words)| {
        let borrowed: Vec<(&str, TextRange)> =
            words.iter().map(|(w, r)| (w.as_str(), *r)).collect();
        server_in(&borrowed).map(|(name, range)| Server {
            name,
            range,
            instruction: i,
        })
    })
}

/// Why an image counts as running a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceEvidence {
    /// It exposes a port.
    Expose(Port),
    /// Its command starts a known server.
    Server(Server),
}

impl ServiceEvidence {
    pub fn range(&self) -> TextRange {
        match self {
            ServiceEvidence::Expose(p) => p.range,
            ServiceEvidence::Server(s) => s.range,
        }
    }

    pub fn instruction(&self) -> usize {
        match self {
            ServiceEvidence::Expose(p) => p.instruction,
            ServiceEvidence::Server(s) => s.instruction,
        }
    }
}

/// Whether a stage's image runs a service: it exposes a port or starts a known server.
/// A known server wins over a port as the evidence, since it names what runs.
pub fn service(cx: &Context<'_>, stage: usize) -> Option<ServiceEvidence> {
    if let Some(s) = server(cx.df, stage) {
        return Some(ServiceEvidence::Server(s));
    }
    ports(cx, stage)
        .into_iter()
        .next()
        .map(ServiceEvidence::Expose)
}

/// Whether the stage's root image is Windows (by name or by the backtick escape).
pub fn is_windows(cx: &Context<'_>, stage: usize) -> bool {
    if cx.df.escape == '`' {
        return true;
    }
    let Some(img) = cx.semantic().root_image(cx.df, stage) else {
        return false;
    };
    let s = img.raw.to_ascii_lowercase();
    s.contains("windows") || s.contains("nanoserver") || s.contains("servercore")
}

/// Whether a Dockerfile's name marks it as a development, test, CI or build image
/// (`Dockerfile.dev`, `dev.Dockerfile`, `Dockerfile.test`, `check.Dockerfile`, ...).
pub fn is_dev_dockerfile(name: Option<&str>) -> bool {
    let Some(name) = name else {
        return false;
    };
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    base.split(['.', '-', '_']).any(|t| {
        matches!(
            t,
            "dev"
                | "development"
                | "devcontainer"
                | "debug"
                | "test"
                | "tests"
                | "testing"
                | "ci"
                | "build"
                | "builder"
                | "local"
                | "check"
                | "lint"
        )
    })
}

/// Whether the image is a development environment rather than something that ships:
/// its Dockerfile or its stage is named like one (`Dockerfile.dev`, `AS dev-envs`), or
/// it is built on a Dev Container image (`mcr.microsoft.com/devcontainers/*`,
/// `mcr.microsoft.com/vscode/devcontainers/*`).
pub fn is_dev_image(cx: &Context<'_>, stage: usize) -> bool {
    if is_dev_dockerfile(cx.file_name) {
        return true;
    }
    let stage_name = cx.df.stages.get(stage).and_then(|s| s.name.as_deref());
    if stage_name.is_some_and(|n| is_dev_dockerfile(Some(n))) {
        return true;
    }
    cx.semantic().root_image(cx.df, stage).is_some_and(|img| {
        img.registry.as_deref() == Some("mcr.microsoft.com")
            && (img.repository.starts_with("devcontainers/")
                || img.repository.starts_with("vscode/devcontainers/"))
    })
}

/// Whether the stage's lineage ends at `scratch`.
pub fn is_scratch(df: &Dockerfile, stage: usize) -> bool {
    df.lineage(stage)
        .last()
        .and_then(|s| df.stages.get(*s))
        .is_some_and(|s| matches!(s.base, Base::Scratch))
}

/// The range to report a whole-stage finding at: the base image word of its FROM, or
/// the FROM keyword.
pub fn from_range(df: &Dockerfile, stage: &Stage) -> TextRange {
    let Some(ins) = df.instructions.get(stage.from) else {
        return TextRange::empty(0);
    };
    match &ins.body {
        Body::From(f) => f.image.as_ref().map_or(ins.keyword_range, |w| w.range),
        _ => ins.keyword_range,
    }
}

/// The line number (1-based) of an offset, for messages that point elsewhere.
pub fn line_of(df: &Dockerfile, offset: usize) -> usize {
    df.line_index.line_of(offset) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    fn with_cx<T>(src: &str, f: impl FnOnce(&Context<'_>) -> T) -> T {
        let df = dockls_syntax::parse(src);
        let settings = Settings::default();
        let cx = Context::new(&df, &settings, &NoFiles, None);
        f(&cx)
    }

    #[test]
    fn finds_servers_through_wrappers() {
        let cases = [
            ("FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]\n", Some("gunicorn")),
            ("FROM python:3.12\nCMD python -m uvicorn main:app\n", Some("uvicorn")),
            (
                "FROM ruby:3\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"bundle\", \"exec\", \"rails\", \"server\"]\n",
                Some("rails server"),
            ),
            ("FROM nginx:1\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", Some("nginx")),
            ("FROM python:3\nCMD python manage.py runserver 0.0.0.0:8000\n", Some("manage.py runserver")),
            ("FROM node:20\nCMD [\"node\", \"index.js\"]\n", None),
            ("FROM node:20\nCMD [\"node\", \"dist/server.js\"]\n", Some("node dist/server.js")),
            ("FROM node:20\nCMD [\"npm\", \"start\"]\n", Some("npm start")),
            ("FROM alpine:3\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"postgres\"]\n", Some("postgres")),
            ("FROM php:8-fpm\nCMD [\"php-fpm\"]\n", Some("php-fpm")),
            ("FROM python:3\nCMD [\"sh\", \"-c\", \"exec gunicorn -b 0.0.0.0:$PORT app:app\"]\n", Some("gunicorn")),
            ("FROM python:3\nCMD [\"sh\", \"-c\", \"python migrate.py && echo done\"]\n", None),
            ("FROM python:3\nCMD [\"/bin/sh\", \"-c\", \"./migrate && exec uvicorn main:app\"]\n", Some("uvicorn")),
        ];
        for (src, want) in cases {
            let got = with_cx(src, |cx| server(cx.df, 0).map(|s| s.name));
            assert_eq!(got.as_deref(), want, "{src}");
        }
    }

    #[test]
    fn entrypoint_resets_inherited_cmd() {
        let src = "FROM alpine:3 AS a\nCMD [\"nginx\"]\nFROM a\nENTRYPOINT [\"/app\"]\n";
        assert!(with_cx(src, |cx| server(cx.df, 1)).is_none());
        let src = "FROM alpine:3 AS a\nCMD [\"nginx\"]\nFROM a\nRUN true\n";
        assert!(with_cx(src, |cx| server(cx.df, 1)).is_some());
    }

    #[test]
    fn ports_resolve_defaults() {
        let src = "FROM alpine:3\nARG PORT=8080\nEXPOSE $PORT 9000/udp\n";
        let p = with_cx(src, |cx| ports(cx, 0));
        assert_eq!(
            p.iter().map(|p| p.number).collect::<Vec<_>>(),
            vec![Some(8080), Some(9000)]
        );
    }

    #[test]
    fn resolves_variables_through_args() {
        let src = "ARG ENVIRONMENT=production\nFROM node:20\nARG ENVIRONMENT\nENV NODE_ENV=${ENVIRONMENT}\nRUN npm ci\n";
        let v = with_cx(src, |cx| var_value(cx, 0, 4, "NODE_ENV"));
        assert_eq!(v.as_deref(), Some("production"));
        let v = with_cx(src, |cx| var_value(cx, 0, 3, "NODE_ENV"));
        assert_eq!(v, None);
        let src = "FROM node:20\nARG NODE_ENV=production\nENV NODE_ENV=${NODE_ENV}\nENV PATH=$PATH:/x\nRUN x\n";
        let v = with_cx(src, |cx| var_value(cx, 0, 4, "NODE_ENV"));
        assert_eq!(v.as_deref(), Some("production"));
        assert_eq!(with_cx(src, |cx| var_value(cx, 0, 4, "PATH")), None);
    }
}
