//! Document symbols (stages as containers of their instructions, ARG/ENV/LABEL names
//! inside) and workspace symbols (stage and variable names).

use dockls_syntax::{Base, Body, Dockerfile, Instruction, Keyword, Stage, TextRange};

/// What a symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// A build stage (`FROM ... [AS name]`).
    Stage,
    /// An instruction.
    Instruction,
    /// An ARG or ENV name.
    Variable,
    /// A LABEL key.
    Label,
    /// A parser directive (`# syntax=...`).
    Directive,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// Never empty.
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol covers.
    pub range: TextRange,
    /// The part to select (a name or keyword); inside `range`.
    pub selection: TextRange,
    /// The symbol is deprecated (MAINTAINER).
    pub deprecated: bool,
    pub children: Vec<Symbol>,
}

const DETAIL_MAX: usize = 60;

/// One line of text for a detail: whitespace collapsed, shortened with `…`.
fn summary(s: &str) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        if out.chars().count() > DETAIL_MAX {
            break;
        }
    }
    if out.chars().count() > DETAIL_MAX {
        let mut cut: String = out.chars().take(DETAIL_MAX - 1).collect();
        cut = cut.trim_end().to_string();
        cut.push('…');
        return cut;
    }
    out
}

fn variables(ins: &Instruction) -> Vec<Symbol> {
    let (pairs, kind) = match &ins.body {
        Body::Arg(p) => (p, SymbolKind::Variable),
        Body::Env { pairs, .. } => (pairs, SymbolKind::Variable),
        Body::Label { pairs, .. } => (pairs, SymbolKind::Label),
        _ => return Vec::new(),
    };
    pairs
        .iter()
        .filter(|p| !p.key.value.is_empty())
        .map(|p| Symbol {
            name: p.key.value.clone(),
            detail: p.value.as_ref().map(|v| summary(&v.value)),
            kind,
            range: p.range.cover(p.key.range),
            selection: p.key.range,
            deprecated: false,
            children: Vec::new(),
        })
        .collect()
}

fn keyword_name(ins: &Instruction) -> String {
    match ins.keyword {
        Some(k) => k.as_str().to_string(),
        None if !ins.keyword_text.is_empty() => ins.keyword_text.clone(),
        None => "(unknown)".to_string(),
    }
}

fn instruction_symbol(ins: &Instruction) -> Symbol {
    // Flags and arguments as the builder reads them (continuations joined).
    let logical = ins.logical.as_str();
    let after = logical
        .get(ins.keyword_text.len()..)
        .filter(|_| logical.starts_with(ins.keyword_text.as_str()))
        .unwrap_or(&ins.args_text);
    let detail = summary(after);
    Symbol {
        name: keyword_name(ins),
        detail: (!detail.is_empty()).then_some(detail),
        kind: SymbolKind::Instruction,
        range: ins.range,
        selection: ins.keyword_range,
        deprecated: ins.is(Keyword::Maintainer),
        children: variables(ins),
    }
}

fn stage_name(stage: &Stage, df: &Dockerfile) -> (String, TextRange) {
    match (&stage.name, stage.name_range) {
        (Some(n), Some(r)) if !n.is_empty() => (r.of(&df.text).to_string(), r),
        _ => {
            let kw = df
                .instructions
                .get(stage.from)
                .map_or(TextRange::default(), |i| i.keyword_range);
            (format!("stage {}", stage.index), kw)
        }
    }
}

fn stage_detail(stage: &Stage, df: &Dockerfile) -> Option<String> {
    let from = df.instructions.get(stage.from)?;
    let Body::From(f) = &from.body else {
        return None;
    };
    let image = f.image.as_ref()?;
    let mut d = summary(&image.raw);
    if let Base::Stage(p) = stage.base {
        d = format!("{d} (stage {p})");
    }
    if let Some(p) = from.flag("platform").and_then(|f| f.value.as_ref()) {
        d = format!("{d} --platform={}", summary(&p.raw));
    }
    Some(d)
}

/// The outline: directives, global ARG names, then each stage with its instructions.
pub fn document_symbols(df: &Dockerfile) -> Vec<Symbol> {
    let mut out = Vec::new();
    for d in &df.directives {
        out.push(Symbol {
            name: d.name.clone(),
            detail: (!d.value.is_empty()).then(|| summary(&d.value)),
            kind: SymbolKind::Directive,
            range: d.range,
            selection: d.name_range,
            deprecated: false,
            children: Vec::new(),
        });
    }
    for ins in df.globals() {
        if ins.is(Keyword::Arg) {
            out.extend(variables(ins));
        } else {
            out.push(instruction_symbol(ins));
        }
    }
    for stage in &df.stages {
        let Some(from) = df.instructions.get(stage.from) else {
            continue;
        };
        let instructions = df.stage_instructions(stage);
        let end = instructions.last().map_or(from.range.end, |i| i.range.end);
        let (name, selection) = stage_name(stage, df);
        out.push(Symbol {
            name,
            detail: stage_detail(stage, df),
            kind: SymbolKind::Stage,
            range: TextRange::new(from.range.start, end),
            selection,
            deprecated: false,
            children: instructions
                .iter()
                .skip(1)
                .map(instruction_symbol)
                .collect(),
        });
    }
    out
}

