//! Editing intelligence through the real binary: completion, hover, signature help,
//! document links and inlay hints, with UTF-16 positions.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::Client;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/dockls-complete/Dockerfile";

fn caps(snippets: bool) -> Value {
    json!({"textDocument": {
        "completion": {"completionItem": {"snippetSupport": snippets}},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "signatureHelp": {"signatureInformation": {"parameterInformation": {"labelOffsetSupport": true}}},
    }})
}

fn start(snippets: bool) -> Client {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(caps(snippets), json!({}));
    assert!(init.get("error").is_none(), "{init}");
    c
}

/// The text without its `|` cursor marker, and the cursor as an LSP UTF-16 position.
fn cursor(src: &str) -> (String, Value) {
    let at = src.find('|').expect("a | marker");
    let before = &src[..at];
    let line = before.matches('\n').count();
    let col: usize = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .chars()
        .map(char::len_utf16)
        .sum();
    (
        src.replacen('|', "", 1),
        json!({"line": line, "character": col}),
    )
}

fn at(c: &mut Client, method: &str, src: &str, extra: Value) -> Value {
    let (text, pos) = cursor(src);
    c.open(URI, &text);
    let mut params = json!({"textDocument": {"uri": URI}, "position": pos});
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    let r = c.request(method, params);
    assert!(r.get("error").is_none(), "{method} failed: {r}");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    r["result"].clone()
}

fn complete(c: &mut Client, src: &str) -> Vec<Value> {
    let r = at(c, "textDocument/completion", src, json!({}));
    if r.is_null() {
        return Vec::new();
    }
    r["items"].as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

fn find<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("{label} not in {:?}", labels(items)))
}

fn hover(c: &mut Client, src: &str) -> String {
    let r = at(c, "textDocument/hover", src, json!({}));
    r["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn capabilities_are_announced() {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(caps(true), json!({}));
    let caps = &init["result"]["capabilities"];
    let triggers = caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for t in ["-", "=", "$", "{", ":", "/", " "] {
        assert!(triggers.contains(&json!(t)), "{t} not a trigger");
    }
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["signatureHelpProvider"]["triggerCharacters"]
        .as_array()
        .is_some_and(|t| t.contains(&json!(" "))));
    assert!(caps["documentLinkProvider"].is_object());
    assert_eq!(caps["inlayHintProvider"], true);
    assert!(c.shutdown().is_some());
}

#[test]
fn completes_instructions_as_snippets_or_plain_text() {
    let mut c = start(true);
    let items = complete(&mut c, "FROM alpine\nR|");
    let run = find(&items, "RUN");
    assert_eq!(run["insertTextFormat"], 2);
    assert_eq!(
        run["textEdit"]["range"]["start"],
        json!({"line": 1, "character": 0})
    );
    assert_eq!(
        run["textEdit"]["range"]["end"],
        json!({"line": 1, "character": 1})
    );
    assert!(run["documentation"]["value"]
        .as_str()
        .is_some_and(|d| d.contains("https://docs.docker.com/reference/dockerfile/#run")));
    let heredoc = find(&items, "RUN <<EOF");
    assert!(heredoc["textEdit"]["newText"]
        .as_str()
        .is_some_and(|t| t.starts_with("RUN <<EOF\n")));
    let hc = find(&items, "HEALTHCHECK");
    assert!(hc["textEdit"]["newText"]
        .as_str()
        .is_some_and(|t| t.contains("--interval=${1:30s} --timeout=${2:3s}")));
    // An empty file: FROM, ARG and directives only.
    let items = complete(&mut c, "|");
    let l = labels(&items);
    assert!(l.contains(&"FROM".to_string()) && l.contains(&"ARG".to_string()));
    assert!(!l.contains(&"RUN".to_string()), "{l:?}");
    let from = find(&items, "FROM");
    assert_eq!(
        from["textEdit"]["newText"],
        "FROM ${1:image}:${2:tag} AS ${3:name}"
    );
    // After ONBUILD.
    let l = labels(&complete(&mut c, "FROM a\nONBUILD |"));
    assert!(l.contains(&"COPY".to_string()) && !l.contains(&"FROM".to_string()));
    drop(c);

    let mut plain = start(false);
    let items = complete(&mut plain, "FROM alpine\n|");
    let copy = find(&items, "COPY");
    assert_eq!(copy["insertTextFormat"], 1);
    assert_eq!(copy["textEdit"]["newText"], "COPY ");
    assert!(items.iter().all(|i| i["insertTextFormat"] == 1));
}

