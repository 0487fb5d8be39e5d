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

/// Standard output, buffered: a report is written in many small pieces, and an
/// unbuffered (line-buffered) stdout makes each line a system call. Flushed when dropped.
fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

pub fn human(checked: &[Checked], color: bool) -> io::Result<()> {
    let mut out = stdout();
    let mut counts = [0usize; 4];
    let mut files_with = 0;
    for c in checked {
        if !c.diagnostics.is_empty() {
            files_with += 1;
        }
        let idx = LineIndex::new(&c.text);
        // The excerpts never show a secret in full (the masked text keeps its offsets).
        let shown = match &c.dockerfile {
            Some(df) if !c.diagnostics.is_empty() => {
                use dockls_analysis::redact::{redact, secret_ranges};
                redact(&c.text, &secret_ranges(df))
            }
            _ => c.text.clone(),
        };
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
                let line = r.of(&shown);
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
pub fn finding(
    file: &str,
    text: &str,
    idx: &LineIndex,
    df: Option<&dockls_syntax::Dockerfile>,
    d: &Diagnostic,
) -> serde_json::Value {
    let meta = d.rule();
    let instruction = df
        .and_then(|df| {
            df.instruction_at(d.range.start)
                .and_then(|i| df.instructions.get(i))
        })
        .filter(|ins| ins.range.touches(d.range.start))
        .map(|ins| serde_json::json!({ "line": idx.line_of(ins.range.start) + 1 }));
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
        "instruction": instruction,
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
                .map(|d| finding(&c.display, &c.text, &idx, c.dockerfile.as_ref(), d)),
        );
    }
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, &items).map_err(io::Error::other)?;
    writeln!(out)
}

/// Every finding with its file, text and line index, in output order.
fn all(checked: &[Checked]) -> Vec<(&Checked, LineIndex, &Diagnostic)> {
    let mut out = Vec::new();
    for c in checked {
        for d in &c.diagnostics {
            out.push((c, LineIndex::new(&c.text), d));
        }
    }
    out
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// SARIF 2.1.0, with the metadata of every rule, for code scanning.
pub fn sarif(checked: &[Checked]) -> io::Result<()> {
    let metas = dockls_analysis::registry::all_meta();
    let rules: Vec<serde_json::Value> = metas
        .iter()
        .map(|m| {
            let docs = dockls_analysis::rule::markdown(m.docs);
            serde_json::json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary() },
                "fullDescription": { "text": dockls_analysis::rule::section(m.docs, "Why is this bad?").unwrap_or_default() },
                "helpUri": m.url(),
                "help": { "text": docs, "markdown": docs },
                "defaultConfiguration": { "level": sarif_level(m.severity), "enabled": m.default_enabled },
                "properties": { "tags": [m.category.as_str()], "aliases": m.aliases() },
            })
        })
        .collect();
    let mut results = Vec::new();
    for (c, idx, d) in all(checked) {
        let s = pos(&c.text, &idx, d.range.start);
        let e = pos(&c.text, &idx, d.range.end);
        let mut result = serde_json::json!({
            "ruleId": d.code,
            "level": sarif_level(d.severity),
            "message": { "text": d.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": c.display.replace('\\', "/") },
                    "region": { "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column },
                },
            }],
        });
        if let Some(i) = metas.iter().position(|m| m.code == d.code) {
            result["ruleIndex"] = serde_json::json!(i);
        }
        results.push(result);
    }
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "dockls",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/dockls/dockls",
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one `::error ...::message` line per finding.
pub fn github(checked: &[Checked]) -> io::Result<()> {
    let mut out = stdout();
    for (c, idx, d) in all(checked) {
        let s = pos(&c.text, &idx, d.range.start);
        let e = pos(&c.text, &idx, d.range.end);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let title = match d.rule() {
            Some(m) => format!("{} ({})", d.code, m.name),
            None => d.code.to_string(),
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            gh_escape_property(&c.display),
            s.line,
            s.column,
            e.line,
            e.column,
            gh_escape_property(&title),
            gh_escape_data(&d.message)
        )?;
    }
    Ok(())
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Checkstyle XML, grouped by file.
pub fn checkstyle(checked: &[Checked]) -> io::Result<()> {
    let mut out = stdout();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<checkstyle version=\"4.3\">")?;
    for c in checked {
        writeln!(out, "  <file name=\"{}\">", xml_escape(&c.display))?;
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let s = pos(&c.text, &idx, d.range.start);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "info",
            };
            writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"dockls.{}\"/>",
                s.line,
                s.column,
                xml_escape(&d.message),
                xml_escape(d.code)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

/// A stable 128-bit fingerprint (two FNV-1a passes) as hex.
fn fingerprint(parts: &[&str]) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for p in parts {
        for byte in p.bytes().chain(std::iter::once(0)) {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(byte))
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(5);
        }
    }
    format!("{a:016x}{b:016x}")
}

/// GitLab Code Quality report (an array of issues).
pub fn gitlab(checked: &[Checked]) -> io::Result<()> {
    let mut items = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (c, idx, d) in all(checked) {
        let s = pos(&c.text, &idx, d.range.start);
        let e = pos(&c.text, &idx, d.range.end);
        let line_text = idx
            .line_range(s.line - 1, &c.text)
            .map(|r| r.of(&c.text))
            .unwrap_or("");
        let base = fingerprint(&[&c.display, d.code, &d.message, line_text.trim()]);
        // Identical findings on identical lines still need distinct fingerprints.
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let fp = if *n == 1 {
            base
        } else {
            fingerprint(&[&base, &n.to_string()])
        };
        let severity = match d.severity {
            Severity::Error => "critical",
            Severity::Warning => "major",
            Severity::Info => "minor",
            Severity::Hint => "info",
        };
        items.push(serde_json::json!({
            "description": format!("{}: {}", d.code, d.message),
            "check_name": d.rule().map_or(d.code, |m| m.name),
            "fingerprint": fp,
            "severity": severity,
            "location": { "path": c.display, "lines": { "begin": s.line, "end": e.line } },
        }));
    }
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, &items).map_err(io::Error::other)?;
    writeln!(out)
}

/// hadolint's `-f json` shape (with real columns), for tools that already parse it.
pub fn hadolint_json(checked: &[Checked]) -> io::Result<()> {
    let mut items = Vec::new();
    for (c, idx, d) in all(checked) {
        let s = pos(&c.text, &idx, d.range.start);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "style",
        };
        let code = d.rule().and_then(|m| m.hadolint).unwrap_or(d.code);
        items.push(serde_json::json!({
            "code": code, "column": s.column, "file": c.display, "level": level, "line": s.line, "message": d.message,
        }));
    }
    let mut out = stdout();
    serde_json::to_writer(&mut out, &items).map_err(io::Error::other)?;
    writeln!(out)
}
