//! Hover: documentation of what is under the cursor: instructions, flags, mount options,
//! variables (value and where they are declared), stages, base images, parser directives
//! and the rules named in suppression comments.

use dockls_syntax::directives::parse_check;
use dockls_syntax::flags::flags_for;
use dockls_syntax::image::ImageRef;
use dockls_syntax::{Base, Body, Dockerfile, HealthcheckArgs, Instruction, Keyword, TextRange};

use super::catalogue::{self, ImageInfo};
use super::docs;
use super::visible::{self, Scope};
use crate::rule::RuleMeta;
use crate::suppress::parse_ignore;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// What the hover is about.
    pub range: TextRange,
    pub markdown: String,
}

fn result(range: TextRange, markdown: String) -> Option<HoverResult> {
    Some(HoverResult { range, markdown })
}

/// The hover at `offset`.
pub fn hover(df: &Dockerfile, offset: usize) -> Option<HoverResult> {
    let offset = super::at_cursor::clamp(&df.text, offset);
    if let Some(h) = comment_hover(df, offset) {
        return Some(h);
    }
    let index = df.instruction_at(offset)?;
    let ins = df.instructions.get(index)?;
    if ins.in_heredoc_body(offset) {
        return text_variable(df, index, offset);
    }
    if ins.keyword_range.touches(offset) {
        return ins.keyword.map(|k| HoverResult {
            range: ins.keyword_range,
            markdown: docs::instruction_markdown(k),
        });
    }
    let eff = ins.effective();
    if eff.keyword_range.touches(offset) && !std::ptr::eq(eff, ins) {
        return eff.keyword.map(|k| HoverResult {
            range: eff.keyword_range,
            markdown: docs::instruction_markdown(k),
        });
    }
    if let Some(h) = eff.heredocs.iter().find(|h| h.marker_range.touches(offset)) {
        return result(h.marker_range, heredoc_markdown(df, eff, h));
    }
    let scope = visible::scope_of(df, index);
    // Variable references in words the builder expands (flag values included).
    for w in eff.words() {
        if let Some(v) = w.vars.iter().find(|v| v.name_range.touches(offset)) {
            return variable(df, scope, &v.name, v.range);
        }
    }
    if let Some(h) = flag_hover(df, index, eff, offset) {
        return Some(h);
    }
    match &eff.body {
        Body::From(f) => {
            if let Some(name) = f.name.as_ref().filter(|n| n.range.touches(offset)) {
                let stage = df.stage_of(index)?;
                return result(name.range, stage_markdown(df, stage.index));
            }
            if let Some(img) = f.image.as_ref().filter(|w| w.range.touches(offset)) {
                if let Some(Base::Stage(s)) = df.stage_of(index).map(|s| &s.base) {
                    return result(img.range, stage_markdown(df, *s));
                }
                return result(img.range, from_image_markdown(df, index, img));
            }
            if let Some(kw) = f.as_keyword.as_ref().filter(|w| w.range.touches(offset)) {
                return result(
                    kw.range,
                    format!(
                        "**AS** names the stage, so later `FROM`, `COPY --from` and `RUN --mount=from=` can refer to it.\n\n{}",
                        docs::reference_line("from")
                    ),
                );
            }
        }
        Body::Arg(pairs) | Body::Env { pairs, .. } => {
            if let Some(p) = pairs.iter().find(|p| p.key.range.touches(offset)) {
                let after = match scope {
                    Scope::Global { before } if df.globals().len() > index => {
                        Scope::Global { before: before + 1 }
                    }
                    Scope::Stage { stage, before } => Scope::Stage {
                        stage,
                        before: before + 1,
                    },
                    other => other,
                };
                return variable(df, after, &p.key.value, p.key.range);
            }
        }
        Body::Stopsignal(Some(w)) if w.range.touches(offset) => {
            let (name, doc) = docs::SIGNALS
                .iter()
                .find(|(s, _)| s.eq_ignore_ascii_case(&w.value))?;
            return result(
                w.range,
                format!(
                    "**{name}**: {doc}\n\n{}",
                    docs::reference_line("stopsignal")
                ),
            );
        }
        Body::Healthcheck(
            HealthcheckArgs::Cmd { keyword, .. } | HealthcheckArgs::None { keyword, .. },
        ) if keyword.range.touches(offset) => {
            let (name, doc) = docs::HEALTHCHECK_TYPES
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(&keyword.value))?;
            return result(
                keyword.range,
                format!(
                    "**HEALTHCHECK {name}**: {doc}\n\n{}",
                    docs::reference_line("healthcheck")
                ),
            );
        }
        _ => {}
    }
    // `$VAR` in shell text (RUN, CMD, ...), which the shell expands.
    text_variable(df, index, offset)
}

