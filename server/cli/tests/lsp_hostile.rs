//! Hostile input through the real binary over stdio: positions past the end and inside
//! surrogate pairs, edits and requests for documents that are not open, malformed
//! messages and unknown methods, huge documents (a 10 MB file, a 100,000-line heredoc, a
//! 1 MB line, a 100,000-line continuation chain, binary data), binary and invalid UTF-8
//! files on disk. Every case gets an error or a sensible answer, the server keeps
//! answering (a request about another document is answered promptly while a huge one is
//! analysed), long work can be cancelled, and peak memory stays bounded.
//!
//! Sizes: under `cargo test` (a debug build) the huge documents are a tenth of the sizes
//! above; `tests/reliability/hostile.sh` runs this file again with `DOCKLS_HOSTILE_FULL=1`
//! against a release build (`DOCKLS_BIN`) at full size. Measurements are printed (run with
//! `--nocapture` to see them) and recorded in RELIABILITY.md.

mod common;

use std::time::{Duration, Instant};

use common::Client;
use dockls_invariants::lsp::model_offset;
use serde_json::{json, Value};

const SMALL: &str = "file:///tmp/dockls-hostile/small/Dockerfile";
const BIG: &str = "file:///tmp/dockls-hostile/big/Dockerfile";

struct Sizes {
    full: bool,
    /// The big document, bytes.
    big: usize,
    heredoc_lines: usize,
    line: usize,
    continuation_lines: usize,
    /// How long a request about a small document may wait while a big one is analysed.
    responsive: Duration,
    /// How long a big document's analysis may take.
    analysis: Duration,
    /// Peak resident memory allowed for the whole session, MiB.
    peak_rss_mib: u64,
}

fn sizes() -> Sizes {
    if std::env::var_os("DOCKLS_HOSTILE_FULL").is_some_and(|v| v == "1") {
        Sizes {
            full: true,
            big: 10 * 1024 * 1024,
            heredoc_lines: 100_000,
            line: 1024 * 1024,
            continuation_lines: 100_000,
            responsive: Duration::from_secs(2),
            analysis: Duration::from_secs(180),
            // Measured 2.2 GiB (RELIABILITY.md): the 10 MB file's typed view and analysis
            // (about 30 bytes per byte of text, for two versions at once during an edit),
            // its tree-sitter tree, and its symbol and semantic-token answers, which
            // tower-lsp-server builds in full as JSON values.
            peak_rss_mib: 3072,
        }
    } else {
        Sizes {
            full: false,
            big: 1024 * 1024,
            heredoc_lines: 10_000,
            line: 100 * 1024,
            continuation_lines: 10_000,
            responsive: Duration::from_secs(5),
            analysis: Duration::from_secs(240),
            peak_rss_mib: 1024,
        }
    }
}

/// A realistic block of instructions, repeated to make a big file.
const BLOCK: &str = r#"FROM debian:12 AS build
ARG VERSION=1.2.3
ENV PATH=/opt/bin:$PATH LANG=C.UTF-8
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --chown=app:app . /src
WORKDIR /src
RUN <<EOF
set -eux
make build VERSION=${VERSION} # é 中文 😀
EOF
USER app
CMD ["/src/bin/app", "--port", "8080"]
"#;

