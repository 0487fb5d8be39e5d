//! dockls's own requests. `dockls/documentText` returns the server's copy of a document
//! (tests compare it with the editor's text); `dockls/debug/panic` exists only when
//! `DOCKLS_TEST_METHODS=1`, to prove that a panicking handler does not stop the server.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::Uri;

use crate::state::{lock, State};

#[derive(Deserialize)]
pub struct DocumentTextParams {
    pub uri: Uri,
}

#[derive(Serialize)]
pub struct DocumentText {
    pub version: i32,
    pub text: String,
}

pub fn document_text(state: &Arc<State>, params: DocumentTextParams) -> Result<DocumentText> {
    let docs = lock(&state.docs);
    let doc = docs
        .get(&params.uri)
        .ok_or_else(|| Error::invalid_params(format!("{} is not open", params.uri.as_str())))?;
    Ok(DocumentText {
        version: doc.version,
        text: doc.text(),
    })
}

pub fn debug_panic(state: &Arc<State>) -> Result<()> {
    if !state.test_methods {
        return Err(Error::method_not_found());
    }
    let words: Vec<&str> = Vec::new();
    // Index past the end on purpose: this request exists to exercise the panic guard.
    let _ = words[usize::from(state.test_methods)];
    Ok(())
}