fn flag_hover(
    df: &Dockerfile,
    index: usize,
    ins: &Instruction,
    offset: usize,
) -> Option<HoverResult> {
    let k = ins.keyword?;
    let flag = ins.flags.iter().find(|f| f.range.touches(offset))?;
    let spec = flags_for(k).iter().find(|s| s.name == flag.name);
    let on_value = flag
        .value
        .as_ref()
        .filter(|v| v.range.touches(offset) && offset > flag.name_range.end);
    let Some(value) = on_value else {
        let spec = spec?;
        return result(
            TextRange::new(flag.range.start, flag.name_range.end),
            docs::flag_markdown(k, spec),
        );
    };
    match (k, flag.name.as_str()) {
        (Keyword::Run, "mount") => {
            let m = flag.mount()?;
            for field in &m.fields {
                if let Some(r) = field.value_range.filter(|r| r.touches(offset)) {
                    let v = field.value.as_deref().unwrap_or("");
                    match field.key.as_str() {
                        "type" => {
                            let doc = docs::mount_type_doc(v)?;
                            return result(
                                r,
                                format!(
                                    "**type={v}**\n\n{doc}\n\n{}",
                                    docs::reference_line("run---mount")
                                ),
                            );
                        }
                        "from" => return stage_or_image(df, index, v, r),
                        "sharing" => {
                            let (_, doc) = docs::SHARING.iter().find(|(s, _)| *s == v)?;
                            return result(r, format!("**sharing={v}**: {doc}"));
                        }
                        _ => {}
                    }
                }
                if let Some(r) = field
                    .key_range
                    .filter(|r| r.touches(offset))
                    .or_else(|| field.value_range.filter(|r| r.touches(offset)))
                {
                    let doc = docs::mount_key_doc(&field.key)?;
                    return result(
                        r,
                        format!(
                            "**--mount {}** ({} mounts)\n\n{doc}\n\n{}",
                            field.key,
                            m.kind(),
                            docs::reference_line("run---mount")
                        ),
                    );
                }
            }
            None
        }
        (Keyword::Copy, "from") => stage_or_image(df, index, &value.value, value.range),
        _ => result(value.range, docs::flag_markdown(k, spec?)),
    }
}

/// `--from=x` / `from=x`: a stage (by name or index) or an image.
fn stage_or_image(
    df: &Dockerfile,
    index: usize,
    name: &str,
    range: TextRange,
) -> Option<HoverResult> {
    if let Some(s) = df.stage_named(name).filter(|s| s.from < index) {
        return result(range, stage_markdown(df, s.index));
    }
    if let Ok(n) = name.parse::<usize>() {
        if df.stages.get(n).is_some_and(|s| s.from < index) {
            return result(range, stage_markdown(df, n));
        }
    }
    if name.is_empty() || name.contains('$') {
        return None;
    }
    let img = ImageRef::parse(name, range);
    result(range, image_ref_markdown(&img))
}