fn big_file(bytes: usize) -> String {
    BLOCK.repeat(bytes / BLOCK.len() + 1)
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn start() -> Client {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(
        json!({"textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}}}}),
        json!({}),
    );
    assert!(init.get("error").is_none(), "{init}");
    c
}

/// The response is an answer or an ordinary error, never a handler that panicked.
fn sensible(r: &Value, what: &str) {
    assert!(
        r.get("result").is_some() || r.get("error").is_some(),
        "{what}: {r}"
    );
    assert_ne!(
        r["error"]["code"],
        json!(-32603),
        "{what}: internal error {r}"
    );
}

/// A hover on the small document answers within `limit`; returns how long it took.
fn still_answers(c: &mut Client, limit: Duration, what: &str) -> Duration {
    let t = Instant::now();
    let r = c
        .request_within(
            "textDocument/hover",
            json!({"textDocument": {"uri": SMALL}, "position": pos(1, 1)}),
            limit,
        )
        .unwrap_or_else(|| panic!("{what}: no answer about another document within {limit:?}"));
    sensible(&r, what);
    assert!(
        r["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|s| s.contains("RUN")),
        "{what}: {r}"
    );
    t.elapsed()
}

fn text_of(c: &mut Client, uri: &str) -> Value {
    c.request("dockls/documentText", json!({"uri": uri}))["result"].clone()
}

const SMALL_TEXT: &str = "FROM alpine:3.20\nRUN echo hi\n";

#[test]
fn positions_past_the_end_and_inside_surrogate_pairs() {
    let mut c = start();
    let uri = "file:///tmp/dockls-hostile/pos/Dockerfile";
    let text = "FROM alpine:3.20\r\nRUN echo 😀😀 \\\n  && 中文\rLABEL a=b";
    c.open(uri, text);
    let odd = [
        pos(0, 9999),
        pos(9999, 0),
        pos(u32::MAX, u32::MAX),
        pos(1, 10), // inside the first 😀 (UTF-16 units 9..11)
        pos(1, 12), // inside the second
        pos(0, 17), // between \r and \n
        pos(3, 4),
    ];
    let methods = [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/signatureHelp",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/documentHighlight",
        "textDocument/prepareRename",
        "textDocument/rename",
        "textDocument/onTypeFormatting",
    ];
    for p in &odd {
        for m in methods {
            let params = json!({"textDocument": {"uri": uri}, "position": p, "newName": "X", "ch": "\n",
                "options": {"tabSize": 4, "insertSpaces": true}, "context": {"includeDeclaration": true, "triggerKind": 1}});
            let r = c.request(m, params);
            sensible(&r, &format!("{m} at {p}"));
        }
        for q in &odd {
            let range = json!({"start": p, "end": q});
            for (m, params) in [
                (
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
                ),
                (
                    "textDocument/rangeFormatting",
                    json!({"textDocument": {"uri": uri}, "range": range, "options": {"tabSize": 4, "insertSpaces": true}}),
                ),
                (
                    "textDocument/semanticTokens/range",
                    json!({"textDocument": {"uri": uri}, "range": range}),
                ),
                (
                    "textDocument/inlayHint",
                    json!({"textDocument": {"uri": uri}, "range": range}),
                ),
                (
                    "textDocument/selectionRange",
                    json!({"textDocument": {"uri": uri}, "positions": [p, q]}),
                ),
            ] {
                let r = c.request(m, params);
                sensible(&r, &format!("{m} {range}"));
            }
        }
    }
    // Edits at odd positions land where the protocol says: clamped to the line or the
    // document, rounded down out of a surrogate pair.
    let mut expected = text.to_string();
    let mut version = 1;
    for (start, end, new) in [
        (pos(1, 10), pos(1, 12), "X"),
        (pos(0, 9999), pos(0, 9999), ":latest"),
        (pos(9999, 0), pos(9999, 5), "\nUSER app"),
        (pos(2, 99), pos(1, 3), "Y"),
        (pos(0, 17), pos(0, 18), "Z"),
    ] {
        let o = |p: &Value| {
            model_offset(
                &expected,
                p["line"].as_u64().unwrap_or(0) as u32,
                p["character"].as_u64().unwrap_or(0) as u32,
                false,
            )
        };
        let (mut s, mut e) = (o(&start), o(&end));
        if e < s {
            std::mem::swap(&mut s, &mut e);
        }
        expected.replace_range(s..e, new);
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": start, "end": end}, "text": new}]}),
        );
        let t = text_of(&mut c, uri);
        assert_eq!(t["text"], json!(expected), "after {start}..{end}");
        assert_eq!(t["version"], json!(version));
    }
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn documents_that_are_not_open() {
    let mut c = start();
    let nope = "file:///tmp/dockls-hostile/never-opened/Dockerfile";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": nope, "version": 2}, "contentChanges": [{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "x"}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": nope}}),
    );
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": nope}}),
    );
    for (m, params) in [
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": nope}, "position": pos(0, 0)}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": {"uri": nope}, "position": pos(0, 0)}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": nope}, "range": {"start": pos(0, 0), "end": pos(0, 0)}, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/formatting",
            json!({"textDocument": {"uri": nope}, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": nope}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": nope}}),
        ),
        (
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": nope}}),
        ),
        ("dockls/documentText", json!({"uri": nope})),
        // Not a URI dockls can read from: another scheme, and not a URI at all.
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": "https://example.com/Dockerfile"}, "position": pos(0, 0)}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": "not a uri"}, "position": pos(0, 0)}),
        ),
    ] {
        let r = c.request(m, params);
        sensible(&r, m);
    }
    c.open(SMALL, SMALL_TEXT);
    still_answers(
        &mut c,
        Duration::from_secs(20),
        "after requests about unopened documents",
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn malformed_messages_and_unknown_methods() {
    let mut c = start();
    c.open(SMALL, SMALL_TEXT);
    let frame = |body: &[u8]| {
        let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        v.extend_from_slice(body);
        v
    };
    let bodies: Vec<Vec<u8>> = vec![
        b"{ not json".to_vec(),
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        br#"[{"jsonrpc":"2.0","id":900,"method":"shutdown"}]"#.to_vec(),
        br#"{"jsonrpc":"1.0","id":901,"method":"textDocument/hover"}"#.to_vec(),
        br#"{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover"}"#.to_vec(),
        br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"oops"}"#.to_vec(),
        br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":5}}}"#.to_vec(),
        // A lone surrogate, which JSON allows to write but no string can hold.
        br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x/Dockerfile","languageId":"dockerfile","version":1,"text":"\ud800"}}}"#.to_vec(),
        // Not UTF-8 at all.
        vec![0xff, 0xfe, 0x00, 0x7b, 0x80, 0x81],
        // Deeply nested.
        [b"[".repeat(100_000), b"]".repeat(100_000)].concat(),
        format!(r#"{{"jsonrpc":"2.0","method":"x","params":{}1{}}}"#, "{\"a\":".repeat(5000), "}".repeat(5000)).into_bytes(),
    ];
    for b in &bodies {
        c.send_bytes(&frame(b));
    }
    // Bad headers: a line without a colon, a bad length, an unknown header only.
    c.send_bytes(b"Garbage\r\n\r\n");
    c.send_bytes(b"Content-Length: twelve\r\n\r\n");
    c.send_bytes(b"Content-Length: -5\r\n\r\n");
    c.send_bytes(b"Content-Length: 99999999999999999999\r\n\r\n");
    c.send_bytes(b"X-Nothing: 1\r\n\r\n");
    // Headers in another case and with a content type still work.
    let ok = br#"{"jsonrpc":"2.0","id":902,"method":"dockls/documentText","params":{"uri":"file:///tmp/dockls-hostile/small/Dockerfile"}}"#;
    let mut m = format!(
        "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        ok.len()
    )
    .into_bytes();
    m.extend_from_slice(ok);
    c.send_bytes(&m);
    let r = c.wait(|m| m["id"] == json!(902));
    assert_eq!(r["result"]["text"], json!(SMALL_TEXT));
    // Every malformed message above got an error reply (id null, or its own id): the
    // eleven bodies that are not JSON-RPC and the five bad header blocks. The guard's
    // replies and the server's are interleaved, so some may still be on their way.
    let errors = |c: &Client| {
        c.backlog
            .iter()
            .filter(|m| m.get("error").is_some())
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while errors(&c) < 16 && Instant::now() < deadline {
        // Nothing matches: this only moves arriving messages into the backlog.
        let _ = c.wait_within(Duration::from_millis(100), |_| false);
    }
    assert_eq!(errors(&c), 16, "error replies: {:#?}", c.backlog);
    for m in &c.backlog {
        if let Some(code) = m["error"]["code"].as_i64() {
            assert!([-32700, -32600, -32602].contains(&code), "{m}");
        }
    }
    // Unknown methods: a request gets -32601; notifications are dropped.
    let r = c.request("dockls/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("$/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.notify("$/noSuchThing", json!({}));
    c.notify("dockls/noSuchNotification", json!([1, 2]));
    // Known methods with parameters of the wrong shape.
    for (m, params) in [
        ("textDocument/hover", json!(5)),
        ("textDocument/completion", json!({"textDocument": {}})),
        ("textDocument/codeAction", json!([])),
        ("textDocument/formatting", Value::Null),
        ("workspace/symbol", json!({"query": 7})),
        ("dockls/documentText", json!({"uri": ["x"]})),
    ] {
        let r = c.request(m, params);
        assert_eq!(r["error"]["code"], -32602, "{m}: {r}");
    }
    still_answers(&mut c, Duration::from_secs(20), "after malformed messages");
    assert_eq!(c.shutdown(), Some(0));
}

/// Opens `text` as `uri`, checks that another document's requests are answered promptly
/// meanwhile, and waits for its diagnostics. Returns (time to the first answer about the
/// other document, time to the diagnostics).
fn open_huge(
    c: &mut Client,
    s: &Sizes,
    uri: &str,
    text: &str,
    version: i64,
) -> (Duration, Duration) {
    let t = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}}),
    );
    let other = still_answers(c, s.responsive, &format!("while {uri} is analysed"));
    let d = c
        .wait_within(s.analysis, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        })
        .unwrap_or_else(|| panic!("no diagnostics for {uri} within {:?}", s.analysis));
    assert!(d["params"]["diagnostics"].is_array());
    (other, t.elapsed())
}

