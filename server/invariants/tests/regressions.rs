//! Replays every saved input under `regressions/<target>/` through its fuzz target's checks:
//! the crashes the fuzzers found (kept after the fix) and hand-written hostile inputs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

#[test]
fn saved_inputs_pass_their_targets() {
    dockls_invariants::lsp::install_panic_counter();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (name, check) in dockls_invariants::targets::ALL {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let data = std::fs::read(&f).unwrap();
            replayed += 1;
            if let Err(e) = check(&data) {
                failures.push(format!(
                    "{name}/{}: {e}",
                    f.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(replayed > 0, "no saved inputs under {}", root.display());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
