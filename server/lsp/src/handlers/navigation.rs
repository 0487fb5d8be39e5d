//! `textDocument/definition`, `references`, `documentHighlight`, `prepareRename` and
//! `rename`: ARG/ENV variables, stage names and heredoc names (`dockls_analysis::ide::navigation`).

use std::sync::Arc;

use dockls_analysis::ide::navigation::{self, Access, RenameError};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use crate::handlers::diagnostics::snapshot;
use crate::state::{read, Snapshot, State};
use crate::to_proto;

/// The snapshot of a document and the byte offset of a position in it.
pub async fn at(
    state: &Arc<State>,
    uri: &Uri,
    position: Position,
) -> Option<(Arc<Snapshot>, usize)> {
    let snap = snapshot(state, uri).await?;
    let offset = snap
        .lines
        .offset(snap.text.as_str(), position, state.encoding());
    Some((snap, offset))
}

/// Rename with `prepareRename`.
pub fn rename_options() -> OneOf<bool, RenameOptions> {
    OneOf::Right(RenameOptions {
        prepare_provider: Some(true),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    })
}

/// LSP's "RequestFailed": the client shows the message.
fn failed(e: RenameError) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: e.0.into(),
        data: None,
    }
}

pub async fn definition(
    state: Arc<State>,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let p = params.text_document_position_params;
    let Some((snap, offset)) = at(&state, &p.text_document.uri, p.position).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let text = snap.text.as_str();
    let locations: Vec<Location> = navigation::definition(&snap.analysis.dockerfile, offset)
        .into_iter()
        .map(|r| Location {
            uri: p.text_document.uri.clone(),
            range: snap.lines.range(text, r, enc),
        })
        .collect();
    Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
}

pub async fn references(
    state: Arc<State>,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let p = params.text_document_position;
    let Some((snap, offset)) = at(&state, &p.text_document.uri, p.position).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let text = snap.text.as_str();
    let ranges = navigation::references(
        &snap.analysis.dockerfile,
        offset,
        params.context.include_declaration,
    );
    Ok(Some(
        ranges
            .into_iter()
            .map(|r| Location {
                uri: p.text_document.uri.clone(),
                range: snap.lines.range(text, r, enc),
            })
            .collect(),
    ))
}

pub async fn document_highlight(
    state: Arc<State>,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let p = params.text_document_position_params;
    let Some((snap, offset)) = at(&state, &p.text_document.uri, p.position).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let text = snap.text.as_str();
    let items: Vec<DocumentHighlight> = navigation::highlights(&snap.analysis.dockerfile, offset)
        .into_iter()
        .map(|(r, access)| DocumentHighlight {
            range: snap.lines.range(text, r, enc),
            kind: Some(match access {
                Access::Write => DocumentHighlightKind::WRITE,
                Access::Read => DocumentHighlightKind::READ,
            }),
        })
        .collect();
    Ok((!items.is_empty()).then_some(items))
}

pub async fn prepare_rename(
    state: Arc<State>,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((snap, offset)) = at(&state, &params.text_document.uri, params.position).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    match navigation::prepare_rename(&snap.analysis.dockerfile, offset) {
        Ok(Some(t)) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: snap.lines.range(snap.text.as_str(), t.range, enc),
            placeholder: t.placeholder,
        })),
        Ok(None) => Ok(None),
        Err(e) => Err(failed(e)),
    }
}

pub async fn rename(state: Arc<State>, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position;
    let uri = p.text_document.uri;
    let Some((snap, offset)) = at(&state, &uri, p.position).await else {
        return Ok(None);
    };
    let edits =
        navigation::rename(&snap.analysis.dockerfile, offset, &params.new_name).map_err(failed)?;
    let text = snap.text.as_str();
    let (enc, versioned) = {
        let s = read(&state.session);
        (s.encoding, s.workspace_edit_document_changes)
    };
    if !versioned {
        return Ok(Some(to_proto::workspace_edit(
            &uri,
            text,
            &snap.lines,
            enc,
            &edits,
        )));
    }
    // With the version, a client whose document moved on rejects the edit.
    Ok(Some(WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri,
                version: Some(snap.version),
            },
            edits: edits
                .iter()
                .map(|e| OneOf::Left(to_proto::text_edit(text, &snap.lines, enc, e)))
                .collect(),
        }])),
        change_annotations: None,
    }))
}
