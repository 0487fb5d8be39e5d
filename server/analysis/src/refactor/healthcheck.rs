//! Add a HEALTHCHECK to the final stage.
//!
//! The port comes from EXPOSE, else from the start command (`--bind 0.0.0.0:8000`,
//! `--port 8080`, `runserver 0.0.0.0:8000`), else from `ENV PORT`, else from the
//! server's documented default (gunicorn and uvicorn 8000, `rails server` 3000, nginx
//! 80, ...). The probe is one the image has: `curl -f` where curl is installed, BusyBox
//! `wget` on Alpine, the application's own interpreter (`node -e`, `python3 -c`,
//! `ruby -e`, `php -r`) on slim images, exec form on distroless, and the database's own
//! client for Redis, PostgreSQL, MySQL and MariaDB. With no known probe nothing is
//! offered: a probe that does not exist would mark a healthy container unhealthy.

use dockls_syntax::{Keyword, TextRange};

use crate::context::Context;
use crate::diagnostic::{Edit, Fix};
use crate::fixes::json_array;
use crate::rules::practice::facts;
use crate::rules::practice::missing_healthcheck::healthcheck;

use super::images::{self, Family, Interpreter};
use super::text::{self, Style};

/// The options every generated HEALTHCHECK gets.
pub const OPTIONS: &str = "--interval=30s --timeout=3s --start-period=5s --retries=3";

/// The path the probe asks for; the editor puts a tab stop on it.
pub const PATH: &str = "/health";

/// Where the probe connects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Port {
    Number(u16),
    /// A variable the container has at run time (`EXPOSE $PORT`); shell form only.
    Var(String),
}

impl Port {
    fn url_host(&self) -> String {
        match self {
            Port::Number(80) => "localhost".into(),
            Port::Number(n) => format!("localhost:{n}"),
            Port::Var(v) => format!("localhost:${{{v}}}"),
        }
    }
}

