use dockls_syntax::{Body, Instruction, Keyword, VarRef};

use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};
use crate::rules::instruction::util::{is_identifier, root_env_is_minimal, stage_var};
use crate::semantic::{BUILDKIT_ARGS, PLATFORM_ARGS, PREDEFINED_ARGS};

declare_rule! {
    /// ## What it does
    /// Reports `$NAME` or `${NAME...}` in an instruction the builder expands (ADD, COPY
    /// and their `--chown`/`--chmod`, ENV, ARG defaults, LABEL, EXPOSE, USER, WORKDIR,
    /// VOLUME, STOPSIGNAL) when no ARG or ENV before it, in the stage or a stage it builds
    /// on, defines `NAME`. `${NAME:-default}` still counts as a use. RUN, CMD and
    /// ENTRYPOINT are never checked: there the shell expands variables at run time.
    ///
    /// The base image's environment is unknown without a registry, so dockls is
    /// conservative. When the stage comes from `scratch` or a plain distribution image
    /// (`alpine`, `busybox`, `debian`, `ubuntu`, which define only `PATH`), every
    /// undefined name is reported. For other images a name is only reported when the file
    /// itself shows the mistake: a global ARG that the stage did not redeclare, a platform
    /// argument (`TARGETARCH`, ...) used without `ARG`, a name declared only later or in
    /// another stage, or a name set earlier in the same
    /// ENV instruction (hadolint's DL3044, which this rule also answers to; turning off
    /// DL3044 in a hadolint configuration turns off this whole rule).
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to an empty string without any error:
    /// `COPY $APP_DIR/config /etc/app/` copies from `/config`, `WORKDIR $HOME/app` becomes
    /// `/app`. The most common cause is an ARG declared before the first FROM, which is
    /// visible to FROM lines only until the stage declares it again.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=1.2.3
    /// FROM alpine:3.20
    /// LABEL version=$VERSION
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VERSION=1.2.3
    /// FROM alpine:3.20
    /// ARG VERSION
    /// LABEL version=$VERSION
    /// ```
    pub struct UndefinedVar {
        code: "DK410",
        name: "undefined-var",
        category: Instruction,
        severity: Warning,
        status: Stable,
        fixable: No,
        hadolint: Some("DL3044"),
        buildkit: Some("UndefinedVar"),
        default_enabled: true,
    }
}

/// The expanded words of an instruction, each with the number of earlier pairs of the
/// same ENV/ARG it may see (`None` outside ENV/ARG).
fn expanded_refs(ins: &Instruction) -> Vec<(&VarRef, usize)> {
    let mut out = Vec::new();
    match &ins.body {
        Body::Env { pairs, .. } | Body::Arg(pairs) => {
            for (i, p) in pairs.iter().enumerate() {
                if let Some(v) = &p.value {
                    out.extend(v.vars.iter().map(|r| (r, i)));
                }
            }
        }
        Body::Label { pairs, .. } => {
            for p in pairs {
                out.extend(p.key.vars.iter().map(|r| (r, 0)));
                if let Some(v) = &p.value {
                    out.extend(v.vars.iter().map(|r| (r, 0)));
                }
            }
        }
        Body::Copy(c) | Body::Add(c) => {
            for f in &ins.flags {
                if matches!(f.name.as_str(), "chown" | "chmod") {
                    if let Some(v) = &f.value {
                        out.extend(v.vars.iter().map(|r| (r, 0)));
                    }
                }
            }
            for w in c.sources.iter().chain(c.dest.iter()) {
                out.extend(w.vars.iter().map(|r| (r, 0)));
            }
        }
        Body::Expose(ws) | Body::Volume { paths: ws, .. } => {
            for w in ws {
                out.extend(w.vars.iter().map(|r| (r, 0)));
            }
        }
        Body::User(Some(w)) | Body::Workdir(Some(w)) | Body::Stopsignal(Some(w)) => {
            out.extend(w.vars.iter().map(|r| (r, 0)));
        }
        _ => {}
    }
    out
}

impl Rule for UndefinedVar {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let df = cx.df;
        let sem = cx.semantic();
        for stage in &df.stages {
            let minimal = root_env_is_minimal(df, stage.index);
            for i in stage.instructions.clone().skip(1) {
                let Some(ins) = df.instructions.get(i) else {
                    continue;
                };
                let refs = expanded_refs(ins);
                if refs.is_empty() {
                    continue;
                }
                let own_pairs: Vec<&str> = match &ins.body {
                    Body::Env { pairs, .. } | Body::Arg(pairs) => {
                        pairs.iter().map(|p| p.key.value.as_str()).collect()
                    }
                    _ => Vec::new(),
                };
                let is_arg = ins.is(Keyword::Arg);
                // Names in scope, for suggestions (only needed for a finding).
                let scope = || {
                    let mut scope: Vec<&str> = Vec::new();
                    for s in df.lineage(stage.index) {
                        if let Some(f) = sem.stages.get(s) {
                            scope.extend(
                                f.vars
                                    .iter()
                                    .filter(|v| s != stage.index || v.instruction < i)
                                    .map(|v| v.name.as_str()),
                            );
                        }
                    }
                    scope
                };
                for (r, earlier_pairs) in refs {
                    let name = r.name.as_str();
                    if !is_identifier(name) {
                        continue;
                    }
                    let same_ins = own_pairs
                        .get(..earlier_pairs)
                        .is_some_and(|p| p.contains(&name));
                    if is_arg && same_ins {
                        continue;
                    }
                    if stage_var(cx, stage.index, i, name).is_some()
                        || PREDEFINED_ARGS.contains(&name)
                        || BUILDKIT_ARGS.contains(&name)
                        || name == "PATH"
                    {
                        continue;
                    }
                    let global = sem.global_args.iter().any(|a| a.name == name);
                    let platform = PLATFORM_ARGS.contains(&name);
                    let later = sem
                        .stages
                        .get(stage.index)
                        .and_then(|f| f.vars.iter().find(|v| v.name == name && v.instruction > i));
                    let elsewhere =
                        sem.stages.iter().enumerate().any(|(si, f)| {
                            si != stage.index && f.vars.iter().any(|v| v.name == name)
                        });
                    let why = if same_ins {
                        format!("an ENV instruction sees the variables from before it, not `{name}` set earlier in the same instruction; move `{name}` to its own ENV above")
                    } else if global {
                        format!("`{name}` is declared before the first FROM, which makes it visible to FROM lines only; add `ARG {name}` in this stage")
                    } else if platform {
                        format!("platform arguments are predefined for FROM lines only; add `ARG {name}` in this stage")
                    } else if let Some(l) = later {
                        let line = df.line_index.line_of(l.range.start) + 1;
                        format!("`{name}` is only declared later, on line {line}; declare it before this instruction")
                    } else if elsewhere {
                        format!("`{name}` is declared in another stage, and variables do not cross stages; declare it in this stage")
                    } else if minimal {
                        "it expands to an empty string; declare it with ARG or ENV".to_string()
                    } else {
                        // The base image may define it.
                        continue;
                    };
                    let scope = scope();
                    let suggestion =
                        dockls_syntax::errors::did_you_mean(name, scope.iter().copied())
                            .filter(|s| *s != name);
                    let mut msg = format!("Usage of undefined variable '${name}'");
                    if let Some(s) = suggestion {
                        msg.push_str(&format!(" (did you mean ${s}?)"));
                    }
                    msg.push_str(": ");
                    msg.push_str(&why);
                    out.report(r.range, msg);
                }
            }
        }
    }
}
