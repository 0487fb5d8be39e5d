//! Folding ranges: stages, instructions that span several lines, heredoc bodies and
//! runs of comment lines. Lines are zero-based; a fold keeps `start_line` visible and
//! hides the lines after it up to `end_line`.

use dockls_syntax::{Dockerfile, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A build stage.
    Stage,
    /// A continued instruction.
    Instruction,
    /// A heredoc body with its terminator.
    Heredoc,
    /// Two or more consecutive comment lines.
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start_line: usize,
    pub end_line: usize,
    pub kind: FoldKind,
    /// Starts on `start_line` and ends on `end_line` (for converting to other line models).
    pub range: TextRange,
}

pub fn folding_ranges(df: &Dockerfile) -> Vec<Fold> {
    let idx = &df.line_index;
    let line = |offset: usize| idx.line_of(offset);
    // The last line of a range (a range ending just after a newline ends on the line before).
    let last_line = |start: usize, end: usize| {
        let end = if end > start && df.text.as_bytes().get(end - 1) == Some(&b'\n') {
            end - 1
        } else {
            end
        };
        idx.line_of(end)
    };
    let mut out = Vec::new();
    let mut push = |start_line: usize, end_line: usize, kind: FoldKind| {
        if end_line > start_line {
            let start = idx.line_start(start_line).unwrap_or(0);
            let end = idx.line_start(end_line).unwrap_or(start);
            out.push(Fold {
                start_line,
                end_line,
                kind,
                range: TextRange::new(start, end),
            });
        }
    };
    for stage in &df.stages {
        let ins = df.stage_instructions(stage);
        if let (Some(first), Some(last)) = (ins.first(), ins.last()) {
            push(
                line(first.range.start),
                last_line(first.range.start, last.range.end),
                FoldKind::Stage,
            );
        }
    }
    for ins in &df.instructions {
        let start = line(ins.range.start);
        push(
            start,
            last_line(ins.range.start, ins.range.end),
            FoldKind::Instruction,
        );
        for h in &ins.heredocs {
            // From the line before the body (the marker's line or the previous heredoc's
            // terminator) to the terminator.
            let body_start = line(h.body.start);
            let end = match h.terminator {
                Some(t) => line(t.start),
                None => last_line(h.body.start, h.body.end),
            };
            push(
                body_start.saturating_sub(1).max(start),
                end,
                FoldKind::Heredoc,
            );
        }
    }
    // Comment runs outside instructions (directives excluded).
    let mut run: Option<(usize, usize)> = None;
    let mut runs = Vec::new();
    for c in &df.comments {
        if c.directive || c.inside_instruction {
            if let Some(r) = run.take() {
                runs.push(r);
            }
            continue;
        }
        let l = line(c.range.start);
        run = match run {
            Some((s, e)) if e + 1 == l => Some((s, l)),
            Some(r) => {
                runs.push(r);
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    runs.extend(run);
    for (s, e) in runs {
        push(s, e, FoldKind::Comment);
    }
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        let text = "# a\n# b\nFROM a AS x\nRUN one \\\n    two\nCOPY <<A <<B /d/\na\nA\nb\nB\n\n# c\nFROM b\n# d\n# e\nRUN x\n";
        let df = dockls_syntax::parse(text);
        let got: Vec<(usize, usize, FoldKind)> = folding_ranges(&df)
            .into_iter()
            .map(|f| (f.start_line, f.end_line, f.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 1, FoldKind::Comment),
                (2, 9, FoldKind::Stage),
                (3, 4, FoldKind::Instruction),
                (5, 9, FoldKind::Instruction),
                (5, 7, FoldKind::Heredoc),
                (7, 9, FoldKind::Heredoc),
                (12, 15, FoldKind::Stage),
                (13, 14, FoldKind::Comment),
            ]
        );
    }

    #[test]
    fn unterminated_heredoc_and_crlf() {
        let text = "FROM a\r\nRUN <<EOF\r\necho\r\nmore\r\n";
        let df = dockls_syntax::parse(text);
        let got: Vec<(usize, usize, FoldKind)> = folding_ranges(&df)
            .into_iter()
            .map(|f| (f.start_line, f.end_line, f.kind))
            .collect();
        assert_eq!(
            got,
            vec![(0, 3, FoldKind::Stage), (1, 3, FoldKind::Instruction)]
        );
    }
}