/// A symbol for workspace search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub range: TextRange,
    /// The stage a variable belongs to (`global` for global ARGs).
    pub container: Option<String>,
}

/// Case-insensitive subsequence match (`bld` matches `build`); the empty query matches all.
pub fn fuzzy_match(query: &str, name: &str) -> bool {
    let mut chars = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|q| chars.any(|c| c == q))
}

/// Named stages and ARG/ENV names of one file that match `query`.
pub fn workspace_symbols(df: &Dockerfile, query: &str) -> Vec<WorkspaceSymbol> {
    let mut out = Vec::new();
    let mut push = |name: &str, kind, range, container: Option<String>| {
        if !name.is_empty() && fuzzy_match(query, name) {
            out.push(WorkspaceSymbol {
                name: name.to_string(),
                kind,
                range,
                container,
            });
        }
    };
    for ins in df.globals() {
        if let Body::Arg(pairs) = &ins.body {
            for p in pairs {
                push(
                    &p.key.value,
                    SymbolKind::Variable,
                    p.key.range,
                    Some("global".into()),
                );
            }
        }
    }
    for stage in &df.stages {
        let (name, selection) = stage_name(stage, df);
        if stage.name.is_some() {
            push(&name, SymbolKind::Stage, selection, None);
        }
        for ins in df.stage_instructions(stage) {
            if let Body::Arg(pairs) | Body::Env { pairs, .. } = &ins.body {
                for p in pairs {
                    push(
                        &p.key.value,
                        SymbolKind::Variable,
                        p.key.range,
                        Some(name.clone()),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(symbols: &[Symbol], text: &str, depth: usize, out: &mut Vec<String>) {
        for s in symbols {
            assert!(s.range.contains_range(s.selection), "{s:?}");
            out.push(format!(
                "{}{:?} {} [{}]{}",
                "  ".repeat(depth),
                s.kind,
                s.name,
                s.selection.of(text),
                s.detail
                    .as_ref()
                    .map(|d| format!(" — {d}"))
                    .unwrap_or_default()
            ));
            outline(&s.children, text, depth + 1, out);
        }
    }

    #[test]
    fn stages_contain_their_instructions() {
        let text = "# syntax=docker/dockerfile:1\nARG GO=1.22 DEBIAN\nFROM golang:${GO} AS build\nENV CGO_ENABLED=0 \\\n    GOOS=linux\nRUN go build \\\n    -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nLABEL org.opencontainers.image.title=\"app\"\nMAINTAINER me\n";
        let df = dockls_syntax::parse(text);
        let mut out = Vec::new();
        outline(&document_symbols(&df), text, 0, &mut out);
        assert_eq!(
            out,
            vec![
                "Directive syntax [syntax] — docker/dockerfile:1",
                "Variable GO [GO] — 1.22",
                "Variable DEBIAN [DEBIAN]",
                "Stage build [build] — golang:${GO}",
                "  Instruction ENV [ENV] — CGO_ENABLED=0 GOOS=linux",
                "    Variable CGO_ENABLED [CGO_ENABLED] — 0",
                "    Variable GOOS [GOOS] — linux",
                "  Instruction RUN [RUN] — go build -o /app .",
                "Stage stage 1 [FROM] — gcr.io/distroless/static",
                "  Instruction COPY [COPY] — --from=build /app /app",
                "  Instruction LABEL [LABEL] — org.opencontainers.image.title=\"app\"",
                "    Label org.opencontainers.image.title [org.opencontainers.image.title] — app",
                "  Instruction MAINTAINER [MAINTAINER] — me",
            ]
        );
    }

    #[test]
    fn broken_input_gives_named_symbols() {
        for text in [
            "",
            "RUN\n",
            "FROM\n",
            "ARG\nFROM a AS\n",
            "foo bar\n",
            "FROM a AS b\nENV =x\n",
        ] {
            let df = dockls_syntax::parse(text);
            let mut out = Vec::new();
            outline(&document_symbols(&df), text, 0, &mut out);
            assert!(out.iter().all(|l| !l.trim().is_empty()));
        }
    }

    #[test]
    fn workspace_search() {
        let df = dockls_syntax::parse(
            "ARG BASE\nFROM a AS builder\nARG BUILD_ID\nENV PATH=/x\nFROM b\nENV B_DIR=/y\n",
        );
        let names: Vec<(String, Option<String>)> = workspace_symbols(&df, "bld")
            .into_iter()
            .map(|s| (s.name, s.container))
            .collect();
        assert_eq!(
            names,
            vec![
                ("builder".to_string(), None),
                ("BUILD_ID".to_string(), Some("builder".to_string()))
            ]
        );
        assert_eq!(workspace_symbols(&df, "").len(), 5);
        let dirs: Vec<String> = workspace_symbols(&df, "dir")
            .into_iter()
            .map(|s| s.container.unwrap_or_default())
            .collect();
        assert_eq!(dirs, vec!["stage 1"]);
    }
}
