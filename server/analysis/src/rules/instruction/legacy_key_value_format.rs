use dockls_syntax::{Body, Keyword, Word};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports ENV and LABEL written in the legacy `key value` form instead of
    /// `key=value`. ARG is not affected: `ARG a b` declares two arguments.
    ///
    /// ## Why is this bad?
    /// The legacy form takes the whole rest of the line as one value, so
    /// `ENV PATH /opt/bin:$PATH DEBUG 1` sets one variable with a surprising value
    /// instead of two. It cannot set several variables at once and is deprecated.
    ///
    /// BuildKit reports this as a warning; dockls reports it as information. On the
    /// real-world corpus it was the most frequent warning (274 findings in 73 of 320
    /// files, mostly official images), and 261 of them were one-word values such as
    /// `ENV GOLANG_VERSION 1.26.7`, which mean the same in both forms: a deprecation with
    /// a safe fix rather than a likely bug.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV DEBIAN_FRONTEND noninteractive
    /// LABEL description A small image
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV DEBIAN_FRONTEND=noninteractive
    /// LABEL description="A small image"
    /// ```
    ///
    /// ## Fix
    /// Rewrites `key value` as `key=value`, wrapping the value in double quotes when it
    /// contains spaces. Safe: the value the builder sees is unchanged. No fix is offered
    /// when the value mixes spaces with quotes or escapes.
    pub struct LegacyKeyValueFormat {
        code: "DK412",
        name: "legacy-key-value-format",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: Sometimes,
        hadolint: None,
        buildkit: Some("LegacyKeyValueFormat"),
        default_enabled: true,
    }
}

/// Whether `raw` has whitespace outside quotes.
fn has_bare_space(raw: &str, escape: char) -> bool {
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => {
                chars.next();
            }
            Some(_) => {}
            None if c == escape => {
                chars.next();
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => return true,
            None => {}
        }
    }
    false
}

fn fix_edits(key: &Word, value: &Word, escape: char) -> Option<Vec<Edit>> {
    let between = dockls_syntax::TextRange::new(key.range.end, value.range.start);
    if !has_bare_space(&value.raw, escape) {
        return Some(vec![Edit::replace(between, "=")]);
    }
    if value.raw.contains(['"', '\'', escape]) {
        return None;
    }
    Some(vec![
        Edit::replace(between, "=\""),
        Edit::insert(value.range.end, "\""),
    ])
}

impl Rule for LegacyKeyValueFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for kw in [Keyword::Env, Keyword::Label] {
            for r in cx.each_with_onbuild(kw) {
                let (Body::Env {
                    pairs,
                    legacy: true,
                }
                | Body::Label {
                    pairs,
                    legacy: true,
                }) = &r.ins.body
                else {
                    continue;
                };
                let Some(pair) = pairs.first() else { continue };
                let Some(value) = &pair.value else { continue };
                let name = kw.as_str();
                let d = out.report(
                    pair.key.range,
                    format!("\"{name} key=value\" should be used instead of legacy \"{name} key value\" format: the legacy form takes the whole rest of the line as one value"),
                );
                if let Some(edits) = fix_edits(&pair.key, value, cx.df.escape) {
                    d.fix(Fix::safe("Rewrite as key=value", edits).preferred());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_spaces() {
        assert!(has_bare_space("a b", '\\'));
        assert!(!has_bare_space("\"a b\"", '\\'));
        assert!(!has_bare_space("a\\ b", '\\'));
        assert!(has_bare_space("\"a\" b", '\\'));
    }
}
