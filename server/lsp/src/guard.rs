//! Keeps the server alive when a handler panics: the panic is logged to stderr and the
//! request is answered with an internal error.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs a request handler, turning a panic into an `InternalError` response.
pub async fn request<T>(name: &str, fut: impl Future<Output = Result<T>>) -> Result<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(payload) => {
            let msg = message(payload.as_ref());
            tracing::error!("handler {name} panicked: {msg}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("dockls: internal error in {name}: {msg}").into(),
                data: None,
            })
        }
    }
}

/// Runs a notification handler, logging a panic.
pub async fn notification(name: &str, fut: impl Future<Output = ()>) {
    if let Err(payload) = AssertUnwindSafe(fut).catch_unwind().await {
        tracing::error!("handler {name} panicked: {}", message(payload.as_ref()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn panics_become_errors() {
        let r: Result<()> = request("test", async { panic!("boom") }).await;
        let e = r.expect_err("an error");
        assert_eq!(e.code, ErrorCode::InternalError);
        assert!(e.message.contains("boom"));
        notification("test", async { panic!("quiet") }).await;
    }
}
