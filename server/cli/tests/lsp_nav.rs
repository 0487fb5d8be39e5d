//! Editing intelligence through the real binary: definition, references, highlights,
//! rename, symbols, folding, selection ranges, semantic tokens and formatting, with
//! UTF-16 positions on text that has emoji and CJK characters.

mod common;

use common::Client;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/dockls-nav/Dockerfile";
const OTHER: &str = "file:///tmp/dockls-nav/other/Dockerfile";

fn caps() -> Value {
    json!({"textDocument": {
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
        "semanticTokens": {
            "requests": {"range": true, "full": true},
            "tokenTypes": [], "tokenModifiers": [], "formats": ["relative"],
            "multilineTokenSupport": false
        },
        "rename": {"prepareSupport": true}
    }})
}

fn start(text: &str) -> Client {
    let mut c = Client::spawn(&[]);
    c.initialize(caps(), json!({}));
    c.open(URI, text);
    c
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

/// (start line, start character, end character) of each range in a list of locations
/// or highlights.
fn spans(list: &Value) -> Vec<(u64, u64, u64)> {
    list.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let r = if l.get("range").is_some() {
                &l["range"]
            } else {
                l
            };
            (
                r["start"]["line"].as_u64().unwrap_or(99),
                r["start"]["character"].as_u64().unwrap_or(99),
                r["end"]["character"].as_u64().unwrap_or(99),
            )
        })
        .collect()
}

/// Line 2 puts an emoji (two UTF-16 units) and CJK text before `$VERSION`.
const NAV: &str = "ARG VERSION=1.0\nFROM golang:${VERSION} AS build\nLABEL note=\"😀 中文\" v=$VERSION\nARG VERSION\nRUN echo \"😀 $VERSION\" && \\\n    echo ${VERSION:-none}\nFROM build AS test\nRUN echo $VERSION\nFROM alpine\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nRUN --mount=type=cache,from=build,target=/c true\n";

#[test]
fn definition_follows_buildkit_scopes_with_utf16_columns() {
    let mut c = start(NAV);
    // `$VERSION` in FROM → the global ARG.
    let r = c.request("textDocument/definition", at(URI, 1, 15));
    assert_eq!(spans(&r["result"]), vec![(0, 4, 11)], "{r}");
    // Before the redeclaration, a stage does not see the global ARG.
    let r = c.request("textDocument/definition", at(URI, 2, 25));
    assert_eq!(r["result"], Value::Null, "{r}");
    // After `ARG VERSION`: the redeclaration; the column counts 😀 as two units.
    let line4 = "RUN echo \"😀 $VERSION\" && \\";
    let col: u32 = line4[..line4.find("$VERSION").unwrap_or(0) + 2]
        .chars()
        .map(|ch| ch.len_utf16() as u32)
        .sum();
    assert_eq!(col, 15);
    let r = c.request("textDocument/definition", at(URI, 4, col));
    assert_eq!(spans(&r["result"]), vec![(3, 4, 11)], "{r}");
    // The redeclaration itself leads to the global.
    let r = c.request("textDocument/definition", at(URI, 3, 6));
    assert_eq!(spans(&r["result"]), vec![(0, 4, 11)], "{r}");
    // A stage built FROM build inherits its ARG.
    let r = c.request("textDocument/definition", at(URI, 7, 12));
    assert_eq!(spans(&r["result"]), vec![(3, 4, 11)], "{r}");
    // Stage names: COPY --from=name, --from=0, FROM name, RUN --mount from=name.
    for (line, ch) in [(9, 13), (10, 12), (6, 7), (11, 29)] {
        let r = c.request("textDocument/definition", at(URI, line, ch));
        assert_eq!(spans(&r["result"]), vec![(1, 26, 31)], "line {line}: {r}");
    }
    // An image is not a definition in this file.
    let r = c.request("textDocument/definition", at(URI, 8, 7));
    assert_eq!(r["result"], Value::Null);
}

#[test]
fn references_and_highlights() {
    let mut c = start(NAV);
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": pos(3, 6), "context": {"includeDeclaration": true}}),
    );
    let got = spans(&r["result"]);
    // Global, FROM, redeclaration, two uses in RUN (after the emoji: UTF-16 columns),
    // the use in the child stage; not the LABEL use before the redeclaration.
    assert_eq!(
        got,
        vec![
            (0, 4, 11),
            (1, 14, 21),
            (3, 4, 11),
            (4, 14, 21),
            (5, 11, 18),
            (7, 10, 17)
        ],
        "{r}"
    );
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": pos(3, 6), "context": {"includeDeclaration": false}}),
    );
    assert_eq!(spans(&r["result"]).len(), 4, "{r}");
    let r = c.request("textDocument/documentHighlight", at(URI, 1, 28));
    let kinds: Vec<u64> = r["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|h| h["kind"].as_u64().unwrap_or(0))
        .collect();
    // AS build (write), FROM build, COPY --from=build, --from=0, mount from=build (reads).
    assert_eq!(kinds, vec![3, 2, 2, 2, 2], "{r}");
}

