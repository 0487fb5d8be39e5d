//! Semantic tokens.
//!
//! Where tree-sitter-dockerfile reads an instruction cleanly, its tokens come from the
//! highlight query (`queries/highlights.scm`) over the server's incremental tree. The
//! grammar misreads many real files (heredocs, escapes, `# escape=`, unusual quoting);
//! an instruction whose subtree has ERROR or MISSING nodes, or whose node does not line up
//! with the instruction BuildKit reads, gets its tokens from the typed view instead, so
//! highlighting never follows a misparse. On top of both come the shell tokens of RUN,
//! CMD, ENTRYPOINT and HEALTHCHECK (from the bash view, including heredoc scripts) and
//! what only the typed view knows: declarations, stage references, predefined ARGs and
//! the deprecated MAINTAINER.
//!
//! Tokens never overlap: an inner token (a variable inside a string) splits the outer
//! one. Unless the client handles multi-line tokens, tokens are split per line.

use dockls_syntax::shell::ShellToken;
use dockls_syntax::{
    Body, CommandForm, Dockerfile, HealthcheckArgs, Instruction, Keyword, TextRange, Word,
};

use super::scope::Scopes;

/// Token types, in legend order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    Keyword,
    Comment,
    /// Instruction flags (`--mount=...`).
    Parameter,
    /// LABEL keys, mount option keys.
    Property,
    Namespace,
    /// Image names.
    Type,
    /// Build stage names.
    Class,
    Variable,
    String,
    /// Tags, digests, ports, numbers in shell code.
    Number,
    /// Heredoc markers, line continuations, shell operators, escapes.
    Operator,
    /// Shell command names.
    Function,
    /// Parser directive names.
    Macro,
}

impl TokenType {
    pub const ALL: [TokenType; 13] = [
        TokenType::Keyword,
        TokenType::Comment,
        TokenType::Parameter,
        TokenType::Property,
        TokenType::Namespace,
        TokenType::Type,
        TokenType::Class,
        TokenType::Variable,
        TokenType::String,
        TokenType::Number,
        TokenType::Operator,
        TokenType::Function,
        TokenType::Macro,
    ];

    /// The LSP name of the type.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenType::Keyword => "keyword",
            TokenType::Comment => "comment",
            TokenType::Parameter => "parameter",
            TokenType::Property => "property",
            TokenType::Namespace => "namespace",
            TokenType::Type => "type",
            TokenType::Class => "class",
            TokenType::Variable => "variable",
            TokenType::String => "string",
            TokenType::Number => "number",
            TokenType::Operator => "operator",
            TokenType::Function => "function",
            TokenType::Macro => "macro",
        }
    }

    /// The index of the type in the legend.
    pub fn index(self) -> u32 {
        TokenType::ALL.iter().position(|t| *t == self).unwrap_or(0) as u32
    }
}

/// Token modifier bits, in legend order.
pub mod modifiers {
    pub const DECLARATION: u32 = 1;
    pub const DEFINITION: u32 = 1 << 1;
    pub const DEPRECATED: u32 = 1 << 2;
    pub const READONLY: u32 = 1 << 3;
    /// LSP names, bit 0 first.
    pub const ALL: [&str; 4] = ["declaration", "definition", "deprecated", "readonly"];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenType,
    pub modifiers: u32,
}

fn capture_type(name: &str) -> Option<TokenType> {
    Some(match name {
        "keyword" => TokenType::Keyword,
        "comment" => TokenType::Comment,
        "parameter" => TokenType::Parameter,
        "type" => TokenType::Type,
        "number" => TokenType::Number,
        "label" => TokenType::Class,
        "property" => TokenType::Property,
        "string" => TokenType::String,
        "operator" | "escape" => TokenType::Operator,
        "variable" => TokenType::Variable,
        "namespace" => TokenType::Namespace,
        _ => return None,
    })
}

fn shell_type(t: ShellToken) -> TokenType {
    match t {
        ShellToken::Command => TokenType::Function,
        ShellToken::Keyword => TokenType::Keyword,
        ShellToken::String => TokenType::String,
        ShellToken::Variable => TokenType::Variable,
        ShellToken::Comment => TokenType::Comment,
        ShellToken::Operator => TokenType::Operator,
        ShellToken::Number => TokenType::Number,
        ShellToken::Option => TokenType::Parameter,
    }
}

