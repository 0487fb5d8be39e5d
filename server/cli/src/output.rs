//! Printing findings: `human` (file:line:col, code, message, the source line with a caret
//! underline; colour only on a terminal) and `json` (one array; a stable contract).

use std::io::{self, Write};

use dockls_analysis::diagnostic::{Diagnostic, Severity};
use dockls_analysis::rule::Fixable;
use dockls_syntax::LineIndex;

use crate::check::Checked;

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

pub fn pos(text: &str, idx: &LineIndex, offset: usize) -> Pos {
    let lc = idx.line_col(offset);
    let start = idx.line_start(lc.line).unwrap_or(0);
    let column = text
        .get(start..start + lc.col)
        .map_or(lc.col, |s| s.chars().count())
        + 1;
    Pos {
        line: lc.line + 1,
        column,
    }
}

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
        Severity::Hint => "1;34",
    }
}

pub fn human(checked: &[Checked], color: bool) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let mut counts = [0usize; 4];
    let mut files_with = 0;
    for c in checked {
        if !c.diagnostics.is_empty() {
            files_with += 1;
        }
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            counts[d.severity as usize] += 1;
            let s = pos(&c.text, &idx, d.range.start);
            let name = d
                .rule()
                .map(|m| format!(" [{}]", m.name))
                .unwrap_or_default();
            writeln!(
                out,
                "{}:{}:{}: {} {}: {}{}",
                paint(color, "1", &c.display),
                s.line,
                s.column,
                paint(color, "1", d.code),
                paint(color, severity_color(d.severity), d.severity.as_str()),
                d.message,
                paint(color, "2", &name),
            )?;
            let lc = idx.line_col(d.range.start);
            if let Some(r) = idx.line_range(lc.line, &c.text) {
                let line = r.of(&c.text);
                let gutter = format!("{}", s.line);
                let pad = " ".repeat(gutter.len());
                let end_on_line = d.range.end.min(r.end).max(d.range.start);
                let width = c
                    .text
                    .get(d.range.start..end_on_line)
                    .map_or(1, |t| t.chars().count())
                    .max(1);
                writeln!(out, "{pad} {}", paint(color, "34", "|"))?;
                writeln!(
                    out,
                    "{} {} {}",
                    paint(color, "34", &gutter),
                    paint(color, "34", "|"),
                    line.replace('\t', " ")
                )?;
                writeln!(
                    out,
                    "{pad} {} {}{}",
                    paint(color, "34", "|"),
                    " ".repeat(s.column - 1),
                    paint(color, severity_color(d.severity), &"^".repeat(width))
                )?;
            }
        }
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        writeln!(
            out,
            "No problems found in {} file{}.",
            checked.len(),
            if checked.len() == 1 { "" } else { "s" }
        )?;
    } else {
        writeln!(
            out,
            "Found {total} problem{} ({} error{}, {} warning{}, {} info, {} hint{}) in {files_with} of {} file{}.",
            if total == 1 { "" } else { "s" },
            counts[Severity::Error as usize],
            if counts[Severity::Error as usize] == 1 { "" } else { "s" },
            counts[Severity::Warning as usize],
            if counts[Severity::Warning as usize] == 1 { "" } else { "s" },
            counts[Severity::Info as usize],
            counts[Severity::Hint as usize],
            if counts[Severity::Hint as usize] == 1 { "" } else { "s" },
            checked.len(),
            if checked.len() == 1 { "" } else { "s" },
        )?;
    }
    Ok(())
}

/// The JSON object of one finding.
pub fn finding(file: &str, text: &str, idx: &LineIndex, d: &Diagnostic) -> serde_json::Value {
    let meta = d.rule();
    let s = pos(text, idx, d.range.start);
    let e = pos(text, idx, d.range.end);
    serde_json::json!({
        "file": file,
        "code": d.code,
        "name": meta.map(|m| m.name),
        "severity": d.severity.as_str(),
        "message": d.message,
        "category": meta.map(|m| m.category.as_str()).or_else(|| d.code.starts_with("config-").then_some("config")),
        "aliases": meta.map(|m| m.aliases()).unwrap_or_default(),
        "range": {
            "start": { "line": s.line, "column": s.column },
            "end": { "line": e.line, "column": e.column },
        },
        "fixable": meta.is_some_and(|m| m.fixable != Fixable::No) && !d.fixes.is_empty(),
        "url": meta.map(|m| m.url()),
    })
}

pub fn json(checked: &[Checked]) -> io::Result<()> {
    let mut items = Vec::new();
    for c in checked {
        let idx = LineIndex::new(&c.text);
        items.extend(
            c.diagnostics
                .iter()
                .map(|d| finding(&c.display, &c.text, &idx, d)),
        );
    }
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &items).map_err(io::Error::other)?;
    writeln!(out)
}
