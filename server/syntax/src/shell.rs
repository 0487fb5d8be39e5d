//! The shell inside RUN (and shell-form CMD, ENTRYPOINT, HEALTHCHECK): parsed with
//! tree-sitter-bash over the instruction's own byte ranges, so every node carries
//! Dockerfile positions.

use std::cell::RefCell;
use std::sync::Arc;

use crate::ast::*;
use crate::text::{LineIndex, TextRange};

/// Which shell runs shell-form commands in a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// sh, bash, ash, dash, zsh, ksh, busybox: parsed as bash.
    Posix { program: String, args: Vec<String> },
    /// PowerShell (`pwsh`, `powershell`).
    PowerShell,
    /// Windows `cmd`.
    Cmd,
    /// Anything else.
    Other(String),
}

impl ShellKind {
    pub fn default_linux() -> Self {
        ShellKind::Posix {
            program: "/bin/sh".into(),
            args: vec!["-c".into()],
        }
    }

    /// Classifies a SHELL instruction's JSON items.
    pub fn from_items(items: &[String]) -> Self {
        let Some(first) = items.first() else {
            return ShellKind::default_linux();
        };
        let base = first
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(first)
            .to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base).to_string();
        match base.as_str() {
            "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox" => {
                ShellKind::Posix {
                    program: first.clone(),
                    args: items[1..].to_vec(),
                }
            }
            "pwsh" | "powershell" => ShellKind::PowerShell,
            "cmd" => ShellKind::Cmd,
            _ => ShellKind::Other(first.clone()),
        }
    }

    pub fn is_posix(&self) -> bool {
        matches!(self, ShellKind::Posix { .. })
    }

    /// The shell's basename (`bash` for `/bin/bash`).
    pub fn name(&self) -> String {
        match self {
            ShellKind::Posix { program, .. } => {
                program.rsplit('/').next().unwrap_or(program).to_string()
            }
            ShellKind::PowerShell => "powershell".into(),
            ShellKind::Cmd => "cmd".into(),
            ShellKind::Other(p) => p.clone(),
        }
    }

    /// Whether `-o pipefail` is among the shell's options.
    pub fn has_pipefail(&self) -> bool {
        match self {
            ShellKind::Posix { args, .. } => {
                // `-o pipefail`, also with other letters before the `o` (`-euo pipefail`).
                args.windows(2).any(|w| {
                    w[1] == "pipefail"
                        && w[0].len() > 1
                        && w[0].starts_with('-')
                        && !w[0].starts_with("--")
                        && w[0].ends_with('o')
                }) || args.iter().any(|a| {
                    a.starts_with('-')
                        && !a.starts_with("--")
                        && a.contains("o")
                        && a.ends_with("pipefail")
                })
            }
            _ => false,
        }
    }
}

/// A word of a shell command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWord {
    pub range: TextRange,
    /// As written.
    pub raw: String,
    /// With quotes removed; expansions are kept as written.
    pub value: String,
    /// The word has no expansions, so `value` is exactly what the command receives.
    pub is_static: bool,
}

/// A redirection such as `> file`, `2>&1` or `<<EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub range: TextRange,
    pub operator: String,
    pub target: Option<ShellWord>,
}

/// One simple command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCommand {
    pub range: TextRange,
    pub name: Option<ShellWord>,
    pub args: Vec<ShellWord>,
    /// `NAME=value` prefixes.
    pub assignments: Vec<(String, String, TextRange)>,
    pub redirects: Vec<Redirect>,
    /// Part of a pipeline with `|`.
    pub in_pipeline: bool,
    /// Inside a subshell, command substitution, condition or loop.
    pub nested: bool,
}

impl ShellCommand {
    /// The command's name (basename of a path, e.g. `apt-get` for `/usr/bin/apt-get`).
    pub fn program(&self) -> Option<&str> {
        let name = self.name.as_ref()?;
        Some(name.value.rsplit('/').next().unwrap_or(&name.value))
    }

    pub fn is(&self, program: &str) -> bool {
        self.program() == Some(program)
    }

    /// Argument values (quotes removed).
    pub fn arg_values(&self) -> impl Iterator<Item = &str> {
        self.args.iter().map(|a| a.value.as_str())
    }

    /// The first argument that is not an option (e.g. `install` in `apt-get -y install`).
    pub fn subcommand(&self) -> Option<&ShellWord> {
        self.args.iter().find(|a| !a.value.starts_with('-'))
    }

    /// Whether an option is present: long (`--yes`, `--yes=x`) or short (`-y`, also inside `-qy`).
    pub fn has_option(&self, long: &[&str], short: &[char]) -> bool {
        self.find_option(long, short).is_some()
    }

