//! The language server under a sequence of client messages. A [`Session`] (built by the
//! fuzzer from bytes through `arbitrary`, or by a property test) is played against
//! [`dockls_lsp::serve`] over in-memory pipes while a model keeps each document's text
//! exactly as the LSP says it must be. The checks:
//!
//! - every request is answered exactly once, and never with an internal error (a handler
//!   that panicked);
//! - no panic anywhere in the server, caught or not (see [`install_panic_counter`]);
//! - after the sequence, the server's text and version of every open document (the
//!   test-only request `dockls/documentText`) equal the model's;
//! - once its input ends, the server stops.
//!
//! Hostile messages are part of the sequence: positions past the end of a line or of the
//! document and inside surrogate pairs, edits to documents that are not open, cancelled
//! requests, unknown methods, malformed JSON and well-framed garbage, known methods with
//! parameters of the wrong shape, and arbitrary bytes after the last message.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arbitrary::Arbitrary;
use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// How long the server may take to answer everything it was sent.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(20);

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts every panic in the process (then reports it as the previous hook did), so that a
/// panic the server catches (a handler behind its guard, a rule behind the engine's
/// `catch_unwind`, a spawned task) still fails the session. Installed once.
pub fn install_panic_counter() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// Pieces of Dockerfile text the fuzzer strings together: instructions, continuations,
/// heredocs, comments and directives, with multi-byte characters, astral characters
/// (surrogate pairs in UTF-16), CRLF and lone CR line breaks, tabs and escapes.
pub const PIECES: &[&str] = &[
    "FROM alpine:3.20 AS base\n",
    "FROM --platform=$BUILDPLATFORM node:20 AS build\n",
    "# syntax=docker/dockerfile:1\n",
    "# escape=`\n",
    "RUN echo é \\\n  && 😀 done\r\n",
    "RUN <<EOF\nset -e\napt-get update\nEOF\n",
    "COPY <<-EOT /x\n\t中文 body\nEOT\n",
    "ARG VERSION=1\n",
    "ENV A=1 B=\"2\" \\\n    C=${A:-x}\n",
    "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    "COPY --from=build --chown=app /src /dst\n",
    "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n",
    "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n",
    "ONBUILD RUN make\n",
    "USER root\n",
    "WORKDIR /app\n",
    "LABEL a=b \\\n",
    "# hadolint ignore=DL3008\n",
    "# dockls: ignore=DK401\n",
    "MAINTAINER me\n",
    "ENV PASSWORD=hunter2\n",
    "RUN apt-get install -y curl\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\\",
    "`",
    "#",
    "$",
    "${",
    "\"",
    "'",
    "[",
    "]",
    "x",
    "😀",
    "é",
    "\u{feff}",
    "\0",
];

/// Text: pieces from [`PIECES`] or anything.
#[derive(Arbitrary, Clone, Debug)]
pub enum Text {
    Pieces(Vec<u8>),
    Raw(String),
}

impl Text {
    pub fn render(&self) -> String {
        match self {
            Text::Pieces(ix) => ix
                .iter()
                .map(|i| PIECES[usize::from(*i) % PIECES.len()])
                .collect(),
            Text::Raw(s) => s.clone(),
        }
    }
}

/// A position: a byte offset into the client's current text (converted to a valid LSP
/// position), or raw line and character numbers (past the end, inside a surrogate pair,
/// between `\r` and `\n`...).
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Pos {
    Offset(u16),
    Raw {
        line: u32,
        character: u32,
    },
    /// Just past the end of line `line`'s content.
    PastLineEnd {
        line: u16,
        by: u8,
    },
}

/// One change of a `didChange` notification.
#[derive(Arbitrary, Clone, Debug)]
pub struct Change {
    /// Replace the whole text (no range).
    pub full: bool,
    pub start: Pos,
    pub end: Pos,
    pub text: Text,
}

