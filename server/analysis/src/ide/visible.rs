//! Variables visible at a point of a Dockerfile, scoped the way BuildKit scopes them:
//! global ARGs (before the first FROM) only on FROM lines unless a stage declares them
//! again, stage ARGs from their declaration to the end of the stage, ENV inherited by
//! stages built `FROM` a stage, ENV winning over an ARG of the same name, the platform
//! ARGs in the global scope and the proxy ARGs everywhere in stages.

use dockls_syntax::{Body, Dockerfile, Instruction, TextRange};

use crate::semantic::{expand, PLATFORM_ARGS, PREDEFINED_ARGS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// An ARG before the first FROM.
    GlobalArg,
    /// An ARG inside a stage.
    Arg,
    Env,
    /// `TARGETPLATFORM`, `BUILDARCH`, ...: set by the builder.
    Platform,
    /// The proxy ARGs (`HTTP_PROXY`, ...), usable without a declaration.
    Predefined,
}

/// Where a variable is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decl {
    /// Instruction index.
    pub instruction: usize,
    /// The key's range.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarInfo {
    pub name: String,
    pub kind: VarKind,
    /// The value as written in the declaration (`None` when it has no default).
    pub written: Option<String>,
    /// The value with the variables it uses substituted, when they are all known.
    pub value: Option<String>,
    pub decl: Option<Decl>,
    /// A stage `ARG NAME` without a value: the global ARG whose default it takes.
    pub global: Option<Decl>,
    /// An ENV set in a parent stage (its index).
    pub inherited_from: Option<usize>,
}

/// Which variables a position sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// FROM lines and the instructions before the first FROM: global ARGs declared before
    /// instruction `before`, and the platform ARGs.
    Global { before: usize },
    /// Inside a stage, before instruction `before`.
    Stage { stage: usize, before: usize },
}

/// The scope of an instruction's arguments.
pub fn scope_of(df: &Dockerfile, instruction: usize) -> Scope {
    let first_from = df.stages.first().map_or(usize::MAX, |s| s.from);
    if instruction < first_from {
        return Scope::Global {
            before: instruction,
        };
    }
    match df.stage_of(instruction) {
        Some(s) if s.from == instruction => Scope::Global { before: first_from },
        Some(s) => Scope::Stage {
            stage: s.index,
            before: instruction,
        },
        None => Scope::Global {
            before: instruction,
        },
    }
}

/// The scope at a byte offset: the instruction there, or the point between two
/// instructions.
pub fn scope_at(df: &Dockerfile, offset: usize) -> Scope {
    if let Some(i) = df.instruction_at(offset) {
        return scope_of(df, i);
    }
    let next = df
        .instructions
        .partition_point(|ins| ins.range.start < offset);
    match next.checked_sub(1).and_then(|prev| df.stage_of(prev)) {
        Some(s) => Scope::Stage {
            stage: s.index,
            before: next,
        },
        None => Scope::Global { before: next },
    }
}

fn upsert(list: &mut Vec<VarInfo>, v: VarInfo) {
    list.retain(|x| x.name != v.name);
    list.push(v);
}

fn find<'a>(list: &'a [VarInfo], name: &str) -> Option<&'a VarInfo> {
    list.iter().rev().find(|v| v.name == name)
}

fn resolve(raw: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    expand(raw, lookup)
}

/// Global ARGs declared before instruction `before`, in order.
fn globals(df: &Dockerfile, before: usize) -> Vec<VarInfo> {
    let mut out: Vec<VarInfo> = Vec::new();
    for (i, ins) in df.globals().iter().enumerate().take(before) {
        let Body::Arg(pairs) = &ins.body else {
            continue;
        };
        // Pairs of one ARG line see the values before that line.
        let snapshot = out.clone();
        for p in pairs {
            let written = p.value.as_ref().map(|w| w.raw.clone());
            let value = written.as_deref().and_then(|raw| {
                resolve(raw, &|n: &str| {
                    find(&snapshot, n).and_then(|v| v.value.clone())
                })
            });
            upsert(
                &mut out,
                VarInfo {
                    name: p.key.value.clone(),
                    kind: VarKind::GlobalArg,
                    written,
                    value,
                    decl: Some(Decl {
                        instruction: i,
                        range: p.key.range,
                    }),
                    global: None,
                    inherited_from: None,
                },
            );
        }
    }
    out
}

