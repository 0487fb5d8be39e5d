//! Completion: what can be typed at a cursor. Context comes from the words typed so far
//! (see `at_cursor`), so half-written instructions complete as well as finished ones.

use dockls_syntax::flags::{flags_for, FlagKind, FlagSpec};
use dockls_syntax::mount::{mount_keys, MOUNT_TYPES};
use dockls_syntax::{Dockerfile, Keyword, TextRange};

use super::at_cursor::{locate, Cursor, InstrCtx, Place};
use super::catalogue::{self, ImageInfo};
use super::docs;
use super::visible::{self, Scope, VarKind};

/// What the client can take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompletionConfig {
    /// The client accepts snippets (`${1:placeholder}`); plain text otherwise.
    pub snippets: bool,
    /// The character that triggered the request, when one did.
    pub trigger: Option<char>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Keyword,
    Snippet,
    Flag,
    Value,
    Variable,
    Stage,
    Image,
    Tag,
    Rule,
    Directive,
    Signal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    /// One line next to the label.
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// Replaces `range`.
    pub insert: String,
    /// `insert` is a snippet.
    pub snippet: bool,
    pub range: TextRange,
    pub filter: Option<String>,
    pub sort: String,
    pub deprecated: bool,
    pub preselect: bool,
    /// Edits elsewhere, such as an `ARG NAME` line that brings a global ARG into scope.
    pub additional: Vec<(TextRange, String)>,
}

struct Out {
    items: Vec<CompletionItem>,
    snippets: bool,
}

impl Out {
    fn push(
        &mut self,
        label: impl Into<String>,
        kind: ItemKind,
        range: TextRange,
    ) -> &mut CompletionItem {
        let label = label.into();
        let n = self.items.len();
        self.items.push(CompletionItem {
            insert: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            snippet: false,
            range,
            filter: None,
            sort: format!("{n:04}"),
            deprecated: false,
            preselect: false,
            additional: Vec::new(),
        });
        &mut self.items[n]
    }
}

impl CompletionItem {
    fn detail(&mut self, d: impl Into<String>) -> &mut Self {
        self.detail = Some(d.into());
        self
    }

    fn doc(&mut self, d: impl Into<String>) -> &mut Self {
        self.documentation = Some(d.into());
        self
    }

    fn insert(&mut self, text: impl Into<String>) -> &mut Self {
        self.insert = text.into();
        self
    }

    fn snippet(&mut self, text: impl Into<String>) -> &mut Self {
        self.insert = text.into();
        self.snippet = true;
        self
    }

    fn sort(&mut self, key: impl Into<String>) -> &mut Self {
        self.sort = key.into();
        self
    }
}

/// Escapes text for a snippet.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A snippet choice `${n|a,b|}`.
fn choice(n: usize, values: &[String]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|v| esc(v).replace(',', "\\,").replace('|', "\\|"))
        .collect();
    format!("${{{n}|{}|}}", items.join(","))
}

/// Completions at `offset` (a byte offset into `df.text`).
pub fn completions(df: &Dockerfile, offset: usize, cfg: &CompletionConfig) -> Vec<CompletionItem> {
    let offset = super::at_cursor::clamp(&df.text, offset);
    let cur = locate(df, offset);
    let mut out = Out {
        items: Vec::new(),
        snippets: cfg.snippets,
    };
    match &cur.place {
        Place::Heredoc { index } => {
            let word_start = cur
                .line_prefix
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let word = cur.line_prefix.get(word_start..).unwrap_or("");
            variables(
                df,
                offset,
                word,
                visible::scope_of(df, *index),
                None,
                &mut out,
            );
        }
        Place::Comment {
            hash,
            directive_block,
        } => comment(df, offset, &cur, *hash, *directive_block, cfg, &mut out),
        Place::Instruction(ctx) => instruction(df, offset, &cur, ctx, cfg, &mut out),
    }
    // Editors want the replaced range on the cursor's line.
    let line_start = df.line_index.line_start(cur.line).unwrap_or(0).min(offset);
    for item in &mut out.items {
        item.range = TextRange::new(item.range.start.clamp(line_start, offset), offset);
    }
    out.items
}

/// Lowercase keywords when most of the file's keywords are lowercase.
fn lowercase_file(df: &Dockerfile) -> bool {
    let (mut lower, mut upper) = (0, 0);
    // Unknown keywords (such as the word being typed) do not count.
    for ins in df.instructions.iter().filter(|i| i.keyword.is_some()) {
        let t = &ins.keyword_text;
        if t.chars().all(|c| c.is_ascii_lowercase()) {
            lower += 1;
        } else if t.chars().all(|c| c.is_ascii_uppercase()) {
            upper += 1;
        }
    }
    lower > upper
}

fn cased(word: &str, lower: bool) -> String {
    if lower {
        word.to_ascii_lowercase()
    } else {
        word.to_string()
    }
}

/// The snippet (and plain text) each keyword inserts.
fn keyword_snippet(k: Keyword) -> (&'static str, &'static str) {
    match k {
        Keyword::From => ("FROM ${1:image}:${2:tag} AS ${3:name}", "FROM "),
        Keyword::Arg => ("ARG ${1:NAME}=${2:value}", "ARG "),
        Keyword::Run => ("RUN ${1:command}", "RUN "),
        Keyword::Cmd => ("CMD [\"${1:executable}\", \"${2:param}\"]", "CMD "),
        Keyword::Entrypoint => ("ENTRYPOINT [\"${1:executable}\"]", "ENTRYPOINT "),
        Keyword::Copy => ("COPY ${1:src} ${2:dest}", "COPY "),
        Keyword::Add => ("ADD ${1:src} ${2:dest}", "ADD "),
        Keyword::Env => ("ENV ${1:KEY}=${2:value}", "ENV "),
        Keyword::Expose => ("EXPOSE ${1:8080}", "EXPOSE "),
        Keyword::Label => ("LABEL ${1:key}=\"${2:value}\"", "LABEL "),
        Keyword::Workdir => ("WORKDIR ${1:/app}", "WORKDIR "),
        Keyword::User => ("USER ${1:user}", "USER "),
        Keyword::Volume => ("VOLUME [\"${1:/data}\"]", "VOLUME "),
        Keyword::Healthcheck => (
            "HEALTHCHECK --interval=${1:30s} --timeout=${2:3s} --start-period=${3:5s} --retries=${4:3} CMD ${5:curl -f http://localhost/ || exit 1}",
            "HEALTHCHECK ",
        ),
        Keyword::Shell => (
            "SHELL [\"${1:/bin/bash}\", \"-o\", \"pipefail\", \"-c\"]",
            "SHELL ",
        ),
        Keyword::Stopsignal => ("STOPSIGNAL ${1:SIGTERM}", "STOPSIGNAL "),
        Keyword::Onbuild => ("ONBUILD $0", "ONBUILD "),
        Keyword::Maintainer => ("MAINTAINER ${1:name}", "MAINTAINER "),
    }
}