    pub fn find_option(&self, long: &[&str], short: &[char]) -> Option<&ShellWord> {
        self.args.iter().find(|a| {
            let v = a.value.as_str();
            if let Some(l) = v.strip_prefix("--") {
                let name = l.split('=').next().unwrap_or(l);
                long.iter().any(|x| x.trim_start_matches('-') == name)
            } else if let Some(s) = v.strip_prefix('-') {
                !s.is_empty()
                    && s.chars().all(|c| c.is_ascii_alphanumeric())
                    && s.chars().any(|c| short.contains(&c))
            } else {
                false
            }
        })
    }
}

/// A highlighting class for shell tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShellToken {
    Command,
    Keyword,
    String,
    Variable,
    Comment,
    Operator,
    Number,
    Option,
}

/// Where the parsed shell text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellSource {
    /// The instruction's shell-form text (with heredoc bodies, if any, as the shell sees them).
    Inline,
    /// A heredoc body run as the script (`RUN <<EOF` alone, or fed to a shell).
    HeredocBody,
}

/// The parsed shell of one instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellScript {
    pub kind: ShellKind,
    pub source: ShellSource,
    pub commands: Vec<ShellCommand>,
    /// A pipeline (`a | b`) appears somewhere.
    pub has_pipe: bool,
    /// tree-sitter-bash could not read part of the text.
    pub has_errors: bool,
    pub tokens: Vec<(TextRange, ShellToken)>,
    /// The byte ranges the shell text was read from.
    pub ranges: Vec<TextRange>,
    /// Variable assignments that stand alone (`PKGS="a b" && ...`) or are declared
    /// (`export PKGS=...`), in text order: name, value with quotes removed and
    /// Dockerfile line continuations and comment lines dropped, and the assignment's
    /// range. Assignments that prefix a command (`A=1 cmd`) are in
    /// [`ShellCommand::assignments`] instead.
    pub assignments: Vec<(String, String, TextRange)>,
}

impl ShellScript {
    pub fn find<'a>(&'a self, program: &'a str) -> impl Iterator<Item = &'a ShellCommand> + 'a {
        self.commands.iter().filter(move |c| c.is(program))
    }

    pub fn any(&self, program: &str) -> bool {
        self.commands.iter().any(|c| c.is(program))
    }
}

thread_local! {
    static BASH: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

fn point(index: &LineIndex, offset: usize) -> tree_sitter::Point {
    let lc = index.line_col(offset);
    tree_sitter::Point {
        row: lc.line,
        column: lc.col,
    }
}

/// The time tree-sitter-bash gets for a script of `len` bytes: far more than any real
/// script needs (they parse at several bytes per microsecond), but bounded in proportion to
/// the input, since some inputs make the grammar's scanner quadratic (thousands of heredoc
/// markers on one line). A script that runs out of time has no shell view.
pub fn bash_budget_micros(len: usize) -> u64 {
    100_000 + 10 * len as u64
}

/// Parses `ranges` of `text` as bash. Ranges must be sorted and disjoint.
pub fn parse_bash(
    text: &str,
    index: &LineIndex,
    ranges: &[TextRange],
    kind: ShellKind,
    source: ShellSource,
) -> Option<ShellScript> {
    let ranges: Vec<TextRange> = ranges
        .iter()
        .copied()
        .filter(|r| !r.is_empty() && r.end <= text.len())
        .collect();
    let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
        return None;
    };
    // The text is read from the start of the first range's line: tree-sitter-bash does not
    // always read the same text the same way at different offsets of a document (a
    // `<<-` without a body, for one), and a shell view must depend on its instruction
    // alone so that an incremental reparse can keep it. Positions are moved back after.
    let base_line = index.line_of(first.start);
    let base = index.line_start(base_line).unwrap_or(0).min(first.start);
    let text = text.get(base..last.end)?;
    let local: Vec<TextRange> = ranges.iter().map(|r| r.shifted(-(base as isize))).collect();
    let local_point = |offset: usize| {
        let p = point(index, offset);
        tree_sitter::Point {
            row: p.row - base_line,
            column: p.column,
        }
    };
    let ts_ranges: Vec<tree_sitter::Range> = ranges
        .iter()
        .map(|r| tree_sitter::Range {
            start_byte: r.start - base,
            end_byte: r.end - base,
            start_point: local_point(r.start),
            end_point: local_point(r.end),
        })
        .collect();
    let script_len: usize = ranges.iter().map(|r| r.len()).sum();
    let parse = |src: &str| {
        BASH.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.is_none() {
                let mut p = tree_sitter::Parser::new();
                p.set_language(tree_sitter_bash::language()).ok()?;
                *slot = Some(p);
            }
            let parser = slot.as_mut()?;
            // A fresh external scanner for each parse: tree-sitter-bash's scanner keeps
            // some state (glob parenthesis depth, heredoc slots) across parses, so the
            // same text could read differently depending on what was read before.
            // A fresh external scanner for each parse: tree-sitter-bash's scanner keeps
            // some state (glob parenthesis depth, heredoc slots) across parses, so the
            // same text could read differently depending on what was read before.
            parser.set_language(tree_sitter_bash::language()).ok()?;
            parser.set_included_ranges(&ts_ranges).ok()?;
            parser.set_timeout_micros(bash_budget_micros(script_len));
            let tree = parser.parse(src, None);
            if tree.is_none() {
                // Out of time: the next parse must start afresh, not resume this one.
                parser.reset();
            }
            parser.set_timeout_micros(0);
            parser.set_included_ranges(&[]).ok();
            tree
        })
    };
    let mut tree = parse(text)?;
    // tree-sitter-bash reads `((` as the start of an arithmetic command even when the
    // text is two nested subshells (`((a | b) && c || true)`), which sh and bash run as
    // such; read those again with the outer parentheses blanked (same length, so every
    // position stays the same).
    let mut blanked = None;
    if tree.root_node().has_error() {
        if let Some(alt) = blank_nested_subshells(text, &local) {
            if let Some(t) = parse(&alt) {
                if !t.root_node().has_error() {
                    tree = t;
                    blanked = Some(alt);
                }
            }
        }
    }
    let text = blanked.as_deref().unwrap_or(text);
    let mut script = ShellScript {
        kind,
        source,
        commands: Vec::new(),
        has_pipe: false,
        has_errors: tree.root_node().has_error(),
        tokens: Vec::new(),
        ranges: local,
        assignments: Vec::new(),
    };
    let mut walker = Walker {
        text,
        script: &mut script,
        depth: 0,
    };
    walker.visit(tree.root_node(), false, false);
    script.tokens.sort_by_key(|(r, _)| r.start);
    crate::shift::Shift::shift(&mut script, base as isize);
    Some(script)
}

