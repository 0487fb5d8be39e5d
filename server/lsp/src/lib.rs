//! dockls-lsp: the language server. The only crate that knows LSP types, URIs and
//! position encodings; every decision is made by `dockls-analysis`.

mod capabilities;
pub mod convert;
pub mod document;
mod guard;
pub mod handlers;
pub mod server;
pub mod snippet;
pub mod state;
mod to_proto;
pub mod transport;

use tower_lsp_server::{LspService, Server};

/// Builds the service with dockls's custom methods.
pub fn service() -> (LspService<server::Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(server::Backend::new)
        .custom_method("dockls/documentText", server::Backend::document_text)
        .custom_method("dockls/debug/panic", server::Backend::debug_panic)
        .finish()
}

/// Serves LSP over stdin/stdout until the client sends `exit` (or closes its end).
/// Returns whether the client asked for `shutdown` before it ended the session (the exit
/// status is 0 then, 1 otherwise, as the protocol says).
pub async fn run_stdio() -> bool {
    serve(tokio::io::stdin(), tokio::io::stdout()).await
}

/// How long the server may still work after the client's input ends.
const INPUT_GONE_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Serves LSP over any byte streams, through the [`transport`] guard.
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = service();
    let state = service.inner().state.clone();
    let service = snippet::Service::new(service, state.clone());
    let (server_in, client_side_in) = tokio::io::duplex(1 << 20);
    let (client_side_out, server_out) = tokio::io::duplex(1 << 20);
    let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut reader = tokio::spawn(transport::pump_input(input, client_side_in, errors_tx));
    let writer = tokio::spawn(transport::pump_output(client_side_out, output, errors_rx));
    let served = Server::new(server_in, server_out, socket)
        .concurrency_level(32)
        .serve(service);
    // Once the client's input has ended, the server finishes what is in flight; a handler
    // still waiting for an answer from the client then (which can no longer come) is
    // dropped after a grace period instead of keeping the process alive.
    let input_gone = async {
        let _ = (&mut reader).await;
        tokio::time::sleep(INPUT_GONE_GRACE).await;
    };
    tokio::select! {
        () = served => {}
        () = input_gone => tracing::warn!("the client's input ended; stopping with work in flight"),
    }
    reader.abort();
    let _ = writer.await;
    state
        .shutdown_requested
        .load(std::sync::atomic::Ordering::SeqCst)
}