/// Keyword order: most used first.
const KEYWORD_ORDER: [Keyword; 18] = [
    Keyword::From,
    Keyword::Run,
    Keyword::Copy,
    Keyword::Arg,
    Keyword::Env,
    Keyword::Workdir,
    Keyword::Cmd,
    Keyword::Entrypoint,
    Keyword::Expose,
    Keyword::User,
    Keyword::Label,
    Keyword::Add,
    Keyword::Healthcheck,
    Keyword::Volume,
    Keyword::Shell,
    Keyword::Stopsignal,
    Keyword::Onbuild,
    Keyword::Maintainer,
];

fn recase_snippet(s: &str, k: Keyword, lower: bool) -> String {
    if !lower {
        return s.to_string();
    }
    let mut out = s.replacen(k.as_str(), &k.as_str().to_ascii_lowercase(), 1);
    if k == Keyword::From {
        out = out.replacen(" AS ", " as ", 1);
    }
    if k == Keyword::Healthcheck {
        out = out.replacen(" CMD ", " cmd ", 1);
    }
    out
}

fn earlier_stage_names(df: &Dockerfile, before: usize) -> Vec<String> {
    df.stages
        .iter()
        .filter(|s| s.from < before)
        .map(|s| s.name.clone().unwrap_or_else(|| s.index.to_string()))
        .collect()
}

fn keywords(df: &Dockerfile, cur: &Cursor<'_>, ctx: &InstrCtx<'_>, offset: usize, out: &mut Out) {
    let tok = ctx.current();
    let range = TextRange::new(tok.start, offset);
    let lower = lowercase_file(df);
    let before_first_from = df
        .stages
        .first()
        .and_then(|s| df.instructions.get(s.from))
        .is_none_or(|f| f.range.start >= tok.start);
    let allowed: Vec<Keyword> = KEYWORD_ORDER
        .into_iter()
        .filter(|k| {
            if ctx.onbuild {
                !matches!(k, Keyword::Onbuild | Keyword::From | Keyword::Maintainer)
            } else if before_first_from {
                matches!(k, Keyword::From | Keyword::Arg)
            } else {
                true
            }
        })
        .collect();
    for (rank, k) in allowed.iter().enumerate() {
        let Some(d) = docs::instruction(*k) else {
            continue;
        };
        let (snippet, plain) = keyword_snippet(*k);
        let snippets = out.snippets;
        let item = out.push(cased(k.as_str(), lower), ItemKind::Keyword, range);
        item.detail(d.summary)
            .doc(docs::instruction_markdown(*k))
            .sort(format!("0{rank:02}"));
        if snippets {
            item.snippet(recase_snippet(snippet, *k, lower));
        } else {
            item.insert(cased(plain, lower));
        }
        if *k == Keyword::Maintainer {
            item.deprecated = true;
        }
    }
    if !out.snippets {
        return;
    }
    // Variants worth a snippet of their own.
    let stages = ctx.index.map_or_else(
        || earlier_stage_names(df, usize::MAX),
        |i| earlier_stage_names(df, i),
    );
    let mut extra: Vec<(Keyword, &str, String, &str)> = vec![
        (
            Keyword::Run,
            "RUN <<EOF",
            "RUN <<EOF\nset -eux\n${1:command}\nEOF".to_string(),
            "A multi-line script in a heredoc; `set -eux` stops at the first failing command and prints each one.",
        ),
        (
            Keyword::Run,
            "RUN --mount=type=cache",
            "RUN --mount=type=cache,target=${1:/root/.cache} ${2:command}".to_string(),
            "Keep a package manager's cache between builds without storing it in the image.",
        ),
        (
            Keyword::Copy,
            "COPY --from",
            format!(
                "COPY --from={} ${{2:src}} ${{3:dest}}",
                if stages.is_empty() {
                    "${1:stage}".to_string()
                } else {
                    choice(1, &stages)
                }
            ),
            "Copy files from another stage (or an image).",
        ),
        (
            Keyword::From,
            "FROM image:tag",
            "FROM ${1:image}:${2:tag}".to_string(),
            "A stage without a name.",
        ),
        (
            Keyword::Healthcheck,
            "HEALTHCHECK NONE",
            "HEALTHCHECK NONE".to_string(),
            "Disable the health check inherited from the base image.",
        ),
    ];
    if before_first_from {
        extra.retain(|e| e.0 == Keyword::From);
    }
    if ctx.onbuild {
        extra.retain(|e| e.0 != Keyword::From);
    }
    for (rank, (k, label, snippet, doc)) in extra.into_iter().enumerate() {
        out.push(recase_snippet(label, k, lower), ItemKind::Snippet, range)
            .snippet(recase_snippet(&snippet, k, lower))
            .detail(doc)
            .doc(format!(
                "{doc}\n\n{}",
                docs::reference_line(docs::instruction(k).map_or("", |d| d.anchor))
            ))
            .sort(format!("1{rank:02}"));
    }
    // Parser directives at the very top.
    if !ctx.onbuild && super::at_cursor::in_directive_block(df, cur.line) {
        for (rank, (label, doc)) in [
            ("# syntax=docker/dockerfile:1", "syntax"),
            ("# check=skip=", "check"),
            ("# escape=`", "escape"),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(d) = docs::directive(doc) {
                if df.directive(doc).is_none() {
                    out.push(label, ItemKind::Directive, range)
                        .detail(d.summary)
                        .doc(docs::directive_markdown(d))
                        .sort(format!("2{rank:02}"));
                }
            }
        }
    }
}

