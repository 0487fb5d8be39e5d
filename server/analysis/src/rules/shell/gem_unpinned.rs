use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{is_path_or_url, package_word, runs};

declare_rule! {
    /// ## What it does
    /// Reports gems installed with `gem install` without a version (`-v 2.5.3`,
    /// `--version 2.5.3` or `name:2.5.3`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs the newest release from rubygems.org, so a
    /// rebuild of an unchanged Dockerfile can pull a breaking major version (a new
    /// Bundler is a classic). Published gem versions stay available, so pins keep
    /// working: this rule stays a warning, as in hadolint, while the pin rules for
    /// distribution packages (whose archives drop old versions) are information.
    ///
    /// Local `.gem` files, `gem install -g` (which reads a Gemfile) and words with
    /// variables are accepted; hadolint also reports local `.gem` files.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler:2.5.3
    /// ```
    pub struct GemUnpinned {
        code: "DK312",
        name: "gem-unpinned",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3028"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for GemUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Gem || !matches!(inv.sub(), "install" | "i") {
                    continue;
                }
                if inv.has(&["version", "file"], &['v', 'g']) {
                    continue;
                }
                for w in &inv.operands {
                    let Some(v) = package_word(w) else { continue };
                    if v.is_empty() || v.contains(':') || v.ends_with(".gem") || is_path_or_url(v) {
                        continue;
                    }
                    out.report(
                        w.range,
                        format!("gem `{v}` is installed without a version, so a rebuild can pull a new, possibly breaking release; pin it as `{v}:<version>` or with `-v <version>`"),
                    );
                }
            }
        }
    }
}
