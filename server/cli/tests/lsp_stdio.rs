//! The real binary over stdio with JSON-RPC: lifecycle, synchronisation, diagnostics,
//! code actions, encodings, settings and error handling.

mod common;

use common::{codes, Client};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/dockls-test/Dockerfile";

fn push_caps() -> Value {
    json!({"textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}}})
}

#[test]
fn initialize_open_change_diagnostics_shutdown() {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(push_caps(), json!({}));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "push mode for a client without pull support"
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "dockls");

    c.open(URI, "FROM alpine:3.20\nMAINTAINER me\n");
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["DK401"]);
    assert_eq!(d[0]["source"], "dockls");
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 0}));
    assert!(d[0]["codeDescription"]["href"]
        .as_str()
        .is_some_and(|h| h.ends_with("DK401.md")));

    // Incremental edit: insert a line with an unknown instruction.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "RUNN echo hi\n"}
        ]}),
    );
    let d = c.diagnostics(URI, 2);
    assert_eq!(codes(&d), vec!["DK401", "DK002"]);
    let text = c.request("dockls/documentText", json!({"uri": URI}));
    assert_eq!(
        text["result"]["text"],
        "FROM alpine:3.20\nMAINTAINER me\nRUNN echo hi\n"
    );
    assert_eq!(text["result"]["version"], 2);

    // A quick fix for the unknown instruction.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": d[1]["range"], "context": {"diagnostics": [d[1].clone()]}}),
    );
    let list = actions["result"].as_array().cloned().unwrap_or_default();
    let fix = list
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().is_some_and(|t| t.contains("RUN")))
        .expect("a quick fix");
    assert_eq!(fix["isPreferred"], true);
    let edits = &fix["edit"]["changes"][URI];
    assert_eq!(edits[0]["newText"], "RUN");

    // A request about an older version gets no edits.
    let mut old = d[1].clone();
    old["data"] = json!({"version": 1});
    let stale = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": d[1]["range"], "context": {"diagnostics": [old]}}));
    assert_eq!(stale["result"], json!([]));

    // Closing clears diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let cleared = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["diagnostics"] == json!([])
    });
    assert_eq!(cleared["params"]["uri"], URI);
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn utf8_is_negotiated_when_offered() {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.open(URI, "FROM alpine:3.20\nLABEL x=\"😀\" \nRUNN x\n");
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["DK002"]);
    assert_eq!(d[0]["range"]["end"], json!({"line": 2, "character": 4}));
    // An edit after the emoji, in UTF-8 columns: `😀` is 4 bytes, so the closing quote is at 13.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 13}, "end": {"line": 1, "character": 13}}, "text": "!"}
        ]}),
    );
    let _ = c.diagnostics(URI, 2);
    let text = c.request("dockls/documentText", json!({"uri": URI}));
    assert_eq!(
        text["result"]["text"],
        "FROM alpine:3.20\nLABEL x=\"😀!\" \nRUNN x\n"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn utf16_columns_with_emoji_cjk_and_tabs() {
    let mut c = Client::spawn(&[]);
    c.initialize(json!({}), json!({}));
    c.open(URI, "FROM alpine:3.20\n\tLABEL a=\"😀中\" \tb=1\n");
    let _ = c.diagnostics(URI, 1);
    // Line 1: tab(1) LABEL(5) space a="😀(2 units)中(1)" ... insert before `b`.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 16}, "end": {"line": 1, "character": 16}}, "text": "X"}
        ]}),
    );
    let _ = c.diagnostics(URI, 2);
    let text = c.request("dockls/documentText", json!({"uri": URI}));
    assert_eq!(
        text["result"]["text"],
        "FROM alpine:3.20\n\tLABEL a=\"😀中\" \tXb=1\n"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn errors_before_initialize_unknown_methods_and_malformed_messages() {
    let mut c = Client::spawn(&[]);
    let early = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002);
    c.initialize(json!({}), json!({}));
    let unknown = c.request("dockls/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    c.send_raw("{ this is not json");
    let parse_error = c.wait(|m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(parse_error["error"]["code"], -32700);
    // Edits to a document that was never opened are ignored, and the server still answers.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nope", "version": 3}, "contentChanges": [{"text": "x"}]}));
    c.open(URI, "FROM alpine:3.20\n");
    assert_eq!(c.diagnostics(URI, 1), Vec::<Value>::new());
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_panicking_handler_is_an_error_not_a_crash() {
    let mut c = Client::spawn(&[("DOCKLS_TEST_METHODS", "1")]);
    c.initialize(json!({}), json!({}));
    let r = c.request("dockls/debug/panic", Value::Null);
    assert_eq!(r["error"]["code"], -32603);
    c.open(URI, "FROM alpine:3.20\nMAINTAINER x\n");
    assert_eq!(codes(&c.diagnostics(URI, 1)), vec!["DK401"]);
    assert_eq!(c.shutdown(), Some(0));
    let _ = c;
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = Client::spawn(&[]);
    let init = c.initialize(
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        json!({}),
    );
    assert_eq!(
        init["result"]["capabilities"]["diagnosticProvider"]["identifier"],
        "dockls"
    );
    c.open(URI, "FROM alpine:3.20\nMAINTAINER me\n");
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(
        codes(r["result"]["items"].as_array().expect("items")),
        vec!["DK401"]
    );
    let id = r["result"]["resultId"].clone();
    let again = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}, "previousResultId": id}),
    );
    assert_eq!(again["result"]["kind"], "unchanged");
    assert!(
        !c.backlog
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "no pushes in pull mode"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn settings_from_initialization_options_and_configuration() {
    let mut c = Client::spawn(&[]);
    // Without a `dockls` section in the editor's configuration, initializationOptions apply.
    c.configuration = Value::Null;
    c.initialize(
        json!({"workspace": {"configuration": true}}),
        json!({"ignore": ["DK401"]}),
    );
    c.open(
        URI,
        "FROM alpine:3.20\nMAINTAINER me\n# dockls ignore=nope\nRUN true\n",
    );
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["DK901"]);
    assert_eq!(d[0]["severity"], 2);
    // A pushed change of settings re-checks open documents.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"dockls": {"severity": {"unknownIgnoreCode": "error", "unknown-ignore-code": "error"}}}}));
    // The pushed settings replace initializationOptions: DK401 is no longer ignored.
    let d = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["code"] == "DK901" && x["severity"] == 1))
    });
    assert_eq!(
        codes(d["params"]["diagnostics"].as_array().expect("list")),
        vec!["DK401", "DK901"]
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn many_quick_edits_publish_the_last_version() {
    let mut c = Client::spawn(&[]);
    c.initialize(json!({}), json!({}));
    c.open(URI, "FROM alpine:3.20\n");
    let _ = c.diagnostics(URI, 1);
    let mut expected = String::from("FROM alpine:3.20\n");
    for v in 2..=60 {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v}, "contentChanges": [
                {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "#"}
            ]}),
        );
        expected.push('#');
    }
    let _ = c.diagnostics(URI, 60);
    let text = c.request("dockls/documentText", json!({"uri": URI}));
    assert_eq!(text["result"]["text"], expected);
    // No diagnostics for an older version arrive after the newest.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let late: Vec<i64> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(
        late.windows(2).all(|w| w[0] < w[1]),
        "versions out of order: {late:?}"
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn configuration_files_apply_and_their_problems_are_published() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("dockls.toml"),
        "ignore = [\"maintainer-deprecated\"]\nbogus = 1\n",
    )
    .expect("write config");
    std::fs::write(dir.path().join("Dockerfile"), "").expect("write");
    let doc = format!("file://{}", dir.path().join("Dockerfile").display());
    let cfg = format!("file://{}", dir.path().join("dockls.toml").display());
    let mut c = Client::spawn(&[]);
    c.initialize(json!({}), json!({}));
    c.open(&doc, "FROM alpine:3.20\nMAINTAINER me\n");
    assert_eq!(c.diagnostics(&doc, 1), Vec::<Value>::new());
    let problems = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == cfg.as_str()
    });
    let items = problems["params"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(codes(&items), vec!["config-unknown-key"]);
    assert_eq!(
        items[0]["range"]["start"],
        json!({"line": 1, "character": 0})
    );
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn exits_on_exit_notification_while_stdin_stays_open() {
    // Editors send `exit` and wait for the process to end without closing its stdin first.
    let mut c = Client::spawn(&[]);
    c.initialize(push_caps(), json!({}));
    c.open(URI, "FROM alpine:3.20\n");
    assert_eq!(
        c.shutdown_keeping_stdin(std::time::Duration::from_secs(5)),
        Some(0)
    );
}

#[test]
fn ignore_this_rule_actions_edit_comments_and_the_check_directive() {
    let mut c = Client::spawn(&[]);
    c.initialize(push_caps(), json!({}));
    c.open(URI, "# check=error=true\nFROM alpine:3.20\nMAINTAINER me\n");
    let d = c.diagnostics(URI, 1);
    let maint = d
        .iter()
        .find(|x| x["code"] == "DK401")
        .cloned()
        .expect("DK401");
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": maint["range"], "context": {"diagnostics": [maint]}}));
    let list = actions["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = list.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(
        titles.contains(&"Ignore DK401 (maintainer-deprecated) for this instruction"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ignore DK401 (maintainer-deprecated) in this file"),
        "{titles:?}"
    );
    let skip = list
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.contains("check=skip"))
        })
        .expect("check skip action");
    let edit = &skip["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], ";skip=MaintainerDeprecated");
    assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 18}));
    assert_eq!(skip["isPreferred"], false);
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn editor_settings_replace_initialization_options_and_missing_keys_keep_defaults() {
    let mut c = Client::spawn(&[]);
    // The editor's section, once sent, replaces initializationOptions entirely; keys it
    // leaves out keep their defaults (never "off").
    c.configuration = json!({"extendSelect": ["unused-suppression"]});
    c.initialize(
        json!({"workspace": {"configuration": true}}),
        json!({"ignore": ["DK401"]}),
    );
    c.open(
        URI,
        "FROM alpine:3.20\nMAINTAINER me\n# dockls ignore=DK402\nRUN true\n",
    );
    let d = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["code"] == "DK902"))
    });
    let got = codes(d["params"]["diagnostics"].as_array().expect("list"));
    assert!(got.contains(&"DK401".to_string()), "{got:?}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut c = Client::spawn(&[]);
    c.initialize(json!({}), json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(1));
}