/// Where a token comes from; a later layer wins over an earlier one where they overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// Comments and directives outside instructions.
    Trivia,
    /// Tree-sitter captures, or the typed view where tree-sitter misread.
    Syntax,
    /// The bash view of shell commands.
    Shell,
    /// What only the typed view knows (declarations, stages, images, variables).
    Semantic,
}

/// Collects possibly overlapping tokens.
struct Painter {
    raw: Vec<(Layer, Token)>,
    layer: Layer,
}

impl Painter {
    fn new() -> Self {
        Self {
            raw: Vec::new(),
            layer: Layer::Trivia,
        }
    }

    fn add(&mut self, range: TextRange, kind: TokenType, modifiers: u32) {
        if !range.is_empty() {
            self.raw.push((
                self.layer,
                Token {
                    range,
                    kind,
                    modifiers,
                },
            ));
        }
    }

    /// Non-overlapping tokens. Where tokens overlap, the higher layer wins; within a
    /// layer the innermost (latest starting, then latest added) wins.
    fn flatten(self) -> Vec<Token> {
        let raw = self.raw;
        // (position, is_start, index); ends sort before starts at the same position.
        let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(raw.len() * 2);
        for (i, (_, t)) in raw.iter().enumerate() {
            events.push((t.range.start, true, i));
            events.push((t.range.end, false, i));
        }
        events.sort_unstable();
        let key = |i: usize| {
            let (layer, t) = &raw[i];
            (*layer, t.range.start, i)
        };
        // Tokens covering the current position (rarely more than a few).
        let mut active: Vec<(Layer, usize, usize)> = Vec::new();
        let mut out: Vec<Token> = Vec::with_capacity(raw.len());
        let mut last = 0usize;
        let mut k = 0;
        while k < events.len() {
            let pos = events[k].0;
            if let Some(&(_, _, top)) = active.iter().max() {
                if last < pos {
                    out.push(Token {
                        range: TextRange::new(last, pos),
                        ..raw[top].1
                    });
                }
            }
            while k < events.len() && events[k].0 == pos {
                let (_, start, i) = events[k];
                if start {
                    active.push(key(i));
                } else if let Some(at) = active.iter().position(|a| *a == key(i)) {
                    active.swap_remove(at);
                }
                k += 1;
            }
            last = pos;
        }
        out
    }
}

/// Whether tree-sitter read each instruction the way the typed view did.
fn clean_instructions(
    df: &Dockerfile,
    tree: &tree_sitter::Tree,
    first: usize,
    last: usize,
) -> Vec<bool> {
    let mut good = vec![false; last.saturating_sub(first)];
    if df.escape != '\\' || tree.root_node().end_byte() > df.text.len() {
        return good;
    }
    let root = tree.root_node();
    let mut cursor = root.walk();
    let children: Vec<tree_sitter::Node> = root
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect();
    let from = df
        .instructions
        .get(first)
        .map_or(df.text.len(), |i| i.range.start);
    let mut c = children.partition_point(|n| n.end_byte() <= from);
    let text = df.text.as_bytes();
    for (k, ins) in df.instructions[first..last].iter().enumerate() {
        while children
            .get(c)
            .is_some_and(|n| n.start_byte() < ins.range.start)
        {
            c += 1;
        }
        let Some(node) = children.get(c) else { break };
        if node.start_byte() != ins.range.start {
            continue;
        }
        let next_ok = children
            .get(c + 1)
            .is_none_or(|n| n.start_byte() >= ins.range.end);
        let end = node.end_byte();
        // The node may stop before trailing spaces or take the line break.
        let end_ok = end >= ins.header.end
            && (end <= ins.range.end
                || text
                    .get(ins.range.end..end)
                    .is_some_and(|t| t.iter().all(u8::is_ascii_whitespace)));
        if let Some(slot) = good.get_mut(k) {
            *slot = node.kind().ends_with("_instruction")
                && !node.has_error()
                && !node.is_error()
                && next_ok
                && end_ok;
        }
    }
    good
}

/// Tokens of a word as written: quoted strings and `$` references.
fn word_tokens(p: &mut Painter, w: &Word) {
    let quoted = w.raw.starts_with('"') || w.raw.starts_with('\'');
    if quoted {
        p.add(w.range, TokenType::String, 0);
    }
    for v in &w.vars {
        p.add(v.range, TokenType::Variable, 0);
    }
}

