use dockls_syntax::Base;

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Scope, Sink};
use crate::rules::instruction::util::{from_flag_refs, resolve_from};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY --from=`, `ADD --from=` or `RUN --mount=from=` that makes a stage
    /// depend on itself: directly (the value names the stage it is in, by name or index)
    /// or through other stages (`a` copies from `b`, which copies from, or is built on,
    /// `a`). References under ONBUILD are not counted: they only run in a later build.
    ///
    /// ## Why is this bad?
    /// BuildKit cannot order the stages and stops with
    /// `circular dependency detected on stage`. A self-reference is usually a typo for
    /// the previous stage's name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    pub struct CircularStageDependency {
        code: "DK417",
        name: "circular-stage-dependency",
        category: Instruction,
        severity: Error,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3023"),
        buildkit: None,
        default_enabled: true,
    }
}

impl Rule for CircularStageDependency {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Structure
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let n = df.stages.len();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for s in &df.stages {
            if let Base::Stage(p) = s.base {
                edges[s.index].push(p);
            }
        }
        let refs: Vec<_> = from_flag_refs(cx)
            .into_iter()
            .filter(|r| {
                df.instructions
                    .get(r.instruction)
                    .is_some_and(|i| i.keyword != Some(dockls_syntax::Keyword::Onbuild))
            })
            .filter_map(|r| {
                let from = df.stage_of(r.instruction)?.index;
                let to = resolve_from(df, &r.value)?;
                Some((r, from, to))
            })
            .collect();
        for (_, from, to) in &refs {
            if let Some(e) = edges.get_mut(*from) {
                e.push(*to);
            }
        }
        // Path from `start` to `goal` through the edges, as stage indices.
        let path = |start: usize, goal: usize| -> Option<Vec<usize>> {
            let mut prev = vec![usize::MAX; n];
            let mut queue = std::collections::VecDeque::from([start]);
            let mut seen = vec![false; n];
            *seen.get_mut(start)? = true;
            while let Some(cur) = queue.pop_front() {
                if cur == goal {
                    let mut p = vec![cur];
                    let mut c = cur;
                    while c != start {
                        c = prev[c];
                        p.push(c);
                    }
                    p.reverse();
                    return Some(p);
                }
                for &next in edges.get(cur).into_iter().flatten() {
                    if !seen[next] {
                        seen[next] = true;
                        prev[next] = cur;
                        queue.push_back(next);
                    }
                }
            }
            None
        };
        let label = |i: usize| -> String {
            df.stages
                .get(i)
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| format!("stage-{i}"))
        };
        for (r, from, to) in &refs {
            if from == to {
                out.report(
                    r.range,
                    format!(
                        "circular dependency detected on stage: {}: `{}` names the stage this instruction is in, and a stage cannot read its own result; name an earlier stage",
                        label(*from),
                        r.value
                    ),
                );
                continue;
            }
            if let Some(p) = path(*to, *from) {
                let chain: Vec<String> = std::iter::once(*from).chain(p).map(label).collect();
                out.report(
                    r.range,
                    format!(
                        "circular dependency detected on stage: {}: {} depend on each other, so no stage can be built first",
                        label(*from),
                        chain.join(" -> ")
                    ),
                );
            }
        }
    }
}
