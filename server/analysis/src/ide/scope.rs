//! Names and what they refer to: ARG/ENV variables with BuildKit's scoping, build stage
//! names and heredoc names. Built once per request from the typed views; navigation,
//! rename, symbols and semantic tokens read it.
//!
//! Variable scoping follows BuildKit:
//! - ARGs before the first FROM are global: FROM lines see them (and later global ARGs'
//!   defaults see earlier ones); inside a stage they are visible only after an `ARG NAME`
//!   redeclares them. A redeclaration without a value takes the global default, so it is
//!   the same variable as the global one.
//! - A stage's ARG and ENV are visible to its later instructions and to every stage built
//!   `FROM <that stage>`.
//! - ENV beats ARG: when both are visible, a reference reads the ENV.
//! - All pairs of one ARG or ENV instruction are expanded before any is set, so
//!   `ENV A=1 B=$A` reads the previous `A` (global ARGs are the exception: they are set one
//!   by one).
//! - RUN sees ARG and ENV (both are in its environment); CMD, ENTRYPOINT, HEALTHCHECK and
//!   ONBUILD triggers run later, where only ENV exists.
//!
//! References are `$X`/`${X...}` in the words the builder expands, in the shell text of
//! RUN/CMD/ENTRYPOINT/HEALTHCHECK (outside single quotes), in the exec form of a shell
//! (`["sh", "-c", "..."]`), and in heredoc bodies that something expands (a shell script
//! body, an unquoted heredoc, or COPY/ADD's unquoted heredocs).

use std::collections::HashMap;

use dockls_syntax::{Base, Body, CommandForm, Dockerfile, Instruction, Keyword, TextRange, Word};

use crate::semantic::{BUILDKIT_ARGS, PLATFORM_ARGS, PREDEFINED_ARGS};

/// Whether a variable is declared by ARG or ENV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Arg,
    Env,
}

/// How a reference is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefContext {
    /// A global ARG's default value: earlier global ARGs.
    Global,
    /// A FROM line: the global ARGs.
    From,
    /// An instruction the builder runs or expands in a stage: ARG and ENV.
    Build,
    /// CMD, ENTRYPOINT, HEALTHCHECK, ONBUILD: the container's environment (ENV only).
    Runtime,
}

/// A declaration (`ARG NAME`, `ENV NAME=...`) or a reference (`$NAME`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarOcc {
    pub name: String,
    /// The name only (no `$`, braces or quotes).
    pub name_range: TextRange,
    /// The instruction it is written in.
    pub instruction: usize,
    /// The scope it belongs to: a stage, or `None` for the global scope (global ARGs and
    /// references in FROM lines).
    pub scope: Option<usize>,
    /// `Some` for declarations: the kind and whether a value is given.
    pub decl: Option<(VarKind, bool)>,
    /// The context a reference is resolved in.
    pub context: RefContext,
    /// A declaration's whole `NAME=value` pair; a reference's name.
    pub extent: TextRange,
    /// Where a cursor selects it: the name, and for a reference also its `$` or `${`.
    pub hit: TextRange,
    /// For a reference: the declaration it reads. For a declaration: the declaration it
    /// redeclares (a valueless ARG redeclaring a global, or an earlier ARG/ENV).
    pub target: Option<usize>,
    /// Occurrences with the same group are one variable (rename changes all of them).
    pub group: usize,
    /// One of BuildKit's predefined ARGs (proxy, platform, BuildKit settings).
    pub predefined: bool,
}

impl VarOcc {
    pub fn is_decl(&self) -> bool {
        self.decl.is_some()
    }
}

/// A stage name: its declaration (`AS name`) or a reference to the stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageOcc {
    pub range: TextRange,
    pub stage: usize,
    pub decl: bool,
    /// `--from=0`: a reference by index (definition only; never renamed).
    pub numeric: bool,
}

/// A heredoc's name in its marker (`<<EOF`) or its terminator line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeredocOcc {
    pub range: TextRange,
    pub instruction: usize,
    pub heredoc: usize,
    pub marker: bool,
}

/// Every name occurrence of a file, sorted by position within each list.
#[derive(Clone, Debug, Default)]
pub struct Scopes {
    pub vars: Vec<VarOcc>,
    pub stages: Vec<StageOcc>,
    pub heredocs: Vec<HeredocOcc>,
}

