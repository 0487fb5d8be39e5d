//! What several shell rules need: the RUN scripts to visit, the order commands run in,
//! cleanup and cache-mount detection, variables in scope, whether a stage ends up in an
//! image, the base image's family, version-pin tests per package manager, and the edits
//! that fixes share (an option after a word, a command appended to a RUN).

use std::borrow::Cow;

use dockls_syntax::shell::{
    parse_bash, ShellCommand, ShellKind, ShellScript, ShellSource, ShellToken, ShellWord,
};
use dockls_syntax::{
    Body, CommandForm, Dockerfile, Heredoc, Instruction, Keyword, Stage, TextRange,
};

use crate::commands::{argv, invocation, Invocation, Manager};
use crate::context::{Context, InstructionRef};
use crate::diagnostic::Edit;

/// A RUN with the commands it runs: the shell view of a shell-form RUN, or for an
/// exec-form RUN (`RUN ["apt-get", "install", "x"]`) one command made of the array's
/// items, plus the script of `["sh", "-c", "script"]` when its JSON string maps to the
/// text one to one.
#[derive(Clone)]
pub(crate) struct Run<'a> {
    pub r: InstructionRef<'a>,
    pub script: Cow<'a, ShellScript>,
    /// The RUN is in exec form: edits of array items must keep the JSON valid.
    pub exec: bool,
}

impl<'a> Run<'a> {
    pub fn ins(&self) -> &'a Instruction {
        self.r.ins
    }

    /// Package-manager invocations of the script, in the order they run.
    pub fn invocations(&self) -> Vec<Invocation<'_>> {
        let mut v: Vec<Invocation<'_>> =
            self.script.commands.iter().filter_map(invocation).collect();
        v.sort_by_key(|i| self.order(i.argv.command));
        v
    }

    /// The heredoc whose body holds `offset`.
    pub fn body_at(&self, offset: usize) -> Option<&'a Heredoc> {
        self.r.ins.heredocs.iter().find(|h| h.body.contains(offset))
    }

    /// When a command runs relative to the others of the script. A heredoc body fed to a
    /// command (`bash <<EOF`) runs where its marker is, not where its text is.
    pub fn order(&self, c: &ShellCommand) -> (usize, usize) {
        if self.script.source == ShellSource::Inline {
            if let Some(h) = self.body_at(c.range.start) {
                return (h.marker_range.start, c.range.start);
            }
        }
        (c.range.start, c.range.start)
    }

    /// When text at `range` runs, like [`Run::order`] for a command.
    pub fn order_of(&self, range: TextRange) -> (usize, usize) {
        if self.script.source == ShellSource::Inline {
            if let Some(h) = self.body_at(range.start) {
                return (h.marker_range.start, range.start);
            }
        }
        (range.start, range.start)
    }

    /// Whether a later command of the script removes `path` (`rm -rf path`, `path/*`, or a
    /// parent directory).
    pub fn removes_after(&self, path: &str, after: (usize, usize)) -> bool {
        self.script
            .commands
            .iter()
            .any(|c| self.order(c) > after && rm_covers(c, path))
    }

    /// Whether a `--mount` of one of `kinds` covers `path`.
    pub fn mount_covers(&self, kinds: &[&str], path: &str) -> bool {
        mount_targets(self.r.ins, kinds)
            .iter()
            .any(|t| path_covers(t, path))
    }

    /// Whether a word is an item of the exec-form array (not text inside one).
    fn is_exec_item(&self, w: &ShellWord) -> bool {
        self.exec
            && matches!(self.r.ins.command(), Some(CommandForm::Exec { items, .. }) if items.iter().any(|i| i.range == w.range))
    }

    /// An edit that adds the option `text` right after a word (`-y` after `install`): a
    /// new item `, "text"` in an exec-form array, ` text` anywhere else.
    pub fn insert_after(&self, word: &ShellWord, text: &str) -> Edit {
        if self.is_exec_item(word) {
            Edit::insert(
                word.range.end,
                format!(", {}", crate::fixes::json_string(text)),
            )
        } else {
            Edit::insert(word.range.end, format!(" {text}"))
        }
    }

    /// An edit that replaces a word with `text` (quoted when it is an exec-form item).
    pub fn replace_word(&self, word: &ShellWord, text: &str) -> Edit {
        if self.is_exec_item(word) {
            Edit::replace(word.range, crate::fixes::json_string(text))
        } else {
            Edit::replace(word.range, text)
        }
    }
}

/// The RUN instructions with the commands they run, in file order; `with_onbuild` adds
/// those wrapped by ONBUILD. Shell-form RUNs in a shell dockls cannot read (PowerShell,
/// cmd) are left out.
pub(crate) fn runs<'a>(cx: &Context<'a>, with_onbuild: bool) -> Vec<Run<'a>> {
    let mut v: Vec<Run<'a>> = cx
        .each_with_onbuild(Keyword::Run)
        .filter(|r| with_onbuild || !r.onbuild)
        .filter_map(|r| {
            if let Some(script) = r.ins.shell.as_ref() {
                return Some(Run {
                    r,
                    script: Cow::Borrowed(script),
                    exec: false,
                });
            }
            let script = exec_script(cx.df, r.ins)?;
            Some(Run {
                r,
                script: Cow::Owned(script),
                exec: true,
            })
        })
        .collect();
    v.sort_by_key(|run| run.r.ins.range.start);
    v
}

