//! `textDocument/selectionRange`: word → flag or argument → instruction → stage → file.

use std::sync::Arc;

use dockls_analysis::ide::selection::selection_ranges;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::handlers::diagnostics::snapshot;
use crate::state::State;

pub async fn selection_range(
    state: Arc<State>,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let Some(snap) = snapshot(&state, &params.text_document.uri).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let text = snap.text.as_str();
    let out = params
        .positions
        .iter()
        .map(|p| {
            let offset = snap.lines.offset(text, *p, enc);
            let chain = selection_ranges(&snap.analysis.dockerfile, offset);
            let mut node: Option<SelectionRange> = None;
            for r in chain.iter().rev() {
                node = Some(SelectionRange {
                    range: snap.lines.range(text, *r, enc),
                    parent: node.map(Box::new),
                });
            }
            node.unwrap_or(SelectionRange {
                range: Range { start: *p, end: *p },
                parent: None,
            })
        })
        .collect();
    Ok(Some(out))
}
