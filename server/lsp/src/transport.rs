//! A guard between stdio and the JSON-RPC server. tower-lsp-server stops reading after the
//! first message it cannot decode, so this layer frames messages itself, answers malformed
//! ones with the JSON-RPC error (`-32700` parse error, `-32600` invalid request) and passes
//! only well-formed messages on. The server keeps running whatever the client sends.

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Largest message accepted (a 10 MB Dockerfile is well within it).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

pub enum Frame {
    /// A whole message body.
    Body(Vec<u8>),
    /// A header block that cannot be read; the text says why.
    BadHeader(String),
}

/// Reads one framed message. `Ok(None)` at end of input.
pub async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let t = text.trim_end_matches(['\r', '\n']);
        if t.is_empty() {
            if !saw_any {
                continue;
            }
            break;
        }
        saw_any = true;
        if let Some((name, value)) = t.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(v) if v <= MAX_MESSAGE => length = Some(v),
                    _ => bad = Some(format!("invalid Content-Length: {:?}", value.trim())),
                }
            }
        } else {
            bad = Some(format!("invalid header line: {t:?}"));
        }
    }
    match (length, bad) {
        (Some(n), None) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body).await?;
            Ok(Some(Frame::Body(body)))
        }
        (_, Some(why)) => Ok(Some(Frame::BadHeader(why))),
        (None, None) => Ok(Some(Frame::BadHeader(
            "missing Content-Length header".into(),
        ))),
    }
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error(id: Value, code: i64, message: &str) -> Vec<u8> {
    frame(
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
            .to_string()
            .as_bytes(),
    )
}

/// Decides what to do with a body: pass it on, or answer it with an error.
pub fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    if let Ok(req) = serde_json::from_slice::<Request>(body) {
        // The protocol lets a server ignore `$/` notifications, but a `$/` request it does
        // not know must get "method not found"; tower-lsp-server drops those silently,
        // which would leave the client waiting forever.
        return match req.id() {
            Some(id) if req.method().starts_with("$/") => Err(error(
                serde_json::to_value(id).unwrap_or(Value::Null),
                -32601,
                &format!("Method not found: {}", req.method()),
            )),
            _ => Ok(()),
        };
    }
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(());
    }
    match serde_json::from_slice::<Value>(body) {
        Err(e) => Err(error(Value::Null, -32700, &format!("Parse error: {e}"))),
        Ok(v) => {
            let id = v
                .get("id")
                .filter(|i| i.is_string() || i.is_number())
                .cloned()
                .unwrap_or(Value::Null);
            Err(error(
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 request, notification or response",
            ))
        }
    }
}

/// Copies client input to the server, answering malformed messages on `errors`.
pub async fn pump_input<R, W>(input: R, mut to_server: W, errors: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::with_capacity(64 * 1024, input);
    loop {
        match read_frame(&mut r).await {
            Ok(Some(Frame::Body(body))) => match check(&body) {
                Ok(()) => {
                    if to_server.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                }
                Err(reply) => {
                    // Not the body itself: it may hold a document, and documents may
                    // hold secrets.
                    tracing::warn!(
                        "malformed message from the client ({} bytes), answered with an error",
                        body.len()
                    );
                    let _ = errors.send(reply);
                }
            },
            Ok(Some(Frame::BadHeader(why))) => {
                tracing::warn!("malformed message header: {why}");
                let _ = errors.send(error(Value::Null, -32700, &format!("Parse error: {why}")));
            }
            Ok(None) | Err(_) => {
                let _ = to_server.shutdown().await;
                return;
            }
        }
    }
}

/// Copies server output and this layer's error replies to the client, whole frames only.
pub async fn pump_output<R, W>(
    from_server: R,
    mut output: W,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::with_capacity(64 * 1024, from_server);
    loop {
        tokio::select! {
            frame_read = read_frame(&mut r) => match frame_read {
                Ok(Some(Frame::Body(body))) => {
                    if output.write_all(&frame(&body)).await.is_err() || output.flush().await.is_err() {
                        return;
                    }
                }
                Ok(Some(Frame::BadHeader(_))) => {}
                Ok(None) | Err(_) => {
                    while let Ok(e) = errors.try_recv() {
                        let _ = output.write_all(&e).await;
                    }
                    let _ = output.flush().await;
                    return;
                }
            },
            Some(e) = errors.recv() => {
                if output.write_all(&e).await.is_err() || output.flush().await.is_err() {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_messages() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"x"}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_ok());
        let e = check(b"{ nope").expect_err("parse error");
        assert!(String::from_utf8_lossy(&e).contains("-32700"));
        let e = check(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).expect_err("invalid");
        let s = String::from_utf8_lossy(&e);
        assert!(s.contains("-32600") && s.contains("\"id\":7"));
        assert!(check(b"[1,2]").is_err());
        let e = check(br#"{"jsonrpc":"2.0","id":"a","method":"$/unknown"}"#).expect_err("$/");
        let s = String::from_utf8_lossy(&e);
        assert!(s.contains("-32601") && s.contains("\"id\":\"a\""));
        assert!(
            check(br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#).is_ok()
        );
    }

    #[tokio::test]
    async fn reads_frames_and_bad_headers() {
        let data = b"Content-Length: 2\r\n\r\n{}Bogus\r\n\r\nContent-Length: 2\r\n\r\n[]";
        let mut r = BufReader::new(&data[..]);
        assert!(matches!(read_frame(&mut r).await, Ok(Some(Frame::Body(b))) if b == b"{}"));
        assert!(matches!(
            read_frame(&mut r).await,
            Ok(Some(Frame::BadHeader(_)))
        ));
        assert!(matches!(read_frame(&mut r).await, Ok(Some(Frame::Body(b))) if b == b"[]"));
        assert!(matches!(read_frame(&mut r).await, Ok(None)));
    }
}