fn command_tokens(p: &mut Painter, c: &CommandForm) {
    match c {
        CommandForm::Exec { items, .. } => {
            for w in items {
                p.add(w.range, TokenType::String, 0);
            }
        }
        // Shell text: the bash view's tokens are added for every instruction.
        CommandForm::Shell(_) => {}
    }
}

/// An instruction's tokens from the typed view alone.
fn typed_tokens(p: &mut Painter, df: &Dockerfile, ins: &Instruction) {
    if ins.keyword.is_some() {
        p.add(ins.keyword_range, TokenType::Keyword, 0);
    }
    for f in &ins.flags {
        p.add(f.range, TokenType::Parameter, 0);
        if let Some(v) = &f.value {
            for r in &v.vars {
                p.add(r.range, TokenType::Variable, 0);
            }
        }
    }
    match &ins.body {
        Body::From(f) => {
            // The image itself is painted by `overlay`, for both paths.
            if let Some(a) = &f.as_keyword {
                p.add(a.range, TokenType::Keyword, 0);
            }
            if let Some(n) = &f.name {
                p.add(n.range, TokenType::Class, 0);
            }
        }
        Body::Arg(pairs) | Body::Env { pairs, .. } | Body::Label { pairs, .. } => {
            let key_type = if ins.is(Keyword::Label) {
                TokenType::Property
            } else {
                TokenType::Variable
            };
            for pair in pairs {
                p.add(pair.key.range, key_type, 0);
                if let Some(v) = &pair.value {
                    word_tokens(p, v);
                }
            }
        }
        Body::Copy(c) | Body::Add(c) => {
            for w in c.sources.iter().chain(c.dest.iter()) {
                if c.json {
                    p.add(w.range, TokenType::String, 0);
                } else if dockls_syntax::heredoc_marker(&w.raw).is_some() {
                    p.add(w.range, TokenType::Operator, 0);
                } else {
                    word_tokens(p, w);
                }
            }
        }
        Body::Expose(ws) => {
            for w in ws {
                p.add(w.range, TokenType::Number, 0);
                for v in &w.vars {
                    p.add(v.range, TokenType::Variable, 0);
                }
            }
        }
        Body::Volume { paths, json } => {
            for w in paths {
                if *json {
                    p.add(w.range, TokenType::String, 0);
                } else {
                    word_tokens(p, w);
                }
            }
        }
        Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
            if let Some(w) = w {
                word_tokens(p, w);
            }
        }
        Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => {
            if let Some(c) = c {
                command_tokens(p, c);
            }
        }
        Body::Healthcheck(h) => match h {
            HealthcheckArgs::None { keyword, .. } | HealthcheckArgs::Unknown { keyword } => {
                p.add(keyword.range, TokenType::Keyword, 0);
            }
            HealthcheckArgs::Cmd { keyword, command } => {
                p.add(keyword.range, TokenType::Keyword, 0);
                if let Some(c) = command {
                    command_tokens(p, c);
                }
            }
            HealthcheckArgs::Missing => {}
        },
        Body::Onbuild(Some(inner)) => typed_tokens(p, df, inner),
        Body::Onbuild(None) | Body::Unknown => {}
    }
    let scripts: &[TextRange] = ins.shell.as_ref().map_or(&[], |s| &s.ranges);
    for h in &ins.heredocs {
        p.add(h.marker_range, TokenType::Operator, 0);
        if !scripts.contains(&h.body) {
            p.add(h.body, TokenType::String, 0);
        }
        if let Some(t) = h.terminator {
            p.add(t, TokenType::Operator, 0);
        }
    }
    for c in &ins.inner_comments {
        p.add(*c, TokenType::Comment, 0);
    }
    // Line continuations of the header.
    let idx = &df.line_index;
    let (l0, l1) = (idx.line_of(ins.header.start), idx.line_of(ins.header.end));
    for line in l0..l1 {
        let Some(r) = idx.line_range(line, &df.text) else {
            continue;
        };
        let content = r.of(&df.text).trim_end();
        if content.trim_start().starts_with('#') || content.trim().is_empty() {
            continue;
        }
        if content.ends_with(df.escape) {
            let at = r.start + content.len() - df.escape.len_utf8();
            p.add(
                TextRange::new(at, at + df.escape.len_utf8()),
                TokenType::Operator,
                0,
            );
        }
    }
}

