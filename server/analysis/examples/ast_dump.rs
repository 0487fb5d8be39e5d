#![allow(clippy::print_stdout)]
use std::io::Read;
fn main() {
    let mut text = String::new();
    let _ = std::io::stdin().read_to_string(&mut text);
    let df = dockls_syntax::parse(&text);
    for c in &df.comments { println!("comment {:?} {:?} dir={} inside={}", c.range, c.text, c.directive, c.inside_instruction); }
    for (i, ins) in df.instructions.iter().enumerate() { println!("#{i} {:?} range={:?} header={:?} comments={:?} args={:?}", ins.keyword, ins.range, ins.header, ins.comments, ins.args_text); }
    for s in &df.stages { println!("stage {:?}", s); }
}
