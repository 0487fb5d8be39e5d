//! `textDocument/hover`: documentation of what is under the cursor.

use std::sync::Arc;

use dockls_analysis::ide::hover::hover as hover_at;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::state::State;

pub async fn hover(state: Arc<State>, params: HoverParams) -> Result<Option<Hover>> {
    let pos = params.text_document_position_params;
    let Some(snap) = super::ide::document(&state, &pos.text_document.uri).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let offset = snap.lines().offset(snap.text(), pos.position, enc);
    Ok(hover_at(snap.dockerfile(), offset).map(|h| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(snap.lines().range(snap.text(), h.range, enc)),
    }))
}
