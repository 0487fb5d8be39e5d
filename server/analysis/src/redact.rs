//! Secrets are never shown in full outside the editor: output that quotes the Dockerfile
//! (the CLI's source excerpts and diffs) masks every value the secret rules recognise,
//! whether or not those rules are selected or suppressed in this file.
//!
//! A masked value keeps its first four characters and its byte length, so lines, columns
//! and diffs keep their shape: `ghp_abc…` becomes `ghp_*******…`.

use dockls_syntax::{Body, Dockerfile, TextRange};

use crate::context::{Context, NoFiles};
use crate::diagnostic::Diagnostic;
use crate::rule::{Rule, Sink};
use crate::rules::security::hardcoded_credential::HardcodedCredential;
use crate::rules::security::secret_in_arg_env::SecretInArgEnv;
use crate::settings::Settings;

/// Characters of a secret that stay visible.
const KEEP: usize = 4;

/// The byte ranges of the secret values in a Dockerfile: credentials anywhere (what
/// `hardcoded-credential` finds) and the values of ARG/ENV pairs whose names say they hold
/// a secret (`secret-in-arg-env`).
pub fn secret_ranges(df: &Dockerfile) -> Vec<TextRange> {
    let settings = Settings::default();
    let cx = Context::new(df, &settings, &NoFiles, None);
    let mut found: Vec<Diagnostic> = Vec::new();
    let credential = HardcodedCredential;
    credential.check(&cx, &mut Sink::new(credential.meta(), &mut found));
    let mut ranges: Vec<TextRange> = found.iter().map(|d| d.range).collect();
    let mut named: Vec<Diagnostic> = Vec::new();
    let name_rule = SecretInArgEnv;
    name_rule.check(&cx, &mut Sink::new(name_rule.meta(), &mut named));
    for d in &named {
        ranges.extend(df.instructions.iter().flat_map(|ins| {
            match &ins.body {
                Body::Env { pairs, .. } | Body::Arg(pairs) => pairs
                    .iter()
                    .filter(|p| p.key.range == d.range)
                    .filter_map(|p| p.value.as_ref().map(|v| v.range))
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            }
        }));
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    ranges
}

/// `text` with the given ranges masked (see the module docs). Ranges outside the text or
/// off character boundaries are skipped.
pub fn redact(text: &str, ranges: &[TextRange]) -> String {
    let mut out = text.to_string();
    for r in ranges {
        let Some(secret) = text.get(r.start..r.end) else {
            continue;
        };
        let masked: String = secret
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i < KEEP {
                    c.to_string()
                } else {
                    "*".repeat(c.len_utf8())
                }
            })
            .collect();
        out.replace_range(r.start..r.end, &masked);
    }
    out
}

/// `text` with its secrets masked.
pub fn redact_secrets(text: &str) -> String {
    let df = dockls_syntax::parse(text);
    redact(text, &secret_ranges(&df))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_credentials_and_secret_values_keeping_lengths() {
        let text = "FROM alpine:3.20\n\
            ARG GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n\
            ENV DB_PASSWORD=hunter2 LANG=C.UTF-8\n\
            # dockls ignore=DK501\n\
            RUN curl -H \"Authorization: Bearer sk_live_51HqZ2aKb3c4d5e6f7g8h9i0j\" https://x\n\
            ARG NPM_TOKEN\n";
        let out = redact_secrets(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        for secret in [
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "ter2",
            "live_51HqZ2aKb3c4d5e6f7g8h9i0j",
        ] {
            assert!(!out.contains(secret), "{secret} is shown:\n{out}");
        }
        assert!(out.contains("ARG GITHUB_TOKEN=ghp_*****"), "{out}");
        assert!(
            out.contains("ENV DB_PASSWORD=hunt*** LANG=C.UTF-8"),
            "{out}"
        );
        assert!(out.contains("Bearer sk_l*****"), "{out}");
        assert!(out.contains("ARG NPM_TOKEN\n"), "{out}");
    }

    #[test]
    fn nothing_to_mask_leaves_the_text_alone() {
        let text = "FROM node:22\nENV NODE_ENV=production\nRUN npm ci\n";
        assert_eq!(redact_secrets(text), text);
        assert_eq!(
            redact("abc", &[TextRange::new(1, 99), TextRange::new(2, 1)]),
            "abc"
        );
    }
}
