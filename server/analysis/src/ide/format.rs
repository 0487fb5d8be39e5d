//! The formatter. It changes whitespace and keyword case only, never what the builder
//! reads:
//!
//! - Keywords (and `AS`, HEALTHCHECK's `CMD`/`NONE`, ONBUILD's trigger) take one case:
//!   `formatter.keyword-case` = `upper` (default), `lower`, or `majority` (the case most
//!   instructions of the file already use; ties go to upper).
//! - Instructions start at column 0; trailing whitespace goes; whitespace-only lines
//!   become empty; the file ends with a line break.
//! - A one-line instruction gets single spaces between keyword, flags and arguments
//!   (where the arguments are a word list: FROM, COPY, ADD, ARG, ENV, LABEL, EXPOSE,
//!   VOLUME, HEALTHCHECK's type) and JSON arrays are written `["a", "b"]`. Shell-form
//!   commands and single-value arguments (USER, WORKDIR, ...) keep their inner spacing.
//! - Continued instructions keep their line layout. Their continuation lines are
//!   re-indented only when the indentation is missing or is flat but arbitrary:
//!   1. a continuation line at column 0 takes the indentation of the continuation line
//!      above it, or one unit (`formatter.indent-width` spaces) when there is none;
//!   2. then, if every continuation line has the same indentation, that indentation is
//!      replaced by one unit, unless it contains a tab or lines the text up under a word
//!      of the first line (hand alignment, e.g. under the first argument);
//!   3. any other layout (nested or varying indentation) is the author's and is kept.
//!
//!   When the instruction itself is indented, its continuation lines move left with it.
//!   `formatter.ignore-multiline-instructions` leaves continued instructions untouched.
//! - Heredoc bodies and terminators, parser directives and the text of comments are never
//!   changed (comments outside instructions move to column 0).
//!
//! Every result is checked: the formatted file is parsed again and each instruction must
//! read exactly as before (keyword, flags, arguments, shell text up to whitespace between
//! words, heredocs); an instruction that would change is formatted conservatively (case,
//! indentation of its first line and trailing whitespace only), or left alone.

use dockls_syntax::{Body, CommandForm, Dockerfile, HealthcheckArgs, Instruction, TextRange, Word};

use crate::diagnostic::Edit;
use crate::settings::FormatterSettings;

/// Applies non-overlapping edits to `text` (edits that overlap an earlier one are skipped).
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at || e.range.end > text.len() {
            continue;
        }
        out.push_str(text.get(at..e.range.start).unwrap_or(""));
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
}

impl Case {
    fn apply(self, s: &str) -> String {
        match self {
            Case::Upper => s.to_ascii_uppercase(),
            Case::Lower => s.to_ascii_lowercase(),
        }
    }
}

fn keyword_case(df: &Dockerfile, setting: &str) -> Case {
    match setting.to_ascii_lowercase().as_str() {
        "lower" | "lowercase" => Case::Lower,
        "majority" => {
            let (mut upper, mut lower) = (0usize, 0usize);
            for ins in &df.instructions {
                if ins.keyword.is_none() {
                    continue;
                }
                let k = &ins.keyword_text;
                if k.chars().all(|c| !c.is_ascii_lowercase()) {
                    upper += 1;
                } else if k.chars().all(|c| !c.is_ascii_uppercase()) {
                    lower += 1;
                }
            }
            if lower > upper {
                Case::Lower
            } else {
                Case::Upper
            }
        }
        _ => Case::Upper,
    }
}

/// The keyword-like words of an instruction whose case follows the setting.
fn case_ranges(ins: &Instruction, out: &mut Vec<TextRange>) {
    if ins.keyword.is_none() {
        return;
    }
    out.push(ins.keyword_range);
    match &ins.body {
        Body::From(f) => {
            if let Some(a) = f
                .as_keyword
                .as_ref()
                .filter(|a| a.raw.eq_ignore_ascii_case("as"))
            {
                out.push(a.range);
            }
        }
        Body::Healthcheck(
            HealthcheckArgs::None { keyword, .. } | HealthcheckArgs::Cmd { keyword, .. },
        ) => out.push(keyword.range),
        Body::Onbuild(Some(inner)) => case_ranges(inner, out),
        _ => {}
    }
}

fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

fn leading_ws(s: &str) -> &str {
    &s[..s.len() - s.trim_start().len()]
}