fn instruction(
    df: &Dockerfile,
    offset: usize,
    cur: &Cursor<'_>,
    ctx: &InstrCtx<'_>,
    cfg: &CompletionConfig,
    out: &mut Out,
) {
    let tok = ctx.current();
    let at = ctx.current_index();
    if at == 0 || (ctx.onbuild && at == 1) {
        if cfg.trigger.is_some() && tok.text.is_empty() {
            // Typing a space or a `-` at the start of a line asks for nothing.
            return;
        }
        keywords(df, cur, ctx, offset, out);
        return;
    }
    let scope = ctx.index.map_or_else(
        || visible::scope_at(df, offset),
        |i| visible::scope_of(df, i),
    );
    if variables(
        df,
        offset,
        &tok.text,
        scope,
        ctx.index.filter(|_| !ctx.onbuild),
        out,
    ) {
        return;
    }
    let Some(k) = ctx.keyword else {
        return;
    };
    // Stages a word may name: those before this FROM, or before the current stage.
    let before = match ctx.index {
        Some(i) if k == Keyword::From => i,
        Some(i) => df.stage_of(i).map_or(i, |s| s.from),
        None => df.stages.last().map_or(usize::MAX, |s| s.from + 1),
    };
    if ctx.in_flags() && tok.text.starts_with('-') {
        match tok.text.strip_prefix("--").and_then(|t| t.split_once('=')) {
            Some((name, value)) => flag_value(df, offset, ctx, k, name, value, before, out),
            None => flags(df, ctx, k, TextRange::new(tok.start, offset), before, out),
        }
        return;
    }
    let space_trigger = cfg.trigger == Some(' ');
    let range = TextRange::new(tok.start, offset);
    let arg = ctx.arg_index();
    match k {
        Keyword::From => {
            if arg == 0 {
                images(df, offset, &tok.text, tok.start, before, true, out);
                if tok.text.is_empty() && ctx.in_flags() && !space_trigger {
                    flags(df, ctx, k, range, before, out);
                    for item in out.items.iter_mut().filter(|i| i.kind == ItemKind::Flag) {
                        item.sort = format!("9{}", item.sort);
                    }
                }
            } else if arg == 1 && !tok.text.contains(['$', ':', '/']) {
                let lower = ctx
                    .words
                    .get(ctx.kw_index)
                    .is_some_and(|w| w.text.chars().all(|c| c.is_ascii_lowercase()));
                let word = cased("AS", lower);
                let snippets = out.snippets;
                let item = out.push(word.clone(), ItemKind::Keyword, range);
                item.detail("Name this stage")
                    .doc(format!(
                        "Names the stage so later `FROM`, `COPY --from` and `RUN --mount=from=` can refer to it. Names are lowercase: letters, digits, `-`, `_` and `.`.\n\n{}",
                        docs::reference_line("from")
                    ));
                if snippets {
                    item.snippet(format!("{word} ${{1:name}}"));
                } else {
                    item.insert(format!("{word} "));
                }
            }
        }
        Keyword::Healthcheck if arg == 0 => {
            let lower = ctx
                .words
                .get(ctx.kw_index)
                .is_some_and(|w| w.text.chars().all(|c| c.is_ascii_lowercase()));
            for (rank, (t, doc)) in docs::HEALTHCHECK_TYPES.iter().enumerate() {
                let snippets = out.snippets;
                let item = out.push(cased(t, lower), ItemKind::Keyword, range);
                item.detail(*doc)
                    .doc(format!("{doc}\n\n{}", docs::reference_line("healthcheck")))
                    .sort(format!("0{rank}"));
                if *t == "CMD" && snippets {
                    item.snippet(format!(
                        "{} ${{1:curl -f http://localhost/ || exit 1}}",
                        cased("CMD", lower)
                    ));
                } else if *t == "CMD" {
                    item.insert(format!("{} ", cased("CMD", lower)));
                }
            }
            if ctx.in_flags() && (tok.text.is_empty() || tok.text.starts_with('-')) {
                flags(df, ctx, k, range, before, out);
            }
        }
        Keyword::Stopsignal if arg == 0 => {
            for (rank, (sig, doc)) in docs::SIGNALS.iter().enumerate() {
                out.push(*sig, ItemKind::Signal, range)
                    .detail(*doc)
                    .doc(format!("{doc}\n\n{}", docs::reference_line("stopsignal")))
                    .sort(format!("{rank:02}"));
            }
        }
        Keyword::Expose => {
            if let Some((port, proto)) = tok.text.split_once('/') {
                if !port.is_empty() && !proto.contains('/') {
                    let r =
                        TextRange::new(offset.saturating_sub(proto.len()).max(tok.start), offset);
                    for (rank, (p, doc)) in [
                        ("tcp", "TCP (the default when no protocol is given)."),
                        ("udp", "UDP."),
                        ("sctp", "SCTP."),
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        out.push(p, ItemKind::Value, r)
                            .detail(doc)
                            .doc(format!("{doc}\n\n{}", docs::reference_line("expose")))
                            .sort(format!("{rank}"));
                    }
                }
            }
        }
        Keyword::Shell if arg == 0 && (tok.text.is_empty() || tok.text.starts_with('[')) => {
            for (rank, (value, doc)) in [
                (
                    "[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
                    "Bash; a failing command anywhere in a pipe fails the step.",
                ),
                ("[\"/bin/sh\", \"-c\"]", "The default shell on Linux."),
                (
                    "[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]",
                    "BusyBox ash (Alpine) with pipefail.",
                ),
                (
                    "[\"pwsh\", \"-Command\"]",
                    "PowerShell (Windows or Linux images with pwsh).",
                ),
                ("[\"cmd\", \"/S\", \"/C\"]", "The default shell on Windows."),
            ]
            .into_iter()
            .enumerate()
            {
                out.push(value, ItemKind::Value, range)
                    .detail(doc)
                    .doc(format!("{doc}\n\n{}", docs::reference_line("shell")))
                    .sort(format!("{rank}"));
            }
        }
        Keyword::Copy | Keyword::Add | Keyword::Run
            if ctx.in_flags() && tok.text.is_empty() && !space_trigger =>
        {
            flags(df, ctx, k, range, before, out);
        }
        _ => {}
    }
}

