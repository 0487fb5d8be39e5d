//! Parses a file N times: `cargo run --release -p dockls-syntax --example parse_bench -- FILE N`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let text = std::fs::read_to_string(path).unwrap();
    let t = std::time::Instant::now();
    let mut k = 0;
    for _ in 0..n {
        k += dockls_syntax::parse(&text).instructions.len();
    }
    println!("{:?} per parse ({k})", t.elapsed() / n as u32);
}
