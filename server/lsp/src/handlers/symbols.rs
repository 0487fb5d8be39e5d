//! `textDocument/documentSymbol` (stages containing their instructions; a flat list for
//! clients without hierarchy support) and `workspace/symbol` over the open documents.

use std::sync::Arc;

use dockls_analysis::ide::symbols::{self, Symbol, SymbolKind as Kind};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::convert::{Encoding, Lines};
use crate::handlers::diagnostics::snapshot;
use crate::state::{lock, read, State};

fn kind(k: Kind) -> SymbolKind {
    match k {
        Kind::Stage => SymbolKind::CLASS,
        Kind::Instruction => SymbolKind::FUNCTION,
        Kind::Variable => SymbolKind::VARIABLE,
        Kind::Label => SymbolKind::PROPERTY,
        Kind::Directive => SymbolKind::KEY,
    }
}

fn tags(s: &Symbol) -> Option<Vec<SymbolTag>> {
    s.deprecated.then(|| vec![SymbolTag::DEPRECATED])
}

#[allow(deprecated)]
fn nested(s: &Symbol, text: &str, lines: &Lines, enc: Encoding) -> DocumentSymbol {
    DocumentSymbol {
        name: s.name.clone(),
        detail: s.detail.clone(),
        kind: kind(s.kind),
        tags: tags(s),
        deprecated: None,
        range: lines.range(text, s.range, enc),
        selection_range: lines.range(text, s.selection, enc),
        children: (!s.children.is_empty()).then(|| {
            s.children
                .iter()
                .map(|c| nested(c, text, lines, enc))
                .collect()
        }),
    }
}

#[allow(deprecated)]
fn flat(
    s: &Symbol,
    container: Option<&str>,
    uri: &Uri,
    text: &str,
    lines: &Lines,
    enc: Encoding,
    out: &mut Vec<SymbolInformation>,
) {
    out.push(SymbolInformation {
        name: s.name.clone(),
        kind: kind(s.kind),
        tags: tags(s),
        deprecated: None,
        location: Location {
            uri: uri.clone(),
            range: lines.range(text, s.range, enc),
        },
        container_name: container.map(str::to_string),
    });
    for c in &s.children {
        flat(c, Some(&s.name), uri, text, lines, enc, out);
    }
}

pub async fn document_symbol(
    state: Arc<State>,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let uri = params.text_document.uri;
    let Some(snap) = snapshot(&state, &uri).await else {
        return Ok(None);
    };
    let (enc, hierarchical) = {
        let s = read(&state.session);
        (s.encoding, s.hierarchical_symbols)
    };
    let text = snap.text.as_str();
    let list = symbols::document_symbols(&snap.analysis.dockerfile);
    if hierarchical {
        return Ok(Some(DocumentSymbolResponse::Nested(
            list.iter()
                .map(|s| nested(s, text, &snap.lines, enc))
                .collect(),
        )));
    }
    let mut out = Vec::new();
    for s in &list {
        flat(s, None, &uri, text, &snap.lines, enc, &mut out);
    }
    Ok(Some(DocumentSymbolResponse::Flat(out)))
}

#[allow(deprecated)]
pub async fn workspace_symbol(
    state: Arc<State>,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let mut uris: Vec<Uri> = lock(&state.docs).keys().cloned().collect();
    uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    let enc = state.encoding();
    let mut out = Vec::new();
    for uri in uris {
        let Some(snap) = snapshot(&state, &uri).await else {
            continue;
        };
        let text = snap.text.as_str();
        for s in symbols::workspace_symbols(&snap.analysis.dockerfile, &params.query) {
            out.push(SymbolInformation {
                name: s.name,
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                location: Location {
                    uri: uri.clone(),
                    range: snap.lines.range(text, s.range, enc),
                },
                container_name: s.container,
            });
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Flat(out)))
}
