//! dockls never runs a program, never touches the network, and reads only what it is sent,
//! the configuration, and files inside the Dockerfile's own directory tree. Checked by
//! running the real binary under `strace -f` (every thread and any child), both as
//! `dockls check` (with fixes computed) and as a language server driven through a session
//! that reaches every feature that reads project files (diagnostics, the multi-stage
//! conversion that reads `package.json`, completion, hover, links, workspace symbols,
//! formatting). The project is hostile: its `package.json` and `.dockerignore` are
//! symbolic links out of it, a directory link points outside, and its configuration and
//! the client's settings carry command-like keys. The trace must show:
//!
//! - one `execve` (dockls itself) and no other process started;
//! - no `socket` or `connect` at all;
//! - every file opened is inside the project (after resolving links), a configuration
//!   file name in one of its parent directories, or the runtime's own (the dynamic loader
//!   and libraries, `/proc`, `/sys`, `/dev`).
//!
//! Needs `strace` (CI installs it with apt-get); without it the test fails and says so.

#![allow(clippy::expect_used)]

mod common;

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use common::Client;
use serde_json::{json, Value};

const CONFIG_NAMES: &[&str] = &[
    "dockls.toml",
    ".dockls.toml",
    ".hadolint.yaml",
    ".hadolint.yml",
];

fn strace() -> PathBuf {
    for dir in ["/usr/bin", "/bin", "/usr/local/bin"] {
        let p = Path::new(dir).join("strace");
        if p.is_file() {
            return p;
        }
    }
    panic!("the security test needs strace: apt-get install strace (.ci/run installs it)");
}

fn traced(trace: &Path) -> Command {
    let mut cmd = Command::new(strace());
    // cargo test points the loader at its build directories; a user's shell does not.
    cmd.env_remove("LD_LIBRARY_PATH");
    cmd.args(["-f", "-qq", "-e"])
        .arg("trace=execve,execveat,fork,vfork,socket,connect,open,openat,openat2,creat")
        .arg("-o")
        .arg(trace)
        .arg(common::binary());
    cmd
}

/// A project whose links point out of it, next to a directory it must not read.
struct Project {
    _dir: tempfile::TempDir,
    root: PathBuf,
    proj: PathBuf,
}

fn project() -> Project {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical tempdir");
    let outside = root.join("outside");
    let proj = root.join("proj");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::create_dir_all(proj.join("src")).expect("mkdir");
    std::fs::write(
        outside.join("package.json"),
        r#"{"name":"zz-outside-marker","scripts":{"build":"tsc","start":"node dist/index.js"}}"#,
    )
    .expect("write");
    std::fs::write(outside.join("secret.txt"), "do not read\n").expect("write");
    let link = |target: &Path, at: &Path| {
        std::os::unix::fs::symlink(target, at).expect("symlink");
    };
    link(&outside.join("package.json"), &proj.join("package.json"));
    link(Path::new("/etc/passwd"), &proj.join(".dockerignore"));
    link(&outside, &proj.join("vendor-link"));
    link(&outside.join("secret.txt"), &proj.join("src/config.json"));
    std::fs::write(proj.join("package-lock.json"), "{\"lockfileVersion\": 3}\n").expect("write");
    std::fs::write(proj.join("src/index.ts"), "console.log('hi')\n").expect("write");
    // Configuration is data: keys that look like commands are unknown keys, nothing more.
    std::fs::write(
        proj.join("dockls.toml"),
        "command = \"touch ../PWNED\"\nrun = [\"sh\", \"-c\", \"touch ../PWNED\"]\n\n[hooks]\npre-check = \"touch ../PWNED\"\n",
    )
    .expect("write");
    std::fs::write(
        proj.join("Dockerfile"),
        "FROM node:20\n\
         WORKDIR /app\n\
         COPY package.json package-lock.json ./\n\
         RUN npm ci\n\
         COPY . .\n\
         RUN npm run build\n\
         ADD https://example.com/tool.tar.gz /opt/\n\
         COPY vendor-link/secret.txt /secret\n\
         EXPOSE 3000\n\
         CMD [\"node\", \"dist/index.js\"]\n",
    )
    .expect("write");
    Project {
        _dir: dir,
        root,
        proj,
    }
}

/// `a/./b/../c` as `a/c`, without touching the disk.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The first quoted argument of a trace line.
fn quoted(line: &str) -> Option<&str> {
    let start = line.find('"')? + 1;
    let len = line[start..].find('"')?;
    Some(&line[start..start + len])
}

