//! `didOpen`, `didChange`, `didClose`, `didSave`. Edits are applied before the handler
//! awaits anything, so notifications take effect in the order they arrive.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::document::Document;
use crate::state::{lock, State};

pub fn did_open(state: &Arc<State>, params: DidOpenTextDocumentParams) {
    let d = params.text_document;
    lock(&state.docs).insert(
        d.uri.clone(),
        Document::new(&d.text, d.version, &d.language_id),
    );
    crate::handlers::diagnostics::schedule(state, d.uri);
}

pub fn did_change(state: &Arc<State>, params: DidChangeTextDocumentParams) {
    let enc = state.encoding();
    let uri = params.text_document.uri;
    {
        let mut docs = lock(&state.docs);
        let Some(doc) = docs.get_mut(&uri) else {
            tracing::warn!(
                "didChange for a document that is not open: {}",
                uri.as_str()
            );
            return;
        };
        doc.apply(params.text_document.version, &params.content_changes, enc);
    }
    crate::handlers::diagnostics::schedule(state, uri);
}

pub async fn did_close(state: Arc<State>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    lock(&state.docs).remove(&uri);
    lock(&state.snapshots).remove(&uri);
    if crate::state::read(&state.session).mode == crate::state::DiagnosticMode::Push {
        state
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}

pub fn did_save(state: &Arc<State>, params: DidSaveTextDocumentParams) {
    // Configuration and .dockerignore files next to the Dockerfile may have changed.
    let uri = params.text_document.uri;
    if lock(&state.docs).contains_key(&uri) {
        lock(&state.snapshots).remove(&uri);
        crate::handlers::diagnostics::schedule(state, uri);
    }
}
