//! Groups instructions into build stages and resolves what each stage is built from.

use crate::ast::*;
use crate::errors::{SyntaxError, SyntaxErrorKind as K};
use crate::text::TextRange;

pub(crate) fn build(instructions: &[Instruction], errors: &mut Vec<SyntaxError>) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    // Lowercased stage name to the first stage with that name (a scan of the stages for
    // each FROM made files with many stages quadratic).
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut reported_pre_from = false;
    let mut first_from: Option<usize> = None;
    for (i, ins) in instructions.iter().enumerate() {
        if let Body::From(f) = &ins.body {
            first_from.get_or_insert(i);
            if let Some(last) = stages.last_mut() {
                last.instructions.end = i;
            }
            let name = f
                .name
                .as_ref()
                .filter(|_| f.as_keyword.is_some())
                .map(|n| n.value.to_ascii_lowercase());
            let name_range = f
                .name
                .as_ref()
                .filter(|_| f.as_keyword.is_some())
                .map(|n| n.range);
            let base = match (&f.image, &f.image_ref) {
                (Some(img), Some(r)) => {
                    // BuildKit expands FROM with the global ARG defaults before it looks
                    // the name up among the stages (`FROM base-${TARGETARCH}`).
                    let expanded = if img.vars.is_empty() {
                        None
                    } else {
                        expand_with_globals(&img.value, &instructions[..first_from.unwrap_or(i)])
                    };
                    let lower = expanded
                        .as_deref()
                        .unwrap_or(&img.value)
                        .to_ascii_lowercase();
                    if let Some(&parent) = by_name.get(lower.as_str()) {
                        Base::Stage(parent)
                    } else if r.is_scratch() {
                        Base::Scratch
                    } else {
                        Base::Image(r.clone())
                    }
                }
                _ => Base::Unknown,
            };
            if let Some(n) = &name {
                by_name.entry(n.clone()).or_insert(stages.len());
            }
            stages.push(Stage {
                index: stages.len(),
                from: i,
                instructions: i..i + 1,
                name,
                name_range,
                base,
            });
        } else if let Some(last) = stages.last_mut() {
            last.instructions.end = i + 1;
        } else if !ins.is(Keyword::Arg) && ins.keyword.is_some() && !reported_pre_from {
            reported_pre_from = true;
            errors.push(SyntaxError::new(
                K::NoBuildStage,
                ins.keyword_range,
                format!("{} must come after a FROM instruction: only ARG may come before the first FROM", ins.keyword_text.to_ascii_uppercase()),
            ));
        }
    }
    if let Some(last) = stages.last_mut() {
        last.instructions.end = instructions.len();
    }
    if stages.is_empty()
        && !instructions.is_empty()
        && !reported_pre_from
        && instructions.iter().any(|i| i.keyword.is_some())
    {
        let first = &instructions[0];
        errors.push(SyntaxError::new(
            K::NoBuildStage,
            TextRange::new(first.keyword_range.start, first.keyword_range.end),
            "the file has no FROM instruction, so there is no stage to build",
        ));
    }
    stages
}

/// `value` with `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME-default}` replaced by
/// the defaults of the ARGs in `globals` (the last declaration wins); `None` when a
/// reference has no value or uses another modifier.
fn expand_with_globals(value: &str, globals: &[Instruction]) -> Option<String> {
    let lookup = |name: &str| {
        globals
            .iter()
            .rev()
            .filter_map(|ins| match &ins.body {
                Body::Arg(pairs) => pairs.iter().rev().find(|p| p.key.value == name),
                _ => None,
            })
            .next()
            .and_then(|p| p.value.as_ref().map(|v| v.value.clone()))
            .filter(|v| !v.is_empty())
    };
    let scan = crate::vars::scan(value, '\\', false);
    let mut out = String::new();
    let mut at = 0;
    for r in &scan.refs {
        if r.span.start < at {
            continue;
        }
        out.push_str(value.get(at..r.span.start)?);
        let replaced = match (r.modifier, lookup(&r.name)) {
            (None, Some(v)) => v,
            (Some(m), Some(v)) if m.provides_default() => v,
            (Some(m), None) if m.provides_default() => {
                let w = r.word_span.clone().and_then(|s| value.get(s)).unwrap_or("");
                if w.contains('$') {
                    return None;
                }
                w.to_string()
            }
            _ => return None,
        };
        out.push_str(&replaced);
        at = r.span.end;
    }
    out.push_str(value.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::ast::Base;
    use crate::reader::parse;

    #[test]
    fn stages_and_bases() {
        let df = parse("ARG V=1\nFROM golang:1.22 AS Build\nRUN go build\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a\n");
        assert_eq!(df.stages.len(), 3);
        assert_eq!(df.stages[0].name.as_deref(), Some("build"));
        assert_eq!(df.stages[0].instructions, 1..3);
        assert_eq!(df.stages[1].base, Base::Stage(0));
        assert_eq!(df.stages[2].base, Base::Scratch);
        assert_eq!(df.globals().len(), 1);
        assert_eq!(df.lineage(1), vec![1, 0]);
    }

    #[test]
    fn stage_names_from_global_args() {
        let df = parse("ARG TYPE=alpine\nARG V\nFROM alpine:3.20 AS base-alpine\nWORKDIR /work\nFROM debian:12 AS base-debian\nFROM base-${TYPE} AS test\nFROM base-${V:-debian}\nFROM base-$V\n");
        assert_eq!(df.stages[2].base, Base::Stage(0));
        assert_eq!(df.stages[3].base, Base::Stage(1));
        assert!(matches!(df.stages[4].base, Base::Image(_)));
        assert_eq!(df.lineage(2), vec![2, 0]);
    }

    #[test]
    fn instruction_before_from() {
        let df = parse("RUN x\nFROM a\n");
        assert_eq!(df.errors.len(), 1);
        let df = parse("ARG A\n");
        assert_eq!(df.errors.len(), 1);
    }
}
