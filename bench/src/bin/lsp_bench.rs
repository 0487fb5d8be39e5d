//! The LSP end-to-end benchmark: drives `dockls server` over stdio like an editor and
//! measures what a user waits for; when `docker-langserver` is installed, measures it in the
//! same run on the same files and prints the ratios.
//!
//! ```text
//! cargo build --release -p dockls -p dockls-bench
//! target/release/lsp_bench [--dockls PATH] [--peer PATH|none] [--runs N] [--edits N] [--sizes 62,1000,10000]
//! ```
//!
//! Files: the realistic 62-line file of this crate (`62`) and generated files of the given
//! line counts. Per server and file, each run spawns a fresh server and measures:
//! spawn → `initialize` reply; `didOpen` → first diagnostics; the first one-character edit;
//! `--edits` one-character inserts in a mid-file instruction, each waiting for its
//! diagnostics (versioned when the server sends versions); a burst of 20 keystrokes 30 ms
//! apart, from the last keystroke to the final diagnostics; completion (a keyword at
//! column 0, and variables after `${`), hover, document symbols, folding ranges,
//! formatting and full semantic tokens (20 requests each); and the server's peak RSS
//! (`VmHWM`). Times are measured on this side of the pipe, when a reply's bytes have
//! arrived (before JSON decoding).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

type Res<T> = Result<T, String>;

const TIMEOUT: Duration = Duration::from_secs(120);

/// A message from the server with the time its last byte arrived.
struct Msg {
    at: Instant,
    value: Value,
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Msg>,
    next_id: i64,
    backlog: Vec<Msg>,
}

fn read_frames(stdout: impl Read + Send + 'static) -> Receiver<Msg> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::with_capacity(1 << 20, stdout);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                if let Some(v) = l.strip_prefix("Content-Length: ") {
                    len = v.parse::<usize>().ok();
                }
            }
            let Some(n) = len else { return };
            let mut body = vec![0; n];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let at = Instant::now();
            let Ok(value) = serde_json::from_slice(&body) else {
                return;
            };
            if tx.send(Msg { at, value }).is_err() {
                return;
            }
        }
    });
    rx
}

impl Server {
    fn spawn(cmd: &[String]) -> Res<(Server, Instant)> {
        let (prog, args) = cmd.split_first().ok_or("empty command")?;
        let start = Instant::now();
        let mut child = Command::new(prog)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {prog}: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let rx = read_frames(stdout);
        Ok((
            Server {
                child,
                stdin,
                rx,
                next_id: 1,
                backlog: Vec::new(),
            },
            start,
        ))
    }

