//! Helpers shared by the instruction and image rules: variable scopes with three-valued
//! lookups, expansion that knows when it cannot know, stage references, platform and
//! image-reference parsing.

use dockls_syntax::vars::Modifier;
use dockls_syntax::{Base, Dockerfile, Keyword, TextRange};

use crate::context::Context;
use crate::semantic::{BUILDKIT_ARGS, PLATFORM_ARGS, PREDEFINED_ARGS};

/// What we know about a variable at some point of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Var {
    /// Declared, with this value (defaults; a build argument may still override an ARG).
    Known(String),
    /// Declared (or maybe defined by a base image), value unknown.
    Unknown,
    /// Certainly not defined: expands to nothing.
    Unset,
}

/// Expands `$X`, `${X}` and `${X<modifier>...}` in a word with a three-valued lookup.
/// Returns `None` when the result depends on something unknown. Quotes are removed from
/// the result (single-quoted text is not expanded), like the builder's word processing.
pub(crate) fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Var) -> Option<String> {
    let scan = dockls_syntax::vars::scan(word, escape, true);
    if !scan.errors.is_empty() {
        return None;
    }
    let mut refs: Vec<_> = scan.refs.iter().collect();
    refs.sort_by_key(|r| r.span.start);
    let mut out = String::new();
    let mut at = 0;
    for r in refs {
        if r.span.start < at {
            continue;
        }
        out.push_str(word.get(at..r.span.start)?);
        let inner = || -> Option<String> {
            let w = r.word_span.clone().and_then(|s| word.get(s)).unwrap_or("");
            expand(w, escape, lookup)
        };
        let v = lookup(&r.name);
        let replaced = match r.modifier {
            None => match v {
                Var::Known(s) => s,
                Var::Unset => String::new(),
                Var::Unknown => return None,
            },
            Some(Modifier::DefaultIfEmpty) => match v {
                Var::Known(s) if !s.is_empty() => s,
                Var::Known(_) | Var::Unset => inner()?,
                Var::Unknown => return None,
            },
            Some(Modifier::DefaultIfUnset) => match v {
                Var::Known(s) => s,
                Var::Unset => inner()?,
                Var::Unknown => return None,
            },
            Some(Modifier::AlternativeIfNonEmpty) => match v {
                Var::Known(s) if !s.is_empty() => inner()?,
                Var::Known(_) | Var::Unset => String::new(),
                Var::Unknown => return None,
            },
            Some(Modifier::AlternativeIfSet) => match v {
                Var::Known(_) => inner()?,
                Var::Unset => String::new(),
                Var::Unknown => return None,
            },
            Some(Modifier::ErrorIfEmpty | Modifier::ErrorIfUnset) => match v {
                Var::Known(s) if !s.is_empty() => s,
                _ => return None,
            },
            // Pattern forms: only a variable that is certainly empty gives a known result.
            Some(_) => match v {
                Var::Unset => String::new(),
                Var::Known(s) if s.is_empty() => String::new(),
                _ => return None,
            },
        };
        out.push_str(&replaced);
        at = r.span.end;
    }
    out.push_str(word.get(at..)?);
    Some(dockls_syntax::lex::unquote(&out, escape))
}

/// Lookup for words in FROM lines: global ARG defaults; the automatic platform ARGs have
/// a value we do not know (the platform of the build).
pub(crate) fn from_lookup(cx: &Context<'_>, name: &str) -> Var {
    let globals = &cx.semantic().global_args;
    if let Some(a) = globals.iter().rev().find(|a| a.name == name) {
        return match &a.value {
            Some(v) if v.contains('$') => Var::Unknown,
            Some(v) => Var::Known(v.clone()),
            None if PLATFORM_ARGS.contains(&name) => Var::Unknown,
            None => Var::Unset,
        };
    }
    if PLATFORM_ARGS.contains(&name) {
        return Var::Unknown;
    }
    Var::Unset
}

/// Like [`from_lookup`], but a declared global ARG may be set by a build argument, so its
/// value is unknown: only undeclared names are certainly empty.
pub(crate) fn from_lookup_any_build_args(cx: &Context<'_>, name: &str) -> Var {
    match from_lookup(cx, name) {
        Var::Unset if cx.semantic().global_args.iter().any(|a| a.name == name) => Var::Unknown,
        Var::Known(_) => Var::Unknown,
        v => v,
    }
}