/// The commands of an exec-form RUN: the array as one command, and when it runs a POSIX
/// shell with `-c`, the commands of the script string.
fn exec_script(df: &Dockerfile, ins: &Instruction) -> Option<ShellScript> {
    let Some(CommandForm::Exec { items, range }) = ins.command() else {
        return None;
    };
    // A Windows stage has no POSIX commands to check.
    if df.escape == '`' {
        return None;
    }
    let words: Vec<ShellWord> = items
        .iter()
        .map(|w| ShellWord {
            range: w.range,
            raw: w.raw.clone(),
            value: w.value.clone(),
            is_static: true,
        })
        .collect();
    let (name, args) = words.split_first()?;
    let values: Vec<String> = items.iter().map(|w| w.value.clone()).collect();
    let command = ShellCommand {
        range: *range,
        name: Some(name.clone()),
        args: args.to_vec(),
        assignments: Vec::new(),
        redirects: Vec::new(),
        in_pipeline: false,
        nested: false,
    };
    let dash_c = values
        .iter()
        .position(|v| v.starts_with('-') && !v.starts_with("--") && v.ends_with('c'));
    let kind = ShellKind::from_items(&values[..dash_c.unwrap_or(values.len())]);
    let mut script = ShellScript {
        kind: if dash_c.is_some() {
            kind.clone()
        } else {
            ShellKind::Other(name.value.clone())
        },
        source: ShellSource::Inline,
        commands: Vec::new(),
        has_pipe: false,
        has_errors: false,
        tokens: Vec::new(),
        ranges: vec![*range],
        assignments: Vec::new(),
    };
    if let (true, Some(i)) = (kind.is_posix(), dash_c) {
        // The script is the first word after `-c`; parse it when the JSON string has no
        // escapes, so that offsets inside it are offsets of the document.
        if let Some(item) = items.get(i + 1) {
            let plain = item.raw.len() == item.value.len() + 2 && item.raw.starts_with('"');
            if plain && item.range.len() == item.raw.len() {
                let inner = TextRange::new(item.range.start + 1, item.range.end - 1);
                if let Some(inner_script) = parse_bash(
                    &df.text,
                    &df.line_index,
                    &[inner],
                    kind,
                    ShellSource::Inline,
                ) {
                    script.commands = inner_script.commands;
                    script.has_pipe = inner_script.has_pipe;
                    script.has_errors = inner_script.has_errors;
                    script.tokens = inner_script.tokens;
                    script.assignments = inner_script.assignments;
                }
            }
        }
    }
    script.commands.insert(0, command);
    Some(script)
}

