//! Facts derived from the whole file: variables in scope, resolved base images, the last
//! USER of each stage. Computed once per analysis, on first use.

use dockls_syntax::image::ImageRef;
use dockls_syntax::{Base, Body, Dockerfile, Keyword, TextRange};

/// Where a variable is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarDecl {
    pub name: String,
    pub value: Option<String>,
    pub is_env: bool,
    /// The key's range.
    pub range: TextRange,
    /// Instruction index.
    pub instruction: usize,
}

/// Per-stage facts.
#[derive(Clone, Debug, Default)]
pub struct StageFacts {
    /// The base image with global ARG defaults substituted, when that gives a reference.
    pub image: Option<ImageRef>,
    /// ARG and ENV declarations of the stage itself, in order.
    pub vars: Vec<VarDecl>,
    /// The last USER of the stage (not of its parents), with its instruction index.
    pub user: Option<(String, usize)>,
}

#[derive(Clone, Debug, Default)]
pub struct Semantic {
    /// ARGs declared before the first FROM.
    pub global_args: Vec<VarDecl>,
    pub stages: Vec<StageFacts>,
    /// Per stage: named by a `--from` flag or a `--mount=...,from=` option somewhere.
    pub copied_from: Vec<bool>,
    /// Per stage: its filesystem can end up in an image that is shipped (it is the final
    /// stage, nobody copies from it so it may be a `--target`, or a stage built on it ships).
    pub ships: Vec<bool>,
    /// Lowercased stage name to the last stage with that name (BuildKit's name table, where
    /// a later definition wins).
    pub last_stage_named: std::collections::HashMap<String, usize>,
}

