use dockls_syntax::{Body, Instruction, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks the comment right above a named stage (`FROM ... AS name`) or an ARG: its
    /// last line should start with the stage or argument name, as in `# name description`.
    /// A definition without a comment is fine. Suppression comments (`# hadolint ...`,
    /// `# dockls ...`, `# check=...`) are not descriptions and are skipped.
    ///
    /// This is an experimental BuildKit check: it runs only when selected, or when the
    /// file says `# check=experimental=InvalidDefinitionDescription`.
    ///
    /// ## Why is this bad?
    /// Tools that list a Dockerfile's build stages and arguments (`docker buildx build
    /// --call=outline`, `--call=targets`) take their descriptions from these comments.
    /// A comment that does not start with the name is not picked up.
    ///
    /// ## Example
    /// ```dockerfile
    /// # check=experimental=InvalidDefinitionDescription
    /// # the version of Go to build with
    /// ARG GO_VERSION=1.22
    /// FROM golang:${GO_VERSION}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # check=experimental=InvalidDefinitionDescription
    /// # GO_VERSION the version of Go to build with
    /// ARG GO_VERSION=1.22
    /// FROM golang:${GO_VERSION}
    /// ```
    pub struct InvalidDefinitionDescription {
        code: "DK413",
        name: "invalid-definition-description",
        category: Instruction,
        severity: Info,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: Some("InvalidDefinitionDescription"),
        default_enabled: false,
    }
}

fn is_pragma(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("hadolint ") || t.starts_with("dockls ") || t.starts_with("check=")
}

impl InvalidDefinitionDescription {
    fn check_one(
        &self,
        cx: &Context<'_>,
        ins: &Instruction,
        keys: &[String],
        what: &str,
        out: &mut Sink<'_>,
    ) {
        if keys.is_empty() {
            return;
        }
        let Some(comments) = cx.df.comments.get(ins.comments.clone()) else {
            return;
        };
        let Some(last) = comments.iter().rev().find(|c| !c.directive) else {
            return;
        };
        if is_pragma(&last.text) {
            return;
        }
        let first_word = last.text.split(' ').next().unwrap_or("");
        if keys.iter().any(|k| k == first_word) {
            return;
        }
        let example = if keys.len() > 1 {
            "<arg_key>"
        } else {
            keys[0].as_str()
        };
        out.report(
            last.range,
            format!("Comment for {what} should follow the format: `# {example} <description>`, so build tools show it as the description"),
        );
    }
}

impl Rule for InvalidDefinitionDescription {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each(Keyword::Arg) {
            let Body::Arg(pairs) = &r.ins.body else {
                continue;
            };
            let keys: Vec<String> = pairs.iter().map(|p| p.key.value.clone()).collect();
            self.check_one(cx, r.ins, &keys, "ARG", out);
        }
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            if f.as_keyword.is_none() {
                continue;
            }
            let Some(name) = &f.name else { continue };
            self.check_one(cx, r.ins, std::slice::from_ref(&name.value), "FROM", out);
        }
    }
}
