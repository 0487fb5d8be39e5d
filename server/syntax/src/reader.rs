//! The file-level reader: splits a Dockerfile into instructions exactly as BuildKit does
//! (directives, escape character, continuation lines, comments inside continuations,
//! empty continuation lines, heredocs), then reads each instruction's typed view.

use crate::ast::*;
use crate::directives::{match_directive, parse_check};
use crate::errors::{SyntaxError, SyntaxErrorKind as K};
use crate::instruction::{heredoc_markers, Reader};
use crate::logical::LogicalText;
use crate::shift::Shift;
use crate::text::{LineIndex, TextRange};

/// BuildKit's limit on one physical line.
const MAX_LINE: usize = 65_535;

#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// End of content: trailing `\r` and `\n` characters excluded.
    end: usize,
}

/// The physical lines the reader walks: every line of the index, except the empty one
/// after a final `\n`.
struct Lines<'t> {
    text: &'t str,
    index: &'t LineIndex,
    count: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str, index: &'t LineIndex) -> Self {
        let n = index.line_count();
        let count = if n > 1 && index.line_start(n - 1) == Some(text.len()) {
            n - 1
        } else {
            n
        };
        Self { text, index, count }
    }

    fn len(&self) -> usize {
        self.count
    }

    fn get(&self, li: usize) -> Line {
        let bytes = self.text.as_bytes();
        let start = self.index.line_start(li).unwrap_or(bytes.len());
        let mut end = self
            .index
            .line_start(li + 1)
            .map_or(bytes.len(), |next| next - 1);
        while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
            end -= 1;
        }
        Line { start, end }
    }
}

/// Offset of the first non-whitespace character at or after `from` (before `end`).
fn skip_space(text: &str, from: usize, end: usize) -> usize {
    let s = &text[from..end];
    from + (s.len() - s.trim_start().len())
}

