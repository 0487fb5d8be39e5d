use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};
use crate::semantic::expand;

use super::dockerignore::{self, clean};
use super::facts;

declare_rule! {
    /// ## What it does
    /// Reports a COPY or ADD source from the build context that the context's ignore
    /// file excludes, as BuildKit's `CopyIgnoredFile` check does.
    ///
    /// It follows BuildKit exactly: the check is skipped when the ignore file has any
    /// `!` exception (whether a file is put back cannot be decided without the file
    /// tree), sources are cleaned before matching, a pattern also excludes everything
    /// under a matching directory, and `.` and `/` (the context root) only count for
    /// patterns that exclude everything (`*`, `**`, `**/*`). Sources with `--from`, URLs,
    /// Git sources and heredocs do not come from the context and are not checked;
    /// sources with variables are checked after ARG and ENV defaults are substituted.
    /// `<Dockerfile name>.dockerignore` wins over `.dockerignore`, as in BuildKit.
    ///
    /// ## Why is this bad?
    /// An excluded file is never sent to the builder. Copying it by name fails the build
    /// with "not found", and a wildcard or directory copy silently leaves it out, so the
    /// image misses a file the Dockerfile clearly expects.
    ///
    /// ## Example
    /// With this `.dockerignore`:
    /// ```dockerignore
    /// *.md
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY README.md /docs/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY docs/ /docs/
    /// ```
    pub struct CopyIgnoredFile {
        code: "DK106",
        name: "copy-ignored-file",
        category: Practice,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: Some("CopyIgnoredFile"),
        default_enabled: true,
    }
}

/// Whether a COPY/ADD source is read from somewhere other than the build context.
fn not_from_context(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    v.starts_with("http://")
        || v.starts_with("https://")
        || v.starts_with("git@")
        || v.starts_with("git://")
        || v.starts_with("<<")
}

impl Rule for CopyIgnoredFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some((path, ignore)) = dockerignore::find(cx.files, cx.file_name) else {
            return;
        };
        if ignore.has_exclusions() || ignore.patterns.is_empty() {
            return;
        }
        for (i, ins) in cx.df.instructions.iter().enumerate() {
            let (Body::Copy(c) | Body::Add(c)) = &ins.body else {
                continue;
            };
            if ins.flag("from").is_some() {
                continue;
            }
            let verb = if ins.is(Keyword::Add) { "ADD" } else { "COPY" };
            let stage = cx.df.stage_of(i).map_or(0, |s| s.index);
            for src in &c.sources {
                if not_from_context(&src.raw) || not_from_context(&src.value) {
                    continue;
                }
                let value = if src.has_vars() {
                    let lookup = |n: &str| facts::var_value(cx, stage, i, n);
                    match expand(&src.raw, &lookup) {
                        Some(v) => v,
                        None => continue,
                    }
                } else {
                    src.value.clone()
                };
                let cleaned = clean(&value);
                if (cleaned == "." || cleaned == "/") && !ignore.ignores_all() {
                    continue;
                }
                let Some(pattern) = ignore.ignoring_pattern(&cleaned) else {
                    continue;
                };
                out.report(
                    src.range,
                    format!(
                        "{verb} source `{cleaned}` is excluded by `{path}` (line {}: `{}`), so it is never sent to the builder: copying it by name fails with \"not found\" and a wildcard or directory copy silently leaves it out; remove the pattern or stop copying it",
                        pattern.line, pattern.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::context::MemoryFiles;
    use crate::rules::practice::testing::run_with;

    fn spans(src: &str, ignore: &str) -> Vec<String> {
        let files = MemoryFiles::default().with(".dockerignore", ignore);
        run_with("DK106", src, &files, Some("Dockerfile"), None)
            .iter()
            .map(|d| d.range.of(src).to_string())
            .collect()
    }

    #[test]
    fn follows_buildkit() {
        let src = "FROM alpine:3\nCOPY app.log . /x/\n";
        assert_eq!(spans(src, "*.log\n"), vec!["app.log"]);
        // Any exception disables the check.
        assert!(spans(src, "*.log\n!keep.log\n").is_empty());
        // The context root only for ignore-all patterns.
        assert_eq!(spans(src, "*\n"), vec!["app.log", "."]);
        assert_eq!(spans("FROM alpine:3\nCOPY / /x/\n", "**\n"), vec!["/"]);
        assert!(spans("FROM alpine:3\nCOPY . /x/\n", "*.md\n").is_empty());
        // Parent directories count.
        assert_eq!(
            spans("FROM alpine:3\nCOPY build/out/a.js /x/\n", "build\n"),
            vec!["build/out/a.js"]
        );
    }
}
