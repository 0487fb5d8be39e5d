//! `textDocument/semanticTokens/full` and `/range`. Tokens come from the document's
//! incremental tree-sitter tree (kept by `Document`, never reparsed here) and the typed
//! view (`dockls_analysis::ide::semantic_tokens`); this file only encodes them.

use std::sync::Arc;

use dockls_analysis::ide::semantic_tokens::{self as st, modifiers, Token, TokenType};
use dockls_syntax::TextRange;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::convert::{Encoding, Lines};
use crate::document::TreeJob;
use crate::handlers::diagnostics::snapshot;
use crate::state::{lock, read, Snapshot, State};

/// The legend announced in the capabilities.
pub fn options() -> SemanticTokensServerCapabilities {
    SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
        work_done_progress_options: WorkDoneProgressOptions::default(),
        legend: SemanticTokensLegend {
            token_types: TokenType::ALL
                .iter()
                .map(|t| SemanticTokenType::new(t.as_str()))
                .collect(),
            token_modifiers: modifiers::ALL
                .iter()
                .map(|m| SemanticTokenModifier::new(m))
                .collect(),
        },
        range: Some(true),
        full: Some(SemanticTokensFullOptions::Bool(true)),
    })
}

/// Relative encoding: each token's line and start as deltas from the previous token.
pub fn encode(text: &str, lines: &Lines, enc: Encoding, tokens: &[Token]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0u32, 0u32);
    for t in tokens {
        let start = lines.position(text, t.range.start, enc);
        let end = lines.position(text, t.range.end, enc);
        let length = if end.line == start.line {
            end.character.saturating_sub(start.character)
        } else {
            // A multi-line token (the client said it handles them): its length in units.
            let s = t.range.of(text);
            match enc {
                Encoding::Utf8 => s.len() as u32,
                Encoding::Utf16 => s.chars().map(|c| c.len_utf16() as u32).sum(),
            }
        };
        if length == 0 {
            continue;
        }
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 {
            start.character - col
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: t.kind.index(),
            token_modifiers_bitset: t.modifiers,
        });
        line = start.line;
        col = start.character;
    }
    out
}

async fn compute(state: &Arc<State>, uri: &Uri, range: Option<Range>) -> Option<SemanticTokens> {
    let snap: Arc<Snapshot> = snapshot(state, uri).await?;
    // The incremental tree of exactly this version (tree-sitter trees are cheap to clone),
    // brought up to date off the document lock when edits came since it was parsed.
    let job = lock(&state.docs)
        .get(uri)
        .filter(|d| d.version == snap.version)
        .map(|d| d.tree_job());
    let tree = match job {
        Some(TreeJob::Ready(t)) => Some(t),
        Some(TreeJob::Parse { version, old }) => {
            let text = snap.text.clone();
            let parsed = tokio::task::spawn_blocking(move || {
                dockls_syntax::tree::parse_tree(text.as_str(), old.as_ref())
            })
            .await
            .ok()
            .flatten();
            if let Some(t) = &parsed {
                if let Some(d) = lock(&state.docs).get_mut(uri) {
                    d.set_tree(version, t.clone());
                }
            }
            parsed
        }
        None => None,
    };
    let (enc, multiline) = {
        let s = read(&state.session);
        (s.encoding, s.multiline_tokens)
    };
    let range: Option<TextRange> = range.map(|r| snap.lines.text_range(snap.text.as_str(), r, enc));
    let s = snap.clone();
    let data = tokio::task::spawn_blocking(move || {
        let tokens = st::semantic_tokens(&s.analysis.dockerfile, tree.as_ref(), range, multiline);
        encode(s.text.as_str(), &s.lines, enc, &tokens)
    })
    .await
    .ok()?;
    Some(SemanticTokens {
        result_id: None,
        data,
    })
}

pub async fn full(
    state: Arc<State>,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    Ok(compute(&state, &params.text_document.uri, None)
        .await
        .map(SemanticTokensResult::Tokens))
}

pub async fn range(
    state: Arc<State>,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    Ok(
        compute(&state, &params.text_document.uri, Some(params.range))
            .await
            .map(SemanticTokensRangeResult::Tokens),
    )
}