/// BuildKit's continuation test: the line ends with the escape character (then only spaces
/// or tabs), not preceded by another escape character unless it is alone on the line.
/// Returns the end of the kept text and whether the line continues.
fn continuation(text: &str, start: usize, end: usize, escape: char) -> (usize, bool) {
    let b = text.as_bytes();
    let e = escape as u8;
    let mut i = end;
    while i > start && matches!(b[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i == start || b[i - 1] != e {
        return (end, false);
    }
    let esc = i - 1;
    if esc == start || b[esc - 1] != e {
        (esc, true)
    } else {
        (end, false)
    }
}

fn unterminated_message(name: &str, keyword_text: &str, line: usize) -> String {
    format!(
        "unterminated heredoc: no line reads exactly `{name}` after {keyword_text} (line {})",
        line + 1
    )
}

/// The reader's state between top-level lines.
struct FileReader<'t> {
    text: &'t str,
    lines: Lines<'t>,
    escape: char,
    errors: Vec<SyntaxError>,
    comments: Vec<Comment>,
    instructions: Vec<Instruction>,
    /// Index in `comments` of the first comment of the block above the next instruction.
    block_start: usize,
}

impl FileReader<'_> {
    fn check_length(&mut self, line: Line) {
        if line.end - line.start > MAX_LINE {
            self.errors.push(SyntaxError::new(
                K::LineTooLong,
                TextRange::new(line.start, line.start),
                format!(
                    "line is {} bytes long; BuildKit rejects lines over {MAX_LINE} bytes",
                    line.end - line.start
                ),
            ));
        }
    }

    /// Reads the top-level line `li` (already checked for length; not a directive): a
    /// comment, a blank line, or the first line of an instruction, which is read whole
    /// with its continuation lines and heredocs. Returns the next line to read.
    fn step(&mut self, mut li: usize, line: Line) -> usize {
        let text = self.text;
        let escape = self.escape;
        let first = skip_space(text, line.start, line.end);
        if text.as_bytes().get(first) == Some(&b'#') {
            let t = text[first + 1..line.end].trim().to_string();
            let empty = t.is_empty();
            self.comments.push(Comment {
                range: TextRange::new(first, line.end),
                text: t,
                directive: false,
                inside_instruction: false,
            });
            if empty {
                self.block_start = self.comments.len();
            }
            return li + 1;
        }

        let (kept_end, mut continued) = continuation(text, first, line.end, escape);
        if !continued && kept_end == first {
            // A blank line.
            return li + 1;
        }

        // An instruction starts here.
        let mut logical = LogicalText::new();
        logical.push(&text[first..kept_end], first);
        let mut header_end = line.end;
        let mut empty_lines = Vec::new();
        let mut inner_comments = Vec::new();
        li += 1;
        while continued && li < self.lines.len() {
            let l = self.lines.get(li);
            li += 1;
            self.check_length(l);
            let f = skip_space(text, l.start, l.end);
            if text.as_bytes().get(f) == Some(&b'#') {
                let r = TextRange::new(f, l.end);
                inner_comments.push(r);
                self.comments.push(Comment {
                    range: r,
                    text: text[f + 1..l.end].trim().to_string(),
                    directive: false,
                    inside_instruction: true,
                });
                continue;
            }
            if f == l.end {
                empty_lines.push(TextRange::new(l.start, l.end));
                continue;
            }
            let (kept, cont) = continuation(text, l.start, l.end, escape);
            logical.push(&text[l.start..kept], l.start);
            header_end = l.end;
            continued = cont;
        }

        let block = self.block_start..self.comments.len() - inner_comments.len();
        let mut reader = Reader {
            logical: &logical,
            escape,
            errors: &mut self.errors,
        };
        let mut ins = reader.instruction(0, false);
        ins.header = TextRange::new(first, header_end);
        ins.range = ins.header;
        ins.comments = block;
        ins.empty_continuation_lines = empty_lines;
        ins.inner_comments = inner_comments;

        // Heredocs: RUN/COPY/ADD (also under ONBUILD) in shell form.
        let target = ins.effective();
        let takes = target.keyword.is_some_and(Keyword::takes_heredocs)
            && !matches!(&target.body, Body::Run(Some(CommandForm::Exec { .. })))
            && !matches!(&target.body, Body::Copy(c) | Body::Add(c) if c.json);
        if takes {
            let markers = heredoc_markers(&logical, &mut self.errors);
            for m in markers {
                let body_start = if li < self.lines.len() {
                    self.lines.get(li).start
                } else {
                    text.len()
                };
                let mut terminator = None;
                while li < self.lines.len() {
                    let l = self.lines.get(li);
                    li += 1;
                    let mut candidate = &text[l.start..l.end];
                    if m.chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == m.name {
                        terminator = Some(TextRange::new(l.start, l.end));
                        break;
                    }
                }
                let body_end = terminator.map_or(text.len(), |t| t.start);
                if terminator.is_none() {
                    self.errors.push(SyntaxError::new(
                        K::UnterminatedHeredoc,
                        TextRange::new(ins.header.start, text.len()),
                        unterminated_message(
                            &m.name,
                            &ins.keyword_text,
                            self.lines.index.line_of(ins.header.start),
                        ),
                    ));
                }
                ins.range.end = terminator.map_or(text.len(), |t| t.end);
                let h = Heredoc {
                    marker_range: m.range,
                    name: m.name,
                    chomp: m.chomp,
                    expand: m.expand,
                    fd: m.fd,
                    body: TextRange::new(body_start, body_end.max(body_start)),
                    terminator,
                };
                if let Body::Onbuild(Some(inner)) = &mut ins.body {
                    inner.heredocs.push(h.clone());
                }
                ins.heredocs.push(h);
            }
        }
        ins.logical = logical;
        self.instructions.push(ins);
        self.block_start = self.comments.len();
        li
    }
}

