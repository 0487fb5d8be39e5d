//! The fix shared by the secret rules: stop declaring the secret with ARG/ENV and hand it to
//! the RUN instructions that use it through a build secret
//! (`RUN --mount=type=secret,id=<id>,env=<NAME>`), which never reaches the image.

use dockls_syntax::{Body, CommandForm, Dockerfile, Keyword, TextRange};

use crate::context::{Context, InstructionRef};
use crate::diagnostic::{Edit, Fix};

/// Names referenced (`$NAME`, `${NAME...}`) in a RUN's command text.
fn run_uses(df: &Dockerfile, ins: &dockls_syntax::Instruction, name: &str) -> bool {
    let texts: Vec<String> = match ins.command() {
        Some(CommandForm::Shell(s)) => {
            let mut v = vec![s.text.clone()];
            v.extend(ins.heredocs.iter().map(|h| h.body.of(&df.text).to_string()));
            v
        }
        Some(CommandForm::Exec { items, .. }) => items.iter().map(|w| w.value.clone()).collect(),
        None => Vec::new(),
    };
    texts.iter().any(|t| {
        dockls_syntax::vars::scan(t, '\\', false)
            .refs
            .iter()
            .any(|r| r.name == name)
    })
}

/// Whether an instruction the builder expands (COPY, LABEL, USER, ...) refers to `name`.
fn expanded_elsewhere(ins: &dockls_syntax::Instruction, name: &str) -> bool {
    ins.words()
        .iter()
        .any(|w| w.vars.iter().any(|v| v.name == name))
}

/// The range that removes one pair from its instruction: the whole instruction (with its
/// line break) when it is the only pair, else the pair and the space before it.
fn removal(
    df: &Dockerfile,
    ins: &dockls_syntax::Instruction,
    pairs: &[dockls_syntax::KeyValue],
    i: usize,
) -> Option<TextRange> {
    let p = pairs.get(i)?;
    if pairs.len() == 1 {
        let line = df.line_index.line_of(ins.range.start);
        let start = df.line_index.line_start(line)?;
        let end_line = df.line_index.line_of(ins.range.end);
        let end = df
            .line_index
            .line_start(end_line + 1)
            .unwrap_or(df.text.len());
        return Some(TextRange::new(start, end));
    }
    match i.checked_sub(1).and_then(|j| pairs.get(j)) {
        Some(prev) => Some(TextRange::new(prev.range.end, p.range.end)),
        None => pairs
            .get(1)
            .map(|next| TextRange::new(p.range.start, next.range.start)),
    }
}

/// The secret id for a variable name (`NPM_TOKEN` -> `npm_token`).
fn secret_id(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Builds the fix for the pair `index` of an ARG or ENV instruction, or `None` when it
/// cannot be done safely (ONBUILD, or the value is also used by an instruction the builder
/// expands, which a build secret cannot reach).
pub fn to_build_secret(cx: &Context<'_>, r: &InstructionRef<'_>, index: usize) -> Option<Fix> {
    if r.onbuild {
        return None;
    }
    let df = cx.df;
    let (pairs, what) = match &r.ins.body {
        Body::Arg(p) => (p, "ARG"),
        Body::Env { pairs, .. } => (pairs, "ENV"),
        _ => return None,
    };
    let name = pairs.get(index)?.key.value.clone();
    // The stages that can see the variable: its own stage (after it) and, for ENV and
    // ARG alike, the stages built on it.
    let stage = r.stage?;
    let visible: Vec<usize> = df
        .stages
        .iter()
        .filter(|s| s.index == stage.index || df.lineage(s.index).contains(&stage.index))
        .map(|s| s.index)
        .collect();
    let mut mounts = Vec::new();
    for s in visible {
        let Some(st) = df.stages.get(s) else { continue };
        for i in st.instructions.clone() {
            if i <= r.index {
                continue;
            }
            let Some(ins) = df.instructions.get(i) else {
                continue;
            };
            if ins.is(Keyword::Run) {
                if run_uses(df, ins, &name) {
                    mounts.push(ins.keyword_range.end);
                }
            } else if expanded_elsewhere(ins.effective(), &name) {
                return None;
            }
        }
    }
    let id = secret_id(&name);
    let mut edits = vec![Edit::delete(removal(df, r.ins, pairs, index)?)];
    for at in &mounts {
        edits.push(Edit::insert(
            *at,
            format!(" --mount=type=secret,id={id},env={name}"),
        ));
    }
    let title = if mounts.is_empty() {
        format!("Remove {what} `{name}` (pass it as a build secret, `--secret id={id}`, where a RUN needs it)")
    } else {
        format!("Pass `{name}` as a build secret (`RUN --mount=type=secret,id={id},env={name}`) instead of {what}")
    };
    Some(Fix::unsafe_(title, edits))
}

#[cfg(test)]
mod tests {
    use crate::{analyze, NoFiles, Settings};

    fn fixed(src: &str, code: &str) -> Option<String> {
        let settings = Settings {
            select: Some(vec![code.into()]),
            ..Settings::default()
        };
        let a = analyze(src, &settings, &NoFiles, Some("Dockerfile"));
        let d = a.diagnostics.iter().find(|d| d.code == code)?;
        d.fixes.first()?.apply(src)
    }

    #[test]
    fn moves_the_secret_into_the_runs_that_use_it() {
        let src = "FROM node:22\nARG NPM_TOKEN\nRUN echo \"//r/:_authToken=$NPM_TOKEN\" > .npmrc && npm ci\nRUN true\n";
        assert_eq!(
            fixed(src, "DK500").as_deref(),
            Some("FROM node:22\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo \"//r/:_authToken=$NPM_TOKEN\" > .npmrc && npm ci\nRUN true\n")
        );
    }

    #[test]
    fn keeps_other_pairs_and_skips_expanded_uses() {
        let src = "FROM alpine:3.20\nENV A=1 API_TOKEN=abc B=2\nRUN use ${API_TOKEN}\n";
        let out = fixed(src, "DK500").unwrap_or_default();
        assert_eq!(out, "FROM alpine:3.20\nENV A=1 B=2\nRUN --mount=type=secret,id=api_token,env=API_TOKEN use ${API_TOKEN}\n");
        assert!(dockls_syntax::parse(&out).errors.is_empty());
        let used_by_copy = "FROM alpine:3.20\nARG API_TOKEN\nCOPY $API_TOKEN /x\n";
        assert_eq!(fixed(used_by_copy, "DK500"), None);
    }
}