/// Whether `name` is one of BuildKit's predefined ARGs.
pub fn is_predefined(name: &str) -> bool {
    PREDEFINED_ARGS.contains(&name)
        || PLATFORM_ARGS.contains(&name)
        || BUILDKIT_ARGS.contains(&name)
}

/// `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The range of a word's unquoted text when the word is one quoted string (or plain).
fn unquoted_range(w: &Word) -> TextRange {
    let contiguous = w.range.len() == w.raw.len();
    if contiguous && w.raw.len() >= 2 {
        let b = w.raw.as_bytes();
        let (first, last) = (b[0], b[b.len() - 1]);
        if (first == b'"' || first == b'\'') && first == last && w.value.len() + 2 == w.raw.len() {
            return TextRange::new(w.range.start + 1, w.range.end - 1);
        }
    }
    w.range
}

/// Maps offsets in a joined text back to the original through its pieces.
struct PieceMap<'a> {
    pieces: &'a [TextRange],
}

impl PieceMap<'_> {
    fn start(&self, at: usize) -> Option<usize> {
        let mut base = 0;
        for p in self.pieces {
            if at < base + p.len() {
                return Some(p.start + (at - base));
            }
            base += p.len();
        }
        None
    }

    fn end(&self, at: usize) -> Option<usize> {
        if at == 0 {
            return self.start(0);
        }
        self.start(at - 1).map(|o| o + 1)
    }

    fn range(&self, s: usize, e: usize) -> Option<TextRange> {
        Some(TextRange::new(self.start(s)?, self.end(e)?))
    }
}

/// Variable references in shell text made of `pieces` of the original text.
fn shell_refs(
    text: &str,
    pieces: &[TextRange],
    single_quotes: bool,
) -> Vec<(String, TextRange, TextRange)> {
    let map = PieceMap { pieces };
    dockls_syntax::vars::scan(text, '\\', single_quotes)
        .refs
        .into_iter()
        .filter(|r| is_identifier(&r.name))
        .filter_map(|r| {
            let name = map.range(r.name_span.start, r.name_span.end)?;
            let hit = map.range(r.span.start, r.name_span.end)?;
            Some((r.name, name, hit))
        })
        .collect()
}

/// Variable references inside a contiguous range of the original text.
fn text_refs(
    text: &str,
    range: TextRange,
    single_quotes: bool,
) -> Vec<(String, TextRange, TextRange)> {
    shell_refs(range.of(text), &[range], single_quotes)
}

fn is_shell_program(item: &str) -> bool {
    let base = item.rsplit('/').next().unwrap_or(item);
    matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    )
}

struct Builder<'a> {
    df: &'a Dockerfile,
    occs: Vec<VarOcc>,
}

impl Builder<'_> {
    fn push_ref(
        &mut self,
        name: String,
        range: TextRange,
        hit: TextRange,
        i: usize,
        scope: Option<usize>,
        ctx: RefContext,
    ) {
        let predefined = is_predefined(&name);
        self.occs.push(VarOcc {
            name,
            name_range: range,
            instruction: i,
            scope,
            decl: None,
            context: ctx,
            extent: range,
            hit,
            target: None,
            group: 0,
            predefined,
        });
    }

    /// References in one instruction (or an ONBUILD trigger).
    fn refs(
        &mut self,
        ins: &Instruction,
        i: usize,
        scope: Option<usize>,
        words: RefContext,
        shell: RefContext,
    ) {
        let text = self.df.text.as_str();
        for w in ins.words() {
            for v in &w.vars {
                if is_identifier(&v.name) {
                    let hit =
                        TextRange::new(v.range.start.min(v.name_range.start), v.name_range.end);
                    self.push_ref(v.name.clone(), v.name_range, hit, i, scope, words);
                }
            }
        }
        match ins.command() {
            Some(CommandForm::Shell(st)) => {
                for (name, r, hit) in shell_refs(&st.text, &st.pieces, true) {
                    self.push_ref(name, r, hit, i, scope, shell);
                }
            }
            Some(CommandForm::Exec { items, .. })
                if !ins.is(Keyword::Shell)
                    && items.first().is_some_and(|w| is_shell_program(&w.value)) =>
            {
                for w in items.iter().skip(1) {
                    let r = unquoted_range(w);
                    if r.len() == w.value.len() {
                        for (name, r, hit) in text_refs(text, r, true) {
                            self.push_ref(name, r, hit, i, scope, shell);
                        }
                    }
                }
            }
            _ => {}
        }
        let script_ranges: &[TextRange] = ins.shell.as_ref().map_or(&[], |s| &s.ranges);
        for h in &ins.heredocs {
            let is_script = script_ranges.contains(&h.body);
            let expands = if ins.is(Keyword::Run) {
                is_script || (h.expand && ins.shell.is_some())
            } else {
                h.expand
            };
            if !expands {
                continue;
            }
            let ctx = if ins.is(Keyword::Run) { shell } else { words };
            for (name, r, hit) in text_refs(text, h.body, is_script) {
                self.push_ref(name, r, hit, i, scope, ctx);
            }
        }
    }
}

