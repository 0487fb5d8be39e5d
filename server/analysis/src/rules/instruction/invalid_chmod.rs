use dockls_syntax::Keyword;

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a `--chmod` value of COPY or ADD that the builder rejects: an octal mode
    /// above `07777`, or text that is neither octal nor a symbolic mode such as
    /// `u=rwX,go=rX`. Values with variables are not checked.
    ///
    /// ## Why is this bad?
    /// The build stops with `invalid chmod parameter`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chmod=0855 entrypoint.sh /usr/local/bin/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chmod=0755 entrypoint.sh /usr/local/bin/
    /// ```
    pub struct InvalidChmod {
        code: "DK418",
        name: "invalid-chmod",
        category: Instruction,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: None,
        buildkit: None,
        default_enabled: true,
    }
}

/// `[ugoa]*([-+=]([rwxXst]*|[ugo]))+`, comma-separated.
fn symbolic_ok(s: &str) -> bool {
    !s.is_empty()
        && s.split(',').all(|clause| {
            let rest = clause.trim_start_matches(['u', 'g', 'o', 'a']);
            let mut chars = rest.chars().peekable();
            let mut ops = 0;
            while let Some(op) = chars.next() {
                if !matches!(op, '+' | '-' | '=') {
                    return false;
                }
                ops += 1;
                if matches!(chars.peek(), Some('u' | 'g' | 'o')) {
                    chars.next();
                    continue;
                }
                while chars
                    .peek()
                    .is_some_and(|c| matches!(c, 'r' | 'w' | 'x' | 'X' | 's' | 't'))
                {
                    chars.next();
                }
            }
            ops > 0
        })
}

/// Why a `--chmod` value is rejected, if it is.
pub(crate) fn chmod_problem(v: &str) -> Option<String> {
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) {
        return match u32::from_str_radix(v, 8) {
            Ok(n) if n <= 0o7777 => None,
            Ok(_) => Some("it is above 07777".into()),
            Err(_) => Some("it has digits that are not octal (8 and 9)".into()),
        };
    }
    if symbolic_ok(v) {
        None
    } else {
        Some("it is neither an octal mode nor a symbolic one such as u=rwX,go=rX".into())
    }
}

impl Rule for InvalidChmod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Instruction
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        for kw in [Keyword::Copy, Keyword::Add] {
            for r in cx.each_with_onbuild(kw) {
                for f in r.ins.flags_named("chmod") {
                    let Some(v) = &f.value else { continue };
                    if v.has_vars() || v.value.is_empty() {
                        continue;
                    }
                    if let Some(problem) = chmod_problem(&v.value) {
                        out.report(
                            v.range,
                            format!(
                                "invalid chmod parameter: '{}': {problem}, so the build fails",
                                v.value
                            ),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert!(chmod_problem("755").is_none());
        assert!(chmod_problem("0644").is_none());
        assert!(chmod_problem("10000").is_some());
        assert!(chmod_problem("0855").is_some());
        assert!(chmod_problem("u=rwX,go=rX").is_none());
        assert!(chmod_problem("a+x").is_none());
        assert!(chmod_problem("64a").is_some());
        assert!(chmod_problem("rwx").is_some());
    }
}
