//! Parse and analysis of arbitrary bytes, and every editor feature over the result.

use std::time::{Duration, Instant};

use dockls_analysis::ide::{self, completion::CompletionConfig};
use dockls_analysis::{analyze, MemoryFiles, Settings};
use dockls_lsp::convert::{Encoding, Lines};
use dockls_syntax::{Dockerfile, TextRange};

use crate::text::{check_range, is_internal_error, probe_offsets};

/// Measures the time this thread spends on the CPU, where Linux tells it
/// (`/proc/thread-self/stat`, in clock ticks of 10 ms), else wall time. A fuzzer runs at the
/// lowest priority and a loaded machine can hold it off the CPU for seconds; that must not
/// look like a slow analysis.
struct ThreadClock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl ThreadClock {
    fn start() -> Self {
        Self {
            wall: Instant::now(),
            cpu: thread_cpu_time(),
        }
    }

    fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => self.wall.elapsed(),
        }
    }
}

fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name (which may hold spaces), from field 3 on.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    // USER_HZ is 100 on every Linux architecture dockls builds for.
    Some(Duration::from_millis((user + system) * 10))
}

/// How long one input may take: a fixed allowance plus a per-byte one. Generous on purpose
/// (fuzzing builds carry sanitizers and coverage counters): it catches loops that do not
/// end and work that grows much faster than the input, not constant factors.
pub fn time_bound(len: usize) -> Duration {
    Duration::from_secs(2) + Duration::from_micros(200) * (len as u32)
}

/// Parses and analyses `data` (split into a Dockerfile and project files by
/// [`crate::split_input`]) with every rule, asks every editor feature about it at a
/// spread of offsets, and checks the answers.
pub fn check_bytes(data: &[u8]) -> Result<(), String> {
    let (text, files) = crate::split_input(data);
    let started = ThreadClock::start();
    check_text(&text, &files, &crate::all_rules())?;
    let took = started.elapsed();
    let bound = time_bound(data.len());
    if took > bound {
        return Err(format!(
            "analysis of {} bytes took {took:?} (bound {bound:?})",
            data.len()
        ));
    }
    Ok(())
}

/// The checks of [`check_bytes`] on text.
pub fn check_text(text: &str, files: &MemoryFiles, settings: &Settings) -> Result<(), String> {
    let analysis = analyze(text, settings, files, Some("Dockerfile"));
    let df = &analysis.dockerfile;
    if df.text != text {
        return Err("the parsed document does not hold the text it was given".into());
    }
    for e in &df.errors {
        check_range(text, e.range, &format!("syntax error {:?}", e.kind))?;
    }
    for ins in &df.instructions {
        check_range(text, ins.range, "instruction")?;
    }
    for d in &analysis.diagnostics {
        if is_internal_error(d) {
            return Err(format!("{}: {}", d.code, d.message));
        }
        check_range(text, d.range, d.code)?;
        for r in &d.related {
            check_range(text, r.range, &format!("{} related", d.code))?;
        }
        for f in &d.fixes {
            for e in &f.edits {
                check_range(text, e.range, &format!("{} fix {:?}", d.code, f.title))?;
            }
        }
    }
    check_ide(df)?;
    check_positions(text)?;
    Ok(())
}

/// Every editor feature at a spread of offsets: answers stay inside the text.
pub fn check_ide(df: &Dockerfile) -> Result<(), String> {
    let text = df.text.as_str();
    let tree = dockls_syntax::tree::SyntaxTree::new(text);
    let whole = TextRange::new(0, text.len());
    for t in ide::semantic_tokens::semantic_tokens(df, tree.tree(), None, true) {
        check_range(text, t.range, "semantic token")?;
    }
    for t in ide::semantic_tokens::semantic_tokens(df, None, Some(whole), false) {
        check_range(text, t.range, "semantic token")?;
    }
    for f in ide::folding::folding_ranges(df) {
        check_range(text, f.range, "folding range")?;
        if f.start_line > f.end_line {
            return Err(format!(
                "folding range ends (line {}) before it starts (line {})",
                f.end_line, f.start_line
            ));
        }
    }
    fn symbols(text: &str, s: &[ide::symbols::Symbol]) -> Result<(), String> {
        for s in s {
            check_range(text, s.range, "symbol")?;
            check_range(text, s.selection, "symbol selection")?;
            if s.name.is_empty() {
                return Err("a symbol without a name".into());
            }
            symbols(text, &s.children)?;
        }
        Ok(())
    }
    symbols(text, &ide::symbols::document_symbols(df))?;
    for q in ["", "a", "FROM"] {
        for s in ide::symbols::workspace_symbols(df, q) {
            check_range(text, s.range, "workspace symbol")?;
        }
    }
    for l in ide::links::document_links(df) {
        check_range(text, l.range, "document link")?;
    }
    for h in ide::inlay::inlay_hints(df, whole) {
        check_range(text, TextRange::empty(h.offset), "inlay hint")?;
    }
    for offset in probe_offsets(text, 16) {
        at_offset(df, offset)?;
    }
    Ok(())
}