impl Scopes {
    pub fn new(df: &Dockerfile) -> Scopes {
        let mut stage_of = vec![None; df.instructions.len()];
        for s in &df.stages {
            for i in s.instructions.clone() {
                if let Some(slot) = stage_of.get_mut(i) {
                    *slot = Some(s.index);
                }
            }
        }
        let mut b = Builder {
            df,
            occs: Vec::new(),
        };
        for (i, ins) in df.instructions.iter().enumerate() {
            let scope = stage_of.get(i).copied().flatten();
            // Declarations.
            let decl = match &ins.body {
                Body::Arg(pairs) => Some((pairs, VarKind::Arg)),
                Body::Env { pairs, .. } if scope.is_some() => Some((pairs, VarKind::Env)),
                _ => None,
            };
            if let Some((pairs, kind)) = decl {
                for p in pairs {
                    let name = p.key.value.clone();
                    if name.is_empty() {
                        continue;
                    }
                    let predefined = is_predefined(&name);
                    b.occs.push(VarOcc {
                        name,
                        name_range: unquoted_range(&p.key),
                        instruction: i,
                        scope,
                        decl: Some((kind, p.value.is_some())),
                        context: RefContext::Build,
                        extent: p.range,
                        hit: unquoted_range(&p.key),
                        target: None,
                        group: 0,
                        predefined,
                    });
                }
            }
            // References.
            match (&ins.body, scope) {
                (_, None) => b.refs(ins, i, None, RefContext::Global, RefContext::Global),
                (Body::From(_), _) => b.refs(ins, i, None, RefContext::From, RefContext::From),
                (Body::Onbuild(Some(inner)), Some(_)) => {
                    b.refs(inner, i, scope, RefContext::Runtime, RefContext::Runtime)
                }
                (_, Some(_)) => {
                    let shell = if ins.is(Keyword::Run) {
                        RefContext::Build
                    } else {
                        RefContext::Runtime
                    };
                    b.refs(ins, i, scope, RefContext::Build, shell)
                }
            }
        }
        let mut occs = b.occs;
        occs.sort_by_key(|o| (o.name_range.start, o.name_range.end));
        occs.dedup_by_key(|o| o.name_range);
        resolve(df, &mut occs);
        Scopes {
            vars: occs,
            stages: stage_occurrences(df),
            heredocs: heredoc_occurrences(df),
        }
    }

    /// The variable occurrence whose name contains or touches `offset`.
    pub fn var_at(&self, offset: usize) -> Option<usize> {
        let i = self.vars.partition_point(|o| o.hit.end < offset);
        let hit = |j: usize| {
            self.vars
                .get(j)
                .filter(|o| o.hit.touches(offset))
                .map(|_| j)
        };
        // Prefer an occurrence that contains the offset over one that ends there.
        match (hit(i), hit(i + 1)) {
            (Some(a), Some(b)) if !self.vars[a].hit.contains(offset) => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }

    pub fn stage_at(&self, offset: usize) -> Option<&StageOcc> {
        let mut best: Option<&StageOcc> = None;
        for s in &self.stages {
            if s.range.touches(offset) {
                if s.range.contains(offset) {
                    return Some(s);
                }
                best = Some(s);
            }
        }
        best
    }

    pub fn heredoc_at(&self, offset: usize) -> Option<&HeredocOcc> {
        self.heredocs.iter().find(|h| h.range.touches(offset))
    }

    /// Every occurrence of a variable group, in order.
    pub fn group(&self, group: usize) -> impl Iterator<Item = &VarOcc> + '_ {
        self.vars.iter().filter(move |o| o.group == group)
    }
}