/// A copy of `text` where each `((` that opens two nested subshells rather than an
/// arithmetic command (its first parenthesis does not close with `))`) has that outer
/// pair of parentheses replaced by spaces; `None` when there is none.
fn blank_nested_subshells(text: &str, ranges: &[TextRange]) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let inside = |i: usize| ranges.iter().any(|r| r.start <= i && i < r.end);
    let mut changed = false;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let opens = bytes[i] == b'(' && bytes[i + 1] == b'(' && inside(i) && inside(i + 1);
        let after_dollar = i > 0 && bytes[i - 1] == b'$';
        if !opens || after_dollar {
            i += 1;
            continue;
        }
        // Find the parenthesis closing the first one, skipping quoted text.
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        let mut close = None;
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            if !inside(j) {
                j += 1;
                continue;
            }
            match quote {
                Some(q) if b == q => quote = None,
                Some(b'"') if b == b'\\' => j += 1,
                Some(_) => {}
                None => match b {
                    b'\'' | b'"' => quote = Some(b),
                    b'\\' => j += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            close = Some(j);
                            break;
                        }
                    }
                    _ => {}
                },
            }
            j += 1;
        }
        match close {
            Some(c) if c > 0 && bytes[c - 1] != b')' => {
                bytes[i] = b' ';
                bytes[c] = b' ';
                changed = true;
                i += 1;
            }
            _ => i += 2,
        }
    }
    if !changed {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// How deeply nested constructs (subshells, `$(...)`, `${...}`, `if`, `{ }`, arithmetic) the
/// shell view follows. Real scripts nest a few levels; deeper content is left out of the
/// view so that hostile input cannot exhaust the stack.
pub const MAX_SHELL_DEPTH: usize = 64;

struct Walker<'a> {
    text: &'a str,
    script: &'a mut ShellScript,
    /// Nesting of `visit` and `visit_inside` calls.
    depth: usize,
}

fn range_of(n: tree_sitter::Node) -> TextRange {
    TextRange::new(n.start_byte(), n.end_byte())
}

