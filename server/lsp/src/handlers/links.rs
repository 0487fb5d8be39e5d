//! `textDocument/documentLink`: images to their registry pages, rule names to their docs.

use std::sync::Arc;

use dockls_analysis::ide::links::document_links;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::state::State;

pub fn options() -> DocumentLinkOptions {
    DocumentLinkOptions {
        resolve_provider: Some(false),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    }
}

pub async fn document_link(
    state: Arc<State>,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let Some(snap) = super::ide::document(&state, &params.text_document.uri).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let links = document_links(snap.dockerfile())
        .into_iter()
        .filter_map(|l| {
            Some(DocumentLink {
                range: snap.lines().range(snap.text(), l.range, enc),
                target: Some(l.target.parse::<Uri>().ok()?),
                tooltip: Some(l.tooltip),
                data: None,
            })
        })
        .collect();
    Ok(Some(links))
}