struct Lookup<'a> {
    /// Each stage's lineage (itself, then the stages it is built from).
    lineages: Vec<Vec<usize>>,
    occs: &'a [VarOcc],
    /// Declarations by name, in file order.
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl Lookup<'_> {
    /// The last declaration of `name` of `kind` in `scope` before instruction `before`
    /// (`None`: anywhere in the scope).
    fn last_in(
        &self,
        name: &str,
        kind: VarKind,
        scope: Option<usize>,
        before: Option<usize>,
    ) -> Option<usize> {
        self.by_name.get(name)?.iter().rev().copied().find(|&d| {
            let o = &self.occs[d];
            o.scope == scope
                && o.decl.map(|x| x.0) == Some(kind)
                && before.is_none_or(|b| o.instruction < b)
        })
    }

    /// The visible declaration of `kind` in `stage` (and the stages it is built from)
    /// before instruction `at`.
    fn in_lineage(&self, name: &str, kind: VarKind, stage: usize, at: usize) -> Option<usize> {
        self.lineages.get(stage)?.iter().copied().find_map(|s| {
            let before = (s == stage).then_some(at);
            self.last_in(name, kind, Some(s), before)
        })
    }

    /// The last global ARG named `name` whose pair ends before `before`.
    fn global(&self, name: &str, before: Option<usize>) -> Option<usize> {
        self.by_name.get(name)?.iter().rev().copied().find(|&d| {
            let o = &self.occs[d];
            o.scope.is_none() && before.is_none_or(|b| o.extent.end <= b)
        })
    }

    fn resolve_ref(&self, o: &VarOcc) -> Option<usize> {
        match (o.context, o.scope) {
            (RefContext::Global, _) => self.global(&o.name, Some(o.name_range.start)),
            (RefContext::From, _) => {
                // Global ARGs all come before the first FROM.
                self.global(&o.name, None)
            }
            (RefContext::Build, Some(s)) => self
                .in_lineage(&o.name, VarKind::Env, s, o.instruction)
                .or_else(|| self.in_lineage(&o.name, VarKind::Arg, s, o.instruction)),
            (RefContext::Runtime, Some(s)) => {
                self.in_lineage(&o.name, VarKind::Env, s, o.instruction)
            }
            _ => None,
        }
    }

    /// The declaration a declaration redeclares.
    fn redeclared(&self, idx: usize) -> Option<usize> {
        let o = &self.occs[idx];
        let (kind, has_value) = o.decl?;
        match (kind, o.scope) {
            (VarKind::Arg, None) => self
                .global(&o.name, Some(o.name_range.start))
                .filter(|&d| d != idx),
            (VarKind::Env, Some(s)) => self.in_lineage(&o.name, VarKind::Env, s, o.instruction),
            (VarKind::Arg, Some(s)) => self
                .in_lineage(&o.name, VarKind::Arg, s, o.instruction)
                .or_else(|| {
                    if has_value {
                        None
                    } else {
                        self.global(&o.name, None)
                    }
                }),
            (VarKind::Env, None) => None,
        }
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}

fn resolve(df: &Dockerfile, occs: &mut [VarOcc]) {
    let targets: Vec<Option<usize>> = {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in occs.iter().enumerate() {
            if o.is_decl() {
                by_name.entry(o.name.as_str()).or_default().push(i);
            }
        }
        let lineages = df.stages.iter().map(|s| df.lineage(s.index)).collect();
        let lookup = Lookup {
            lineages,
            occs,
            by_name,
        };
        (0..occs.len())
            .map(|i| {
                if occs[i].is_decl() {
                    lookup.redeclared(i)
                } else {
                    lookup.resolve_ref(&occs[i])
                }
            })
            .collect()
    };
    let mut parent: Vec<usize> = (0..occs.len()).collect();
    for (i, t) in targets.iter().enumerate() {
        if let Some(t) = t {
            union(&mut parent, i, *t);
        }
    }
    // Unresolved references group by name within their scope.
    let mut unresolved: HashMap<(&str, Option<usize>), usize> = HashMap::new();
    for (i, o) in occs.iter().enumerate() {
        if !o.is_decl() && targets[i].is_none() {
            let first = *unresolved.entry((o.name.as_str(), o.scope)).or_insert(i);
            union(&mut parent, i, first);
        }
    }
    for i in 0..occs.len() {
        let g = find(&mut parent, i);
        occs[i].group = g;
        occs[i].target = targets[i];
    }
}