#[test]
fn prepare_rename_and_rename() {
    let mut c = start(NAV);
    let r = c.request("textDocument/prepareRename", at(URI, 4, 16));
    assert_eq!(r["result"]["placeholder"], "VERSION", "{r}");
    assert_eq!(spans(&json!([r["result"]["range"]])), vec![(4, 14, 21)]);
    for (line, ch, what) in [(1, 1, "keyword"), (8, 7, "image"), (10, 12, "number")] {
        let r = c.request("textDocument/prepareRename", at(URI, line, ch));
        assert!(
            r["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{what}: {r}"
        );
    }
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(3, 6), "newName": "GO_VERSION"}),
    );
    let edits = r["result"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 6, "{r}");
    assert!(edits.iter().all(|e| e["newText"] == "GO_VERSION"));
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(3, 6), "newName": "9bad"}),
    );
    assert!(r["error"]["message"].as_str().is_some(), "{r}");
    // Stages: every reference except the numeric one is renamed.
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(9, 14), "newName": "compile"}),
    );
    let edits = r["result"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        spans(&json!(edits)),
        vec![(1, 26, 31), (6, 5, 10), (9, 12, 17), (11, 28, 33)],
        "{r}"
    );
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(9, 14), "newName": "Not Valid"}),
    );
    assert!(r["error"].is_object(), "{r}");
    // Predefined ARGs cannot be renamed.
    c.open(OTHER, "FROM --platform=$BUILDPLATFORM alpine\n");
    let r = c.request("textDocument/prepareRename", at(OTHER, 0, 20));
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("predefined")),
        "{r}"
    );
}

#[test]
fn document_and_workspace_symbols() {
    let mut c = start(NAV);
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let list = r["result"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = list.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, vec!["VERSION", "build", "test", "stage 2"], "{r}");
    assert_eq!(list[1]["kind"], 5, "stages are classes");
    assert_eq!(list[1]["detail"], "golang:${VERSION}");
    let children: Vec<String> = list[1]["children"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s["name"].as_str().map(str::to_string))
        .collect();
    assert_eq!(children, vec!["LABEL", "ARG", "RUN"]);
    let arg = &list[1]["children"][1];
    assert_eq!(arg["children"][0]["name"], "VERSION");
    assert_eq!(arg["children"][0]["kind"], 13);
    // Workspace symbols across open documents.
    c.open(OTHER, "FROM node:20 AS builder\nENV BUILD_DIR=/b\n");
    let r = c.request("workspace/symbol", json!({"query": "bui"}));
    let found: Vec<(String, String)> = r["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_string(),
                s["location"]["uri"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("build".to_string(), URI.to_string()),
            ("builder".to_string(), OTHER.to_string()),
            ("BUILD_DIR".to_string(), OTHER.to_string()),
        ],
        "{r}"
    );
}

#[test]
fn flat_symbols_for_clients_without_hierarchy() {
    let mut c = Client::spawn(&[]);
    c.initialize(json!({}), json!({}));
    c.open(URI, "FROM a AS b\nENV X=1\n");
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<(String, Option<String>)> = r["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_string(),
                s["containerName"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("b".to_string(), None),
            ("ENV".to_string(), Some("b".to_string())),
            ("X".to_string(), Some("ENV".to_string()))
        ]
    );
}

