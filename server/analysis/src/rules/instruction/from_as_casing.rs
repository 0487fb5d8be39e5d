use dockls_syntax::{Body, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports `FROM ... AS name` where the `AS` keyword is not written in the same case as
    /// `FROM` (for example `FROM node:20 as build`). Only a `FROM` written all in
    /// uppercase or all in lowercase is checked; a mixed-case `From` is left to
    /// `consistent-instruction-casing`.
    ///
    /// ## Why is this bad?
    /// Both keywords are case-insensitive, so the build is the same, but mixing cases on
    /// one line is inconsistent and makes stage declarations harder to scan and grep.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20 as build
    /// RUN npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20 AS build
    /// RUN npm ci
    /// ```
    ///
    /// ## Fix
    /// Rewrites `AS` in the case of `FROM`. Safe: the keyword is case-insensitive.
    pub struct FromAsCasing {
        code: "DK403",
        name: "from-as-casing",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: Always,
        hadolint: None,
        buildkit: Some("FromAsCasing"),
        default_enabled: true,
    }
}

impl Rule for FromAsCasing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            let (Some(as_kw), Some(_)) = (&f.as_keyword, &f.name) else {
                continue;
            };
            if !as_kw.raw.eq_ignore_ascii_case("as") {
                continue;
            }
            let from = r.ins.keyword_text.as_str();
            let upper = from == from.to_ascii_uppercase();
            let lower = from == from.to_ascii_lowercase();
            let wanted = if upper && !lower {
                "AS"
            } else if lower && !upper {
                "as"
            } else {
                continue;
            };
            if as_kw.raw == wanted {
                continue;
            }
            out.report(
                as_kw.range,
                format!(
                    "'{}' and '{from}' keywords' casing do not match: write `{wanted}` to match `{from}`",
                    as_kw.raw
                ),
            )
            .fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(as_kw.range, wanted)]).preferred());
        }
    }
}
