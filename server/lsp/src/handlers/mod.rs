//! One file per area of the protocol. Handlers look up the document, call the analysis
//! crate and convert its answer; they make no decisions of their own.

pub mod actions;
pub mod completion;
pub mod custom;
pub mod diagnostics;
pub mod folding;
pub mod format;
pub mod hover;
pub mod ide;
pub mod inlay;
pub mod lifecycle;
pub mod links;
pub mod navigation;
pub mod selection;
pub mod semantic_tokens;
pub mod settings;
pub mod signature;
pub mod symbols;
pub mod sync;

/// How long the server waits for the client to answer one of its own requests
/// (registrations, configuration, refreshes). A client that never answers, or has gone,
/// must not keep a handler, and so the server's exit, waiting forever.
pub const CLIENT_ANSWER: std::time::Duration = std::time::Duration::from_secs(10);

/// Sends a request to the client through `request` and waits at most [`CLIENT_ANSWER`]
/// for its answer; `None` (logged) when it fails or does not come.
pub async fn ask_client<T>(
    what: &str,
    request: impl std::future::Future<Output = tower_lsp_server::jsonrpc::Result<T>>,
) -> Option<T> {
    match tokio::time::timeout(CLIENT_ANSWER, request).await {
        Ok(Ok(v)) => Some(v),
        Ok(Err(e)) => {
            tracing::debug!("{what}: the client answered with an error: {e}");
            None
        }
        Err(_) => {
            tracing::warn!(
                "{what}: no answer from the client within {} s",
                CLIENT_ANSWER.as_secs()
            );
            None
        }
    }
}
