//! Formatting keeps what the builder reads and the syntax errors, and is idempotent; range and on-type formatting stay in bounds.
//! The checks live in `dockls_invariants::targets::format`, shared with the regression tests.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dockls_invariants::targets::format(data) {
        panic!("{e}");
    }
});