/// Flags of `k` not written yet (list flags may repeat).
fn flags(
    df: &Dockerfile,
    ctx: &InstrCtx<'_>,
    k: Keyword,
    range: TextRange,
    before: usize,
    out: &mut Out,
) {
    let used: Vec<&str> = ctx
        .flags_before()
        .iter()
        .map(|f| {
            let f = f.trim_start_matches('-');
            f.split_once('=').map_or(f, |(n, _)| n)
        })
        .collect();
    for (rank, spec) in flags_for(k).iter().enumerate() {
        if spec.kind != FlagKind::List && used.contains(&spec.name) {
            continue;
        }
        if k == Keyword::Run && spec.name == "device" {
            // Labs-only and behind an entitlement: not worth offering.
            continue;
        }
        let snippets = out.snippets;
        let (snippet, plain) = flag_insert(df, k, spec, before);
        let item = out.push(format!("--{}", spec.name), ItemKind::Flag, range);
        item.detail(first_sentence(spec.doc))
            .doc(docs::flag_markdown(k, spec))
            .sort(format!("5{rank:02}"));
        if snippets {
            item.snippet(snippet);
        } else {
            item.insert(plain);
        }
        if k == Keyword::Run && spec.name == "mount" {
            mount_presets(k, spec, range, rank, out);
        }
    }
}

fn first_sentence(s: &str) -> String {
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s.to_string(),
    }
}

fn flag_default(k: Keyword, name: &str) -> Option<&'static str> {
    match (k, name) {
        (Keyword::Healthcheck, "interval") => Some("30s"),
        (Keyword::Healthcheck, "timeout") => Some("3s"),
        (Keyword::Healthcheck, "start-period") => Some("5s"),
        (Keyword::Healthcheck, "start-interval") => Some("5s"),
        (Keyword::Healthcheck, "retries") => Some("3"),
        (Keyword::From, "platform") => Some("$BUILDPLATFORM"),
        _ => None,
    }
}

/// What a flag item inserts: (snippet, plain text).
fn flag_insert(df: &Dockerfile, k: Keyword, spec: &FlagSpec, before: usize) -> (String, String) {
    let name = spec.name;
    if spec.kind == FlagKind::Bool {
        return (format!("--{name}"), format!("--{name}"));
    }
    let plain = format!("--{name}=");
    if !spec.values.is_empty() {
        let values: Vec<String> = spec.values.iter().map(|v| v.to_string()).collect();
        return (format!("--{name}={}", choice(1, &values)), plain);
    }
    if k == Keyword::Copy && name == "from" {
        let stages = earlier_stage_names(df, before);
        if !stages.is_empty() {
            return (format!("--from={}", choice(1, &stages)), plain);
        }
    }
    if k == Keyword::From && name == "platform" {
        let values: Vec<String> = docs::PLATFORMS.iter().map(|p| p.0.to_string()).collect();
        return (format!("--platform={}", choice(1, &values)), plain);
    }
    match flag_default(k, name) {
        Some(d) => (format!("--{name}=${{1:{}}}", esc(d)), plain),
        None => (format!("--{name}=$1"), plain),
    }
}

