use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{env_for, pip_is_file, pip_pinned, report_unpinned, runs};

declare_rule! {
    /// ## What it does
    /// Reports packages installed with `pip install` without a version specifier
    /// (`name==1.2`, `name>=1.2,<2`, `name~=1.2`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs the newest release on PyPI, so a rebuild of
    /// an unchanged Dockerfile can pull a breaking major version. PyPI keeps old releases
    /// available, so pins keep working; that is why this rule stays a warning while the
    /// pin rules for distribution packages are information.
    ///
    /// Requirement and constraint files (`-r`, `-c`, or `PIP_CONSTRAINT` in the
    /// environment: constraints pin every package), local paths, archives, wheels and
    /// VCS URLs with an `@revision` are accepted. A VCS URL without a revision is
    /// reported: it installs whatever the default branch holds. A word that is only a
    /// variable (`$PACKAGE`) is checked when its value is known: set earlier in the same
    /// RUN, or the ARG default or ENV value in scope; otherwise it is skipped.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    pub struct PipUnpinned {
        code: "DK305",
        name: "pip-unpinned",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3013"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for PipUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Pip || inv.sub() != "install" {
                    continue;
                }
                if inv.has(&["constraint"], &['c'])
                    || env_for(cx, &run.r, inv.argv.command, "PIP_CONSTRAINT")
                        .is_some_and(|v| v.is_some_and(|v| !v.is_empty()))
                {
                    continue;
                }
                let pinned = |v: &str| pip_is_file(v) || pip_pinned(v);
                report_unpinned(cx, &run, &inv, out, pinned, "`name==<version>`", |v| {
                    if v.contains("://") {
                        format!("`{v}` installs whatever the default branch holds when the image is built; pin a tag or commit (`{v}@<ref>`)")
                    } else {
                        format!("`{v}` is installed without a version, so a rebuild can pull a new, possibly breaking release; pin it (`{v}==<version>`) or install from a requirements file with pins")
                    }
                });
            }
        }
    }
}
