//! Analysis results to LSP types.

use std::collections::HashMap;

use dockls_analysis::diagnostic::{Diagnostic, Edit, Fix, Severity, Tag};
use tower_lsp_server::ls_types as lsp;

use crate::convert::{Encoding, Lines};

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// An analysis diagnostic as LSP sends it. `data` carries the document version, so a code
/// action request about an older version can be recognised.
pub fn diagnostic(
    uri: &lsp::Uri,
    text: &str,
    lines: &Lines,
    enc: Encoding,
    d: &Diagnostic,
    version: i32,
) -> lsp::Diagnostic {
    let meta = d.rule();
    let href = meta
        .map(|m| m.url())
        .and_then(|u| u.parse::<lsp::Uri>().ok());
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: lines.range(text, r.range, enc),
            },
            message: r.message.clone(),
        })
        .collect();
    let tags: Vec<lsp::DiagnosticTag> = d
        .tags
        .iter()
        .map(|t| match t {
            Tag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
            Tag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(text, d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: href.map(|href| lsp::CodeDescription { href }),
        source: Some("dockls".to_string()),
        message: match meta {
            Some(m) => format!("{} ({})", d.message, m.name),
            None => d.message.clone(),
        },
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: Some(serde_json::json!({ "version": version })),
    }
}

pub fn text_edit(text: &str, lines: &Lines, enc: Encoding, e: &Edit) -> lsp::TextEdit {
    lsp::TextEdit {
        range: lines.range(text, e.range, enc),
        new_text: e.new_text.clone(),
    }
}

/// A fix as a workspace edit on one document.
pub fn workspace_edit(
    uri: &lsp::Uri,
    text: &str,
    lines: &Lines,
    enc: Encoding,
    edits: &[Edit],
) -> lsp::WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(
        uri.clone(),
        edits
            .iter()
            .map(|e| text_edit(text, lines, enc, e))
            .collect(),
    );
    lsp::WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }
}

/// A fix that also creates or edits other files of the project, as document changes.
pub fn workspace_edit_with_files(
    uri: &lsp::Uri,
    version: i32,
    text: &str,
    lines: &Lines,
    enc: Encoding,
    fix: &Fix,
) -> Option<lsp::WorkspaceEdit> {
    let dir = uri.to_file_path()?.parent()?.to_path_buf();
    let mut ops = Vec::new();
    if !fix.edits.is_empty() {
        ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(version),
            },
            edits: fix
                .edits
                .iter()
                .map(|e| lsp::OneOf::Left(text_edit(text, lines, enc, e)))
                .collect(),
        }));
    }
    for f in &fix.files {
        match f {
            dockls_analysis::FileChange::Create { path, content } => {
                let file = lsp::Uri::from_file_path(dir.join(path))?;
                ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
                    lsp::CreateFile {
                        uri: file.clone(),
                        options: Some(lsp::CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    },
                )));
                ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: file,
                        version: None,
                    },
                    edits: vec![lsp::OneOf::Left(lsp::TextEdit {
                        range: lsp::Range::default(),
                        new_text: content.clone(),
                    })],
                }));
            }
            dockls_analysis::FileChange::Edit { path, edits } => {
                let file = lsp::Uri::from_file_path(dir.join(path))?;
                let other = std::fs::read_to_string(dir.join(path)).ok()?;
                let other_lines = Lines::new(&other);
                ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: file,
                        version: None,
                    },
                    edits: edits
                        .iter()
                        .map(|e| lsp::OneOf::Left(text_edit(&other, &other_lines, enc, e)))
                        .collect(),
                }));
            }
        }
    }
    Some(lsp::WorkspaceEdit {
        changes: None,
        document_changes: Some(lsp::DocumentChanges::Operations(ops)),
        change_annotations: None,
    })
}