#[test]
fn completes_flags_values_and_mount_keys() {
    let mut c = start(true);
    let l = labels(&complete(&mut c, "FROM a\nCOPY --|"));
    for f in [
        "--from",
        "--chown",
        "--chmod",
        "--link",
        "--parents",
        "--exclude",
    ] {
        assert!(l.contains(&f.to_string()), "{f} in {l:?}");
    }
    let l = labels(&complete(&mut c, "FROM a\nADD --|"));
    for f in ["--checksum", "--keep-git-dir", "--unpack"] {
        assert!(l.contains(&f.to_string()), "{f} in {l:?}");
    }
    let l = labels(&complete(&mut c, "FROM a\nRUN --|"));
    for f in ["--mount", "--network", "--security", "--mount=type=cache"] {
        assert!(l.contains(&f.to_string()), "{f} in {l:?}");
    }
    let l = labels(&complete(&mut c, "FROM a\nHEALTHCHECK --|"));
    assert!(l.contains(&"--start-interval".to_string()));
    let l = labels(&complete(&mut c, "FROM --|"));
    assert_eq!(l, vec!["--platform"]);
    let l = labels(&complete(&mut c, "FROM a\nRUN --network=|"));
    assert_eq!(l, vec!["default", "none", "host"]);
    let l = labels(&complete(&mut c, "FROM a\nRUN --mount=type=cache,|"));
    assert!(l.contains(&"sharing".to_string()) && !l.contains(&"env".to_string()));
    let l = labels(&complete(&mut c, "FROM a\nRUN --mount=type=secret,|"));
    assert!(l.contains(&"env".to_string()) && !l.contains(&"sharing".to_string()));
    let items = complete(&mut c, "FROM a\nRUN --mount=type=|");
    let cache = find(&items, "cache");
    assert_eq!(
        cache["textEdit"]["range"],
        json!({"start": {"line": 1, "character": 17}, "end": {"line": 1, "character": 17}})
    );
    let l = labels(&complete(
        &mut c,
        "FROM a\nRUN --mount=type=cache,sharing=|",
    ));
    assert_eq!(l, vec!["locked", "shared", "private"]);
}

