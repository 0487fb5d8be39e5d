//! Add a non-root USER to the final stage.
//!
//! The user is, in order: one the Dockerfile already switched to earlier (`USER node`
//! before a later `USER root`), one it creates but never switches to (`useradd app`),
//! the unprivileged user the base image ships (`node` in the official Node.js images,
//! `nonroot` in distroless, `app` in .NET 8+), or a new system user created with the
//! distribution's own tools (`addgroup -S`/`adduser -S` on Alpine,
//! `groupadd --system`/`useradd --system` on Debian, Ubuntu and the RHEL family). USER
//! names the numeric id when it is known, which Kubernetes' `runAsNonRoot` needs.
//! Application files copied into the working directory get `--chown` so the user owns
//! them. Not offered for images that need root to start (nginx, httpd, databases) or
//! drop privileges themselves, nor where the distribution is unknown.

use dockls_syntax::{Body, Keyword, TextRange};

use crate::context::Context;
use crate::diagnostic::{Edit, Fix};
use crate::rules::practice::facts;
use crate::rules::practice::no_user::{drops_privileges, runs_as_non_root};
use crate::rules::practice::root_user::is_root;

use super::images::{self, Family};
use super::paths;
use super::text::{self, Style};

/// The uid and name of a created user.
pub const UID: u32 = 10001;
pub const NAME: &str = "app";

/// The user the image should run as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The USER value.
    pub user: String,
    /// `--chown` value for application files (`None`: leave ownership alone).
    pub chown: Option<String>,
    /// A comment line above USER, without `# `.
    pub note: Option<String>,
    /// A RUN that creates the user, when it must be created.
    pub create: Option<String>,
}

/// A user a RUN creates: its name and uid, when given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub name: String,
    pub uid: Option<String>,
}

const VALUE_OPTIONS: &[&str] = &[
    "-u",
    "--uid",
    "-g",
    "--gid",
    "-G",
    "--groups",
    "--ingroup",
    "-d",
    "--home",
    "--home-dir",
    "-h",
    "-s",
    "--shell",
    "-c",
    "--comment",
    "--gecos",
    "-k",
    "--skel",
    "-e",
    "--expiredate",
    "-f",
    "--inactive",
    "-K",
    "--key",
    "-p",
    "--password",
    "-b",
    "--base-dir",
    "--firstuid",
    "--lastuid",
];

/// Users created by `useradd`/`adduser` in the stage's lineage, in order.
pub fn created_users(cx: &Context<'_>, stage: usize) -> Vec<Created> {
    let mut out = Vec::new();
    for (_, ins) in facts::runs(cx.df, stage) {
        for c in facts::commands_of(ins) {
            let Some(a) = crate::commands::argv(&c) else {
                continue;
            };
            if a.name != "useradd" && a.name != "adduser" {
                continue;
            }
            let mut uid = None;
            let mut positional = Vec::new();
            let mut i = 0;
            while let Some(w) = a.args.get(i) {
                let v = w.value.as_str();
                if let Some((k, val)) = v.split_once('=').filter(|(k, _)| k.starts_with("--")) {
                    if k == "--uid" {
                        uid = Some(val.to_string());
                    }
                } else if VALUE_OPTIONS.contains(&v) {
                    if v == "-u" || v == "--uid" {
                        uid = a.args.get(i + 1).map(|w| w.value.clone());
                    }
                    i += 1;
                } else if !v.starts_with('-') {
                    positional.push(w);
                }
                i += 1;
            }
            // `useradd NAME`; `adduser NAME [GROUP]`.
            let name = if a.name == "adduser" {
                positional.first()
            } else {
                positional.last()
            };
            if let Some(n) = name.filter(|n| n.is_static) {
                out.push(Created {
                    name: n.value.clone(),
                    uid: uid.filter(|u| u.chars().all(|c| c.is_ascii_digit())),
                });
            }
        }
    }
    out
}

