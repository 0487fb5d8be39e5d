//! `textDocument/codeAction`: quick fixes for diagnostics and `source.fixAll.dockls`.
//! Stateless: everything is recomputed from the current document; a request about an
//! older version (seen in its diagnostics' `data`) gets no edits.

use std::sync::Arc;

use dockls_analysis::diagnostic::Applicability;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::state::{read, State};
use crate::to_proto;

pub const FIX_ALL: &str = "source.fixAll.dockls";

fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds
            .iter()
            .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str()))),
    }
}

pub async fn code_action(
    state: Arc<State>,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(current) = state.version(&uri) else {
        return Ok(None);
    };
    let stale = params.context.diagnostics.iter().any(|d| {
        d.data
            .as_ref()
            .and_then(|v| v.get("version"))
            .and_then(|v| v.as_i64())
            .is_some_and(|v| v != i64::from(current))
    });
    if stale {
        return Ok(Some(Vec::new()));
    }
    let Some(snap) = crate::handlers::diagnostics::snapshot(&state, &uri).await else {
        return Ok(None);
    };
    if snap.version != current {
        return Ok(Some(Vec::new()));
    }
    let (enc, document_changes) = {
        let s = read(&state.session);
        (
            s.encoding,
            s.workspace_edit_document_changes && s.create_file,
        )
    };
    let text = snap.text.as_str();
    let range = snap.lines.text_range(text, params.range, enc);
    let only = params.context.only.as_ref();
    let mut out: Vec<CodeActionOrCommand> = Vec::new();

    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for d in &snap.analysis.diagnostics {
            let hit = d.range.intersects(range)
                || d.range.touches(range.start)
                || range.touches(d.range.start);
            if !hit {
                continue;
            }
            let lsp_diag = to_proto::diagnostic(&uri, text, &snap.lines, enc, d, snap.version);
            for fix in d
                .fixes
                .iter()
                .filter(|f| f.applicability != Applicability::DisplayOnly)
            {
                let edit = if fix.files.is_empty() {
                    Some(to_proto::workspace_edit(
                        &uri,
                        text,
                        &snap.lines,
                        enc,
                        &fix.edits,
                    ))
                } else if document_changes {
                    to_proto::workspace_edit_with_files(
                        &uri,
                        snap.version,
                        text,
                        &snap.lines,
                        enc,
                        fix,
                    )
                } else {
                    None
                };
                let Some(edit) = edit else { continue };
                let suffix = if fix.applicability == Applicability::Unsafe {
                    " (review: changes behaviour)"
                } else {
                    ""
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{}{suffix}", fix.title),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diag.clone()]),
                    edit: Some(edit),
                    command: None,
                    is_preferred: Some(fix.preferred && fix.applicability == Applicability::Safe),
                    disabled: None,
                    data: None,
                }));
            }
            // "Ignore this rule here" actions come last, never preferred.
            for fix in
                dockls_analysis::suppress_fixes::suppression_fixes(&snap.analysis.dockerfile, d)
            {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diag.clone()]),
                    edit: Some(to_proto::workspace_edit(
                        &uri,
                        text,
                        &snap.lines,
                        enc,
                        &fix.edits,
                    )),
                    command: None,
                    is_preferred: Some(false),
                    disabled: None,
                    data: None,
                }));
            }
        }
    }

    if only.is_some() && wanted(only, FIX_ALL) || only.is_none() {
        let edits = dockls_analysis::fixes::fix_all_edits(&snap.analysis.diagnostics, false);
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe dockls findings".into(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                diagnostics: None,
                edit: Some(to_proto::workspace_edit(
                    &uri,
                    text,
                    &snap.lines,
                    enc,
                    &edits,
                )),
                command: None,
                is_preferred: None,
                disabled: None,
                data: None,
            }));
        }
    }
    Ok(Some(out))
}
