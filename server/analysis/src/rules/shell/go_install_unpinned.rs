use crate::commands::Manager;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{is_moving_tag, package_word, runs};

declare_rule! {
    /// ## What it does
    /// Reports modules fetched with `go install`, `go get` or `go run` without a version
    /// (`example.com/tool@v1.2.3`), or with a query that names the newest one
    /// (`@latest`, `@upgrade`, `@patch`, `@master`, `@main`, `@HEAD`).
    ///
    /// ## Why is this bad?
    /// Without a fixed version the Go command resolves the newest release or commit at
    /// build time, so an unchanged Dockerfile can build a different tool, or break when a
    /// new major version lands. The Go module proxy keeps published versions forever, so
    /// pins keep working: this rule stays a warning, as in hadolint, while the pin rules
    /// for distribution packages (whose archives drop old versions) are information.
    ///
    /// Only remote module paths are checked (the first path element has a dot, as in
    /// `github.com/...`): local packages (`.`, `./...`, `main.go`) and standard library
    /// packages build from the source tree. For `go run` only the package is checked; the
    /// words after it are the program's arguments. hadolint reports `go run main.go` and
    /// accepts `@master`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    pub struct GoInstallUnpinned {
        code: "DK328",
        name: "go-install-unpinned",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3062"),
        buildkit: None,
        default_enabled: true,
    }
}

/// A package path of a remote module (its first element looks like a host name).
fn is_remote(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    first.contains('.')
        && !path.starts_with('.')
        && !path.starts_with('/')
        && !path.ends_with(".go")
}

impl Rule for GoInstallUnpinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for run in runs(cx, true) {
            for inv in run.invocations() {
                if inv.manager != Manager::Go {
                    continue;
                }
                let sub = inv.sub();
                let operands: Vec<_> = match sub {
                    "install" | "get" => inv.operands.clone(),
                    "run" => inv.operands.iter().take(1).copied().collect(),
                    _ => continue,
                };
                for w in operands {
                    let Some(v) = package_word(w) else { continue };
                    let (path, version) = match v.split_once('@') {
                        Some((p, ver)) => (p, Some(ver)),
                        None => (v, None),
                    };
                    if !is_remote(path) {
                        continue;
                    }
                    let msg = match version {
                        Some(ver) if !is_moving_tag(ver) && !ver.is_empty() => continue,
                        Some(ver) => format!("`@{ver}` resolves to whatever is newest when the image is built, so rebuilds can fetch a different `{path}`; name a version such as `{path}@v1.2.3`"),
                        None => format!("`{path}` has no version, so `go {sub}` fetches whatever is newest when the image is built; name one such as `{path}@v1.2.3`"),
                    };
                    out.report(w.range, msg);
                }
            }
        }
    }
}
