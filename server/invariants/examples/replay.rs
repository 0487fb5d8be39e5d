//! Replays saved inputs through a fuzz target's checks and prints the outcome; for the
//! `lsp` target it prints the decoded session first.
//!
//! `cargo run -p dockls-invariants --example replay -- TARGET FILE...`

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use arbitrary::{Arbitrary, Unstructured};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((target, files)) = args.split_first() else {
        eprintln!("usage: replay TARGET FILE...");
        std::process::exit(2);
    };
    let Some((_, check)) = dockls_invariants::targets::ALL
        .iter()
        .find(|(n, _)| n == target)
    else {
        eprintln!("unknown target {target}");
        std::process::exit(2);
    };
    dockls_invariants::lsp::install_panic_counter();
    let mut failed = false;
    for f in files {
        let data = std::fs::read(f).unwrap();
        if target == "lsp" || std::env::var_os("REPLAY_SHOW").is_some() {
            match dockls_invariants::lsp::Session::arbitrary_take_rest(Unstructured::new(&data)) {
                Ok(s) if target == "lsp" => println!("{s:#?}"),
                _ => println!("{:?}", String::from_utf8_lossy(&data)),
            }
        }
        let started = std::time::Instant::now();
        match check(&data) {
            Ok(()) => println!("{f}: ok ({:?})", started.elapsed()),
            Err(e) => {
                failed = true;
                println!("{f}: FAILED ({:?})\n{e}", started.elapsed());
            }
        }
    }
    std::process::exit(i32::from(failed));
}