/// Whether `target` is `path` or one of its parents (`/var/lib/apt` covers
/// `/var/lib/apt/lists`). A trailing `/*` or `/` on `target` is ignored.
pub(crate) fn path_covers(target: &str, path: &str) -> bool {
    let t = target.trim_end_matches('*').trim_end_matches('/');
    let p = path.trim_end_matches('/');
    if t.is_empty() || (target.ends_with('*') && !target.ends_with("/*")) {
        return false;
    }
    p == t || p.strip_prefix(t).is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a command is `rm` with an operand that covers `path`.
pub(crate) fn rm_covers(c: &ShellCommand, path: &str) -> bool {
    let Some(a) = argv(c) else {
        return false;
    };
    a.name == "rm"
        && a.args
            .iter()
            .any(|w| !w.value.starts_with('-') && path_covers(&w.value, path))
}

/// The targets of a RUN's `--mount`s of the given types.
pub(crate) fn mount_targets(ins: &Instruction, kinds: &[&str]) -> Vec<String> {
    ins.flags_named("mount")
        .filter_map(|f| f.mount())
        .filter(|m| kinds.contains(&m.kind()))
        .filter_map(|m| m.target().map(str::to_string))
        .collect()
}

/// A word's value when it has no expansions (what the command receives is known).
pub(crate) fn static_value(w: &ShellWord) -> Option<&str> {
    (w.is_static && !w.value.contains('$') && !w.value.contains('`')).then_some(w.value.as_str())
}

/// The text of a value with its expansions (`$NAME`, `${...}`, `$(...)`, `` `...` ``)
/// removed.
pub(crate) fn literal_part(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => match chars.peek() {
                Some('{') | Some('(') => {
                    let (open, close) = if chars.peek() == Some(&'{') {
                        ('{', '}')
                    } else {
                        ('(', ')')
                    };
                    let mut depth = 0usize;
                    for n in chars.by_ref() {
                        if n == open {
                            depth += 1;
                        } else if n == close {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                }
                _ => {
                    while chars
                        .peek()
                        .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_')
                    {
                        chars.next();
                    }
                }
            },
            '`' => {
                for n in chars.by_ref() {
                    if n == '`' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A package word to check for a version pin: its value when it is static, or when it
/// mixes text with variables (`postgresql-${PG_MAJOR}` names one package whatever the
/// variable holds). A word that is only a variable (`$PACKAGES`) may hold anything,
/// versions included, and is skipped.
pub(crate) fn package_word(w: &ShellWord) -> Option<&str> {
    if let Some(v) = static_value(w) {
        return Some(v);
    }
    let literal = literal_part(&w.value);
    let named = literal.chars().any(|c| c.is_ascii_alphabetic());
    (named && !w.value.contains('`') && !w.value.contains("$(")).then_some(w.value.as_str())
}

/// The packages behind an operand that is only a variable (`$PKGS`, `${PKGS}`, or
/// `${PKGS//,/ }` with a literal pattern) when its value is known: the last assignment
/// of that name earlier in the same RUN (`PKGS="a b" && apt-get install $PKGS`), else
/// the ARG default or ENV value in scope. Words of the value that are options or hold
/// further expansions are dropped.
pub(crate) struct VarPackages {
    /// `$NAME` as written.
    pub word: String,
    /// Where the value comes from, for messages (`set earlier in this RUN`, ...).
    pub source: String,
    pub names: Vec<String>,
}

pub(crate) fn variable_packages(
    cx: &Context<'_>,
    run: &Run<'_>,
    command: &ShellCommand,
    w: &ShellWord,
) -> Option<VarPackages> {
    if static_value(w).is_some() {
        return None;
    }
    let value = w.value.as_str();
    let scan = dockls_syntax::vars::scan(value, '\\', false);
    let [r] = scan.refs.as_slice() else {
        return None;
    };
    if r.span.start != 0 || r.span.end != value.len() {
        return None;
    }
    // A quoted expansion is one argument: fine for one package, not for a list.
    let quoted = w.raw.starts_with('"');
    let before = run.order(command);
    let assigned = run
        .script
        .assignments
        .iter()
        .filter(|(n, _, range)| *n == r.name && run.order_of(*range) < before)
        .max_by_key(|(_, _, range)| run.order_of(*range))
        .map(|(_, v, _)| v.clone());
    // Arrays (`PKGS=(a b)`) and values built by a command are not read.
    if assigned
        .as_ref()
        .is_some_and(|v| v.contains(['(', ')', '`']))
    {
        return None;
    }
    let (raw_value, source) = match assigned {
        Some(v) => (v, "set earlier in this RUN".to_string()),
        // An ONBUILD trigger runs in another build, with that build's ARGs and ENVs.
        None if run.r.onbuild => return None,
        None => {
            let v = var_in_scope(cx, &run.r, &r.name)??;
            let kind = if declared_by_env(cx, &run.r, &r.name) {
                format!("the value of ENV {}", r.name)
            } else {
                format!("the default of ARG {}", r.name)
            };
            (v, kind)
        }
    };
    let full = match r.modifier {
        None => raw_value,
        Some(dockls_syntax::vars::Modifier::Replace { all }) => {
            let spec = r.word_span.clone().and_then(|s| value.get(s))?;
            let (pattern, replacement) = spec.split_once('/').unwrap_or((spec, ""));
            if pattern.is_empty() || pattern.contains(['*', '?', '[', '\\', '$']) {
                return None;
            }
            if all {
                raw_value.replace(pattern, replacement)
            } else {
                raw_value.replacen(pattern, replacement, 1)
            }
        }
        Some(_) => return None,
    };
    if quoted && full.split_whitespace().nth(1).is_some() {
        return None;
    }
    let names = full
        .split_whitespace()
        .filter(|n| *n != "\\" && !n.starts_with('-') && !n.contains('$') && !n.contains('`'))
        .map(str::to_string)
        .collect();
    Some(VarPackages {
        word: value.to_string(),
        source,
        names,
    })
}

/// Whether the declaration of `name` in scope at an instruction is an ENV.
fn declared_by_env(cx: &Context<'_>, r: &InstructionRef<'_>, name: &str) -> bool {
    let Some(stage) = r.stage else {
        return false;
    };
    let sem = cx.semantic();
    cx.df
        .lineage(stage.index)
        .into_iter()
        .find_map(|s| {
            sem.stages
                .get(s)?
                .vars
                .iter()
                .rev()
                .find(|v| v.name == name && (s != stage.index || v.instruction < r.index))
        })
        .is_some_and(|v| v.is_env)
}

/// Reports the package operands of an install command that carry no version: a plain
/// word with `message(name)`; a variable (`$PACKAGES`) once, naming the packages it expands
/// to that lack one, with `example` showing how one is pinned (`name=<version>`). `pinned`
/// says which names need no report (pinned, or not a package name: a path, a file).
pub(crate) fn report_unpinned(
    cx: &Context<'_>,
    run: &Run<'_>,
    inv: &Invocation<'_>,
    out: &mut crate::rule::Sink<'_>,
    pinned: impl Fn(&str) -> bool,
    example: &str,
    message: impl Fn(&str) -> String,
) {
    let skip = |v: &str| v.is_empty() || pinned(v);
    for w in &inv.operands {
        match package_word(w) {
            Some(v) if !skip(v) => {
                out.report(w.range, message(v));
            }
            Some(_) => {}
            None => {
                if let Some(vp) = variable_packages(cx, run, inv.argv.command, w) {
                    let unpinned: Vec<&str> = vp
                        .names
                        .iter()
                        .map(String::as_str)
                        .filter(|v| !skip(v))
                        .collect();
                    report_variable_packages(out, w, &vp, &unpinned, example);
                }
            }
        }
    }
}

/// Reports the packages of a variable operand that `unpinned` says lack a version, once
/// for the word: `example` shows how one is pinned (`name=<version>`).
fn report_variable_packages(
    out: &mut crate::rule::Sink<'_>,
    w: &ShellWord,
    vp: &VarPackages,
    unpinned: &[&str],
    example: &str,
) {
    let Some(first) = unpinned.first() else {
        return;
    };
    let listed = match unpinned {
        [_] => format!("`{first}`"),
        [a, b] => format!("`{a}` and `{b}`"),
        [a, b, c] => format!("`{a}`, `{b}` and `{c}`"),
        _ => format!(
            "{} and {} more",
            unpinned
                .iter()
                .take(3)
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            unpinned.len() - 3
        ),
    };
    out.report(
        w.range,
        format!(
            "`{}` ({}) installs {listed} without a version, so rebuilds can install different ones; pin {} ({example}) if the build must be reproducible",
            vp.word,
            vp.source,
            if unpinned.len() == 1 { "it" } else { "each one" }
        ),
    );
}

/// A local file, directory or URL rather than a package name.
pub(crate) fn is_path_or_url(v: &str) -> bool {
    v.starts_with('.')
        || v.starts_with('/')
        || v.starts_with('~')
        || v.contains("://")
        || v.starts_with("file:")
}

/// The options of an invocation that are `name` or `name=value`, plus the word after
/// `-o`-style options, flattened: e.g. `-o APT::Get::Assume-Yes=true` gives
/// `APT::Get::Assume-Yes=true`.
pub(crate) fn option_value_after<'a>(inv: &Invocation<'a>, names: &[&str]) -> Vec<&'a str> {
    let args = inv.argv.args;
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        for n in names {
            if a.value == *n {
                if let Some(next) = args.get(i + 1) {
                    out.push(next.value.as_str());
                }
            } else if let Some(v) = a.value.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
                out.push(v);
            }
        }
    }
    out
}

/// An apt configuration value set with `-o Name=value` on the command line.
pub(crate) fn apt_option<'a>(inv: &Invocation<'a>, name: &str) -> Option<&'a str> {
    option_value_after(inv, &["-o", "--option"])
        .into_iter()
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .next_back()
}

/// apt's boolean strings.
pub(crate) fn apt_true(v: &str) -> bool {
    matches!(
        v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on" | "enable"
    )
}

pub(crate) fn apt_false(v: &str) -> bool {
    matches!(
        v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off" | "disable"
    )
}

