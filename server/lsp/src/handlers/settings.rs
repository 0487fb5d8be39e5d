//! Client settings: `workspace/configuration` (section `dockls`) and
//! `workspace/didChangeConfiguration`. A key the client does not send keeps its default.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::handlers::lifecycle::settings_from;
use crate::state::{read, write, State};

/// Asks the client for the `dockls` section and stores it.
pub async fn pull(state: &Arc<State>) {
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("dockls".into()),
    };
    let asked = crate::handlers::ask_client(
        "workspace/configuration",
        state.client.configuration(vec![item]),
    );
    if let Some(values) = asked.await {
        if let Some(v) = values.into_iter().next().filter(|v| !v.is_null()) {
            write(&state.session).client_settings = Some(settings_from(Some(&v)));
        }
    }
}

/// A configuration or `.dockerignore` file changed on disk: re-check everything.
pub async fn did_change_watched_files(state: Arc<State>, _params: DidChangeWatchedFilesParams) {
    crate::state::lock(&state.config_published).clear();
    crate::handlers::diagnostics::refresh_all(&state).await;
}

pub async fn did_change_configuration(state: Arc<State>, params: DidChangeConfigurationParams) {
    let pushed = params
        .settings
        .get("dockls")
        .cloned()
        .filter(|v| v.is_object());
    match pushed {
        Some(v) => write(&state.session).client_settings = Some(settings_from(Some(&v))),
        None if read(&state.session).supports_configuration => pull(&state).await,
        None => {}
    }
    crate::handlers::diagnostics::refresh_all(&state).await;
}