    fn send(&mut self, v: &Value) -> Res<Instant> {
        let body = v.to_string();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body.as_bytes());
        let at = Instant::now();
        self.stdin
            .write_all(&frame)
            .and_then(|_| self.stdin.flush())
            .map_err(|e| format!("write: {e}"))?;
        Ok(at)
    }

    fn notify(&mut self, method: &str, params: Value) -> Res<Instant> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request; returns the time it was sent and the reply's arrival time.
    fn request(&mut self, method: &str, params: Value) -> Res<(Instant, Msg)> {
        let id = self.next_id;
        self.next_id += 1;
        let sent =
            self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        let m = self.wait(|v| v.get("id") == Some(&json!(id)) && v.get("method").is_none())?;
        Ok((sent, m))
    }

    fn answer(&mut self, v: &Value) -> Res<bool> {
        let (Some(id), Some(method)) = (v.get("id"), v.get("method").and_then(Value::as_str))
        else {
            return Ok(false);
        };
        let result = match method {
            "workspace/configuration" => {
                let n = v["params"]["items"].as_array().map_or(1, Vec::len);
                Value::Array(vec![Value::Null; n])
            }
            _ => Value::Null,
        };
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))?;
        Ok(true)
    }

    /// The next message matching `pred` (answering server requests meanwhile).
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Res<Msg> {
        self.wait_until(pred, Instant::now() + TIMEOUT)?
            .ok_or_else(|| "timed out waiting for the server".to_string())
    }

    fn wait_until(&mut self, pred: impl Fn(&Value) -> bool, deadline: Instant) -> Res<Option<Msg>> {
        if let Some(i) = self.backlog.iter().position(|m| pred(&m.value)) {
            return Ok(Some(self.backlog.remove(i)));
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    if pred(&m.value) {
                        return Ok(Some(m));
                    }
                    if !self.answer(&m.value)? {
                        self.backlog.push(m);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Ok(None),
                Err(RecvTimeoutError::Disconnected) => return Err("the server exited".into()),
            }
        }
    }

    fn drop_backlog(&mut self) {
        self.backlog.clear();
        while self.rx.try_recv().is_ok() {}
    }

    fn peak_rss_kib(&self) -> Option<u64> {
        self.status_kib("VmHWM:")
    }

    fn status_kib(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// With `LSP_BENCH_RSS=1`, prints the server's current and peak RSS after a phase.
    fn trace_rss(&self, phase: &str) {
        if std::env::var_os("LSP_BENCH_RSS").is_some() {
            eprintln!(
                "  rss after {phase}: {} KiB (peak {} KiB)",
                self.status_kib("VmRSS:").unwrap_or(0),
                self.status_kib("VmHWM:").unwrap_or(0)
            );
        }
    }

    fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Samples of one metric, in milliseconds.
#[derive(Default, Clone)]
struct Samples(Vec<f64>);

impl Samples {
    fn push(&mut self, d: Duration) {
        self.0.push(ms(d));
    }

    fn pct(&self, p: f64) -> Option<f64> {
        if self.0.is_empty() {
            return None;
        }
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let i = ((v.len() - 1) as f64 * p).round() as usize;
        v.get(i).copied()
    }

    fn max(&self) -> Option<f64> {
        self.0.iter().copied().reduce(f64::max)
    }
}

/// Where to edit and ask: byte offsets in the file (all ASCII, so they are also columns).
struct Spots {
    /// Inside a word of a mid-file instruction.
    edit: usize,
    /// Column 0 of an empty line in the middle (keyword completion).
    keyword: usize,
    /// Just after a `${` in the middle (variable completion).
    variable: usize,
    /// On an instruction keyword in the middle (hover).
    hover: usize,
}

fn line_start_after(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn spots(text: &str) -> Spots {
    let mid = line_start_after(text, text.len() / 2);
    let keyword = text[mid..]
        .find("\n\n")
        .map(|i| mid + i + 1)
        .or_else(|| text.find("\n\n").map(|i| i + 1))
        .unwrap_or(0);
    let variable = text[mid..]
        .find("${")
        .map(|i| mid + i + 2)
        .or_else(|| text.find("${").map(|i| i + 2))
        .unwrap_or(0);
    let hover = text[mid..]
        .find("\nRUN ")
        .map(|i| mid + i + 2)
        .or_else(|| text.find("\nRUN ").map(|i| i + 2))
        .unwrap_or(0);
    Spots {
        edit: dockls_bench::gen::mid_edit_offset(text),
        keyword,
        variable,
        hover,
    }
}

fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

#[derive(Default)]
struct Result1 {
    initialize: Samples,
    open: Samples,
    first_edit: Samples,
    edit: Samples,
    burst: Samples,
    completion_keyword: Samples,
    completion_variable: Samples,
    hover: Samples,
    symbols: Samples,
    folding: Samples,
    formatting: Samples,
    tokens: Samples,
    rss_kib: Vec<u64>,
}

fn is_diag(v: &Value, uri: &str) -> bool {
    v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri
}

struct Run<'a> {
    server: Server,
    uri: String,
    text: String,
    version: i64,
    /// Whether the server puts the version in `publishDiagnostics`.
    versioned: bool,
    out: &'a mut Result1,
}

impl Run<'_> {
    /// Inserts one character and returns when it was sent.
    fn type_char(&mut self, at: usize, c: char) -> Res<Instant> {
        let pos = position(&self.text, at);
        self.text.insert(at, c);
        self.version += 1;
        self.server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"range": {"start": pos, "end": pos}, "text": c.to_string()}],
            }),
        )
    }

    /// Waits for the diagnostics of the current version (or, from a server without
    /// versions, the next diagnostics).
    fn diagnostics(&mut self) -> Res<Instant> {
        let uri = self.uri.clone();
        let version = self.version;
        let m = if self.versioned {
            self.server
                .wait(|v| is_diag(v, &uri) && v["params"]["version"] == json!(version))?
        } else {
            self.server.wait(|v| is_diag(v, &uri))?
        };
        Ok(m.at)
    }

    /// The last diagnostics that arrive: for the final version, or (without versions) the
    /// last one before a second of silence.
    fn final_diagnostics(&mut self) -> Res<Instant> {
        if self.versioned {
            return self.diagnostics();
        }
        let uri = self.uri.clone();
        let mut last = None;
        while let Some(m) = self.server.wait_until(
            |v| is_diag(v, &uri),
            Instant::now() + Duration::from_secs(1),
        )? {
            last = Some(m.at);
        }
        last.ok_or_else(|| "no diagnostics after the burst".to_string())
    }

    fn request(
        &mut self,
        method: &str,
        params: Value,
        into: fn(&mut Result1) -> &mut Samples,
    ) -> Res<()> {
        let (sent, m) = self.server.request(method, params)?;
        if let Some(e) = m.value.get("error") {
            return Err(format!("{method} failed: {e}"));
        }
        into(self.out).push(m.at - sent);
        Ok(())
    }
}