/// The documented default port of a server, by the name `facts::server` gives it.
fn default_port(server: &str) -> Option<u16> {
    let first = server.split_whitespace().next().unwrap_or(server);
    Some(match (first, server) {
        (_, "flask run") => 5000,
        (_, "manage.py runserver") => 8000,
        (_, "rails server" | "rails s") => 3000,
        // The Node.js convention (Express generator, Next.js, NestJS, Remix).
        (_, "next start" | "npm start" | "yarn start" | "pnpm start") => 3000,
        (_, "streamlit run") => 8501,
        (_, "artisan serve") => 8000,
        ("gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "granian" | "http.server", _) => 8000,
        ("waitress-serve" | "http-server" | "unicorn", _) => 8080,
        ("puma", _) => 9292,
        ("jupyter" | "jupyter-lab", _) => 8888,
        (
            "nginx" | "httpd" | "httpd-foreground" | "apache2" | "apache2-foreground" | "apachectl"
            | "apache2ctl" | "lighttpd",
            _,
        ) => 80,
        _ => return None,
    })
}

/// A port in `host:port`, `:port` or `port` form.
fn parse_port(s: &str) -> Option<u16> {
    let p = s.rsplit(':').next().unwrap_or(s);
    p.parse::<u16>().ok().filter(|n| *n > 0)
}

/// A port given on the start command (`-b 0.0.0.0:8000`, `--port=8080`, `runserver :8000`).
fn command_port(cx: &Context<'_>, stage: usize) -> Option<u16> {
    let start = facts::start_command(cx.df, stage);
    let mut words: Vec<String> = Vec::new();
    for (_, ins) in [start.entrypoint, start.cmd].into_iter().flatten() {
        for c in facts::commands_of(ins) {
            words.extend(c.name.iter().chain(c.args.iter()).map(|w| w.value.clone()));
        }
    }
    // `sh -c "gunicorn -b :8000 app"`: the script's words.
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let value_opts = [
        "-b",
        "--bind",
        "-p",
        "--port",
        "--listen",
        "--server.port",
        "-S",
    ];
    for (i, w) in words.iter().enumerate() {
        if value_opts.contains(&w.as_str()) {
            if let Some(p) = words.get(i + 1).and_then(|v| parse_port(v)) {
                return Some(p);
            }
        }
        for o in value_opts.iter().filter(|o| o.starts_with("--")) {
            if let Some(v) = w.strip_prefix(o).and_then(|r| r.strip_prefix('=')) {
                if let Some(p) = parse_port(v) {
                    return Some(p);
                }
            }
        }
        if w == "runserver" {
            if let Some(p) = words.get(i + 1).and_then(|v| parse_port(v)) {
                return Some(p);
            }
        }
    }
    None
}

/// The port to probe, and whether it is a plain number.
pub fn port(cx: &Context<'_>, stage: usize) -> Option<Port> {
    let ports = facts::ports(cx, stage);
    let tcp = ports
        .iter()
        .filter(|p| !p.text.to_ascii_lowercase().ends_with("/udp"));
    if let Some(n) = tcp.clone().find_map(|p| p.number) {
        return Some(Port::Number(n));
    }
    if let Some(p) = command_port(cx, stage) {
        return Some(Port::Number(p));
    }
    // `EXPOSE $PORT` without a default: the container's environment has it.
    if let Some(v) = tcp.clone().find_map(|p| {
        let t = p.text.trim_start_matches('$');
        let t = t.trim_start_matches('{').trim_end_matches('}');
        (p.text.starts_with('$') && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| t.to_string())
    }) {
        return Some(Port::Var(v));
    }
    let end = cx.df.stages.get(stage)?.instructions.end;
    if let Some(n) = facts::var_value(cx, stage, end, "PORT").and_then(|v| parse_port(&v)) {
        return Some(Port::Number(n));
    }
    facts::server(cx.df, stage)
        .and_then(|s| default_port(&s.name))
        .map(Port::Number)
}

/// How the probe runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    Curl,
    Wget,
    Interpreter(Interpreter),
    /// Exec form with the interpreter's absolute path (distroless).
    Exec(Interpreter, &'static str),
    /// A database's own check, shell form.
    Service(&'static str),
}

fn interpreter_of_program(p: &str) -> Option<Interpreter> {
    let p = p.rsplit('/').next().unwrap_or(p);
    match p {
        "node" | "nodejs" | "npm" | "yarn" | "pnpm" => Some(Interpreter::Node),
        "ruby" | "rails" | "bundle" | "puma" => Some(Interpreter::Ruby),
        "php" | "php-fpm" => Some(Interpreter::Php),
        p if p.starts_with("python") => Some(Interpreter::Python),
        "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "flask" | "streamlit" => {
            Some(Interpreter::Python)
        }
        _ => None,
    }
}

/// The probe the final image can run, if any.
pub fn probe(cx: &Context<'_>, stage: usize) -> Option<Probe> {
    let img = images::stage_image(cx, stage);
    let f = img.map(images::facts_of);
    let family = images::stage_family(cx, stage);
    if matches!(family, Family::Windows | Family::Scratch) {
        return None;
    }
    let server = facts::server(cx.df, stage).map(|s| s.name);
    let short = img.map(|i| i.short_name().to_ascii_lowercase());
    // Databases answer their own protocol, not HTTP.
    match (server.as_deref(), short.as_deref()) {
        (Some("redis-server"), Some("redis")) => return Some(Probe::Service("redis-cli ping")),
        (Some("postgres"), Some("postgres")) => {
            return Some(Probe::Service(
                "pg_isready -U \"${POSTGRES_USER:-postgres}\"",
            ))
        }
        (Some("mariadbd" | "mysqld"), Some("mariadb")) => {
            return Some(Probe::Service(
                "healthcheck.sh --connect --innodb_initialized",
            ))
        }
        (Some("mysqld"), Some("mysql")) => {
            return Some(Probe::Service("mysqladmin ping -h localhost"))
        }
        (Some("redis-server" | "postgres" | "mariadbd" | "mysqld" | "mongod" | "php-fpm"), _) => {
            return None
        }
        _ => {}
    }
    let installed = images::installed(cx, stage);
    if installed.curl || f.as_ref().is_some_and(|f| f.curl) {
        return Some(Probe::Curl);
    }
    if installed.wget || f.as_ref().is_some_and(|f| f.wget) || family == Family::Alpine {
        return Some(Probe::Wget);
    }
    if let Some(f) = &f {
        if let (Some(path), Some(i)) = (f.distroless_interpreter, f.interpreter) {
            return Some(Probe::Exec(i, path));
        }
        if family == Family::Distroless {
            return None;
        }
        if let Some(i) = f.interpreter {
            return Some(Probe::Interpreter(i));
        }
    }
    if !family.has_shell() {
        return None;
    }
    // The start command runs an interpreter, so the image has it.
    let start = facts::start_command(cx.df, stage);
    [start.entrypoint, start.cmd]
        .into_iter()
        .flatten()
        .flat_map(|(_, ins)| facts::commands_of(ins))
        .find_map(|c| c.program().and_then(interpreter_of_program))
        .map(Probe::Interpreter)
}

fn interpreter_code(i: Interpreter, url: &str) -> (&'static str, &'static str, String) {
    match i {
        Interpreter::Node => (
            "node",
            "-e",
            format!("require('http').get('{url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"),
        ),
        Interpreter::Python => (
            "python3",
            "-c",
            format!("import urllib.request; urllib.request.urlopen('{url}', timeout=2)"),
        ),
        Interpreter::Ruby => (
            "ruby",
            "-e",
            format!("require 'net/http'; exit(Net::HTTP.get_response(URI('{url}')).is_a?(Net::HTTPSuccess))"),
        ),
        Interpreter::Php => (
            "php",
            "-r",
            format!("exit(@file_get_contents('{url}') === false ? 1 : 0);"),
        ),
    }
}

/// The HEALTHCHECK instruction text (one logical instruction, continued once), and the
/// byte range of the path in it when it has one.
pub fn instruction(
    probe: &Probe,
    port: Option<&Port>,
    style: &Style,
) -> Option<(String, Option<TextRange>)> {
    let head = format!(
        "{} {OPTIONS}{}{} ",
        style.kw(Keyword::Healthcheck),
        style.cont(),
        style.kw(Keyword::Cmd)
    );
    let url = port.map(|p| format!("http://{}{PATH}", p.url_host()));
    let body = match (probe, &url) {
        (Probe::Service(cmd), _) => format!("{cmd} || exit 1"),
        (Probe::Curl, Some(url)) => format!("curl -f {url} || exit 1"),
        (Probe::Wget, Some(url)) => format!("wget -qO- {url} || exit 1"),
        (Probe::Interpreter(i), Some(url)) => {
            let (prog, flag, code) = interpreter_code(*i, url);
            format!("{prog} {flag} \"{code}\"")
        }
        (Probe::Exec(i, path), Some(url)) if matches!(port, Some(Port::Number(_))) => {
            let (_, flag, code) = interpreter_code(*i, url);
            json_array(&[*path, flag, code.as_str()])
        }
        _ => return None,
    };
    let text = format!("{head}{body}");
    let cursor = match probe {
        Probe::Service(_) => None,
        _ => text.find(PATH).map(|i| TextRange::new(i, i + PATH.len())),
    };
    Some((text, cursor))
}

/// The fix: a HEALTHCHECK before the final CMD/ENTRYPOINT, with the cursor on its path.
pub fn fix(cx: &Context<'_>) -> Option<Fix> {
    let df = cx.df;
    let stage = facts::final_stage(df)?;
    if healthcheck(df, stage.index).is_some() || facts::is_dev_image(cx, stage.index) {
        return None;
    }
    let probe = probe(cx, stage.index)?;
    let port = match &probe {
        Probe::Service(_) => None,
        _ => Some(port(cx, stage.index)?),
    };
    let style = Style::of(df);
    let (line, cursor) = instruction(&probe, port.as_ref(), &style)?;
    let before = text::start_block(df, stage.index);
    let at = text::insertion_point(df, stage.index, before)?;
    let edit: Edit = text::insert_lines(df, at, &line, &style);
    let lead = edit.new_text.len() - edit.new_text.trim_start_matches(['\r', '\n']).len();
    let cursor = cursor.map(|c| c.shifted((at + lead) as isize));
    text::apply_checked_adding(df, std::slice::from_ref(&edit), Keyword::Healthcheck)?;
    let mut fix = Fix::unsafe_("Add a HEALTHCHECK", vec![edit]);
    fix.cursor = cursor;
    Some(fix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    fn apply(src: &str) -> Option<(String, Option<String>)> {
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, &NoFiles, Some("Dockerfile"));
        let f = fix(&cx)?;
        let out = f.apply(src)?;
        let cursor = f.cursor.map(|c| c.of(&out).to_string());
        Some((out, cursor))
    }

    #[test]
    fn picks_a_probe_the_image_has() {
        let (out, cursor) =
            apply("FROM node:20\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n").expect("fix");
        assert_eq!(
            out,
            "FROM node:20\nEXPOSE 3000\nHEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \\\n  CMD curl -f http://localhost:3000/health || exit 1\nCMD [\"node\", \"server.js\"]\n"
        );
        assert_eq!(cursor.as_deref(), Some("/health"));
        let (out, _) = apply(
            "FROM python:3.12-alpine\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8080\", \"app:app\"]\n",
        )
        .expect("fix");
        assert!(
            out.contains("CMD wget -qO- http://localhost:8080/health || exit 1"),
            "{out}"
        );
        let (out, _) =
            apply("FROM python:3.12-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n")
                .expect("fix");
        assert!(out.contains("CMD python3 -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=2)\""), "{out}");
        let (out, _) =
            apply("FROM gcr.io/distroless/nodejs20-debian12\nEXPOSE 8080\nCMD [\"server.js\"]\n")
                .expect("fix");
        assert!(out.contains("CMD [\"/nodejs/bin/node\", \"-e\", "), "{out}");
        let (out, cursor) = apply("FROM redis:7\nCMD [\"redis-server\"]\n").expect("fix");
        assert!(out.contains("CMD redis-cli ping || exit 1"), "{out}");
        assert_eq!(cursor, None);
    }

    #[test]
    fn offers_nothing_without_a_probe_or_port() {
        for src in [
            // No tool known in an unknown image.
            "FROM myorg/base:1\nEXPOSE 80\nCMD [\"/app\"]\n",
            // Static distroless: no shell, no interpreter.
            "FROM gcr.io/distroless/static-debian12\nEXPOSE 80\nCMD [\"/app\"]\n",
            // Already has one.
            "FROM node:20\nEXPOSE 3000\nHEALTHCHECK NONE\nCMD [\"node\", \"s.js\"]\n",
            // No port to probe.
            "FROM node:20\nCMD [\"node\", \"worker.js\"]\n",
        ] {
            assert!(apply(src).is_none(), "{src}");
        }
    }
}
