//! Prints the syntax errors of each file given on the command line.
#![allow(clippy::print_stdout)]
fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let df = dockls_syntax::parse(&text);
        for e in &df.errors {
            let lc = df.line_index.line_col(e.range.start);
            println!(
                "{}:{}:{}: {:?} {:?}: {}",
                path.rsplit('/').next().unwrap_or(&path),
                lc.line + 1,
                lc.col + 1,
                e.severity,
                e.kind,
                e.message
            );
        }
    }
}
