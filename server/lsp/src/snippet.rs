//! Snippet text edits in code actions (a tab stop where the user should type next, such
//! as the `/health` path of a new HEALTHCHECK).
//!
//! LSP 3.18 has `SnippetTextEdit` (`{range, snippet: {kind: "snippet", value}}`, when the
//! client announces `workspace.workspaceEdit.snippetEditSupport`), and rust-analyzer's
//! clients accept `insertTextFormat: 2` on text edits (`experimental.snippetTextEdit`).
//! The LSP types this server is built on have neither, so the code action handler marks
//! such an edit as an annotated edit with a reserved annotation id, and the service
//! wrapper here turns it into the client's form on the way out. The client capability
//! that the types drop is read from the raw `initialize` request.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Request, Response};

use crate::state::{write, State};

/// The annotation id of an edit whose text is an LSP 3.18 snippet.
pub const STANDARD: &str = "dockls.snippet";
/// The annotation id of an edit whose text is a snippet for rust-analyzer-style clients.
pub const EXPERIMENTAL: &str = "dockls.snippet.experimental";

/// How the client takes snippet edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SnippetEdits {
    #[default]
    None,
    /// `SnippetTextEdit` (LSP 3.18).
    Standard,
    /// `insertTextFormat: 2` on a text edit (`experimental.snippetTextEdit`).
    Experimental,
}

impl SnippetEdits {
    /// The annotation id that marks a snippet edit in this form.
    pub fn marker(self) -> Option<&'static str> {
        match self {
            SnippetEdits::None => None,
            SnippetEdits::Standard => Some(STANDARD),
            SnippetEdits::Experimental => Some(EXPERIMENTAL),
        }
    }
}

/// Reads the client's support from raw `initialize` params.
pub fn from_initialize(params: &Value) -> SnippetEdits {
    let caps = &params["capabilities"];
    if caps["workspace"]["workspaceEdit"]["snippetEditSupport"] == Value::Bool(true) {
        SnippetEdits::Standard
    } else if caps["experimental"]["snippetTextEdit"] == Value::Bool(true) {
        SnippetEdits::Experimental
    } else {
        SnippetEdits::None
    }
}

/// Escapes text for a snippet (`\`, `$` and `}` are special).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as a snippet with a first tab stop on the byte range `stop` (a placeholder
/// holding the text there).
pub fn with_tab_stop(text: &str, stop: std::ops::Range<usize>) -> Option<String> {
    let before = text.get(..stop.start)?;
    let inside = text.get(stop.clone())?;
    let after = text.get(stop.end..)?;
    Some(format!(
        "{}${{1:{}}}{}",
        escape(before),
        escape(inside),
        escape(after)
    ))
}

/// Rewrites the marked edits of a `textDocument/codeAction` result in place.
pub fn rewrite_actions(result: &mut Value) {
    let Some(actions) = result.as_array_mut() else {
        return;
    };
    for action in actions {
        let Some(changes) = action
            .get_mut("edit")
            .and_then(|e| e.get_mut("documentChanges"))
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        for change in changes {
            let Some(edits) = change.get_mut("edits").and_then(Value::as_array_mut) else {
                continue;
            };
            for edit in edits {
                let marker = edit
                    .get("annotationId")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let (Some(marker), Some(obj)) = (marker, edit.as_object_mut()) else {
                    continue;
                };
                if marker != STANDARD && marker != EXPERIMENTAL {
                    continue;
                }
                obj.remove("annotationId");
                if marker == STANDARD {
                    let text = obj
                        .remove("newText")
                        .unwrap_or(Value::String(String::new()));
                    obj.insert(
                        "snippet".into(),
                        serde_json::json!({"kind": "snippet", "value": text}),
                    );
                } else {
                    obj.insert("insertTextFormat".into(), Value::from(2));
                }
            }
        }
    }
}

/// The language service with snippet edits rewritten in code action answers.
pub struct Service<S> {
    inner: S,
    state: Arc<State>,
}

impl<S> Service<S> {
    pub fn new(inner: S, state: Arc<State>) -> Self {
        Self { inner, state }
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> tower_service::Service<Request> for Service<S>
where
    S: tower_service::Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let actions = req.method() == "textDocument/codeAction";
        if req.method() == "initialize" {
            if let Some(params) = req.params() {
                write(&self.state.session).snippet_edits = from_initialize(params);
            }
        }
        let fut = self.inner.call(req);
        Box::pin(async move {
            let response = fut.await?;
            if !actions {
                return Ok(response);
            }
            Ok(response.map(|r| {
                let (id, body) = r.into_parts();
                let body = body.map(|mut v| {
                    rewrite_actions(&mut v);
                    v
                });
                Response::from_parts(id, body)
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tab_stops_and_escapes() {
        let t = "CMD curl -f http://x/health || exit $1";
        let i = t.find("/health").unwrap_or(0);
        assert_eq!(
            with_tab_stop(t, i..i + 7).as_deref(),
            Some("CMD curl -f http://x${1:/health} || exit \\$1")
        );
        assert_eq!(escape("a}b\\c"), "a\\}b\\\\c");
    }

    #[test]
    fn rewrites_marked_edits_only() {
        let mut v = json!([{
            "title": "Add a HEALTHCHECK",
            "edit": {"documentChanges": [{"textDocument": {"uri": "file:///x", "version": 1}, "edits": [
                {"range": {}, "newText": "plain"},
                {"range": {}, "newText": "H ${1:/health}", "annotationId": STANDARD},
                {"range": {}, "newText": "E ${1:/health}", "annotationId": EXPERIMENTAL}
            ]}]}
        }]);
        rewrite_actions(&mut v);
        let edits = &v[0]["edit"]["documentChanges"][0]["edits"];
        assert_eq!(edits[0], json!({"range": {}, "newText": "plain"}));
        assert_eq!(
            edits[1],
            json!({"range": {}, "snippet": {"kind": "snippet", "value": "H ${1:/health}"}})
        );
        assert_eq!(
            edits[2],
            json!({"range": {}, "newText": "E ${1:/health}", "insertTextFormat": 2})
        );
    }

    #[test]
    fn reads_the_capability() {
        let std =
            json!({"capabilities": {"workspace": {"workspaceEdit": {"snippetEditSupport": true}}}});
        assert_eq!(from_initialize(&std), SnippetEdits::Standard);
        let ra = json!({"capabilities": {"experimental": {"snippetTextEdit": true}}});
        assert_eq!(from_initialize(&ra), SnippetEdits::Experimental);
        assert_eq!(from_initialize(&json!({})), SnippetEdits::None);
    }
}