fn run_once(cmd: &[String], path: &Path, text: &str, edits: usize, out: &mut Result1) -> Res<()> {
    let (mut server, spawned) = Server::spawn(cmd)?;
    let root = path.parent().ok_or("no parent")?;
    let root_uri = format!("file://{}", root.display());
    let uri = format!("file://{}", path.display());
    let caps = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"configuration": false},
        "textDocument": {
            "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
            "completion": {"completionItem": {"snippetSupport": true}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "semanticTokens": {
                "requests": {"full": true, "range": true},
                "tokenTypes": [], "tokenModifiers": [], "formats": ["relative"],
                "multilineTokenSupport": false
            },
            "synchronization": {"didSave": true}
        }
    });
    let (_, init) = server.request(
        "initialize",
        json!({"processId": std::process::id(), "rootUri": root_uri, "capabilities": caps}),
    )?;
    out.initialize.push(init.at - spawned);
    server.notify("initialized", json!({}))?;
    let versioned = true;
    let opened = server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
    )?;
    let mut run = Run {
        server,
        uri,
        text: text.to_string(),
        version: 1,
        versioned,
        out,
    };
    let first = {
        let uri = run.uri.clone();
        run.server.wait(|v| is_diag(v, &uri))?
    };
    // A server that leaves the version out of its diagnostics is waited for without it.
    run.versioned = first.value["params"]["version"] == json!(1);
    run.out.open.push(first.at - opened);
    run.server.trace_rss("didOpen");

    let spots = spots(text);
    let mut at = spots.edit;
    // The first edit after opening, then the measured edits.
    let sent = run.type_char(at, 'x')?;
    let got = run.diagnostics()?;
    run.out.first_edit.push(got - sent);
    at += 1;
    for _ in 0..edits {
        let sent = run.type_char(at, 'x')?;
        let got = run.diagnostics()?;
        run.out.edit.push(got - sent);
        at += 1;
    }
    // A typing burst: 20 keystrokes 30 ms apart.
    let mut last = Instant::now();
    for _ in 0..20 {
        last = run.type_char(at, 'y')?;
        at += 1;
        std::thread::sleep(Duration::from_millis(30));
    }
    let done = run.final_diagnostics()?;
    run.out.burst.push(done - last);
    run.server.trace_rss("edits and burst");
    run.server.drop_backlog();

    // Requests against the settled document. Offsets after the edit point moved.
    let shift = |o: usize| if o >= spots.edit { o + edits + 21 } else { o };
    let text = run.text.clone();
    let doc = json!({"uri": run.uri});
    type Into = fn(&mut Result1) -> &mut Samples;
    let requests: [(&str, Value, Into); 7] = [
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": position(&text, shift(spots.keyword))}),
            |r| &mut r.completion_keyword,
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": position(&text, shift(spots.variable)),
                   "context": {"triggerKind": 2, "triggerCharacter": "{"}}),
            |r| &mut r.completion_variable,
        ),
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": position(&text, shift(spots.hover))}),
            |r| &mut r.hover,
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": doc}),
            |r| &mut r.symbols,
        ),
        (
            "textDocument/foldingRange",
            json!({"textDocument": doc}),
            |r| &mut r.folding,
        ),
        (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true}}),
            |r| &mut r.formatting,
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
            |r| &mut r.tokens,
        ),
    ];
    // 20 of each, or as many as fit in 5 seconds (at least 3) for a slow server.
    for (method, params, into) in requests {
        let began = Instant::now();
        for i in 0..20 {
            if i >= 3 && began.elapsed() > Duration::from_secs(5) {
                break;
            }
            run.request(method, params.clone(), into)?;
        }
        run.server.trace_rss(method);
    }
    if let Some(kib) = run.server.peak_rss_kib() {
        run.out.rss_kib.push(kib);
    }
    run.server.shutdown();
    Ok(())
}

