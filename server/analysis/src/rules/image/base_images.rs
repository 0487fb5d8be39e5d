//! Base images as the builder sees them: each FROM (and `COPY --from`/`RUN --mount=from`
//! image) with its variables substituted from ARG defaults, and stage references and
//! `scratch` told apart, so image rules never guess from the raw text.

use dockls_syntax::image::ImageRef;
use dockls_syntax::{Base, Body, Dockerfile, TextRange};

use crate::context::Context;
use crate::rules::practice::facts;
use crate::semantic::expand;

/// An image reference as the builder resolves it.
#[derive(Clone, Debug)]
pub struct ResolvedImage {
    /// The reference after substitution.
    pub image: ImageRef,
    /// The word as written, and its range.
    pub written: String,
    pub range: TextRange,
    /// The ARGs whose defaults were substituted (empty when written literally).
    pub via: Vec<String>,
    /// Instruction index.
    pub instruction: usize,
    /// Every variable was substituted. When only the tag or digest still holds a
    /// variable without a default (`registry.k8s.io/etcd:${VERSION}`), the registry and
    /// repository are known but the tag is not.
    pub complete: bool,
}

impl ResolvedImage {
    /// The range of the tag when it is written literally, else the whole word.
    pub fn tag_range(&self) -> TextRange {
        if self.via.is_empty() {
            self.image.tag_range.unwrap_or(self.range)
        } else {
            self.range
        }
    }

    /// ` (from the default of ARG X)` when variables were substituted.
    pub fn via_note(&self) -> String {
        if !self.complete {
            return " (its tag is set by a build argument without a default)".into();
        }
        match self.via.as_slice() {
            [] => String::new(),
            [one] => format!(" (`{}` with the default of ARG {one})", self.written),
            many => format!(
                " (`{}` with the defaults of ARG {})",
                self.written,
                many.join(", ")
            ),
        }
    }
}

/// Whether a resolved reference can name an image at all: lowercase repository path
/// made of `[a-z0-9._-]` components (templates such as `{{base}}` or `REPLACE-ME` cannot).
pub fn is_valid_reference(img: &ImageRef) -> bool {
    !img.repository.is_empty()
        && img.repository.split('/').all(|c| {
            !c.is_empty()
                && c.chars().all(|ch| {
                    ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '.' | '_' | '-')
                })
        })
        && img.tag.as_deref().is_none_or(|t| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

/// Whether `name` is the name of a stage defined before instruction `before`.
pub fn is_stage_name(df: &Dockerfile, name: &str, before: usize) -> bool {
    df.stage_named(name).is_some_and(|s| s.from < before)
}

/// The base image of every stage built from an image (not a stage, not `scratch`), with
/// variables resolved; stages whose image cannot be resolved without build arguments
/// are left out.
pub fn from_images(cx: &Context<'_>) -> Vec<ResolvedImage> {
    let df = cx.df;
    let sem = cx.semantic();
    let mut out = Vec::new();
    for (idx, stage) in df.stages.iter().enumerate() {
        if !matches!(stage.base, Base::Image(_)) {
            continue;
        }
        let Some(ins) = df.instructions.get(stage.from) else {
            continue;
        };
        let Body::From(f) = &ins.body else { continue };
        let Some(word) = &f.image else { continue };
        let (image, complete) = match sem.stages.get(idx).and_then(|s| s.image.clone()) {
            Some(img) => (img, true),
            None => {
                // Only the tag or digest depends on a build argument.
                let partial = ImageRef::parse(&word.value, word.range);
                let name_known = !partial.repository.contains('$')
                    && !partial.registry.as_deref().unwrap_or("").contains('$');
                if !name_known {
                    continue;
                }
                (partial, false)
            }
        };
        if image.is_scratch() || image.raw.is_empty() || (complete && !is_valid_reference(&image)) {
            continue;
        }
        if complete && word.has_vars() && is_stage_name(df, &image.raw, stage.from) {
            continue;
        }
        let via = word.vars.iter().map(|v| v.name.clone()).collect();
        out.push(ResolvedImage {
            image,
            written: word.value.clone(),
            range: word.range,
            via,
            instruction: stage.from,
            complete,
        });
    }
    out
}

/// Images named by `COPY --from=<image>` and `RUN --mount=from=<image>` (values that are
/// not stage names or indexes), resolved like FROM.
pub fn other_images(cx: &Context<'_>) -> Vec<ResolvedImage> {
    let df = cx.df;
    let mut out = Vec::new();
    for (i, ins) in df.instructions.iter().enumerate() {
        let ins = ins.effective();
        let stage = df.stage_of(i).map_or(0, |s| s.index);
        let mut candidates: Vec<(String, String, TextRange)> = Vec::new();
        if let Some(flag) = ins.flag("from") {
            if let Some(v) = &flag.value {
                candidates.push((v.raw.clone(), v.value.clone(), v.range));
            }
        }
        for flag in ins.flags_named("mount") {
            let Some(m) = flag.mount() else { continue };
            if let Some(f) = m.get("from") {
                if let Some(v) = &f.value {
                    let range = f
                        .value_range
                        .or(flag.value.as_ref().map(|w| w.range))
                        .unwrap_or(flag.range);
                    candidates.push((v.clone(), v.clone(), range));
                }
            }
        }
        for (raw, value, range) in candidates {
            let (resolved, complete) = if raw.contains('$') {
                let lookup = |n: &str| facts::var_value(cx, stage, i, n);
                match expand(&raw, &lookup) {
                    Some(v) => (v, true),
                    None => (value.clone(), false),
                }
            } else {
                (value.clone(), true)
            };
            if resolved.is_empty()
                || resolved.chars().all(|c| c.is_ascii_digit())
                || is_stage_name(df, &resolved, i)
                || resolved.eq_ignore_ascii_case("scratch")
                || resolved.eq_ignore_ascii_case("context")
            {
                continue;
            }
            let via = if raw.contains('$') {
                dockls_syntax::vars::scan(&raw, df.escape, true)
                    .refs
                    .iter()
                    .map(|r| r.name.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let image = ImageRef::parse(&resolved, range);
            let name_known = !image.repository.contains('$')
                && !image.registry.as_deref().unwrap_or("").contains('$');
            if !name_known || (complete && !is_valid_reference(&image)) {
                continue;
            }
            out.push(ResolvedImage {
                image,
                written: value,
                range,
                via,
                instruction: i,
                complete,
            });
        }
    }
    out
}
