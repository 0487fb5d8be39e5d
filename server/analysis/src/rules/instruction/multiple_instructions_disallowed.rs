use dockls_syntax::Keyword;

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a CMD, ENTRYPOINT or HEALTHCHECK that a later instruction of the same kind
    /// in the same stage overrides. The finding sits on the earlier, ignored instruction.
    /// The CMD inside `HEALTHCHECK CMD` does not count.
    ///
    /// ## Why is this bad?
    /// Only the last one takes effect. The earlier one is dead code that readers will
    /// still believe runs, typically a leftover from editing or from merging two
    /// Dockerfiles.
    ///
    /// This one rule covers hadolint's DL4003 (CMD), DL4004 (ENTRYPOINT) and DL3012
    /// (HEALTHCHECK). hadolint reports the later instruction; dockls, like BuildKit,
    /// reports the earlier one because that is the one that has no effect, so a
    /// `# hadolint ignore=` comment must sit above the earlier instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// CMD ["node", "old.js"]
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// CMD ["node", "server.js"]
    /// ```
    pub struct MultipleInstructionsDisallowed {
        code: "DK411",
        name: "multiple-instructions-disallowed",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL4003"),
        buildkit: Some("MultipleInstructionsDisallowed"),
        default_enabled: true,
        hadolint_also: &["DL4004", "DL3012"],
    }
}

impl Rule for MultipleInstructionsDisallowed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        for stage in &df.stages {
            for kw in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
                let list: Vec<usize> = stage
                    .instructions
                    .clone()
                    .filter(|&i| df.instructions.get(i).is_some_and(|x| x.is(kw)))
                    .collect();
                for pair in list.windows(2) {
                    let (Some(a), Some(b)) =
                        (df.instructions.get(pair[0]), df.instructions.get(pair[1]))
                    else {
                        continue;
                    };
                    let name = kw.as_str();
                    out.report(
                        a.keyword_range,
                        format!("Multiple {name} instructions should not be used in the same stage because only the last one will be used: this {name} has no effect; remove it or merge it into the last one"),
                    )
                    .related(b.keyword_range, format!("this later {name} replaces it"));
                }
            }
        }
    }
}
