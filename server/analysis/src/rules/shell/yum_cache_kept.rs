use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::check_rpm_cache;

declare_rule! {
    /// ## What it does
    /// Reports `yum install` (and other yum commands that download packages, such as
    /// `update`) in a RUN that does not clean yum's cache afterwards.
    ///
    /// ## Why is this bad?
    /// yum keeps repository metadata, often over a hundred megabytes, in
    /// `/var/cache/yum`. Once the RUN step ends it is frozen into the layer, so it must be
    /// removed in the same RUN: `yum clean all`, or `rm -rf /var/cache/yum`.
    ///
    /// The cleanup has to come after the last install of the RUN; a cache or tmpfs mount
    /// on the cache directory also keeps it out of the layer. Stages that are only copied
    /// from are not checked, since their caches never reach an image; hadolint checks
    /// every stage and only `install`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix
    /// Appends `yum clean all` to the end of the RUN. Safe: it only deletes caches.
    /// No fix is offered when the RUN's text ends in a comment or a dangling operator, or
    /// when the RUN is in exec form.
    pub struct YumCacheKept {
        code: "DK314",
        name: "yum-cache-kept",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3032"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for YumCacheKept {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_rpm_cache(cx, out, &[Manager::Yum]);
    }
}