/// The last USER of the stage's lineage that is not root, as written.
fn earlier_non_root(cx: &Context<'_>, stage: usize) -> Option<String> {
    facts::lineage_instructions(cx.df, stage)
        .into_iter()
        .rev()
        .filter_map(|i| match &cx.df.instructions.get(i)?.body {
            Body::User(Some(w)) => {
                let owner = cx.df.stage_of(i).map_or(stage, |s| s.index);
                // Judge the value the builder sees; keep the word as written.
                let resolved = paths::value(cx, owner, i, w)?;
                (!is_root(&resolved) && !resolved.is_empty()).then(|| w.value.clone())
            }
            _ => None,
        })
        .next()
}

/// Whether a USER value names root.
pub fn is_root_value(v: &str) -> bool {
    is_root(v)
}

/// Whether the final stage runs as root (no USER, or a root USER last).
pub fn runs_as_root(cx: &Context<'_>, stage: usize) -> bool {
    match cx.semantic().effective_user(cx.df, stage) {
        None => true,
        Some((_, i)) => match cx.df.instructions.get(i).map(|x| &x.body) {
            Some(Body::User(Some(w))) => {
                let owner = cx.df.stage_of(i).map_or(stage, |s| s.index);
                paths::value(cx, owner, i, w).is_some_and(|v| is_root(&v))
            }
            _ => false,
        },
    }
}

fn create_command(family: Family, style: &Style) -> Option<String> {
    let run = style.kw(Keyword::Run);
    let cont = style.cont();
    Some(match family {
        Family::Alpine => format!(
            "{run} addgroup -S -g {UID} {NAME}{cont}&& adduser -S -D -h /home/{NAME} -u {UID} -G {NAME} -s /sbin/nologin {NAME}"
        ),
        Family::Debian | Family::Rhel => format!(
            "{run} groupadd --system --gid {UID} {NAME}{cont}&& useradd --system --uid {UID} --gid {NAME} --create-home --home-dir /home/{NAME} --no-log-init --shell /usr/sbin/nologin {NAME}"
        ),
        _ => return None,
    })
}

/// Who the final stage should run as, or `None` when no safe choice is known.
pub fn plan(cx: &Context<'_>, stage: usize) -> Option<Plan> {
    let style = Style::of(cx.df);
    if let Some(u) = earlier_non_root(cx, stage) {
        // `--chown=<user>` without a group takes the user's id as the group id, which
        // needs no group of that name to exist.
        return Some(Plan {
            chown: (!u.contains('$')).then(|| u.clone()),
            user: u,
            note: None,
            create: None,
        });
    }
    if let Some(c) = created_users(cx, stage).pop() {
        return Some(Plan {
            user: c.uid.clone().unwrap_or_else(|| c.name.clone()),
            chown: Some(c.name.clone()),
            note: c.uid.as_ref().map(|_| format!("{}, created above", c.name)),
            create: None,
        });
    }
    let family = images::stage_family(cx, stage);
    if family == Family::Scratch {
        // No /etc/passwd: a numeric user is all there is.
        return Some(Plan {
            user: "65532:65532".into(),
            chown: Some("65532:65532".into()),
            note: None,
            create: None,
        });
    }
    let img = images::stage_image(cx, stage)?;
    let f = images::facts_of(img);
    if let Some((name, uid)) = f.user {
        return Some(Plan {
            user: uid.to_string(),
            chown: Some(format!("{name}:{name}")),
            note: Some(format!("{name}: the base image's unprivileged user")),
            create: None,
        });
    }
    let create = create_command(family, &style)?;
    Some(Plan {
        user: UID.to_string(),
        chown: Some(format!("{NAME}:{NAME}")),
        note: None,
        create: Some(create),
    })
}