#[test]
fn folding_and_selection_ranges() {
    let text = "# one\n# two\nFROM a AS b\nRUN apt-get update \\\n    && apt-get install -y 😀curl\nCOPY <<EOF /x\nbody\nEOF\n";
    let mut c = start(text);
    let r = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": URI}}),
    );
    let folds: Vec<(u64, u64, String)> = r["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap_or(99),
                f["endLine"].as_u64().unwrap_or(99),
                f["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        folds,
        vec![
            (0, 1, "comment".to_string()),
            (2, 7, "region".to_string()),
            (3, 4, "region".to_string()),
            (5, 7, "region".to_string()),
        ],
        "{r}"
    );
    // `😀curl` starts at column 26 and is 6 UTF-16 units long.
    let r = c.request(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": URI}, "positions": [pos(4, 30)]}),
    );
    let mut chain = Vec::new();
    let mut node = &r["result"][0];
    while node.is_object() {
        let rg = &node["range"];
        chain.push((
            rg["start"]["line"].as_u64().unwrap_or(99),
            rg["start"]["character"].as_u64().unwrap_or(99),
            rg["end"]["line"].as_u64().unwrap_or(99),
            rg["end"]["character"].as_u64().unwrap_or(99),
        ));
        node = &node["parent"];
    }
    assert_eq!(chain[0], (4, 26, 4, 32), "the word 😀curl: {r}");
    assert_eq!(chain.last(), Some(&(0, 0, 8, 0)), "{r}");
    assert!(chain.contains(&(3, 0, 4, 32)), "the instruction: {r}");
    assert!(chain.contains(&(2, 0, 7, 3)), "the stage: {r}");
}

/// Decodes semantic tokens into (line, start, length, type, modifiers).
fn decode(data: &Value, legend: &[String]) -> Vec<(u64, u64, u64, String, u64)> {
    let nums: Vec<u64> = data
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| v.as_u64().unwrap_or(0))
        .collect();
    let (mut line, mut col) = (0, 0);
    nums.chunks(5)
        .map(|c| {
            if c[0] > 0 {
                line += c[0];
                col = c[1];
            } else {
                col += c[1];
            }
            (
                line,
                col,
                c[2],
                legend.get(c[3] as usize).cloned().unwrap_or_default(),
                c[4],
            )
        })
        .collect()
}

fn legend(init: &Value) -> Vec<String> {
    init["result"]["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn semantic_tokens_full_and_range() {
    // The COPY heredoc at the end of the file is an ERROR for tree-sitter-dockerfile.
    let text = "# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:3 AS base\nLABEL x=\"😀\" y=$V\nRUN echo \"é $HOME\" && \\\n    ls\nCOPY --from=base <<EOF /dst\nhello $V\n";
    let mut c = Client::spawn(&[]);
    let init = c.initialize(caps(), json!({}));
    let legend = legend(&init);
    assert!(legend.contains(&"keyword".to_string()) && legend.contains(&"variable".to_string()));
    let mods =
        &init["result"]["capabilities"]["semanticTokensProvider"]["legend"]["tokenModifiers"];
    assert_eq!(
        mods,
        &json!(["declaration", "definition", "deprecated", "readonly"])
    );
    c.open(URI, text);
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    let toks = decode(&r["result"]["data"], &legend);
    let has = |line: u64, col: u64, len: u64, kind: &str| {
        toks.iter()
            .any(|t| t.0 == line && t.1 == col && t.2 == len && t.3 == kind)
    };
    assert!(has(0, 2, 6, "macro"), "{toks:?}");
    assert!(has(1, 0, 3, "keyword"));
    assert!(has(2, 5, 6, "type"));
    assert!(has(2, 17, 4, "class"));
    // UTF-16: "😀" is two units, so `"😀"` is 4 long and `$V` starts at 15.
    assert!(has(3, 8, 4, "string"), "{toks:?}");
    assert!(has(3, 15, 2, "variable"), "{toks:?}");
    assert!(has(4, 4, 4, "function"), "{toks:?}");
    assert!(has(4, 19, 2, "operator"), "{toks:?}");
    assert!(has(5, 4, 2, "function"), "{toks:?}");
    // The misread COPY instruction is highlighted from the typed view.
    assert!(has(6, 0, 4, "keyword"), "{toks:?}");
    assert!(has(6, 12, 4, "class"), "{toks:?}");
    assert!(has(6, 17, 5, "operator"), "{toks:?}");
    assert!(has(7, 0, 5, "string"), "{toks:?}");
    assert!(has(7, 6, 2, "variable"), "{toks:?}");
    // No token spans lines and none overlap.
    for w in toks.windows(2) {
        assert!(w[0].0 < w[1].0 || w[0].1 + w[0].2 <= w[1].1, "{w:?}");
    }
    // A range request returns only its lines.
    let r = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": URI}, "range": {"start": pos(4, 0), "end": pos(6, 0)}}),
    );
    let part = decode(&r["result"]["data"], &legend);
    assert!(
        !part.is_empty() && part.iter().all(|t| t.0 == 4 || t.0 == 5),
        "{part:?}"
    );
}

