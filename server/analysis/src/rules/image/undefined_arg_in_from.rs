use dockls_syntax::{Body, Keyword, VarRef};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::semantic::PLATFORM_ARGS;

declare_rule! {
    /// ## What it does
    /// Reports a variable in a FROM image or `--platform` value that is not declared by an
    /// ARG before the first FROM. The automatic platform arguments (`TARGETPLATFORM`,
    /// `BUILDARCH`, ...) are always available there.
    ///
    /// ## Why is this bad?
    /// FROM lines only see global ARGs. An undeclared variable expands to nothing, so
    /// `FROM node:22${VARIANT}` silently becomes `FROM node:22`, and a `--build-arg` for it
    /// is ignored. An ARG declared inside a stage does not help, since it comes after the
    /// FROM.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22${VARIANT}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VARIANT=-alpine
    /// FROM node:22${VARIANT}
    /// ```
    pub struct UndefinedArgInFrom {
        code: "DK220",
        name: "undefined-arg-in-from",
        category: Image,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: Some("UndefinedArgInFrom"),
        default_enabled: true,
    }
}

impl Rule for UndefinedArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let globals: Vec<&str> = cx
            .semantic()
            .global_args
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        for r in cx.each(Keyword::From) {
            let Body::From(f) = &r.ins.body else { continue };
            let mut refs: Vec<&VarRef> = Vec::new();
            if let Some(img) = &f.image {
                refs.extend(img.vars.iter());
            }
            for flag in r.ins.flags_named("platform") {
                if let Some(v) = &flag.value {
                    refs.extend(v.vars.iter());
                }
            }
            for v in refs {
                let name = v.name.as_str();
                if globals.contains(&name) || PLATFORM_ARGS.contains(&name) {
                    continue;
                }
                let mut msg = format!("FROM argument '{name}' is not declared");
                let candidates = globals.iter().copied().chain(PLATFORM_ARGS.iter().copied());
                if let Some(s) = dockls_syntax::errors::did_you_mean(name, candidates) {
                    msg.push_str(&format!(" (did you mean {s}?)"));
                }
                msg.push_str(
                    ": it expands to nothing here; declare it with ARG before the first FROM",
                );
                out.report(v.range, msg);
            }
        }
    }
}