/// Shell tokens of an instruction (and of an ONBUILD trigger).
fn shell_tokens(p: &mut Painter, ins: &Instruction) {
    if let Some(sh) = &ins.shell {
        for (r, t) in &sh.tokens {
            p.add(*r, shell_type(*t), 0);
        }
    }
    if let Body::Onbuild(Some(inner)) = &ins.body {
        shell_tokens(p, inner);
    }
}

/// What only the typed view knows: declarations, stage names, predefined ARGs, deprecation.
fn overlay(p: &mut Painter, df: &Dockerfile, scopes: &Scopes, range: TextRange) {
    // Base images from the typed view (tree-sitter reads `host:5000/x` as a tag): the
    // name, the registry (`ghcr.io` in `ghcr.io/org/app:1`), the tag and the digest.
    for stage in &df.stages {
        let Some(ins) = df.instructions.get(stage.from) else {
            continue;
        };
        if !ins.range.intersects(range) || matches!(stage.base, dockls_syntax::Base::Stage(_)) {
            continue;
        }
        let Body::From(f) = &ins.body else { continue };
        let (Some(img), Some(r)) = (&f.image, &f.image_ref) else {
            continue;
        };
        p.add(img.range, TokenType::Type, 0);
        let raw = img.range.of(&df.text);
        if let Some(reg) = r.registry.as_deref().filter(|reg| raw.starts_with(*reg)) {
            p.add(
                TextRange::new(img.range.start, img.range.start + reg.len()),
                TokenType::Namespace,
                0,
            );
        }
        // With the `:` or `@`, as tree-sitter reads them.
        if let Some(t) = r.tag_range {
            p.add(
                TextRange::new(t.start.saturating_sub(1), t.end),
                TokenType::Number,
                0,
            );
        }
        if let Some(d) = r.digest_range {
            p.add(
                TextRange::new(d.start.saturating_sub(1), d.end),
                TokenType::Number,
                0,
            );
        }
    }
    let first = scopes
        .vars
        .partition_point(|o| o.name_range.end < range.start);
    for o in scopes.vars[first..]
        .iter()
        .take_while(|o| o.name_range.start <= range.end)
    {
        let mut m = 0;
        if let Some((_, has_value)) = o.decl {
            m |= modifiers::DECLARATION;
            if has_value {
                m |= modifiers::DEFINITION;
            }
        }
        if o.predefined {
            m |= modifiers::READONLY;
        }
        if !o.is_decl() {
            p.add(o.hit, TokenType::Variable, m);
        }
        p.add(o.name_range, TokenType::Variable, m);
    }
    for s in &scopes.stages {
        if !s.range.intersects(range) {
            continue;
        }
        let (kind, m) = match (s.decl, s.numeric) {
            (true, _) => (
                TokenType::Class,
                modifiers::DECLARATION | modifiers::DEFINITION,
            ),
            (false, true) => (TokenType::Number, 0),
            (false, false) => (TokenType::Class, 0),
        };
        p.add(s.range, kind, m);
    }
}

/// The first instruction ending at or after `offset`.
fn first_instruction(df: &Dockerfile, offset: usize) -> usize {
    df.instructions.partition_point(|i| i.range.end < offset)
}

