//! The rule documentation pages in `docs/rules/` (the targets of every diagnostic's
//! `codeDescription`) are generated from the rules' doc comments; this test fails when they
//! are stale. Regenerate with `UPDATE_DOCS=1 cargo test -p dockls --test docs`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

fn run(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_dockls"))
        .args(args)
        .output()
        .expect("run dockls");
    assert!(o.status.success(), "dockls {args:?} failed");
    String::from_utf8(o.stdout).expect("utf-8")
}

fn expected() -> Vec<(String, String)> {
    let list: serde_json::Value =
        serde_json::from_str(&run(&["rules", "--format", "json"])).expect("json");
    let rules = list.as_array().expect("array");
    let mut files = Vec::new();
    let mut index = String::from("# Rules\n\nEvery code dockls reports, generated from the rules' own documentation (`dockls rules` prints the same list).\n\n");
    index.push_str("| code | name | category | default severity | aliases | fix | summary |\n|---|---|---|---|---|---|---|\n");
    for r in rules {
        let code = r["code"].as_str().expect("code");
        let aliases: Vec<String> = r["aliases"]
            .as_array()
            .expect("aliases")
            .iter()
            .map(|a| format!("`{}`", a.as_str().unwrap_or("")))
            .collect();
        let status = if r["default"] == true && r["status"] == "stable" {
            ""
        } else {
            " (opt-in)"
        };
        index.push_str(&format!(
            "| [{code}]({code}.md) | `{}` | {} | {}{status} | {} | {} | {} |\n",
            r["name"].as_str().unwrap_or(""),
            r["category"].as_str().unwrap_or(""),
            r["severity"].as_str().unwrap_or(""),
            aliases.join(", "),
            if r["fixable"] == true { "yes" } else { "" },
            r["summary"].as_str().unwrap_or("").replace('|', "\\|"),
        ));
        files.push((format!("{code}.md"), run(&["rule", code])));
    }
    files.push(("README.md".into(), index));
    files
}

#[test]
fn rule_pages_are_up_to_date() {
    let dir = docs_dir();
    let want = expected();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        for (name, text) in &want {
            std::fs::write(dir.join(name), text).expect("write");
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &want {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let present = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && present == want.len(),
        "docs/rules is stale ({} pages differ, {present} files for {} pages); run `UPDATE_DOCS=1 cargo test -p dockls --test docs`",
        stale.len(),
        want.len()
    );
}
