use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::registry;
use crate::rule::{Rule, RuleMeta, Sink};
use crate::suppress::ignore_comments;

declare_rule! {
    /// ## What it does
    /// Reports a name in an ignore comment (`# dockls ignore=`, `# hadolint ignore=`) that
    /// is not a dockls code, rule name, hadolint ID or BuildKit check, and a BuildKit check
    /// name in `# check=skip=` that BuildKit does not know (BuildKit's names are
    /// case-sensitive and it ignores unknown ones silently).
    ///
    /// ## Why is this bad?
    /// A misspelt name suppresses nothing, so the finding it was meant to silence keeps
    /// showing up, or worse, the comment looks like it works when it does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # dockls ignore=maintainer-deprecate
    /// MAINTAINER me
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # dockls ignore=maintainer-deprecated
    /// MAINTAINER me
    /// ```
    ///
    /// ## Fix
    /// Replaces the name with the closest known one, when there is one (safe).
    pub struct UnknownIgnore {
        code: "DK901",
        name: "unknown-ignore-code",
        category: Meta,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

fn closest(name: &str) -> Option<&'static str> {
    let mut candidates: Vec<&'static str> = Vec::new();
    for m in registry::all_meta() {
        candidates.push(m.code);
        candidates.push(m.name);
        candidates.extend(m.aliases());
    }
    dockls_syntax::errors::did_you_mean(name, candidates)
}

impl Rule for UnknownIgnore {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for c in ignore_comments(cx.df) {
            for n in &c.names {
                if registry::is_known_name(&n.name) {
                    continue;
                }
                let d = out.report(
                    n.range,
                    format!(
                        "unknown rule `{}` in ignore comment: it suppresses nothing",
                        n.name
                    ),
                );
                if let Some(s) = closest(&n.name) {
                    d.message = format!("unknown rule `{}` in ignore comment: it suppresses nothing (did you mean `{s}`?)", n.name);
                    d.fix(
                        Fix::safe(
                            format!("Replace with `{s}`"),
                            vec![Edit::replace(n.range, s)],
                        )
                        .preferred(),
                    );
                }
            }
        }
        // BuildKit check names in `check=` directives and per-instruction comments.
        let buildkit: Vec<&'static str> = registry::all_meta()
            .iter()
            .filter_map(|m| m.buildkit)
            .collect();
        let mut configs = Vec::new();
        if let Some(d) = cx.df.directive("check") {
            if let Ok(cfg) = dockls_syntax::directives::parse_check(&d.value, d.value_range.start) {
                configs.push(cfg);
            }
        }
        for c in cx.df.comments.iter().filter(|c| !c.directive) {
            let t = c.range.of(cx.text()).trim_start_matches('#').trim_start();
            if let Some(v) = t.strip_prefix("check=") {
                let v = v.split_whitespace().next().unwrap_or("");
                let base = c.range.start + (c.range.len() - t.len()) + "check=".len();
                if let Ok(cfg) = dockls_syntax::directives::parse_check(v, base) {
                    configs.push(cfg);
                }
            }
        }
        for cfg in configs {
            for (name, range) in &cfg.names {
                if buildkit.contains(&name.as_str()) || name == "InvalidBaseImagePlatform" {
                    continue;
                }
                let d = out.report(*range, format!("BuildKit has no check named `{name}`, so this skips nothing (names are case-sensitive)"));
                if let Some(s) = dockls_syntax::errors::did_you_mean(name, buildkit.iter().copied())
                {
                    d.message = format!("BuildKit has no check named `{name}`, so this skips nothing (did you mean `{s}`?)");
                    d.fix(
                        Fix::safe(
                            format!("Replace with `{s}`"),
                            vec![Edit::replace(*range, s)],
                        )
                        .preferred(),
                    );
                }
            }
        }
    }
}
