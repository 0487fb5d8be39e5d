//! Refactorings through the real server: `refactor.rewrite` code actions at a cursor
//! (multi-stage conversion, HEALTHCHECK with a snippet tab stop) and a quick fix that
//! creates a `.dockerignore` with a CreateFile workspace edit.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{codes, Client};
use serde_json::{json, Value};

/// A project directory of its own for each test.
struct Project {
    dir: PathBuf,
}

impl Project {
    fn new(name: &str, files: &[(&str, &str)]) -> Project {
        let dir = std::env::temp_dir().join(format!("dockls-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (path, content) in files {
            std::fs::write(dir.join(path), content).unwrap();
        }
        Project { dir }
    }

    fn uri(&self, name: &str) -> String {
        format!("file://{}", self.dir.join(name).display())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn caps(snippets: bool, create: bool) -> Value {
    let mut workspace_edit = json!({"documentChanges": true});
    if create {
        workspace_edit["resourceOperations"] = json!(["create"]);
    }
    if snippets {
        workspace_edit["snippetEditSupport"] = json!(true);
    }
    json!({
        "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "refactor.rewrite", "source"]}}}},
        "workspace": {"workspaceEdit": workspace_edit, "didChangeWatchedFiles": {"dynamicRegistration": true}}
    })
}

/// Byte offset of an LSP position (the test texts are ASCII, so UTF-16 = bytes).
fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let ch = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    start + ch
}

/// Applies LSP text edits (plain, annotated or snippet) to a text; a snippet's tab
/// stops become their placeholder text.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let new = match e.get("snippet") {
                Some(s) => unsnippet(s["value"].as_str().unwrap()),
                None => e["newText"].as_str().unwrap().to_string(),
            };
            (offset(text, &r["start"]), offset(text, &r["end"]), new)
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, new) in edits {
        out.replace_range(s..e, &new);
    }
    out
}

/// A snippet's text with `${1:x}` replaced by `x` and escapes removed.
fn unsnippet(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                // `${1:` ... `}`
                for c in chars.by_ref() {
                    if c == ':' {
                        break;
                    }
                }
            }
            '}' => {}
            _ => out.push(c),
        }
    }
    out
}