#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    Hover,
    Completion,
    CompletionTriggered,
    SignatureHelp,
    Definition,
    References,
    Highlight,
    PrepareRename,
    Rename,
    DocumentSymbol,
    WorkspaceSymbol,
    Folding,
    Selection,
    SemanticFull,
    SemanticRange,
    Formatting,
    RangeFormatting,
    OnTypeFormatting,
    CodeAction,
    FixAll,
    Refactor,
    InlayHint,
    DocumentLink,
    PullDiagnostics,
    DocumentText,
}

/// A small JSON value (parameters of the wrong shape).
#[derive(Arbitrary, Clone, Debug)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn value(&self, depth: usize) -> Value {
        if depth > 32 {
            return Value::Null;
        }
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => json!(b),
            Json::Int(i) => json!(i),
            Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => json!(s),
            Json::Arr(v) => Value::Array(v.iter().map(|j| j.value(depth + 1)).collect()),
            Json::Obj(v) => Value::Object(
                v.iter()
                    .map(|(k, j)| (k.clone(), j.value(depth + 1)))
                    .collect(),
            ),
        }
    }
}

/// Settings the client sends (valid and invalid).
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum SettingsChoice {
    Empty,
    All,
    Ignore,
    Formatter,
    Garbage,
}

impl SettingsChoice {
    pub fn value(self) -> Value {
        match self {
            SettingsChoice::Empty => json!({}),
            SettingsChoice::All => json!({"select": ["ALL"], "preview": true}),
            SettingsChoice::Ignore => {
                json!({"ignore": ["DK401", "DL3008"], "severity": {"DK402": "error"}, "extendSelect": ["DK9"]})
            }
            SettingsChoice::Formatter => {
                json!({"formatter": {"indentWidth": 2, "keywordCase": "lower", "ignoreMultilineInstructions": true}})
            }
            SettingsChoice::Garbage => {
                json!({"select": 3, "ignore": [null, {}], "severity": "x", "formatter": [1], "unknown": true})
            }
        }
    }
}

/// Methods that do not change any document, for parameters of the wrong shape.
const SHAPELESS_REQUESTS: &[&str] = &[
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/codeAction",
    "textDocument/formatting",
    "textDocument/rangeFormatting",
    "textDocument/onTypeFormatting",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/range",
    "textDocument/rename",
    "textDocument/selectionRange",
    "textDocument/diagnostic",
    "textDocument/inlayHint",
    "workspace/symbol",
    "dockls/documentText",
    "dockls/debug/panic",
];
const SHAPELESS_NOTIFICATIONS: &[&str] = &[
    "initialized",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "$/cancelRequest",
    "$/setTrace",
    "textDocument/didSave",
];

#[derive(Arbitrary, Clone, Debug)]
pub enum Op {
    Open {
        doc: u8,
        text: Text,
    },
    Change {
        doc: u8,
        version: i32,
        changes: Vec<Change>,
    },
    Close {
        doc: u8,
    },
    Save {
        doc: u8,
    },
    Request {
        doc: u8,
        kind: RequestKind,
        at: Pos,
        to: Pos,
    },
    /// Cancels the request sent `back` requests ago.
    Cancel {
        back: u8,
    },
    Configure(SettingsChoice),
    /// A well-framed body of any bytes.
    Raw(Vec<u8>),
    /// A known method with parameters of any shape.
    Shapeless {
        method: u8,
        notify: bool,
        params: Json,
    },
    /// A method the server does not know.
    Unknown {
        name: String,
        notify: bool,
    },
    Reinitialize,
    /// `textDocument/didOpen` of the same document twice, or with another language.
    OpenAgain {
        doc: u8,
        text: Text,
    },
}

/// One client session.
#[derive(Arbitrary, Clone, Debug)]
pub struct Session {
    pub utf8: bool,
    pub pull: bool,
    pub snippets: bool,
    pub document_changes: bool,
    pub settings: SettingsChoice,
    pub ops: Vec<Op>,
    /// Bytes written raw after the last check, before `shutdown` and `exit` (broken headers,
    /// a Content-Length larger than the rest of the input...).
    pub trailer: Vec<u8>,
}