/// Parses a Dockerfile. Never fails: problems are in [`Dockerfile::errors`].
pub fn parse(text: &str) -> Dockerfile {
    let line_index = LineIndex::new(text);
    let mut directives: Vec<Directive> = Vec::new();
    let mut directives_done = false;
    let bom = text.starts_with('\u{feff}');
    let mut r = FileReader {
        text,
        lines: Lines::new(text, &line_index),
        escape: '\\',
        errors: Vec::new(),
        comments: Vec::new(),
        instructions: Vec::new(),
        block_start: 0,
    };

    if let Some(at) = text.find('\0') {
        r.errors.push(SyntaxError::new(
            K::NotText,
            TextRange::new(at, at + 1),
            "the file contains NUL bytes: this does not look like a Dockerfile",
        ));
    }

    let mut li = 0usize;
    while li < r.lines.len() {
        let mut line = r.lines.get(li);
        if li == 0 && bom {
            line.start += 3;
        }
        r.check_length(line);
        if !directives_done {
            let first = skip_space(text, line.start, line.end);
            let is_comment = text.as_bytes().get(first) == Some(&b'#');
            match match_directive(&text[first..line.end]).filter(|_| is_comment) {
                Some(d) => {
                    let name = text[first + d.name.start..first + d.name.end].to_ascii_lowercase();
                    if matches!(name.as_str(), "syntax" | "escape" | "check") {
                        let name_range = TextRange::new(first + d.name.start, first + d.name.end);
                        let value_range =
                            TextRange::new(first + d.value.start, first + d.value.end);
                        let value = value_range.of(text).to_string();
                        let range = TextRange::new(first, line.end);
                        r.comments.push(Comment {
                            range,
                            text: text[first + 1..line.end].trim().to_string(),
                            directive: true,
                            inside_instruction: false,
                        });
                        r.block_start = r.comments.len();
                        if directives.iter().any(|x| x.name == name) {
                            r.errors.push(SyntaxError::new(
                                K::DuplicateDirective,
                                range,
                                format!("only one {name} parser directive can be used"),
                            ));
                        } else {
                            if name == "escape" {
                                match value.as_str() {
                                    "\\" => r.escape = '\\',
                                    "`" => r.escape = '`',
                                    _ => r.errors.push(SyntaxError::new(
                                        K::InvalidEscape,
                                        value_range,
                                        format!(
                                            "invalid escape token '{value}' does not match ` or \\"
                                        ),
                                    )),
                                }
                            }
                            if name == "check" {
                                if let Err((rng, msg)) = parse_check(&value, value_range.start) {
                                    r.errors.push(SyntaxError::new(
                                        K::InvalidCheckDirective,
                                        rng,
                                        msg,
                                    ));
                                }
                            }
                            directives.push(Directive {
                                range,
                                name,
                                name_range,
                                value,
                                value_range,
                            });
                        }
                        li += 1;
                        continue;
                    }
                    directives_done = true;
                }
                None => directives_done = true,
            }
        }
        li = r.step(li, line);
    }

    if r.instructions.is_empty() {
        let what = if text.trim_start_matches('\u{feff}').trim().is_empty() {
            "the file is empty"
        } else {
            "the file has only comments"
        };
        r.errors.push(SyntaxError::new(
            K::NoInstructions,
            TextRange::new(0, 0),
            format!(
                "file with no instructions: {what}; a Dockerfile needs at least a FROM instruction"
            ),
        ));
    }

    let FileReader {
        escape,
        mut errors,
        comments,
        instructions,
        ..
    } = r;
    let stages = crate::stages::build(&instructions, &mut errors);
    let stage_names = stage_names(&stages);
    let mut df = Dockerfile {
        text: text.to_string(),
        line_index,
        escape,
        bom,
        directives,
        comments,
        instructions,
        stages,
        stage_names,
        errors,
        shells: Vec::new(),
    };
    crate::shell::attach_shell_views(&mut df);
    df.errors.sort_by_key(|e| (e.range.start, e.range.end));
    df
}

fn stage_names(stages: &[Stage]) -> std::collections::HashMap<String, usize> {
    let mut names = std::collections::HashMap::new();
    for s in stages {
        if let Some(n) = &s.name {
            names.entry(n.clone()).or_insert(s.index);
        }
    }
    names
}

/// The length of the longest common prefix (compared a block at a time).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// The length of the longest common suffix of two slices of the same length.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    while k + BLOCK <= n && a[n - k - BLOCK..n - k] == b[n - k - BLOCK..n - k] {
        k += BLOCK;
    }
    while k < n && a[n - k - 1] == b[n - k - 1] {
        k += 1;
    }
    k
}

/// Where the line after instruction `ins`'s last line starts, or `None` when its last
/// line runs to the end of the text (so text appended there joins the instruction).
fn next_line_start(index: &LineIndex, ins: &Instruction) -> Option<usize> {
    index.line_start(index.line_of(ins.range.end) + 1)
}

/// Whether an edit after instruction `ins` cannot change it: its last line does not
/// continue and each of its heredocs has its terminator.
fn is_closed(text: &str, index: &LineIndex, ins: &Instruction, escape: char) -> bool {
    if ins.heredocs.iter().any(|h| h.terminator.is_none()) {
        return false;
    }
    let line = index.line_of(ins.header.end);
    let start = index.line_start(line).unwrap_or(0);
    !continuation(text, start, ins.header.end, escape).1
}

