//! `initialize`, `initialized`, `shutdown`.

use std::sync::Arc;

use dockls_analysis::settings::kebab_keys;
use dockls_analysis::SettingsLayer;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::convert::Encoding;
use crate::state::{write, DiagnosticMode, State};

/// The options dockls accepts in `initializationOptions` besides settings.
fn diagnostic_mode(opts: Option<&serde_json::Value>, pull_supported: bool) -> DiagnosticMode {
    let wanted = opts
        .and_then(|o| o.get("diagnosticMode").or_else(|| o.get("diagnostic-mode")))
        .and_then(|v| v.as_str());
    match wanted {
        Some("push") => DiagnosticMode::Push,
        Some("pull") if pull_supported => DiagnosticMode::Pull,
        _ if pull_supported => DiagnosticMode::Pull,
        _ => DiagnosticMode::Push,
    }
}

/// Settings from `initializationOptions`: either the settings object itself or
/// `{"dockls": {...}}` / `{"settings": {...}}`.
pub fn settings_from(value: Option<&serde_json::Value>) -> SettingsLayer {
    let Some(v) = value else {
        return SettingsLayer::default();
    };
    let inner = v.get("dockls").or_else(|| v.get("settings")).unwrap_or(v);
    match serde_json::from_value::<SettingsLayer>(kebab_keys(inner)) {
        Ok(layer) => layer,
        Err(e) => {
            tracing::warn!("ignoring invalid dockls settings from the client: {e}");
            SettingsLayer::default()
        }
    }
}

pub fn initialize(state: &State, params: InitializeParams) -> Result<InitializeResult> {
    let caps = &params.capabilities;
    let encoding = Encoding::negotiate(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let td = caps.text_document.as_ref();
    let ws = caps.workspace.as_ref();
    let pull_supported = td.and_then(|t| t.diagnostic.as_ref()).is_some();
    let mode = diagnostic_mode(params.initialization_options.as_ref(), pull_supported);
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path())
        .map(|p| p.into_owned())
        .or_else(|| {
            #[allow(deprecated)]
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path())
                .map(|p| p.into_owned())
        });
    {
        let mut s = write(&state.session);
        s.encoding = encoding;
        s.mode = mode;
        s.supports_configuration = ws.and_then(|w| w.configuration).unwrap_or(false);
        s.dynamic_configuration = ws
            .and_then(|w| w.did_change_configuration.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        s.snippets = td
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        s.code_action_literals = td
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.code_action_literal_support.as_ref())
            .is_some();
        s.multiline_tokens = td
            .and_then(|t| t.semantic_tokens.as_ref())
            .and_then(|c| c.multiline_token_support)
            .unwrap_or(false);
        s.hierarchical_symbols = td
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|c| c.hierarchical_document_symbol_support)
            .unwrap_or(false);
        let we = ws.and_then(|w| w.workspace_edit.as_ref());
        s.workspace_edit_document_changes = we.and_then(|w| w.document_changes).unwrap_or(false);
        s.create_file = we
            .and_then(|w| w.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
        s.watch_files = ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        s.refresh_diagnostics = ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        s.init_settings = settings_from(params.initialization_options.as_ref());
        s.root = root;
    }
    Ok(InitializeResult {
        capabilities: crate::capabilities::server_capabilities(encoding, mode),
        server_info: Some(ServerInfo {
            name: "dockls".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

pub async fn initialized(state: Arc<State>) {
    let (configuration, dynamic) = {
        let s = crate::state::read(&state.session);
        (s.supports_configuration, s.dynamic_configuration)
    };
    let watch = crate::state::read(&state.session).watch_files;
    if watch {
        let globs = [
            "**/dockls.toml",
            "**/.dockls.toml",
            "**/.hadolint.yaml",
            "**/.hadolint.yml",
            "**/.dockerignore",
            "**/*.dockerignore",
        ];
        let watchers = globs
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect();
        let options =
            serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok();
        let reg = Registration {
            id: "dockls-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: options,
        };
        crate::handlers::ask_client(
            "file watching registration",
            state.client.register_capability(vec![reg]),
        )
        .await;
    }
    if dynamic {
        let reg = Registration {
            id: "dockls-configuration".into(),
            method: "workspace/didChangeConfiguration".into(),
            register_options: None,
        };
        crate::handlers::ask_client(
            "configuration registration",
            state.client.register_capability(vec![reg]),
        )
        .await;
    }
    if configuration {
        crate::handlers::settings::pull(&state).await;
        crate::handlers::diagnostics::refresh_all(&state).await;
    }
}

pub fn shutdown(state: &State) -> Result<()> {
    state
        .shutdown_requested
        .store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}