/// Ready-made `--mount=type=...` items.
fn mount_presets(k: Keyword, spec: &FlagSpec, range: TextRange, rank: usize, out: &mut Out) {
    let presets: [(&str, &str, &str); 5] = [
        (
            "cache",
            "--mount=type=cache,target=${1:/root/.cache}",
            "--mount=type=cache,target=",
        ),
        (
            "secret",
            "--mount=type=secret,id=${1:name}${2:,env=${3:VAR}}",
            "--mount=type=secret,id=",
        ),
        (
            "bind",
            "--mount=type=bind,source=${1:.},target=${2:/src}",
            "--mount=type=bind,source=",
        ),
        ("ssh", "--mount=type=ssh", "--mount=type=ssh"),
        (
            "tmpfs",
            "--mount=type=tmpfs,target=${1:/tmp}",
            "--mount=type=tmpfs,target=",
        ),
    ];
    for (n, (kind, snippet, plain)) in presets.into_iter().enumerate() {
        let doc = docs::mount_type_doc(kind).unwrap_or_default();
        let snippets = out.snippets;
        let item = out.push(format!("--mount=type={kind}"), ItemKind::Flag, range);
        item.detail(first_sentence(doc))
            .doc(format!(
                "**RUN --mount=type={kind}**\n\n{doc}\n\n{}",
                docs::reference_line(&docs::flag_anchor(k, spec.name))
            ))
            .sort(format!("5{rank:02}{n}"));
        if snippets {
            item.snippet(snippet);
        } else {
            item.insert(plain);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn flag_value(
    df: &Dockerfile,
    offset: usize,
    ctx: &InstrCtx<'_>,
    k: Keyword,
    name: &str,
    value: &str,
    before: usize,
    out: &mut Out,
) {
    let Some(spec) = flags_for(k).iter().find(|f| f.name == name) else {
        return;
    };
    let tok = ctx.current();
    let start = offset.saturating_sub(value.len()).max(tok.start);
    let range = TextRange::new(start, offset);
    let anchor = docs::flag_anchor(k, name);
    let simple = |out: &mut Out, values: &[(&str, &str)], kind: ItemKind| {
        for (rank, (v, doc)) in values.iter().enumerate() {
            out.push(*v, kind, range)
                .detail(*doc)
                .doc(format!("{doc}\n\n{}", docs::reference_line(&anchor)))
                .sort(format!("{rank:02}"));
        }
    };
    match (k, name) {
        (Keyword::From, "platform") => simple(out, docs::PLATFORMS, ItemKind::Value),
        (Keyword::Run, "mount") => mount(df, offset, ctx, value, before, out),
        (Keyword::Copy, "from") => images(df, offset, value, start, before, false, out),
        (Keyword::Copy | Keyword::Add, "chmod") => simple(
            out,
            &[
                ("0755", "rwxr-xr-x: directories and executables"),
                ("0644", "rw-r--r--: regular files"),
                ("0600", "rw-------: private files"),
                (
                    "u=rwX,go=rX",
                    "Symbolic: owner writes, everyone reads; `X` keeps directories searchable",
                ),
            ],
            ItemKind::Value,
        ),
        (Keyword::Add, "checksum") => simple(
            out,
            &[("sha256:", "SHA-256 digest of the downloaded file, in hex")],
            ItemKind::Value,
        ),
        (Keyword::Healthcheck, "interval") => simple(
            out,
            &[
                ("30s", "The default"),
                ("10s", "Check more often"),
                ("1m", "Check less often"),
            ],
            ItemKind::Value,
        ),
        (Keyword::Healthcheck, "timeout") => simple(
            out,
            &[
                ("3s", "Fail fast"),
                ("5s", "A little slack"),
                ("30s", "The default"),
            ],
            ItemKind::Value,
        ),
        (Keyword::Healthcheck, "start-period") => simple(
            out,
            &[
                ("5s", "Fast-starting services"),
                ("30s", "Slower starts"),
                ("1m", "Heavy services such as JVMs"),
            ],
            ItemKind::Value,
        ),
        (Keyword::Healthcheck, "start-interval") => simple(
            out,
            &[("5s", "The default"), ("1s", "Notice readiness quickly")],
            ItemKind::Value,
        ),
        (Keyword::Healthcheck, "retries") => simple(out, &[("3", "The default")], ItemKind::Value),
        _ if spec.kind == FlagKind::Bool => simple(
            out,
            &[
                ("true", "Same as writing the flag alone"),
                ("false", "Turn it off"),
            ],
            ItemKind::Value,
        ),
        _ if !spec.values.is_empty() => {
            for (rank, v) in spec.values.iter().enumerate() {
                out.push(*v, ItemKind::Value, range)
                    .detail(first_sentence(spec.doc))
                    .doc(docs::flag_markdown(k, spec))
                    .sort(format!("{rank:02}"));
            }
        }
        _ => {}
    }
}

/// Stages defined before instruction `before`.
fn stages(df: &Dockerfile, before: usize, range: TextRange, out: &mut Out) {
    let uses = super::hover::stage_uses(df);
    for s in df.stages.iter().filter(|s| s.from < before).rev() {
        let label = s.name.clone().unwrap_or_else(|| s.index.to_string());
        let md = super::hover::stage_markdown_with(
            df,
            s.index,
            uses.get(s.index).map_or(&[], Vec::as_slice),
        );
        let detail = format!(
            "stage, line {}: {}",
            visible::line_of(df, s.from),
            visible::first_line(df, s.from)
        );
        out.push(label, ItemKind::Stage, range)
            .detail(detail)
            .doc(md)
            .sort(format!("{:04}", before.saturating_sub(s.from)));
    }
}

/// `--mount=` keys and values.
fn mount(
    df: &Dockerfile,
    offset: usize,
    ctx: &InstrCtx<'_>,
    value: &str,
    before: usize,
    out: &mut Out,
) {
    let fields: Vec<&str> = value.split(',').collect();
    let current = fields.last().copied().unwrap_or("");
    let earlier = &fields[..fields.len().saturating_sub(1)];
    // The mount type, from the whole flag when the parser has it.
    let kind = ctx
        .ins
        .map(|ins| ins.effective())
        .and_then(|ins| {
            ins.flags
                .iter()
                .find(|f| f.name == "mount" && f.range.touches(offset))
        })
        .and_then(|f| f.mount())
        .map(|m| m.kind().to_string())
        .or_else(|| {
            earlier
                .iter()
                .find_map(|f| f.strip_prefix("type="))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "bind".to_string());
    if let Some((key, partial)) = current.split_once('=') {
        let range = TextRange::new(offset - partial.len().min(offset), offset);
        let values: Vec<(String, String)> = match key {
            "type" => MOUNT_TYPES
                .iter()
                .map(|t| {
                    (
                        t.to_string(),
                        docs::mount_type_doc(t).unwrap_or("").to_string(),
                    )
                })
                .collect(),
            "sharing" => docs::SHARING
                .iter()
                .map(|(v, d)| (v.to_string(), d.to_string()))
                .collect(),
            "from" => {
                images(df, offset, partial, range.start, before, false, out);
                return;
            }
            "target" | "dst" | "destination" if kind == "cache" => docs::CACHE_TARGETS
                .iter()
                .map(|(v, d)| (v.to_string(), format!("Cache directory of {d}")))
                .collect(),
            "target" | "dst" | "destination" if kind == "secret" => vec![(
                "/run/secrets/".to_string(),
                "Where secrets go by default".to_string(),
            )],
            "ro" | "readonly" | "rw" | "readwrite" | "required" => vec![
                ("true".to_string(), "Turn it on".to_string()),
                ("false".to_string(), "Turn it off".to_string()),
            ],
            "mode" => vec![
                (
                    "0400".to_string(),
                    "Owner reads (default for secrets)".to_string(),
                ),
                ("0444".to_string(), "Everyone reads".to_string()),
                (
                    "0755".to_string(),
                    "Default for cache directories".to_string(),
                ),
            ],
            _ => Vec::new(),
        };
        for (rank, (v, d)) in values.into_iter().enumerate() {
            out.push(v, ItemKind::Value, range)
                .detail(first_sentence(&d))
                .doc(format!("{d}\n\n{}", docs::reference_line("run---mount")))
                .sort(format!("{rank:02}"));
        }
        return;
    }
    let range = TextRange::new(offset - current.len().min(offset), offset);
    let used: Vec<&str> = earlier
        .iter()
        .map(|f| f.split_once('=').map_or(*f, |(k, _)| k))
        .collect();
    let alias_used = |key: &str| {
        let group: &[&str] = match key {
            "target" | "dst" | "destination" => &["target", "dst", "destination"],
            "source" | "src" => &["source", "src"],
            "ro" | "readonly" | "rw" | "readwrite" => &["ro", "readonly", "rw", "readwrite"],
            _ => &[],
        };
        used.contains(&key) || group.iter().any(|g| used.contains(g))
    };
    const ORDER: [&str; 19] = [
        "type",
        "target",
        "source",
        "from",
        "id",
        "sharing",
        "env",
        "required",
        "mode",
        "uid",
        "gid",
        "size",
        "ro",
        "rw",
        "dst",
        "destination",
        "src",
        "readonly",
        "readwrite",
    ];
    for key in mount_keys(&kind) {
        if alias_used(key) {
            continue;
        }
        let rank = ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len());
        let bare = matches!(key, "ro" | "rw" | "readonly" | "readwrite" | "required");
        let doc = docs::mount_key_doc(key).unwrap_or_default();
        let snippets = out.snippets;
        let item = out.push(key, ItemKind::Flag, range);
        item.detail(first_sentence(doc))
            .doc(format!(
                "**--mount {key}** ({kind} mounts)\n\n{doc}\n\n{}",
                docs::reference_line("run---mount")
            ))
            .sort(format!("{rank:02}"));
        if bare {
            item.insert(key);
        } else if key == "type" && snippets {
            let types: Vec<String> = MOUNT_TYPES.iter().map(|t| t.to_string()).collect();
            item.snippet(format!("type={}", choice(1, &types)));
        } else {
            item.insert(format!("{key}="));
        }
    }
}

/// Images for FROM (`scratch` included) or for `--from` / `from=`: earlier stages first,
/// then the catalogue; tags after `image:`.
#[allow(clippy::too_many_arguments)]
fn images(
    df: &Dockerfile,
    offset: usize,
    typed: &str,
    start: usize,
    before: usize,
    scratch: bool,
    out: &mut Out,
) {
    if typed.contains(['$', '@']) {
        return;
    }
    let last_slash = typed.rfind('/').map_or(0, |i| i + 1);
    if let Some(colon) = typed[last_slash..].find(':').map(|i| i + last_slash) {
        let repo = &typed[..colon];
        let tag_typed = &typed[colon + 1..];
        if let Some(info) = catalogue::find(repo) {
            tags(
                info,
                TextRange::new(offset - tag_typed.len(), offset),
                tag_typed,
                out,
            );
        }
        return;
    }
    let range = TextRange::new(start, offset);
    let first = out.items.len();
    stages(df, before, range, out);
    for item in out.items.iter_mut().skip(first) {
        item.sort = format!("0{}", item.sort);
    }
    let typed_any = !typed.is_empty();
    for (pos, info) in catalogue::images().iter().enumerate() {
        let official = info.is_official();
        let sort = if typed_any {
            format!("1{}{pos:03}", u8::from(!official))
        } else {
            format!("1{pos:03}")
        };
        let mut detail = info.distribution.clone();
        if let Some(size) = info.size_mb {
            detail.push_str(&format!(" · {}", catalogue::size_text(size)));
        }
        let item = out.push(info.name.clone(), ItemKind::Image, range);
        item.detail(detail)
            .doc(super::hover::image_markdown(info, None))
            .sort(sort);
        item.deprecated = info.deprecated.is_some();
    }
    if !scratch {
        return;
    }
    out.push("scratch", ItemKind::Image, range)
        .detail("Empty image: no files at all")
        .doc(format!(
            "**scratch** — the empty image.\n\nA stage `FROM scratch` starts with no files, no shell and no libraries: copy a statically linked binary (and CA certificates if it needs TLS) into it for the smallest possible image.\n\n{}",
            docs::reference_line("from")
        ))
        .sort("1999");
}

fn tags(info: &ImageInfo, range: TextRange, typed: &str, out: &mut Out) {
    let all = info.all_tags();
    let version_rank = |tag: &str| {
        info.versions
            .iter()
            .position(|v| tag == v || tag.starts_with(&format!("{v}-")))
            .unwrap_or(info.versions.len())
    };
    for (n, (tag, variant)) in all.iter().enumerate() {
        let size = variant.and_then(|v| v.size_mb).or(info.size_mb);
        let dist = variant.map_or(info.distribution.as_str(), |v| v.distribution.as_str());
        let mut detail = dist.to_string();
        if let Some(s) = size {
            detail.push_str(&format!(" · {}", catalogue::size_text(s)));
        }
        // With something typed, tags that start with it come first, and the smaller
        // variants of a version before the larger ones.
        let sort = if !typed.is_empty() {
            format!(
                "{}{:02}{:06}{n:04}",
                u8::from(!tag.starts_with(typed)),
                version_rank(tag),
                size.map_or(999_999, |s| (s * 10.0) as u64)
            )
        } else {
            format!("{n:04}")
        };
        out.push(tag.clone(), ItemKind::Tag, range)
            .detail(detail)
            .doc(super::hover::image_markdown(info, Some(tag)))
            .sort(sort);
    }
}

/// `$NAME` / `${NAME` completion; returns whether the word ends in a variable reference.
fn variables(
    df: &Dockerfile,
    offset: usize,
    word: &str,
    scope: Scope,
    instruction: Option<usize>,
    out: &mut Out,
) -> bool {
    let Some(dollar) = word.rfind('$') else {
        return false;
    };
    if dollar > 0 && word[..dollar].ends_with(df.escape) {
        return false;
    }
    let after = &word[dollar + 1..];
    let (braced, name) = match after.strip_prefix('{') {
        Some(n) => (true, n),
        None => (false, after),
    };
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return false;
    }
    let range = TextRange::new(offset - name.len(), offset);
    let close = braced && !df.text[offset..].starts_with('}');
    let suffix = if close { "}" } else { "" };
    let vars = visible::visible(df, scope);
    let n = vars.len();
    for (i, v) in vars.iter().enumerate() {
        let group = match v.kind {
            VarKind::Env | VarKind::Arg | VarKind::GlobalArg => 0,
            VarKind::Platform => 1,
            VarKind::Predefined => 2,
        };
        out.push(v.name.clone(), ItemKind::Variable, range)
            .insert(format!("{}{suffix}", v.name))
            .detail(visible::value_summary(v))
            .doc(visible::markdown(df, v))
            .sort(format!("{group}{:04}", n - i));
    }
    // Declared globally or built in, but not visible here until the stage declares it.
    if let Some(ins) = instruction.and_then(|i| df.instructions.get(i)) {
        let line = df.line_index.line_of(ins.range.start);
        let at = df.line_index.line_start(line).unwrap_or(ins.range.start);
        let lower = lowercase_file(df);
        for v in visible::redeclarable(df, scope) {
            let decl = format!("{} {}\n", cased("ARG", lower), v.name);
            let note = match v.kind {
                VarKind::GlobalArg => format!(
                    "A global ARG is not visible inside a stage until the stage declares it; this adds `ARG {}` above the instruction.",
                    v.name
                ),
                _ => format!(
                    "Set by the builder, but visible inside a stage only once declared; this adds `ARG {}` above the instruction.",
                    v.name
                ),
            };
            let item = out.push(v.name.clone(), ItemKind::Variable, range);
            item.insert(format!("{}{suffix}", v.name))
                .detail(format!(
                    "{} (adds ARG {})",
                    visible::value_summary(&v),
                    v.name
                ))
                .doc(format!("{}\n\n{note}", visible::markdown(df, &v)))
                .sort(format!("3{}", v.name));
            item.additional.push((TextRange::empty(at), decl));
        }
    }
    true
}

/// Completion inside comment lines: directives, ignore comments, `# check=`.
fn comment(
    df: &Dockerfile,
    offset: usize,
    cur: &Cursor<'_>,
    hash: usize,
    directive_block: bool,
    cfg: &CompletionConfig,
    out: &mut Out,
) {
    let body = df.text.get(hash + 1..offset).unwrap_or("");
    let trimmed = body.trim_start();
    let word_start = offset - trimmed.len();
    // `# dockls ignore=A,B` / `# hadolint global ignore=`.
    for tool in ["dockls", "hadolint"] {
        let Some(rest) = trimmed.strip_prefix(tool) else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            if rest.is_empty() {
                break;
            }
            continue;
        }
        let r = rest.trim_start();
        let r_global = r
            .strip_prefix("global")
            .filter(|g| g.starts_with([' ', '\t']))
            .map(str::trim_start)
            .unwrap_or(r);
        if let Some(list) = r_global.strip_prefix("ignore=") {
            ignore_names(tool == "hadolint", list, offset, out);
        } else if r_global.chars().all(|c| c.is_ascii_alphabetic()) {
            let range = TextRange::new(offset - r.len(), offset);
            for (rank, (label, doc)) in [
                ("ignore=", "Silence rules for the next instruction"),
                ("global ignore=", "Silence rules for the whole file"),
            ]
            .into_iter()
            .enumerate()
            {
                out.push(label, ItemKind::Directive, range)
                    .detail(doc)
                    .sort(format!("{rank}"));
            }
        }
        return;
    }
    // `# check=...`, at the top or above an instruction.
    if let Some(v) = trimmed.strip_prefix("check") {
        if let Some(value) = v.trim_start().strip_prefix('=') {
            check_options(value.trim_start(), offset, !directive_block, out);
            return;
        }
    }
    if directive_block {
        if let Some((name, value)) = trimmed.split_once('=') {
            let value = value.trim_start();
            let range = TextRange::new(offset - value.len(), offset);
            let values: &[(&str, &str)] = match name.trim().to_ascii_lowercase().as_str() {
                "syntax" => docs::SYNTAX_VALUES,
                "escape" => &[
                    ("\\", "Backslash, the default."),
                    (
                        "`",
                        "Backtick: lets `\\` be a plain path separator (Windows).",
                    ),
                ],
                _ => &[],
            };
            for (rank, (v, doc)) in values.iter().enumerate() {
                let item = out.push(*v, ItemKind::Value, range);
                item.detail(*doc).sort(format!("{rank}"));
                item.preselect = rank == 0;
            }
            return;
        }
        if trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
            let range = TextRange::new(word_start, offset);
            let this_line = cur.line;
            for (rank, (label, name)) in [
                ("syntax=docker/dockerfile:1", "syntax"),
                ("check=skip=", "check"),
                ("check=error=true", "check"),
                ("escape=`", "escape"),
            ]
            .into_iter()
            .enumerate()
            {
                let present = df
                    .directives
                    .iter()
                    .any(|d| d.name == name && df.line_index.line_of(d.range.start) != this_line);
                let Some(d) = docs::directive(name) else {
                    continue;
                };
                if !present {
                    // Right after `#`, keep the usual space.
                    let insert = if body.is_empty() {
                        format!(" {label}")
                    } else {
                        label.to_string()
                    };
                    out.push(label, ItemKind::Directive, range)
                        .insert(insert)
                        .detail(d.summary)
                        .doc(docs::directive_markdown(d))
                        .sort(format!("{rank}"));
                }
            }
            return;
        }
    }
    // Suppression comments, when asked for explicitly.
    if cfg.trigger.is_none() && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
        let range = TextRange::new(word_start, offset);
        for (rank, (label, doc)) in [
            (
                "dockls ignore=",
                "Silence dockls rules for the next instruction",
            ),
            (
                "dockls global ignore=",
                "Silence dockls rules for the whole file",
            ),
            (
                "hadolint ignore=",
                "hadolint's comment, also honoured by dockls",
            ),
            (
                "check=skip=",
                "Skip BuildKit checks for the next instruction (frontend 1.21+)",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            out.push(label, ItemKind::Directive, range)
                .detail(doc)
                .sort(format!("{rank}"));
        }
    }
}

