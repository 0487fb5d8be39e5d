use dockls_syntax::shell::ShellKind;
use dockls_syntax::{Body, CommandForm, Dockerfile, Instruction, Keyword, TextRange};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::practice::facts;

declare_rule! {
    /// ## What it does
    /// Reports a RUN that directly follows another RUN with the same flags when each of
    /// them runs a single command.
    ///
    /// ## Why is this bad?
    /// Every RUN adds a layer and a cache entry. A series of one-command RUNs (often an
    /// `apt-get update` in one and the install in the next) makes more layers than
    /// needed, and a file deleted in a later step still takes space in the earlier
    /// layer. Chaining the commands with `&&` in one RUN gives one layer.
    ///
    /// Comments and blank lines between the two RUNs do not separate them; any other
    /// instruction does, and so do different flags (a RUN with `--mount=type=cache` is
    /// not merged with one without it). RUNs with more than one command are left alone,
    /// as hadolint does, since splitting long chains is often deliberate for caching;
    /// test brackets (`[ -f x ]`) do not count as commands, and an exec-form RUN counts
    /// as one. In PowerShell and cmd stages (a `SHELL`, or a Windows base image) the
    /// statements are counted from the text: those separated by `;`, `|`, `&&`, `||`
    /// (and `&` in cmd) or following a closed `{ }` block, plus those of the `-Command`
    /// script of a `powershell`/`pwsh` call, so a RUN holding one statement in either
    /// shell counts as one command. Those RUNs get no fix: PowerShell 5 has no `&&`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN mkdir -p /app/data
    /// RUN chown -R 1000:1000 /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN mkdir -p /app/data \
    ///     && chown -R 1000:1000 /app
    /// ```
    ///
    /// ## Fix
    /// Joins the RUN to the previous one with `&&` and a line continuation. Unsafe: it
    /// changes the layers and what the build cache can reuse.
    pub struct ConsecutiveRun {
        code: "DK326",
        name: "consecutive-run",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3059"),
        buildkit: None,
        default_enabled: true,
    }
}

fn flags_key(df: &Dockerfile, ins: &Instruction) -> Vec<String> {
    let mut v: Vec<String> = ins
        .flags
        .iter()
        .map(|f| f.range.of(&df.text).to_string())
        .collect();
    v.sort();
    v
}

/// Edits that append `cur` to `prev` as `prev && \` + newline + indented `cur`.
fn merge(df: &Dockerfile, prev: &Instruction, cur: &Instruction) -> Option<Vec<Edit>> {
    if !prev.heredocs.is_empty() || !cur.heredocs.is_empty() {
        return None;
    }
    let (Some(CommandForm::Shell(p)), Some(CommandForm::Shell(c))) =
        (prev.command(), cur.command())
    else {
        return None;
    };
    let text = df.text.as_str();
    let piece = p.pieces.last()?;
    let trimmed = piece.of(text).trim_end();
    let end = piece.start + trimmed.len();
    let script = prev.shell.as_ref()?;
    let comment_at_end = script.tokens.iter().any(|(r, k)| {
        *k == dockls_syntax::shell::ShellToken::Comment && r.start < end && r.end >= end
    });
    if comment_at_end
        || trimmed.is_empty()
        || [";", "&", "|", "\\", "`"]
            .iter()
            .any(|s| trimmed.ends_with(s))
    {
        return None;
    }
    let idx = &df.line_index;
    let prev_line = idx.line_of(end);
    let line_end = idx.line_range(prev_line, text)?.end;
    let cur_line = idx.line_of(cur.keyword_range.start);
    let esc = df.escape;
    let mut edits = vec![Edit::replace(
        TextRange::new(end, line_end),
        format!(" && {esc}"),
    )];
    for line in prev_line + 1..cur_line {
        let r = idx.line_range(line, text)?;
        if r.of(text).trim().is_empty() {
            let next = idx.line_start(line + 1).unwrap_or(text.len());
            edits.push(Edit::delete(TextRange::new(r.start, next)));
        }
    }
    edits.push(Edit::replace(
        TextRange::new(cur.keyword_range.start, c.range.start),
        "    ",
    ));
    Some(edits)
}