fn at_offset(df: &Dockerfile, offset: usize) -> Result<(), String> {
    let text = df.text.as_str();
    let what = |f: &str| format!("{f} at {offset}");
    for (snippets, trigger) in [(true, None), (false, Some('$')), (true, Some('-'))] {
        {
            let cfg = CompletionConfig { snippets, trigger };
            for item in ide::completion::completions(df, offset, &cfg) {
                check_range(text, item.range, &what("completion"))?;
                for (r, _) in &item.additional {
                    check_range(text, *r, &what("completion additional edit"))?;
                }
            }
        }
    }
    if let Some(h) = ide::hover::hover(df, offset) {
        check_range(text, h.range, &what("hover"))?;
    }
    let _ = ide::signature::signature_help(df, offset);
    for r in ide::navigation::definition(df, offset) {
        check_range(text, r, &what("definition"))?;
    }
    for r in ide::navigation::references(df, offset, true) {
        check_range(text, r, &what("reference"))?;
    }
    for (r, _) in ide::navigation::highlights(df, offset) {
        check_range(text, r, &what("highlight"))?;
    }
    if let Ok(Some(t)) = ide::navigation::prepare_rename(df, offset) {
        check_range(text, t.range, &what("rename target"))?;
    }
    if let Ok(edits) = ide::navigation::rename(df, offset, "NEW_NAME") {
        for e in &edits {
            check_range(text, e.range, &what("rename edit"))?;
        }
        if dockls_analysis::diagnostic::apply_edits(text, &edits).is_none() {
            return Err(what("rename edits overlap"));
        }
    }
    let mut prev: Option<TextRange> = None;
    for r in ide::selection::selection_ranges(df, offset) {
        check_range(text, r, &what("selection range"))?;
        if let Some(p) = prev {
            if !r.contains_range(p) {
                return Err(what(&format!(
                    "selection range {}..{} does not contain the one inside it {}..{}",
                    r.start, r.end, p.start, p.end
                )));
            }
        }
        prev = Some(r);
    }
    let local = TextRange::new(offset.saturating_sub(40), offset);
    let local = TextRange::new(floor(text, local.start), local.end);
    for t in ide::semantic_tokens::semantic_tokens(df, None, Some(local), false) {
        check_range(text, t.range, &what("semantic token in a range"))?;
    }
    Ok(())
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// LSP positions: every character boundary converts to a position and back to itself in
/// both encodings, and positions are ordered like offsets.
pub fn check_positions(text: &str) -> Result<(), String> {
    let lines = Lines::new(text);
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let mut last = None;
        let mut at = 0;
        loop {
            let pos = lines.position(text, at, enc);
            let back = lines.offset(text, pos, enc);
            // A position cannot point between `\r` and `\n`.
            let inside_crlf = at > 0
                && text.as_bytes().get(at - 1) == Some(&b'\r')
                && text.as_bytes().get(at) == Some(&b'\n');
            if back != at && !inside_crlf {
                return Err(format!(
                    "{enc:?}: offset {at} -> {}:{} -> offset {back}",
                    pos.line, pos.character
                ));
            }
            if let Some(l) = last {
                if (pos.line, pos.character) < l {
                    return Err(format!("{enc:?}: positions go backwards at offset {at}"));
                }
            }
            last = Some((pos.line, pos.character));
            if at >= text.len() {
                break;
            }
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    Ok(())
}
