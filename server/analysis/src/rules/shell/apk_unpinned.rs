use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{apk_pinned, is_path_or_url, report_unpinned, runs};

declare_rule! {
    /// ## What it does
    /// Reports packages installed with `apk add` without a version (`name=1.2.3-r0`,
    /// `name~1.2`, `name>1.2`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the Alpine repository holds that
    /// day, so an unchanged Dockerfile can build a different image.
    ///
    /// Alpine keeps only the newest build of each package in a branch, so an exact
    /// `=1.2.3-r0` pin fails as soon as the package is rebuilt. That is why this rule is
    /// information rather than hadolint's warning; a `~1.2` pin, which accepts patch
    /// releases, lasts longer. Values of `--virtual`/`-t` and `--repository` and local
    /// `.apk` files are not checked. A word that is only a variable (`$buildDeps`) is
    /// checked when its value is known: set earlier in the same RUN, or the ARG default or
    /// ENV value in scope; otherwise it is skipped.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl~8.9
    /// ```
    pub struct ApkUnpinned {
        code: "DK309",
        name: "apk-unpinned",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3018"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for ApkUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Apk || inv.sub() != "add" {
                    continue;
                }
                let pinned = |v: &str| apk_pinned(v) || is_path_or_url(v) || v.ends_with(".apk");
                report_unpinned(cx, &run, &inv, out, pinned, "`name~<version>`", |v| {
                    format!("`{v}` is installed without a version, so rebuilds can install a different one; pin it (`{v}~<version>` or `{v}=<version>`) if the build must be reproducible")
                });
            }
        }
    }
}