fn variable(df: &Dockerfile, scope: Scope, name: &str, range: TextRange) -> Option<HoverResult> {
    if let Some(v) = visible::lookup(df, scope, name) {
        return result(range, visible::markdown(df, &v));
    }
    let mut s = format!("`{name}` is not declared where it is used.");
    if let Some(g) = visible::redeclarable(df, scope)
        .into_iter()
        .find(|v| v.name == name)
    {
        match g.decl {
            Some(d) => s.push_str(&format!(
                "\n\nA global ARG `{name}` is declared at line {} ({}), but a stage sees it only after declaring it again with `ARG {name}`.",
                visible::line_of(df, d.instruction),
                visible::value_summary(&g)
            )),
            None => s.push_str(&format!(
                "\n\n`{name}` is set by the builder, but a stage sees it only after declaring it with `ARG {name}`."
            )),
        }
    } else if matches!(scope, Scope::Stage { .. }) {
        s.push_str("\n\nIt may come from the base image's environment; otherwise it expands to an empty string.");
    }
    if let Some(doc) = docs::builtin_arg_doc(name) {
        s.push_str("\n\n");
        s.push_str(doc);
    }
    result(range, s)
}

/// A `$NAME` / `${NAME...}` around `offset` in raw text (shell commands, heredoc bodies).
fn text_variable(df: &Dockerfile, index: usize, offset: usize) -> Option<HoverResult> {
    let text = df.text.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut start = offset.min(text.len());
    while start > 0 && is_name(text[start - 1]) {
        start -= 1;
    }
    let mut end = offset.min(text.len());
    while end < text.len() && is_name(text[end]) {
        end += 1;
    }
    if start == end || text[start].is_ascii_digit() {
        return None;
    }
    let dollar = match start.checked_sub(1).map(|i| text[i]) {
        Some(b'$') => start - 1,
        Some(b'{') if start >= 2 && text[start - 2] == b'$' => start - 2,
        _ => return None,
    };
    if dollar > 0 && text[dollar - 1] == b'\\' {
        return None;
    }
    let name = df.text.get(start..end)?;
    variable(
        df,
        visible::scope_of(df, index),
        name,
        TextRange::new(dollar, end),
    )
}

fn heredoc_markdown(df: &Dockerfile, ins: &Instruction, h: &dockls_syntax::Heredoc) -> String {
    let what = if ins.is(Keyword::Run) {
        "a script for the shell (or for the program written after the marker, as in `<<EOF python3`)"
    } else {
        "the content of a file created at the destination"
    };
    let mut s = format!(
        "**Heredoc** `<<{}{}`\n\nThe lines after the instruction, up to a line that is exactly `{}`, are {what}.",
        if h.chomp { "-" } else { "" },
        h.name,
        h.name
    );
    if h.chomp {
        s.push_str(" With `<<-`, leading tabs are removed from the body and the terminator.");
    }
    s.push_str(if h.expand {
        " The builder expands `$VARIABLES` in the body (quote the word, as in `<<'EOF'`, to keep them literal)."
    } else {
        " The word is quoted, so the builder leaves `$VARIABLES` in the body alone."
    });
    match h.terminator {
        Some(t) => s.push_str(&format!(
            "\n\nEnds at line {}.",
            df.line_index.line_of(t.start) + 1
        )),
        None => s.push_str(&format!(
            "\n\n**Never terminated:** add a line containing only `{}`.",
            h.name
        )),
    }
    s.push_str("\n\n");
    s.push_str(&docs::reference_line("here-documents"));
    s
}

/// A stage: base image, where it is, what uses it.
pub fn stage_markdown(df: &Dockerfile, stage: usize) -> String {
    let uses = stage_uses(df);
    stage_markdown_with(df, stage, uses.get(stage).map_or(&[], Vec::as_slice))
}

