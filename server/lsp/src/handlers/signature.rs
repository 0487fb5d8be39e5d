//! `textDocument/signatureHelp`: an instruction's forms with the active argument.

use std::sync::Arc;

use dockls_analysis::ide::signature::signature_help as help_at;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::state::State;

pub fn options() -> SignatureHelpOptions {
    SignatureHelpOptions {
        trigger_characters: Some([" ", "=", ",", "["].iter().map(|c| c.to_string()).collect()),
        retrigger_characters: Some(vec!["-".to_string()]),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    }
}

/// UTF-16 length of a label prefix (labels are offsets in UTF-16 code units).
fn units(s: &str) -> u32 {
    s.chars().map(char::len_utf16).sum::<usize>() as u32
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

pub async fn signature_help(
    state: Arc<State>,
    params: SignatureHelpParams,
) -> Result<Option<SignatureHelp>> {
    let pos = params.text_document_position_params;
    let Some(snap) = super::ide::document(&state, &pos.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap
        .lines()
        .offset(snap.text(), pos.position, state.encoding());
    let Some(help) = help_at(snap.dockerfile(), offset) else {
        return Ok(None);
    };
    let signatures = help
        .signatures
        .into_iter()
        .map(|s| {
            let parameters = s
                .parameters
                .iter()
                .map(|p| ParameterInformation {
                    label: ParameterLabel::LabelOffsets([
                        units(s.label.get(..p.start).unwrap_or("")),
                        units(s.label.get(..p.end).unwrap_or("")),
                    ]),
                    documentation: p.documentation.clone().map(markdown),
                })
                .collect();
            SignatureInformation {
                documentation: Some(markdown(s.documentation)),
                parameters: Some(parameters),
                active_parameter: None,
                label: s.label,
            }
        })
        .collect();
    Ok(Some(SignatureHelp {
        signatures,
        active_signature: Some(help.active_signature as u32),
        active_parameter: help.active_parameter.map(|p| p as u32),
    }))
}