/// Semantic tokens of `range` (the whole file when `None`), sorted and non-overlapping.
/// `tree` is the tree-sitter tree of exactly `df.text` (instructions are highlighted from
/// the typed view alone without it).
pub fn semantic_tokens(
    df: &Dockerfile,
    tree: Option<&tree_sitter::Tree>,
    range: Option<TextRange>,
    multiline: bool,
) -> Vec<Token> {
    let text = df.text.as_str();
    let range = range.unwrap_or(TextRange::new(0, text.len()));
    let first = first_instruction(df, range.start);
    let last = df
        .instructions
        .partition_point(|i| i.range.start < range.end);
    let last = last.max(first);
    let good = match tree {
        Some(t) => clean_instructions(df, t, first, last),
        None => vec![false; last - first],
    };
    let mut p = Painter::new();

    // Comments and directives outside instructions.
    let cfirst = df.comments.partition_point(|c| c.range.end < range.start);
    for c in df.comments[cfirst..]
        .iter()
        .take_while(|c| c.range.start <= range.end)
    {
        if !c.inside_instruction {
            p.add(c.range, TokenType::Comment, 0);
        }
    }
    for d in &df.directives {
        if d.range.intersects(range) {
            p.add(d.name_range, TokenType::Macro, 0);
            p.add(d.value_range, TokenType::String, 0);
        }
    }

    // Instruction tokens: tree-sitter where it read the instruction cleanly, else typed.
    p.layer = Layer::Syntax;
    let instructions = df.instructions.get(first..last).unwrap_or(&[]);
    let span = match (instructions.first(), instructions.last()) {
        (Some(a), Some(b)) => TextRange::new(a.range.start, b.range.end),
        _ => TextRange::empty(range.start),
    };
    if let Some(tree) = tree.filter(|_| good.iter().any(|g| *g)) {
        let caps = dockls_syntax::tree::highlights(tree, text, Some(span));
        let mut k = 0usize;
        for cap in caps {
            while instructions
                .get(k)
                .is_some_and(|i| i.range.end <= cap.range.start)
            {
                k += 1;
            }
            let Some(ins) = instructions.get(k) else {
                break;
            };
            if !good.get(k).copied().unwrap_or(false) || !ins.range.contains_range(cap.range) {
                continue;
            }
            let Some(kind) = capture_type(cap.name) else {
                continue;
            };
            // A heredoc body read as a shell script gets shell tokens, not one string.
            if kind == TokenType::String
                && ins.shell.as_ref().is_some_and(|s| {
                    ins.heredocs
                        .iter()
                        .any(|h| h.body.contains_range(cap.range) && s.ranges.contains(&h.body))
                })
            {
                continue;
            }
            p.add(cap.range, kind, 0);
        }
    }
    for (k, ins) in instructions.iter().enumerate() {
        if !good.get(k).copied().unwrap_or(false) {
            typed_tokens(&mut p, df, ins);
        }
    }
    p.layer = Layer::Shell;
    for ins in instructions {
        shell_tokens(&mut p, ins);
    }
    p.layer = Layer::Semantic;
    for ins in instructions {
        if ins.is(Keyword::Maintainer) {
            p.add(ins.keyword_range, TokenType::Keyword, modifiers::DEPRECATED);
        }
        for w in ins.words() {
            for v in &w.vars {
                p.add(v.range, TokenType::Variable, 0);
            }
        }
    }
    let scopes = Scopes::new(df);
    overlay(&mut p, df, &scopes, span.cover(range));

    let mut flat = p.flatten();
    // Adjacent pieces of the same kind (`$` and `A` from two sources) become one token.
    flat.dedup_by(|b, a| {
        let join = a.range.end == b.range.start && a.kind == b.kind && a.modifiers == b.modifiers;
        if join {
            a.range.end = b.range.end;
        }
        join
    });
    let mut out = Vec::with_capacity(flat.len());
    for t in flat {
        split(df, t, multiline, &mut out);
    }
    out.retain(|t| t.range.intersects(range) || (range.is_empty() && t.range.touches(range.start)));
    out
}

