//! A torture test of the real server over stdio: 10,000 random incremental edits of a real
//! Dockerfile (ranges anywhere, past the ends of lines and of the document, inside
//! surrogate pairs; insertions of instructions, continuations, heredocs, CR, CRLF, emoji
//! and nothing), interleaved with completion, hover, code-action, formatting,
//! semantic-token and navigation requests, a third of them cancelled at once. After every
//! batch of edits the server's copy of the document (`dockls/documentText`) must equal the
//! client's, computed by the LSP's own position rules (`dockls_invariants::lsp`). Every
//! request is answered exactly once, with a result or, when cancelled, "request
//! cancelled"; never with an internal error. The last diagnostics carry the last version.
//!
//! The run is deterministic; `DOCKLS_TORTURE_SEED` picks another one and
//! `DOCKLS_TORTURE_EDITS` another count.

#![allow(clippy::print_stderr)]

mod common;
#[path = "../../../tests/support/rng.rs"]
mod rng;

use std::collections::{HashMap, HashSet};

use common::Client;
use dockls_invariants::lsp::{model_offset, model_position};
use rng::Rng;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/dockls-torture/app/Dockerfile";

const START: &str = "# syntax=docker/dockerfile:1\n\
FROM node:22-alpine AS deps\n\
WORKDIR /app\n\
COPY package.json package-lock.json ./\n\
RUN npm ci --omit=dev \\\n    && npm cache clean --force\n\
\n\
FROM node:22-alpine\n\
ENV NODE_ENV=production PORT=8080 GREETING=\"héllo 😀 wörld\"\n\
COPY --from=deps /app/node_modules ./node_modules\n\
COPY . .\n\
RUN <<EOF\nset -eux\necho \"${GREETING}\" > /etc/motd\nEOF\n\
USER node\n\
HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:$PORT/health || exit 1\n\
CMD [\"node\", \"server.js\"]\n";

/// What edits insert: whole instructions, pieces of them, line breaks of every kind, and
/// characters that take two UTF-16 units.
const FRAGMENTS: &[&str] = &[
    "",
    "x",
    " ",
    "\n",
    "\r\n",
    "\r",
    "\\\n",
    " \\\n    && ",
    "RUN apt-get update && apt-get install -y curl\n",
    "FROM debian:12-slim AS build\n",
    "ARG VERSION=1.0\n",
    "ENV A=$VERSION B=${A:-x}\n",
    "COPY --from=build /out /usr/local/bin/\n",
    "RUN <<EOT\necho hi\nEOT\n",
    "<<EOF",
    "EOF\n",
    "${",
    "$",
    "\"",
    "[\"sh\", \"-c\"",
    "😀",
    "é",
    "中文",
    "\t",
    "# dockls ignore=DK101\n",
    "ONBUILD ",
    "--mount=type=cache,target=/root/.npm ",
];

/// A random position, sometimes past the end of its line or of the document, or inside a
/// surrogate pair (in UTF-16).
fn position(rng: &mut Rng, text: &str, utf8: bool) -> (u32, u32) {
    match rng.below(10) {
        0 => {
            let (line, _) = model_position(text, text.len(), utf8);
            (line + rng.below(3) as u32, rng.below(200) as u32)
        }
        1 => {
            let (line, ch) = model_position(text, rng.below(text.len() + 1), utf8);
            (line, ch + 1 + rng.below(80) as u32)
        }
        2 => {
            // One unit into a character, which in UTF-16 may split a pair.
            let (line, ch) = model_position(text, rng.below(text.len() + 1), utf8);
            (line, ch + 1)
        }
        _ => model_position(text, rng.below(text.len() + 1), utf8),
    }
}

fn lsp_pos((line, character): (u32, u32)) -> Value {
    json!({"line": line, "character": character})
}

/// Applies one random edit to the model and sends it; returns the new text.
fn random_edit(rng: &mut Rng, c: &mut Client, text: &str, version: i64, utf8: bool) -> String {
    if rng.chance(1) {
        // A whole-document replacement, sometimes with the starting text.
        let new = if rng.chance(50) {
            START.to_string()
        } else {
            text.chars().rev().collect::<String>()
        };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version},
                   "contentChanges": [{"text": new}]}),
        );
        return new;
    }
    let a = position(rng, text, utf8);
    let b = match rng.below(10) {
        0..=3 => a,
        // Mostly short ranges, so that the document keeps its size.
        4..=8 => {
            let from = model_offset(text, a.0, a.1, utf8);
            model_position(text, from + rng.below(30), utf8)
        }
        _ => position(rng, text, utf8),
    };
    let (start, end) = if a <= b { (a, b) } else { (b, a) };
    let from = model_offset(text, start.0, start.1, utf8);
    let to = model_offset(text, end.0, end.1, utf8).max(from);
    let mut insert = String::new();
    for _ in 0..rng.below(3) {
        insert.push_str(rng.pick(FRAGMENTS));
    }
    // Keep the document between a few hundred bytes and a few kilobytes.
    if text.len() > 6_000 && rng.chance(70) {
        insert.clear();
    } else if text.len() < 600 && rng.chance(10) {
        insert.push_str(START);
    }
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version},
               "contentChanges": [{"range": {"start": lsp_pos(start), "end": lsp_pos(end)}, "text": insert}]}),
    );
    let mut new = String::with_capacity(text.len() + insert.len());
    new.push_str(&text[..from]);
    new.push_str(&insert);
    new.push_str(&text[to..]);
    new
}