/// Reads the trace and returns every violation, one line each.
fn violations(trace: &Path, p: &Project, cwd: &Path) -> (Vec<String>, usize) {
    let text = std::fs::read_to_string(trace).expect("read the trace");
    let ancestors: Vec<&Path> = p.proj.ancestors().skip(1).collect();
    let mut bad = Vec::new();
    let mut opened = 0;
    let mut execs = 0;
    for line in text.lines() {
        let call = line
            .split_once(' ')
            .map(|(_, rest)| rest.trim_start())
            .unwrap_or(line);
        if call.starts_with("<...") || call.starts_with("+++") || call.starts_with("---") {
            continue;
        }
        let name = call.split('(').next().unwrap_or("");
        match name {
            "execve" | "execveat" => {
                execs += 1;
                if execs > 1 {
                    bad.push(format!("started a program: {line}"));
                }
            }
            "fork" | "vfork" | "socket" | "connect" => bad.push(format!("{name}: {line}")),
            "open" | "openat" | "openat2" | "creat" => {
                let Some(path) = quoted(call) else {
                    bad.push(format!("an open without a path: {line}"));
                    continue;
                };
                opened += 1;
                let abs = normalize(&cwd.join(path));
                let runtime = [
                    "/etc/ld.so.cache",
                    "/lib/",
                    "/lib64/",
                    "/usr/lib/",
                    "/usr/lib64/",
                    "/proc/",
                    "/sys/",
                    "/dev/",
                ]
                .iter()
                .any(|r| abs.to_string_lossy().starts_with(r));
                let real = std::fs::canonicalize(&abs).unwrap_or_else(|_| abs.clone());
                let inside = real.starts_with(&p.proj);
                let config = abs
                    .file_name()
                    .is_some_and(|n| CONFIG_NAMES.iter().any(|c| n == *c))
                    && abs.parent().is_some_and(|d| ancestors.contains(&d));
                if !(runtime || inside || config) {
                    bad.push(format!(
                        "opened {} ({}): {line}",
                        abs.display(),
                        real.display()
                    ));
                }
            }
            _ => {}
        }
    }
    if execs == 0 {
        bad.push("the trace shows no execve: was dockls traced at all?".into());
    }
    assert!(
        !p.root.join("PWNED").exists(),
        "a configuration ran a command"
    );
    (bad, opened)
}

#[test]
fn check_runs_nothing_and_reads_only_the_project() {
    let p = project();
    let trace = p.root.join("check.trace");
    for args in [
        vec!["check", "proj/Dockerfile"],
        vec![
            "check",
            "--diff",
            "--unsafe-fixes",
            "--format",
            "json",
            "proj/Dockerfile",
        ],
        vec!["check", "proj"],
    ] {
        let out = traced(&trace)
            .args(&args)
            .current_dir(&p.root)
            .output()
            .expect("run strace");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The command-like keys are reported as what they are (a diff shows only changes).
        assert!(
            args.contains(&"--diff") || stdout.contains("command") || stderr.contains("command"),
            "{args:?}: the unknown key `command` is not reported\n{stdout}\n{stderr}"
        );
        assert!(!stdout.contains("do not read") && !stdout.contains("root:x:0:0"));
        let (bad, opened) = violations(&trace, &p, &p.root);
        assert!(bad.is_empty(), "{args:?}:\n{}", bad.join("\n"));
        assert!(opened > 3, "{args:?}: the trace shows {opened} opens");
    }
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

#[test]
fn the_server_runs_nothing_and_reads_only_the_project() {
    let p = project();
    let trace = p.root.join("server.trace");
    let mut cmd = traced(&trace);
    cmd.arg("server").current_dir(&p.root);
    let mut c = Client::spawn_command(cmd);
    let root_uri = format!("file://{}", p.proj.display());
    let uri = format!("{root_uri}/Dockerfile");
    let init = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "proj"}],
            "capabilities": {"textDocument": {"codeAction": {"codeActionLiteralSupport":
                {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}}}},
            "initializationOptions": {"command": "touch ../PWNED", "path": "/bin/sh",
                                      "serverPath": "/bin/sh", "args": ["-c", "touch ../PWNED"]}
        }),
    );
    assert!(init.get("error").is_none(), "{init}");
    c.notify("initialized", json!({}));
    let text = std::fs::read_to_string(p.proj.join("Dockerfile")).expect("read");
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri, 1);
    assert!(!diags.is_empty());
    let doc = json!({"uri": uri});
    let whole = json!({"start": pos(0, 0), "end": pos(10, 0)});
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": doc, "range": whole, "context": {"diagnostics": diags}}),
    );
    let titles: Vec<String> = actions["result"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["title"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        titles
            .iter()
            .any(|t| t.to_lowercase().contains("multi-stage")),
        "no multi-stage conversion offered: {titles:?}"
    );
    // The conversion never shows what the link outside points at.
    assert!(
        !actions.to_string().contains("zz-outside-marker"),
        "{actions}"
    );
    for (method, params) in [
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": pos(0, 5)}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": pos(0, 6)}),
        ),
        ("textDocument/documentLink", json!({"textDocument": doc})),
        (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": true}}),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        ),
        ("workspace/symbol", json!({"query": ""})),
    ] {
        let r = c.request(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        assert!(!r.to_string().contains("do not read"), "{method}: {r}");
    }
    assert_eq!(c.shutdown(), Some(0));
    let (bad, opened) = violations(&trace, &p, &p.root);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(opened > 3, "the trace shows {opened} opens");
}
