use crate::commands::{is_install, Manager};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::rule::{Rule, RuleMeta, Scope, Sink};

use super::util::{append_command, runs, ships, Run};

const LISTS: &str = "/var/lib/apt/lists";

declare_rule! {
    /// ## What it does
    /// Reports `apt-get update` (also `apt update`, `aptitude update`) in a RUN that
    /// does not delete the package lists afterwards with `rm -rf /var/lib/apt/lists/*`.
    ///
    /// ## Why is this bad?
    /// `apt-get update` downloads the package indexes into `/var/lib/apt/lists`, tens of
    /// megabytes that nothing in the running container needs. Once a RUN step ends its
    /// files are frozen in a layer, so the lists must be removed in the same RUN; an `rm`
    /// in a later step hides them but keeps the bytes in the image.
    ///
    /// The removal has to come after the update (hadolint accepts it anywhere in the
    /// RUN), `rm -rf /var/lib/apt` and `apt-get distclean` count too, and a cache or
    /// tmpfs mount on `/var/lib/apt/lists` or `/var/lib/apt` keeps the lists out of the
    /// layer. Like hadolint, only stages that end up in an image are checked: the final
    /// stage, stages built with `--target`, and their bases; a stage that is only copied
    /// from does not ship its lists.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Appends `rm -rf /var/lib/apt/lists/*` to the end of the RUN (inside the heredoc
    /// when the update runs there). Safe, unless a later RUN of the stage installs with
    /// apt without updating first: it would then find no lists, so the fix is marked
    /// unsafe in that case.
    /// No fix is offered when the RUN's text ends in a comment or a dangling operator, or
    /// when the RUN is in exec form.
    pub struct AptListsNotRemoved {
        code: "DK304",
        name: "apt-lists-not-removed",
        category: Shell,
        severity: Info,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3009"),
        buildkit: None,
        default_enabled: true,
    }
}

fn is_apt(m: Manager) -> bool {
    matches!(m, Manager::AptGet | Manager::Apt | Manager::Aptitude)
}

/// The RUNs that install with apt without running `update` themselves: they rely on
/// the lists an earlier RUN left behind. (start offset, stage index) of each.
fn consumers(all: &[Run<'_>]) -> Vec<(usize, usize)> {
    all.iter()
        .filter_map(|o| {
            let invs = o.invocations();
            let installs = invs.iter().any(|i| is_apt(i.manager) && is_install(i));
            let updates = invs
                .iter()
                .any(|i| is_apt(i.manager) && i.sub() == "update");
            (installs && !updates)
                .then(|| o.r.stage.map(|s| (o.r.ins.range.start, s.index)))
                .flatten()
        })
        .collect()
}

/// Whether a later RUN of this stage (or of a stage built from it) relies on the lists.
fn later_install_needs_lists(
    consumers: &[(usize, usize)],
    cx: &Context<'_>,
    run: &Run<'_>,
) -> bool {
    // An ONBUILD trigger runs in another build, after everything of this one.
    if run.r.onbuild {
        return false;
    }
    let Some(stage) = run.r.stage else {
        return false;
    };
    consumers.iter().any(|(start, s)| {
        *start > run.r.ins.range.start && cx.df.lineage(*s).contains(&stage.index)
    })
}

impl Rule for AptListsNotRemoved {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn scope(&self) -> Scope {
        Scope::Stage
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let all = runs(cx, true);
        let consumers = consumers(&all);
        for run in &all {
            if !ships(cx, &run.r) || run.mount_covers(&["cache", "tmpfs"], LISTS) {
                continue;
            }
            let invs = run.invocations();
            for inv in &invs {
                if !is_apt(inv.manager) || inv.sub() != "update" {
                    continue;
                }
                let at = run.order(inv.argv.command);
                let distclean = invs.iter().any(|i| {
                    is_apt(i.manager)
                        && matches!(i.sub(), "distclean" | "dist-clean")
                        && run.order(i.argv.command) > at
                });
                if distclean || run.removes_after(LISTS, at) {
                    continue;
                }
                let range = inv.subcommand.map_or(inv.argv.program.range, |s| {
                    inv.argv.program.range.cover(s.range)
                });
                let d = out.report(
                    range,
                    format!("`{} update` leaves the package lists in this layer, adding megabytes the container never uses; remove them in the same RUN with `rm -rf /var/lib/apt/lists/*`", inv.argv.name),
                );
                if let Some(edit) =
                    append_command(cx.df, run, inv.argv.command, "rm -rf /var/lib/apt/lists/*")
                {
                    let title = "Remove the package lists at the end of this RUN";
                    let fix = if later_install_needs_lists(&consumers, cx, run) {
                        Fix::unsafe_(title, vec![edit])
                    } else {
                        Fix::safe(title, vec![edit]).preferred()
                    };
                    d.fix(fix);
                }
            }
        }
    }
}