/// Marks the stages named by `--from` flags and `--mount` `from=` options (by name or index).
fn copied_from(df: &Dockerfile) -> Vec<bool> {
    let mut out = vec![false; df.stages.len()];
    let mut mark = |v: &str| {
        let v = v.to_ascii_lowercase();
        let hit = df
            .stage_named(&v)
            .map(|s| s.index)
            .or_else(|| v.parse::<usize>().ok());
        if let Some(slot) = hit.and_then(|i| out.get_mut(i)) {
            *slot = true;
        }
    };
    for outer in &df.instructions {
        let ins = outer.effective();
        for f in &ins.flags {
            match f.name.as_str() {
                "from" => {
                    if let Some(v) = f.value_str() {
                        mark(v);
                    }
                }
                // Mount keys are read case-insensitively: skip parsing mounts without one.
                "mount" if f.value.as_ref().is_some_and(|v| mentions_from(&v.value)) => {
                    if let Some(from) = f.mount().and_then(|m| m.from().map(str::to_string)) {
                        mark(&from);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether a `--mount` value may hold a `from` key (in any case).
fn mentions_from(value: &str) -> bool {
    value
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"from"))
}

/// Which stages ship (see [`Semantic::ships`]), children before parents.
fn shipping(df: &Dockerfile, copied: &[bool]) -> Vec<bool> {
    let n = df.stages.len();
    let mut ships = vec![false; n];
    // Whether a stage built from this one ships.
    let mut child_ships = vec![false; n];
    // A child stage always comes after its parent, so walking backwards sees children first.
    for i in (0..n).rev() {
        let last = i + 1 == n;
        let not_copied = !copied.get(i).copied().unwrap_or(false);
        ships[i] = last || not_copied || child_ships[i];
        if let (true, Some(Base::Stage(p))) = (ships[i], df.stages.get(i).map(|s| &s.base)) {
            if let Some(slot) = child_ships.get_mut(*p) {
                *slot = true;
            }
        }
    }
    ships
}

/// Variables every build has without declaring them.
pub const PREDEFINED_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Platform ARGs, global scope only (redeclare inside a stage to use them there).
pub const PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// BuildKit's built-in ARGs.
pub const BUILDKIT_ARGS: &[&str] = &[
    "BUILDKIT_SYNTAX",
    "BUILDKIT_DOCKERFILE_CHECK",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_BUILD_NAME",
    "SOURCE_DATE_EPOCH",
    "BUILDKIT_SBOM_SCAN_CONTEXT",
    "BUILDKIT_SBOM_SCAN_STAGE",
];

fn decls(df: &Dockerfile, range: std::ops::Range<usize>) -> Vec<VarDecl> {
    let mut out = Vec::new();
    for i in range {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        let (pairs, is_env) = match &ins.body {
            Body::Arg(p) => (p, false),
            Body::Env { pairs, .. } => (pairs, true),
            _ => continue,
        };
        for p in pairs {
            out.push(VarDecl {
                name: p.key.value.clone(),
                value: p.value.as_ref().map(|v| v.value.clone()),
                is_env,
                range: p.key.range,
                instruction: i,
            });
        }
    }
    out
}

/// Substitutes `$X`/`${X}`/`${X:-d}` using `lookup`; `None` when a variable has no value.
pub fn expand(word: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let scan = dockls_syntax::vars::scan(word, '\\', true);
    if scan.refs.is_empty() {
        return Some(dockls_syntax::lex::unquote(word, '\\'));
    }
    let mut out = String::new();
    let mut at = 0;
    // Only outermost references are replaced.
    let mut refs: Vec<_> = scan.refs.iter().collect();
    refs.sort_by_key(|r| r.span.start);
    for r in refs {
        if r.span.start < at {
            continue;
        }
        out.push_str(&word[at..r.span.start]);
        let value = lookup(&r.name).filter(|v| !v.is_empty());
        let replaced = match (r.modifier, value) {
            (None, Some(v)) => v,
            (Some(m), Some(v))
                if !m.provides_default()
                    && matches!(
                        m,
                        dockls_syntax::vars::Modifier::ErrorIfEmpty
                            | dockls_syntax::vars::Modifier::ErrorIfUnset
                    ) =>
            {
                v
            }
            (Some(m), v) if m.provides_default() => match v {
                Some(v) => v,
                None => {
                    let w = r.word_span.clone().map(|s| &word[s]).unwrap_or("");
                    expand(w, lookup)?
                }
            },
            (
                Some(
                    dockls_syntax::vars::Modifier::AlternativeIfNonEmpty
                    | dockls_syntax::vars::Modifier::AlternativeIfSet,
                ),
                v,
            ) => match v {
                Some(_) => {
                    let w = r.word_span.clone().map(|s| &word[s]).unwrap_or("");
                    expand(w, lookup)?
                }
                None => String::new(),
            },
            _ => return None,
        };
        out.push_str(&replaced);
        at = r.span.end;
    }
    out.push_str(&word[at..]);
    Some(dockls_syntax::lex::unquote(&out, '\\'))
}

impl Semantic {
    pub fn new(df: &Dockerfile) -> Self {
        let global_end = df.stages.first().map_or(df.instructions.len(), |s| s.from);
        let global_args = decls(df, 0..global_end);
        let mut stages = Vec::with_capacity(df.stages.len());
        for stage in &df.stages {
            let vars = decls(df, stage.instructions.clone());
            let user = stage.instructions.clone().rev().find_map(|i| {
                match df.instructions.get(i).map(|x| &x.body) {
                    Some(Body::User(Some(w))) => Some((w.value.clone(), i)),
                    _ => None,
                }
            });
            let image = match (
                &stage.base,
                df.instructions.get(stage.from).map(|x| &x.body),
            ) {
                (Base::Image(r), Some(Body::From(f))) if r.has_vars => {
                    f.image.as_ref().and_then(|img| {
                        let lookup = |name: &str| {
                            global_args
                                .iter()
                                .rev()
                                .find(|a| a.name == name)
                                .and_then(|a| a.value.clone())
                        };
                        let expanded = expand(&img.raw, &lookup)?;
                        (!expanded.is_empty() && !expanded.contains('$'))
                            .then(|| ImageRef::parse(&expanded, img.range))
                    })
                }
                (Base::Image(r), _) => Some(r.clone()),
                _ => None,
            };
            stages.push(StageFacts { image, vars, user });
        }
        let copied = copied_from(df);
        let ships = shipping(df, &copied);
        let last_stage_named = df
            .stages
            .iter()
            .filter_map(|s| Some((s.name.clone()?, s.index)))
            .collect();
        Semantic {
            global_args,
            stages,
            copied_from: copied,
            ships,
            last_stage_named,
        }
    }

    /// The resolved image of a stage, following `FROM <stage>` to the stage's root image.
    pub fn root_image<'s>(&'s self, df: &Dockerfile, stage: usize) -> Option<&'s ImageRef> {
        let root = *df.lineage(stage).last()?;
        self.stages.get(root)?.image.as_ref()
    }

    /// The effective USER at the end of a stage, following its parents.
    pub fn effective_user(&self, df: &Dockerfile, stage: usize) -> Option<(String, usize)> {
        df.lineage(stage)
            .into_iter()
            .find_map(|s| self.stages.get(s)?.user.clone())
    }

    /// Whether `name` is declared (ARG or ENV) in a stage before instruction `before`, in
    /// the stage or its parents.
    pub fn declared_before(
        &self,
        df: &Dockerfile,
        stage: usize,
        before: usize,
        name: &str,
    ) -> bool {
        df.lineage(stage).into_iter().any(|s| {
            self.stages.get(s).is_some_and(|f| {
                f.vars
                    .iter()
                    .any(|v| v.name == name && (s != stage || v.instruction < before))
            })
        })
    }
}

/// True for instructions that run a command in the image (RUN, also under ONBUILD).
pub fn is_run(k: Option<Keyword>) -> bool {
    k == Some(Keyword::Run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_defaults() {
        let lookup = |n: &str| (n == "V").then(|| "20".to_string());
        assert_eq!(
            expand("node:${V}-alpine", &lookup).as_deref(),
            Some("node:20-alpine")
        );
        assert_eq!(expand("node:${X:-18}", &lookup).as_deref(), Some("node:18"));
        assert_eq!(expand("node:$X", &lookup), None);
    }

    #[test]
    fn resolves_images_and_users() {
        let df =
            dockls_syntax::parse("ARG V=3.20\nFROM alpine:${V} AS base\nUSER app\nFROM base\n");
        let s = Semantic::new(&df);
        assert_eq!(
            s.stages[0].image.as_ref().map(|i| i.raw.as_str()),
            Some("alpine:3.20")
        );
        assert_eq!(s.effective_user(&df, 1).map(|u| u.0), Some("app".into()));
        assert_eq!(
            s.root_image(&df, 1).map(|i| i.repository.as_str()),
            Some("alpine")
        );
    }
}