/// Where a word's text starts and ends when it is a stage name (quotes excluded).
fn stage_ref_range(w: &Word) -> TextRange {
    unquoted_range(w)
}

fn stage_occurrences(df: &Dockerfile) -> Vec<StageOcc> {
    let mut out = Vec::new();
    for stage in &df.stages {
        if let Some(r) = stage.name_range {
            out.push(StageOcc {
                range: r,
                stage: stage.index,
                decl: true,
                numeric: false,
            });
        }
        if let (Base::Stage(parent), Some(Body::From(f))) = (
            &stage.base,
            df.instructions.get(stage.from).map(|i| &i.body),
        ) {
            if let Some(img) = &f.image {
                out.push(StageOcc {
                    range: stage_ref_range(img),
                    stage: *parent,
                    decl: false,
                    numeric: false,
                });
            }
        }
    }
    for ins in &df.instructions {
        if ins.is(Keyword::Copy) {
            for f in ins.flags_named("from") {
                let Some(v) = &f.value else { continue };
                if v.has_vars() || v.value.is_empty() {
                    continue;
                }
                if let Ok(n) = v.value.parse::<usize>() {
                    if n < df.stages.len() {
                        out.push(StageOcc {
                            range: stage_ref_range(v),
                            stage: n,
                            decl: false,
                            numeric: true,
                        });
                    }
                } else if let Some(s) = df.stage_named(&v.value) {
                    out.push(StageOcc {
                        range: stage_ref_range(v),
                        stage: s.index,
                        decl: false,
                        numeric: false,
                    });
                }
            }
        }
        if ins.is(Keyword::Run) {
            for f in ins.flags_named("mount") {
                let Some(m) = f.mount() else { continue };
                let Some(field) = m.get("from") else { continue };
                let (Some(value), Some(r)) = (&field.value, field.value_range) else {
                    continue;
                };
                if value.contains('$') {
                    continue;
                }
                let raw = r.of(&df.text);
                let r = if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
                    TextRange::new(r.start + 1, r.end - 1)
                } else {
                    r
                };
                if let Ok(n) = value.parse::<usize>() {
                    if n < df.stages.len() {
                        out.push(StageOcc {
                            range: r,
                            stage: n,
                            decl: false,
                            numeric: true,
                        });
                    }
                } else if let Some(s) = df.stage_named(value) {
                    out.push(StageOcc {
                        range: r,
                        stage: s.index,
                        decl: false,
                        numeric: false,
                    });
                }
            }
        }
    }
    out.sort_by_key(|o| o.range.start);
    out
}