impl Walker<'_> {
    fn src(&self, n: tree_sitter::Node) -> &str {
        self.text.get(n.start_byte()..n.end_byte()).unwrap_or("")
    }

    /// A node's text as the shell receives it: only the parts inside the parsed ranges,
    /// so line continuations and comment lines between them are left out.
    fn logical_src(&self, n: tree_sitter::Node) -> String {
        let node = range_of(n);
        let mut out = String::new();
        for r in &self.script.ranges {
            let start = r.start.max(node.start);
            let end = r.end.min(node.end);
            if start < end {
                out.push_str(self.text.get(start..end).unwrap_or(""));
            }
        }
        out
    }

    fn visit(&mut self, node: tree_sitter::Node, in_pipeline: bool, nested: bool) {
        if self.depth >= MAX_SHELL_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_node(node, in_pipeline, nested);
        self.depth -= 1;
    }

    /// `a && b && c` nests to the left, one `list` per operator: the chain is walked in a
    /// loop (it may be thousands of commands long), its parts in document order.
    fn visit_list(&mut self, node: tree_sitter::Node, in_pipeline: bool, nested: bool) {
        let mut chain = vec![node];
        let mut cur = node;
        while let Some(first) = cur.child(0).filter(|c| c.kind() == "list") {
            chain.push(first);
            cur = first;
        }
        for (i, list) in chain.iter().rev().enumerate() {
            let mut cursor = list.walk();
            for (j, child) in list.children(&mut cursor).enumerate() {
                // The first child of an outer list is the inner list, already walked.
                if i > 0 && j == 0 {
                    continue;
                }
                self.visit(child, in_pipeline, nested);
            }
        }
    }

    fn visit_node(&mut self, node: tree_sitter::Node, in_pipeline: bool, nested: bool) {
        let kind = node.kind();
        match kind {
            "list" => {
                self.visit_list(node, in_pipeline, nested);
                return;
            }
            "command" => {
                self.command(node, in_pipeline, nested);
                return;
            }
            "declaration_command" | "unset_command" | "test_command" => {
                self.declaration(node, in_pipeline, nested);
            }
            "pipeline" => {
                let mut cursor = node.walk();
                let piped = node
                    .children(&mut cursor)
                    .any(|c| c.kind() == "|" || c.kind() == "|&");
                if piped {
                    self.script.has_pipe = true;
                }
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if child.kind() == "|" || child.kind() == "|&" {
                        self.script
                            .tokens
                            .push((range_of(child), ShellToken::Operator));
                    }
                    self.visit(child, piped || in_pipeline, nested);
                }
                return;
            }
            "comment" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::Comment));
                return;
            }
            "string" | "raw_string" | "ansi_c_string" | "heredoc_body" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::String));
            }
            "simple_expansion" | "expansion" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::Variable));
            }
            "variable_name" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::Variable));
            }
            "variable_assignment" => {
                let name = node
                    .child_by_field_name("name")
                    .map(|n| self.src(n).to_string())
                    .unwrap_or_default();
                let value = node
                    .child_by_field_name("value")
                    .map(|v| unquote_text(&self.logical_src(v)))
                    .unwrap_or_default();
                self.script.assignments.push((name, value, range_of(node)));
            }
            "number" => self
                .script
                .tokens
                .push((range_of(node), ShellToken::Number)),
            "&&" | "||" | ";" | "&" | ";;" => self
                .script
                .tokens
                .push((range_of(node), ShellToken::Operator)),
            "if" | "then" | "else" | "elif" | "fi" | "for" | "in" | "do" | "done" | "while"
            | "until" | "case" | "esac" | "function" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::Keyword));
            }
            _ => {}
        }
        let child_nested = nested
            || matches!(
                kind,
                "subshell"
                    | "command_substitution"
                    | "process_substitution"
                    | "if_statement"
                    | "while_statement"
                    | "for_statement"
                    | "c_style_for_statement"
                    | "case_statement"
                    | "function_definition"
                    | "compound_statement"
            );
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.visit(child, in_pipeline && kind != "subshell", child_nested);
        }
    }

    fn word(&self, n: tree_sitter::Node) -> ShellWord {
        let raw = self.src(n).to_string();
        let (value, is_static) = unquote_node(self.text, n);
        ShellWord {
            range: range_of(n),
            raw,
            value,
            is_static,
        }
    }

    fn redirect(&mut self, n: tree_sitter::Node) -> Redirect {
        let mut operator = String::new();
        let mut target = None;
        let mut cursor = n.walk();
        for c in n.children(&mut cursor) {
            if !c.is_named() {
                operator.push_str(self.src(c));
            } else if c.kind() != "file_descriptor" && c.kind() != "heredoc_body" {
                target = Some(self.word(c));
            }
        }
        Redirect {
            range: range_of(n),
            operator,
            target,
        }
    }

    fn command(&mut self, node: tree_sitter::Node, in_pipeline: bool, nested: bool) {
        let mut cmd = ShellCommand {
            range: range_of(node),
            name: None,
            args: Vec::new(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            in_pipeline,
            nested,
        };
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        let mut substitutions = Vec::new();
        for c in &children {
            match c.kind() {
                "command_name" => {
                    let w = c
                        .named_child(0)
                        .map_or_else(|| self.word(*c), |inner| self.word(inner));
                    self.script.tokens.push((w.range, ShellToken::Command));
                    cmd.name = Some(w);
                }
                "variable_assignment" => {
                    let name = c
                        .child_by_field_name("name")
                        .map(|n| self.src(n).to_string())
                        .unwrap_or_default();
                    let value = c
                        .child_by_field_name("value")
                        .map(|v| unquote_node(self.text, v).0)
                        .unwrap_or_default();
                    cmd.assignments.push((name, value, range_of(*c)));
                }
                "file_redirect" | "heredoc_redirect" | "herestring_redirect" => {
                    let r = self.redirect(*c);
                    cmd.redirects.push(r);
                }
                _ if c.is_named() && cmd.name.is_some() => {
                    let w = self.word(*c);
                    if w.value.starts_with('-') {
                        self.script.tokens.push((w.range, ShellToken::Option));
                    }
                    cmd.args.push(w);
                }
                _ => {}
            }
            substitutions.push(*c);
        }
        // Command substitutions and strings inside the words hold commands and tokens too.
        for c in substitutions {
            self.visit_inside(c, nested);
        }
        self.script.commands.push(cmd);
    }

    /// Visits the descendants of a command's word for nested commands and tokens.
    fn visit_inside(&mut self, node: tree_sitter::Node, nested: bool) {
        if self.depth >= MAX_SHELL_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_inside_node(node, nested);
        self.depth -= 1;
    }

    fn visit_inside_node(&mut self, node: tree_sitter::Node, nested: bool) {
        match node.kind() {
            "command_substitution" | "process_substitution" | "subshell" => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.visit(child, false, true);
                }
                let _ = nested;
            }
            "string" | "raw_string" | "ansi_c_string" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::String));
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.visit_inside(child, nested);
                }
            }
            "simple_expansion" | "expansion" => {
                self.script
                    .tokens
                    .push((range_of(node), ShellToken::Variable));
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.visit_inside(child, nested);
                }
            }
            "number" => self
                .script
                .tokens
                .push((range_of(node), ShellToken::Number)),
            _ => {
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    self.visit_inside(child, nested);
                }
            }
        }
    }

    /// `export A=1`, `unset X`, `[ -f x ]`, ...: recorded as commands named by their keyword.
    fn declaration(&mut self, node: tree_sitter::Node, in_pipeline: bool, nested: bool) {
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        let Some(first) = children.first() else {
            return;
        };
        let name_text = self.src(*first).to_string();
        let name = ShellWord {
            range: range_of(*first),
            raw: name_text.clone(),
            value: name_text,
            is_static: true,
        };
        self.script.tokens.push((name.range, ShellToken::Command));
        let args = children
            .iter()
            .skip(1)
            .filter(|c| c.is_named())
            .map(|c| self.word(*c))
            .collect();
        self.script.commands.push(ShellCommand {
            range: range_of(node),
            name: Some(name),
            args,
            assignments: Vec::new(),
            redirects: Vec::new(),
            in_pipeline,
            nested,
        });
    }
}

