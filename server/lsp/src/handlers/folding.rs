//! `textDocument/foldingRange`: stages, continued instructions, heredocs, comment runs.

use std::sync::Arc;

use dockls_analysis::ide::folding::{folding_ranges, FoldKind};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::handlers::diagnostics::snapshot;
use crate::state::State;

pub async fn folding_range(
    state: Arc<State>,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let Some(snap) = snapshot(&state, &params.text_document.uri).await else {
        return Ok(None);
    };
    let enc = state.encoding();
    let text = snap.text.as_str();
    let mut out: Vec<FoldingRange> = folding_ranges(&snap.analysis.dockerfile)
        .into_iter()
        .map(|f| {
            let r = snap.lines.range(text, f.range, enc);
            FoldingRange {
                start_line: r.start.line,
                start_character: None,
                end_line: r.end.line,
                end_character: None,
                kind: match f.kind {
                    FoldKind::Comment => Some(FoldingRangeKind::Comment),
                    FoldKind::Stage | FoldKind::Instruction | FoldKind::Heredoc => {
                        Some(FoldingRangeKind::Region)
                    }
                },
                collapsed_text: None,
            }
        })
        .filter(|f| f.end_line > f.start_line)
        .collect();
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    Ok(Some(out))
}