/// The shell of a RUN without a shell view: the last SHELL before it in its stage or the
/// stages it is built on, else cmd on a Windows base image, else `/bin/sh`.
fn shell_at(cx: &Context<'_>, ins: &Instruction) -> ShellKind {
    let df = cx.df;
    let Some(index) = df.instructions.iter().position(|i| std::ptr::eq(i, ins)) else {
        return ShellKind::default_linux();
    };
    let Some(stage) = df.stage_of(index) else {
        return ShellKind::default_linux();
    };
    for s in df.lineage(stage.index) {
        let Some(st) = df.stages.get(s) else { continue };
        let last = st
            .instructions
            .clone()
            .rev()
            .filter(|i| s != stage.index || *i < index)
            .find_map(|i| match df.instructions.get(i).map(|x| &x.body) {
                Some(Body::Shell(Some(CommandForm::Exec { items, .. }))) => Some(items),
                _ => None,
            });
        if let Some(items) = last {
            let values: Vec<String> = items.iter().map(|w| w.value.clone()).collect();
            return ShellKind::from_items(&values);
        }
    }
    if facts::is_windows(cx, stage.index) {
        ShellKind::Cmd
    } else {
        ShellKind::default_linux()
    }
}

/// The number of statements of a PowerShell script: separated by `;`, `|`, `&&`, `||` or
/// a line break outside quotes and brackets, or following a closed `{ }` block that no
/// `else`/`catch`/... continues.
fn powershell_statements(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut current = false;
    let mut depth = 0usize;
    let mut after_block = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if after_block && depth == 0 && !c.is_whitespace() {
            after_block = false;
            let rest: String = chars[i..]
                .iter()
                .take(8)
                .collect::<String>()
                .to_ascii_lowercase();
            let continues = ["else", "catch", "finally", "while", "until"]
                .iter()
                .any(|k| rest.starts_with(k));
            if !continues && !matches!(c, ';' | '|' | '&' | ')' | '}') {
                count += usize::from(current);
                current = false;
            }
        }
        match c {
            '`' => i += 1,
            '\'' => {
                i += 1;
                while let Some(&q) = chars.get(i) {
                    if q == '\'' && chars.get(i + 1) != Some(&'\'') {
                        break;
                    }
                    i += if q == '\'' { 2 } else { 1 };
                }
            }
            '"' => {
                i += 1;
                while let Some(&q) = chars.get(i) {
                    if q == '"' {
                        break;
                    }
                    i += if q == '`' { 2 } else { 1 };
                }
            }
            '(' | '{' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '}' => {
                depth = depth.saturating_sub(1);
                after_block = depth == 0;
            }
            ';' | '|' | '\n' if depth == 0 => {
                count += usize::from(current);
                current = false;
                if c == '|' && chars.get(i + 1) == Some(&'|') {
                    i += 1;
                }
                i += 1;
                continue;
            }
            '&' if depth == 0 && chars.get(i + 1) == Some(&'&') => {
                count += usize::from(current);
                current = false;
                i += 2;
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            current = true;
        }
        i += 1;
    }
    count + usize::from(current)
}

/// The number of commands of a cmd line: separated by `&`, `&&`, `|` or `||` outside
/// quotes (`^` escapes a character). A `powershell`/`pwsh` call counts the statements of
/// its script.
fn cmd_statements(text: &str) -> usize {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '^' if !quoted => {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            '&' | '|' if !quoted => {
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                segments.push(std::mem::take(&mut current));
            }
            _ => current.push(c),
        }
    }
    segments.push(current);
    segments
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| powershell_call_statements(s.trim()).unwrap_or(1).max(1))
        .sum()
}

