//! The file-level reader: splits a Dockerfile into instructions exactly as BuildKit does
//! (directives, escape character, continuation lines, comments inside continuations,
//! empty continuation lines, heredocs), then reads each instruction's typed view.

use crate::ast::*;
use crate::directives::{match_directive, parse_check};
use crate::errors::{SyntaxError, SyntaxErrorKind as K};
use crate::instruction::{heredoc_markers, Reader};
use crate::logical::LogicalText;
use crate::text::{LineIndex, TextRange};

/// BuildKit's limit on one physical line.
const MAX_LINE: usize = 65_535;

#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// End of content: trailing `\r` and `\n` characters excluded.
    end: usize,
}

fn lines_of(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    loop {
        let nl = memchr_newline(&bytes[start..]).map(|i| start + i);
        let raw_end = nl.unwrap_or(bytes.len());
        let mut end = raw_end;
        while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
            end -= 1;
        }
        out.push(Line { start, end });
        match nl {
            Some(i) if i + 1 < bytes.len() => start = i + 1,
            Some(_) | None => break,
        }
    }
    out
}

fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
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

/// Parses a Dockerfile. Never fails: problems are in [`Dockerfile::errors`].
pub fn parse(text: &str) -> Dockerfile {
    let line_index = LineIndex::new(text);
    let mut errors = Vec::new();
    let mut directives: Vec<Directive> = Vec::new();
    let mut comments: Vec<Comment> = Vec::new();
    let mut instructions: Vec<Instruction> = Vec::new();
    let mut escape = '\\';
    let mut directives_done = false;
    let bom = text.starts_with('\u{feff}');

    if text.contains('\0') {
        let at = text.find('\0').unwrap_or(0);
        errors.push(SyntaxError::new(
            K::NotText,
            TextRange::new(at, at + 1),
            "the file contains NUL bytes: this does not look like a Dockerfile",
        ));
    }

    let lines = lines_of(text);
    let mut block_start = 0usize;
    let mut li = 0usize;
    while li < lines.len() {
        let mut line = lines[li];
        if li == 0 && bom {
            line.start += 3;
        }
        if line.end - line.start > MAX_LINE {
            errors.push(SyntaxError::new(
                K::LineTooLong,
                TextRange::new(line.start, line.start),
                format!(
                    "line is {} bytes long; BuildKit rejects lines over {MAX_LINE} bytes",
                    line.end - line.start
                ),
            ));
        }
        let first = skip_space(text, line.start, line.end);
        let is_comment = text.as_bytes().get(first) == Some(&b'#');

        if !directives_done {
            match match_directive(&text[first..line.end]).filter(|_| is_comment) {
                Some(d) => {
                    let name = text[first + d.name.start..first + d.name.end].to_ascii_lowercase();
                    if matches!(name.as_str(), "syntax" | "escape" | "check") {
                        let name_range = TextRange::new(first + d.name.start, first + d.name.end);
                        let value_range =
                            TextRange::new(first + d.value.start, first + d.value.end);
                        let value = value_range.of(text).to_string();
                        let range = TextRange::new(first, line.end);
                        comments.push(Comment {
                            range,
                            text: text[first + 1..line.end].trim().to_string(),
                            directive: true,
                            inside_instruction: false,
                        });
                        block_start = comments.len();
                        if directives.iter().any(|x| x.name == name) {
                            errors.push(SyntaxError::new(
                                K::DuplicateDirective,
                                range,
                                format!("only one {name} parser directive can be used"),
                            ));
                        } else {
                            if name == "escape" {
                                match value.as_str() {
                                    "\\" => escape = '\\',
                                    "`" => escape = '`',
                                    _ => errors.push(SyntaxError::new(
                                        K::InvalidEscape,
                                        value_range,
                                        format!(
                                            "invalid escape token '{value}' does not match ` or \\"
                                        ),
                                    )),
                                }
                            }
                            if name == "check" {
                                if let Err((r, msg)) = parse_check(&value, value_range.start) {
                                    errors.push(SyntaxError::new(K::InvalidCheckDirective, r, msg));
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

        if is_comment {
            let t = text[first + 1..line.end].trim().to_string();
            let empty = t.is_empty();
            comments.push(Comment {
                range: TextRange::new(first, line.end),
                text: t,
                directive: false,
                inside_instruction: false,
            });
            if empty {
                block_start = comments.len();
            }
            li += 1;
            continue;
        }

        let (kept_end, mut continued) = continuation(text, first, line.end, escape);
        if !continued && kept_end == first {
            // A blank line.
            li += 1;
            continue;
        }

        // An instruction starts here.
        let mut logical = LogicalText::new();
        logical.push(&text[first..kept_end], first);
        let mut header_end = line.end;
        let mut empty_lines = Vec::new();
        let mut inner_comments = Vec::new();
        li += 1;
        while continued && li < lines.len() {
            let l = lines[li];
            li += 1;
            if l.end - l.start > MAX_LINE {
                errors.push(SyntaxError::new(
                    K::LineTooLong,
                    TextRange::new(l.start, l.start),
                    format!(
                        "line is {} bytes long; BuildKit rejects lines over {MAX_LINE} bytes",
                        l.end - l.start
                    ),
                ));
            }
            let f = skip_space(text, l.start, l.end);
            if text.as_bytes().get(f) == Some(&b'#') {
                let r = TextRange::new(f, l.end);
                inner_comments.push(r);
                comments.push(Comment {
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

        let block = block_start..comments.len() - inner_comments.len();
        let mut reader = Reader {
            logical: &logical,
            escape,
            errors: &mut errors,
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
            let markers = heredoc_markers(&logical, &mut errors);
            for m in markers {
                let body_start = lines.get(li).map_or(text.len(), |l| l.start);
                let mut terminator = None;
                while li < lines.len() {
                    let l = lines[li];
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
                    errors.push(SyntaxError::new(
                        K::UnterminatedHeredoc,
                        TextRange::new(ins.header.start, text.len()),
                        format!(
                            "unterminated heredoc: no line reads exactly `{}` after {} (line {})",
                            m.name,
                            ins.keyword_text,
                            line_index.line_of(ins.header.start) + 1
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
        instructions.push(ins);
        block_start = comments.len();
    }

    if instructions.is_empty() {
        let what = if text.trim_start_matches('\u{feff}').trim().is_empty() {
            "the file is empty"
        } else {
            "the file has only comments"
        };
        errors.push(SyntaxError::new(
            K::NoInstructions,
            TextRange::new(0, 0),
            format!(
                "file with no instructions: {what}; a Dockerfile needs at least a FROM instruction"
            ),
        ));
    }

    let stages = crate::stages::build(&instructions, &mut errors);
    let mut stage_names = std::collections::HashMap::new();
    for s in &stages {
        if let Some(n) = &s.name {
            stage_names.entry(n.clone()).or_insert(s.index);
        }
    }
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
    };
    crate::shell::attach_shell_views(&mut df);
    df.errors.sort_by_key(|e| (e.range.start, e.range.end));
    df
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