/// Whether the root image of a stage's lineage is one whose configuration is known to
/// define no environment variable but PATH (`scratch`, and the distribution base images).
pub(crate) fn root_env_is_minimal(df: &Dockerfile, stage: usize) -> bool {
    let Some(root) = df.lineage(stage).last().copied() else {
        return false;
    };
    match df.stages.get(root).map(|s| &s.base) {
        Some(Base::Scratch) => true,
        Some(Base::Image(r)) if !r.has_vars && r.registry.is_none() => matches!(
            r.repository.as_str(),
            "alpine" | "busybox" | "debian" | "ubuntu"
        ),
        _ => false,
    }
}

/// The value of a variable as seen by instruction `at` of `stage` (ENV and ARG of the
/// stage before `at`, then of its parent stages), ignoring the base image.
pub(crate) fn stage_var(cx: &Context<'_>, stage: usize, at: usize, name: &str) -> Option<Var> {
    let df = cx.df;
    let sem = cx.semantic();
    for s in df.lineage(stage) {
        let Some(facts) = sem.stages.get(s) else {
            continue;
        };
        // Declarations are in instruction order: in the stage itself only those before
        // `at` count, so the search starts there (from the end, it made long stages
        // quadratic).
        let before = if s == stage {
            facts.vars.partition_point(|v| v.instruction < at)
        } else {
            facts.vars.len()
        };
        let decl = facts
            .vars
            .get(..before)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|v| v.name == name);
        if let Some(d) = decl {
            let value = match &d.value {
                Some(v) => Some(v.clone()),
                // `ARG X` inside a stage takes the global default.
                None if !d.is_env => sem
                    .global_args
                    .iter()
                    .rev()
                    .find(|a| a.name == name)
                    .and_then(|a| a.value.clone()),
                None => None,
            };
            return Some(match value {
                Some(v) if !v.contains('$') => Var::Known(v),
                _ => Var::Unknown,
            });
        }
    }
    None
}

/// Lookup for words of instruction `at` in `stage`: declared variables, then the
/// predefined ones (value unknown), then the base image, which may define anything unless
/// it is known to be minimal.
pub(crate) fn stage_lookup(cx: &Context<'_>, stage: usize, at: usize, name: &str) -> Var {
    if let Some(v) = stage_var(cx, stage, at, name) {
        return v;
    }
    if PREDEFINED_ARGS.contains(&name) || BUILDKIT_ARGS.contains(&name) || name == "PATH" {
        return Var::Unknown;
    }
    if root_env_is_minimal(cx.df, stage) {
        Var::Unset
    } else {
        Var::Unknown
    }
}

/// The range of a line including its line break (for deleting whole lines).
pub(crate) fn with_line_break(text: &str, r: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let mut end = r.end;
    if bytes.get(end) == Some(&b'\r') {
        end += 1;
    }
    if bytes.get(end) == Some(&b'\n') {
        end += 1;
    }
    TextRange::new(r.start, end)
}

/// A reference to a stage by name: its range in the text and the value as written.
pub(crate) struct StageRef {
    pub range: TextRange,
    pub value: String,
    /// Instruction index (top level).
    pub instruction: usize,
}

