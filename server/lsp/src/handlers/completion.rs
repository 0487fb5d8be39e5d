//! `textDocument/completion`: context-aware completion from the analysis crate, as
//! snippets when the client takes them.

use std::sync::Arc;

use dockls_analysis::ide::completion::{
    completions, CompletionConfig, CompletionItem as Item, ItemKind,
};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::convert::{Encoding, Lines};
use crate::state::{read, State};

/// The characters after which clients should ask for completion.
pub const TRIGGERS: [&str; 10] = ["-", "=", "$", "{", ":", "/", " ", ",", "#", "["];

pub fn options() -> CompletionOptions {
    CompletionOptions {
        resolve_provider: Some(false),
        trigger_characters: Some(TRIGGERS.iter().map(|c| c.to_string()).collect()),
        ..CompletionOptions::default()
    }
}

fn kind(k: ItemKind) -> CompletionItemKind {
    match k {
        ItemKind::Keyword | ItemKind::Directive => CompletionItemKind::KEYWORD,
        ItemKind::Snippet => CompletionItemKind::SNIPPET,
        ItemKind::Flag => CompletionItemKind::PROPERTY,
        ItemKind::Value | ItemKind::Tag => CompletionItemKind::VALUE,
        ItemKind::Variable => CompletionItemKind::VARIABLE,
        ItemKind::Stage => CompletionItemKind::REFERENCE,
        ItemKind::Image => CompletionItemKind::MODULE,
        ItemKind::Rule | ItemKind::Signal => CompletionItemKind::CONSTANT,
    }
}

fn to_lsp(text: &str, lines: &Lines, enc: Encoding, item: Item) -> CompletionItem {
    let edit = |range, new_text| TextEdit {
        range: lines.range(text, range, enc),
        new_text,
    };
    CompletionItem {
        kind: Some(kind(item.kind)),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        insert_text_format: Some(if item.snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(CompletionTextEdit::Edit(edit(item.range, item.insert))),
        additional_text_edits: (!item.additional.is_empty()).then(|| {
            item.additional
                .into_iter()
                .map(|(r, t)| edit(r, t))
                .collect()
        }),
        filter_text: item.filter,
        sort_text: Some(item.sort),
        preselect: item.preselect.then_some(true),
        tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
        label: item.label,
        ..CompletionItem::default()
    }
}

pub async fn completion(
    state: Arc<State>,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let pos = params.text_document_position;
    let Some(snap) = super::ide::document(&state, &pos.text_document.uri).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let offset = snap.lines().offset(snap.text(), pos.position, enc);
    let trigger = params
        .context
        .filter(|c| c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER)
        .and_then(|c| c.trigger_character)
        .and_then(|c| c.chars().next());
    let cfg = CompletionConfig {
        snippets: read(&state.session).snippets,
        trigger,
    };
    let items = completions(snap.dockerfile(), offset, &cfg);
    if items.is_empty() {
        return Ok(None);
    }
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items: items
            .into_iter()
            .map(|i| to_lsp(snap.text(), snap.lines(), enc, i))
            .collect(),
    })))
}