/// The value of a word node with quotes and backslash escapes removed, and whether it is
/// free of expansions.
fn unquote_node(text: &str, n: tree_sitter::Node) -> (String, bool) {
    let src = text.get(n.start_byte()..n.end_byte()).unwrap_or("");
    match n.kind() {
        "raw_string" => (
            src.trim_start_matches('\'')
                .trim_end_matches('\'')
                .to_string(),
            true,
        ),
        "ansi_c_string" => (
            src.trim_start_matches("$'")
                .trim_end_matches('\'')
                .to_string(),
            true,
        ),
        "string" => {
            let mut cursor = n.walk();
            let dynamic = n
                .named_children(&mut cursor)
                .any(|c| c.kind() != "string_content");
            let inner = src
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .unwrap_or(src);
            (unescape_double(inner), !dynamic)
        }
        "word" | "number" => (unescape_plain(src), true),
        "concatenation" => {
            let mut out = String::new();
            let mut all_static = true;
            let mut cursor = n.walk();
            for c in n.children(&mut cursor) {
                let (v, s) = unquote_node(text, c);
                out.push_str(&v);
                all_static &= s;
            }
            (out, all_static)
        }
        _ => (src.to_string(), false),
    }
}

/// Shell quote removal over a whole word: `'...'` literally, `"..."` with its escapes,
/// and backslash escapes outside quotes. Expansions are kept as written.
fn unquote_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => out.extend(chars.by_ref().take_while(|&c| c != '\'')),
            '"' => {
                let mut inner = String::new();
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                    inner.push(c);
                }
                out.push_str(&unescape_double(&inner));
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn unescape_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(&n) if matches!(n, '"' | '\\' | '$' | '`') => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn distance(a: TextRange, b: TextRange) -> usize {
    if a.intersects(b) {
        0
    } else if a.end <= b.start {
        b.start - a.end
    } else {
        a.start - b.end
    }
}