/// Every `COPY --from=`/`ADD --from=` value and `RUN --mount=...,from=` value written
/// plainly (no quotes or variables), including those under ONBUILD.
pub(crate) fn from_flag_refs(cx: &Context<'_>) -> Vec<StageRef> {
    let mut out = Vec::new();
    for (i, outer) in cx.df.instructions.iter().enumerate() {
        let ins = outer.effective();
        for f in &ins.flags {
            match (ins.keyword, f.name.as_str()) {
                (Some(Keyword::Copy | Keyword::Add), "from") => {
                    if let Some(v) = &f.value {
                        if v.raw == v.value && !v.has_vars() {
                            out.push(StageRef {
                                range: v.range,
                                value: v.value.clone(),
                                instruction: i,
                            });
                        }
                    }
                }
                (Some(Keyword::Run), "mount") => {
                    if let Some(m) = f.mount() {
                        for field in &m.fields {
                            if field.key == "from" {
                                if let (Some(v), Some(r)) = (&field.value, field.value_range) {
                                    if r.len() == v.len() && !v.contains('$') {
                                        out.push(StageRef {
                                            range: r,
                                            value: v.clone(),
                                            instruction: i,
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The stage a `--from` value names: a stage name (any stage, BuildKit resolves these
/// after reading every stage) or a stage index.
pub(crate) fn resolve_from(cx: &Context<'_>, value: &str) -> Option<usize> {
    if let Ok(n) = value.parse::<usize>() {
        return (n < cx.df.stages.len()).then_some(n);
    }
    // Later definitions win, as in BuildKit's name table.
    cx.semantic()
        .last_stage_named
        .get(&value.to_ascii_lowercase())
        .copied()
}

/// A platform as containerd's `platforms.Parse` reads it: `os[/arch[/variant]]`, or a
/// lone OS or architecture. Returns the normalized `(os, arch)`.
pub(crate) fn parse_platform(s: &str) -> Result<(String, String), String> {
    let parts: Vec<&str> = s.split('/').collect();
    let valid = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    };
    // The OS part may carry an OS version in parentheses: `windows(10.0.17763)`.
    let os_part = |p: &str| -> Option<String> {
        match p.split_once('(') {
            Some((os, rest)) => {
                let v = rest.strip_suffix(')')?;
                (valid(os) && !v.is_empty() && !v.contains(['(', ')'])).then(|| os.to_string())
            }
            None => valid(p).then(|| p.to_string()),
        }
    };
    match parts.as_slice() {
        [one] => {
            let Some(os) = os_part(one) else {
                return Err(format!("{s:?}: invalid platform component"));
            };
            let lower = os.to_ascii_lowercase();
            if is_known_os(&lower) {
                Ok((normalize_os(&lower), String::new()))
            } else if is_known_arch(&lower) {
                Ok((String::new(), normalize_arch(&lower)))
            } else {
                Err(format!("{s:?}: unknown operating system or architecture"))
            }
        }
        [os, rest @ ..] if rest.len() <= 2 => {
            let Some(os) = os_part(os) else {
                return Err(format!("{s:?}: invalid operating system component"));
            };
            if let Some(bad) = rest.iter().find(|p| !valid(p)) {
                return Err(format!("{s:?}: invalid component {bad:?}"));
            }
            let arch = rest
                .first()
                .map(|a| a.to_ascii_lowercase())
                .unwrap_or_default();
            Ok((
                normalize_os(&os.to_ascii_lowercase()),
                normalize_arch(&arch),
            ))
        }
        _ => Err(format!(
            "{s:?}: a platform has at most three parts, os/arch/variant"
        )),
    }
}

fn is_known_os(s: &str) -> bool {
    matches!(
        s,
        "aix"
            | "android"
            | "darwin"
            | "macos"
            | "dragonfly"
            | "freebsd"
            | "hurd"
            | "illumos"
            | "ios"
            | "js"
            | "linux"
            | "nacl"
            | "netbsd"
            | "openbsd"
            | "plan9"
            | "solaris"
            | "wasip1"
            | "windows"
            | "zos"
    )
}

fn is_known_arch(s: &str) -> bool {
    matches!(
        s,
        "386"
            | "i386"
            | "x86"
            | "amd64"
            | "x86_64"
            | "x86-64"
            | "amd64p32"
            | "arm"
            | "armhf"
            | "armel"
            | "armbe"
            | "arm64"
            | "aarch64"
            | "arm64be"
            | "loong64"
            | "mips"
            | "mipsle"
            | "mips64"
            | "mips64le"
            | "mips64p32"
            | "mips64p32le"
            | "ppc"
            | "ppc64"
            | "ppc64le"
            | "riscv"
            | "riscv64"
            | "s390"
            | "s390x"
            | "sparc"
            | "sparc64"
            | "wasm"
    )
}

fn normalize_os(s: &str) -> String {
    match s {
        "macos" => "darwin".into(),
        other => other.into(),
    }
}

fn normalize_arch(s: &str) -> String {
    match s {
        "i386" | "x86" => "386".into(),
        "x86_64" | "x86-64" => "amd64".into(),
        "aarch64" => "arm64".into(),
        "armhf" | "armel" => "arm".into(),
        other => other.into(),
    }
}

/// Checks a reference the way `reference.ParseNormalizedNamed` does. `Err` says why not.
pub(crate) fn check_image_reference(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("the reference is empty".into());
    }
    let (name_tag, digest) = match s.split_once('@') {
        Some((a, d)) => (a, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let ok = d.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty()
                && alg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c))
                && hex.len() >= 32
                && hex.chars().all(|c| c.is_ascii_hexdigit())
        });
        if !ok {
            return Err(format!("invalid digest {d:?}"));
        }
    }
    let (name, tag) = match name_tag.rfind(':') {
        Some(i) if !name_tag[i + 1..].contains('/') => (&name_tag[..i], Some(&name_tag[i + 1..])),
        _ => (name_tag, None),
    };
    if let Some(t) = tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !ok {
            return Err(format!("invalid tag {t:?}"));
        }
    }
    if name.is_empty() {
        return Err("the repository name is empty".into());
    }
    let mut comps: Vec<&str> = name.split('/').collect();
    if comps.len() > 1 {
        let first = comps[0];
        if first.contains('.')
            || first.contains(':')
            || first == "localhost"
            || first.chars().any(|c| c.is_ascii_uppercase())
        {
            let host = first.split(':').next().unwrap_or("");
            if host.is_empty()
                || !host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']'))
            {
                return Err(format!("invalid registry {first:?}"));
            }
            comps.remove(0);
        }
    }
    for c in comps {
        if c.chars().any(|ch| ch.is_ascii_uppercase()) {
            return Err("repository name must be lowercase".into());
        }
        if !path_component_ok(c) {
            return Err(format!("invalid repository path component {c:?}"));
        }
    }
    if name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("a 64-character hex string is not a repository name".into());
    }
    Ok(())
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn path_component_ok(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// Whether a name is a plain identifier (variables such as `$1` or `$@` are shell
/// parameters, not build variables).
pub(crate) fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_three_valued() {
        let lookup = |n: &str| match n {
            "K" => Var::Known("v".into()),
            "E" => Var::Known(String::new()),
            "U" => Var::Unknown,
            _ => Var::Unset,
        };
        assert_eq!(expand("a$K", '\\', &lookup).as_deref(), Some("av"));
        assert_eq!(expand("a$N", '\\', &lookup).as_deref(), Some("a"));
        assert_eq!(expand("a$U", '\\', &lookup), None);
        assert_eq!(expand("${E:-d}", '\\', &lookup).as_deref(), Some("d"));
        assert_eq!(expand("${E-d}", '\\', &lookup).as_deref(), Some(""));
        assert_eq!(expand("${N:+x}", '\\', &lookup).as_deref(), Some(""));
        assert_eq!(expand("${K:+x$K}", '\\', &lookup).as_deref(), Some("xv"));
        assert_eq!(expand("'$K'", '\\', &lookup).as_deref(), Some("$K"));
    }

    #[test]
    fn platforms() {
        assert_eq!(
            parse_platform("linux/amd64"),
            Ok(("linux".into(), "amd64".into()))
        );
        assert_eq!(
            parse_platform("linux/arm/v7"),
            Ok(("linux".into(), "arm".into()))
        );
        assert_eq!(parse_platform("arm64"), Ok((String::new(), "arm64".into())));
        assert!(parse_platform("linux/amd64/v2/x").is_err());
        assert!(parse_platform("linxu").is_err());
        assert!(parse_platform("linux amd64").is_err());
        assert!(parse_platform("windows(10.0.17763)/amd64").is_ok());
    }

    #[test]
    fn references() {
        assert!(check_image_reference("alpine:3.20").is_ok());
        assert!(check_image_reference("ghcr.io/Org/x").is_err());
        assert!(check_image_reference(
            "localhost:5000/a/b:1@sha256:0123456789abcdef0123456789abcdef"
        )
        .is_ok());
        assert!(check_image_reference("busybox:").is_err());
        assert!(check_image_reference("").is_err());
        assert!(check_image_reference("MyImage").is_err());
        assert!(check_image_reference("a--b").is_ok());
        assert!(check_image_reference("a-").is_err());
    }
}