/// The last ARG or ENV declaration of `name` visible at an instruction: in its stage
/// before it, or in a parent stage (`FROM <stage>`). `Some(None)` for `ARG NAME` with no
/// default. An `ARG NAME` without default picks up the global `ARG NAME=default`.
pub(crate) fn var_in_scope(
    cx: &Context<'_>,
    r: &InstructionRef<'_>,
    name: &str,
) -> Option<Option<String>> {
    let stage = r.stage?;
    let sem = cx.semantic();
    for s in cx.df.lineage(stage.index) {
        let Some(facts) = sem.stages.get(s) else {
            continue;
        };
        let found = facts
            .vars
            .iter()
            .rev()
            .find(|v| v.name == name && (s != stage.index || v.instruction < r.index));
        if let Some(v) = found {
            if v.value.is_none() && !v.is_env {
                let global = sem
                    .global_args
                    .iter()
                    .rev()
                    .find(|g| g.name == name)
                    .and_then(|g| g.value.clone());
                return Some(global);
            }
            return Some(v.value.clone());
        }
    }
    None
}

/// The value a command sees for an environment variable: an inline `NAME=value` prefix of
/// the command, else the ARG/ENV in scope.
pub(crate) fn env_for(
    cx: &Context<'_>,
    r: &InstructionRef<'_>,
    c: &ShellCommand,
    name: &str,
) -> Option<Option<String>> {
    if let Some((_, v, _)) = c.assignments.iter().rev().find(|(n, _, _)| n == name) {
        return Some(Some(v.clone()));
    }
    var_in_scope(cx, r, name)
}

/// Whether an instruction's stage ends up in an image: the final stage, a stage that is
/// not the source of `COPY --from`/`--mount from=` (it may be built with `--target`), or
/// a stage another shipping stage is built FROM. ONBUILD triggers always ship: they run
/// in the image built from this one.
pub(crate) fn ships(cx: &Context<'_>, r: &InstructionRef<'_>) -> bool {
    if r.onbuild {
        return true;
    }
    match r.stage {
        Some(stage) => cx
            .semantic()
            .ships
            .get(stage.index)
            .copied()
            .unwrap_or(true),
        None => true,
    }
}