#[test]
fn completes_stage_names_and_scoped_variables() {
    let mut c = start(true);
    // Earlier stages first (by sort text), then images; never later stages or itself.
    let stages = |items: Vec<Value>| {
        let mut stages: Vec<(String, String)> = items
            .iter()
            .filter(|i| i["kind"] == 18)
            .map(|i| {
                (
                    i["sortText"].as_str().unwrap_or("").to_string(),
                    i["label"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        stages.sort();
        stages.into_iter().map(|s| s.1).collect::<Vec<_>>()
    };
    let items = complete(
        &mut c,
        "FROM golang AS build\nFROM node AS web\nFROM alpine\nCOPY --from=| \nFROM busybox AS later\n",
    );
    assert_eq!(stages(items.clone()), vec!["web", "build"]);
    find(&items, "ghcr.io/astral-sh/uv");
    let items = complete(
        &mut c,
        "FROM golang AS build\nFROM alpine\nRUN --mount=type=bind,from=|",
    );
    assert_eq!(stages(items), vec!["build"]);

    // FROM lines see global ARGs and the platform ARGs.
    let items = complete(&mut c, "ARG VERSION=22\nFROM node:${|");
    let v = find(&items, "VERSION");
    assert_eq!(v["detail"], "= 22");
    assert_eq!(v["textEdit"]["newText"], "VERSION}");
    find(&items, "BUILDPLATFORM");

    // A stage sees a global ARG only after redeclaring it; ENV beats ARG.
    let src = "ARG VERSION=22\nARG UNUSED=1\nFROM node\nARG VERSION\nARG MODE=dev\nENV MODE=prod\nRUN echo $|";
    let items = complete(&mut c, src);
    assert_eq!(find(&items, "VERSION")["detail"], "= 22");
    assert_eq!(find(&items, "MODE")["detail"], "= prod");
    let unused = find(&items, "UNUSED");
    assert_eq!(
        unused["additionalTextEdits"][0],
        json!({"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}}, "newText": "ARG UNUSED\n"})
    );
    let sort = |l: &str| {
        find(&items, l)["sortText"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(sort("VERSION") < sort("UNUSED"));
}

#[test]
fn completes_directives_ignore_codes_and_images() {
    let mut c = start(true);
    let l = labels(&complete(&mut c, "# |"));
    assert!(
        l.contains(&"syntax=docker/dockerfile:1".to_string()),
        "{l:?}"
    );
    let l = labels(&complete(&mut c, "# syntax=|"));
    assert!(l.contains(&"docker/dockerfile:1".to_string()));
    assert!(!l.iter().any(|x| x.contains("experimental")));
    let l = labels(&complete(&mut c, "# check=skip=|\nFROM a\n"));
    assert!(l.contains(&"JSONArgsRecommended".to_string()));
    let l = labels(&complete(&mut c, "# escape=|"));
    assert_eq!(l, vec!["\\", "`"]);

    let items = complete(&mut c, "FROM a\n# dockls ignore=DK4|\nMAINTAINER x\n");
    let dk = find(&items, "DK401");
    assert!(dk["documentation"]["value"]
        .as_str()
        .is_some_and(|d| d.contains("DK401.md")));
    let l = labels(&complete(&mut c, "FROM a\n# hadolint ignore=|\nRUN x\n"));
    assert!(l.iter().all(|x| x.starts_with("DL")) && !l.is_empty());

    let items = complete(&mut c, "FROM |");
    let node = find(&items, "node");
    assert!(node["detail"].as_str().is_some_and(|d| d.contains("MB")));
    find(&items, "gcr.io/distroless/static-debian12");
    find(&items, "mcr.microsoft.com/dotnet/sdk");
    find(&items, "scratch");
    let items = complete(&mut c, "FROM node:22-|");
    let alpine = find(&items, "22-alpine");
    assert_eq!(
        alpine["textEdit"]["range"],
        json!({"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 13}})
    );
    let l = labels(&complete(
        &mut c,
        "FROM gcr.io/distroless/static-debian12:|",
    ));
    assert!(l.contains(&"nonroot".to_string()));
}

#[test]
fn utf16_positions_with_non_ascii_text_before_the_cursor() {
    let mut c = start(true);
    // "😀" is two UTF-16 units and four bytes; "é" one unit and two bytes.
    let items = complete(
        &mut c,
        "FROM alpine\nENV GREETING=\"😀 é\"\nRUN echo \"😀 é\" $GR|",
    );
    let g = find(&items, "GREETING");
    // `RUN echo "😀 é" $` is 17 UTF-16 units long.
    assert_eq!(
        g["textEdit"]["range"],
        json!({"start": {"line": 2, "character": 17}, "end": {"line": 2, "character": 19}})
    );
    let md = hover(
        &mut c,
        "FROM alpine\nENV GREETING=\"😀 é\"\nRUN echo \"😀 é\" $GRE|ETING\n",
    );
    assert!(md.contains("**ENV** `GREETING`"), "{md}");
    let r = at(
        &mut c,
        "textDocument/hover",
        "FROM alpine\nLABEL x=\"中文😀\" \\\n  y=1\nRUN echo \"😀\" && echo $HO|ME\n",
        json!({}),
    );
    assert_eq!(r["range"]["start"], json!({"line": 3, "character": 22}));
}

#[test]
fn hovers() {
    let mut c = start(true);
    let md = hover(&mut c, "FROM alpine\nCO|PY a /b\n");
    assert!(md.contains("#copy") && md.contains("Copies files"), "{md}");
    let md = hover(&mut c, "FROM alpine\nCOPY --ch|mod=0755 a /b\n");
    assert!(md.contains("COPY --chmod"), "{md}");
    let md = hover(
        &mut c,
        "FROM alpine\nRUN --mount=type=cache,sha|ring=locked x\n",
    );
    assert!(md.contains("--mount sharing"), "{md}");
    let md = hover(&mut c, "ARG V=3.20\nFROM alpine:${|V}\n");
    assert!(md.contains("= `3.20`") && md.contains("line 1"), "{md}");
    let md = hover(
        &mut c,
        "FROM golang:1.23 AS build\nFROM alpine\nCOPY --from=bu|ild /out /app\n",
    );
    assert!(
        md.contains("**Stage `build`**") && md.contains("golang:1.23"),
        "{md}"
    );
    let md = hover(&mut c, "FROM py|thon:3.13-slim\n");
    assert!(
        md.contains("Debian slim") && md.contains("approximate"),
        "{md}"
    );
    let md = hover(&mut c, "FROM a\n# dockls ignore=DK4|01\nMAINTAINER x\n");
    assert!(
        md.contains("## What it does") || md.contains("What it does"),
        "{md}"
    );
    let md = hover(&mut c, "# check=skip=JSONArgs|Recommended\nFROM a\n");
    assert!(md.contains("JSONArgsRecommended"), "{md}");
    let md = hover(&mut c, "# esc|ape=`\nFROM a\n");
    assert!(md.contains("#escape"), "{md}");
    // Nothing to say about plain shell words.
    let r = at(
        &mut c,
        "textDocument/hover",
        "FROM a\nRUN ec|ho hi\n",
        json!({}),
    );
    assert!(r.is_null(), "{r}");
}

#[test]
fn signature_help() {
    let mut c = start(true);
    let r = at(
        &mut c,
        "textDocument/signatureHelp",
        "FROM a\nCOPY --from=build src |",
        json!({"context": {"triggerKind": 2, "triggerCharacter": " ", "isRetrigger": false}}),
    );
    let sig = &r["signatures"][r["activeSignature"].as_u64().unwrap_or(0) as usize];
    let label = sig["label"].as_str().unwrap_or("");
    assert!(label.starts_with("COPY [--from=<stage>]"), "{label}");
    let p = r["activeParameter"].as_u64().expect("an active parameter") as usize;
    let off = &sig["parameters"][p]["label"];
    let (s, e) = (
        off[0].as_u64().unwrap_or(0) as usize,
        off[1].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(&label[s..e], "<dest>");
    let r = at(
        &mut c,
        "textDocument/signatureHelp",
        "FROM a\nCMD [\"node\", |",
        json!({}),
    );
    let sig = &r["signatures"][r["activeSignature"].as_u64().unwrap_or(0) as usize];
    let label = sig["label"].as_str().unwrap_or("");
    let off = &sig["parameters"][r["activeParameter"].as_u64().unwrap_or(99) as usize]["label"];
    assert_eq!(
        &label[off[0].as_u64().unwrap_or(0) as usize..off[1].as_u64().unwrap_or(0) as usize],
        "\"<param>\""
    );
    let r = at(&mut c, "textDocument/signatureHelp", "# FROM |", json!({}));
    assert!(r.is_null());
}

#[test]
fn document_links() {
    let mut c = start(true);
    let text = "# syntax=docker/dockerfile:1\nFROM node:22 AS build\nFROM ghcr.io/astral-sh/uv:latest AS uv\nFROM mcr.microsoft.com/dotnet/aspnet:9.0\n# dockls ignore=DK401\nMAINTAINER me\n";
    c.open(URI, text);
    let r = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": URI}}),
    );
    let links = r["result"].as_array().cloned().unwrap_or_default();
    let targets: Vec<&str> = links.iter().filter_map(|l| l["target"].as_str()).collect();
    assert_eq!(
        targets,
        vec![
            "https://hub.docker.com/r/docker/dockerfile",
            "https://hub.docker.com/_/node",
            "https://ghcr.io/astral-sh/uv",
            "https://mcr.microsoft.com/artifact/mar/dotnet/aspnet",
            "https://github.com/dockls/dockls/blob/main/docs/rules/DK401.md",
        ]
    );
    assert_eq!(
        links[1]["range"],
        json!({"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 9}})
    );
}

#[test]
fn inlay_hints() {
    let mut c = start(true);
    let text = "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine AS build\nFROM alpine\nCOPY --from=0 /app /app\n";
    c.open(URI, text);
    let r = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}}}),
    );
    let hints = r["result"].as_array().cloned().unwrap_or_default();
    let got: Vec<(Value, &str)> = hints
        .iter()
        .map(|h| (h["position"].clone(), h["label"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        vec![
            (json!({"line": 1, "character": 25}), "= 20"),
            (json!({"line": 3, "character": 13}), "(build)"),
        ]
    );
    // Only the requested range.
    let r = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 3, "character": 0}, "end": {"line": 4, "character": 0}}}),
    );
    assert_eq!(r["result"].as_array().map(Vec::len), Some(1));
}
