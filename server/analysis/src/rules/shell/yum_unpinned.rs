use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::check_rpm_unpinned;

declare_rule! {
    /// ## What it does
    /// Reports packages installed with `yum install` without a version
    /// (`name-1.2.3`), and modules installed with `yum module install` without a stream
    /// (`name:stream`).
    ///
    /// ## Why is this bad?
    /// Without a version, each build installs whatever the repositories hold that day, so
    /// an unchanged Dockerfile can build a different image.
    ///
    /// Repositories drop superseded builds, so an exact pin eventually fails the build;
    /// that is why this rule is information rather than hadolint's warning. Groups
    /// (`@name`) and local `.rpm` files and URLs are not checked. A word that is only a
    /// variable (`$PKGS`) is checked when its value is known: set earlier in the same RUN,
    /// or the ARG default or ENV value in scope; otherwise it is skipped. A name glob
    /// (`devtoolset-10-gcc-*`) is reported: it selects packages, not their versions.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    pub struct YumUnpinned {
        code: "DK315",
        name: "yum-unpinned",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3033"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for YumUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_rpm_unpinned(cx, out, &[Manager::Yum]);
    }
}
