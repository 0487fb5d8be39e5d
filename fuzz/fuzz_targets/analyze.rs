//! Parse and analysis of arbitrary bytes (every rule, preview included) and every editor feature over the result: no panic, answers in bounds, positions round-trip, time proportional to the input.
//! The checks live in `dockls_invariants::targets::analyze`, shared with the regression tests.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dockls_invariants::targets::analyze(data) {
        panic!("{e}");
    }
});
