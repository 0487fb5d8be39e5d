//! Shared reading of EXPOSE words: `[ip:][host:]port[-end][/proto]`.

use dockls_syntax::{Body, Keyword, TextRange, Word};

use crate::context::{Context, InstructionRef};
use crate::rules::instruction::util::{expand, stage_lookup};

/// One EXPOSE word, with its value after variable expansion when that is known.
pub(crate) struct PortWord<'a> {
    pub word: &'a Word,
    /// The expanded text (the word itself when it has no variables).
    pub value: String,
    /// The word maps one-to-one to the text (no variables, quotes or escapes), so
    /// positions inside `value` are positions in the file.
    pub literal: bool,
}

impl PortWord<'_> {
    /// Range in the file of `value[start..end]`, when the word is literal.
    pub fn sub_range(&self, start: usize, end: usize) -> TextRange {
        if self.literal {
            TextRange::new(self.word.range.start + start, self.word.range.start + end)
        } else {
            self.word.range
        }
    }
}

/// The EXPOSE words of the file whose value is known.
pub(crate) fn port_words<'a>(cx: &'a Context<'_>) -> Vec<(InstructionRef<'a>, PortWord<'a>)> {
    let mut out = Vec::new();
    for r in cx.each_with_onbuild(Keyword::Expose) {
        let Body::Expose(words) = &r.ins.body else {
            continue;
        };
        for w in words {
            let literal = !w.has_vars() && w.raw == w.value && w.range.len() == w.raw.len();
            let value = if w.has_vars() {
                let Some(stage) = r.stage else { continue };
                let lookup = |n: &str| stage_lookup(cx, stage.index, r.index, n);
                match expand(&w.raw, cx.df.escape, &lookup) {
                    Some(v) => v,
                    None => continue,
                }
            } else {
                w.value.clone()
            };
            // An empty expansion exposes nothing (no error); several words are several ports.
            if value.is_empty() || value.contains(char::is_whitespace) {
                continue;
            }
            out.push((
                r,
                PortWord {
                    word: w,
                    value,
                    literal,
                },
            ));
        }
    }
    out
}
