//! The engine reports this rule itself, because only it knows what each ignore comment
//! suppressed; this file holds its metadata and documentation.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a rule named in an ignore comment that reports nothing where the comment
    /// applies. Opt-in: enable it with `extend-select = ["unused-suppression"]`.
    ///
    /// ## Why is this bad?
    /// Stale suppressions hide future findings of the same rule at that place and make
    /// readers believe there is a problem that no longer exists.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # dockls ignore=maintainer-deprecated
    /// RUN echo hi
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hi
    /// ```
    ///
    /// ## Fix
    /// Removes the name from the comment, or the whole comment when it was the only name
    /// (safe).
    pub struct UnusedSuppression {
        code: "DK902",
        name: "unused-suppression",
        category: Meta,
        severity: Info,
        status: Stable,
        fixable: Always,
        hadolint: None,
        buildkit: None,
        default_enabled: false,
    }
}