/// The documents a session talks about: files (which the server resolves project files and
/// configuration for; these paths do not exist) and an unsaved buffer.
pub const URIS: &[&str] = &[
    "file:///nonexistent-dockls-fuzz/a/Dockerfile",
    "untitled:Untitled-1",
    "file:///nonexistent-dockls-fuzz/b/api.Dockerfile",
];

fn uri(doc: u8) -> &'static str {
    URIS[usize::from(doc) % URIS.len()]
}

/// LSP's line model (`\n`, `\r\n`, `\r`): where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        match b[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

/// The content of line `line` (without its break), as byte offsets.
fn line_content(text: &str, starts: &[usize], line: usize) -> (usize, usize) {
    let start = starts[line];
    let mut end = starts.get(line + 1).copied().unwrap_or(text.len());
    let b = text.as_bytes();
    if end > start && b[end - 1] == b'\n' {
        end -= 1;
    }
    if end > start && b[end - 1] == b'\r' {
        end -= 1;
    }
    (start, end)
}

/// The byte offset an LSP position means, as the protocol and dockls define it: a line past
/// the end is the end of the text, a character past the end of a line is the line's end, and
/// a character inside a multi-unit character (a surrogate pair) rounds down to it.
pub fn model_offset(text: &str, line: u32, character: u32, utf8: bool) -> usize {
    let starts = line_starts(text);
    let line = line as usize;
    if line >= starts.len() {
        return text.len();
    }
    let (start, end) = line_content(text, &starts, line);
    let want = character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        let step = if utf8 { c.len_utf8() } else { c.len_utf16() };
        if units + step > want {
            return start + i;
        }
        units += step;
    }
    end
}

/// The LSP position of a byte offset (rounded down to a character boundary, and out of a
/// `\r\n` pair).
pub fn model_position(text: &str, offset: usize, utf8: bool) -> (u32, u32) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let starts = line_starts(text);
    let line = match starts.binary_search(&at) {
        Ok(l) => l,
        Err(n) => n - 1,
    };
    let (start, end) = line_content(text, &starts, line);
    let at = at.min(end);
    let s = &text[start..at];
    let ch = if utf8 {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    };
    (line as u32, ch as u32)
}

fn position(text: &str, p: Pos, utf8: bool) -> Value {
    let (line, character) = match p {
        Pos::Offset(o) => model_position(text, usize::from(o) % (text.len() + 1), utf8),
        Pos::Raw { line, character } => (line, character),
        Pos::PastLineEnd { line, by } => {
            let starts = line_starts(text);
            let l = usize::from(line) % starts.len();
            let (s, e) = line_content(text, &starts, l);
            let units: usize = if utf8 {
                e - s
            } else {
                text[s..e].chars().map(char::len_utf16).sum()
            };
            (l as u32, (units + usize::from(by)) as u32)
        }
    };
    json!({"line": line, "character": character})
}

fn offset_of(text: &str, p: &Value, utf8: bool) -> usize {
    let n = |k: &str| {
        p[k].as_u64()
            .map_or(u32::MAX, |v| v.min(u64::from(u32::MAX)) as u32)
    };
    model_offset(text, n("line"), n("character"), utf8)
}

#[derive(Clone, Debug)]
struct ModelDoc {
    text: String,
    version: i32,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What the client side saw.
#[derive(Default)]
struct Seen {
    responses: HashMap<i64, Vec<Value>>,
    /// Responses with an id the client never used (or not a number).
    strays: Vec<Value>,
}

async fn read_message<R: AsyncBufRead + Unpin>(r: &mut R) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let l = line.trim_end();
        if l.is_empty() {
            if len.is_some() {
                break;
            }
            continue;
        }
        if let Some(v) = l.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

struct Driver {
    out: mpsc::UnboundedSender<Vec<u8>>,
    next_id: i64,
    sent: Vec<i64>,
    utf8: bool,
    docs: HashMap<&'static str, ModelDoc>,
    /// A raw message may have changed something the model does not know about.
    tainted: bool,
}

impl Driver {
    fn send(&self, v: &Value) {
        let _ = self.out.send(frame(v.to_string().as_bytes()));
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.sent.push(id);
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn text(&self, doc: u8) -> String {
        self.docs
            .get(uri(doc))
            .map(|d| d.text.clone())
            .unwrap_or_default()
    }

    fn open(&mut self, doc: u8, text: String, language: &str) {
        let u = uri(doc);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": language, "version": 1, "text": text}}),
        );
        self.docs.insert(u, ModelDoc { text, version: 1 });
    }

