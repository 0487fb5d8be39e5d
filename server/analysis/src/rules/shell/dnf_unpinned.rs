use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::util::check_rpm_unpinned;

declare_rule! {
    /// ## What it does
    /// Reports packages installed with `dnf install` or `microdnf install` without a
    /// version (`name-1.2.3`), and modules installed with `dnf module install` without a
    /// stream (`name:stream`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the repositories hold that day, so
    /// an unchanged Dockerfile can build a different image.
    ///
    /// Repositories drop superseded builds, so an exact pin eventually fails the build;
    /// that is why this rule is information rather than hadolint's warning. Groups
    /// (`@name`), local `.rpm` files and URLs, and words with variables are not checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    pub struct DnfUnpinned {
        code: "DK322",
        name: "dnf-unpinned",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3041"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for DnfUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_rpm_unpinned(cx, out, &[Manager::Dnf, Manager::Microdnf]);
    }
}