/// The statements of the script a cmd command runs when it calls PowerShell.
fn powershell_call_statements(command: &str) -> Option<usize> {
    let mut words = command.splitn(2, char::is_whitespace);
    let program = words
        .next()?
        .rsplit(['\\', '/'])
        .next()?
        .to_ascii_lowercase();
    let program = program.strip_suffix(".exe").unwrap_or(&program);
    if !matches!(program, "powershell" | "pwsh") {
        return None;
    }
    let mut rest = words.next().unwrap_or("").trim_start();
    // Options before the script; `-Command`/`-c` takes the rest of the line.
    while rest.starts_with('-') {
        let (opt, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        rest = after.trim_start();
        if matches!(opt.to_ascii_lowercase().as_str(), "-command" | "-c") {
            break;
        }
    }
    let script = rest
        .strip_prefix('"')
        .and_then(|r| r.trim_end().strip_suffix('"'))
        .unwrap_or(rest);
    Some(powershell_statements(script))
}

impl Rule for ConsecutiveRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        // The previous instruction when it is a RUN: (instruction, flags, command count).
        let mut prev: Option<(&Instruction, Vec<String>, usize)> = None;
        for (i, ins) in df.instructions.iter().enumerate() {
            // Stages are contiguous and a FROM ends the sequence: skipping the stages not
            // wanted leaves the others as they are.
            if !ins.is(Keyword::Run) || !cx.wants(i) {
                prev = None;
                continue;
            }
            let mut joiner = "&&";
            let count = match (ins.shell.as_ref(), ins.command()) {
                // Test brackets are conditions, not steps worth a layer of their own.
                (Some(script), _) => script
                    .commands
                    .iter()
                    .filter(|c| !matches!(c.program(), Some("[" | "[[")))
                    .count(),
                (None, Some(CommandForm::Exec { .. })) => 1,
                (None, Some(CommandForm::Shell(st))) => match shell_at(cx, ins) {
                    ShellKind::PowerShell => {
                        joiner = ";";
                        powershell_statements(&st.text)
                    }
                    ShellKind::Cmd => cmd_statements(&st.text),
                    // A shell dockls cannot read: unknown.
                    _ => {
                        prev = None;
                        continue;
                    }
                },
                _ => {
                    prev = None;
                    continue;
                }
            };
            let flags = flags_key(df, ins);
            if let Some((p, pflags, pcount)) = &prev {
                if *pflags == flags && *pcount == 1 && count == 1 {
                    let d = out.report(
                        ins.keyword_range,
                        format!("this RUN directly follows another one-command RUN, adding a layer for each; join them with `{joiner}` in a single RUN"),
                    );
                    d.related(p.keyword_range, "the previous RUN");
                    if let Some(edits) = merge(df, p, ins) {
                        d.fix(Fix::unsafe_("Join with the previous RUN", edits));
                    }
                }
            }
            prev = Some((ins, flags, count));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cmd_statements, powershell_statements};

    #[test]
    fn counts_powershell_statements() {
        assert_eq!(powershell_statements("mkdir C:\\target"), 1);
        assert_eq!(powershell_statements("$a = \"x;y\" ; Write-Host $a"), 2);
        assert_eq!(powershell_statements("if ($x) { a; b } else { c }"), 1);
        assert_eq!(powershell_statements("Function F() { a; b }   F"), 2);
        assert_eq!(
            powershell_statements("busybox.exe --list |%{ mklink $_ }"),
            2
        );
        assert_eq!(powershell_statements("&$Env:windir\\ngen update"), 1);
        assert_eq!(powershell_statements("Write-Host 'it''s; fine'"), 1);
    }

    #[test]
    fn counts_cmd_commands() {
        assert_eq!(cmd_statements("setx /M PATH \"C:\\bin;%PATH%\""), 1);
        assert_eq!(cmd_statements("mkdir a && mkdir b"), 2);
        assert_eq!(cmd_statements("powershell busybox.exe --list ^|%{ x }"), 2);
        assert_eq!(cmd_statements("powershell -Command \"a; b; c\""), 3);
        assert_eq!(cmd_statements("powershell if (x) { throw 'y' }"), 1);
        assert_eq!(cmd_statements("curl -fsSL -o c:\\x https://e/x"), 1);
    }
}
