use std::collections::BTreeMap;

use dockls_syntax::TextRange;

use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::runs;

declare_rule! {
    /// ## What it does
    /// Reports a stage that downloads with both `curl` and `wget`.
    ///
    /// ## Why is this bad?
    /// Both tools do the same job. Using both means both must be installed, which adds
    /// size and attack surface, and the download steps behave differently (redirects,
    /// retries, error codes). Pick one for the stage.
    ///
    /// The uses of the less-used tool are reported (the later one on a tie), each
    /// pointing at the first use of the other; hadolint reports every RUN after both
    /// have appeared. Installing the packages (`apt-get install curl wget`) is not a use.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz
    /// RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz
    /// RUN curl -fsSL -o /tmp/b.tgz https://example.com/b.tgz
    /// ```
    pub struct CurlAndWget {
        code: "DK329",
        name: "curl-and-wget",
        category: Shell,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL4001"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for CurlAndWget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        // Per stage: the uses of curl and of wget, in file order.
        let mut stages: BTreeMap<usize, (Vec<TextRange>, Vec<TextRange>)> = BTreeMap::new();
        for run in runs(cx, true) {
            let Some(stage) = run.r.stage else { continue };
            let mut uses: Vec<(usize, String, TextRange)> = run
                .script
                .commands
                .iter()
                .filter_map(|c| argv(c).map(|a| (run.order(c).0, a.name.clone(), a.program.range)))
                .collect();
            uses.sort_by_key(|u| u.0);
            let entry = stages.entry(stage.index).or_default();
            for (_, name, range) in uses {
                match name.as_str() {
                    "curl" => entry.0.push(range),
                    "wget" => entry.1.push(range),
                    _ => {}
                }
            }
        }
        for (curl, wget) in stages.values() {
            let (Some(first_curl), Some(first_wget)) = (curl.first(), wget.first()) else {
                continue;
            };
            // Report the tool with fewer uses; on a tie, the one that appears later.
            let report_wget = wget.len() < curl.len()
                || (wget.len() == curl.len() && first_wget.start > first_curl.start);
            let (minor, name, other, other_first) = if report_wget {
                (wget, "wget", "curl", first_curl)
            } else {
                (curl, "curl", "wget", first_wget)
            };
            for r in minor {
                out.report(
                    *r,
                    format!("this stage downloads with both `{other}` and `{name}`, so both must be installed; use `{other}` here too"),
                )
                .related(*other_first, format!("`{other}` is used here"));
            }
        }
    }
}