/// Servers and init systems that start as root on purpose: they bind privileged ports,
/// write their pid and state where only root can, or switch to their own user.
const ROOT_STARTERS: &[&str] = &[
    "nginx",
    "httpd",
    "httpd-foreground",
    "apache2",
    "apache2-foreground",
    "apachectl",
    "apache2ctl",
    "sshd",
    "postgres",
    "mysqld",
    "mariadbd",
    "supervisord",
    "my_init",
    "runsvdir",
    "s6-svscan",
    "init",
    "systemd",
    "cron",
    "crond",
    "smbd",
    "postfix",
    "dovecot",
    "haproxy",
    "catalina.sh",
];

/// Whether the image starts something that needs root to start.
fn starts_as_root(cx: &Context<'_>, stage: usize) -> bool {
    let start = facts::start_command(cx.df, stage);
    let programs: Vec<String> = [start.entrypoint, start.cmd]
        .into_iter()
        .flatten()
        .flat_map(|(_, ins)| facts::commands_of(ins))
        .filter_map(|c| c.program().map(str::to_string))
        .collect();
    let server = facts::server(cx.df, stage).map(|s| s.name);
    programs
        .iter()
        .map(String::as_str)
        .chain(server.as_deref())
        .any(|p| {
            let p = p.rsplit('/').next().unwrap_or(p);
            ROOT_STARTERS.contains(&p) || p.starts_with("php-fpm") || p.ends_with("-fpm")
        })
}

/// Whether the refactoring applies to the final stage at all.
fn applies(cx: &Context<'_>, stage: usize) -> bool {
    // Without a USER at all, only applications (as `no-user` reports them): a base
    // image leaves the user to the images built on it.
    let no_user = cx.semantic().effective_user(cx.df, stage).is_none();
    if no_user && !crate::rules::practice::single_stage_build::is_application(cx, stage) {
        return false;
    }
    if !runs_as_root(cx, stage)
        || facts::is_windows(cx, stage)
        || facts::is_dev_image(cx, stage)
        || drops_privileges(cx, stage)
    {
        return false;
    }
    if starts_as_root(cx, stage) {
        return false;
    }
    let scratch = facts::is_scratch(cx.df, stage);
    match images::stage_image(cx, stage) {
        None => scratch,
        Some(img) => {
            let f = images::facts_of(img);
            let inherits_non_root =
                cx.semantic().effective_user(cx.df, stage).is_none() && runs_as_non_root(img);
            !img.has_vars && !f.needs_root && !inherits_non_root
        }
    }
}

/// The fix: create the user if needed, `--chown` the application files, and `USER`
/// before the final CMD/ENTRYPOINT.
pub fn fix(cx: &Context<'_>) -> Option<Fix> {
    let df = cx.df;
    let stage = facts::final_stage(df)?;
    if !applies(cx, stage.index) {
        return None;
    }
    let plan = plan(cx, stage.index)?;
    let style = Style::of(df);
    let mut edits: Vec<Edit> = Vec::new();
    // Application files: COPY/ADD of this stage into the final working directory.
    let workdir = paths::final_workdir(cx, stage.index).filter(|w| w != "/");
    let mut first_chowned: Option<usize> = None;
    let mut first_copy: Option<usize> = None;
    for i in stage.instructions.clone() {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        if !matches!(ins.keyword, Some(Keyword::Copy | Keyword::Add)) {
            continue;
        }
        first_copy.get_or_insert(i);
        let (Some(chown), Some(wd)) = (&plan.chown, &workdir) else {
            continue;
        };
        if ins.flag("chown").is_some() {
            continue;
        }
        let Some((dest, _)) = paths::copy_dest(cx, stage.index, i) else {
            continue;
        };
        if paths::relative_to(&dest, wd).is_none() {
            continue;
        }
        first_chowned.get_or_insert(i);
        // Right after the keyword, before other flags.
        let at = ins.keyword_range.end;
        edits.push(Edit::insert(at, format!(" --chown={chown}")));
    }
    let start = text::start_block(df, stage.index);
    let user_at = text::insertion_point(df, stage.index, start)?;
    if let Some(create) = &plan.create {
        let before = first_chowned.or(first_copy).or(start);
        let at = text::insertion_point(df, stage.index, before)?;
        edits.push(text::insert_lines(df, at, create, &style));
    }
    let mut user = String::new();
    if let Some(note) = &plan.note {
        user.push_str(&format!("# {note}\n"));
    }
    user.push_str(&format!("{} {}", style.kw(Keyword::User), plan.user));
    edits.push(text::insert_lines(df, user_at, &user, &style));
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    // Two insertions at one place: join them in order (creation first).
    let mut merged: Vec<Edit> = Vec::new();
    for e in edits {
        match merged.last_mut() {
            Some(last) if last.range == e.range && e.range.is_empty() => {
                last.new_text.push_str(&e.new_text)
            }
            _ => merged.push(e),
        }
    }
    text::apply_checked_adding(df, &merged, Keyword::User)?;
    Some(Fix::unsafe_("Run as a non-root user", merged).isolated())
}

