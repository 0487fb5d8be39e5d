use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{apt_pinned, is_path_or_url, report_unpinned, runs};

declare_rule! {
    /// ## What it does
    /// Reports packages installed with `apt-get install` (or `apt install`) without a
    /// version (`name=version`).
    ///
    /// ## Why is this bad?
    /// Without a version, every build installs whatever the archive holds that day, so
    /// two builds of the same Dockerfile can differ and a rebuild can break for no
    /// visible reason. Pinning makes the package set part of the source.
    ///
    /// Debian and Ubuntu remove superseded versions from their archives, so an exact
    /// pin also fails the build once a security update lands. That is why this rule is
    /// reported as information rather than hadolint's warning: pin when reproducible
    /// builds matter more than picking up security fixes by rebuilding, or pin the base
    /// image by digest and rebuild deliberately. Local `.deb` files, release selections
    /// with `-t` and removals (`name-`) are not checked. A word that is only a variable
    /// (`$buildDeps`) is checked when its value is known: set earlier in the same RUN, or
    /// the ARG default or ENV value in scope; otherwise it is skipped.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    pub struct AptGetUnpinned {
        code: "DK303",
        name: "apt-get-unpinned",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3008"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for AptGetUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if !matches!(inv.manager, Manager::AptGet | Manager::Apt) || inv.sub() != "install"
                {
                    continue;
                }
                // A trailing `-` removes the package instead of installing it.
                let pinned = |v: &str| {
                    apt_pinned(v) || is_path_or_url(v) || v.ends_with(".deb") || v.ends_with('-')
                };
                report_unpinned(cx, &run, &inv, out, pinned, "`name=<version>`", |v| {
                    format!("`{v}` is installed without a version, so rebuilds can install a different one; pin it as `{v}=<version>` if the build must be reproducible")
                });
            }
        }
    }
}