/// [`stage_markdown`] with the uses of every stage computed once ([`stage_uses`]).
pub(crate) fn stage_markdown_with(df: &Dockerfile, stage: usize, uses: &[(usize, &str)]) -> String {
    let Some(s) = df.stages.get(stage) else {
        return String::new();
    };
    let title = match &s.name {
        Some(n) => format!(
            "**Stage `{n}`** (#{}, line {})",
            s.index,
            visible::line_of(df, s.from)
        ),
        None => format!(
            "**Stage #{}** (line {}, unnamed)",
            s.index,
            visible::line_of(df, s.from)
        ),
    };
    let base = match &s.base {
        Base::Scratch => "`scratch` (empty)".to_string(),
        Base::Stage(p) => format!(
            "stage `{}`",
            df.stages
                .get(*p)
                .and_then(|p| p.name.clone())
                .unwrap_or_else(|| p.to_string())
        ),
        Base::Image(img) => {
            let resolved = resolved_image(df, s.from).unwrap_or_else(|| img.clone());
            let mut b = format!("`{}`", resolved.raw);
            if let Some((_, dist, size)) =
                catalogue::describe(&catalogue_key(&resolved), resolved.tag.as_deref())
            {
                b.push_str(&format!(" — {dist}"));
                if let Some(sz) = size {
                    b.push_str(&format!(", {} (approx.)", catalogue::size_text(sz)));
                }
            }
            b
        }
        Base::Unknown => "unknown".to_string(),
    };
    let mut out = format!("{title}\n\nBase: {base}");
    if uses.is_empty() {
        if df.stages.len() == stage + 1 {
            out.push_str("\n\nThe final stage: what `docker build` produces without `--target`.");
        } else {
            out.push_str("\n\nNothing in this file uses it; it is built only with `--target` (BuildKit skips unused stages).");
        }
    } else {
        out.push_str("\n\nUsed by:");
        for (i, what) in uses.iter().take(10) {
            out.push_str(&format!(
                "\n- line {}: `{}`{what}",
                visible::line_of(df, *i),
                visible::first_line(df, *i)
            ));
        }
        if uses.len() > 10 {
            out.push_str(&format!("\n- and {} more", uses.len() - 10));
        }
        if df.stages.len() == stage + 1 {
            out.push_str("\n\nThe final stage: what `docker build` produces without `--target`.");
        }
    }
    out
}

/// For every stage, the instructions that use it: FROM, `COPY --from`,
/// `RUN --mount=from=` (by name or index), with a note on how.
pub(crate) fn stage_uses(df: &Dockerfile) -> Vec<Vec<(usize, &'static str)>> {
    let mut out: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); df.stages.len()];
    let by_name: std::collections::HashMap<&str, usize> = df
        .stages
        .iter()
        .filter_map(|s| Some((s.name.as_deref()?, s.index)))
        .collect();
    let named = |v: &str, before: usize| {
        let lower = v.to_ascii_lowercase();
        by_name
            .get(lower.as_str())
            .copied()
            .or_else(|| v.parse::<usize>().ok())
            .filter(|i| df.stages.get(*i).is_some_and(|s| s.from < before))
    };
    for s in &df.stages {
        if let Base::Stage(p) = s.base {
            if let Some(list) = out.get_mut(p) {
                list.push((s.from, ""));
            }
        }
    }
    for (i, ins) in df.instructions.iter().enumerate() {
        let eff = ins.effective();
        if eff.is(Keyword::Copy) {
            if let Some(t) = eff
                .flag("from")
                .and_then(|f| f.value_str())
                .and_then(|v| named(v, i))
            {
                out[t].push((i, ""));
            }
        }
        if eff.is(Keyword::Run) {
            let mut seen = Vec::new();
            for m in eff.flags_named("mount").filter_map(|f| f.mount()) {
                if let Some(t) = m.from().and_then(|v| named(v, i)) {
                    if !seen.contains(&t) {
                        seen.push(t);
                        out[t].push((i, " (mount)"));
                    }
                }
            }
        }
    }
    for list in &mut out {
        list.sort_by_key(|(i, _)| *i);
    }
    out
}

/// The image of a FROM with global ARG defaults substituted.
fn resolved_image(df: &Dockerfile, from: usize) -> Option<ImageRef> {
    let Body::From(f) = &df.instructions.get(from)?.body else {
        return None;
    };
    let img = f.image.as_ref()?;
    if !img.has_vars() {
        return f.image_ref.clone();
    }
    let vars = visible::visible(df, visible::scope_of(df, from));
    let lookup = |n: &str| {
        vars.iter()
            .rev()
            .find(|v| v.name == n)
            .and_then(|v| v.value.clone())
    };
    let expanded = crate::semantic::expand(&img.raw, &lookup)?;
    (!expanded.is_empty() && !expanded.contains('$')).then(|| ImageRef::parse(&expanded, img.range))
}

