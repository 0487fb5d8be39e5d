//! Prints the shell view of every instruction of a Dockerfile (development aid).
#![allow(clippy::print_stderr, clippy::print_stdout)]
use std::io::Read;

fn main() {
    let mut text = String::new();
    let _ = std::io::stdin().read_to_string(&mut text);
    let df = dockls_syntax::parse(&text);
    for (i, ins) in df.instructions.iter().enumerate() {
        let ins = ins.effective();
        let Some(sh) = &ins.shell else { continue };
        eprintln!(
            "#{i} {:?} kind={:?} src={:?} pipe={} err={} ranges={:?}",
            ins.keyword, sh.kind, sh.source, sh.has_pipe, sh.has_errors, sh.ranges
        );
        for c in &sh.commands {
            eprintln!(
                "  {:?} [{}] pipe={} nested={} assigns={:?} redirects={:?}",
                c.name.as_ref().map(|n| &n.value),
                c.args
                    .iter()
                    .map(|a| format!(
                        "{}@{}..{}{}",
                        a.value,
                        a.range.start,
                        a.range.end,
                        if a.is_static { "" } else { "~" }
                    ))
                    .collect::<Vec<_>>()
                    .join(" "),
                c.in_pipeline,
                c.nested,
                c.assignments,
                c.redirects
                    .iter()
                    .map(|r| (&r.operator, r.target.as_ref().map(|t| &t.value)))
                    .collect::<Vec<_>>()
            );
        }
    }
}