/// A shell run without `-c` and without a script file reads its script from stdin.
fn reads_script_from_stdin(c: &ShellCommand) -> bool {
    if !matches!(
        c.program(),
        Some("sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
    ) {
        return false;
    }
    // `-o NAME`/`+o NAME` (also `-euo NAME`) and bash's `-O NAME` take the next word.
    let mut args = c.args.iter();
    while let Some(a) = args.next() {
        let v = a.value.as_str();
        if v == "-c" {
            return false;
        }
        let is_option = (v.starts_with('-') || v.starts_with('+')) && v.len() > 1;
        if !is_option {
            return false;
        }
        if !v.starts_with("--") && (v.ends_with('o') || v.ends_with('O')) {
            args.next();
        } else if v.starts_with('-') && !v.starts_with("--") && v.contains('c') {
            return false;
        }
    }
    true
}

/// Is a heredoc body in this shebang's language a shell script?
fn shebang_is_shell(shebang: &str) -> bool {
    let line = shebang.trim_start_matches("#!").trim();
    let mut parts = line.split_whitespace();
    let Some(prog) = parts.next() else {
        return false;
    };
    let mut base = prog.rsplit('/').next().unwrap_or(prog);
    if base == "env" {
        base = parts.find(|p| !p.starts_with('-')).unwrap_or("");
    }
    matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh"
    )
}

/// The heredoc-only command line case: `RUN <<EOF` (the body is the script).
fn is_script_heredoc(args: &str) -> bool {
    let t = args.trim();
    crate::instruction::heredoc_marker(t).is_some_and(|(_, _, rest)| {
        !rest.is_empty() && crate::lex::shell_words_raw(rest).len() == 1
    })
}

fn is_windows_image(df: &Dockerfile, stage: &Stage) -> bool {
    if df.escape == '`' {
        return true;
    }
    match &stage.base {
        Base::Image(r) => {
            let s = r.raw.to_ascii_lowercase();
            s.contains("windows")
                || s.contains("nanoserver")
                || s.contains("servercore")
                || s.contains("ltsc20")
        }
        _ => false,
    }
}

/// The shell that runs each instruction's shell-form command, tracking SHELL per stage
/// (a stage built FROM another stage inherits its shell); `None` before the first FROM.
///
/// `known` holds kinds computed before (per instruction, `None` where unknown): the kind
/// after a SHELL depends on that instruction alone, so a known one is reused.
fn shell_kinds(
    df: &Dockerfile,
    known: Option<&[Option<Arc<ShellKind>>]>,
) -> Vec<Option<Arc<ShellKind>>> {
    let mut out: Vec<Option<Arc<ShellKind>>> = vec![None; df.instructions.len()];
    let mut final_shells: Vec<Arc<ShellKind>> = Vec::with_capacity(df.stages.len());
    let linux = Arc::new(ShellKind::default_linux());
    let known_at = |i: usize| known.and_then(|k| k.get(i)).and_then(Clone::clone);
    for stage in &df.stages {
        let mut current = match &stage.base {
            Base::Stage(parent) => final_shells
                .get(*parent)
                .cloned()
                .unwrap_or_else(|| linux.clone()),
            _ if is_windows_image(df, stage) => Arc::new(ShellKind::Cmd),
            _ => linux.clone(),
        };
        for i in stage.instructions.clone() {
            let Some(ins) = df.instructions.get(i) else {
                continue;
            };
            if let Body::Shell(Some(CommandForm::Exec { items, .. })) = &ins.body {
                current = match known_at(i) {
                    Some(k) => k,
                    None => {
                        let values: Vec<String> = items.iter().map(|w| w.value.clone()).collect();
                        Arc::new(ShellKind::from_items(&values))
                    }
                };
            }
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(current.clone());
            }
        }
        final_shells.push(current);
    }
    out
}