fn actions(c: &mut Client, uri: &str, line: u32, only: &[&str], diags: &[Value]) -> Vec<Value> {
    let pos = json!({"line": line, "character": 0});
    // On a finding's range when asking for its quick fixes, else at the cursor.
    let range = diags
        .first()
        .map(|d| d["range"].clone())
        .unwrap_or_else(|| json!({"start": pos, "end": pos}));
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": diags, "only": only}}),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(list: &'a [Value], title: &str) -> &'a Value {
    list.iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no action {title:?} in {list:#?}"))
}

fn change(c: &mut Client, uri: &str, version: i64, text: &str) -> Vec<Value> {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
    c.diagnostics(uri, version)
}

const NODE: &str = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nCMD [\"npm\", \"start\"]\n";

#[test]
fn converts_to_multi_stage_and_adds_a_healthcheck_with_a_tab_stop() {
    let p = Project::new(
        "refactor-node",
        &[
            ("Dockerfile", NODE),
            (
                "package.json",
                r#"{"scripts": {"build": "tsc", "start": "node dist/index.js"}}"#,
            ),
            ("package-lock.json", "{}"),
            (
                "tsconfig.json",
                r#"{"compilerOptions": {"outDir": "./dist"}}"#,
            ),
            (".dockerignore", ".git\n.env\nnode_modules\n"),
        ],
    );
    let uri = p.uri("Dockerfile");
    let mut c = Client::spawn(&[]);
    c.initialize(caps(true, true), json!({"diagnosticMode": "push"}));
    c.open(&uri, NODE);
    let d = c.diagnostics(&uri, 1);
    assert!(codes(&d).contains(&"DK100".to_string()), "{d:#?}");

    // Anywhere in the single-stage file: on `RUN npm install`.
    let list = actions(&mut c, &uri, 3, &["refactor"], &[]);
    let convert = find(&list, "Convert to a multi-stage build");
    assert_eq!(convert["kind"], "refactor.rewrite");
    let edits = convert["edit"]["changes"][&uri]
        .as_array()
        .expect("plain edits");
    let text = apply(NODE, edits);
    assert_eq!(
        text,
        "FROM node:18 AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\nRUN npm run build \\\n  && npm prune --omit=dev\n\nFROM node:18-slim\nWORKDIR /app\nENV NODE_ENV=production\nCOPY --from=builder /app/package*.json ./\nCOPY --from=builder /app/node_modules ./node_modules\nCOPY --from=builder /app/dist ./dist\nCMD [\"npm\", \"start\"]\n"
    );
    let d = change(&mut c, &uri, 2, &text);
    let after = codes(&d);
    assert!(!after.contains(&"DK100".to_string()), "{d:#?}");
    assert!(!after.contains(&"DK101".to_string()), "{d:#?}");
    // Not offered again.
    let list = actions(&mut c, &uri, 3, &["refactor"], &[]);
    assert!(
        list.iter()
            .all(|a| a["title"] != "Convert to a multi-stage build"),
        "{list:#?}"
    );

    // A HEALTHCHECK in the runtime stage, with a tab stop on its path.
    let last = text.lines().count() as u32 - 1;
    let list = actions(&mut c, &uri, last, &["refactor.rewrite"], &[]);
    let add = find(&list, "Add a HEALTHCHECK");
    let doc = &add["edit"]["documentChanges"][0];
    assert_eq!(doc["textDocument"]["uri"], uri.as_str());
    assert_eq!(doc["textDocument"]["version"], 2);
    let edits = doc["edits"].as_array().unwrap();
    let snippet = edits[0]["snippet"]["value"]
        .as_str()
        .expect("a snippet edit");
    assert!(
        snippet.contains("http://localhost:3000${1:/health}"),
        "{snippet}"
    );
    assert!(edits[0].get("annotationId").is_none());
    let text = apply(&text, edits);
    assert!(text.contains("HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \\\n  CMD node -e \"require('http').get('http://localhost:3000/health'"), "{text}");
    let d = change(&mut c, &uri, 3, &text);
    assert!(!codes(&d).contains(&"DK102".to_string()), "{d:#?}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn plain_edits_for_clients_without_snippet_edits() {
    let p = Project::new(
        "refactor-plain",
        &[(
            "Dockerfile",
            "FROM node:20\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n",
        )],
    );
    let uri = p.uri("Dockerfile");
    let mut c = Client::spawn(&[]);
    c.initialize(caps(false, false), json!({"diagnosticMode": "push"}));
    let text = "FROM node:20\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n";
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let dk102: Vec<Value> = d.iter().filter(|x| x["code"] == "DK102").cloned().collect();
    assert_eq!(dk102.len(), 1, "{d:#?}");
    // As the finding's quick fix.
    let line = dk102[0]["range"]["start"]["line"].as_u64().unwrap() as u32;
    let list = actions(&mut c, &uri, line, &["quickfix"], &dk102);
    let fix = find(&list, "Add a HEALTHCHECK");
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][&uri]
        .as_array()
        .expect("plain edits");
    let new = edits[0]["newText"].as_str().unwrap();
    assert!(
        new.contains("curl -f http://localhost:3000/health || exit 1") && !new.contains("${1"),
        "{new}"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn creates_a_dockerignore_with_a_create_file_edit() {
    let src = "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let p = Project::new(
        "refactor-ignore",
        &[("Dockerfile", src), ("package.json", "{}")],
    );
    let uri = p.uri("Dockerfile");

    // A client that cannot create files is not offered the fix.
    let mut c = Client::spawn(&[]);
    c.initialize(caps(false, false), json!({"diagnosticMode": "push"}));
    c.open(&uri, src);
    let d = c.diagnostics(&uri, 1);
    let dk105: Vec<Value> = d.iter().filter(|x| x["code"] == "DK105").cloned().collect();
    assert_eq!(dk105.len(), 1, "{d:#?}");
    let line = dk105[0]["range"]["start"]["line"].as_u64().unwrap() as u32;
    let list = actions(&mut c, &uri, line, &["quickfix"], &dk105);
    assert!(
        list.iter()
            .all(|a| !a["title"].as_str().unwrap_or("").contains(".dockerignore")),
        "{list:#?}"
    );
    assert_eq!(c.shutdown(), Some(0));

    let mut c = Client::spawn(&[]);
    c.initialize(caps(false, true), json!({"diagnosticMode": "push"}));
    c.open(&uri, src);
    let d = c.diagnostics(&uri, 1);
    let dk105: Vec<Value> = d.iter().filter(|x| x["code"] == "DK105").cloned().collect();
    let list = actions(&mut c, &uri, line, &["quickfix"], &dk105);
    let fix = find(&list, "Create a .dockerignore for this build context");
    let ops = fix["edit"]["documentChanges"]
        .as_array()
        .expect("document changes");
    let ignore_uri = p.uri(".dockerignore");
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], ignore_uri.as_str());
    assert_eq!(ops[0]["options"]["overwrite"], false);
    assert_eq!(ops[1]["textDocument"]["uri"], ignore_uri.as_str());
    let content = ops[1]["edits"][0]["newText"].as_str().unwrap();
    for line in [".git", ".env", "node_modules"] {
        assert!(content.lines().any(|l| l == line), "{content}");
    }
    // Apply it as the client would, tell the server, and the finding is gone.
    std::fs::write(p.path(".dockerignore"), content).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ignore_uri, "type": 1}]}),
    );
    let d = change(&mut c, &uri, 2, src);
    assert!(!codes(&d).contains(&"DK105".to_string()), "{d:#?}");
    assert!(Path::new(&p.path(".dockerignore")).exists());
    assert_eq!(c.shutdown(), Some(0));
}
