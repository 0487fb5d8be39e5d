use dockls_syntax::{Body, Keyword};

use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a local tar archive that COPY puts into the image and a later RUN of the
    /// same stage extracts with `tar`.
    ///
    /// ## Why is this bad?
    /// The archive stays in the COPY layer even if the RUN deletes it, so the image
    /// carries the data twice. `ADD archive.tar.gz /dest/` extracts a local tar archive
    /// (plain, gzip, bzip2, xz or zstd) in one step, and only the extracted files are
    /// stored. Zip files are not reported, because ADD does not extract them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD app.tar.gz /opt/
    /// ```
    pub struct CopyThenExtract {
        code: "DK421",
        name: "copy-then-extract",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3010"),
        buildkit: None,
        default_enabled: true,
    }
}

/// File names ADD extracts when the file is local.
pub(crate) fn is_tar_archive(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
        ".tzst",
    ]
    .iter()
    .any(|e| n.ends_with(e))
}

fn basename(s: &str) -> &str {
    s.trim_end_matches('/').rsplit('/').next().unwrap_or(s)
}

impl Rule for CopyThenExtract {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        for r in cx.each(Keyword::Copy) {
            if r.ins.flag("from").is_some() {
                continue;
            }
            let Body::Copy(c) = &r.ins.body else { continue };
            let Some(stage) = r.stage else { continue };
            for src in &c.sources {
                if src.has_vars() || !is_tar_archive(&src.value) || src.value.contains(['*', '?']) {
                    continue;
                }
                let name = basename(&src.value);
                let found = stage
                    .instructions
                    .clone()
                    .filter(|&i| i > r.index)
                    .find_map(|i| {
                        let ins = df.instructions.get(i)?;
                        if !ins.is(Keyword::Run) {
                            return None;
                        }
                        ins.shell.as_ref()?.commands.iter().find_map(|cmd| {
                            let a = argv(cmd)?;
                            if a.name != "tar" {
                                return None;
                            }
                            let extracts = a.args.iter().enumerate().any(|(k, w)| {
                                let v = w.value.as_str();
                                v == "--extract"
                                    || v == "--get"
                                    || (v.starts_with('-')
                                        && !v.starts_with("--")
                                        && v.contains('x'))
                                    || (k == 0
                                        && !v.starts_with('-')
                                        && v.contains('x')
                                        && v.chars().all(|ch| ch.is_ascii_alphabetic()))
                            });
                            let names_it = a.args.iter().any(|w| {
                                basename(&w.value) == name || w.value.ends_with(&format!("f{name}"))
                            });
                            (extracts && names_it).then_some(a.program.range)
                        })
                    });
                if let Some(tar) = found {
                    let line = df.line_index.line_of(tar.start) + 1;
                    out.report(
                        src.range,
                        format!("`{name}` is copied here and extracted with tar on line {line}: the archive stays in this layer; `ADD {} <dest>/` extracts it in one step without storing it", src.value),
                    )
                    .related(tar, "extracted here");
                }
            }
        }
    }
}
