//! The language server under any sequence of JSON-RPC messages: every request answered once, never an internal error, each document's text equal to the client's, and the server stops when its input ends.
//! The checks live in `dockls_invariants::targets::lsp`, shared with the regression tests.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dockls_invariants::targets::lsp(data) {
        panic!("{e}");
    }
});
