use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::copy_then_extract::is_tar_archive;
use crate::rules::practice::facts;
use crate::semantic::expand;

declare_rule! {
    /// ## What it does
    /// Reports ADD used for plain local files and directories: no URL, no Git source, no
    /// archive, no ADD-only option (`--checksum`, `--keep-git-dir`, `--unpack`). Sources
    /// with variables are read with the ARG defaults and ENV values in scope; a source
    /// whose variables have no known value is skipped, since it could name a URL or an
    /// archive, unless it is a directory under `./` or `/` (ending in `/`), which is
    /// neither. Sources ending in a bare wildcard are skipped too.
    ///
    /// ## Why is this bad?
    /// ADD has extra behaviour (downloading URLs, extracting local tar archives by
    /// content). Using it for plain files hides that a later change to a source, such as
    /// shipping a `.tar.gz`, silently extracts it instead of copying it. COPY says exactly
    /// what happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD config.yaml /etc/app/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY config.yaml /etc/app/
    /// ```
    ///
    /// ## Fix
    /// Replaces ADD with COPY. Unsafe: ADD recognises tar archives by their content, so a
    /// source that is an archive without an archive extension would stop being extracted.
    pub struct AddInsteadOfCopy {
        code: "DK422",
        name: "add-instead-of-copy",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: Some("DL3020"),
        buildkit: None,
        default_enabled: true,
    }
}

fn compressed(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    is_tar_archive(&n)
        || [".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".z"]
            .iter()
            .any(|e| n.ends_with(e))
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each_with_onbuild(Keyword::Add) {
            let Body::Add(c) = &r.ins.body else { continue };
            if c.sources.is_empty()
                || r.ins
                    .flags
                    .iter()
                    .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"))
            {
                continue;
            }
            let plain = c.sources.iter().all(|s| {
                let resolved;
                let v = if s.has_vars() {
                    let local_dir = (s.value.starts_with("./") || s.value.starts_with('/'))
                        && s.value.ends_with('/');
                    match (r.onbuild, r.stage) {
                        (false, Some(stage)) => {
                            let lookup = |n: &str| facts::var_value(cx, stage.index, r.index, n);
                            match expand(&s.raw, &lookup) {
                                Some(e) if !e.contains('$') => {
                                    resolved = e;
                                    resolved.as_str()
                                }
                                _ if local_dir => return true,
                                _ => return false,
                            }
                        }
                        _ => return local_dir,
                    }
                } else {
                    s.value.as_str()
                };
                !v.contains("://")
                    && !v.starts_with("git@")
                    && !v.starts_with("<<")
                    && !compressed(v)
                    && !v.ends_with('*')
                    && !v.ends_with('?')
                    && !v.ends_with(']')
            });
            if !plain {
                continue;
            }
            out.report(
                r.ins.keyword_range,
                "Use COPY instead of ADD for local files and folders: ADD also downloads URLs and extracts archives, which these sources do not need",
            )
            .fix(Fix::unsafe_("Replace ADD with COPY", vec![Edit::replace(r.ins.keyword_range, if r.ins.keyword_text == r.ins.keyword_text.to_ascii_lowercase() { "copy" } else { "COPY" })]).preferred());
        }
    }
}