#[test]
fn semantic_tokens_of_a_large_file() {
    let mut text = String::new();
    let mut i = 0;
    while text.lines().count() < 10_000 {
        text.push_str(&format!("FROM alpine AS s{i}\nARG V{i}=1\nRUN echo $V{i} \\\n    && ls\nCOPY --from=s{i} <<EOF /x\nv $V{i}\nEOF\n"));
        i += 1;
    }
    let mut c = Client::spawn(&[]);
    let init = c.initialize(caps(), json!({}));
    let legend = legend(&init);
    c.open(URI, &text);
    let started = std::time::Instant::now();
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    let elapsed = started.elapsed();
    let toks = decode(&r["result"]["data"], &legend);
    let keywords = toks.iter().filter(|t| t.3 == "keyword" && t.2 != 2).count();
    assert_eq!(keywords, 4 * i);
    // Again, with the document's analysis already made: the tokens alone.
    let started = std::time::Instant::now();
    let again = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    let cached = started.elapsed();
    assert_eq!(again["result"], r["result"]);
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "semanticTokens/full over stdio: {} lines, {} tokens, {elapsed:?} with the first analysis, {cached:?} after it",
            text.lines().count(),
            toks.len()
        );
    }
}

#[test]
fn formatting_range_and_on_type() {
    let text =
        "from  alpine  as  base\nrun  echo \"中文  😀\"   \nenv A=1 \\\nB=2\ncmd [ \"a\",\"b\" ]";
    let mut c = start(text);
    let r = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = r["result"].as_array().cloned().unwrap_or_default();
    assert!(!edits.is_empty(), "{r}");
    let formatted = apply(text, &edits);
    assert_eq!(
        formatted,
        "FROM alpine AS base\nRUN echo \"中文  😀\"\nENV A=1 \\\n    B=2\nCMD [\"a\", \"b\"]\n"
    );
    // Range formatting of line 1 only (the trailing whitespace after the emoji: UTF-16 columns).
    let r = c.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": URI}, "range": {"start": pos(1, 0), "end": pos(1, 3)}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = r["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        apply(text, &edits),
        "from  alpine  as  base\nRUN echo \"中文  😀\"\nenv A=1 \\\nB=2\ncmd [ \"a\",\"b\" ]"
    );
    // On-type: a line break typed after a continuation indents the new line.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "FROM a\nRUN echo 😀 \\\n"}]}),
    );
    let r = c.request(
        "textDocument/onTypeFormatting",
        json!({"textDocument": {"uri": URI}, "position": pos(2, 0), "ch": "\n", "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(
        r["result"],
        json!([{"range": {"start": pos(2, 0), "end": pos(2, 0)}, "newText": "    "}]),
        "{r}"
    );
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let ch = p["character"].as_u64().unwrap_or(0) as usize;
        let mut start = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i == line {
                let mut units = 0;
                for (b, c) in l.char_indices() {
                    if units >= ch {
                        return start + b;
                    }
                    units += c.len_utf16();
                }
                return start + l.trim_end_matches('\n').len();
            }
            start += l.len();
        }
        text.len()
    };
    let mut list: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    list.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in list {
        out.replace_range(s..e, &t);
    }
    out
}

#[test]
fn capabilities_are_announced() {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(caps(), json!({}));
    let caps = &init["result"]["capabilities"];
    for key in [
        "definitionProvider",
        "referencesProvider",
        "documentHighlightProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
        "documentFormattingProvider",
        "documentRangeFormattingProvider",
    ] {
        assert_eq!(caps[key], true, "{key}: {caps}");
    }
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(
        caps["documentOnTypeFormattingProvider"]["firstTriggerCharacter"],
        "\n"
    );
    assert_eq!(
        caps["documentOnTypeFormattingProvider"]["moreTriggerCharacter"],
        json!(["\\", "`"])
    );
    assert_eq!(caps["semanticTokensProvider"]["range"], true);
    assert_eq!(caps["semanticTokensProvider"]["full"], true);
}

#[test]
fn rename_carries_the_document_version_when_the_client_supports_it() {
    let mut c = Client::spawn(&[]);
    c.initialize(
        json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}),
        json!({}),
    );
    c.open(URI, "FROM a AS b\nFROM b\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 7}, "contentChanges": [{"text": "FROM a AS base\nFROM base\n"}]}),
    );
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(1, 6), "newName": "root"}),
    );
    let change = &r["result"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 7, "{r}");
    assert_eq!(spans(&change["edits"]), vec![(0, 10, 14), (1, 5, 9)], "{r}");
}
