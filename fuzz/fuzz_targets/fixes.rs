//! Every offered fix, suppression and refactoring applies and adds no syntax error; fix-all adds none and converges.
//! The checks live in `dockls_invariants::targets::fixes`, shared with the regression tests.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = dockls_invariants::targets::fixes(data) {
        panic!("{e}");
    }
});
