use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{is_path_or_url, package_word, runs, zypper_command, zypper_pinned};

declare_rule! {
    /// ## What it does
    /// Reports packages installed with `zypper install` without a version
    /// (`name=1.2.3`, `name>=1.2`, `name<2`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the repositories hold that day, so
    /// an unchanged Dockerfile can build a different image.
    ///
    /// Repositories drop superseded builds, so an exact pin eventually fails the build;
    /// that is why this rule is information rather than hadolint's warning. Patterns,
    /// patches and products (`-t pattern`, `pattern:name`), which have no versions,
    /// local `.rpm` files and URLs, and words with variables are not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install curl && zypper clean --all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper --non-interactive install "curl>=8.6" && zypper clean --all
    /// ```
    pub struct ZypperUnpinned {
        code: "DK319",
        name: "zypper-unpinned",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3037"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for ZypperUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Zypper || zypper_command(inv.sub()) != "install" {
                    continue;
                }
                if inv
                    .value_of(&["-t", "--type"])
                    .is_some_and(|t| t != "package")
                {
                    continue;
                }
                for w in &inv.operands {
                    let Some(v) = package_word(w) else { continue };
                    if v.is_empty()
                        || zypper_pinned(v)
                        || v.contains(':')
                        || is_path_or_url(v)
                        || v.to_ascii_lowercase().ends_with(".rpm")
                    {
                        continue;
                    }
                    out.report(
                        w.range,
                        format!("`{v}` is installed without a version, so rebuilds can install a different one; pin it (`{v}=<version>` or `\"{v}>=<version>\"`) if the build must be reproducible"),
                    );
                }
            }
        }
    }
}
