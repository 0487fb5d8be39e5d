//! A minimal LSP client over the real `dockls` binary's stdin/stdout.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else.
    pub backlog: Vec<Value>,
    /// Answer `workspace/configuration` requests with this.
    pub configuration: Value,
    /// Leave the server's requests unanswered (in the backlog), like a client that hangs.
    pub silent: bool,
}

fn read_frames(stdout: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = None;
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let l = line.trim_end();
                if l.is_empty() {
                    break;
                }
                if let Some(v) = l.strip_prefix("Content-Length: ") {
                    len = v.parse::<usize>().ok();
                }
            }
            let Some(n) = len else { return };
            let mut body = vec![0; n];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            match serde_json::from_slice(&body) {
                Ok(v) => {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
                Err(_) => return,
            }
        }
    });
    rx
}

/// The `dockls` binary under test: this build's, or `DOCKLS_BIN` (the hostile-input tests
/// run full-size against a release build that way, see tests/reliability).
pub fn binary() -> std::path::PathBuf {
    std::env::var_os("DOCKLS_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_dockls").into())
}

impl Client {
    pub fn spawn(envs: &[(&str, &str)]) -> Client {
        let mut cmd = Command::new(binary());
        cmd.arg("server");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        Client::spawn_command(cmd)
    }

    /// Starts a server with a command of the caller's (under a tracer, say).
    pub fn spawn_command(mut cmd: Command) -> Client {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn dockls");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let rx = read_frames(stdout);
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            backlog: Vec::new(),
            configuration: json!({}),
            silent: false,
        }
    }

    pub fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write");
        stdin.flush().expect("flush");
    }

    /// Writes bytes as they are (headers included): for malformed messages.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// Sends a request and waits for its response for at most `timeout`; `None` when none
    /// came (messages read meanwhile go to the backlog).
    pub fn request_within(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Option<Value> {
        let id = self.request_async(method, params);
        self.wait_within(timeout, |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Like [`Client::wait`], for at most `timeout`.
    pub fn wait_within(
        &mut self,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return Some(self.backlog.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    if pred(&m) {
                        return Some(m);
                    }
                    if !self.answer_server_request(&m) {
                        self.backlog.push(m);
                    }
                }
                Err(_) => return None,
            }
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string());
    }

    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string(),
        );
        id
    }

    /// Sends a request and returns its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    fn answer_server_request(&mut self, m: &Value) -> bool {
        let (Some(id), Some(method)) = (m.get("id"), m.get("method").and_then(Value::as_str))
        else {
            return false;
        };
        if self.silent {
            return false;
        }
        let result = match method {
            "workspace/configuration" => {
                let n = m["params"]["items"].as_array().map_or(1, Vec::len);
                Value::Array(vec![self.configuration.clone(); n])
            }
            _ => Value::Null,
        };
        let body = json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string();
        self.send_raw(&body);
        true
    }

    /// Waits for a message matching `pred` (answering server requests meanwhile).
    pub fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    if pred(&m) {
                        return m;
                    }
                    if !self.answer_server_request(&m) {
                        self.backlog.push(m);
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out; backlog: {:#?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output; backlog: {:#?}", self.backlog)
                }
            }
        }
    }

    /// Waits for diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}));
    }

    /// Sends `shutdown` and `exit` and returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        self.shutdown_and_exit();
        drop(self.stdin.take());
        self.wait_exit_within(TIMEOUT)
    }

    fn shutdown_and_exit(&mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "shutdown failed: {r}");
        self.notify("exit", Value::Null);
    }

    /// The exit status code once the process ends, or `None` (and the process killed) if it
    /// is still running after `timeout`.
    fn wait_exit_within(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Closes the server's input without a word, as a client that crashed would.
    pub fn close_input(&mut self) {
        drop(self.stdin.take());
    }

    /// Waits for the process to end (after an `exit` already sent) and returns its status.
    pub fn wait_exit(&mut self) -> Option<i32> {
        self.wait_exit_within(TIMEOUT)
    }

    /// Sends `shutdown` and `exit` but keeps stdin open, as editors do, and returns the exit
    /// status code (None if the process is still running after the timeout).
    pub fn shutdown_keeping_stdin(mut self, timeout: Duration) -> Option<i32> {
        self.shutdown_and_exit();
        self.wait_exit_within(timeout)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Peak resident memory of the server so far (`VmHWM`, Linux), in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    pub fn stderr(&mut self) -> String {
        let mut s = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut s);
        }
        s
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}
