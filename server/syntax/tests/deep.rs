//! Deeply nested and very long input parses without exhausting the stack. Test threads have
//! 2 MiB of stack, like the language server's blocking threads; the inputs nest 20,000
//! levels. Found with the hostile-input tests (RELIABILITY.md): each of these used to
//! overflow the stack and abort the process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dockls_syntax::{parse, Body, Keyword};

const N: usize = 20_000;

fn shell_commands(text: &str) -> usize {
    let df = parse(text);
    df.instructions
        .iter()
        .filter_map(|i| i.shell.as_ref())
        .map(|s| s.commands.len())
        .sum()
}

#[test]
fn a_long_and_chain_keeps_every_command_in_order() {
    let text = format!("FROM alpine\nRUN true{}\n", " && echo x".repeat(N));
    let df = parse(&text);
    let sh = df.instructions[1].shell.as_ref().expect("shell view");
    assert_eq!(sh.commands.len(), N + 1);
    assert!(sh
        .commands
        .windows(2)
        .all(|w| w[0].range.start < w[1].range.start));
    assert_eq!(sh.commands[0].name.as_ref().unwrap().value, "true");
    let continued = format!(
        "FROM alpine\nRUN true \\\n{}  && true\n",
        "  && echo x \\\n".repeat(N)
    );
    assert_eq!(shell_commands(&continued), N + 2);
}

#[test]
fn deep_nesting_is_cut_off_not_a_crash() {
    let cases = [
        format!("RUN {}true{}", "(".repeat(N), ")".repeat(N)),
        format!("RUN {}true; {}", "{ ".repeat(N), "}; ".repeat(N)),
        format!("RUN echo {}x{}", "$(echo ".repeat(N), ")".repeat(N)),
        format!("RUN echo \"{}x{}\"", "${a:-".repeat(N), "}".repeat(N)),
        format!("RUN {}true{}", "if true; then ".repeat(N), "; fi".repeat(N)),
        format!("RUN echo $(({}1{}))", "(".repeat(N), ")".repeat(N)),
        format!("RUN echo {}x{}", "\"$(echo ".repeat(N), ")\"".repeat(N)),
    ];
    for body in cases {
        // Commands nested deeper than the shell view follows are left out of it.
        let text = format!("FROM alpine\n{body}\n");
        let df = parse(&text);
        assert_eq!(df.instructions.len(), 2);
        assert!(df.instructions[1].shell.is_some());
    }
}

#[test]
fn an_onbuild_chain_is_one_error() {
    let text = format!("FROM alpine\n{}RUN true\n", "ONBUILD ".repeat(N));
    let df = parse(&text);
    let ins = &df.instructions[1];
    assert_eq!(ins.keyword, Some(Keyword::Onbuild));
    match &ins.body {
        Body::Onbuild(Some(inner)) => assert_eq!(inner.keyword, Some(Keyword::Onbuild)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        df.errors
            .iter()
            .filter(|e| e.kind == dockls_syntax::SyntaxErrorKind::InvalidOnbuild)
            .count(),
        1
    );
}

#[test]
fn thousands_of_heredocs_on_one_line_take_bounded_time() {
    // tree-sitter-bash's scanner is quadratic in the heredoc markers of one line; the
    // parse gets a time budget in proportion to the script's length.
    let n = 20_000;
    let mut text = String::from("FROM alpine\nRUN");
    for i in 0..n {
        text.push_str(&format!(" <<E{i}"));
    }
    text.push('\n');
    for i in 0..n {
        text.push_str(&format!("x\nE{i}\n"));
    }
    let started = std::time::Instant::now();
    let df = parse(&text);
    assert_eq!(df.instructions[1].heredocs.len(), n);
    let budget =
        std::time::Duration::from_micros(dockls_syntax::shell::bash_budget_micros(text.len()));
    // The budget plus the (linear) rest of the parse, generously.
    assert!(
        started.elapsed() < budget * 2 + std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
