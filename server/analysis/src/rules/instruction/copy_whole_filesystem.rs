use dockls_syntax::image::ImageRef;
use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::practice::facts;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<stage or image> / /`: copying the whole root filesystem of
    /// another stage or image over the current one. A stage built `FROM scratch` is not
    /// reported: there, copying a whole filesystem is the deliberate way to flatten an
    /// image into one layer. Copying a filesystem into a subdirectory (`/rootfs/`) is not
    /// reported either, nor copying the root of a stage that is itself built `FROM
    /// scratch` (`FROM scratch AS tools` + `COPY --from=build /out/ /usr/bin/`): such a
    /// stage holds only the files put into it, so its root is exactly those files. The
    /// same holds for `tonistiigi/xx`, an image built that way (its Dockerfile's `xx`
    /// stage is `FROM scratch` plus the `xx-*` scripts) whose documented use is
    /// `COPY --from=xx / /`; it accounted for most of this rule's hits on the corpus.
    ///
    /// ## Why is this bad?
    /// It brings along everything the other stage had: package manager caches, compilers,
    /// `/etc/passwd`, `/proc` placeholders, often overwriting the current stage's own
    /// system files. That defeats the point of a multi-stage build. Copy only the
    /// directories the image needs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build / /
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    pub struct CopyWholeFilesystem {
        code: "DK432",
        name: "copy-whole-filesystem",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3067"),
        buildkit: None,
        default_enabled: true,
    }
}

/// Images built `FROM scratch` with a few files, meant to be copied whole.
const FILE_BUNDLE_IMAGES: &[&str] = &["tonistiigi/xx"];

fn is_file_bundle(img: &ImageRef) -> bool {
    img.registry.is_none() && FILE_BUNDLE_IMAGES.contains(&img.repository.as_str())
}

impl Rule for CopyWholeFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each_with_onbuild(Keyword::Copy) {
            let Some(from) = r.ins.flag("from").and_then(|f| f.value.as_ref()) else {
                continue;
            };
            let Body::Copy(c) = &r.ins.body else { continue };
            if !c
                .dest
                .as_ref()
                .is_some_and(|d| matches!(d.value.as_str(), "/" | "/."))
            {
                continue;
            }
            let onto_scratch = r.stage.is_some_and(|st| {
                let root = cx.df.lineage(st.index).last().copied().unwrap_or(st.index);
                matches!(
                    cx.df.stages.get(root).map(|s| &s.base),
                    Some(dockls_syntax::Base::Scratch)
                )
            });
            // A stage built from scratch holds only what was copied into it.
            let source_stage = from
                .value
                .parse::<usize>()
                .ok()
                .filter(|n| r.stage.is_some_and(|st| *n < st.index))
                .or_else(|| {
                    cx.df
                        .stage_named(&from.value)
                        .filter(|s| s.from < r.index)
                        .map(|s| s.index)
                });
            let bundle = match source_stage {
                Some(s) => {
                    facts::is_scratch(cx.df, s)
                        || cx
                            .semantic()
                            .root_image(cx.df, s)
                            .is_some_and(is_file_bundle)
                }
                None => is_file_bundle(&ImageRef::parse(&from.value, from.range)),
            };
            if onto_scratch || bundle {
                continue;
            }
            for s in &c.sources {
                if matches!(s.value.as_str(), "/" | "/." | "/*") {
                    out.report(
                        s.range,
                        format!("this copies the whole filesystem of `{}`, caches and system files included; copy only the paths the image needs", from.value),
                    );
                }
            }
        }
    }
}