/// The user an instruction runs as: the last USER before it in its stage, else its
/// parent stages'. `None` when no USER is set (root, unless the base image says otherwise).
pub(crate) fn user_at(cx: &Context<'_>, r: &InstructionRef<'_>) -> Option<String> {
    let stage = r.stage?;
    for s in cx.df.lineage(stage.index) {
        let Some(st) = cx.df.stages.get(s) else {
            continue;
        };
        let end = if s == stage.index {
            r.index
        } else {
            st.instructions.end
        };
        let found = (st.instructions.start..end).rev().find_map(|i| {
            match cx.df.instructions.get(i).map(|x| &x.body) {
                Some(Body::User(Some(w))) => Some(w.value.clone()),
                _ => None,
            }
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether a USER value is root.
pub(crate) fn is_root_user(u: &str) -> bool {
    let name = u.split(':').next().unwrap_or(u);
    name == "root" || name == "0"
}

/// The operating-system family of a stage's base image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Alpine,
    Busybox,
    Debian,
    Rhel,
    Suse,
    Arch,
    /// distroless and scratch: no shell at all.
    NoShell,
    Unknown,
}

impl Family {
    /// Bash is part of the base system.
    pub fn has_bash(self) -> bool {
        matches!(
            self,
            Family::Debian | Family::Rhel | Family::Suse | Family::Arch
        )
    }

    /// `/bin/sh` and wget come from busybox.
    pub fn is_busybox(self) -> bool {
        matches!(self, Family::Alpine | Family::Busybox)
    }
}

const DEBIAN_TAGS: &[&str] = &[
    "bookworm", "bullseye", "buster", "stretch", "jessie", "trixie", "sid", "jammy", "focal",
    "bionic", "xenial", "noble", "oracular", "plucky", "slim",
];

const DEBIAN_IMAGES: &[&str] = &[
    "debian",
    "ubuntu",
    "buildpack-deps",
    "node",
    "python",
    "ruby",
    "golang",
    "php",
    "perl",
    "rust",
    "openjdk",
    "maven",
    "gradle",
    "eclipse-temurin",
    "haskell",
    "elixir",
    "erlang",
    "julia",
    "r-base",
    "nginx",
    "httpd",
    "postgres",
    "redis",
    "mongo",
    "rabbitmq",
    "tomcat",
    "jenkins",
    "cuda",
    "pytorch",
    "tensorflow",
    "miniconda3",
    "anaconda3",
    "sdk",
    "aspnet",
    "runtime",
    "runtime-deps",
    "swift",
    "kong",
    "wordpress",
    "drupal",
    "ghost",
    "gcc",
    "clojure",
    "dart",
    "pypy",
    "mariadb",
];

const RHEL_IMAGES: &[&str] = &[
    "centos",
    "fedora",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "ubi",
    "ubi-minimal",
    "ubi8",
    "ubi9",
    "ubi8-minimal",
    "ubi9-minimal",
    "ubi10",
    "amazoncorretto",
    "mysql",
];

/// Classifies an image by its repository and tag.
pub(crate) fn classify_image(repository: &str, tag: Option<&str>) -> Family {
    let repo = repository.to_ascii_lowercase();
    let tag = tag.unwrap_or("").to_ascii_lowercase();
    let short = repo.rsplit('/').next().unwrap_or(&repo);
    if repo.contains("distroless") || short == "scratch" {
        return Family::NoShell;
    }
    if short == "busybox" {
        return Family::Busybox;
    }
    if short.contains("alpine") || tag.contains("alpine") {
        return Family::Alpine;
    }
    if RHEL_IMAGES.contains(&short)
        || repo.starts_with("redhat/")
        || repo.starts_with("ubi8/")
        || repo.starts_with("ubi9/")
        || repo.contains("centos")
    {
        return Family::Rhel;
    }
    if repo.contains("opensuse") || repo.starts_with("suse/") || repo.starts_with("bci/") {
        return Family::Suse;
    }
    if short == "archlinux" {
        return Family::Arch;
    }
    if DEBIAN_IMAGES.contains(&short) || DEBIAN_TAGS.iter().any(|t| tag.contains(t)) {
        return Family::Debian;
    }
    Family::Unknown
}

/// The family of a stage's base image; when the image says nothing, the package manager
/// the stage (or its parents) uses.
pub(crate) fn family(cx: &Context<'_>, stage: Option<&Stage>) -> Family {
    let Some(stage) = stage else {
        return Family::Unknown;
    };
    let df = cx.df;
    let from_image = cx
        .semantic()
        .root_image(df, stage.index)
        .map(|img| classify_image(&img.repository, img.tag.as_deref()))
        .unwrap_or(Family::Unknown);
    if from_image != Family::Unknown {
        return from_image;
    }
    for s in df.lineage(stage.index) {
        let Some(st) = df.stages.get(s) else {
            continue;
        };
        for ins in df.stage_instructions(st) {
            let Some(script) = ins.effective().shell.as_ref() else {
                continue;
            };
            for inv in script.commands.iter().filter_map(invocation) {
                match inv.manager {
                    Manager::Apk => return Family::Alpine,
                    Manager::AptGet | Manager::Apt | Manager::Aptitude => return Family::Debian,
                    Manager::Yum | Manager::Dnf | Manager::Microdnf => return Family::Rhel,
                    Manager::Zypper => return Family::Suse,
                    _ => {}
                }
            }
        }
    }
    Family::Unknown
}

/// Where RUN instructions mention a setting written to a configuration file
/// (`APT::Install-Recommends`, `assumeyes=1`): the places, found once per check, that
/// [`Mentions::before`] looks up.
pub(crate) struct Mentions {
    /// (stage index, offset) of each mention inside a RUN.
    at: Vec<(usize, usize)>,
}

impl Mentions {
    /// Finds `needles` (ASCII case-insensitive) in the RUN instructions of the document
    /// (those [`Context::wants`]: in an incremental run, the stages looked at again, and
    /// mentions only count within a stage's lineage).
    pub fn new(cx: &Context<'_>, needles: &[&str]) -> Mentions {
        let needles: Vec<String> = needles
            .iter()
            .map(|n| n.to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        let mut at = Vec::new();
        for r in cx.all() {
            let Some(stage) = r.stage else { continue };
            if !r.ins.effective().is(Keyword::Run) {
                continue;
            }
            let range = r.ins.range;
            let lower = range.of(cx.text()).to_ascii_lowercase();
            for needle in &needles {
                for (offset, _) in lower.match_indices(needle.as_str()) {
                    // `-o APT::...=x` and `--setopt=x` set it for one command only. The
                    // instruction starts with its keyword, so what precedes a mention is
                    // inside it.
                    let before = lower.get(..offset).unwrap_or("");
                    let before = before.trim_end_matches([' ', '\t', '"', '\'']);
                    if before.ends_with("-o")
                        || before.ends_with("--option")
                        || before.ends_with("--setopt=")
                    {
                        continue;
                    }
                    at.push((stage.index, range.start + offset));
                }
            }
        }
        Mentions { at }
    }

    /// Whether a mention comes before `offset` in the instruction's stage or in a stage it
    /// is built from (earlier RUNs, or the same RUN before `offset`).
    pub fn before(&self, cx: &Context<'_>, r: &InstructionRef<'_>, offset: usize) -> bool {
        let Some(stage) = r.stage else {
            return false;
        };
        if self.at.is_empty() {
            return false;
        }
        let lineage = cx.df.lineage(stage.index);
        self.at
            .iter()
            .any(|(s, o)| *o < offset && lineage.contains(s))
    }
}

/// Whether a command reads its input from `yes` (`yes | apt-get install ...`).
pub(crate) fn fed_by_yes(df: &Dockerfile, script: &ShellScript, c: &ShellCommand) -> bool {
    c.in_pipeline
        && script.commands.iter().any(|p| {
            p.is("yes")
                && p.in_pipeline
                && p.range.end <= c.range.start
                && df
                    .text
                    .get(p.range.end..c.range.start)
                    .is_some_and(|between| {
                        between
                            .chars()
                            .filter(|ch| !ch.is_whitespace() && *ch != '\\' && *ch != df.escape)
                            .eq("|".chars())
                    })
        })
}

/// An edit that runs `command` at the end of the RUN that holds `near`: as a last line of
/// the heredoc body that holds it, else after the RUN's shell text (`&& command`, keeping
/// the instruction's line-continuation layout). `None` when the text ends in a way an
/// appended command would not run reliably (a comment, a trailing `&`, `|`, `&&`), or when
/// the script does not parse (an unterminated quote would swallow the command).
pub(crate) fn append_command(
    df: &Dockerfile,
    run: &Run<'_>,
    near: &ShellCommand,
    command: &str,
) -> Option<Edit> {
    if run.script.has_errors {
        return None;
    }
    let text = df.text.as_str();
    if let Some(h) = run.body_at(near.range.start) {
        h.terminator?;
        let body = h.body.of(text);
        let newline = if body.ends_with("\r\n") {
            "\r\n"
        } else if body.ends_with('\n') {
            "\n"
        } else {
            return None;
        };
        let last = body
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        if last.trim_end().ends_with(df.escape) || last.trim_end().ends_with('\\') {
            return None;
        }
        let indent: String = last
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        return Some(Edit::insert(
            h.body.end,
            format!("{indent}{command}{newline}"),
        ));
    }
    let Some(CommandForm::Shell(st)) = run.r.ins.command() else {
        return None;
    };
    let piece = st.pieces.last()?;
    let piece_text = piece.of(text);
    let trimmed = piece_text.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let end = piece.start + trimmed.len();
    let in_comment = run
        .script
        .tokens
        .iter()
        .any(|(r, k)| *k == ShellToken::Comment && r.start < end && r.end >= end);
    if in_comment {
        return None;
    }
    let ends = |s: &str| trimmed.ends_with(s);
    if ends("&&") || ends("||") || ends("|") || ends("&") || ends("\\") || ends("`") {
        return None;
    }
    let idx = &df.line_index;
    let first_line = st.pieces.first().map(|p| idx.line_of(p.start));
    let last_line = idx.line_of(end);
    let multi_line = first_line.is_some_and(|f| f != last_line) && run.r.ins.heredocs.is_empty();
    if !multi_line {
        let sep = if ends(";") { " " } else { " && " };
        return Some(Edit::insert(end, format!("{sep}{command}")));
    }
    // Follow the layout of the continuation lines: `&& cmd` at the start of a line, or
    // `cmd && \` at the end of one.
    let indent_of = |line: usize| -> (String, bool) {
        let r = idx.line_range(line, text).unwrap_or_default();
        let l = r.of(text);
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        (indent, l.trim_start().starts_with("&&"))
    };
    let first = first_line.unwrap_or(last_line);
    let lines: Vec<(String, bool)> = (first + 1..=last_line).map(indent_of).collect();
    let leading = lines.iter().rev().find(|(_, amp)| *amp);
    let esc = df.escape;
    let newline = if text.get(end..).is_some_and(|r| r.starts_with("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let text = match leading {
        Some((indent, _)) if !ends(";") => format!(" {esc}{newline}{indent}&& {command}"),
        _ => {
            let indent = lines.first().map(|(i, _)| i.clone()).unwrap_or_default();
            let sep = if ends(";") { "" } else { " &&" };
            format!("{sep} {esc}{newline}{indent}{command}")
        }
    };
    Some(Edit::insert(end, text))
}

// yum, dnf and microdnf.

/// The word naming what a yum/dnf invocation does: the subcommand, or for `group` and
/// `module` the subcommand plus its action (`group install`).
pub(crate) fn rpm_action(inv: &Invocation<'_>) -> String {
    let sub = inv.sub();
    match sub {
        "group" | "groups" | "module" => match inv.operands.first() {
            Some(a) => format!("{sub} {}", a.value),
            None => sub.to_string(),
        },
        _ => sub.to_string(),
    }
}

/// yum/dnf actions that change packages and ask for confirmation first.
pub(crate) fn rpm_prompts(inv: &Invocation<'_>) -> bool {
    let action = rpm_action(inv);
    rpm_installs(inv)
        || matches!(
            action.as_str(),
            "remove"
                | "erase"
                | "rm"
                | "autoremove"
                | "groupremove"
                | "group remove"
                | "groups remove"
                | "module remove"
                | "module enable"
                | "module disable"
                | "module reset"
                | "module switch-to"
        )
}

/// yum/dnf actions that download and install packages (and so fill the cache).
pub(crate) fn rpm_installs(inv: &Invocation<'_>) -> bool {
    matches!(
        rpm_action(inv).as_str(),
        "install"
            | "in"
            | "groupinstall"
            | "localinstall"
            | "reinstall"
            | "update"
            | "upgrade"
            | "up"
            | "update-minimal"
            | "upgrade-minimal"
            | "downgrade"
            | "distro-sync"
            | "distrosync"
            | "swap"
            | "groupupdate"
            | "builddep"
            | "group install"
            | "groups install"
            | "group upgrade"
            | "group update"
            | "module install"
            | "module update"
            | "module upgrade"
    )
}

/// yum/dnf answers its prompt by itself: `-y`, `--assumeyes`, `--setopt=assumeyes=1`.
pub(crate) fn rpm_assumes_yes(inv: &Invocation<'_>) -> bool {
    inv.has(&["assumeyes", "yes"], &['y'])
        || option_value_after(inv, &["--setopt"]).iter().any(|kv| {
            kv.split_once('=')
                .is_some_and(|(k, v)| k.trim().eq_ignore_ascii_case("assumeyes") && apt_true(v))
        })
}

/// The packages named by an installing yum/dnf invocation, minus groups (`@name`),
/// local files and URLs (`.rpm`), and words with variables. For `group install` there
/// are none (groups have no versions); for `module install` the module specs.
pub(crate) fn rpm_packages<'a>(inv: &Invocation<'a>) -> Vec<(&'a ShellWord, &'a str)> {
    let action = rpm_action(inv);
    let skip_first = match action.as_str() {
        "install" | "in" => 0,
        "module install" => 1,
        _ => return Vec::new(),
    };
    inv.operands
        .iter()
        .skip(skip_first)
        .filter_map(|w| package_word(w).map(|v| (*w, v)))
        .filter(|(_, v)| {
            !v.is_empty()
                && !v.starts_with('@')
                && !is_path_or_url(v)
                && !v.to_ascii_lowercase().ends_with(".rpm")
        })
        .collect()
}

/// The words naming a yum/dnf invocation's program and action, for ranges and edits:
/// `(range of "dnf group install", word after which options go)`.
pub(crate) fn rpm_head<'a>(inv: &Invocation<'a>) -> Option<(TextRange, &'a ShellWord)> {
    let sub = inv.subcommand?;
    let last = match inv.sub() {
        "group" | "groups" | "module" => inv.operands.first().copied().unwrap_or(sub),
        _ => sub,
    };
    Some((inv.argv.program.range.cover(last.range), last))
}

/// DL3030/DL3038: report yum/dnf actions that would stop at a confirmation prompt.
pub(crate) fn check_rpm_missing_yes(
    cx: &Context<'_>,
    out: &mut crate::rule::Sink<'_>,
    managers: &[Manager],
) {
    let configured = Mentions::new(cx, &["assumeyes=1", "assumeyes=true"]);
    for run in runs(cx, true) {
        for inv in run.invocations() {
            if !managers.contains(&inv.manager) || !rpm_prompts(&inv) || rpm_assumes_yes(&inv) {
                continue;
            }
            if fed_by_yes(cx.df, &run.script, inv.argv.command)
                || configured.before(cx, &run.r, inv.argv.command.range.start)
            {
                continue;
            }
            let Some((range, after)) = rpm_head(&inv) else {
                continue;
            };
            let action = rpm_action(&inv);
            out.report(
                range,
                format!("`{} {action}` without `-y` stops at its confirmation prompt, which a build cannot answer, and fails; add `-y`", inv.argv.name),
            )
            .fix(crate::diagnostic::Fix::safe("Add `-y`", vec![run.insert_after(after, "-y")]).preferred());
        }
    }
}

const RPM_CACHES: &[&str] = &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"];

/// DL3032/DL3040: report yum/dnf installs whose RUN does not clean the cache afterwards.
pub(crate) fn check_rpm_cache(
    cx: &Context<'_>,
    out: &mut crate::rule::Sink<'_>,
    managers: &[Manager],
) {
    let rpm = [Manager::Yum, Manager::Dnf, Manager::Microdnf];
    for run in runs(cx, true) {
        if !ships(cx, &run.r)
            || RPM_CACHES
                .iter()
                .any(|c| run.mount_covers(&["cache", "tmpfs"], c))
        {
            continue;
        }
        let invs = run.invocations();
        for inv in &invs {
            if !managers.contains(&inv.manager) || !rpm_installs(inv) {
                continue;
            }
            let at = run.order(inv.argv.command);
            let cleaned = invs.iter().any(|i| {
                rpm.contains(&i.manager)
                    && i.sub() == "clean"
                    && !i.operands.iter().all(|w| w.value == "expire-cache")
                    && run.order(i.argv.command) > at
            }) || RPM_CACHES.iter().any(|c| run.removes_after(c, at));
            if cleaned {
                continue;
            }
            let Some((range, _)) = rpm_head(inv) else {
                continue;
            };
            let name = inv.argv.name.as_str();
            let action = rpm_action(inv);
            let clean = format!("{name} clean all");
            let d = out.report(
                range,
                format!("`{name} {action}` leaves repository metadata and packages in the layer, which bloats the image; run `{clean}` at the end of the same RUN"),
            );
            if let Some(edit) = append_command(cx.df, &run, inv.argv.command, &clean) {
                d.fix(
                    crate::diagnostic::Fix::safe(
                        format!("Append `{clean}` to this RUN"),
                        vec![edit],
                    )
                    .preferred(),
                );
            }
        }
    }
}

/// DL3033/DL3041: report yum/dnf packages and modules without a version.
pub(crate) fn check_rpm_unpinned(
    cx: &Context<'_>,
    out: &mut crate::rule::Sink<'_>,
    managers: &[Manager],
) {
    for run in runs(cx, true) {
        for inv in run.invocations() {
            if !managers.contains(&inv.manager) {
                continue;
            }
            let module = rpm_action(&inv) == "module install";
            if !module && matches!(rpm_action(&inv).as_str(), "install" | "in") {
                for w in &inv.operands {
                    if package_word(w).is_some() {
                        continue;
                    }
                    let Some(vp) = variable_packages(cx, &run, inv.argv.command, w) else {
                        continue;
                    };
                    let unpinned: Vec<&str> = vp
                        .names
                        .iter()
                        .map(String::as_str)
                        .filter(|v| {
                            !(v.starts_with('@')
                                || is_path_or_url(v)
                                || v.to_ascii_lowercase().ends_with(".rpm")
                                || rpm_pinned(v))
                        })
                        .collect();
                    report_variable_packages(out, w, &vp, &unpinned, "`name-<version>`");
                }
            }
            for (w, v) in rpm_packages(&inv) {
                if rpm_pinned(v) {
                    continue;
                }
                let msg = if module {
                    format!("module `{v}` is installed without a stream, so the default stream decides what you get; name it as `{v}:<stream>`")
                } else if v.ends_with("-*") {
                    format!("`{v}` installs every matching package in whatever version the repositories hold, so rebuilds can install different ones; list the packages with versions (`name-<version>`) if the build must be reproducible")
                } else {
                    format!("`{v}` is installed without a version, so rebuilds can install a different one; pin it as `{v}-<version>` if the build must be reproducible")
                };
                out.report(w.range, msg);
            }
        }
    }
}

// zypper.

/// The long name of a zypper subcommand alias (`in` is `install`).
pub(crate) fn zypper_command(sub: &str) -> &str {
    match sub {
        "in" => "install",
        "rm" => "remove",
        "up" => "update",
        "dup" => "dist-upgrade",
        "si" => "source-install",
        "inr" => "install-new-recommends",
        "ve" => "verify",
        other => other,
    }
}

/// zypper commands that download and install packages (and so fill the cache).
pub(crate) fn zypper_installs(inv: &Invocation<'_>) -> bool {
    matches!(
        zypper_command(inv.sub()),
        "install"
            | "update"
            | "patch"
            | "dist-upgrade"
            | "source-install"
            | "install-new-recommends"
    )
}

/// zypper commands that ask for confirmation before changing packages.
pub(crate) fn zypper_prompts(inv: &Invocation<'_>) -> bool {
    zypper_installs(inv) || matches!(zypper_command(inv.sub()), "remove" | "verify")
}

/// zypper answers its prompts by itself: the global `-n`/`--non-interactive` (before the
/// command) or the command's `-y`/`--no-confirm` (after it).
pub(crate) fn zypper_non_interactive(inv: &Invocation<'_>) -> bool {
    let Some(sub) = inv.subcommand else {
        return false;
    };
    inv.options.iter().any(|o| {
        let v = o.value.as_str();
        let before = o.range.start < sub.range.start;
        let cluster_has = |c: char| {
            v.strip_prefix('-')
                .filter(|s| !s.starts_with('-') && s.chars().all(|x| x.is_ascii_alphanumeric()))
                .is_some_and(|s| s.contains(c))
        };
        if before {
            v == "--non-interactive" || cluster_has('n')
        } else {
            v == "--no-confirm" || cluster_has('y')
        }
    })
}

// Version pins, per package manager.

/// `apt-get install name=version` (also `name=version*`).
pub(crate) fn apt_pinned(v: &str) -> bool {
    v.contains('=')
}

/// `apk add name=1.2-r0`, `name~1.2`, `name>1.2`, `name<2`.
pub(crate) fn apk_pinned(v: &str) -> bool {
    v.contains(['=', '~', '<', '>'])
}

/// `yum/dnf install name-1.2.3`, `name-1.2-3.el9`, `name:stream` (modules), or a
/// comparison. A name glob (`devtoolset-10-gcc-*`) selects packages, not a version.
pub(crate) fn rpm_pinned(v: &str) -> bool {
    if v.ends_with("-*") {
        return false;
    }
    let b = v.as_bytes();
    let dash_digit = b
        .windows(2)
        .any(|w| w[0] == b'-' && (w[1].is_ascii_digit() || w[1] == b'$'));
    dash_digit || v.contains([':', '=', '<', '>'])
}

/// `zypper install name=1.2`, `name>=1.2`, `name<2`.
pub(crate) fn zypper_pinned(v: &str) -> bool {
    v.contains(['=', '<', '>'])
}

/// A pip requirement with a version specifier (`==`, `>=`, `~=`, ...) or a direct
/// reference pinned to a revision (`git+https://host/repo@v1`).
pub(crate) fn pip_pinned(v: &str) -> bool {
    let vcs = ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|p| v.to_ascii_lowercase().starts_with(p));
    if vcs || v.contains("://") {
        let last = v.rsplit('/').next().unwrap_or(v);
        return last.contains('@');
    }
    v.contains(['=', '<', '>', '@']) || v.contains("~=")
}

/// Not a package index name: a path, URL, archive or wheel. VCS URLs (`git+https://...`)
/// are references and are checked for a revision instead.
pub(crate) fn pip_is_file(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if has_archive_ext(&lower) {
        return true;
    }
    if ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return false;
    }
    is_path_or_url(v) || v.contains('/')
}

fn has_archive_ext(lower: &str) -> bool {
    [
        ".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".egg",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

/// npm dist-tags and go queries that name whatever is newest, not a version.
pub(crate) fn is_moving_tag(tag: &str) -> bool {
    matches!(
        tag,
        "latest" | "next" | "upgrade" | "patch" | "master" | "main" | "HEAD" | "canary"
    )
}

/// An npm install operand: `Some(true)` when it names a version, `Some(false)` when it is
/// a registry package without one, `None` when it is not a registry package (folder,
/// tarball, git URL with a ref).
pub(crate) fn npm_pinned(v: &str) -> Option<bool> {
    let lower = v.to_ascii_lowercase();
    if is_path_or_url(v) && !v.starts_with("git") {
        return None;
    }
    if lower.ends_with(".tgz") || lower.ends_with(".tar.gz") || lower.ends_with(".tar") {
        return None;
    }
    if v.starts_with("git")
        || v.starts_with("github:")
        || v.starts_with("gitlab:")
        || v.starts_with("bitbucket:")
        || (v.contains('/') && !v.starts_with('@'))
    {
        return Some(v.contains('#'));
    }
    // `@scope/name@version` or `name@version`: the version follows the last `@` that is
    // not the scope's.
    let (_, rest) = v.split_at(usize::from(v.starts_with('@')));
    match rest.rsplit_once('@') {
        Some((_, version)) => Some(!version.is_empty() && !is_moving_tag(version)),
        None => Some(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_paths() {
        assert!(path_covers("/var/lib/apt/lists/*", "/var/lib/apt/lists"));
        assert!(path_covers("/var/lib/apt/lists", "/var/lib/apt/lists"));
        assert!(path_covers("/var/lib/apt/lists/", "/var/lib/apt/lists"));
        assert!(path_covers("/var/lib/apt/*", "/var/lib/apt/lists"));
        assert!(path_covers("/var/lib/apt", "/var/lib/apt/lists"));
        assert!(!path_covers("/var/lib/apt/lists/*.x", "/var/lib/apt/lists"));
        assert!(!path_covers(
            "/var/lib/apt/lists/partial",
            "/var/lib/apt/lists"
        ));
        assert!(!path_covers("/var/lib/ap*", "/var/lib/apt/lists"));
        assert!(!path_covers("/var/lib/aptly", "/var/lib/apt"));
        assert!(!path_covers("/*", "/var"));
    }

    #[test]
    fn pins() {
        assert!(apt_pinned("curl=7.88"));
        assert!(!apt_pinned("curl"));
        assert!(apk_pinned("curl~8"));
        assert!(rpm_pinned("httpd-2.4.57"));
        assert!(rpm_pinned("nodejs:18"));
        assert!(!rpm_pinned("python3-pip"));
        assert!(pip_pinned("flask==2.0"));
        assert!(pip_pinned("flask>=2"));
        assert!(pip_pinned("torch-neuronx==2.7.0.2+ac864f72"));
        assert!(!pip_pinned("flask[async]"));
        assert!(pip_pinned("git+https://github.com/a/b@v1"));
        assert!(!pip_pinned("git+ssh://git@github.com/a/b"));
        assert!(pip_is_file("."));
        assert!(pip_is_file("./pkg"));
        assert!(pip_is_file("dist/x.whl"));
        assert!(pip_is_file("https://example.com/x.tar.gz"));
        assert!(!pip_is_file("flask"));
        assert!(!pip_is_file("git+https://github.com/a/b"));
        assert_eq!(npm_pinned("express"), Some(false));
        assert_eq!(npm_pinned("express@4"), Some(true));
        assert_eq!(npm_pinned("@scope/x"), Some(false));
        assert_eq!(npm_pinned("@scope/x@1.0.0"), Some(true));
        assert_eq!(npm_pinned("npm@latest"), Some(false));
        assert_eq!(npm_pinned("./dir"), None);
        assert_eq!(npm_pinned("x.tgz"), None);
        assert_eq!(npm_pinned("git+https://github.com/a/b#v1"), Some(true));
        assert_eq!(npm_pinned("user/repo"), Some(false));
    }

    #[test]
    fn literal_parts() {
        assert_eq!(literal_part("postgresql-${PG_MAJOR}"), "postgresql-");
        assert_eq!(literal_part("$PKGS"), "");
        assert_eq!(literal_part("x$(cat f)y"), "xy");
        assert_eq!(literal_part("a${B:-${C}}d"), "ad");
    }

    #[test]
    fn classifies_images() {
        assert_eq!(classify_image("node", Some("20-alpine")), Family::Alpine);
        assert_eq!(classify_image("node", Some("20")), Family::Debian);
        assert_eq!(classify_image("busybox", None), Family::Busybox);
        assert_eq!(
            classify_image("gcr.io/distroless/static", None),
            Family::NoShell
        );
        assert_eq!(
            classify_image("registry.access.redhat.com/ubi9/ubi-minimal", None),
            Family::Rhel
        );
        assert_eq!(classify_image("myorg/base", Some("1.0")), Family::Unknown);
        assert_eq!(
            classify_image("myorg/base", Some("bookworm")),
            Family::Debian
        );
    }
}