/// Reads the shell view of instruction `i` under `shell` (none for a SHELL instruction).
fn read_shell_view(df: &mut Dockerfile, i: usize, shell: Option<&ShellKind>) {
    let Some(ins) = df.instructions.get(i) else {
        return;
    };
    let exec_shell = matches!(&ins.body, Body::Shell(Some(CommandForm::Exec { .. })));
    let (view, onbuild_view) = match shell {
        Some(current) if !exec_shell => (
            shell_view(&df.text, &df.line_index, ins, current),
            match &ins.body {
                Body::Onbuild(Some(inner)) => shell_view(&df.text, &df.line_index, inner, current),
                _ => None,
            },
        ),
        _ => (None, None),
    };
    if let Some(ins) = df.instructions.get_mut(i) {
        ins.shell = view;
        if let Body::Onbuild(Some(inner)) = &mut ins.body {
            inner.shell = onbuild_view;
        }
    }
}

/// Computes the shell view of each shell-form instruction.
pub(crate) fn attach_shell_views(df: &mut Dockerfile) {
    let kinds = shell_kinds(df, None);
    for (i, kind) in kinds.iter().enumerate() {
        if kind.is_some() {
            read_shell_view(df, i, kind.as_deref());
        }
    }
    df.shells = kinds;
}

/// After an incremental reparse: reads the shell views of the instructions in `read` (just
/// read again) and of any other instruction whose shell changed; the rest are kept.
/// Returns the indices outside `read` whose view was read again.
pub(crate) fn update_shell_views(df: &mut Dockerfile, read: std::ops::Range<usize>) -> Vec<usize> {
    let kinds = shell_kinds(df, Some(&df.shells));
    let mut reshelled = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        if read.contains(&i) {
            read_shell_view(df, i, kind.as_deref());
        } else if df.shells.get(i) != Some(kind) {
            read_shell_view(df, i, kind.as_deref());
            reshelled.push(i);
        }
    }
    df.shells = kinds;
    reshelled
}

/// The shell view of one instruction under a given shell.
pub fn shell_view(
    text: &str,
    index: &LineIndex,
    ins: &Instruction,
    shell: &ShellKind,
) -> Option<ShellScript> {
    let Some(CommandForm::Shell(st)) = ins.command() else {
        return None;
    };
    if !ins.heredocs.is_empty() && ins.is(Keyword::Run) {
        if is_script_heredoc(&st.text) {
            let h = ins.heredocs.first()?;
            match h.shebang(text) {
                Some(sb) if !shebang_is_shell(sb) => return None,
                Some(sb) => {
                    let prog = sb.trim_start_matches("#!").trim().to_string();
                    let kind = ShellKind::Posix {
                        program: prog,
                        args: Vec::new(),
                    };
                    return parse_bash(text, index, &[h.body], kind, ShellSource::HeredocBody);
                }
                None if shell.is_posix() => {
                    return parse_bash(
                        text,
                        index,
                        &[h.body],
                        shell.clone(),
                        ShellSource::HeredocBody,
                    );
                }
                None => return None,
            }
        }
        if !shell.is_posix() {
            return None;
        }
        // tree-sitter-bash cannot read every heredoc form (`<<EOF bash`, `cat <<EOF > f`),
        // so the command line is parsed on its own and each body separately.
        let mut script = parse_bash(text, index, &st.pieces, shell.clone(), ShellSource::Inline)?;
        let mut bodies = Vec::new();
        for h in &ins.heredocs {
            let nearest = script
                .commands
                .iter()
                .filter(|c| !c.nested)
                .min_by_key(|c| distance(c.range, h.marker_range));
            if nearest.is_some_and(reads_script_from_stdin) {
                bodies.push(h.body);
            }
        }
        for body in bodies {
            if let Some(b) = parse_bash(
                text,
                index,
                &[body],
                shell.clone(),
                ShellSource::HeredocBody,
            ) {
                script.commands.extend(b.commands);
                script.assignments.extend(b.assignments);
                script.has_pipe |= b.has_pipe;
                script.has_errors |= b.has_errors;
                script.tokens.extend(b.tokens);
                script.ranges.push(body);
            }
        }
        script.tokens.sort_by_key(|(r, _)| r.start);
        return Some(script);
    }
    if !shell.is_posix() {
        return None;
    }
    parse_bash(text, index, &st.pieces, shell.clone(), ShellSource::Inline)
}

#[cfg(test)]
mod tests {
    use crate::reader::parse;

