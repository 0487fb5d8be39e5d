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
                let to = resolve_from(cx, &r.value)?;
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
        let component = components(&edges);
        for (r, from, to) in &refs {
            // A cycle through this reference needs both stages in one strongly connected
            // component; only then is a path searched (a search for every reference made
            // files with thousands of stages quadratic).
            if from != to && component.get(*from) != component.get(*to) {
                continue;
            }
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

/// The strongly connected component of each node (Tarjan's algorithm, without recursion so
/// that long chains of stages cannot exhaust the stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if *e == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*e) {
                *e += 1;
                if w >= n {
                    continue;
                }
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_chains_and_cycles() {
        // 0 <- 1 <- 2, and 3 <-> 4.
        let edges = vec![vec![], vec![0], vec![1], vec![4], vec![3]];
        let c = components(&edges);
        assert_ne!(c[0], c[1]);
        assert_ne!(c[1], c[2]);
        assert_eq!(c[3], c[4]);
        assert_ne!(c[2], c[3]);
        // A long chain: no recursion, every node its own component.
        let n = 100_000;
        let chain: Vec<Vec<usize>> = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
            .collect();
        let c = components(&chain);
        let mut seen = c.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), n);
    }
}
