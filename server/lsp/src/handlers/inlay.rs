//! `textDocument/inlayHint`: ARG defaults in FROM lines, stage names of numeric `--from`.

use std::sync::Arc;

use dockls_analysis::ide::inlay::inlay_hints;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::state::State;

pub async fn inlay_hint(
    state: Arc<State>,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    let Some(snap) = super::ide::document(&state, &params.text_document.uri).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let range = snap.lines().text_range(snap.text(), params.range, enc);
    let hints = inlay_hints(snap.dockerfile(), range)
        .into_iter()
        .map(|h| InlayHint {
            position: snap.lines().position(snap.text(), h.offset, enc),
            label: InlayHintLabel::String(h.label),
            kind: None,
            text_edits: None,
            tooltip: h.tooltip.map(InlayHintTooltip::String),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Ok(Some(hints))
}
