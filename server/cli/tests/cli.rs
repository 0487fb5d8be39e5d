//! `dockls check`, `rules`, `rule` and `--version` as a user runs them.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn dockls(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockls"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1");
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("svc/node_modules/x")).unwrap();
    std::fs::write(
        dir.path().join("svc/api.Dockerfile"),
        "FROM alpine:3.20\nMAINTAINER me\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("svc/node_modules/x/Dockerfile"), "FROM\n").unwrap();
    std::fs::write(
        dir.path().join("Containerfile"),
        "FROM alpine:3.20\nRUNN x\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("Dockerfile.j2"), "{{ template }}\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "FROM x\n").unwrap();
    dir
}

#[test]
fn walks_directories_and_reports_human_output() {
    let dir = project();
    let o = dockls(&["check"], dir.path(), None);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("Containerfile:2:1: DK002 error: unknown instruction: RUNN (did you mean RUN?) [unknown-instruction]"), "{out}");
    assert!(
        out.contains("svc/api.Dockerfile:2:1: DK401 warning"),
        "{out}"
    );
    assert!(
        out.contains("2 | RUNN x\n  |   ^^^^") || out.contains("| ^^^^"),
        "{out}"
    );
    assert!(
        !out.contains("node_modules") && !out.contains(".j2"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn json_output_is_the_documented_contract() {
    let dir = project();
    let o = dockls(
        &[
            "check",
            "--format",
            "json",
            "svc/api.Dockerfile",
            "Containerfile",
        ],
        dir.path(),
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("one JSON array");
    let items = v.as_array().expect("array");
    let maint = items.iter().find(|i| i["code"] == "DK401").expect("DK401");
    assert_eq!(maint["file"], "svc/api.Dockerfile");
    assert_eq!(maint["severity"], "warning");
    assert_eq!(maint["category"], "instruction");
    assert_eq!(
        maint["aliases"],
        serde_json::json!(["DL4000", "MaintainerDeprecated"])
    );
    assert_eq!(
        maint["range"]["start"],
        serde_json::json!({"line": 2, "column": 1})
    );
    assert_eq!(
        maint["range"]["end"],
        serde_json::json!({"line": 2, "column": 11})
    );
    let syntax = items.iter().find(|i| i["code"] == "DK002").expect("DK002");
    assert_eq!(syntax["category"], "syntax");
    assert_eq!(syntax["severity"], "error");
    for i in items {
        for key in [
            "file", "code", "severity", "message", "category", "aliases", "range",
        ] {
            assert!(i.get(key).is_some(), "{key} missing in {i}");
        }
    }
}

#[test]
fn fail_level_and_exit_codes() {
    let dir = project();
    let only_warning = dockls(&["check", "svc/api.Dockerfile"], dir.path(), None);
    assert_eq!(only_warning.status.code(), Some(0));
    let strict = dockls(
        &["check", "--fail-level", "warning", "svc/api.Dockerfile"],
        dir.path(),
        None,
    );
    assert_eq!(strict.status.code(), Some(1));
    let missing = dockls(&["check", "nope/Dockerfile"], dir.path(), None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("nope/Dockerfile: no such file or directory"));
    let usage = dockls(&["check", "--format", "yaml"], dir.path(), None);
    assert_eq!(usage.status.code(), Some(2));
    let binary = dir.path().join("bin.Dockerfile");
    std::fs::write(&binary, b"FROM alpine\n\xff\xfe\x00\x01").unwrap();
    let o = dockls(
        &["check", "--format", "json", "bin.Dockerfile"],
        dir.path(),
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["code"], "DK029");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn stdin_with_a_file_name() {
    let dir = project();
    let o = dockls(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "svc/x.Dockerfile",
            "-",
        ],
        dir.path(),
        Some("FROM alpine:3.20\nMAINTAINER me\n"),
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["file"], "svc/x.Dockerfile");
    let o = dockls(&["check", "-"], dir.path(), Some("FROM alpine:3.20\n"));
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("No problems found in 1 file."));
}

#[test]
fn fix_writes_safe_fixes_and_diff_only_prints() {
    let dir = project();
    let file = dir.path().join("svc/api.Dockerfile");
    let diff = dockls(&["check", "--diff", "svc/api.Dockerfile"], dir.path(), None);
    assert_eq!(diff.status.code(), Some(1));
    let d = stdout(&diff);
    assert!(
        d.contains("--- a/svc/api.Dockerfile\n+++ b/svc/api.Dockerfile"),
        "{d}"
    );
    assert!(
        d.contains("-MAINTAINER me\n+LABEL org.opencontainers.image.authors=\"me\""),
        "{d}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "FROM alpine:3.20\nMAINTAINER me\n",
        "--diff must not write"
    );
    let fixed = dockls(&["check", "--fix", "svc/api.Dockerfile"], dir.path(), None);
    assert_eq!(fixed.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me\"\n"
    );
    assert!(String::from_utf8_lossy(&fixed.stderr).contains("fixed 1 problem"));
    let again = dockls(&["check", "--diff", "svc/api.Dockerfile"], dir.path(), None);
    assert_eq!(again.status.code(), Some(0), "nothing left to fix");
    let piped = dockls(
        &["check", "--fix", "-"],
        dir.path(),
        Some("FROM alpine:3.20\nMAINTAINER you\n"),
    );
    assert_eq!(
        stdout(&piped),
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"you\"\n"
    );
}

#[test]
fn rules_listing_and_documentation() {
    let dir = project();
    let o = dockls(&["rules", "--format", "json"], dir.path(), None);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let rules = v.as_array().expect("array");
    assert!(rules.len() > 100);
    for r in rules {
        for key in ["code", "name", "aliases", "severity", "fixable", "summary"] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    assert!(rules.iter().any(|r| r["aliases"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x == "DL3008"))));
    let doc = dockls(&["rule", "DL4000"], dir.path(), None);
    let text = stdout(&doc);
    assert!(text.starts_with("# DK401 maintainer-deprecated"), "{text}");
    assert!(text.contains("## Why is this bad?"));
    assert_eq!(
        dockls(&["rule", "nope"], dir.path(), None).status.code(),
        Some(2)
    );
    let v = dockls(&["--version"], dir.path(), None);
    assert!(stdout(&v).starts_with("dockls "));
}

#[test]
fn configuration_problems_are_reported() {
    let dir = project();
    std::fs::write(dir.path().join("dockls.toml"), "fail-level = \"loud\"\n").unwrap();
    let o = dockls(
        &["check", "--format", "json", "svc/api.Dockerfile"],
        dir.path(),
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let cfg = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "dockls.toml")
        .expect("config problem");
    assert_eq!(cfg["category"], "config");
    assert_eq!(cfg["range"]["start"]["line"], 1);
}

fn formats_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM alpine:3.20\nMAINTAINER a, b: <x@y> 100%\nRUNN x\nLABEL a=\"😀\" \nENV A b\n",
    )
    .unwrap();
    dir
}