/// The catalogue key of a reference: registry and repository.
fn catalogue_key(img: &ImageRef) -> String {
    match &img.registry {
        Some(r) => format!("{r}/{}", img.repository),
        None => img.repository.clone(),
    }
}

fn from_image_markdown(df: &Dockerfile, from: usize, word: &dockls_syntax::Word) -> String {
    let resolved = resolved_image(df, from);
    let mut out = match &resolved {
        Some(img) => image_ref_markdown(img),
        None => format!(
            "**`{}`**\n\nThe image depends on build arguments without defaults, so it is known only at build time.",
            word.raw
        ),
    };
    if word.has_vars() && resolved.is_some() {
        out = format!(
            "{out}\n\nResolved from `{}` with the ARG defaults; `--build-arg` can change it.",
            word.raw
        );
    }
    out
}

/// Markdown for an image reference: catalogue notes when known, the link, tag advice.
pub fn image_ref_markdown(img: &ImageRef) -> String {
    let key = catalogue_key(img);
    let mut out = match catalogue::find(&key) {
        Some(info) => image_markdown(info, img.tag.as_deref()),
        None => {
            let mut s = format!("**{}**", img.raw);
            if let Some(url) = super::links::image_url(img) {
                s.push_str(&format!("\n\n[Registry page]({url})"));
            }
            s.push_str("\n\nNot in dockls's offline image catalogue.");
            s
        }
    };
    if img.digest.is_some() {
        out.push_str("\n\nPinned by digest: the build always gets exactly this image.");
    } else if img.tag.is_none() {
        out.push_str(
            "\n\nNo tag: the builder pulls `latest`, which changes over time; pin a version.",
        );
    } else if img.tag.as_deref() == Some("latest") {
        out.push_str("\n\n`latest` changes over time; pin a version for reproducible builds.");
    }
    out
}

/// Markdown for a catalogue image (and one of its tags).
pub fn image_markdown(info: &ImageInfo, tag: Option<&str>) -> String {
    let variant = tag.and_then(|t| info.variant_of(t));
    let shown = match tag {
        Some(t) => format!("{}:{t}", info.name),
        None => info.name.clone(),
    };
    let dist = variant.map_or(info.distribution.as_str(), |v| v.distribution.as_str());
    let size = variant.and_then(|v| v.size_mb).or(info.size_mb);
    let mut s = format!("**{shown}** — {}\n\n- Distribution: {dist}", info.summary);
    if let Some(sz) = size {
        s.push_str(&format!(
            "\n- Typical size: {} compressed (approximate)",
            catalogue::size_text(sz)
        ));
    }
    let smaller: Vec<String> = info
        .smaller
        .iter()
        .filter(|alt| **alt != shown)
        .filter_map(|alt| {
            if alt.as_str() == "scratch" {
                return Some("`scratch` (empty)".to_string());
            }
            let r = ImageRef::parse(alt, TextRange::empty(0));
            let alt_size =
                catalogue::describe(&catalogue_key(&r), r.tag.as_deref()).and_then(|d| d.2);
            match (alt_size, size) {
                (Some(a), Some(cur)) if a >= cur => None,
                (Some(a), _) => Some(format!("`{alt}` ({})", catalogue::size_text(a))),
                (None, _) => Some(format!("`{alt}`")),
            }
        })
        .collect();
    if !smaller.is_empty() {
        s.push_str(&format!("\n- Smaller options: {}", smaller.join(", ")));
    }
    if let Some(d) = &info.deprecated {
        s.push_str(&format!("\n\n**Deprecated.** {d}"));
    }
    if let Some(n) = &info.note {
        s.push_str(&format!("\n\n{n}"));
    }
    let r = ImageRef::parse(&info.name, TextRange::empty(0));
    if let Some(url) = super::links::image_url(&r) {
        s.push_str(&format!("\n\n[{}]({url})", super::links::registry_name(&r)));
    }
    s.push_str(&format!("\n\n_{}_", catalogue::SIZE_NOTE));
    s
}

