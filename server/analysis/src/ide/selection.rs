//! Selection ranges ("expand selection"): from the word under the cursor outwards
//! through its flag or argument, the instruction and its stage to the whole file.

use dockls_syntax::{Body, Dockerfile, Instruction, TextRange};

fn push_word_parts(ins: &Instruction, text: &str, offset: usize, out: &mut Vec<TextRange>) {
    for w in ins.words() {
        out.push(w.range);
        for v in &w.vars {
            out.push(v.name_range);
            out.push(v.range);
            if let Some(r) = v.word_range {
                out.push(r);
            }
        }
    }
    for f in &ins.flags {
        out.push(f.range);
        out.push(f.name_range);
        if let Some(m) = f.mount() {
            for field in &m.fields {
                out.extend(field.key_range);
                out.extend(field.value_range);
                if let (Some(k), Some(v)) = (field.key_range, field.value_range) {
                    out.push(k.cover(v));
                }
            }
        }
    }
    match &ins.body {
        Body::Env { pairs, .. } | Body::Label { pairs, .. } | Body::Arg(pairs) => {
            out.extend(pairs.iter().map(|p| p.range));
        }
        Body::Onbuild(Some(inner)) => {
            out.push(inner.range);
            out.push(inner.keyword_range);
            out.push(inner.args_range);
            push_word_parts(inner, text, offset, out);
        }
        _ => {}
    }
    if let Some(cmd) = ins.command() {
        out.push(cmd.range());
    }
    if let Some(sh) = &ins.shell {
        for c in &sh.commands {
            out.push(c.range);
            out.extend(c.name.iter().map(|w| w.range));
            out.extend(c.args.iter().map(|w| w.range));
            out.extend(c.redirects.iter().map(|r| r.range));
        }
        out.extend(sh.tokens.iter().map(|(r, _)| *r));
    }
    for h in &ins.heredocs {
        out.push(h.marker_range);
        out.push(h.body);
        if let Some(t) = h.terminator {
            out.push(t);
            out.push(h.body.cover(t));
        }
        // The body line under the cursor.
        if h.body.contains(offset) {
            let body = h.body.of(text);
            let mut start = h.body.start;
            for line in body.split_inclusive('\n') {
                let content = line.trim_end_matches(['\n', '\r']);
                let r = TextRange::new(start, start + content.len());
                if r.touches(offset) {
                    out.push(r);
                }
                start += line.len();
            }
        }
    }
}

/// The nested ranges around `offset`, smallest first, each containing the previous.
pub fn selection_ranges(df: &Dockerfile, offset: usize) -> Vec<TextRange> {
    let text = df.text.as_str();
    let mut cands: Vec<TextRange> = Vec::new();
    if let Some(i) = df.instruction_at(offset) {
        if let Some(ins) = df.instructions.get(i) {
            cands.push(ins.keyword_range);
            cands.push(ins.args_range);
            cands.push(ins.header);
            cands.push(ins.range);
            push_word_parts(ins, text, offset, &mut cands);
            // Flags and arguments together (everything after the keyword).
            if let Some(first) = ins.flags.first() {
                cands.push(first.range.cover(ins.args_range));
            }
            // The instruction with its comment block above.
            if let Some(c) = df
                .comments
                .get(ins.comments.clone())
                .and_then(|c| c.first())
            {
                cands.push(c.range.cover(ins.range));
            }
        }
        if let Some(stage) = df.stage_of(i) {
            let ins = df.stage_instructions(stage);
            if let (Some(a), Some(b)) = (ins.first(), ins.last()) {
                cands.push(a.range.cover(b.range));
            }
        }
    }
    for c in &df.comments {
        if c.range.touches(offset) {
            cands.push(c.range);
        }
    }
    // A comment above an instruction: with the instruction it documents.
    let next = df.instructions.partition_point(|i| i.range.start < offset);
    if let Some(ins) = df.instructions.get(next) {
        let block = df.comments.get(ins.comments.clone()).unwrap_or(&[]);
        if let Some(first) = block
            .first()
            .filter(|_| block.iter().any(|c| c.range.touches(offset)))
        {
            cands.push(first.range.cover(ins.range));
        }
    }
    for d in &df.directives {
        cands.push(d.name_range);
        cands.push(d.value_range);
        cands.push(d.range);
    }
    cands.push(TextRange::new(0, text.len()));
    cands.retain(|r| r.touches(offset) && r.end <= text.len());
    cands.sort_by_key(|r| (r.len(), std::cmp::Reverse(r.start)));
    let mut out: Vec<TextRange> = Vec::new();
    for r in cands {
        match out.last() {
            Some(last) if *last == r || !r.contains_range(*last) => {}
            _ => out.push(r),
        }
    }
    // An empty first range (a cursor between words) is useless to expand from.
    if out.len() > 1 && out.first().is_some_and(|r| r.is_empty()) {
        out.remove(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(src: &str) -> Vec<String> {
        let at = src.find("$0").unwrap_or(0);
        let text = src.replacen("$0", "", 1);
        let df = dockls_syntax::parse(&text);
        selection_ranges(&df, at)
            .into_iter()
            .map(|r| r.of(&text).to_string())
            .collect()
    }

    #[test]
    fn word_flag_instruction_stage_file() {
        let src = "FROM a AS b\nRUN --mount=type=cache,tar$0get=/root/.cache \\\n    pip install x\nFROM c\n";
        assert_eq!(
            chain(src),
            vec![
                "target",
                "target=/root/.cache",
                "type=cache,target=/root/.cache",
                "--mount=type=cache,target=/root/.cache",
                "--mount=type=cache,target=/root/.cache \\\n    pip install x",
                "RUN --mount=type=cache,target=/root/.cache \\\n    pip install x",
                "FROM a AS b\nRUN --mount=type=cache,target=/root/.cache \\\n    pip install x",
                src.replacen("$0", "", 1).as_str(),
            ]
        );
    }

    #[test]
    fn variables_and_shell_words() {
        let src = "FROM a\nENV P=${HO$0ME:-/x}/bin\n";
        assert_eq!(
            chain(src)[..4].to_vec(),
            vec![
                "HOME",
                "${HOME:-/x}",
                "${HOME:-/x}/bin",
                "P=${HOME:-/x}/bin"
            ]
        );
        let src = "FROM a\nRUN apt-get install -y cu$0rl && rm -rf /x\n";
        assert_eq!(
            chain(src)[..4].to_vec(),
            vec![
                "curl",
                "apt-get install -y curl",
                "apt-get install -y curl && rm -rf /x",
                "RUN apt-get install -y curl && rm -rf /x"
            ]
        );
    }

    #[test]
    fn heredoc_lines_and_comments() {
        let src = "FROM a\nRUN <<EOF\necho o$0ne\necho two\nEOF\n";
        let c = chain(src);
        assert!(c.contains(&"echo one".to_string()), "{c:?}");
        assert!(c.contains(&"echo one\necho two\n".to_string()), "{c:?}");
        let src = "# about$0\nFROM a\n";
        assert_eq!(chain(src)[..2].to_vec(), vec!["# about", "# about\nFROM a"]);
    }
}