/// The range of the final stage's FROM image, for callers that report there.
pub fn anchor(cx: &Context<'_>) -> Option<TextRange> {
    facts::final_stage(cx.df).map(|s| facts::from_range(cx.df, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    fn apply(src: &str) -> Option<String> {
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, &NoFiles, Some("Dockerfile"));
        fix(&cx)?.apply(src)
    }

    #[test]
    fn uses_the_image_user() {
        let out = apply("FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"s.js\"]\n");
        assert_eq!(
            out.as_deref(),
            Some("FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node . .\n# node: the base image's unprivileged user\nUSER 1000\nCMD [\"node\", \"s.js\"]\n")
        );
    }

    #[test]
    fn creates_a_system_user() {
        let out =
            apply("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"m.py\"]\n")
                .expect("fix");
        assert_eq!(
            out,
            "FROM python:3.12-slim\nWORKDIR /app\nRUN groupadd --system --gid 10001 app \\\n  && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --no-log-init --shell /usr/sbin/nologin app\nCOPY --chown=app:app . .\nUSER 10001\nCMD [\"python\", \"m.py\"]\n"
        );
        let out = apply("FROM alpine:3.20\nCOPY app /usr/local/bin/app\nENTRYPOINT [\"app\"]\n")
            .expect("fix");
        assert!(out.contains("RUN addgroup -S -g 10001 app \\\n  && adduser -S -D -h /home/app -u 10001 -G app -s /sbin/nologin app\nCOPY app"), "{out}");
        assert!(out.ends_with("USER 10001\nENTRYPOINT [\"app\"]\n"), "{out}");
    }

    #[test]
    fn reuses_users_of_the_file() {
        let out = apply("FROM node:20\nUSER node\nRUN x\nUSER root\nRUN apt-get update\nCMD [\"node\", \"s.js\"]\n")
            .expect("fix");
        assert!(
            out.ends_with("USER root\nRUN apt-get update\nUSER node\nCMD [\"node\", \"s.js\"]\n"),
            "{out}"
        );
        let out =
            apply("FROM debian:12\nRUN useradd -u 1001 -m worker\nCMD [\"/w\"]\n").expect("fix");
        assert!(
            out.ends_with("# worker, created above\nUSER 1001\nCMD [\"/w\"]\n"),
            "{out}"
        );
    }

    #[test]
    fn leaves_images_that_need_root() {
        for src in [
            "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n",
            "FROM myorg/base:1\nCMD [\"/app\"]\n",
            "FROM node:20\nUSER node\nCMD [\"node\", \"s.js\"]\n",
            "FROM gcr.io/distroless/static-debian12:nonroot\nCMD [\"/app\"]\n",
        ] {
            assert!(apply(src).is_none(), "{src}");
        }
        let scratch = apply("FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n").expect("fix");
        assert!(
            scratch.contains("USER 65532:65532\nENTRYPOINT"),
            "{scratch}"
        );
    }
}
