use dockls_syntax::{CommandForm, Dockerfile, Instruction, Keyword, TextRange};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Sink};

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
    /// as one. RUNs in PowerShell or cmd are not checked, since dockls does not parse
    /// those shells.
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

impl Rule for ConsecutiveRun {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        // The previous instruction when it is a RUN: (instruction, flags, command count).
        let mut prev: Option<(&Instruction, Vec<String>, usize)> = None;
        for ins in &df.instructions {
            if !ins.is(Keyword::Run) {
                prev = None;
                continue;
            }
            let count = match (ins.shell.as_ref(), ins.command()) {
                // Test brackets are conditions, not steps worth a layer of their own.
                (Some(script), _) => script
                    .commands
                    .iter()
                    .filter(|c| !matches!(c.program(), Some("[" | "[[")))
                    .count(),
                (None, Some(CommandForm::Exec { .. })) => 1,
                // A shell dockls cannot read (PowerShell, cmd): unknown.
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
                        "this RUN directly follows another one-command RUN, adding a layer for each; join them with `&&` in a single RUN",
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
