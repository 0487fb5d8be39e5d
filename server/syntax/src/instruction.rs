//! Reads one instruction's logical text into its typed view, reporting what BuildKit
//! would reject.

use std::ops::Range;

use crate::ast::*;
use crate::errors::{did_you_mean, SyntaxError, SyntaxErrorKind as K};
use crate::flags::{flags_for, parse_go_duration, FlagKind};
use crate::image::ImageRef;
use crate::lex::{self, Json};
use crate::logical::LogicalText;
use crate::text::TextRange;
use crate::vars;

pub(crate) struct Reader<'a> {
    pub logical: &'a LogicalText,
    pub escape: char,
    pub errors: &'a mut Vec<SyntaxError>,
}

/// A heredoc marker found in an instruction line, before its body is read.
#[derive(Debug)]
pub(crate) struct Marker {
    pub range: TextRange,
    pub name: String,
    pub chomp: bool,
    pub expand: bool,
    pub fd: Option<u32>,
}

fn trim_unicode_start(s: &str, at: usize) -> usize {
    at + (s[at..].len() - s[at..].trim_start().len())
}

impl Reader<'_> {
    fn text(&self) -> &str {
        self.logical.as_str()
    }

    fn range(&self, span: &Range<usize>) -> TextRange {
        self.logical.range(span.start, span.end)
    }

    fn error(&mut self, kind: K, range: TextRange, message: impl Into<String>) {
        self.errors.push(SyntaxError::new(kind, range, message));
    }

    /// A word at a logical span. `expands` scans it for variable references.
    pub fn word(&mut self, span: Range<usize>, expands: bool) -> Word {
        let raw = self.text().get(span.clone()).unwrap_or("").to_string();
        let value = lex::unquote(&raw, self.escape);
        let vars = if expands {
            self.vars_in(&raw, span.start, true)
        } else {
            Vec::new()
        };
        Word {
            range: self.range(&span),
            raw,
            value,
            vars,
        }
    }

    /// Variable references in `raw` (which starts at logical offset `base`).
    fn vars_in(&mut self, raw: &str, base: usize, report: bool) -> Vec<VarRef> {
        let scan = vars::scan(raw, self.escape, true);
        if report {
            for e in scan.errors {
                let r = self.range(&(base + e.span.start..base + e.span.end));
                self.error(K::InvalidSubstitution, r, e.message);
            }
        }
        scan.refs
            .into_iter()
            .map(|r| VarRef {
                name: r.name,
                name_range: self.range(&(base + r.name_span.start..base + r.name_span.end)),
                range: self.range(&(base + r.span.start..base + r.span.end)),
                braced: r.braced,
                modifier: r.modifier,
                word_range: r
                    .word_span
                    .map(|w| self.range(&(base + w.start..base + w.end))),
            })
            .collect()
    }

    /// Reads the instruction that starts at logical offset `start`.
    pub fn instruction(&mut self, start: usize, nested: bool) -> Instruction {
        let text = self.text().to_string();
        let kw_start = trim_unicode_start(&text, start);
        let kw_end = text[kw_start..]
            .find(lex::is_token_space)
            .map_or(text.len(), |i| kw_start + i);
        let keyword_text = text[kw_start..kw_end].to_string();
        let keyword_range = self.range(&(kw_start..kw_end));
        let keyword = Keyword::parse(&keyword_text);
        let after_kw = trim_unicode_start(&text, kw_end);

        let split = lex::split_flags(&text[after_kw..], after_kw);
        let args_start = trim_unicode_start(&text, split.rest);
        let args_end = args_start + text[args_start..].trim_end().len();
        let args_span = args_start..args_end;
        let args_text = text[args_span.clone()].to_string();
        let args_range = if args_span.is_empty() {
            TextRange::empty(self.logical.end_to_original(args_start.min(text.len())))
        } else {
            self.range(&args_span)
        };

        let flags: Vec<Flag> = split
            .flags
            .iter()
            .map(|span| self.flag(span.clone()))
            .collect();

        if keyword.is_none() {
            let mut err = SyntaxError::new(
                K::UnknownInstruction,
                keyword_range,
                format!("unknown instruction: {keyword_text}"),
            );
            let names = Keyword::ALL.map(Keyword::as_str);
            if let Some(s) = did_you_mean(&keyword_text, names) {
                err.message = format!("unknown instruction: {keyword_text} (did you mean {s}?)");
                err = err.with_suggestion(keyword_range, s);
            } else if keyword_text.contains("{{") || keyword_text.contains("{%") {
                err.message =
                    format!("unknown instruction: {keyword_text} (this looks like a template; render it before linting)");
            }
            self.errors.push(err);
        }

        let body = match keyword {
            Some(k) => self.body(k, &flags, args_span.clone(), nested),
            None => Body::Unknown,
        };
        if let Some(k) = keyword {
            self.check_flags(k, &flags, &body);
        }

        let end = self.logical.end_to_original(args_end.max(kw_end));
        Instruction {
            range: TextRange::new(keyword_range.start, end),
            header: TextRange::new(keyword_range.start, end),
            keyword_range,
            keyword_text,
            keyword,
            flags,
            args_range,
            args_text,
            body,
            heredocs: Vec::new(),
            comments: 0..0,
            empty_continuation_lines: Vec::new(),
            inner_comments: Vec::new(),
            logical: LogicalText::new(),
            shell: None,
        }
    }

    fn flag(&mut self, span: Range<usize>) -> Flag {
        let raw = &self.text()[span.clone()];
        let (name_span, value_span) = match raw.find('=') {
            Some(eq) => (
                span.start + 2..span.start + eq,
                Some(span.start + eq + 1..span.end),
            ),
            None => (span.start + 2..span.end, None),
        };
        let name = self.text()[name_span.clone()].to_string();
        let value = value_span.map(|vs| {
            let raw = self.text()[vs.clone()].to_string();
            let value = lex::unquote(&raw, '\\');
            let vars = self.vars_in(&raw, vs.start, false);
            Word {
                range: self.range(&vs),
                raw,
                value,
                vars,
            }
        });
        Flag {
            range: self.range(&span),
            name,
            name_range: self.range(&name_span),
            value,
        }
    }

    fn check_flags(&mut self, keyword: Keyword, flags: &[Flag], body: &Body) {
        // BuildKit does not look at the flags of `HEALTHCHECK NONE`.
        if matches!(body, Body::Healthcheck(HealthcheckArgs::None { .. })) {
            return;
        }
        let specs = flags_for(keyword);
        let mut seen: Vec<&str> = Vec::new();
        for flag in flags {
            let Some(spec) = specs.iter().find(|s| s.name == flag.name) else {
                let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
                let mut err = SyntaxError::new(
                    K::UnknownFlag,
                    flag.range,
                    if specs.is_empty() {
                        format!(
                            "unknown flag: {} ({} takes no flags)",
                            flag.name,
                            keyword.as_str()
                        )
                    } else {
                        format!("unknown flag: {}", flag.name)
                    },
                );
                if let Some(s) = did_you_mean(&flag.name, names.iter().copied()) {
                    err.message = format!("unknown flag: {} (did you mean --{s}?)", flag.name);
                    err = err.with_suggestion(flag.name_range, s);
                }
                self.errors.push(err);
                continue;
            };
            if spec.kind != FlagKind::List && seen.contains(&spec.name) {
                self.error(
                    K::DuplicateFlag,
                    flag.range,
                    format!("duplicate flag specified: {}", flag.name),
                );
            }
            seen.push(spec.name);
            let value = flag.value.as_ref();
            match spec.kind {
                FlagKind::Bool => {
                    if let Some(v) = value {
                        let lower = v.value.to_ascii_lowercase();
                        if v.value.is_empty() {
                            self.error(
                                K::FlagMissingValue,
                                flag.range,
                                format!("missing a value on flag: {}", flag.name),
                            );
                        } else if lower != "true" && lower != "false" {
                            self.error(
                                K::InvalidFlagValue,
                                v.range,
                                format!(
                                    "expecting boolean value for flag {}, not: {}",
                                    flag.name, v.value
                                ),
                            );
                        }
                    }
                }
                FlagKind::String | FlagKind::List | FlagKind::Duration | FlagKind::Count => {
                    let Some(v) = value else {
                        self.error(
                            K::FlagMissingValue,
                            flag.range,
                            format!(
                                "missing a value on flag: {} (write --{}=<value>)",
                                flag.name, flag.name
                            ),
                        );
                        continue;
                    };
                    if v.has_vars() {
                        continue;
                    }
                    if !spec.values.is_empty() && !spec.values.contains(&v.value.as_str()) {
                        self.error(
                            K::InvalidFlagValue,
                            v.range,
                            format!(
                                "invalid value {:?} for --{}: expected one of {}",
                                v.value,
                                flag.name,
                                spec.values.join(", ")
                            ),
                        );
                    }
                    match spec.kind {
                        FlagKind::Duration if !v.value.is_empty() => match parse_go_duration(&v.value) {
                            None => self.error(
                                K::InvalidFlagValue,
                                v.range,
                                format!("invalid duration {:?} for --{}: use a number with a unit, e.g. 30s, 1m30s", v.value, flag.name),
                            ),
                            Some(ns) if ns != 0 && ns < 1_000_000 => self.error(
                                K::InvalidFlagValue,
                                v.range,
                                format!("--{} cannot be less than 1ms", flag.name),
                            ),
                            Some(ns) if ns < 0 => {
                                self.error(K::InvalidFlagValue, v.range, format!("--{} cannot be negative", flag.name))
                            }
                            _ => {}
                        },
                        FlagKind::Count if !v.value.is_empty() => match v.value.parse::<i64>() {
                            Ok(n) if n < 0 => self.error(K::InvalidFlagValue, v.range, format!("--retries cannot be negative ({n})")),
                            Ok(n) if n > i64::from(i32::MAX) => {
                                self.error(K::InvalidFlagValue, v.range, format!("--retries is out of range ({n})"))
                            }
                            Ok(_) => {}
                            Err(_) => self.error(
                                K::InvalidFlagValue,
                                v.range,
                                format!("invalid --retries value {:?}: expected a whole number", v.value),
                            ),
                        },
                        _ => {}
                    }
                    if flag.name == "mount" {
                        self.check_mount(flag);
                    }
                }
            }
        }
    }

    fn check_mount(&mut self, flag: &Flag) {
        let Some(mount) = flag.mount() else { return };
        let Some(v) = flag.value.as_ref() else { return };
        if v.has_vars() {
            return;
        }
        let kind = mount.kind().to_string();
        if !crate::mount::MOUNT_TYPES.contains(&kind.as_str()) {
            let range = mount
                .get("type")
                .and_then(|f| f.value_range)
                .unwrap_or(v.range);
            self.error(
                K::InvalidFlagValue,
                range,
                format!(
                    "unsupported mount type {kind:?}: expected one of {}",
                    crate::mount::MOUNT_TYPES.join(", ")
                ),
            );
            return;
        }
        for field in &mount.fields {
            let range = field.key_range.unwrap_or(v.range);
            let key = field.key.as_str();
            if field.value.is_none()
                && !matches!(key, "ro" | "readonly" | "rw" | "readwrite" | "required")
            {
                {
                    self.error(
                        K::InvalidFlagValue,
                        range,
                        format!("invalid mount field '{key}': it must be a key=value pair"),
                    );
                    continue;
                }
            }
            if !crate::mount::MOUNT_KEYS.contains(&key) {
                let mut err = SyntaxError::new(
                    K::InvalidFlagValue,
                    range,
                    format!("unexpected key '{key}' in --mount"),
                );
                if let Some(s) = did_you_mean(key, crate::mount::MOUNT_KEYS) {
                    err.message =
                        format!("unexpected key '{key}' in --mount (did you mean '{s}'?)");
                    if let Some(kr) = field.key_range {
                        err = err.with_suggestion(kr, s);
                    }
                }
                self.errors.push(err);
                continue;
            }
            if let Some(allowed) = crate::mount::key_only_for(key) {
                if !allowed.contains(&kind.as_str()) {
                    self.error(
                        K::InvalidFlagValue,
                        range,
                        format!(
                            "'{key}' is not allowed for '{kind}' mounts (only for {})",
                            allowed.join(", ")
                        ),
                    );
                }
            }
        }
        if let Some(f) = mount.get("sharing") {
            if let Some(sharing) = &f.value {
                if !["shared", "private", "locked"].contains(&sharing.to_ascii_lowercase().as_str())
                {
                    let range = f.value_range.unwrap_or(v.range);
                    self.error(K::InvalidFlagValue, range, format!("unsupported sharing value {sharing:?}: expected shared, private or locked"));
                }
            }
        }
        if kind == "secret" && mount.get("from").is_some() {
            let range = mount
                .get("from")
                .and_then(|f| f.key_range)
                .unwrap_or(v.range);
            self.error(
                K::InvalidFlagValue,
                range,
                "a secret mount cannot have a 'from'",
            );
        }
    }

    fn body(&mut self, k: Keyword, flags: &[Flag], args: Range<usize>, nested: bool) -> Body {
        let text = self.text().to_string();
        let args_str = &text[args.clone()];
        let none = args.is_empty();
        let kw = k.as_str();
        let here = if none {
            self.range(&(args.start..args.start))
        } else {
            self.range(&args)
        };
        match k {
            Keyword::From => {
                let words: Vec<Range<usize>> = lex::split_plain(args_str, args.start);
                let ws: Vec<Word> = words.iter().map(|s| self.word(s.clone(), true)).collect();
                let mut f = FromArgs {
                    image: None,
                    image_ref: None,
                    as_keyword: None,
                    name: None,
                    extra: Vec::new(),
                };
                let mut it = ws.into_iter();
                f.image = it.next();
                f.as_keyword = it.next();
                f.name = it.next();
                f.extra = it.collect();
                match (&f.image, &f.as_keyword, &f.name) {
                    (None, _, _) => self.error(
                        K::MissingArguments,
                        here,
                        "FROM requires either one or three arguments: FROM <image> [AS <name>]",
                    ),
                    (Some(_), Some(a), None) => {
                        let r = a.range;
                        self.error(
                            K::FromArguments,
                            r,
                            "FROM requires either one or three arguments: FROM <image> [AS <name>]",
                        )
                    }
                    (Some(_), Some(a), Some(n)) => {
                        if !f.extra.is_empty() {
                            let r = f.extra[0].range.cover(f.extra[f.extra.len() - 1].range);
                            self.error(K::FromArguments, r, "FROM requires either one or three arguments: FROM <image> [AS <name>]");
                        } else if !a.value.eq_ignore_ascii_case("as") {
                            let mut e = SyntaxError::new(
                                K::FromArguments,
                                a.range,
                                format!("expected AS before the stage name, found {:?}", a.raw),
                            );
                            if crate::errors::levenshtein(&a.raw.to_ascii_lowercase(), "as") <= 1 {
                                e = e.with_suggestion(a.range, "AS");
                            }
                            self.errors.push(e);
                        } else if !valid_stage_name(&n.raw.to_ascii_lowercase()) {
                            self.error(
                                K::InvalidStageName,
                                n.range,
                                format!(
                                    "invalid name for build stage: {:?}, name can't start with a number or contain symbols (use letters, digits, '-', '_' and '.')",
                                    n.raw
                                ),
                            );
                        }
                    }
                    _ => {}
                }
                if let Some(img) = &f.image {
                    f.image_ref = Some(ImageRef::parse(&img.value, img.range));
                    if img.value.is_empty() {
                        self.error(
                            K::MissingArguments,
                            img.range,
                            "base name should not be blank",
                        );
                    }
                }
                Body::From(f)
            }
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
                let cmd = if none {
                    None
                } else {
                    Some(self.command(k, args.clone()))
                };
                match k {
                    Keyword::Run => Body::Run(cmd),
                    Keyword::Cmd => Body::Cmd(cmd),
                    Keyword::Entrypoint => Body::Entrypoint(cmd),
                    _ => {
                        match &cmd {
                            None => self.error(K::MissingArguments, here, "SHELL requires at least one argument"),
                            Some(CommandForm::Shell(_)) => self.error(
                                K::ShellNotJson,
                                here,
                                "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]",
                            ),
                            Some(CommandForm::Exec { items, .. }) if items.is_empty() => {
                                self.error(K::MissingArguments, here, "SHELL requires at least one argument")
                            }
                            _ => {}
                        }
                        Body::Shell(cmd)
                    }
                }
            }
            Keyword::Copy | Keyword::Add => {
                let (words, json) = match lex::parse_json_array(args_str, args.start) {
                    Json::Strings(items) => (
                        items
                            .into_iter()
                            .map(|(s, v)| (s, Some(v)))
                            .collect::<Vec<_>>(),
                        true,
                    ),
                    Json::NotStrings(span) => {
                        let r = self.range(&span);
                        self.error(K::JsonNotStrings, r, "when using JSON array syntax, arrays must be comprised of strings only");
                        (
                            lex::split_plain(args_str, args.start)
                                .into_iter()
                                .map(|s| (s, None))
                                .collect(),
                            false,
                        )
                    }
                    _ => (
                        lex::split_plain(args_str, args.start)
                            .into_iter()
                            .map(|s| (s, None))
                            .collect(),
                        false,
                    ),
                };
                let mut ws: Vec<Word> = words
                    .into_iter()
                    .map(|(s, v)| {
                        let mut w = self.word(s, !json);
                        if let Some(v) = v {
                            w.value = v;
                        }
                        w
                    })
                    .collect();
                if ws.len() < 2 {
                    self.error(
                        K::MissingArguments,
                        here,
                        format!("{kw} requires at least two arguments, but only one was provided. Destination could not be determined"),
                    );
                }
                let dest = if ws.len() >= 2 { ws.pop() } else { None };
                if let Some(d) = &dest {
                    if !json && heredoc_marker(&d.raw).is_some() {
                        self.error(
                            K::HeredocDestination,
                            d.range,
                            format!("{kw} cannot accept a heredoc as a destination"),
                        );
                    }
                }
                let c = CopyArgs {
                    sources: ws,
                    dest,
                    json,
                };
                if k == Keyword::Copy {
                    Body::Copy(c)
                } else {
                    Body::Add(c)
                }
            }
            Keyword::Env | Keyword::Label => {
                let (pairs, legacy) = self.key_values(kw, args.clone());
                if pairs.is_empty() {
                    self.error(
                        K::MissingArguments,
                        here,
                        format!("{kw} requires at least one argument"),
                    );
                }
                if k == Keyword::Env {
                    Body::Env { pairs, legacy }
                } else {
                    Body::Label { pairs, legacy }
                }
            }
            Keyword::Arg => {
                let spans = lex::split_quoted(args_str, args.start, self.escape);
                if spans.is_empty() {
                    self.error(
                        K::MissingArguments,
                        here,
                        "ARG requires at least one argument",
                    );
                }
                let mut pairs = Vec::new();
                for s in spans {
                    let raw = &text[s.clone()];
                    let pair = match raw.find('=') {
                        Some(eq) => {
                            let key = self.word(s.start..s.start + eq, false);
                            if key.raw.is_empty() {
                                self.error(
                                    K::BlankName,
                                    self.range(&s),
                                    "ARG names can not be blank",
                                );
                            }
                            let value = self.word(s.start + eq + 1..s.end, true);
                            KeyValue {
                                range: self.range(&s),
                                key,
                                value: Some(value),
                            }
                        }
                        None => KeyValue {
                            range: self.range(&s),
                            key: self.word(s.clone(), false),
                            value: None,
                        },
                    };
                    pairs.push(pair);
                }
                Body::Arg(pairs)
            }
            Keyword::Expose => {
                let ws: Vec<Word> = lex::split_plain(args_str, args.start)
                    .into_iter()
                    .map(|s| self.word(s, true))
                    .collect();
                if ws.is_empty() {
                    self.error(
                        K::MissingArguments,
                        here,
                        "EXPOSE requires at least one argument",
                    );
                }
                Body::Expose(ws)
            }
            Keyword::Volume => {
                let (ws, json) = match lex::parse_json_array(args_str, args.start) {
                    Json::Strings(items) => (
                        items
                            .into_iter()
                            .map(|(s, v)| {
                                let mut w = self.word(s, false);
                                w.value = v;
                                w
                            })
                            .collect::<Vec<_>>(),
                        true,
                    ),
                    Json::NotStrings(span) => {
                        let r = self.range(&span);
                        self.error(K::JsonNotStrings, r, "when using JSON array syntax, arrays must be comprised of strings only");
                        (Vec::new(), true)
                    }
                    _ => (
                        lex::split_plain(args_str, args.start)
                            .into_iter()
                            .map(|s| self.word(s, true))
                            .collect(),
                        false,
                    ),
                };
                if none {
                    self.error(
                        K::MissingArguments,
                        here,
                        "VOLUME requires at least one argument",
                    );
                }
                for w in &ws {
                    if w.value.trim().is_empty() {
                        self.error(
                            K::EmptyVolume,
                            w.range,
                            "VOLUME specified can not be an empty string",
                        );
                    }
                }
                Body::Volume { paths: ws, json }
            }
            Keyword::User | Keyword::Workdir | Keyword::Stopsignal | Keyword::Maintainer => {
                let w = if none {
                    None
                } else {
                    Some(self.word(args.clone(), k != Keyword::Maintainer))
                };
                if none {
                    self.error(
                        K::MissingArguments,
                        here,
                        format!("{kw} requires exactly one argument"),
                    );
                }
                if k == Keyword::Stopsignal {
                    if let Some(w) = &w {
                        if lex::split_plain(&w.raw, 0).len() > 1 {
                            self.error(
                                K::TooManyArguments,
                                w.range,
                                "STOPSIGNAL requires exactly one argument",
                            );
                        }
                    }
                }
                match k {
                    Keyword::User => Body::User(w),
                    Keyword::Workdir => Body::Workdir(w),
                    Keyword::Stopsignal => Body::Stopsignal(w),
                    _ => Body::Maintainer(w),
                }
            }
            Keyword::Healthcheck => {
                if none {
                    self.error(K::MissingArguments, here, "HEALTHCHECK requires at least one argument: HEALTHCHECK [options] CMD <command>, or HEALTHCHECK NONE");
                    return Body::Healthcheck(HealthcheckArgs::Missing);
                }
                let type_end = args_str
                    .find(|c: char| c.is_ascii_whitespace())
                    .map_or(args.end, |i| args.start + i);
                let keyword = self.word(args.start..type_end, false);
                let rest_start = trim_unicode_start(&text, type_end).min(args.end);
                let rest = rest_start..args.end;
                match keyword.raw.to_ascii_uppercase().as_str() {
                    "NONE" => {
                        let extra: Vec<Word> = lex::split_plain(&text[rest.clone()], rest.start)
                            .into_iter()
                            .map(|s| self.word(s, false))
                            .collect();
                        if !extra.is_empty() {
                            let r = extra[0].range.cover(extra[extra.len() - 1].range);
                            self.error(
                                K::InvalidHealthcheck,
                                r,
                                "HEALTHCHECK NONE takes no arguments",
                            );
                        }
                        let _ = flags;
                        Body::Healthcheck(HealthcheckArgs::None { keyword, extra })
                    }
                    "CMD" => {
                        let command = if rest.is_empty() {
                            None
                        } else {
                            Some(self.command(k, rest.clone()))
                        };
                        let empty = match &command {
                            None => true,
                            Some(CommandForm::Exec { items, .. }) => items.is_empty(),
                            Some(CommandForm::Shell(s)) => s.text.trim().is_empty(),
                        };
                        if empty {
                            self.error(
                                K::InvalidHealthcheck,
                                keyword.range,
                                "Missing command after HEALTHCHECK CMD",
                            );
                        }
                        Body::Healthcheck(HealthcheckArgs::Cmd { keyword, command })
                    }
                    _ => {
                        let mut e = SyntaxError::new(
                            K::InvalidHealthcheck,
                            keyword.range,
                            format!("unknown type {:?} in HEALTHCHECK (try CMD)", keyword.raw),
                        );
                        if crate::errors::levenshtein(&keyword.raw.to_ascii_uppercase(), "CMD") <= 1
                        {
                            e = e.with_suggestion(keyword.range, "CMD");
                        }
                        self.errors.push(e);
                        Body::Healthcheck(HealthcheckArgs::Unknown { keyword })
                    }
                }
            }
            Keyword::Onbuild => {
                if none {
                    self.error(
                        K::MissingArguments,
                        here,
                        "ONBUILD requires at least one argument",
                    );
                    return Body::Onbuild(None);
                }
                if nested {
                    // `ONBUILD ONBUILD ...`: the outer ONBUILD reports the chaining; the rest
                    // is not read (a long chain would otherwise nest without bound).
                    return Body::Unknown;
                }
                let inner = self.instruction(args.start, true);
                match inner.keyword {
                    Some(Keyword::Onbuild) => self.error(
                        K::InvalidOnbuild,
                        inner.keyword_range,
                        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                    ),
                    Some(Keyword::From | Keyword::Maintainer) => self.error(
                        K::InvalidOnbuild,
                        inner.keyword_range,
                        format!(
                            "{} isn't allowed as an ONBUILD trigger",
                            inner.keyword_text.to_ascii_uppercase()
                        ),
                    ),
                    _ => {}
                }
                Body::Onbuild(Some(Box::new(inner)))
            }
        }
    }

    /// RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD arguments: JSON exec form or shell form.
    fn command(&mut self, k: Keyword, span: Range<usize>) -> CommandForm {
        let s = self.text()[span.clone()].to_string();
        match lex::parse_json_array(&s, span.start) {
            Json::Strings(items) => {
                let items = items
                    .into_iter()
                    .map(|(sp, v)| {
                        let mut w = self.word(sp, false);
                        w.value = v;
                        w
                    })
                    .collect();
                CommandForm::Exec {
                    range: self.range(&span),
                    items,
                }
            }
            Json::NotStrings(bad) => {
                let r = self.range(&bad);
                self.error(
                    K::JsonNotStrings,
                    r,
                    "when using JSON array syntax, arrays must be comprised of strings only",
                );
                self.shell_text(span, false)
            }
            Json::Invalid => {
                let looks = looks_like_json_attempt(&s);
                if looks {
                    let r = self.range(&span);
                    let hint = if s.contains('\'') {
                        " (JSON strings need double quotes)"
                    } else {
                        ""
                    };
                    self.error(
                        K::JsonInvalid,
                        r,
                        format!(
                            "{} arguments look like a JSON array but are not valid JSON{hint}, so Docker runs them through a shell as `/bin/sh -c {:?}`",
                            k.as_str(),
                            s
                        ),
                    );
                }
                self.shell_text(span, looks)
            }
            Json::NotJson => self.shell_text(span, false),
        }
    }

    fn shell_text(&self, span: Range<usize>, invalid_json: bool) -> CommandForm {
        CommandForm::Shell(ShellText {
            range: self.range(&span),
            text: self.text()[span.clone()].to_string(),
            pieces: self.logical.original_ranges(span.start, span.end),
            invalid_json,
        })
    }

    /// ENV / LABEL: `k=v ...` or the legacy `k v`.
    fn key_values(&mut self, kw: &str, args: Range<usize>) -> (Vec<KeyValue>, bool) {
        let text = self.text().to_string();
        let spans = lex::split_quoted(&text[args.clone()], args.start, self.escape);
        let Some(first) = spans.first() else {
            return (Vec::new(), false);
        };
        if !text[first.clone()].contains('=') {
            // Legacy: key, whitespace, then the rest of the line is the value.
            let s = &text[args.clone()];
            let key_end = s
                .find(lex::is_token_space)
                .map_or(args.end, |i| args.start + i);
            let key = self.word(args.start..key_end, false);
            let value_start = trim_unicode_start(&text, key_end).min(args.end);
            if value_start >= args.end {
                self.error(
                    K::KeyWithoutValue,
                    key.range,
                    format!("{kw} must have two arguments: {kw} {} <value>", key.raw),
                );
                return (
                    vec![KeyValue {
                        range: key.range,
                        key,
                        value: None,
                    }],
                    true,
                );
            }
            let value = self.word(value_start..args.end, true);
            return (
                vec![KeyValue {
                    range: self.range(&args),
                    key,
                    value: Some(value),
                }],
                true,
            );
        }
        let mut out = Vec::new();
        for s in spans {
            let raw = &text[s.clone()];
            let Some(eq) = raw.find('=') else {
                self.error(
                    K::MissingEquals,
                    self.range(&s),
                    format!(
                        "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                        lex::unquote(raw, self.escape)
                    ),
                );
                continue;
            };
            let key = self.word(s.start..s.start + eq, false);
            if key.value.is_empty() {
                self.error(
                    K::BlankName,
                    self.range(&s),
                    format!("{kw} names can not be blank"),
                );
            }
            let value = self.word(s.start + eq + 1..s.end, true);
            out.push(KeyValue {
                range: self.range(&s),
                key,
                value: Some(value),
            });
        }
        (out, false)
    }
}

