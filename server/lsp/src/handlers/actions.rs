//! `textDocument/codeAction`: quick fixes for diagnostics and `source.fixAll.dockls`.
//! Stateless: everything is recomputed from the current document; a request about an
//! older version (seen in its diagnostics' `data`) gets no edits.

use std::sync::Arc;

use dockls_analysis::diagnostic::{Applicability, Fix};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::convert::Encoding;
use crate::snippet::SnippetEdits;
use crate::state::{read, Snapshot, State};
use crate::to_proto;

pub const FIX_ALL: &str = "source.fixAll.dockls";

/// What the client accepts in a workspace edit.
#[derive(Clone, Copy)]
struct EditSupport {
    document_changes: bool,
    create_file: bool,
    snippets: SnippetEdits,
}

/// A fix as a workspace edit: plain changes when it only edits the document, document
/// changes when it touches other files, with a snippet tab stop at its cursor when the
/// client takes snippet edits. `None` when the client cannot apply it.
fn fix_edit(
    uri: &Uri,
    snap: &Snapshot,
    enc: Encoding,
    fix: &Fix,
    support: EditSupport,
) -> Option<WorkspaceEdit> {
    let text = snap.text.as_str();
    let snippet = fix
        .cursor
        .zip(support.snippets.marker())
        .filter(|_| support.document_changes);
    let creates = fix
        .files
        .iter()
        .any(|f| matches!(f, dockls_analysis::FileChange::Create { .. }));
    if !fix.files.is_empty() && !(support.document_changes && (support.create_file || !creates)) {
        return None;
    }
    if fix.files.is_empty() && snippet.is_none() {
        return Some(to_proto::workspace_edit(
            uri,
            text,
            &snap.lines,
            enc,
            &fix.edits,
        ));
    }
    let mut edit = if fix.files.is_empty() {
        WorkspaceEdit {
            changes: None,
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(snap.version),
                    },
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| OneOf::Left(to_proto::text_edit(text, &snap.lines, enc, e)))
                        .collect(),
                }),
            ])),
            change_annotations: None,
        }
    } else {
        to_proto::workspace_edit_with_files(uri, snap.version, text, &snap.lines, enc, fix)?
    };
    if let Some((cursor, marker)) = snippet {
        mark_snippet(&mut edit, uri, fix, cursor, marker);
    }
    Some(edit)
}

/// Turns the document edit that contains the cursor (a range of the text after the fix)
/// into a snippet edit with a tab stop on it, marked for [`crate::snippet`].
fn mark_snippet(
    edit: &mut WorkspaceEdit,
    uri: &Uri,
    fix: &Fix,
    cursor: dockls_syntax::TextRange,
    marker: &str,
) {
    let mut delta: isize = 0;
    let mut target = None;
    for (k, e) in fix.edits.iter().enumerate() {
        let start = (e.range.start as isize + delta) as usize;
        let end = start + e.new_text.len();
        if start <= cursor.start && cursor.end <= end {
            target = Some((k, cursor.start - start..cursor.end - start));
            break;
        }
        delta += e.new_text.len() as isize - e.range.len() as isize;
    }
    let Some((k, stop)) = target else {
        return;
    };
    let Some(snippet) = fix
        .edits
        .get(k)
        .and_then(|e| crate::snippet::with_tab_stop(&e.new_text, stop))
    else {
        return;
    };
    let Some(DocumentChanges::Operations(ops)) = edit.document_changes.as_mut() else {
        return;
    };
    for op in ops {
        let DocumentChangeOperation::Edit(doc) = op else {
            continue;
        };
        if doc.text_document.uri != *uri {
            continue;
        }
        if let Some(slot) = doc.edits.get_mut(k) {
            let range = match slot {
                OneOf::Left(t) => t.range,
                OneOf::Right(a) => a.text_edit.range,
            };
            *slot = OneOf::Right(AnnotatedTextEdit {
                text_edit: TextEdit {
                    range,
                    new_text: snippet,
                },
                annotation_id: marker.to_string(),
            });
        }
        return;
    }
}

/// The refactorings at the cursor (`refactor.rewrite`), computed off the async runtime
/// since they may read project files.
async fn refactorings(snap: Arc<Snapshot>, uri: &Uri, offset: usize) -> Vec<(String, Fix)> {
    let path = (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten();
    tokio::task::spawn_blocking(move || {
        let fs = path.as_deref().map(dockls_project::FsFiles::for_dockerfile);
        let files: &dyn dockls_analysis::ProjectFiles = match &fs {
            Some(f) => f,
            None => &dockls_analysis::NoFiles,
        };
        let name = path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let cx = dockls_analysis::Context::new(
            &snap.analysis.dockerfile,
            &snap.settings,
            files,
            name.as_deref(),
        );
        dockls_analysis::refactor::available(&cx, offset)
    })
    .await
    .unwrap_or_default()
}

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
    let (enc, support) = {
        let s = read(&state.session);
        (
            s.encoding,
            EditSupport {
                document_changes: s.workspace_edit_document_changes,
                create_file: s.create_file,
                snippets: s.snippet_edits,
            },
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
                let Some(edit) = fix_edit(&uri, &snap, enc, fix, support) else {
                    continue;
                };
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

    if wanted(only, CodeActionKind::REFACTOR_REWRITE.as_str()) {
        let quick: Vec<String> = out
            .iter()
            .filter_map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => Some(a.title.clone()),
                CodeActionOrCommand::Command(_) => None,
            })
            .collect();
        for (title, fix) in refactorings(snap.clone(), &uri, range.start).await {
            let shown = format!("{title} (review: changes behaviour)");
            // Already offered as the quick fix of a finding here.
            if quick.contains(&shown) || quick.contains(&title) {
                continue;
            }
            let Some(edit) = fix_edit(&uri, &snap, enc, &fix, support) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                diagnostics: None,
                edit: Some(edit),
                command: None,
                is_preferred: None,
                disabled: None,
                data: None,
            }));
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