/// Sends a random request about the document; returns its id and method.
fn random_request(rng: &mut Rng, c: &mut Client, text: &str, utf8: bool) -> (i64, &'static str) {
    let doc = json!({"uri": URI});
    let at = lsp_pos(position(rng, text, utf8));
    let (method, params) = match rng.below(10) {
        0 => (
            "textDocument/completion",
            json!({"textDocument": doc, "position": at}),
        ),
        1 => (
            "textDocument/hover",
            json!({"textDocument": doc, "position": at}),
        ),
        2 => {
            let end = lsp_pos(position(rng, text, utf8));
            (
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": {"start": at, "end": end},
                       "context": {"diagnostics": []}}),
            )
        }
        3 => (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        4 => (
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        ),
        5 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
        6 => ("textDocument/foldingRange", json!({"textDocument": doc})),
        7 => (
            "textDocument/references",
            json!({"textDocument": doc, "position": at, "context": {"includeDeclaration": true}}),
        ),
        8 => (
            "textDocument/documentHighlight",
            json!({"textDocument": doc, "position": at}),
        ),
        _ => (
            "textDocument/definition",
            json!({"textDocument": doc, "position": at}),
        ),
    };
    (c.request_async(method, params), method)
}

/// What the client has seen of the server's replies and diagnostics.
#[derive(Default)]
struct Seen {
    /// Requests in flight: method, and whether it was cancelled.
    pending: HashMap<i64, (&'static str, bool)>,
    answered: HashSet<i64>,
    /// The version of the newest diagnostics published for the document.
    diagnostics: Option<i64>,
    /// Requests answered with a result.
    ok: usize,
}

/// Replies that arrived so far, checked against the requests in flight.
fn settle(c: &mut Client, seen: &mut Seen) {
    let backlog = std::mem::take(&mut c.backlog);
    for m in backlog {
        if m["method"] == "textDocument/publishDiagnostics" {
            let v = m["params"]["version"].as_i64();
            assert!(
                v >= seen.diagnostics,
                "diagnostics went back in version: {m}"
            );
            seen.diagnostics = v;
            continue;
        }
        if m.get("method").is_some() {
            continue;
        }
        let Some(id) = m["id"].as_i64() else {
            panic!("a reply without a numeric id: {m}");
        };
        assert!(seen.answered.insert(id), "request {id} answered twice: {m}");
        let Some((method, cancelled)) = seen.pending.remove(&id) else {
            panic!("a reply to no request: {m}");
        };
        if m.get("error").is_none() {
            seen.ok += 1;
        }
        if let Some(err) = m.get("error") {
            assert!(
                cancelled && err["code"] == json!(-32800),
                "{method} (cancelled: {cancelled}) failed: {err}"
            );
        }
    }
}

fn torture(seed: u64, edits: usize, utf8: bool) {
    let mut rng = Rng(seed | 1);
    let mut c = Client::spawn(&[]);
    let encodings = if utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    let init = c.initialize(
        json!({"general": {"positionEncodings": encodings}}),
        json!({}),
    );
    let negotiated = &init["result"]["capabilities"]["positionEncoding"];
    assert_eq!(
        negotiated,
        &json!(if utf8 { "utf-8" } else { "utf-16" }),
        "{init}"
    );
    c.open(URI, START);

    let mut text = START.to_string();
    let mut version = 1;
    let mut seen = Seen::default();
    let batch = 200;
    for i in 0..edits {
        version += 1;
        text = random_edit(&mut rng, &mut c, &text, version, utf8);
        if rng.chance(10) {
            let (id, method) = random_request(&mut rng, &mut c, &text, utf8);
            let cancel = rng.chance(33);
            if cancel {
                c.notify("$/cancelRequest", json!({"id": id}));
            }
            seen.pending.insert(id, (method, cancel));
        }
        if (i + 1) % batch == 0 || i + 1 == edits {
            let r = c.request("dockls/documentText", json!({"uri": URI}));
            let got = r["result"]["text"].as_str().unwrap_or_default();
            assert!(
                got == text,
                "seed {seed}: after edit {} the server's text differs from the client's\nserver: {got:?}\nclient: {text:?}",
                i + 1
            );
            assert_eq!(r["result"]["version"], json!(version), "seed {seed}");
            settle(&mut c, &mut seen);
        }
    }
    // Every request gets its answer; then the last diagnostics carry the last version.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while (!seen.pending.is_empty() || seen.diagnostics != Some(version))
        && std::time::Instant::now() < deadline
    {
        let _ = c.wait_within(std::time::Duration::from_millis(100), |_| false);
        settle(&mut c, &mut seen);
    }
    assert!(seen.pending.is_empty(), "unanswered: {:?}", seen.pending);
    assert_eq!(seen.diagnostics, Some(version), "the last diagnostics");
    let cancelled = seen.answered.len() - seen.ok;
    eprintln!(
        "seed {seed}, {edits} edits ({}): {} requests answered, {cancelled} of them cancelled; the document ends at {} bytes",
        if utf8 { "UTF-8" } else { "UTF-16" },
        seen.answered.len(),
        text.len()
    );
    assert!(c.alive());
    assert_eq!(c.shutdown(), Some(0));
}

fn seed() -> u64 {
    std::env::var("DOCKLS_TORTURE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_D0C4_1500)
}

fn edits(default: usize) -> usize {
    std::env::var("DOCKLS_TORTURE_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn ten_thousand_edits_in_utf16() {
    torture(seed(), edits(10_000), false);
}

#[test]
fn edits_in_utf8() {
    torture(seed().wrapping_add(1), edits(2_000), true);
}