/// Full documentation of a rule.
pub fn rule_markdown(meta: &RuleMeta) -> String {
    let mut s = format!("**{}** `{}`\n\n", meta.code, meta.name);
    let aliases = meta.aliases();
    if !aliases.is_empty() {
        s.push_str(&format!(
            "Also known as: {}\n\n",
            aliases
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // The rule's own sections become subsections of the hover.
    let body = crate::rule::markdown(meta.docs);
    for line in body.trim().lines() {
        if let Some(title) = line.strip_prefix("## ") {
            s.push_str("### ");
            s.push_str(title);
        } else {
            s.push_str(line);
        }
        s.push('\n');
    }
    let len = s.trim_end().len();
    s.truncate(len);
    s.push_str(&format!("\n\n[Documentation]({})", meta.url()));
    s
}

fn comment_hover(df: &Dockerfile, offset: usize) -> Option<HoverResult> {
    let i = df.comments.partition_point(|c| c.range.end < offset);
    let c = df.comments.get(i).filter(|c| c.range.touches(offset))?;
    if c.directive {
        let d = df.directives.iter().find(|d| d.range.touches(offset))?;
        if d.name == "check" && d.value_range.touches(offset) {
            if let Ok(cfg) = parse_check(&d.value, d.value_range.start) {
                if let Some((name, r)) = cfg.names.iter().find(|(_, r)| r.touches(offset)) {
                    return result(*r, check_name_markdown(name));
                }
            }
        }
        let doc = docs::directive(&d.name)?;
        return result(d.range, docs::directive_markdown(doc));
    }
    let text = c.range.of(&df.text);
    if let Some((_, _, names)) = parse_ignore(text, c.range.start) {
        let n = names.iter().find(|n| n.range.touches(offset))?;
        let md = match crate::registry::lookup(&n.name) {
            Some(meta) => rule_markdown(meta),
            None if crate::registry::is_known_name(&n.name) => format!(
                "`{}` is a ShellCheck code or a retired hadolint rule; dockls accepts it in ignore comments but has no rule of that name.",
                n.name
            ),
            None => format!("`{}` is not a rule dockls knows.", n.name),
        };
        return result(n.range, md);
    }
    // Per-instruction `# check=skip=...`.
    let body = text.trim_start_matches('#').trim_start();
    let v = body.strip_prefix("check=")?;
    let v = v.split_whitespace().next().unwrap_or("");
    let base = c.range.start + (text.len() - body.len()) + "check=".len();
    let cfg = parse_check(v, base).ok()?;
    let (name, r) = cfg.names.iter().find(|(_, r)| r.touches(offset))?;
    result(*r, check_name_markdown(name))
}

fn check_name_markdown(name: &str) -> String {
    match crate::registry::lookup(name) {
        Some(meta) => rule_markdown(meta),
        None => super::completion::buildkit_check_doc(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hover_at(src: &str) -> Option<HoverResult> {
        let offset = src.find("$0").unwrap_or_else(|| panic!("no $0"));
        let text = src.replacen("$0", "", 1);
        let df = dockls_syntax::parse(&text);
        hover(&df, offset)
    }

    fn md(src: &str) -> String {
        hover_at(src).map(|h| h.markdown).unwrap_or_default()
    }

    #[test]
    fn instructions_and_flags() {
        let m = md("FR$0OM alpine\n");
        assert!(m.contains("Starts a new build stage"), "{m}");
        assert!(m.contains("https://docs.docker.com/reference/dockerfile/#from"));
        let m = md("FROM a\nONBUILD RU$0N make\n");
        assert!(m.contains("#run"), "{m}");
        let m = md("FROM a\nCOPY --li$0nk a /b\n");
        assert!(
            m.contains("COPY --link") && m.contains("#copy---link"),
            "{m}"
        );
        let m = md("FROM a\nRUN --mount=type=cache,tar$0get=/root/.cache pip install x\n");
        assert!(m.contains("--mount target"), "{m}");
        let m = md("FROM a\nRUN --mount=type=ca$0che,target=/x y\n");
        assert!(m.contains("type=cache"), "{m}");
        let m = md("FROM a\nRUN --network=no$0ne y\n");
        assert!(m.contains("RUN --network"), "{m}");
        let m = md("FROM a\nHEALTHCHECK --interval=5s C$0MD true\n");
        assert!(m.contains("HEALTHCHECK CMD"), "{m}");
        let m = md("FROM a\nRUN <<E$0OF\necho hi\nEOF\n");
        assert!(m.contains("Heredoc") && m.contains("Ends at line 4"), "{m}");
        let m = md("FROM a\nSTOPSIGNAL SIGQU$0IT\n");
        assert!(m.contains("nginx"), "{m}");
    }

    #[test]
    fn variables() {
        let src = "ARG NODE=20\nFROM node:${NO$0DE}\n";
        let h = hover_at(src).unwrap_or_else(|| panic!("no hover"));
        assert!(h.markdown.contains("= `20`"), "{}", h.markdown);
        assert!(h.markdown.contains("line 1"), "{}", h.markdown);
        let m = md("ARG V=1\nFROM a\nARG V\nENV V=2\nRUN echo $V$0\n");
        assert!(m.contains("**ENV** `V` = `2`"), "{m}");
        let m = md("ARG V=1\nFROM a\nRUN echo ${V$0}\n");
        assert!(m.contains("not declared") && m.contains("ARG V"), "{m}");
        let m = md("FROM a\nARG X=5\nRUN <<EOF\necho $X$0\nEOF\n");
        assert!(m.contains("= `5`"), "{m}");
        let m = md("ARG A=1\nFROM a\nENV B$0=$A\n");
        assert!(m.contains("**ENV** `B`"), "{m}");
        let m = md("FROM --platform=$BUILD$0PLATFORM a\n");
        assert!(m.contains("machine running the build"), "{m}");
    }

    #[test]
    fn stages_and_images() {
        let src = "FROM golang:1.23 AS bu$0ild\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\nRUN --mount=from=build,target=/x true\n";
        let m = md(src);
        assert!(m.contains("**Stage `build`**"), "{m}");
        assert!(m.contains("golang:1.23"), "{m}");
        assert!(m.contains("line 4"), "{m}");
        assert!(m.contains("(mount)"), "{m}");
        let m = md("FROM golang:1.23 AS build\nFROM alpine\nCOPY --from=bu$0ild /a /b\n");
        assert!(m.contains("**Stage `build`**"), "{m}");
        let m = md("FROM no$0de:22-alpine\n");
        assert!(m.contains("Alpine"), "{m}");
        assert!(m.contains("approximate"), "{m}");
        assert!(m.contains("https://hub.docker.com/_/node"), "{m}");
        let m = md("FROM no$0de:22\n");
        assert!(m.contains("Smaller options") && m.contains("slim"), "{m}");
        let m = md("ARG V=3.20\nFROM alp$0ine:${V}\n");
        assert!(m.contains("alpine:3.20") && m.contains("Resolved"), "{m}");
        let m = md("FROM example.com/te$0am/app:1\n");
        assert!(m.contains("Not in dockls"), "{m}");
    }

    #[test]
    fn comments() {
        let m = md("FROM a\n# dockls ignore=DK4$001\nMAINTAINER x\n");
        assert!(m.contains("DK401") && m.contains("What it does"), "{m}");
        let m = md("FROM a\n# hadolint ignore=DL30$002\nRUN x\n");
        assert!(m.contains("DL3002"), "{m}");
        let m = md("# check=skip=JSONArgs$0Recommended\nFROM a\n");
        assert!(m.contains("JSONArgsRecommended"), "{m}");
        let m = md("# syn$0tax=docker/dockerfile:1\nFROM a\n");
        assert!(m.contains("frontend"), "{m}");
        let m = md("FROM a\n# check=skip=Undefined$0Var // why\nRUN x\n");
        assert!(m.contains("UndefinedVar"), "{m}");
    }
}