/// What [`reparse_with_changes`] kept, moved and read again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    /// The edited region: `old[start..old_end]` became `new[start..new_end]`.
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
    /// Instructions `0..read.start` are the old ones, unchanged (positions too) except
    /// those listed in `reshelled`.
    pub read: std::ops::Range<usize>,
    /// The old instructions that `read` replaced (old indices `read.start..`, in order).
    pub replaced: Vec<Instruction>,
    /// Instructions from `read.end` on are the old ones that followed `replaced`, moved
    /// by `new_end - old_end` bytes (every position in them was at or after `old_end`).
    /// Indices outside `read` whose shell view was read again because the shell that
    /// runs them changed.
    pub reshelled: Vec<usize>,
}

impl Changes {
    /// How far the instructions after the edit moved.
    pub fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// The new position of an old position outside the edited region (`None` inside it).
    /// Kept instructions lie strictly before `start` and moved ones at or after `old_end`,
    /// so a position at `start` of a pure insertion belongs to a moved instruction.
    pub fn map(&self, old: usize) -> Option<usize> {
        if old >= self.old_end {
            Some((old as isize + self.delta()) as usize)
        } else if old < self.start {
            Some(old)
        } else {
            None
        }
    }

    /// The new index of an old instruction index (`None` for a replaced instruction).
    pub fn map_index(&self, old: usize) -> Option<usize> {
        let replaced_end = self.read.start + self.replaced.len();
        if old < self.read.start {
            Some(old)
        } else if old >= replaced_end {
            Some(old - replaced_end + self.read.end)
        } else {
            None
        }
    }
}

/// Parses `text`, a new version of `old.text`, reusing what the edit cannot have changed:
/// the instructions before the edited region are kept as they are, those after it are
/// moved, and only the instructions the edit touches are read again (with their shell
/// views; a shell view elsewhere is read again only when the shell that runs it changed).
/// The result is exactly [`parse`]`(text)`.
pub fn reparse(old: Dockerfile, text: &str) -> Dockerfile {
    reparse_with_changes(old, text).0
}