fn platform(name: &str) -> VarInfo {
    VarInfo {
        name: name.to_string(),
        kind: VarKind::Platform,
        written: None,
        value: None,
        decl: None,
        global: None,
        inherited_from: None,
    }
}

/// Declarations of one instruction's ARG/ENV pairs, applied to `env`/`args`.
fn apply(
    ins: &Instruction,
    index: usize,
    globals: &[VarInfo],
    env: &mut Vec<VarInfo>,
    args: &mut Vec<VarInfo>,
) {
    let (pairs, is_env) = match &ins.body {
        Body::Arg(p) => (p, false),
        Body::Env { pairs, .. } => (pairs, true),
        _ => return,
    };
    let (env0, args0) = (env.clone(), args.clone());
    let lookup = |n: &str| {
        find(&env0, n)
            .or_else(|| find(&args0, n))
            .and_then(|v| v.value.clone())
    };
    for p in pairs {
        let name = p.key.value.clone();
        let written = p.value.as_ref().map(|w| w.raw.clone());
        let decl = Some(Decl {
            instruction: index,
            range: p.key.range,
        });
        if is_env {
            let value = written.as_deref().and_then(|raw| resolve(raw, &lookup));
            upsert(
                env,
                VarInfo {
                    name,
                    kind: VarKind::Env,
                    written,
                    value,
                    decl,
                    global: None,
                    inherited_from: None,
                },
            );
        } else {
            let (value, global) = match written.as_deref() {
                Some(raw) => (resolve(raw, &lookup), None),
                None => match find(globals, &name) {
                    Some(g) => (g.value.clone(), g.decl),
                    None => (None, None),
                },
            };
            upsert(
                args,
                VarInfo {
                    name,
                    kind: VarKind::Arg,
                    written,
                    value,
                    decl,
                    global,
                    inherited_from: None,
                },
            );
        }
    }
}

/// Every variable visible in `scope`, declarations in order (latest last), then the
/// built-in ones that apply.
pub fn visible(df: &Dockerfile, scope: Scope) -> Vec<VarInfo> {
    match scope {
        Scope::Global { before } => {
            let mut out = globals(df, before);
            for p in PLATFORM_ARGS {
                if find(&out, p).is_none() {
                    out.push(platform(p));
                }
            }
            out
        }
        Scope::Stage { stage, before } => {
            let globals = globals(df, usize::MAX);
            let mut env: Vec<VarInfo> = Vec::new();
            let mut args: Vec<VarInfo> = Vec::new();
            let chain: Vec<usize> = df.lineage(stage).into_iter().rev().collect();
            for s in chain {
                args.clear();
                let Some(st) = df.stages.get(s) else {
                    continue;
                };
                for i in st.instructions.clone().skip(1) {
                    if s == stage && i >= before {
                        break;
                    }
                    if let Some(ins) = df.instructions.get(i) {
                        apply(ins, i, &globals, &mut env, &mut args);
                    }
                }
                if s != stage {
                    for v in env.iter_mut() {
                        v.inherited_from.get_or_insert(s);
                    }
                }
            }
            // ENV wins over an ARG of the same name.
            let mut out: Vec<VarInfo> = args
                .into_iter()
                .filter(|a| find(&env, &a.name).is_none())
                .collect();
            out.extend(env);
            for p in PREDEFINED_ARGS {
                if find(&out, p).is_none() {
                    out.push(VarInfo {
                        kind: VarKind::Predefined,
                        ..platform(p)
                    });
                }
            }
            out
        }
    }
}

/// One variable as seen in `scope`.
pub fn lookup(df: &Dockerfile, scope: Scope, name: &str) -> Option<VarInfo> {
    visible(df, scope)
        .into_iter()
        .rev()
        .find(|v| v.name == name)
}

