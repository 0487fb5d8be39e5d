use dockls_syntax::{Body, TextRange};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};
use crate::semantic::expand;

use super::facts;

declare_rule! {
    /// ## What it does
    /// Reports a final stage whose last USER is root: `root`, `0`, `root:<group>` or
    /// `0:<group>`, also when the user comes from an ARG or ENV default. The USER of a
    /// stage the final one is built `FROM` counts when the final stage sets none.
    ///
    /// hadolint's DL3002 reports the last USER of every stage; builder stages never ship,
    /// so this rule only looks at the image that does. Development images are skipped
    /// too: a Dockerfile or final stage named like one (`Dockerfile.dev`, `AS dev`,
    /// `AS dev-envs`) or built on a Dev Container image, whose user is chosen by the
    /// editor. A final stage without any USER is reported by `no-user` (DK104) instead.
    ///
    /// ## Why is this bad?
    /// Switching to root to install packages and forgetting to switch back is a common
    /// slip: the application then runs as root. A process that is compromised (a
    /// remote-code-execution bug, a malicious dependency) can then modify the whole
    /// container file system and, through a runtime or kernel flaw or a mounted socket,
    /// reach the host. Many clusters refuse root containers outright
    /// (`runAsNonRoot: true`, OpenShift's restricted policy).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// USER node
    /// COPY --chown=node . /app
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// COPY --chown=node . /app
    /// USER node
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// ## Fix
    /// Adds a `USER` for an unprivileged user before the final CMD or ENTRYPOINT, after
    /// the steps that need root: the non-root user the stage switched to before, else
    /// the one the base image has or a new system user (see `no-user`). The fix is
    /// unsafe: the application may write where the user cannot.
    pub struct RootUser {
        code: "DK103",
        name: "root-user",
        category: Practice,
        severity: Warning,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3002"),
        buildkit: None,
        default_enabled: true,
    }
}

/// Whether a USER value (`user[:group]`) names root.
pub fn is_root(value: &str) -> bool {
    let user = value.split(':').next().unwrap_or(value).trim();
    user == "root" || user == "0"
}

/// The last USER of the final stage's lineage when it is root: the instruction index,
/// the word's range and the resolved value.
pub fn final_root_user(cx: &Context<'_>) -> Option<(usize, TextRange, String)> {
    let df = cx.df;
    let stage = facts::final_stage(df)?;
    if facts::is_dev_image(cx, stage.index) {
        return None;
    }
    let (_, i) = cx.semantic().effective_user(df, stage.index)?;
    let ins = df.instructions.get(i)?;
    let Body::User(Some(word)) = &ins.body else {
        return None;
    };
    let owner = df.stage_of(i).map_or(stage.index, |s| s.index);
    let value = if word.has_vars() {
        let lookup = |n: &str| facts::var_value(cx, owner, i, n);
        expand(&word.raw, &lookup)?
    } else {
        word.value.clone()
    };
    is_root(&value).then_some((i, word.range, value))
}

impl Rule for RootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some((_, range, value)) = final_root_user(cx) else {
            return;
        };
        let shown = if range.of(cx.text()) == value {
            format!("`{value}`")
        } else {
            format!("`{}` (`{value}`)", range.of(cx.text()))
        };
        let d = out.report(
            range,
            format!("the image's last USER is {shown}, so its main process runs as root: a compromised process can change the whole container and is one runtime or kernel flaw away from the host; switch to an unprivileged user after the steps that need root (`USER app`, or a numeric `USER 10001`)"),
        );
        if let Some(fix) = crate::refactor::user::fix(cx) {
            d.fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::practice::testing::spans;

    #[test]
    fn final_stage_only() {
        assert!(spans(
            "DK103",
            "FROM alpine:3 AS b\nUSER root\nFROM alpine:3\nUSER app\n"
        )
        .is_empty());
        assert!(spans("DK103", "FROM alpine:3\nUSER root\nRUN x\nUSER app\n").is_empty());
        assert_eq!(
            spans("DK103", "FROM alpine:3 AS b\nUSER root\nFROM b\nRUN true\n"),
            vec!["root"]
        );
        assert!(spans("DK103", "FROM alpine:3\nARG U\nUSER $U\n").is_empty());
    }

    #[test]
    fn root_values() {
        for v in ["root", "0", "root:root", "0:0", "root:wheel"] {
            assert!(is_root(v), "{v}");
        }
        for v in ["app", "1000", "node:root", "rooty", "10"] {
            assert!(!is_root(v), "{v}");
        }
    }
}