#[test]
fn huge_documents_keep_the_server_responsive_and_bounded() {
    let s = sizes();
    let mut c = start();
    c.open(SMALL, SMALL_TEXT);
    let mut report = Vec::new();

    // 1. A big realistic file.
    let big = big_file(s.big);
    let (other, diag) = open_huge(&mut c, &s, BIG, &big, 1);
    report.push(format!(
        "{} MB file: diagnostics after {diag:?}; another document answered after {other:?}",
        big.len() / (1024 * 1024)
    ));
    // Requests on it answer; each is timed.
    let lines = big.lines().count() as u32;
    for (m, params) in [
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": BIG}}),
        ),
        (
            "textDocument/formatting",
            json!({"textDocument": {"uri": BIG}, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": BIG}}),
        ),
        (
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": BIG}}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": BIG}, "range": {"start": pos(lines / 2, 0), "end": pos(lines / 2, 0)}, "context": {"diagnostics": [], "only": ["source.fixAll.dockls"]}}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": BIG}, "position": pos(lines / 2 + 3, 2)}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": {"uri": BIG}, "position": pos(lines / 2, 0)}),
        ),
    ] {
        let t = Instant::now();
        let r = c
            .request_within(m, params, s.analysis)
            .unwrap_or_else(|| panic!("{m} on the big file: no answer"));
        sensible(&r, m);
        report.push(format!("  {m}: {:?}", t.elapsed()));
    }
    // An edit in the middle, then a long request that is cancelled at once: the answer
    // (cancelled, or the result if it was quicker) comes promptly, and the server goes on.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": BIG, "version": 2}, "contentChanges": [{"range": {"start": pos(lines / 2, 0), "end": pos(lines / 2, 0)}, "text": "RUN echo inserted\n"}]}),
    );
    let id = c.request_async(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": BIG}}),
    );
    let t = Instant::now();
    c.notify("$/cancelRequest", json!({"id": id}));
    let r = c
        .wait_within(s.analysis, |m| m["id"] == json!(id))
        .expect("an answer to the cancelled request");
    sensible(&r, "cancelled semantic tokens");
    report.push(format!(
        "  cancelled semanticTokens/full after an edit: answered after {:?} ({})",
        t.elapsed(),
        if r.get("error").is_some() {
            "cancelled"
        } else {
            "completed"
        }
    ));
    still_answers(&mut c, s.responsive, "after the cancellation");
    let t = text_of(&mut c, BIG);
    assert_eq!(t["text"].as_str().map(str::len), Some(big.len() + 18));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": BIG}}),
    );
    drop(big);

    // 2. A heredoc of many lines.
    let heredoc = format!(
        "FROM alpine:3.20\nRUN <<EOF\n{}EOF\n",
        "echo line && printf '%s\\n' \"$HOME\"\n".repeat(s.heredoc_lines)
    );
    let (other, diag) = open_huge(&mut c, &s, BIG, &heredoc, 3);
    report.push(format!(
        "{}-line heredoc: diagnostics after {diag:?}; another document answered after {other:?}",
        s.heredoc_lines
    ));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": BIG}}),
    );

    // 3. One long line, and one long word (an unknown instruction).
    let line = format!("FROM alpine:3.20\nRUN echo {}\n", "a".repeat(s.line));
    let (other, diag) = open_huge(&mut c, &s, BIG, &line, 4);
    report.push(format!(
        "{} KB line: diagnostics after {diag:?}; another document answered after {other:?}",
        s.line / 1024
    ));
    let word = format!("FROM alpine:3.20\n{}\n", "X".repeat(s.line));
    let (other, diag) = open_huge(&mut c, &s, BIG, &word, 5);
    report.push(format!(
        "{} KB word: diagnostics after {diag:?}; another document answered after {other:?}",
        s.line / 1024
    ));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": BIG}}),
    );

    // 4. A deep continuation chain.
    let chain = format!(
        "FROM alpine:3.20\nRUN true \\\n{}  && true\n",
        "  && echo x \\\n".repeat(s.continuation_lines)
    );
    let (other, diag) = open_huge(&mut c, &s, BIG, &chain, 6);
    report.push(format!(
        "{}-line continuation chain: diagnostics after {diag:?}; another document answered after {other:?}",
        s.continuation_lines
    ));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": BIG}}),
    );

    // 5. Binary data as a document (every char below 0x80 and some above, NUL included).
    let binary: String = (0..s.line)
        .map(|i| char::from_u32(((i * 7919) % 0x2ff) as u32).unwrap_or('\u{fffd}'))
        .collect();
    let (other, diag) = open_huge(&mut c, &s, BIG, &binary, 7);
    report.push(format!(
        "{} KB of binary data: diagnostics after {diag:?}; another document answered after {other:?}",
        binary.len() / 1024
    ));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": BIG}}),
    );

    let peak = c.peak_rss_kib().unwrap_or(0) / 1024;
    report.push(format!(
        "peak RSS of the server: {peak} MiB (limit {} MiB)",
        s.peak_rss_mib
    ));
    println!(
        "hostile documents ({}):\n{}",
        if s.full {
            "full size, as given"
        } else {
            "debug build, a tenth of the full size"
        },
        report.join("\n")
    );
    assert!(peak > 0, "no VmHWM for the server");
    assert!(peak <= s.peak_rss_mib, "peak RSS {peak} MiB");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn binary_and_invalid_utf8_files_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path();
    let junk: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    std::fs::write(p.join(".dockerignore"), &junk).expect("write");
    std::fs::write(p.join("package.json"), &junk).expect("write");
    std::fs::write(p.join("requirements.txt"), b"flask\xff\xfe==\x00\n").expect("write");
    std::fs::write(p.join("dockls.toml"), b"ignore = [\"DK401\xff\"]\n\x00\x01").expect("write");
    let dockerfile = b"FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nMAINTAINER \xff\xfe me\n";
    std::fs::write(p.join("Dockerfile"), dockerfile).expect("write");
    // A named pipe where a project file would be: never opened (it would block).
    let _ = std::process::Command::new("mkfifo")
        .arg(p.join("pyproject.toml"))
        .status();

    let uri = format!("file://{}/Dockerfile", p.display());
    let mut c = start();
    c.open(&uri, &String::from_utf8_lossy(dockerfile));
    let d = c.diagnostics(&uri, 1);
    assert!(!d.is_empty());
    for m in [
        "textDocument/codeAction",
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/documentLink",
    ] {
        let r = c.request(
            m,
            json!({"textDocument": {"uri": uri}, "position": pos(1, 5),
            "range": {"start": pos(0, 0), "end": pos(3, 0)}, "context": {"diagnostics": []}}),
        );
        sensible(&r, m);
    }
    assert_eq!(c.shutdown(), Some(0));

    // The command line on the same files, and on a file that is not text at all.
    std::fs::write(p.join("binary.Dockerfile"), &junk).expect("write");
    for f in ["Dockerfile", "binary.Dockerfile"] {
        let out = std::process::Command::new(common::binary())
            .args(["check", "--format", "json"])
            .arg(p.join(f))
            .output()
            .expect("run dockls check");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{f}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        assert!(json.is_array() || json.is_object(), "{f}");
    }
}

#[test]
fn a_client_that_vanishes_without_answering_does_not_keep_the_server_alive() {
    // The server asks the client for its configuration and registers file watching; this
    // client never answers and then closes its end, as a crashed editor would. The handler
    // waiting for the answer must not keep the process alive.
    let mut c = Client::spawn(&[]);
    c.silent = true;
    let init = c.initialize(
        json!({"workspace": {"configuration": true,
                             "didChangeConfiguration": {"dynamicRegistration": true},
                             "didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        json!({}),
    );
    assert!(init.get("error").is_none(), "{init}");
    c.wait(|m| {
        m["method"] == "workspace/configuration" || m["method"] == "client/registerCapability"
    });
    let closed = Instant::now();
    c.close_input();
    let status = c.wait_exit();
    let took = closed.elapsed();
    // Exit without `shutdown` is status 1, within the grace period and well before the
    // client-answer timeout.
    assert_eq!(
        status,
        Some(1),
        "the server is still running {took:?} after its input closed"
    );
    assert!(took < Duration::from_secs(8), "stopped after {took:?}");
}