pub(crate) fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Does an argument list that failed to parse as JSON look like someone meant JSON?
/// `['a', 'b']` does; `[ -f x ] && y` and `[ "$a" = "b" ]` (shell tests) do not.
fn looks_like_json_attempt(s: &str) -> bool {
    let t = s.trim();
    let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    let bytes = inner.as_bytes();
    let mut i = 0;
    let mut strings = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let q = bytes[i];
        if q != b'"' && q != b'\'' {
            return false;
        }
        i += 1;
        while i < bytes.len() && bytes[i] != q {
            if bytes[i] == b'\\' {
                i += 1;
            }
            i += 1;
        }
        if i >= bytes.len() {
            return false;
        }
        i += 1;
        strings += 1;
    }
    strings > 0
}

/// Parses a heredoc marker word (`<<EOF`, `<<-"EOF"`, `3<<EOF`). Returns
/// `(fd, chomp, rest)` where `rest` is the raw word after the marker (maybe empty).
pub(crate) fn heredoc_marker(word: &str) -> Option<(Option<u32>, bool, &str)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if rest.contains('<') {
        return None;
    }
    let fd = if digits > 0 {
        word[..digits].parse().ok()
    } else {
        None
    };
    Some((fd, chomp, rest))
}

/// Finds the heredoc markers of an instruction line (RUN/COPY/ADD in shell form).
pub(crate) fn heredoc_markers(logical: &LogicalText, errors: &mut Vec<SyntaxError>) -> Vec<Marker> {
    let line = logical.as_str();
    if !line.contains("<<") {
        return Vec::new();
    }
    let words = lex::shell_words_raw(line);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let span = words[i].clone();
        i += 1;
        let Some((fd, chomp, rest)) = heredoc_marker(&line[span.clone()]) else {
            continue;
        };
        let (rest, full) = if rest.is_empty() {
            match words.get(i) {
                Some(next) if !line[next.clone()].contains('<') => {
                    i += 1;
                    (&line[next.clone()], span.start..next.end)
                }
                _ => continue,
            }
        } else {
            (rest, span.clone())
        };
        let range = logical.range(full.start, full.end);
        if lex::has_unbalanced_quote(rest, '\\') {
            errors.push(SyntaxError::new(
                K::InvalidHeredoc,
                range,
                format!("heredoc word {rest} has an unbalanced quote"),
            ));
            continue;
        }
        let name = lex::unquote(rest, '\\');
        if name.is_empty() {
            continue;
        }
        let quotes = |s: &str| s.matches(['\'', '"']).count();
        let expand = quotes(&name) == quotes(rest);
        out.push(Marker {
            range,
            name,
            chomp,
            expand,
            fd,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_attempts() {
        assert!(looks_like_json_attempt("['nginx', '-g']"));
        assert!(looks_like_json_attempt("[\"a\" \"b\"]"));
        assert!(!looks_like_json_attempt("[ -f x ] && y"));
        assert!(!looks_like_json_attempt("[ \"$a\" = \"b\" ]"));
    }

    #[test]
    fn markers() {
        assert_eq!(heredoc_marker("<<EOF"), Some((None, false, "EOF")));
        assert_eq!(heredoc_marker("3<<-'X'"), Some((Some(3), true, "'X'")));
        assert_eq!(heredoc_marker("<<<EOF"), None);
        assert_eq!(heredoc_marker("cat<<EOF"), None);
        assert_eq!(heredoc_marker("<<"), Some((None, false, "")));
    }
}