/// Splits a token at line ends (unless `multiline`) and trims whitespace off each piece
/// (indentation, line breaks), dropping pieces that are only whitespace.
fn split(df: &Dockerfile, t: Token, multiline: bool, out: &mut Vec<Token>) {
    let text = df.text.as_str();
    let s = t.range.of(text);
    let mut push = |start: usize, piece: &str| {
        let lead = piece.len() - piece.trim_start().len();
        let body = piece.trim();
        if !body.is_empty() {
            out.push(Token {
                range: TextRange::new(start + lead, start + lead + body.len()),
                ..t
            });
        }
    };
    if multiline || !s.contains('\n') {
        push(t.range.start, s);
        return;
    }
    let mut at = t.range.start;
    for line in s.split_inclusive('\n') {
        push(at, line);
        at += line.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, with_tree: bool) -> Vec<(String, TokenType, u32)> {
        let df = dockls_syntax::parse(text);
        let st = dockls_syntax::tree::SyntaxTree::new(text);
        let tree = if with_tree { st.tree() } else { None };
        semantic_tokens(&df, tree, None, false)
            .into_iter()
            .map(|t| (t.range.of(text).to_string(), t.kind, t.modifiers))
            .collect()
    }

    fn has(toks: &[(String, TokenType, u32)], s: &str, k: TokenType) -> bool {
        toks.iter().any(|(t, kind, _)| t == s && *kind == k)
    }

    fn check_invariants(text: &str, toks: &[Token]) {
        for w in toks.windows(2) {
            assert!(w[0].range.end <= w[1].range.start, "overlap {w:?}");
        }
        for t in toks {
            let s = t.range.of(text);
            assert!(!s.is_empty() && !s.contains('\n'), "{t:?} {s:?}");
        }
    }

    #[test]
    fn tree_sitter_path() {
        let text = "# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=$BUILDPLATFORM golang:${V}-alpine AS build\nENV A=1 B=\"two $V\"\nRUN --mount=type=cache,target=/root echo \"$A\" && \\\n    ls -la | grep y\nMAINTAINER me\n";
        let t = tokens(text, true);
        assert!(has(&t, "syntax", TokenType::Macro));
        assert!(has(&t, "FROM", TokenType::Keyword));
        assert!(has(&t, "golang", TokenType::Type));
        let reg = tokens("FROM ghcr.io/org/app:1\nFROM registry.local:5000/x\n", true);
        assert!(has(&reg, "ghcr.io", TokenType::Namespace), "{reg:?}");
        assert!(
            has(&reg, "registry.local:5000", TokenType::Namespace),
            "{reg:?}"
        );
        assert!(has(&t, "build", TokenType::Class));
        assert!(t.contains(&(
            "$BUILDPLATFORM".into(),
            TokenType::Variable,
            modifiers::READONLY
        )));
        assert!(t.contains(&(
            "A".into(),
            TokenType::Variable,
            modifiers::DECLARATION | modifiers::DEFINITION
        )));
        assert!(has(&t, "echo", TokenType::Function));
        assert!(has(&t, "-la", TokenType::Parameter));
        assert!(has(&t, "&&", TokenType::Operator));
        assert!(has(&t, "\\", TokenType::Operator));
        assert!(t.contains(&(
            "MAINTAINER".into(),
            TokenType::Keyword,
            modifiers::DEPRECATED
        )));
        let df = dockls_syntax::parse(text);
        let st = dockls_syntax::tree::SyntaxTree::new(text);
        check_invariants(text, &semantic_tokens(&df, st.tree(), None, false));
    }

    #[test]
    fn typed_path_matches_on_clean_files() {
        // Without a tree every instruction is highlighted from the typed view; the main
        // tokens agree with tree-sitter's.
        let text = "FROM alpine:3.20 AS base\nLABEL a=\"b\"\nCOPY --from=base /a /b\nEXPOSE 80\nCMD [\"sh\"]\n";
        let a = tokens(text, true);
        let b = tokens(text, false);
        for s in ["FROM", "AS", "LABEL", "COPY", "EXPOSE", "CMD"] {
            assert!(
                has(&a, s, TokenType::Keyword) && has(&b, s, TokenType::Keyword),
                "{s}"
            );
        }
        for (s, k) in [
            ("alpine", TokenType::Type),
            ("base", TokenType::Class),
            ("a", TokenType::Property),
            ("\"b\"", TokenType::String),
            ("--from=", TokenType::Parameter),
            ("80", TokenType::Number),
            ("\"sh\"", TokenType::String),
        ] {
            assert!(has(&a, s, k), "tree-sitter: {s} {k:?} in {a:?}");
            assert!(has(&b, s, k), "typed: {s} {k:?} in {b:?}");
        }
    }

    #[test]
    fn error_nodes_fall_back_to_typed_view() {
        // tree-sitter-dockerfile cannot read this heredoc at the end of the file, nor a
        // backtick escape; highlighting must still be right.
        let text = "FROM a\nCOPY --from=build <<EOF /dst\nhello $A\n";
        let st = dockls_syntax::tree::SyntaxTree::new(text);
        assert!(!st.error_ranges().is_empty());
        let t = tokens(text, true);
        assert!(has(&t, "COPY", TokenType::Keyword), "{t:?}");
        assert!(has(&t, "<<EOF", TokenType::Operator), "{t:?}");
        assert!(has(&t, "hello", TokenType::String), "{t:?}");
        assert!(has(&t, "$A", TokenType::Variable), "{t:?}");
        let text = "# escape=`\nFROM a\nRUN echo a `\n    && echo b\n";
        let t = tokens(text, true);
        assert!(has(&t, "`", TokenType::Operator), "{t:?}");
        // A backtick escape means Windows: no POSIX shell view, and no guessed tokens.
        assert!(has(&t, "RUN", TokenType::Keyword), "{t:?}");
        assert_eq!(t.len(), 8, "{t:?}");
    }

    #[test]
    fn heredoc_scripts_get_shell_tokens() {
        let text =
            "FROM a\nRUN <<EOF\nset -e\necho \"$HOME\"\nEOF\nCOPY <<'X' /f\nplain $text\nX\n";
        let t = tokens(text, true);
        assert!(has(&t, "set", TokenType::Function), "{t:?}");
        assert!(has(&t, "echo", TokenType::Function), "{t:?}");
        assert!(has(&t, "EOF", TokenType::Operator), "{t:?}");
        assert!(has(&t, "plain $text", TokenType::String), "{t:?}");
    }

    #[test]
    fn multiline_tokens_split_per_line() {
        let text = "FROM a\nENV X=\"one \\\n    two\"\n";
        let df = dockls_syntax::parse(text);
        let st = dockls_syntax::tree::SyntaxTree::new(text);
        for tree in [st.tree(), None] {
            let split = semantic_tokens(&df, tree, None, false);
            check_invariants(text, &split);
            let strings: Vec<&str> = split
                .iter()
                .filter(|t| t.kind == TokenType::String)
                .map(|t| t.range.of(text))
                .collect();
            assert_eq!(strings, vec!["\"one", "two\""], "{tree:?}");
        }
        let text = "FROM a\nCOPY <<EOF /x\none\n  two\nEOF\n";
        let df = dockls_syntax::parse(text);
        let st = dockls_syntax::tree::SyntaxTree::new(text);
        for tree in [st.tree(), None] {
            let body = |multiline| -> Vec<String> {
                semantic_tokens(&df, tree, None, multiline)
                    .iter()
                    .filter(|t| t.kind == TokenType::String)
                    .map(|t| t.range.of(text).to_string())
                    .collect()
            };
            assert_eq!(body(false), vec!["one", "two"]);
            let whole = body(true);
            assert!(
                whole.iter().any(|s| s.contains('\n')) || tree.is_some(),
                "{whole:?}"
            );
        }
    }

    #[test]
    fn range_requests_return_the_range() {
        let text = "FROM a\nRUN echo 1\nRUN echo 2\nRUN echo 3\n";
        let df = dockls_syntax::parse(text);
        let st = dockls_syntax::tree::SyntaxTree::new(text);
        let r = TextRange::new(18, 28);
        let toks = semantic_tokens(&df, st.tree(), Some(r), false);
        let words: Vec<&str> = toks.iter().map(|t| t.range.of(text)).collect();
        assert_eq!(words, vec!["RUN", "echo", "2"]);
    }

    /// A generated file of 10,000 lines: every instruction keyword is a keyword token, the
    /// tokens are sorted and disjoint, and the time is printed (not asserted).
    #[test]
    fn large_file() {
        let mut text = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:12\n");
        let mut keywords = 1;
        let mut i = 0;
        while text.lines().count() < 10_000 {
            text.push_str(&format!(
                "FROM ${{BASE}} AS s{i}\nARG V{i}=1\nENV P{i}=/opt/{i} \\\n    Q{i}=\"x y\"\nRUN --mount=type=cache,target=/c apt-get update \\\n    && apt-get install -y curl=${{V{i}}} \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY --from=s{i} <<EOF /etc/x{i}\nvalue $P{i}\nEOF\nLABEL k{i}=\"v\"\nEXPOSE 80{}\nCMD [\"run\", \"{i}\"]\n",
                i % 10
            ));
            keywords += 8;
            i += 1;
        }
        let df = dockls_syntax::parse(&text);
        let st = dockls_syntax::tree::SyntaxTree::new(&text);
        // The best of three runs (the machine may be busy).
        let mut elapsed = std::time::Duration::MAX;
        let mut toks = Vec::new();
        for _ in 0..3 {
            let start = std::time::Instant::now();
            toks = semantic_tokens(&df, st.tree(), None, false);
            elapsed = elapsed.min(start.elapsed());
        }
        check_invariants(&text, &toks);
        let kw = toks
            .iter()
            .filter(|t| t.kind == TokenType::Keyword && t.range.of(&text) != "AS")
            .count();
        assert_eq!(kw, keywords);
        let decls = toks
            .iter()
            .filter(|t| t.modifiers & modifiers::DECLARATION != 0)
            .count();
        assert_eq!(decls, 1 + 4 * i);
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "semantic tokens: {} lines, {} tokens in {:?}",
                text.lines().count(),
                toks.len(),
                elapsed
            );
        }
    }
}