fn ignore_names(hadolint: bool, list: &str, offset: usize, out: &mut Out) {
    let parts: Vec<&str> = list.split(',').collect();
    let current = parts.last().copied().unwrap_or("").trim_start();
    if current.contains(char::is_whitespace) {
        // The reason has started.
        return;
    }
    let used: Vec<&str> = parts[..parts.len() - 1].iter().map(|p| p.trim()).collect();
    let range = TextRange::new(offset - current.len(), offset);
    for meta in crate::registry::all_meta() {
        if used.iter().any(|u| meta.answers_to(u)) {
            continue;
        }
        let doc = format!(
            "**{}** `{}`\n\n{}\n\n[Documentation]({})",
            meta.code,
            meta.name,
            meta.summary(),
            meta.url()
        );
        if hadolint {
            for id in meta.hadolint.iter().chain(meta.hadolint_also.iter()) {
                out.push(*id, ItemKind::Rule, range)
                    .detail(format!("{} {}", meta.code, meta.name))
                    .doc(doc.clone())
                    .sort(format!("0{id}"));
            }
        } else {
            out.push(meta.code, ItemKind::Rule, range)
                .detail(meta.name)
                .doc(doc.clone())
                .sort(format!("0{}", meta.code));
            out.push(meta.name, ItemKind::Rule, range)
                .detail(meta.code)
                .doc(doc)
                .sort(format!("1{}", meta.name));
        }
    }
}

