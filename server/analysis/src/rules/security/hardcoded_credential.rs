use dockls_syntax::{Body, Keyword, TextRange};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::secrets::{known_credential, random_looking, secret_name, shape};

declare_rule! {
    /// ## What it does
    /// Reports values that have the shape of a real credential, wherever the Dockerfile
    /// writes them: ENV and ARG values, LABEL values, and the words of RUN, CMD and
    /// ENTRYPOINT commands. Recognised shapes: AWS access key ids, GitHub, GitLab, Slack,
    /// npm and PyPI tokens, Stripe live keys, Google API keys, `sk-...` API secret keys,
    /// JSON Web Tokens, private key blocks (`-----BEGIN ... PRIVATE KEY-----`) and
    /// passwords inside URLs (`postgres://user:password@host`, unless the password is a
    /// variable). In ENV and ARG, a long random-looking value (16 or more characters
    /// mixing letters and digits, with high entropy) assigned to a name that announces a
    /// secret (`*_KEY`, `*_TOKEN`, `*_PASSWORD`, `*_SECRET`, see `secret-in-arg-env`) is
    /// reported too.
    ///
    /// The message never repeats the value: it says what the value looks like and how
    /// long it is.
    ///
    /// ## Why is this bad?
    /// A credential written into a Dockerfile is in the repository's history forever and
    /// in every image built from it: in the image configuration (ENV, LABEL), in the
    /// history (ARG, RUN) or in a layer. Anyone with read access to either can use it.
    /// Revoke it, then pass it with a secret mount at build time or from the
    /// orchestrator's secret store at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/file /srv/
    /// ```
    pub struct HardcodedCredential {
        code: "DK501",
        name: "hardcoded-credential",
        category: Security,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// What a value assigned to `name` looks like, when it looks like a credential.
pub fn credential_kind(name: &str, value: &str) -> Option<(&'static str, usize, usize)> {
    if let Some(c) = known_credential(value) {
        return Some((c.kind, c.start, c.end));
    }
    (secret_name(name).is_some() && random_looking(value)).then_some((
        "a randomly generated secret",
        0,
        value.len(),
    ))
}

/// A predicate for [`credential_kind`] on one name (used by `secret-in-arg-env`).
pub fn looks_like_credential(name: &str) -> impl Fn(&str) -> bool + '_ {
    move |v| credential_kind(name, v).is_some()
}

fn sub_range(range: TextRange, raw: &str, value: &str, start: usize, end: usize) -> TextRange {
    // Point at the credential itself when the value is written as-is.
    let piece = value.get(start..end).unwrap_or("");
    if range.len() == raw.len() && !piece.is_empty() {
        if let Some(o) = raw.find(piece) {
            return TextRange::new(range.start + o, range.start + o + piece.len());
        }
    }
    range
}

impl Rule for HardcodedCredential {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let mut found: Vec<(TextRange, String)> = Vec::new();
        for kw in [Keyword::Arg, Keyword::Env, Keyword::Label] {
            for r in cx.each_with_onbuild(kw) {
                let (pairs, what) = match &r.ins.body {
                    Body::Arg(p) => (p, "ARG"),
                    Body::Env { pairs, .. } => (pairs, "ENV"),
                    Body::Label { pairs, .. } => (pairs, "LABEL"),
                    _ => continue,
                };
                for p in pairs {
                    let Some(v) = &p.value else { continue };
                    let name = if what == "LABEL" {
                        ""
                    } else {
                        p.key.value.as_str()
                    };
                    let Some((kind, s, e)) = credential_kind(name, &v.value) else {
                        continue;
                    };
                    let piece = v.value.get(s..e).unwrap_or(&v.value);
                    found.push((
                        sub_range(v.range, &v.raw, &v.value, s, e),
                        format!(
                            "{what} `{}` holds what looks like {kind} ({}): it is stored in the image and in the repository history for anyone with access to read; revoke it and pass it with `RUN --mount=type=secret` at build time or from a secret store at run time",
                            p.key.value,
                            shape(piece)
                        ),
                    ));
                }
            }
        }
        for kw in [Keyword::Run, Keyword::Cmd, Keyword::Entrypoint] {
            for r in cx.each_with_onbuild(kw) {
                for c in crate::rules::practice::facts::commands_of(r.ins) {
                    let words = c
                        .name
                        .iter()
                        .chain(c.args.iter())
                        .map(|w| (w.range, w.raw.as_str(), w.value.as_str()))
                        .chain(
                            c.assignments
                                .iter()
                                .map(|(_, v, range)| (*range, "", v.as_str())),
                        );
                    for (range, raw, value) in words {
                        let Some(cred) = known_credential(value) else {
                            continue;
                        };
                        let piece = value.get(cred.start..cred.end).unwrap_or(value);
                        found.push((
                            sub_range(range, raw, value, cred.start, cred.end),
                            format!(
                                "this {} command contains what looks like {} ({}): it is recorded in the image history and the repository for anyone with access to read; revoke it and pass it with `RUN --mount=type=secret` instead",
                                kw.as_str(),
                                cred.kind,
                                shape(piece)
                            ),
                        ));
                    }
                }
            }
        }
        found.sort_by_key(|(r, _)| (r.start, r.end));
        found.dedup_by_key(|(r, _)| *r);
        for (range, message) in found {
            out.report(range, message);
        }
    }
}
