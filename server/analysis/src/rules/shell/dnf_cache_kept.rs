use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::check_rpm_cache;

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` or `microdnf install` (and other commands that download
    /// packages, such as `upgrade`) in a RUN that does not clean the cache afterwards.
    ///
    /// ## Why is this bad?
    /// dnf keeps repository metadata, often over a hundred megabytes, in `/var/cache/dnf`
    /// (`/var/cache/libdnf5` for dnf5, `/var/cache/yum` for microdnf). Once the RUN step
    /// ends it is frozen into the layer, so it must be removed in the same RUN:
    /// `dnf clean all` (`microdnf clean all`), or deleting the cache directory.
    ///
    /// The cleanup has to come after the last install of the RUN; a cache or tmpfs mount
    /// on the cache directory also keeps it out of the layer. `yum clean all` counts, as
    /// `yum` is dnf on current Red Hat systems. Stages that are only copied from are not
    /// checked, since their caches never reach an image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix
    /// Appends `dnf clean all` (with the command's own name, e.g. `microdnf`) to the end
    /// of the RUN. Safe: it only deletes caches.
    /// No fix is offered when the RUN's text ends in a comment or a dangling operator, or
    /// when the RUN is in exec form.
    pub struct DnfCacheKept {
        code: "DK321",
        name: "dnf-cache-kept",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3040"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for DnfCacheKept {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        check_rpm_cache(cx, out, &[Manager::Dnf, Manager::Microdnf]);
    }
}