/// [`reparse`], also saying what changed; `None` when the text was parsed from scratch
/// (an edit among the parser directives, or before the first instruction's end).
pub fn reparse_with_changes(mut old: Dockerfile, text: &str) -> (Dockerfile, Option<Changes>) {
    if old.text == text {
        let n = old.instructions.len();
        let changes = Changes {
            start: text.len(),
            old_end: text.len(),
            new_end: text.len(),
            read: n..n,
            replaced: Vec::new(),
            reshelled: Vec::new(),
        };
        return (old, Some(changes));
    }
    // The edited region: `old[start..old_end]` became `text[start..new_end]`.
    let (a, b) = (old.text.as_bytes(), text.as_bytes());
    let mut start = common_prefix(a, b);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let max_suffix = a.len().min(b.len()) - start;
    let mut suffix = common_suffix(&a[a.len() - max_suffix..], &b[b.len() - max_suffix..]);
    while !text.is_char_boundary(b.len() - suffix) {
        suffix -= 1;
    }
    let old_end = a.len() - suffix;
    let new_end = b.len() - suffix;
    let delta = new_end as isize - old_end as isize;

    let nul =
        old.errors.iter().any(|e| e.kind == K::NotText) || text[start..new_end].contains('\0');
    // A last instruction made of nothing but a continuation character reports its
    // errors at offset 0, far from its lines.
    let degenerate = old.instructions.last().is_none_or(|i| i.logical.is_empty());
    if nul || degenerate {
        return (parse(text), None);
    }
    // Keep the instructions that end on a line before the edit (and are complete);
    // reading resumes at the start of the line after the last one kept.
    let mut keep = old.instructions.partition_point(|ins| {
        next_line_start(&old.line_index, ins).is_some_and(|next| next <= start)
    });
    if keep > 0
        && !is_closed(
            &old.text,
            &old.line_index,
            &old.instructions[keep - 1],
            old.escape,
        )
    {
        keep -= 1;
    }
    // Directives and the escape character sit above the first instruction.
    if keep == 0 {
        return (parse(text), None);
    }
    let Some(resume) = next_line_start(&old.line_index, &old.instructions[keep - 1]) else {
        return (parse(text), None);
    };

    // Split the old parse at the resume point. Instructions stay in place: the ones read
    // again replace a run of old ones with one splice.
    let old_index = std::mem::take(&mut old.line_index);
    let mut instructions = std::mem::take(&mut old.instructions);
    let comments_kept = old.comments.partition_point(|c| c.range.start < resume);
    let tail_comments = old.comments.split_off(comments_kept);
    let mut errors: Vec<SyntaxError> = Vec::new();
    let mut tail_errors: Vec<SyntaxError> = Vec::new();
    for e in std::mem::take(&mut old.errors) {
        if e.kind == K::NoBuildStage {
            continue;
        }
        if e.range.start < resume {
            errors.push(e);
        } else {
            tail_errors.push(e);
        }
    }

    let mut line_index = old_index.clone();
    line_index.edit(text, start, old_end, new_end);
    let mut r = FileReader {
        text,
        lines: Lines::new(text, &line_index),
        escape: old.escape,
        errors,
        comments: old.comments,
        instructions: Vec::new(),
        block_start: comments_kept,
    };

    // Read from the resume point until the reader stands after an instruction, past the
    // edit, where an old instruction also ended: from there on the old reading holds.
    let tail = instructions.get(keep..).unwrap_or(&[]);
    let mut li = line_index.line_of(resume);
    let mut synced: Option<(usize, usize)> = None; // (old tail index to reuse from, old offset)
    while li < r.lines.len() {
        let line = r.lines.get(li);
        r.check_length(line);
        let before = r.instructions.len();
        li = r.step(li, line);
        if r.instructions.len() == before {
            continue;
        }
        let at = line_index.line_start(li).unwrap_or(text.len());
        if li >= r.lines.len() || at < new_end {
            continue;
        }
        let old_at = (at as isize - delta) as usize;
        if old_at == resume {
            synced = Some((0, old_at));
            break;
        }
        let j = tail.partition_point(|ins| {
            next_line_start(&old_index, ins).is_some_and(|next| next < old_at)
        });
        // Only where that old instruction was complete: one left open by a continuation
        // or a heredoc took the lines after it too.
        let boundary = tail.get(j).filter(|ins| {
            next_line_start(&old_index, ins) == Some(old_at)
                && is_closed(&old.text, &old_index, ins, old.escape)
        });
        if boundary.is_some() {
            synced = Some((j + 1, old_at));
            break;
        }
    }

    let FileReader {
        mut errors,
        mut comments,
        instructions: read,
        ..
    } = r;
    let read_end = keep + read.len();
    let mut shells = old.shells;
    let replaced: Vec<Instruction>;
    match synced {
        Some((from, old_at)) => {
            let from = (keep + from).min(instructions.len());
            replaced = instructions.splice(keep..from, read).collect();
            let old_first_comment =
                comments_kept + tail_comments.partition_point(|c| c.range.start < old_at);
            let renumber = comments.len() as isize - old_first_comment as isize;
            for ins in instructions.iter_mut().skip(read_end) {
                ins.shift(delta);
                ins.comments = (ins.comments.start as isize + renumber) as usize
                    ..(ins.comments.end as isize + renumber) as usize;
            }
            let mut moved: Vec<Comment> = tail_comments
                .into_iter()
                .skip(old_first_comment - comments_kept)
                .collect();
            moved.shift(delta);
            comments.append(&mut moved);
            for mut e in tail_errors {
                if e.range.start >= old_at {
                    e.shift(delta);
                    errors.push(e);
                }
            }
            let kinds_from = from.min(shells.len());
            let kinds_keep = keep.min(kinds_from);
            shells.splice(
                kinds_keep..kinds_from,
                std::iter::repeat_n(None, read_end - keep),
            );
        }
        None => {
            replaced = instructions.split_off(keep);
            instructions.extend(read);
            shells.truncate(keep);
            shells.resize(read_end, None);
        }
    }
    let stages = crate::stages::build(&instructions, &mut errors);
    let stage_names = stage_names(&stages);
    let mut df = Dockerfile {
        text: text.to_string(),
        line_index,
        escape: old.escape,
        bom: old.bom,
        directives: old.directives,
        comments,
        instructions,
        stages,
        stage_names,
        errors,
        shells,
    };
    let read = keep..read_end;
    let reshelled = crate::shell::update_shell_views(&mut df, read.clone());
    // A heredoc left open names its line in the message; lines above may have moved.
    for e in &mut df.errors {
        if e.kind == K::UnterminatedHeredoc {
            e.message = String::new();
        }
    }
    let open: Vec<(usize, String, String)> = df
        .instructions
        .iter()
        .filter(|ins| ins.heredocs.iter().any(|h| h.terminator.is_none()))
        .flat_map(|ins| {
            ins.heredocs
                .iter()
                .filter(|h| h.terminator.is_none())
                .map(|h| (ins.header.start, h.name.clone(), ins.keyword_text.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    for (at, name, kw) in open {
        let line = df.line_index.line_of(at);
        if let Some(e) = df.errors.iter_mut().find(|e| {
            e.kind == K::UnterminatedHeredoc && e.range.start == at && e.message.is_empty()
        }) {
            e.message = unterminated_message(&name, &kw, line);
        }
    }
    df.errors.sort_by_key(|e| (e.range.start, e.range.end));
    let changes = Changes {
        start,
        old_end,
        new_end,
        read,
        replaced,
        reshelled,
    };
    (df, Some(changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(df: &Dockerfile) -> Vec<K> {
        df.errors.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn continuation_rules() {
        let t = "RUN a \\\n  b";
        assert_eq!(continuation(t, 0, 7, '\\'), (6, true));
        let t = "RUN a \\\\";
        assert_eq!(continuation(t, 0, t.len(), '\\'), (t.len(), false));
        let t = "\\  ";
        assert_eq!(continuation(t, 0, 3, '\\'), (0, true));
    }

    #[test]
    fn joins_lines_and_drops_comments() {
        let df = parse("FROM alpine\nRUN apk add \\\n# a comment\n\n    curl\nCMD x\n");
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        assert_eq!(df.instructions.len(), 3);
        let run = &df.instructions[1];
        assert_eq!(run.logical.as_str(), "RUN apk add     curl");
        assert_eq!(run.inner_comments.len(), 1);
        assert_eq!(run.empty_continuation_lines.len(), 1);
        assert_eq!(df.line_index.line_of(run.header.end), 4);
    }

    #[test]
    fn directives_only_at_top() {
        let df =
            parse("# syntax=docker/dockerfile:1\n# escape=`\n\n# escape=\\\nFROM x\nRUN a `\n b\n");
        assert_eq!(df.escape, '`');
        assert_eq!(df.directives.len(), 2);
        assert_eq!(df.instructions[1].logical.as_str(), "RUN a  b");
        let dup = parse("# escape=\\\n# escape=`\nFROM x\n");
        assert_eq!(kinds(&dup), vec![K::DuplicateDirective]);
        let bad = parse("# escape=x\nFROM x\n");
        assert_eq!(kinds(&bad), vec![K::InvalidEscape]);
        // An unknown directive ends the block.
        let after = parse("# foo=bar\n# escape=`\nFROM x\n");
        assert_eq!(after.escape, '\\');
    }

    #[test]
    fn heredocs() {
        let df = parse("FROM x\nRUN <<EOF\necho hi\nEOF\nCOPY <<A <<B /dst/\na\nA\nb\nB\nRUN <<-T cat\n\tx\n\tT\n");
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        let run = &df.instructions[1];
        assert_eq!(run.heredocs.len(), 1);
        assert_eq!(run.heredocs[0].body.of(&df.text), "echo hi\n");
        let copy = &df.instructions[2];
        assert_eq!(
            copy.heredocs
                .iter()
                .map(|h| h.name.as_str())
                .collect::<Vec<_>>(),
            vec!["A", "B"]
        );
        assert_eq!(copy.heredocs[1].content(&df.text), "b\n");
        assert_eq!(df.instructions[3].heredocs[0].content(&df.text), "x\n");
        let open = parse("FROM x\nRUN <<EOF\necho\n");
        assert_eq!(kinds(&open), vec![K::UnterminatedHeredoc]);
    }

    #[test]
    fn heredoc_markers_follow_buildkit() {
        let df = parse("FROM x\nRUN << EOF\nEOF\nRUN echo '<<X'\nRUN [\"<<Y\"]\nRUN cat<<Z\n");
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        assert_eq!(df.instructions[1].heredocs.len(), 1);
        assert!(df.instructions[2].heredocs.is_empty());
        assert!(df.instructions[3].heredocs.is_empty());
        assert!(df.instructions[4].heredocs.is_empty());
        let q = parse("FROM x\nRUN <<'EOF\nx\n");
        assert!(kinds(&q).contains(&K::InvalidHeredoc));
    }

    #[test]
    fn no_instructions() {
        assert_eq!(kinds(&parse("")), vec![K::NoInstructions]);
        assert_eq!(kinds(&parse("# only\n\n")), vec![K::NoInstructions]);
    }

    #[test]
    fn comment_blocks() {
        let df = parse("# syntax=x\n# about base\n\n# more\nFROM a AS base\n#\n# reset\nRUN x\n");
        let from = &df.instructions[0];
        let texts: Vec<&str> = df.comments[from.comments.clone()]
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, vec!["about base", "more"]);
        let run = &df.instructions[1];
        let texts: Vec<&str> = df.comments[run.comments.clone()]
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, vec!["reset"]);
    }
}
