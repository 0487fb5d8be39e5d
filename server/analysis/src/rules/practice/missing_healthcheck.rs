use dockls_syntax::{Body, HealthcheckArgs, Instruction, Keyword};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::facts::{self, ServiceEvidence};

declare_rule! {
    /// ## What it does
    /// Reports a final stage that runs a service but has no HEALTHCHECK. An image runs a
    /// service when it exposes a port (EXPOSE) or its CMD or ENTRYPOINT starts a known
    /// server (nginx, httpd, gunicorn, uvicorn, puma, `rails server`, php-fpm, postgres,
    /// redis-server, `node server.js`, the `npm start` of a Node.js application, ...). A
    /// HEALTHCHECK in a stage the final one is built `FROM` counts,
    /// and so does `HEALTHCHECK NONE`, which records a decision (for example, that
    /// Kubernetes probes are used instead). Development images (a Dockerfile or final stage
    /// named like one, such as `Dockerfile.dev` or `AS dev-envs`) are not checked.
    ///
    /// Unlike hadolint's opt-in DL3057, which reports every stage without a health check,
    /// this rule looks only at the image that ships (the final stage) and only when it
    /// runs a service, so builder stages and one-shot tool images are not reported. It is
    /// on by default at the `info` level.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker, Compose and Swarm only know whether the process is
    /// alive, not whether it answers. A server that deadlocks, loses its database or is
    /// still starting up is reported as running, receives traffic and is never restarted.
    /// `depends_on: condition: service_healthy` in Compose also needs one. (Kubernetes
    /// ignores HEALTHCHECK and uses its own probes; say so with `HEALTHCHECK NONE`.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// EXPOSE 8000
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// EXPOSE 8000
    /// HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    ///   CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
    /// CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// ## Fix
    /// Adds `HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3`
    /// before the final CMD or ENTRYPOINT, probing `http://localhost:<port>/health`:
    /// the port comes from EXPOSE, the start command (`--bind`, `--port`), `ENV PORT`
    /// or the server's default. The probe is one the image has: `curl -f`, BusyBox
    /// `wget` on Alpine, the interpreter (`node -e`, `python3 -c`, `ruby -e`, `php -r`)
    /// on slim images, exec form on distroless, or the database's client (`redis-cli
    /// ping`, `pg_isready`). The editor places the cursor on `/health` to change it.
    /// Not offered when the image has no known probe. The fix is unsafe: a wrong path or
    /// port marks the container unhealthy.
    pub struct MissingHealthcheck {
        code: "DK102",
        name: "missing-healthcheck",
        category: Practice,
        severity: Info,
        status: Stable,
        fixable: Sometimes,
        hadolint: Some("DL3057"),
        buildkit: None,
        default_enabled: true,
    }
}

/// The HEALTHCHECK in effect at the end of a stage (its lineage included), if any.
pub fn healthcheck(df: &dockls_syntax::Dockerfile, stage: usize) -> Option<(usize, &Instruction)> {
    facts::lineage_instructions(df, stage)
        .into_iter()
        .rev()
        .filter_map(|i| df.instructions.get(i).map(|ins| (i, ins)))
        .find(|(_, ins)| {
            ins.is(Keyword::Healthcheck)
                && !matches!(ins.body, Body::Healthcheck(HealthcheckArgs::Missing))
        })
}

impl Rule for MissingHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some(stage) = facts::final_stage(cx.df) else {
            return;
        };
        if healthcheck(cx.df, stage.index).is_some() || facts::is_dev_image(cx, stage.index) {
            return;
        }
        let Some(evidence) = facts::service(cx, stage.index) else {
            return;
        };
        let what = match &evidence {
            ServiceEvidence::Server(s) => format!("starts `{}`", s.name),
            ServiceEvidence::Expose(p) => format!("exposes port `{}`", p.text),
        };
        let message = format!(
            "the image {what} but has no HEALTHCHECK, so Docker only knows the process is alive, not that it answers: a hung or still-starting server keeps receiving traffic and is never restarted; add `HEALTHCHECK --interval=30s --timeout=3s CMD <probe>` (or `HEALTHCHECK NONE` if an orchestrator probes it instead)"
        );
        let d = out.report(evidence.range(), message);
        if let Some(fix) = crate::refactor::healthcheck::fix(cx) {
            d.fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::practice::testing::{run, spans};

    #[test]
    fn decisions_and_inheritance_count() {
        let none = "FROM nginx:1.27\nHEALTHCHECK NONE\nEXPOSE 80\n";
        assert!(run("DK102", none).is_empty());
        let inherited = "FROM python:3.12 AS base\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nFROM base\nEXPOSE 80\n";
        assert!(run("DK102", inherited).is_empty());
        let other_stage =
            "FROM python:3.12 AS other\nHEALTHCHECK CMD true\nFROM python:3.12\nEXPOSE 80\n";
        assert_eq!(spans("DK102", other_stage), vec!["80"]);
    }

    #[test]
    fn needs_a_service() {
        assert!(run("DK102", "FROM alpine:3.20\nCMD [\"./batch-job\"]\n").is_empty());
        assert!(run("DK102", "FROM alpine:3.20\nRUN true\n").is_empty());
        assert_eq!(
            spans("DK102", "FROM node:20\nCMD [\"npm\", \"start\"]\n"),
            vec!["\"npm\""]
        );
    }
}