    fn change(&mut self, doc: u8, version: i32, changes: &[Change]) {
        let u = uri(doc);
        let mut model = self.docs.get(u).cloned();
        let mut events = Vec::new();
        // Positions are computed against the text as left by the previous change.
        let mut scratch = model.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        for c in changes {
            let new = c.text.render();
            if c.full {
                events.push(json!({"text": new}));
                scratch = new;
                continue;
            }
            let start = position(&scratch, c.start, self.utf8);
            let end = position(&scratch, c.end, self.utf8);
            let mut s = offset_of(&scratch, &start, self.utf8);
            let mut e = offset_of(&scratch, &end, self.utf8);
            if e < s {
                std::mem::swap(&mut s, &mut e);
            }
            scratch.replace_range(s..e, &new);
            events.push(json!({"range": {"start": start, "end": end}, "text": new}));
        }
        if let Some(m) = model.as_mut() {
            m.text = scratch;
            m.version = version;
            self.docs.insert(u, m.clone());
        }
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version}, "contentChanges": events}),
        );
    }

    fn ask(&mut self, doc: u8, kind: RequestKind, at: Pos, to: Pos) {
        let u = uri(doc);
        let text = self.text(doc);
        let p = position(&text, at, self.utf8);
        let q = position(&text, to, self.utf8);
        let td = json!({"uri": u});
        let range = json!({"start": p, "end": q});
        let options = json!({"tabSize": 4, "insertSpaces": true});
        let (method, params) = match kind {
            RequestKind::Hover => (
                "textDocument/hover",
                json!({"textDocument": td, "position": p}),
            ),
            RequestKind::Completion => (
                "textDocument/completion",
                json!({"textDocument": td, "position": p, "context": {"triggerKind": 1}}),
            ),
            RequestKind::CompletionTriggered => (
                "textDocument/completion",
                json!({"textDocument": td, "position": p, "context": {"triggerKind": 2, "triggerCharacter": "$"}}),
            ),
            RequestKind::SignatureHelp => (
                "textDocument/signatureHelp",
                json!({"textDocument": td, "position": p}),
            ),
            RequestKind::Definition => (
                "textDocument/definition",
                json!({"textDocument": td, "position": p}),
            ),
            RequestKind::References => (
                "textDocument/references",
                json!({"textDocument": td, "position": p, "context": {"includeDeclaration": true}}),
            ),
            RequestKind::Highlight => (
                "textDocument/documentHighlight",
                json!({"textDocument": td, "position": p}),
            ),
            RequestKind::PrepareRename => (
                "textDocument/prepareRename",
                json!({"textDocument": td, "position": p}),
            ),
            RequestKind::Rename => (
                "textDocument/rename",
                json!({"textDocument": td, "position": p, "newName": "NEW_NAME"}),
            ),
            RequestKind::DocumentSymbol => {
                ("textDocument/documentSymbol", json!({"textDocument": td}))
            }
            RequestKind::WorkspaceSymbol => ("workspace/symbol", json!({"query": ""})),
            RequestKind::Folding => ("textDocument/foldingRange", json!({"textDocument": td})),
            RequestKind::Selection => (
                "textDocument/selectionRange",
                json!({"textDocument": td, "positions": [p, q]}),
            ),
            RequestKind::SemanticFull => (
                "textDocument/semanticTokens/full",
                json!({"textDocument": td}),
            ),
            RequestKind::SemanticRange => (
                "textDocument/semanticTokens/range",
                json!({"textDocument": td, "range": range}),
            ),
            RequestKind::Formatting => (
                "textDocument/formatting",
                json!({"textDocument": td, "options": options}),
            ),
            RequestKind::RangeFormatting => (
                "textDocument/rangeFormatting",
                json!({"textDocument": td, "range": range, "options": options}),
            ),
            RequestKind::OnTypeFormatting => (
                "textDocument/onTypeFormatting",
                json!({"textDocument": td, "position": p, "ch": "\n", "options": options}),
            ),
            RequestKind::CodeAction => (
                "textDocument/codeAction",
                json!({"textDocument": td, "range": range, "context": {"diagnostics": []}}),
            ),
            RequestKind::FixAll => (
                "textDocument/codeAction",
                json!({"textDocument": td, "range": range, "context": {"diagnostics": [], "only": ["source.fixAll.dockls"]}}),
            ),
            RequestKind::Refactor => (
                "textDocument/codeAction",
                json!({"textDocument": td, "range": range, "context": {"diagnostics": [], "only": ["refactor"]}}),
            ),
            RequestKind::InlayHint => (
                "textDocument/inlayHint",
                json!({"textDocument": td, "range": range}),
            ),
            RequestKind::DocumentLink => ("textDocument/documentLink", json!({"textDocument": td})),
            RequestKind::PullDiagnostics => {
                ("textDocument/diagnostic", json!({"textDocument": td}))
            }
            RequestKind::DocumentText => ("dockls/documentText", json!({"uri": u})),
        };
        self.request(method, params);
    }

    fn play(&mut self, op: &Op) {
        match op {
            Op::Open { doc, text } => self.open(*doc, text.render(), "dockerfile"),
            Op::OpenAgain { doc, text } => {
                let language = if doc % 2 == 0 {
                    "dockerfile"
                } else {
                    "plaintext"
                };
                self.open(*doc, text.render(), language);
                self.open(*doc, text.render(), language);
            }
            Op::Change {
                doc,
                version,
                changes,
            } => self.change(*doc, *version, changes),
            Op::Close { doc } => {
                self.docs.remove(uri(*doc));
                self.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri(*doc)}}),
                );
            }
            Op::Save { doc } => self.notify(
                "textDocument/didSave",
                json!({"textDocument": {"uri": uri(*doc)}}),
            ),
            Op::Request { doc, kind, at, to } => self.ask(*doc, *kind, *at, *to),
            Op::Cancel { back } => {
                let n = self.sent.len();
                let target = n
                    .checked_sub(1 + usize::from(*back))
                    .and_then(|i| self.sent.get(i))
                    .copied()
                    .unwrap_or(self.next_id + 1000);
                self.notify("$/cancelRequest", json!({"id": target}));
            }
            Op::Configure(s) => self.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": {"dockls": s.value()}}),
            ),
            Op::Raw(bytes) => {
                // A body that is a JSON object naming a method may be a real message the
                // model cannot follow (and its id may repeat one of ours).
                if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(bytes) {
                    if m.contains_key("method") || m.contains_key("id") {
                        self.tainted = true;
                    }
                }
                let _ = self.out.send(frame(bytes));
            }
            Op::Shapeless {
                method,
                notify,
                params,
            } => {
                let params = params.value(0);
                if *notify {
                    let m = SHAPELESS_NOTIFICATIONS
                        [usize::from(*method) % SHAPELESS_NOTIFICATIONS.len()];
                    self.notify(m, params);
                } else {
                    let m = SHAPELESS_REQUESTS[usize::from(*method) % SHAPELESS_REQUESTS.len()];
                    self.request(m, params);
                }
            }
            Op::Unknown { name, notify } => {
                if *notify {
                    self.notify(&format!("$/dockls-fuzz/{name}"), json!({}));
                    self.notify(&format!("dockls-fuzz/{name}"), json!(null));
                } else {
                    self.request(&format!("dockls-fuzz/{name}"), json!({"x": name}));
                }
            }
            Op::Reinitialize => {
                self.request(
                    "initialize",
                    json!({"processId": null, "rootUri": null, "capabilities": {}}),
                );
            }
        }
    }
}