/// The non-whitespace characters of `s`, lowercased: what formatting must preserve.
fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
}

struct Formatter<'a> {
    df: &'a Dockerfile,
    text: &'a str,
    settings: &'a FormatterSettings,
    case: Case,
    unit: String,
}

/// How much an instruction may be changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Full,
    /// Keyword case, first-line indentation and trailing whitespace only.
    Conservative,
}

impl<'a> Formatter<'a> {
    fn line(&self, l: usize) -> TextRange {
        self.df
            .line_index
            .line_range(l, self.text)
            .unwrap_or(TextRange::empty(self.text.len()))
    }

    /// A line's content, without a BOM at the start of the file.
    fn content(&self, l: usize) -> TextRange {
        let r = self.line(l);
        if l == 0 && self.df.bom {
            TextRange::new((r.start + 3).min(r.end), r.end)
        } else {
            r
        }
    }

    fn word(&self, w: &Word) -> &'a str {
        w.range.of(self.text)
    }

    fn json(&self, items: &[Word]) -> String {
        let parts: Vec<&str> = items.iter().map(|w| self.word(w)).collect();
        format!("[{}]", parts.join(", "))
    }

    fn words(&self, ws: &[&Word]) -> String {
        ws.iter()
            .map(|w| self.word(w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn command(&self, c: &CommandForm) -> String {
        match c {
            CommandForm::Exec { items, .. } => self.json(items),
            CommandForm::Shell(st) => st.range.of(self.text).trim().to_string(),
        }
    }

    /// One line: keyword, flags and arguments with single spaces.
    fn render(&self, ins: &Instruction) -> Option<String> {
        let kw = self.case.apply(&ins.keyword_text);
        let args = match &ins.body {
            Body::From(f) => {
                let mut ws: Vec<String> = Vec::new();
                ws.extend(f.image.iter().map(|w| self.word(w).to_string()));
                ws.extend(f.as_keyword.iter().map(|w| {
                    if w.raw.eq_ignore_ascii_case("as") {
                        self.case.apply(&w.raw)
                    } else {
                        self.word(w).to_string()
                    }
                }));
                ws.extend(
                    f.name
                        .iter()
                        .chain(f.extra.iter())
                        .map(|w| self.word(w).to_string()),
                );
                ws.join(" ")
            }
            Body::Copy(c) | Body::Add(c) => {
                let all: Vec<&Word> = c.sources.iter().chain(c.dest.iter()).collect();
                if c.json {
                    let owned: Vec<Word> = all.into_iter().cloned().collect();
                    self.json(&owned)
                } else {
                    self.words(&all)
                }
            }
            Body::Arg(pairs) => pairs
                .iter()
                .map(|p| p.range.of(self.text))
                .collect::<Vec<_>>()
                .join(" "),
            Body::Env { pairs, legacy } | Body::Label { pairs, legacy } => {
                if *legacy {
                    let p = pairs.first()?;
                    match &p.value {
                        Some(v) => format!("{} {}", self.word(&p.key), self.word(v)),
                        None => self.word(&p.key).to_string(),
                    }
                } else {
                    pairs
                        .iter()
                        .map(|p| p.range.of(self.text))
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            }
            Body::Expose(ws) => self.words(&ws.iter().collect::<Vec<_>>()),
            Body::Volume { paths, json } => {
                if *json {
                    self.json(paths)
                } else {
                    self.words(&paths.iter().collect::<Vec<_>>())
                }
            }
            Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => w
                .as_ref()
                .map(|w| self.word(w).to_string())
                .unwrap_or_default(),
            Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => {
                c.as_ref().map(|c| self.command(c)).unwrap_or_default()
            }
            Body::Healthcheck(h) => match h {
                HealthcheckArgs::None { keyword, extra } => {
                    let mut s = self.case.apply(&keyword.raw);
                    for w in extra {
                        s.push(' ');
                        s.push_str(self.word(w));
                    }
                    s
                }
                HealthcheckArgs::Cmd { keyword, command } => {
                    let mut s = self.case.apply(&keyword.raw);
                    if let Some(c) = command {
                        s.push(' ');
                        s.push_str(&self.command(c));
                    }
                    s
                }
                HealthcheckArgs::Unknown { .. } => ins.args_range.of(self.text).trim().to_string(),
                HealthcheckArgs::Missing => String::new(),
            },
            Body::Onbuild(Some(inner)) => self.render(inner)?,
            Body::Onbuild(None) => String::new(),
            Body::Unknown => return None,
        };
        let mut out = kw;
        for f in &ins.flags {
            out.push(' ');
            out.push_str(f.range.of(self.text));
        }
        if !args.is_empty() {
            out.push(' ');
            out.push_str(&args);
        }
        Some(out)
    }

    /// Replaces a line's content (from `from`) when it changes, with a minimal edit.
    fn edit_line(&self, range: TextRange, new: &str, out: &mut Vec<Edit>) {
        let old = range.of(self.text);
        if old == new {
            return;
        }
        let prefix = old
            .char_indices()
            .zip(new.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        let old_rest = &old[prefix..];
        let new_rest = &new[prefix..];
        let suffix = old_rest
            .chars()
            .rev()
            .zip(new_rest.chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum::<usize>();
        let start = range.start + prefix;
        let end = range.end - suffix;
        out.push(Edit::replace(
            TextRange::new(start, end),
            &new_rest[..new_rest.len() - suffix],
        ));
    }

    /// Applies keyword case changes that fall inside `range` to its text.
    fn cased(&self, range: TextRange, cases: &[TextRange]) -> String {
        let mut s = String::with_capacity(range.len());
        let mut at = range.start;
        for c in cases {
            if c.start >= at && c.end <= range.end {
                s.push_str(TextRange::new(at, c.start).of(self.text));
                s.push_str(&self.case.apply(c.of(self.text)));
                at = c.end;
            }
        }
        s.push_str(TextRange::new(at, range.end).of(self.text));
        s
    }

    fn instruction(&self, ins: &Instruction, mode: Mode, out: &mut Vec<Edit>) {
        if ins.keyword.is_none() {
            return;
        }
        let idx = &self.df.line_index;
        // From the keyword's line: lines before it that only continue (a lone `\`) stay.
        let (l0, l1) = (
            idx.line_of(ins.keyword_range.start.max(ins.header.start)),
            idx.line_of(ins.header.end),
        );
        if l1 > l0 && self.settings.ignore_multiline_instructions {
            return;
        }
        let mut cases = Vec::new();
        case_ranges(ins, &mut cases);
        cases.sort();
        let first = self.content(l0);
        // The instruction on one line.
        if l0 == l1 {
            let conservative =
                self.cased(TextRange::new(ins.keyword_range.start, first.end), &cases);
            let conservative = conservative.trim_end().to_string();
            let new = match (mode, self.render(ins)) {
                (Mode::Full, Some(r))
                    if letters(&r).eq(letters(
                        TextRange::new(ins.keyword_range.start, first.end).of(self.text),
                    )) =>
                {
                    r
                }
                _ => conservative,
            };
            self.edit_line(first, &new, out);
            return;
        }
        // A continued instruction: line by line.
        let indent0 = TextRange::new(first.start, ins.keyword_range.start).of(self.text);
        let first_new = self.cased(TextRange::new(ins.keyword_range.start, first.end), &cases);
        let first_new = first_new.trim_end().to_string();
        // Columns where words start on the first line (relative to the keyword).
        let mut word_cols = Vec::new();
        let mut prev_space = true;
        for (col, c) in first_new.chars().enumerate() {
            if !c.is_whitespace() && prev_space {
                word_cols.push(col);
            }
            prev_space = c.is_whitespace();
        }
        let mut lines: Vec<(TextRange, String, String)> = Vec::new(); // (range, indent, rest)
        for l in l0 + 1..=l1 {
            let r = self.content(l);
            let s = r.of(self.text);
            if is_blank(s) {
                lines.push((r, String::new(), String::new()));
                continue;
            }
            let ws = leading_ws(s);
            let rest_range = TextRange::new(r.start + ws.len(), r.end);
            let rest = self.cased(rest_range, &cases).trim_end().to_string();
            let indent = match mode {
                Mode::Full if !indent0.is_empty() => {
                    ws.strip_prefix(indent0).unwrap_or(ws).to_string()
                }
                _ => ws.to_string(),
            };
            lines.push((r, indent, rest));
        }
        if mode == Mode::Full {
            // 1. Lines at column 0 follow the line above, or take one unit.
            let mut above: Option<String> = None;
            for (_, indent, rest) in lines.iter_mut() {
                if rest.is_empty() {
                    continue;
                }
                if indent.is_empty() {
                    *indent = above.clone().unwrap_or_else(|| self.unit.clone());
                }
                above = Some(indent.clone());
            }
            // 2. A flat, arbitrary indentation becomes one unit.
            let mut content = lines.iter().filter(|(_, _, rest)| !rest.is_empty());
            if let Some((_, flat, _)) = content.next() {
                let flat = flat.clone();
                let all_same = lines
                    .iter()
                    .filter(|(_, _, rest)| !rest.is_empty())
                    .all(|(_, i, _)| *i == flat);
                let aligned = word_cols.contains(&flat.chars().count());
                if all_same && flat != self.unit && !flat.contains('\t') && !aligned {
                    for (_, indent, rest) in lines.iter_mut() {
                        if !rest.is_empty() {
                            *indent = self.unit.clone();
                        }
                    }
                }
            }
        }
        self.edit_line(first, &first_new, out);
        for (r, indent, rest) in lines {
            let new = if rest.is_empty() {
                String::new()
            } else {
                format!("{indent}{rest}")
            };
            self.edit_line(r, &new, out);
        }
    }

    /// Lines that belong to no instruction: comments to column 0, blank lines emptied.
    fn other_lines(&self, out: &mut Vec<Edit>) {
        let idx = &self.df.line_index;
        let mut owned = vec![false; idx.line_count()];
        for ins in &self.df.instructions {
            let (a, b) = (idx.line_of(ins.range.start), idx.line_of(ins.range.end));
            for o in owned.iter_mut().take(b + 1).skip(a) {
                *o = true;
            }
        }
        for d in &self.df.directives {
            if let Some(o) = owned.get_mut(idx.line_of(d.range.start)) {
                *o = true;
            }
        }
        for (l, taken) in owned.iter().enumerate() {
            if *taken {
                continue;
            }
            let r = self.content(l);
            let s = r.of(self.text);
            self.edit_line(r, s.trim(), out);
        }
    }

    fn all(&self, conservative: &[usize]) -> Vec<Edit> {
        let mut out = Vec::new();
        for (i, ins) in self.df.instructions.iter().enumerate() {
            let mode = if conservative.binary_search(&i).is_ok() {
                Mode::Conservative
            } else {
                Mode::Full
            };
            self.instruction(ins, mode, &mut out);
        }
        self.other_lines(&mut out);
        // A final line break, unless the file ends inside a heredoc.
        let text = self.text;
        let in_heredoc = self
            .df
            .instructions
            .last()
            .is_some_and(|i| i.heredocs.iter().any(|h| h.terminator.is_none()));
        if !text.is_empty() && !text.ends_with('\n') && !in_heredoc {
            let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
            // A lone `\r` at the very end already ends the last line (as BuildKit reads it):
            // it becomes the line break, or the next run would see a line of its own.
            let start = text.len() - usize::from(text.ends_with('\r'));
            out.push(Edit::replace(TextRange::new(start, text.len()), nl));
        }
        out.sort_by_key(|e| (e.range.start, e.range.end));
        out
    }
}

/// Collapses whitespace outside quotes (how a shell splits words), to compare shell text.
fn shell_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match quote {
            None if c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            _ => {}
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            _ => {}
        }
    }
    out
}

/// What the builder reads from an instruction, for checking that formatting kept it.
fn fingerprint(df: &Dockerfile, ins: &Instruction) -> String {
    let mut s = format!("{:?}|", ins.keyword);
    if ins.keyword.is_none() {
        s.push_str(
            &ins.logical
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    for f in &ins.flags {
        s.push_str(&format!(
            "--{}={:?}|",
            f.name,
            f.value.as_ref().map(|v| &v.value)
        ));
    }
    let case_words: Vec<TextRange> = {
        let mut v = Vec::new();
        case_ranges(ins, &mut v);
        v
    };
    for w in ins.words() {
        if case_words.contains(&w.range) {
            s.push_str(&w.value.to_ascii_lowercase());
        } else {
            s.push_str(&w.value);
        }
        s.push('|');
    }
    if let Some(CommandForm::Shell(st)) = ins.command() {
        s.push_str(&shell_words(&st.text));
        s.push('|');
    }
    if let Body::Onbuild(Some(inner)) = &ins.body {
        s.push_str(&fingerprint(df, inner));
    }
    for h in &ins.heredocs {
        s.push_str(&format!("<<{}{}{}|", h.name, h.chomp, h.expand));
        s.push_str(&h.content(&df.text));
    }
    s
}

/// Instructions whose fingerprint changed between two parses (all when they differ in number).
fn changed(before: &Dockerfile, after: &Dockerfile) -> Option<Vec<usize>> {
    if before.instructions.len() != after.instructions.len() {
        return None;
    }
    Some(
        before
            .instructions
            .iter()
            .zip(&after.instructions)
            .enumerate()
            .filter(|(_, (a, b))| fingerprint(before, a) != fingerprint(after, b))
            .map(|(i, _)| i)
            .collect(),
    )
}

fn error_kinds(df: &Dockerfile) -> Vec<dockls_syntax::SyntaxErrorKind> {
    let mut v: Vec<_> = df.errors.iter().map(|e| e.kind).collect();
    v.sort_by_key(|k| format!("{k:?}"));
    v
}

/// The edits that format the whole document.
pub fn format(df: &Dockerfile, settings: &FormatterSettings) -> Vec<Edit> {
    let f = Formatter {
        df,
        text: &df.text,
        settings,
        case: keyword_case(df, &settings.keyword_case),
        unit: " ".repeat(settings.indent_width.clamp(1, 16)),
    };
    let mut conservative: Vec<usize> = Vec::new();
    for _ in 0..2 {
        let edits = f.all(&conservative);
        if edits.is_empty() {
            return edits;
        }
        let after = dockls_syntax::parse(&apply_edits(&df.text, &edits));
        let Some(bad) = changed(df, &after) else {
            break;
        };
        if bad.is_empty() && error_kinds(&after) == error_kinds(df) {
            return edits;
        }
        if bad.is_empty() || bad.iter().all(|b| conservative.contains(b)) {
            break;
        }
        conservative.extend(bad);
        conservative.sort_unstable();
        conservative.dedup();
    }
    // Something still changes what the builder reads: leave the file alone.
    Vec::new()
}

/// The edits that format the instructions and lines touching `range`.
pub fn format_range(df: &Dockerfile, settings: &FormatterSettings, range: TextRange) -> Vec<Edit> {
    let idx = &df.line_index;
    let mut start = idx.line_start(idx.line_of(range.start)).unwrap_or(0);
    let mut end = idx
        .line_range(idx.line_of(range.end), &df.text)
        .map_or(df.text.len(), |r| r.end);
    for ins in &df.instructions {
        if ins.range.start <= end && range.start <= ins.range.end {
            start = start.min(ins.range.start);
            end = end.max(ins.range.end);
        }
    }
    let span = TextRange::new(start, end);
    format(df, settings)
        .into_iter()
        .filter(|e| {
            span.contains_range(e.range) || (e.range.is_empty() && span.touches(e.range.start))
        })
        .collect()
}

/// The indentation a continuation line after line `prev` should get: one unit under the
/// instruction's first line, else the indentation of `prev`. `None` when `prev` does not
/// end with a line continuation of an instruction.
fn continuation_indent(
    df: &Dockerfile,
    settings: &FormatterSettings,
    prev: usize,
) -> Option<String> {
    let idx = &df.line_index;
    let r = idx.line_range(prev, &df.text)?;
    let text = r.of(&df.text);
    let trimmed = text.trim_end();
    if !trimmed.ends_with(df.escape) || trimmed.trim_start().starts_with('#') {
        return None;
    }
    let i = df.instruction_at(r.start + leading_ws(text).len())?;
    let ins = df.instructions.get(i)?;
    if ins.in_heredoc_body(r.start) || !ins.header.touches(r.end) {
        return None;
    }
    Some(if idx.line_of(ins.keyword_range.start) == prev {
        " ".repeat(settings.indent_width.clamp(1, 16))
    } else {
        leading_ws(text).to_string()
    })
}

/// On-type formatting. `offset` is the cursor after the typed character.
/// - A line break after a continued line indents the new line.
/// - The escape character typed at the end of a line makes the next line a continuation:
///   that line is indented if it has no indentation yet.
pub fn format_on_type(
    df: &Dockerfile,
    settings: &FormatterSettings,
    offset: usize,
    typed: &str,
) -> Vec<Edit> {
    let idx = &df.line_index;
    let line = idx.line_of(offset);
    let (target, only_if_unindented) = if typed == "\n" {
        if line == 0 {
            return Vec::new();
        }
        (line, false)
    } else if typed.chars().eq(std::iter::once(df.escape)) {
        (line + 1, true)
    } else {
        return Vec::new();
    };
    let Some(indent) = continuation_indent(df, settings, target - 1) else {
        return Vec::new();
    };
    let Some(cur) = idx.line_range(target, &df.text) else {
        return Vec::new();
    };
    let ws = leading_ws(cur.of(&df.text));
    if ws == indent || (only_if_unindented && !ws.is_empty()) {
        return Vec::new();
    }
    vec![Edit::replace(
        TextRange::new(cur.start, cur.start + ws.len()),
        indent,
    )]
}

fn builder_view(df: &Dockerfile, ins: &Instruction, commands: bool) -> Vec<String> {
    let mut out = vec![format!("keyword {:?}", ins.keyword)];
    if ins.keyword.is_none() {
        out.push(format!("unknown {}", ins.keyword_text));
    }
    for f in &ins.flags {
        out.push(format!(
            "flag {} {:?}",
            f.name,
            f.value.as_ref().map(|v| &v.value)
        ));
    }
    for w in ins.words() {
        // `AS` and HEALTHCHECK's `CMD`/`NONE` may change case.
        let v = if ["as", "cmd", "none"].contains(&w.value.to_ascii_lowercase().as_str()) {
            w.value.to_ascii_lowercase()
        } else {
            w.value.clone()
        };
        out.push(format!("word {v}"));
    }
    match ins.command() {
        Some(CommandForm::Exec { items, .. }) => out.push(format!(
            "exec {:?}",
            items.iter().map(|w| &w.value).collect::<Vec<_>>()
        )),
        Some(CommandForm::Shell(st)) => out.push(format!(
            "shell {:?}",
            st.text.split_whitespace().collect::<Vec<_>>()
        )),
        None => {}
    }
    if let Some(sh) = ins.shell.as_ref().filter(|_| commands) {
        for c in &sh.commands {
            let mut words: Vec<&str> = c.name.iter().map(|w| w.value.as_str()).collect();
            words.extend(c.args.iter().map(|w| w.value.as_str()));
            out.push(format!("command {words:?}"));
        }
    }
    for h in &ins.heredocs {
        out.push(format!(
            "heredoc {} {} {} {:?}",
            h.name,
            h.chomp,
            h.expand,
            h.content(&df.text)
        ));
    }
    if let dockls_syntax::Body::Onbuild(Some(inner)) = &ins.body {
        out.extend(
            builder_view(df, inner, commands)
                .into_iter()
                .map(|l| format!("onbuild {l}")),
        );
    }
    out
}

/// What the builder reads from each instruction, written out: keywords, flags, argument
/// values, exec arrays, shell text up to whitespace, heredoc contents, and with `commands`
/// the words of each shell command. Formatting must leave it unchanged (`AS` and
/// HEALTHCHECK's `CMD`/`NONE` are compared without case, which the formatter may change);
/// the formatter's tests and fuzz target compare it before and after.
pub fn builder_views(df: &Dockerfile, commands: bool) -> Vec<Vec<String>> {
    df.instructions
        .iter()
        .map(|i| builder_view(df, i, commands))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt_with(text: &str, settings: &FormatterSettings) -> String {
        let df = dockls_syntax::parse(text);
        apply_edits(text, &format(&df, settings))
    }

    fn fmt(text: &str) -> String {
        fmt_with(text, &FormatterSettings::default())
    }

    fn check(input: &str, expected: &str) {
        let out = fmt(input);
        assert_eq!(out, expected);
        assert_eq!(fmt(&out), out, "not idempotent");
    }

    #[test]
    fn keywords_spacing_and_json() {
        check(
            "from  alpine:3.20   as   base\n  run   echo  \"a   b\"   \ncmd [ \"a\",\"b\" ]\ncopy   --chown=1:1   a    b   /dst/\nenv A=1    B=\"x  y\"\nhealthcheck  --interval=5s   cmd   curl -f x\nonbuild  run  ls\nexpose 80    443\n",
            "FROM alpine:3.20 AS base\nRUN echo  \"a   b\"\nCMD [\"a\", \"b\"]\nCOPY --chown=1:1 a b /dst/\nENV A=1 B=\"x  y\"\nHEALTHCHECK --interval=5s CMD curl -f x\nONBUILD RUN ls\nEXPOSE 80 443\n",
        );
    }

    #[test]
    fn keyword_case_settings() {
        let lower = FormatterSettings {
            keyword_case: "lower".into(),
            ..FormatterSettings::default()
        };
        assert_eq!(
            fmt_with("FROM a AS b\nRUN x\n", &lower),
            "from a as b\nrun x\n"
        );
        let majority = FormatterSettings {
            keyword_case: "majority".into(),
            ..FormatterSettings::default()
        };
        assert_eq!(
            fmt_with("from a\nrun x\nRUN y\ncopy a b\n", &majority),
            "from a\nrun x\nrun y\ncopy a b\n"
        );
        assert_eq!(
            fmt_with("FROM a\nrun x\nRUN y\n", &majority),
            "FROM a\nRUN x\nRUN y\n"
        );
    }

    #[test]
    fn continuation_indentation() {
        // Unindented continuation lines get one unit.
        check(
            "FROM a\nRUN apt-get update && \\\napt-get install -y curl\n",
            "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl\n",
        );
        // A flat arbitrary indentation becomes one unit.
        check(
            "FROM a\nENV A=1 \\\n  B=2 \\\n  C=3\n",
            "FROM a\nENV A=1 \\\n    B=2 \\\n    C=3\n",
        );
        // Hand alignment under the first argument is kept.
        let aligned =
            "FROM a\nCOPY --chown=app a \\\n     b /dst/\nRUN  apt-get install \\\n     curl\n";
        check(aligned, aligned);
        // Nested layout is kept.
        let nested = "FROM a\nRUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n      git \\\n && rm -rf /var/lib/apt/lists/*\n";
        check(nested, nested);
        // A column-0 line follows the line above.
        check(
            "FROM a\nRUN a \\\n    && b \\\n       c \\\nd\n",
            "FROM a\nRUN a \\\n    && b \\\n       c \\\n       d\n",
        );
        // ... and when that makes the layout flat, it becomes one unit.
        check(
            "FROM a\nRUN apt-get install -y \\\n      curl \\\ngit\n",
            "FROM a\nRUN apt-get install -y \\\n    curl \\\n    git\n",
        );
        // Tabs are the author's choice.
        let tabs = "FROM a\nRUN a \\\n\tb\n";
        check(tabs, tabs);
        // An indented instruction moves left with its continuation lines.
        check(
            "FROM a\n  RUN a \\\n      && b\n",
            "FROM a\nRUN a \\\n    && b\n",
        );
    }

    /// The example in docs/editor.md.
    #[test]
    fn documented_example() {
        let kept = "FROM a\nRUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n      git\nCOPY --chown=app a \\\n     b /dst/\n";
        check(kept, kept);
        check(
            "FROM a\nENV A=1 \\\n  B=2\nRUN make && \\\nmake install\n",
            "FROM a\nENV A=1 \\\n    B=2\nRUN make && \\\n    make install\n",
        );
    }

    #[test]
    fn indent_width_setting() {
        let two = FormatterSettings {
            indent_width: 2,
            ..FormatterSettings::default()
        };
        assert_eq!(
            fmt_with("FROM a\nENV A=1 \\\nB=2\n", &two),
            "FROM a\nENV A=1 \\\n  B=2\n"
        );
    }

    #[test]
    fn quoted_text_across_lines_is_kept() {
        // The indentation is inside the string: re-indenting would change the value.
        let src = "FROM a\nENV MSG=\"hello \\\nworld\"\nRUN echo 'a \\\nb'\n";
        assert_eq!(fmt(src), src);
    }

    #[test]
    fn heredocs_comments_directives_untouched() {
        let src = "# syntax=docker/dockerfile:1   \n   # a comment   \nfrom a\nrun <<EOF  \n  indented   \n\nEOF\ncopy <<-X /f\n\t  body  \n\tX\n";
        check(
            src,
            "# syntax=docker/dockerfile:1   \n# a comment\nFROM a\nRUN <<EOF\n  indented   \n\nEOF\nCOPY <<-X /f\n\t  body  \n\tX\n",
        );
    }

    #[test]
    fn ignore_multiline_and_blank_lines() {
        let s = FormatterSettings {
            ignore_multiline_instructions: true,
            ..FormatterSettings::default()
        };
        assert_eq!(
            fmt_with("run a \\\nb   \n   \nrun  c", &s),
            "run a \\\nb   \n\nRUN c\n"
        );
    }

    #[test]
    fn crlf_and_bom_and_non_ascii() {
        check(
            "\u{feff}from  a\r\nrun  echo é  \r\n",
            "\u{feff}FROM a\r\nRUN echo é\r\n",
        );
        check(
            "FROM a\nLABEL  desc=\"中文\"   x=😀",
            "FROM a\nLABEL desc=\"中文\" x=😀\n",
        );
    }

    #[test]
    fn a_final_lone_carriage_return_becomes_the_line_break() {
        // Found by the `format` fuzz target: the `\r` stayed and a line break was added
        // after it, which the next run turned into an empty line.
        check(
            "RUN echo \\\n  && done\r\n\r",
            "RUN echo \\\n    && done\r\n\r\n",
        );
        check("FROM a\r", "FROM a\n");
    }

    #[test]
    fn continuation_lines_before_the_keyword_stay() {
        // Found by the `format` fuzz target: the lone `\\` went and the keyword line was
        // indented as a continuation line, which the next run moved back to column 0.
        check(
            "\\\nRUN echo é \\\n  && 😀 done\r\n",
            "\\\nRUN echo é \\\n    && 😀 done\r\n",
        );
    }

    #[test]
    fn broken_input_is_left_readable() {
        for src in [
            "FROM\n",
            "RUN\n",
            "foo bar  \n",
            "FROM a AS\n",
            "COPY [1, \"a\"]\n",
            "RUN <<EOF\nx",
            "ENV =\n",
            "FROM a\nRUN a \\",
            "HEALTHCHECK  foo  bar\n",
        ] {
            let out = fmt(src);
            assert_eq!(fmt(&out), out, "{src:?}");
            let before = dockls_syntax::parse(src);
            let after = dockls_syntax::parse(&out);
            assert_eq!(
                before.instructions.len(),
                after.instructions.len(),
                "{src:?}"
            );
        }
    }

    #[test]
    fn range_formatting() {
        let text = "from a\nrun  x\nrun  y\n";
        let df = dockls_syntax::parse(text);
        let edits = format_range(&df, &FormatterSettings::default(), TextRange::new(8, 9));
        assert_eq!(apply_edits(text, &edits), "from a\nRUN x\nrun  y\n");
    }

    #[test]
    fn on_type_newline_after_continuation() {
        let s = FormatterSettings::default();
        let on = |text: &str, at: usize| {
            let df = dockls_syntax::parse(text);
            apply_edits(text, &format_on_type(&df, &s, at, "\n"))
        };
        let t = "FROM a\nRUN apt-get update \\\n";
        assert_eq!(on(t, t.len()), "FROM a\nRUN apt-get update \\\n    ");
        let t = "FROM a\nRUN a \\\n  && b \\\n\nCMD x\n";
        assert_eq!(on(t, 24), "FROM a\nRUN a \\\n  && b \\\n  \nCMD x\n");
        let t = "FROM a\nRUN a\n";
        assert_eq!(on(t, t.len()), t);
        let t = "FROM a\nRUN <<EOF\nx \\\n";
        assert_eq!(on(t, t.len()), t);
    }

    #[test]
    fn on_type_escape_at_line_end() {
        let s = FormatterSettings::default();
        let on = |text: &str, at: usize, ch: &str| {
            let df = dockls_syntax::parse(text);
            apply_edits(text, &format_on_type(&df, &s, at, ch))
        };
        let t = "FROM a\nRUN make \\\nmake install\n";
        assert_eq!(on(t, 17, "\\"), "FROM a\nRUN make \\\n    make install\n");
        // An indented next line is left as it is.
        let t = "FROM a\nRUN make \\\n  make install\n";
        assert_eq!(on(t, 17, "\\"), t);
        let t = "# escape=`\nFROM a\nRUN make `\nmake install\n";
        assert_eq!(
            on(t, 28, "`"),
            "# escape=`\nFROM a\nRUN make `\n    make install\n"
        );
        assert_eq!(on(t, 28, "\\"), t);
    }
}
