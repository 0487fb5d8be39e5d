use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{npm_pinned, package_word, runs};

declare_rule! {
    /// ## What it does
    /// Reports packages named in `npm install` (also `npm i` and `npm add`) without a
    /// version (`name@1.2.3`).
    ///
    /// ## Why is this bad?
    /// A bare name installs the newest release at build time, so rebuilding an unchanged
    /// Dockerfile can pull a new major version of a global tool. The npm registry keeps
    /// published versions, so pins keep working: this rule stays a warning, as in
    /// hadolint, while the pin rules for distribution packages (whose archives drop old
    /// versions) are information. A dist-tag such as `@latest` or `@next`
    /// names whatever is newest and is reported too (hadolint accepts any `@`, and
    /// ignores `npm i` and `npm add`).
    ///
    /// `npm install` and `npm ci` without names (which follow `package-lock.json`),
    /// folders, tarballs, git URLs with a `#ref` and words with variables are accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN npm install -g pnpm
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN npm install -g pnpm@9.12.0
    /// ```
    pub struct NpmUnpinned {
        code: "DK308",
        name: "npm-unpinned",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3016"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for NpmUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Npm
                    || !matches!(inv.sub(), "install" | "i" | "add" | "in")
                {
                    continue;
                }
                for w in &inv.operands {
                    let Some(v) = package_word(w) else { continue };
                    if v.is_empty() || npm_pinned(v) != Some(false) {
                        continue;
                    }
                    let name = match v.rsplit_once('@') {
                        Some((n, _)) if !n.is_empty() => n,
                        _ => v,
                    };
                    out.report(
                        w.range,
                        format!("`{v}` does not name a version, so a rebuild can install a new, possibly breaking release; pin it as `{name}@<version>`"),
                    );
                }
            }
        }
    }
}
