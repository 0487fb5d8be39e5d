use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::hardcoded_credential::{self, HardcodedCredential};
use super::secrets::{is_harmless_value, secret_name};

declare_rule! {
    /// ## What it does
    /// Reports ARG and ENV names that announce a secret: a name token (split on `_`,
    /// `-`, `.` and camelCase) such as `apikey`, `auth`, `credential(s)`, `key`,
    /// `password`, `passwd`, `pword`, `pass`, `secret` or `token`, or a joined word
    /// ending in one (`DBPASSWORD`, `APITOKEN`). ONBUILD ARG and ENV are checked too.
    ///
    /// Names that are about a secret rather than the secret itself are not reported: a
    /// token such as `public`, `file`, `version` (BuildKit's exceptions), `id`, `alias`,
    /// `arn`, `name`, `path`, `url`, `host`, `gpg`, `pgp`, `fingerprint`, `type`, `size`,
    /// `length`, `checking`, `enabled`, `user` or `username` exempts the name. This avoids
    /// the known false positives of BuildKit's check (`KMS_KEY_ALIAS`,
    /// `AWS_ACCESS_KEY_ID`, `PUBLIC_KEY`) and of hadolint's DL3064 (`DB_USERNAME`,
    /// `TOKENIZER`), and the `GPG_KEY`/`GPG_KEYS` fingerprints of the official images,
    /// which are public. Values that cannot be secrets are skipped too: an empty ENV, a
    /// boolean (`true`, `off`), a value shorter than three characters, or an absolute
    /// path (the secret's location, as in `*_FILE` conventions). An ARG without a default
    /// is still reported: its value arrives through `--build-arg`.
    ///
    /// Values with the shape of a real credential are reported by
    /// `hardcoded-credential` (DK501) instead, when it is enabled.
    ///
    /// ## Why is this bad?
    /// ENV values are stored in the image configuration: anyone who can pull the image
    /// reads them with `docker inspect`, and every container and child image inherits
    /// them. Build arguments are recorded in the image history (`docker history`) and in
    /// build provenance attestations. Secrets needed during the build belong in a secret
    /// mount, which is never stored in a layer; secrets needed at run time belong in the
    /// orchestrator's secret store.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20-slim
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
        ///     echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
    /// ```
    ///
    /// ## Fix
    /// Removes the ARG or ENV (only that name, when it declares several) and adds
    /// `--mount=type=secret,id=<name in lowercase>,env=<NAME>` to every later RUN of the
    /// stage, and of the stages built on it, that uses the variable; the build then needs
    /// `docker build --secret id=<id>,env=<NAME>` (the `env=` option needs Dockerfile
    /// syntax 1.10 or later). Unsafe: the value no longer exists in the image or its
    /// containers, so anything that read it at run time must get it from a secret store.
    /// Not offered under ONBUILD, or when an instruction the builder expands (COPY,
    /// LABEL, ...) uses the variable, because a secret mount cannot reach those.
    pub struct SecretInArgEnv {
        code: "DK500",
        name: "secret-in-arg-env",
        category: Security,
        severity: Warning,
        status: Stable,
                fixable: Sometimes,
        hadolint: Some("DL3064"),
        buildkit: Some("SecretsUsedInArgOrEnv"),
        default_enabled: true,
    }
}

impl Rule for SecretInArgEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    // The fix edits the RUN instructions that read the secret, in this stage and the
    // stages built on it.
    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let values_rule =
            crate::engine::is_enabled(&HardcodedCredential::META, cx.settings, Some(cx.df));
        for kw in [Keyword::Arg, Keyword::Env] {
            for r in cx.each_with_onbuild(kw) {
                let (pairs, is_env) = match &r.ins.body {
                    Body::Arg(p) => (p, false),
                    Body::Env { pairs, .. } => (pairs, true),
                    _ => continue,
                };
                for (index, p) in pairs.iter().enumerate() {
                    let name = p.key.value.as_str();
                    let Some(token) = secret_name(name) else {
                        continue;
                    };
                    let value = p.value.as_ref().map(|v| v.value.as_str());
                    match value {
                        Some(v) if is_harmless_value(v) => continue,
                        None if is_env => continue,
                        _ => {}
                    }
                    if values_rule
                        && value.is_some_and(hardcoded_credential::looks_like_credential(name))
                    {
                        continue;
                    }
                    let id = name.to_ascii_lowercase();
                    let message = if is_env {
                        format!("ENV `{name}` looks like it holds a secret (`{token}`): ENV values are stored in the image configuration, readable by anyone who can pull the image (`docker inspect`) and inherited by every container; use `RUN --mount=type=secret,id={id}` for build-time needs and the orchestrator's secrets at run time")
                    } else {
                        format!("ARG `{name}` looks like it passes a secret (`{token}`): build arguments are recorded in the image history (`docker history`) and build provenance; mount it with `RUN --mount=type=secret,id={id}` instead")
                    };
                    let d = out.report(p.key.range, message);
                    if let Some(fix) = super::secret_fix::to_build_secret(cx, &r, index) {
                        d.fix(fix);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::context::MemoryFiles;
    use crate::rules::practice::testing::{run_with, spans};
    use crate::settings::Settings;

    #[test]
    fn defers_credentials_to_dk501_when_enabled() {
        let src = "FROM alpine:3\nENV GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345 API_TOKEN=x1y\n";
        // Alone, it reports both names.
        assert_eq!(spans("DK500", src), vec!["GITHUB_TOKEN", "API_TOKEN"]);
        // With the value rule on, the token value is DK501's.
        let s = Settings {
            extend_select: vec!["DK501".into()],
            ..Default::default()
        };
        let d = run_with(
            "DK500",
            src,
            &MemoryFiles::default(),
            Some("Dockerfile"),
            Some(s),
        );
        assert_eq!(
            d.iter().map(|d| d.range.of(src)).collect::<Vec<_>>(),
            vec!["API_TOKEN"]
        );
    }

    #[test]
    fn messages_never_show_values() {
        let src = "FROM alpine:3\nENV DB_PASSWORD=hunter2hunter2\n";
        let d = crate::rules::practice::testing::run("DK500", src);
        assert_eq!(d.len(), 1);
        assert!(!d[0].message.contains("hunter2"));
    }
}