fn heredoc_occurrences(df: &Dockerfile) -> Vec<HeredocOcc> {
    let mut out = Vec::new();
    for (i, ins) in df.instructions.iter().enumerate() {
        for (hi, h) in ins.heredocs.iter().enumerate() {
            let marker = h.marker_range.of(&df.text);
            if let Some(pos) = marker.rfind(h.name.as_str()).filter(|_| !h.name.is_empty()) {
                let start = h.marker_range.start + pos;
                out.push(HeredocOcc {
                    range: TextRange::new(start, start + h.name.len()),
                    instruction: i,
                    heredoc: hi,
                    marker: true,
                });
            }
            if let Some(t) = h.terminator {
                let line = t.of(&df.text);
                let tabs = line.len() - line.trim_start_matches('\t').len();
                out.push(HeredocOcc {
                    range: TextRange::new(t.start + tabs, t.end),
                    instruction: i,
                    heredoc: hi,
                    marker: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(src: &str) -> (Dockerfile, Scopes) {
        let df = dockls_syntax::parse(src);
        let s = Scopes::new(&df);
        (df, s)
    }

    /// (name, line, is_decl, target line) for each occurrence.
    fn table(df: &Dockerfile, s: &Scopes) -> Vec<(String, usize, bool, Option<usize>)> {
        s.vars
            .iter()
            .map(|o| {
                (
                    o.name.clone(),
                    df.line_index.line_of(o.name_range.start),
                    o.is_decl(),
                    o.target
                        .map(|t| df.line_index.line_of(s.vars[t].name_range.start)),
                )
            })
            .collect()
    }

    #[test]
    fn global_args_need_redeclaration_in_stages() {
        let (df, s) = scopes("ARG V=1\nFROM alpine:$V\nRUN echo $V\nARG V\nRUN echo ${V:-x}\n");
        let t = table(&df, &s);
        assert_eq!(
            t,
            vec![
                ("V".into(), 0, true, None),
                ("V".into(), 1, false, Some(0)),
                ("V".into(), 2, false, None),
                ("V".into(), 3, true, Some(0)),
                ("V".into(), 4, false, Some(3)),
            ]
        );
        // The redeclaration and its uses are one variable with the global.
        assert_eq!(s.vars[0].group, s.vars[4].group);
        assert_ne!(s.vars[0].group, s.vars[2].group);
    }

    #[test]
    fn env_beats_arg_and_stages_inherit() {
        let src = "FROM a AS base\nARG X=1\nENV X=2\nFROM base AS child\nRUN echo $X\nCMD echo $X\nFROM a\nRUN echo $X\n";
        let (df, s) = scopes(src);
        let t = table(&df, &s);
        assert_eq!(t[2], ("X".into(), 4, false, Some(2)));
        assert_eq!(t[3], ("X".into(), 5, false, Some(2)));
        assert_eq!(t[4], ("X".into(), 7, false, None));
    }

    #[test]
    fn same_instruction_reads_the_previous_value() {
        let (df, s) = scopes("FROM a\nENV A=1\nENV A=2 B=$A\nARG G\n");
        let t = table(&df, &s);
        assert_eq!(t[3], ("A".into(), 2, false, Some(1)));
        // The second ENV A redeclares the first: one variable.
        assert_eq!(t[1], ("A".into(), 2, true, Some(1)));
        let (df, s) = scopes("ARG A=1 B=$A\nFROM x\n");
        let t = table(&df, &s);
        assert_eq!(t[2], ("A".into(), 0, false, Some(0)));
    }

    #[test]
    fn runtime_sees_only_env() {
        let (df, s) = scopes("FROM a\nARG P=1\nCMD echo $P\nRUN echo $P\nONBUILD RUN echo $P\n");
        let t = table(&df, &s);
        assert_eq!(t[1].3, None);
        assert_eq!(t[2].3, Some(1));
        assert_eq!(t[3].3, None);
    }

    #[test]
    fn shell_text_and_heredocs() {
        let src = "FROM a\nARG N\nRUN echo '$N' \"$N\" \\\n  && echo ${N}\nRUN <<EOF\necho '$N' $N\nEOF\nCOPY <<EOF /x\n$N\nEOF\nCOPY <<'EOF' /y\n$N\nEOF\nRUN [\"sh\", \"-c\", \"echo $N\"]\nRUN python3 <<'EOF'\n$N\nEOF\n";
        let (df, s) = scopes(src);
        let lines: Vec<usize> = table(&df, &s)
            .into_iter()
            .filter(|x| !x.2)
            .map(|x| x.1)
            .collect();
        assert_eq!(lines, vec![2, 3, 5, 8, 13]);
        assert!(s
            .vars
            .iter()
            .filter(|o| !o.is_decl())
            .all(|o| o.target == Some(0)));
    }

    #[test]
    fn stages_and_heredoc_names() {
        let src = "FROM golang AS Build\nFROM build AS test\nRUN --mount=type=cache,from=build,target=/x true\nFROM scratch\nCOPY --from=BUILD /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx /c /c\nRUN <<-EOT\n\tx\n\tEOT\n";
        let (df, s) = scopes(src);
        let got: Vec<(&str, usize, bool, bool)> = s
            .stages
            .iter()
            .map(|o| (o.range.of(&df.text), o.stage, o.decl, o.numeric))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Build", 0, true, false),
                ("build", 0, false, false),
                ("test", 1, true, false),
                ("build", 0, false, false),
                ("BUILD", 0, false, false),
                ("0", 0, false, true),
            ]
        );
        let h: Vec<&str> = s.heredocs.iter().map(|o| o.range.of(&df.text)).collect();
        assert_eq!(h, vec!["EOT", "EOT"]);
    }
}
