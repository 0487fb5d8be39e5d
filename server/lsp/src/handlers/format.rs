//! `textDocument/formatting`, `rangeFormatting` and `onTypeFormatting`, with the
//! `formatter.*` settings (the client's `FormattingOptions` are not used: indentation
//! comes from `formatter.indent-width`).

use std::sync::Arc;

use dockls_analysis::ide::format;
use dockls_analysis::Edit;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::handlers::diagnostics::snapshot;
use crate::state::{Snapshot, State};
use crate::to_proto;

/// On-type formatting runs after a line break, and after `\` or `` ` `` (the escape
/// character, depending on the file) typed at the end of a line.
pub fn on_type_options() -> DocumentOnTypeFormattingOptions {
    DocumentOnTypeFormattingOptions {
        first_trigger_character: "\n".into(),
        more_trigger_character: Some(vec!["\\".into(), "`".into()]),
    }
}

fn text_edits(state: &State, snap: &Snapshot, edits: &[Edit]) -> Vec<TextEdit> {
    let enc = state.encoding();
    edits
        .iter()
        .map(|e| to_proto::text_edit(snap.text.as_str(), &snap.lines, enc, e))
        .collect()
}

pub async fn formatting(
    state: Arc<State>,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    let Some(snap) = snapshot(&state, &params.text_document.uri).await else {
        return Ok(None);
    };
    let s = snap.clone();
    let edits = tokio::task::spawn_blocking(move || {
        format::format(&s.analysis.dockerfile, &s.settings.formatter)
    })
    .await
    .unwrap_or_default();
    Ok(Some(text_edits(&state, &snap, &edits)))
}

pub async fn range_formatting(
    state: Arc<State>,
    params: DocumentRangeFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    let Some(snap) = snapshot(&state, &params.text_document.uri).await else {
        return Ok(None);
    };
    let range = snap
        .lines
        .text_range(snap.text.as_str(), params.range, state.encoding());
    let s = snap.clone();
    let edits = tokio::task::spawn_blocking(move || {
        format::format_range(&s.analysis.dockerfile, &s.settings.formatter, range)
    })
    .await
    .unwrap_or_default();
    Ok(Some(text_edits(&state, &snap, &edits)))
}

pub async fn on_type_formatting(
    state: Arc<State>,
    params: DocumentOnTypeFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    let p = params.text_document_position;
    let Some(snap) = snapshot(&state, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap
        .lines
        .offset(snap.text.as_str(), p.position, state.encoding());
    let edits = format::format_on_type(
        &snap.analysis.dockerfile,
        &snap.settings.formatter,
        offset,
        &params.ch,
    );
    Ok(Some(text_edits(&state, &snap, &edits)))
}