    fn programs(src: &str, i: usize) -> Vec<String> {
        let df = parse(src);
        df.instructions[i]
            .shell
            .as_ref()
            .map(|s| {
                s.commands
                    .iter()
                    .filter_map(|c| c.program().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn commands_across_continuations() {
        let src = "FROM debian\nRUN apt-get update && \\\n    # comment\n    apt-get install -y curl | tee log\n";
        let df = parse(src);
        let sh = df.instructions[1].shell.as_ref().expect("shell view");
        assert_eq!(sh.commands.len(), 3);
        assert!(sh.has_pipe);
        let install = &sh.commands[1];
        assert_eq!(
            install.subcommand().map(|w| w.value.as_str()),
            Some("install")
        );
        assert!(install.has_option(&["yes"], &['y']));
        // Positions are Dockerfile positions.
        let curl = &install.args[2];
        assert_eq!(curl.range.of(src), "curl");
    }

    #[test]
    fn heredoc_scripts() {
        assert_eq!(
            programs("FROM a\nRUN <<EOF\napt-get update\nrm -rf x\nEOF\n", 1),
            vec!["apt-get", "rm"]
        );
        assert_eq!(
            programs(
                "FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n",
                1
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            programs("FROM a\nRUN <<EOF bash\napk add x\nEOF\n", 1),
            vec!["bash", "apk"]
        );
        assert_eq!(
            programs("FROM a\nRUN python3 <<EOF\nimport os\nEOF\n", 1),
            vec!["python3"]
        );
        // `-o pipefail` is an option with its value, not a script file.
        assert_eq!(
            programs("FROM a\nRUN <<EOF bash -eo pipefail\napk add x\nEOF\n", 1),
            vec!["bash", "apk"]
        );
        assert_eq!(
            programs("FROM a\nRUN bash -ec 'echo' <<EOF\napk add x\nEOF\n", 1),
            vec!["bash"]
        );
    }

    #[test]
    fn nested_subshells_after_double_parenthesis() {
        let src = "FROM rust\nRUN ((cat /etc/os-release | grep alpine) && apk add musl-dev || true) \\\n    && cargo install x\nRUN (( i = 1 + 2 )) && echo $((i))\n";
        assert_eq!(
            programs(src, 1),
            vec!["cat", "grep", "apk", "true", "cargo"]
        );
        let df = parse(src);
        let sh = df.instructions[1].shell.as_ref().expect("shell view");
        assert!(!sh.has_errors);
        assert!(sh.has_pipe);
        // A real arithmetic command is left alone.
        assert_eq!(programs(src, 2), vec!["(( i = 1 + 2 ))", "echo"]);
    }

    #[test]
    fn standalone_assignments() {
        let src = "FROM debian\nRUN set -ex \\\n  && deps='a \\\n# comment\n    b' \\\n  && export X=\"1 2\" Y=3; Z=$deps apt-get install $deps\n";
        let df = parse(src);
        let sh = df.instructions[1].shell.as_ref().expect("shell view");
        let names: Vec<(&str, &str)> = sh
            .assignments
            .iter()
            .map(|(n, v, _)| (n.as_str(), v.as_str()))
            .collect();
        // The continuation and the comment line inside the quotes are not part of the value;
        // `Z=` prefixes a command and is not a standalone assignment.
        assert_eq!(names, vec![("deps", "a     b"), ("X", "1 2"), ("Y", "3")]);
    }

    #[test]
    fn pipefail_in_combined_options() {
        let kind = |items: &[&str]| {
            super::ShellKind::from_items(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert!(kind(&["/bin/bash", "-o", "pipefail", "-c"]).has_pipefail());
        assert!(kind(&["/bin/bash", "-euxo", "pipefail", "-c"]).has_pipefail());
        assert!(kind(&["/bin/bash", "-xo", "pipefail", "-c"]).has_pipefail());
        assert!(!kind(&["/bin/bash", "-c"]).has_pipefail());
        assert!(!kind(&["bash", "-clo", "errexit"]).has_pipefail());
    }

    #[test]
    fn a_script_reads_the_same_whatever_was_read_before() {
        // tree-sitter-bash's scanner kept state from a script with an unterminated `"${`
        // before a heredoc marker, so the second reading of the same file differed.
        let src = "FROM a\nRUN E='a'; echo \"${ERUN <<EOF\n";
        let twice = std::thread::spawn(move || (parse(src), parse(src)))
            .join()
            .ok();
        assert!(twice.is_some_and(|(a, b)| a == b));
    }

    #[test]
    fn shell_instruction_is_tracked() {
        let src = "FROM a AS base\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-Item x\nFROM base\nRUN echo\nFROM b\nRUN echo\n";
        let df = parse(src);
        assert!(df.instructions[2].shell.is_none());
        assert!(df.instructions[4].shell.is_none());
        assert!(df.instructions[6].shell.is_some());
    }
}
