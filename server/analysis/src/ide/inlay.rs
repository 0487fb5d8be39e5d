//! Inlay hints: the value ARG defaults give the variables of FROM lines, and the stage a
//! numeric `COPY --from=0` / `RUN --mount=from=0` refers to.

use dockls_syntax::{Body, Dockerfile, Keyword, TextRange};

use super::visible::{self, VarKind};
use crate::semantic::expand;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayKind {
    /// The value a variable takes.
    Value,
    /// The stage an index names.
    Stage,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (after the text it explains).
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
    pub kind: InlayKind,
}

fn stage_label(df: &Dockerfile, index: usize) -> Option<String> {
    let s = df.stages.get(index)?;
    Some(match &s.name {
        Some(n) => format!("({n})"),
        None => {
            let from = df.instructions.get(s.from)?;
            match &from.body {
                Body::From(f) => format!("({})", f.image.as_ref()?.raw),
                _ => return None,
            }
        }
    })
}

fn stage_hint(df: &Dockerfile, value: &str, end: usize, before: usize, out: &mut Vec<InlayHint>) {
    let Ok(n) = value.parse::<usize>() else {
        return;
    };
    if df.stages.get(n).is_none_or(|s| s.from >= before) {
        return;
    }
    if let Some(label) = stage_label(df, n) {
        out.push(InlayHint {
            offset: end,
            tooltip: Some(format!(
                "Stage {n} starts at line {}",
                visible::line_of(df, df.stages[n].from)
            )),
            label,
            kind: InlayKind::Stage,
        });
    }
}

/// The FROM of the stage holding instruction `i`: only earlier stages can be named.
fn stage_start(df: &Dockerfile, i: usize) -> usize {
    df.stage_of(i).map_or(i, |s| s.from)
}

/// Hints for the instructions that intersect `range`.
pub fn inlay_hints(df: &Dockerfile, range: TextRange) -> Vec<InlayHint> {
    let mut out = Vec::new();
    let first = df
        .instructions
        .partition_point(|ins| ins.range.end < range.start);
    for (i, ins) in df.instructions.iter().enumerate().skip(first) {
        if ins.range.start > range.end {
            break;
        }
        let eff = ins.effective();
        match &eff.body {
            Body::From(f) if std::ptr::eq(eff, ins) => {
                let vars = visible::visible(df, visible::scope_of(df, i));
                let lookup = |n: &str| {
                    vars.iter()
                        .rev()
                        .find(|v| v.name == n)
                        .and_then(|v| v.value.clone())
                };
                let words = ins
                    .flags
                    .iter()
                    .filter_map(|fl| fl.value.as_ref())
                    .chain(f.image.iter());
                for w in words {
                    for v in &w.vars {
                        let Some(value) = expand(v.range.of(&df.text), &lookup) else {
                            continue;
                        };
                        if value.is_empty() {
                            continue;
                        }
                        let decl = vars.iter().rev().find(|x| x.name == v.name);
                        if decl.is_some_and(|d| d.kind == VarKind::Platform) {
                            continue;
                        }
                        let tooltip = match decl.and_then(|d| d.decl) {
                            Some(d) => format!(
                                "Default of ARG {} (line {}); `--build-arg {}=...` overrides it.",
                                v.name,
                                visible::line_of(df, d.instruction),
                                v.name
                            ),
                            None => format!("The default written in `{}`.", v.range.of(&df.text)),
                        };
                        out.push(InlayHint {
                            offset: v.range.end,
                            label: format!("= {value}"),
                            tooltip: Some(tooltip),
                            kind: InlayKind::Value,
                        });
                    }
                }
            }
            _ if eff.is(Keyword::Copy) => {
                if let Some(v) = eff.flag("from").and_then(|f| f.value.as_ref()) {
                    stage_hint(df, &v.value, v.range.end, stage_start(df, i), &mut out);
                }
            }
            _ if eff.is(Keyword::Run) => {
                for m in eff.flags_named("mount").filter_map(|f| f.mount()) {
                    if let Some(field) = m.get("from") {
                        if let (Some(v), Some(r)) = (&field.value, field.value_range) {
                            stage_hint(df, v, r.end, stage_start(df, i), &mut out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(src: &str) -> Vec<(usize, String)> {
        let df = dockls_syntax::parse(src);
        inlay_hints(&df, TextRange::new(0, src.len()))
            .into_iter()
            .map(|h| (h.offset, h.label))
            .collect()
    }

    #[test]
    fn arg_defaults_in_from() {
        let src = "ARG NODE_VERSION=20\nARG VARIANT\nFROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-alpine${VARIANT}\nFROM alpine:${TAG:-3.20}\n";
        let at = src.find("${NODE_VERSION}").unwrap_or(0) + "${NODE_VERSION}".len();
        let tag = src.find("${TAG:-3.20}").unwrap_or(0) + "${TAG:-3.20}".len();
        assert_eq!(
            hints(src),
            vec![(at, "= 20".to_string()), (tag, "= 3.20".to_string())]
        );
    }

    #[test]
    fn numeric_stage_references() {
        let src = "FROM golang AS build\nFROM alpine\nCOPY --from=0 /a /b\nRUN --mount=from=1,target=/x true\nCOPY --from=build /a /b\nCOPY --from=7 /a /b\n";
        let h = hints(src);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].1, "(build)");
        let src = "FROM golang:1.23\nFROM alpine\nCOPY --from=0 /a /b\n";
        assert_eq!(hints(src)[0].1, "(golang:1.23)");
    }
}