/// BuildKit's check names.
pub const BUILDKIT_CHECKS: [&str; 22] = [
    "ConsistentInstructionCasing",
    "CopyIgnoredFile",
    "DuplicateStageName",
    "ExposeInvalidFormat",
    "ExposeProtoCasing",
    "FromAsCasing",
    "FromPlatformFlagConstDisallowed",
    "InvalidBaseImagePlatform",
    "InvalidDefaultArgInFrom",
    "InvalidDefinitionDescription",
    "JSONArgsRecommended",
    "LegacyKeyValueFormat",
    "MaintainerDeprecated",
    "MultipleInstructionsDisallowed",
    "NoEmptyContinuation",
    "RedundantTargetPlatform",
    "ReservedStageName",
    "SecretsUsedInArgOrEnv",
    "StageNameCasing",
    "UndefinedArgInFrom",
    "UndefinedVar",
    "WorkdirRelativePath",
];

/// Markdown for a BuildKit check name: dockls's rule docs when one matches.
pub fn buildkit_check_doc(name: &str) -> String {
    match crate::registry::lookup(name) {
        Some(meta) => format!(
            "**{name}** (dockls {} `{}`)\n\n{}\n\n[BuildKit documentation]({})",
            meta.code,
            meta.name,
            meta.summary(),
            meta.buildkit_url().unwrap_or_else(|| meta.url())
        ),
        None => format!("**{name}**: a BuildKit build check that dockls does not implement (it needs the resolved base image)."),
    }
}