struct Args {
    dockls: PathBuf,
    peer: Option<Vec<String>>,
    runs: usize,
    edits: usize,
    sizes: Vec<usize>,
}

fn find_peer() -> Option<PathBuf> {
    // `npm ci --prefix bench/peer` installs the pinned version there.
    for local in [
        "bench/peer/node_modules/.bin/docker-langserver",
        "node_modules/.bin/docker-langserver",
    ] {
        let local = PathBuf::from(local);
        if local.exists() {
            return Some(local);
        }
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("docker-langserver"))
            .find(|p| p.exists())
    })
}

fn peer_command(path: &Path) -> Vec<String> {
    // Run node directly so that the measured process is the server itself.
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    vec![
        "node".into(),
        resolved.display().to_string(),
        "--stdio".into(),
    ]
}

fn parse_args() -> Res<Args> {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let mut a = Args {
        dockls: exe_dir.join("dockls"),
        peer: find_peer().map(|p| peer_command(&p)),
        runs: 3,
        edits: 100,
        sizes: vec![62, 1_000, 10_000],
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--dockls" => a.dockls = PathBuf::from(val()?),
            "--peer" => {
                let v = val()?;
                a.peer = (v != "none").then(|| peer_command(Path::new(&v)));
            }
            "--runs" => a.runs = val()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--edits" => a.edits = val()?.parse().map_err(|e| format!("--edits: {e}"))?,
            "--sizes" => {
                a.sizes = val()?
                    .split(',')
                    .map(|s| s.trim().parse().map_err(|e| format!("--sizes: {e}")))
                    .collect::<Res<_>>()?
            }
            "-h" | "--help" => {
                println!("lsp_bench [--dockls PATH] [--peer PATH|none] [--runs N] [--edits N] [--sizes 62,1000,10000]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn fmt(v: Option<f64>) -> String {
    match v {
        Some(x) if x >= 100.0 => format!("{x:.0}"),
        Some(x) if x >= 10.0 => format!("{x:.1}"),
        Some(x) => format!("{x:.2}"),
        None => "-".into(),
    }
}

fn ratio(peer: Option<f64>, ours: Option<f64>) -> String {
    match (peer, ours) {
        (Some(p), Some(o)) if o > 0.0 => format!("{:.1}x", p / o),
        _ => "-".into(),
    }
}

fn main() {
    if let Err(e) = real_main() {
        eprintln!("lsp_bench: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> Res<()> {
    let args = parse_args()?;
    if !args.dockls.exists() {
        return Err(format!(
            "{} not found: run `cargo build --release -p dockls` first, or pass --dockls",
            args.dockls.display()
        ));
    }
    let dir = std::env::temp_dir().join(format!("dockls-lsp-bench-{}", std::process::id()));
    let mut servers: Vec<(&str, Vec<String>)> = vec![(
        "dockls",
        vec![args.dockls.display().to_string(), "server".into()],
    )];
    if let Some(p) = &args.peer {
        servers.push(("docker-langserver", p.clone()));
    }
    println!(
        "servers: {}",
        servers
            .iter()
            .map(|(n, c)| format!("{n} = `{}`", c.join(" ")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "runs per file: {}, edits per run: {}",
        args.runs, args.edits
    );
    for size in &args.sizes {
        let (name, text) = if *size == 62 {
            (
                "realistic-62".to_string(),
                dockls_bench::inputs::REALISTIC.to_string(),
            )
        } else {
            (
                format!("generated-{size}"),
                dockls_bench::gen::generate(*size),
            )
        };
        // Each file in its own directory, with nothing else (no configuration files).
        let fdir = dir.join(&name);
        std::fs::create_dir_all(&fdir).map_err(|e| e.to_string())?;
        let path = fdir.join("Dockerfile");
        std::fs::write(&path, &text).map_err(|e| e.to_string())?;
        let mut results: BTreeMap<&str, Result1> = BTreeMap::new();
        for (sname, cmd) in &servers {
            let r = results.entry(sname).or_default();
            for i in 0..args.runs {
                eprintln!("{name}: {sname} run {}/{}", i + 1, args.runs);
                run_once(cmd, &path, &text, args.edits, r)?;
            }
        }
        print_table(&name, &text, &results, args.runs, args.edits);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn print_table(
    name: &str,
    text: &str,
    results: &BTreeMap<&str, Result1>,
    runs: usize,
    edits: usize,
) {
    let ours = results.get("dockls");
    let peer = results.get("docker-langserver");
    println!();
    println!(
        "### {name}: {} lines, {} KB ({runs} runs, {edits} edits per run)",
        text.lines().count(),
        text.len() / 1024
    );
    println!();
    if peer.is_some() {
        println!("| metric | dockls | docker-langserver | ratio |");
        println!("|---|---|---|---|");
    } else {
        println!("| metric | dockls |");
        println!("|---|---|");
    }
    type Get = fn(&Result1) -> &Samples;
    let rows: [(&str, Get, bool); 12] = [
        ("spawn → `initialize` reply p50", |r| &r.initialize, false),
        ("`didOpen` → first diagnostics p50", |r| &r.open, false),
        ("first edit → diagnostics p50", |r| &r.first_edit, false),
        ("edit → diagnostics p50 / p95 / max", |r| &r.edit, true),
        (
            "burst of 20 keys 30 ms apart: last key → final diagnostics p50",
            |r| &r.burst,
            false,
        ),
        (
            "completion, keyword at column 0, p50 / p95 / max",
            |r| &r.completion_keyword,
            true,
        ),
        (
            "completion after `${`, p50 / p95 / max",
            |r| &r.completion_variable,
            true,
        ),
        ("hover p50 / p95 / max", |r| &r.hover, true),
        ("documentSymbol p50 / p95 / max", |r| &r.symbols, true),
        ("foldingRange p50 / p95 / max", |r| &r.folding, true),
        ("formatting p50 / p95 / max", |r| &r.formatting, true),
        ("semanticTokens/full p50 / p95 / max", |r| &r.tokens, true),
    ];
    for (label, get, dist) in rows {
        let cell = |r: Option<&Result1>| {
            let Some(r) = r else { return "-".to_string() };
            let s = get(r);
            if dist {
                format!(
                    "{} / {} / {}",
                    fmt(s.pct(0.5)),
                    fmt(s.pct(0.95)),
                    fmt(s.max())
                )
            } else {
                fmt(s.pct(0.5))
            }
        };
        let o = cell(ours);
        if peer.is_some() {
            let rt = ratio(
                peer.and_then(|r| get(r).pct(0.5)),
                ours.and_then(|r| get(r).pct(0.5)),
            );
            println!("| {label} | {o} | {} | {rt} |", cell(peer));
        } else {
            println!("| {label} | {o} |");
        }
    }
    let rss = |r: Option<&Result1>| {
        r.and_then(|r| r.rss_kib.iter().copied().max())
            .map(|k| k as f64 / 1024.0)
    };
    let (o, p) = (rss(ours), rss(peer));
    if peer.is_some() {
        println!(
            "| peak RSS (VmHWM), MiB | {} | {} | {} smaller |",
            fmt(o),
            fmt(p),
            ratio(p, o)
        );
    } else {
        println!("| peak RSS (VmHWM), MiB | {} |", fmt(o));
    }
    if peer.is_some() {
        println!();
        println!("Times in ms; the ratio is docker-langserver's p50 over dockls' p50 (RSS: the max over runs).");
    }
}