#[test]
fn sarif_has_rules_results_and_regions() {
    let dir = formats_project();
    let o = dockls(
        &["check", "--format", "sarif", "Dockerfile"],
        dir.path(),
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "dockls");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")));
    }
}

#[test]
fn github_annotations_escape_their_properties() {
    let dir = formats_project();
    let o = dockls(
        &["check", "--format", "github", "Dockerfile"],
        dir.path(),
        None,
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        let (head, _msg) = l
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"))
            .expect("::level props::message");
        let (level, props) = head.split_once(' ').expect("level and properties");
        assert!(["error", "warning", "notice"].contains(&level), "{l}");
        for p in props.split(',') {
            let (k, _) = p.split_once('=').expect("key=value");
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&k),
                "{l}"
            );
        }
    }
    assert!(
        out.contains("title=DK401 (maintainer-deprecated)::"),
        "{out}"
    );
}

#[test]
fn checkstyle_is_well_formed_xml() {
    let dir = formats_project();
    let o = dockls(
        &["check", "--format", "checkstyle", "Dockerfile"],
        dir.path(),
        None,
    );
    let xml = stdout(&o);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut errors = 0;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Empty(e)) => {
                assert_eq!(e.name().as_ref(), b"error");
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    a.unescape_value().expect("escaped value");
                }
                errors += 1;
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("invalid XML: {e}\n{xml}"),
        }
    }
    assert_eq!(depth, 0);
    assert!(errors >= 3);
}

#[test]
fn gitlab_code_quality_has_unique_fingerprints() {
    let dir = formats_project();
    let o = dockls(
        &["check", "--format", "gitlab", "Dockerfile"],
        dir.path(),
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let items = v.as_array().expect("array");
    let mut prints = std::collections::HashSet::new();
    for i in items {
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap_or("")));
        assert!(i["location"]["lines"]["begin"].as_u64().is_some());
        assert_eq!(i["location"]["path"], "Dockerfile");
        assert!(
            prints.insert(i["fingerprint"].as_str().expect("fingerprint").to_string()),
            "duplicate fingerprint"
        );
    }
    let again = dockls(
        &["check", "--format", "gitlab", "Dockerfile"],
        dir.path(),
        None,
    );
    assert_eq!(o.stdout, again.stdout, "fingerprints are stable");
}

#[test]
fn hadolint_json_uses_hadolint_ids() {
    let dir = formats_project();
    let o = dockls(
        &["check", "--format", "hadolint-json", "Dockerfile"],
        dir.path(),
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["code"] == "DL4000" && i["level"] == "warning" && i["line"] == 2));
}

#[test]
fn secrets_are_never_printed_in_full() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = [
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "sk_live_51HqZ2aKb3c4d5e6f7g8h9i0j",
        "hunter2butlonger",
    ];
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!(
            "FROM alpine:3.20\nARG GITHUB_TOKEN={}\nENV DB_PASSWORD={}\nARG NPM_TOKEN\n\
             RUN echo $NPM_TOKEN && curl -H \"Authorization: Bearer {}\" https://x\n",
            secrets[0], secrets[2], secrets[1]
        ),
    )
    .unwrap();
    let mut outputs = Vec::new();
    for format in [
        "human",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "gitlab",
        "hadolint-json",
    ] {
        outputs.push(dockls(
            &["check", "--format", format, "Dockerfile"],
            dir.path(),
            None,
        ));
    }
    outputs.push(dockls(
        &["check", "--diff", "--unsafe-fixes", "Dockerfile"],
        dir.path(),
        None,
    ));
    let human = stdout(&outputs[0]);
    assert!(human.contains("ghp_****"), "{human}");
    assert!(stdout(&outputs[7]).contains("+RUN --mount=type=secret"));
    for o in &outputs {
        let all = format!("{}{}", stdout(o), String::from_utf8_lossy(&o.stderr));
        for s in secrets {
            assert!(!all.contains(s), "{s} printed:\n{all}");
        }
    }
}