fn check_options(value: &str, offset: usize, per_instruction: bool, out: &mut Out) {
    if per_instruction && value.contains(char::is_whitespace) {
        return;
    }
    let parts: Vec<&str> = value.split(';').collect();
    let current = parts.last().copied().unwrap_or("").trim_start();
    let used: Vec<&str> = parts[..parts.len() - 1]
        .iter()
        .filter_map(|p| p.split_once('=').map(|(k, _)| k.trim()))
        .collect();
    match current.split_once('=') {
        None => {
            let range = TextRange::new(offset - current.len(), offset);
            for (rank, (key, doc)) in [
                ("skip=", "Checks to skip (or `all`)"),
                ("error=true", "Fail the build when a check fails"),
                ("experimental=", "Experimental checks to run (or `all`)"),
            ]
            .into_iter()
            .enumerate()
            {
                let k = key.split('=').next().unwrap_or(key);
                if !used.contains(&k) {
                    out.push(key, ItemKind::Directive, range)
                        .detail(doc)
                        .doc(format!("{doc}\n\n{}", docs::reference_line("check")))
                        .sort(format!("{rank}"));
                }
            }
        }
        Some(("error", v)) => {
            let range = TextRange::new(offset - v.len(), offset);
            for (rank, b) in ["true", "false"].into_iter().enumerate() {
                out.push(b, ItemKind::Value, range).sort(format!("{rank}"));
            }
        }
        Some((key, list)) if key.trim() == "skip" || key.trim() == "experimental" => {
            let names: Vec<&str> = list.split(',').collect();
            let cur = names.last().copied().unwrap_or("").trim_start();
            let done: Vec<&str> = names[..names.len() - 1].iter().map(|n| n.trim()).collect();
            let range = TextRange::new(offset - cur.len(), offset);
            if done.is_empty() {
                out.push("all", ItemKind::Value, range)
                    .detail("Every check")
                    .sort("0");
            }
            for name in BUILDKIT_CHECKS {
                if done.contains(&name) {
                    continue;
                }
                out.push(name, ItemKind::Rule, range)
                    .detail(
                        crate::registry::lookup(name)
                            .map(|m| format!("{} {}", m.code, m.name))
                            .unwrap_or_else(|| "BuildKit check".into()),
                    )
                    .doc(buildkit_check_doc(name))
                    .sort(format!("1{name}"));
            }
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests;