/// Variables a stage could use after declaring them (`ARG NAME`): global ARGs and
/// platform ARGs that the stage has not declared yet.
pub fn redeclarable(df: &Dockerfile, scope: Scope) -> Vec<VarInfo> {
    let Scope::Stage { .. } = scope else {
        return Vec::new();
    };
    let seen = visible(df, scope);
    let mut out: Vec<VarInfo> = globals(df, usize::MAX)
        .into_iter()
        .filter(|g| find(&seen, &g.name).is_none())
        .collect();
    for p in PLATFORM_ARGS {
        if find(&seen, p).is_none() && find(&out, p).is_none() {
            out.push(platform(p));
        }
    }
    out
}

/// The first line of an instruction, shortened, for "declared at" notes.
pub fn first_line(df: &Dockerfile, instruction: usize) -> String {
    let Some(ins) = df.instructions.get(instruction) else {
        return String::new();
    };
    let text = ins.header.of(&df.text);
    let line = text.lines().next().unwrap_or("").trim_end();
    let line = line.strip_suffix(df.escape).unwrap_or(line).trim_end();
    if line.chars().count() > 80 {
        let cut: String = line.chars().take(77).collect();
        format!("{cut}...")
    } else {
        line.to_string()
    }
}

/// 1-based line of an instruction.
pub fn line_of(df: &Dockerfile, instruction: usize) -> usize {
    df.instructions
        .get(instruction)
        .map_or(0, |ins| df.line_index.line_of(ins.range.start) + 1)
}

fn kind_label(v: &VarInfo) -> &'static str {
    match v.kind {
        VarKind::GlobalArg => "global ARG",
        VarKind::Arg => "ARG",
        VarKind::Env => "ENV",
        VarKind::Platform => "platform ARG",
        VarKind::Predefined => "predefined ARG",
    }
}

/// One line: `= value` or what is known about the value.
pub fn value_summary(v: &VarInfo) -> String {
    match (&v.value, &v.written) {
        (Some(val), _) => format!("= {val}"),
        (None, Some(w)) => format!("= {w}"),
        (None, None) if PLATFORM_ARGS.contains(&v.name.as_str()) => "set by the builder".into(),
        (None, None) if v.kind == VarKind::Predefined => "set with --build-arg".into(),
        (None, None) => "no default".into(),
    }
}

fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Markdown describing a variable: value and where it comes from.
pub fn markdown(df: &Dockerfile, v: &VarInfo) -> String {
    let mut s = format!("**{}** `{}`", kind_label(v), v.name);
    match (&v.value, &v.written) {
        (Some(val), Some(w)) if val != w && !w.trim_matches(['"', '\'']).eq(val) => {
            s.push_str(&format!(" = {}\n\nWritten as {}", code(val), code(w)));
        }
        (Some(val), _) => s.push_str(&format!(" = {}", code(val))),
        (None, Some(w)) => s.push_str(&format!(
            " = {}\n\nIts value depends on variables without a default.",
            code(w)
        )),
        (None, None) => {}
    }
    if let Some(d) = v.decl {
        s.push_str(&format!(
            "\n\nDeclared at line {}: {}",
            line_of(df, d.instruction),
            code(&first_line(df, d.instruction))
        ));
    }
    if let Some(g) = v.global {
        s.push_str(&format!(
            "\n\nDefault from the global ARG at line {}: {}",
            line_of(df, g.instruction),
            code(&first_line(df, g.instruction))
        ));
    }
    if let Some(stage) = v.inherited_from.and_then(|i| df.stages.get(i)) {
        let name = stage
            .name
            .clone()
            .unwrap_or_else(|| format!("#{}", stage.index));
        s.push_str(&format!(
            "\n\nInherited from stage `{name}` (line {}).",
            line_of(df, stage.from)
        ));
    }
    if let Some(doc) = super::docs::builtin_arg_doc(&v.name) {
        s.push_str("\n\n");
        s.push_str(doc);
        if v.decl.is_none() {
            s.push_str("\n\n");
            s.push_str(&super::docs::reference_line(
                super::docs::builtin_arg_anchor(&v.name),
            ));
        }
    } else if v.value.is_none() && v.written.is_none() && v.kind == VarKind::Arg {
        s.push_str(&format!(
            "\n\nNo default: set it with `--build-arg {}=...`.",
            v.name
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[VarInfo]) -> Vec<&str> {
        v.iter()
            .filter(|v| !matches!(v.kind, VarKind::Platform | VarKind::Predefined))
            .map(|v| v.name.as_str())
            .collect()
    }

    const SRC: &str = "ARG BASE=alpine\nARG TAG=3.20\nARG V=${TAG}-x\nFROM ${BASE}:${TAG} AS build\nARG TAG\nENV A=1 B=$A\nENV A=2\nARG A=9\nRUN echo\nFROM build\nARG V\nRUN echo\n";

    #[test]
    fn global_scope_on_from_lines() {
        let df = dockls_syntax::parse(SRC);
        let s = scope_of(&df, 3);
        assert_eq!(s, Scope::Global { before: 3 });
        let v = visible(&df, s);
        assert_eq!(names(&v), vec!["BASE", "TAG", "V"]);
        assert_eq!(
            lookup(&df, s, "V").and_then(|v| v.value),
            Some("3.20-x".into())
        );
        assert!(v.iter().any(|v| v.name == "TARGETARCH"));
        // A global ARG line sees only earlier globals.
        assert_eq!(names(&visible(&df, scope_of(&df, 1))), vec!["BASE"]);
    }

    #[test]
    fn stage_scope_env_beats_arg_and_redeclared_globals() {
        let df = dockls_syntax::parse(SRC);
        let s = scope_of(&df, 8);
        let v = visible(&df, s);
        assert_eq!(names(&v), vec!["TAG", "B", "A"]);
        let tag = lookup(&df, s, "TAG").unwrap_or_else(|| panic!("TAG"));
        assert_eq!(tag.value.as_deref(), Some("3.20"));
        assert_eq!(tag.global.map(|g| g.instruction), Some(1));
        // ENV B=$A uses the A from before its line (unset there).
        assert_eq!(lookup(&df, s, "B").and_then(|v| v.value), None);
        let a = lookup(&df, s, "A").unwrap_or_else(|| panic!("A"));
        assert_eq!((a.kind, a.value.as_deref()), (VarKind::Env, Some("2")));
        assert!(!v.iter().any(|v| v.name == "TARGETARCH"));
        assert!(v.iter().any(|v| v.name == "HTTP_PROXY"));
        assert!(lookup(&df, s, "BASE").is_none());
        assert!(redeclarable(&df, s).iter().any(|v| v.name == "BASE"));
        assert!(redeclarable(&df, s).iter().any(|v| v.name == "TARGETOS"));
    }

    #[test]
    fn child_stages_inherit_env_not_args() {
        let df = dockls_syntax::parse(SRC);
        let s = scope_of(&df, 11);
        let v = visible(&df, s);
        assert_eq!(names(&v), vec!["V", "B", "A"]);
        let a = lookup(&df, s, "A").unwrap_or_else(|| panic!("A"));
        assert_eq!(a.inherited_from, Some(0));
        assert_eq!(
            lookup(&df, s, "V").and_then(|v| v.value),
            Some("3.20-x".into())
        );
        let md = markdown(&df, &a);
        assert!(md.contains("Inherited from stage `build`"), "{md}");
    }

    #[test]
    fn scope_between_instructions() {
        let df = dockls_syntax::parse("ARG X=1\nFROM a\nARG Y=2\n\nRUN x\n");
        let at = "ARG X=1\nFROM a\nARG Y=2\n".len();
        assert_eq!(
            scope_at(&df, at),
            Scope::Stage {
                stage: 0,
                before: 3
            }
        );
        assert_eq!(scope_at(&df, 0), Scope::Global { before: 0 });
    }
}