/// Waits until every request in `ids` has a response, or the timeout.
async fn wait_answers(seen: &Arc<Mutex<Seen>>, ids: &[i64]) -> bool {
    let deadline = tokio::time::Instant::now() + ANSWER_TIMEOUT;
    loop {
        {
            let s = seen.lock().unwrap_or_else(|e| e.into_inner());
            if ids.iter().all(|id| s.responses.contains_key(id)) {
                return true;
            }
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Plays a session against an in-process server and checks it (see the module docs).
pub fn run_session(session: &Session) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("no runtime: {e}"))?;
    let panics_before = PANICS.load(Ordering::SeqCst);
    let result = runtime.block_on(play(session));
    runtime.shutdown_timeout(Duration::from_secs(2));
    let panics = PANICS.load(Ordering::SeqCst) - panics_before;
    if panics > 0 && result.is_ok() {
        return Err(format!("{panics} panic(s) in the server (see above)"));
    }
    result
}

async fn play(session: &Session) -> Result<(), String> {
    let (client_in, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, client_out) = tokio::io::duplex(1 << 16);
    let server = tokio::spawn(dockls_lsp::serve(server_in, server_out));

    // The writer: everything the client sends goes through one channel, in order.
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let writer = tokio::spawn(async move {
        let mut w = client_in;
        while let Some(bytes) = rx.recv().await {
            if w.write_all(&bytes).await.is_err() {
                break;
            }
        }
        let _ = w.shutdown().await;
    });

    // The reader: records responses and answers the server's own requests.
    let seen = Arc::new(Mutex::new(Seen::default()));
    let settings = session.settings.value();
    let reader = {
        let seen = seen.clone();
        // Weak: once the driver drops its sender, the server's input must close.
        let tx = tx.downgrade();
        tokio::spawn(async move {
            let mut r = BufReader::new(client_out);
            while let Some(m) = read_message(&mut r).await {
                let has_method = m.get("method").is_some();
                match (m.get("id"), has_method) {
                    (Some(id), true) => {
                        let result = if m["method"] == "workspace/configuration" {
                            let n = m["params"]["items"].as_array().map_or(1, Vec::len);
                            Value::Array(vec![settings.clone(); n])
                        } else {
                            Value::Null
                        };
                        let body = json!({"jsonrpc": "2.0", "id": id, "result": result});
                        if let Some(tx) = tx.upgrade() {
                            let _ = tx.send(frame(body.to_string().as_bytes()));
                        }
                    }
                    (Some(id), false) => {
                        let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
                        match id.as_i64() {
                            Some(i) => s.responses.entry(i).or_default().push(m),
                            None => s.strays.push(m),
                        }
                    }
                    _ => {}
                }
            }
        })
    };

    let mut d = Driver {
        out: tx,
        next_id: 1,
        sent: Vec::new(),
        utf8: session.utf8,
        docs: HashMap::new(),
        tainted: false,
    };
    let mut caps = json!({
        "workspace": {"configuration": true, "didChangeConfiguration": {"dynamicRegistration": true},
                      "workspaceEdit": {"documentChanges": session.document_changes}},
        "textDocument": {
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}},
            "completion": {"completionItem": {"snippetSupport": session.snippets}},
            "semanticTokens": {"requests": {"full": true, "range": true}, "tokenTypes": [], "tokenModifiers": [],
                               "formats": ["relative"], "multilineTokenSupport": true},
        },
    });
    if session.utf8 {
        caps["general"] = json!({"positionEncodings": ["utf-8", "utf-16"]});
    }
    if session.pull {
        caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    }
    let init = d.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps, "initializationOptions": session.settings.value()}),
    );
    d.notify("initialized", json!({}));
    if !wait_answers(&seen, &[init]).await {
        return Err("no answer to initialize".into());
    }
    {
        let s = seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = s.responses.get(&init).and_then(|v| v.first()) {
            if r.get("error").is_some() {
                return Err(format!("initialize failed: {r}"));
            }
        }
    }
    for op in &session.ops {
        d.play(op);
    }
    // The server's view of every open document.
    let mut checks = Vec::new();
    let mut uris: Vec<&'static str> = d.docs.keys().copied().collect();
    uris.sort_unstable();
    for u in uris {
        let id = d.request("dockls/documentText", json!({"uri": u}));
        checks.push((id, u));
    }
    let all: Vec<i64> = d.sent.clone();
    let answered = wait_answers(&seen, &all).await;
    let mut problems = Vec::new();
    {
        let s = seen.lock().unwrap_or_else(|e| e.into_inner());
        if !answered {
            let missing: Vec<i64> = all
                .iter()
                .filter(|id| !s.responses.contains_key(id))
                .copied()
                .collect();
            problems.push(format!(
                "no answer within {ANSWER_TIMEOUT:?} to requests {missing:?}"
            ));
        }
        let ours: HashSet<i64> = all.iter().copied().collect();
        for (id, rs) in &s.responses {
            if !d.tainted && (rs.len() != 1 || !ours.contains(id)) {
                problems.push(format!(
                    "request {id} was answered {} times: {rs:?}",
                    rs.len()
                ));
            }
            for r in rs {
                if r["error"]["code"] == json!(-32603) {
                    problems.push(format!("internal error answering request {id}: {r}"));
                }
            }
        }
        for r in &s.strays {
            let code = &r["error"]["code"];
            if !d.tainted && code != &json!(-32700) && code != &json!(-32600) {
                problems.push(format!("a response to no request of the client's: {r}"));
            }
        }
        if !d.tainted {
            for (id, u) in &checks {
                let Some(r) = s.responses.get(id).and_then(|v| v.first()) else {
                    continue;
                };
                let m = &d.docs[u];
                if r["result"]["text"] != json!(m.text)
                    || r["result"]["version"] != json!(m.version)
                {
                    problems.push(format!(
                        "the server's copy of {u} differs from the client's:\nclient v{}: {:?}\nserver: {}",
                        m.version, m.text, r
                    ));
                }
            }
        }
    }
    // Garbage after the last message, then the orderly end; the server must stop once its
    // input is closed either way.
    if !session.trailer.is_empty() {
        let _ = d.out.send(session.trailer.clone());
    }
    let shutdown = d.request("shutdown", Value::Null);
    d.notify("exit", Value::Null);
    if session.trailer.is_empty() && !wait_answers(&seen, &[shutdown]).await {
        problems.push("no answer to shutdown".into());
    }
    drop(d);
    let ended = tokio::time::timeout(ANSWER_TIMEOUT, server).await;
    if ended.is_err() {
        problems.push("the server did not stop after its input ended".into());
    } else if let Ok(Err(e)) = ended {
        problems.push(format!("the server task failed: {e}"));
    }
    reader.abort();
    writer.abort();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_positions_round_trip() {
        let text = "FROM a\r\nRUN 😀 x\rY\n";
        for utf8 in [true, false] {
            for (i, _) in text.char_indices() {
                if i > 0 && text.as_bytes()[i - 1] == b'\r' && text.as_bytes()[i] == b'\n' {
                    continue;
                }
                let (l, c) = model_position(text, i, utf8);
                assert_eq!(model_offset(text, l, c, utf8), i, "{i} utf8={utf8}");
            }
        }
        // Inside the surrogate pair: rounds down to the emoji.
        let emoji = text.find('😀').unwrap_or(0);
        assert_eq!(model_offset(text, 1, 5, false), emoji);
        assert_eq!(model_offset(text, 9, 0, false), text.len());
        assert_eq!(model_offset(text, 0, 99, false), 6);
    }
}
