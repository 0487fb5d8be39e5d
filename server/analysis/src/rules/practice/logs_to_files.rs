use dockls_syntax::{Body, Keyword, TextRange};

use crate::commands::argv;
use crate::context::Context;
use crate::declare_rule;
use crate::rule::{Rule, RuleMeta, Sink};

use super::facts;

declare_rule! {
    /// ## What it does
    /// Reports configuration that makes the image's service write its logs to files
    /// under `/var/log` when those files are not linked to the container's output. It
    /// looks at the final image (the final stage and the stages it is built `FROM`) for
    /// paths under `/var/log/` in:
    /// - RUN commands that edit or write configuration (`sed -i 's|...|/var/log/app.log|'`,
    ///   `echo 'access_log /var/log/nginx/access.log;' >> ...`);
    /// - ENV values (`LOG_FILE=/var/log/app/app.log`);
    /// - the CMD and ENTRYPOINT arguments and redirections
    ///   (`--access-logfile /var/log/gunicorn/access.log`, `> /var/log/app.log`).
    ///
    /// In a `sed` substitution only the replacement counts (the pattern names the old
    /// path). Scripts passed to `sh -c` are not read.
    ///
    /// A path is fine when the image links it to the output, as the official nginx image
    /// does with `ln -sf /dev/stdout /var/log/nginx/access.log` (also `/dev/stderr` and
    /// `/proc/self/fd/1` or `/2`), or streams it with `tail -F`. Paths only created,
    /// owned or removed (`mkdir`, `chown`, `touch`, `rm`, `ln`) are not configuration and
    /// are ignored.
    ///
    /// This rule is opt-in and in preview: it reads configuration edits heuristically.
    ///
    /// ## Why is this bad?
    /// Container platforms collect what a container writes to stdout and stderr
    /// (`docker logs`, Kubernetes, every log shipper). Logs written to files inside the
    /// container are invisible to them, are lost when the container is replaced, and
    /// fill the writable layer until the disk runs out, because nothing rotates them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// RUN sed -i 's|access_log .*;|access_log /var/log/nginx/site.log;|' /etc/nginx/nginx.conf
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// RUN sed -i 's|access_log .*;|access_log /var/log/nginx/site.log;|' /etc/nginx/nginx.conf \
    ///  && ln -sf /dev/stdout /var/log/nginx/site.log
    /// ```
    pub struct LogsToFiles {
        code: "DK108",
        name: "logs-to-files",
        category: Practice,
        severity: Info,
        status: Preview,
        fixable: No,
        hadolint: None,
        buildkit: None,
        default_enabled: false,
    }
}

const OUTPUTS: &[&str] = &[
    "/dev/stdout",
    "/dev/stderr",
    "/proc/self/fd/1",
    "/proc/self/fd/2",
];

/// Commands that create, own or remove log files rather than configure logging.
const HOUSEKEEPING: &[&str] = &[
    "ln",
    "mkdir",
    "chown",
    "chmod",
    "chgrp",
    "rm",
    "touch",
    "install",
    "tail",
    "cat",
    "ls",
    "find",
    "truncate",
    "setfacl",
    "test",
    "[",
    "cp",
    "mv",
    "rsync",
    "stat",
    "logrotate",
    // Scripts passed to a shell are not read.
    "sh",
    "bash",
    "ash",
    "dash",
    "zsh",
];

/// A log file path under `/var/log` found in configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogPath {
    pub path: String,
    pub range: TextRange,
}

fn end_of_path(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '|'
                | '!'
                | '#'
                | ','
                | ';'
                | ')'
                | '}'
                | '`'
                | '\\'
                | '>'
                | '<'
                | '&'
                | '='
                | ':'
                | '@'
        )
}

/// The `/var/log/...` paths inside a word's text, with their offsets in it.
fn paths_in(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("/var/log/") {
        let rest = &text[at..];
        let len = rest.find(end_of_path).unwrap_or(rest.len());
        let path = rest[..len].trim_end_matches(['.', '/']);
        if path.len() > "/var/log/".len() - 1 && !path.contains('$') && path != "/var/log" {
            out.push((at, path.to_string()));
        }
    }
    out
}

/// For a sed substitution (`s|OLD|NEW|flags`), only NEW configures anything.
fn replacement_part(value: &str) -> &str {
    let mut chars = value.char_indices();
    let (Some((_, 's')), Some((_, delim))) = (chars.next(), chars.next()) else {
        return value;
    };
    if delim.is_alphanumeric() || delim.is_whitespace() || delim == '\\' {
        return value;
    }
    let parts: Vec<&str> = value[1 + delim.len_utf8()..].split(delim).collect();
    match parts.as_slice() {
        [_, new, ..] => new,
        _ => value,
    }
}

fn push_word(out: &mut Vec<LogPath>, raw: &str, value: &str, range: TextRange) {
    let contiguous = range.len() == raw.len();
    let value = replacement_part(value);
    for (at, path) in paths_in(value) {
        let r = if contiguous {
            raw.find(&path)
                .map(|o| TextRange::new(range.start + o, range.start + o + path.len()))
                .unwrap_or(range)
        } else {
            range
        };
        let _ = at;
        out.push(LogPath { path, range: r });
    }
}

/// Paths linked to the container output (`ln -s /dev/stdout PATH`) or streamed with
/// `tail -f`, in the whole lineage.
fn linked_paths(cx: &Context<'_>, stage: usize) -> Vec<String> {
    let df = cx.df;
    let mut out = Vec::new();
    for i in facts::lineage_instructions(df, stage) {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        if !matches!(
            ins.keyword,
            Some(Keyword::Run | Keyword::Cmd | Keyword::Entrypoint)
        ) {
            continue;
        }
        for c in facts::commands_of(ins) {
            let Some(a) = argv(&c) else { continue };
            let words: Vec<&str> = a.args.iter().map(|w| w.value.as_str()).collect();
            let operands: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !w.starts_with('-'))
                .collect();
            match a.name.as_str() {
                "ln" if operands.iter().any(|w| OUTPUTS.contains(w)) => {
                    let owner = df.stage_of(i).map_or(stage, |s| s.index);
                    for w in operands.iter().filter(|w| !OUTPUTS.contains(w)) {
                        let resolved = if w.contains('$') {
                            let lookup = |n: &str| facts::var_value(cx, owner, i, n);
                            crate::semantic::expand(w, &lookup)
                        } else {
                            Some(w.to_string())
                        };
                        if let Some(r) = resolved {
                            out.push(r.trim_end_matches('/').to_string());
                        }
                    }
                }
                "tail" => out.extend(operands.iter().map(|w| w.to_string())),
                _ => {}
            }
        }
    }
    out
}

/// Log file paths under `/var/log` that the final image's configuration uses.
pub fn log_paths(cx: &Context<'_>, stage: usize) -> Vec<LogPath> {
    let df = cx.df;
    let mut out = Vec::new();
    for i in facts::lineage_instructions(df, stage) {
        let Some(ins) = df.instructions.get(i) else {
            continue;
        };
        match (&ins.body, ins.keyword) {
            (Body::Env { pairs, .. }, _) => {
                for p in pairs {
                    if let Some(v) = &p.value {
                        push_word(&mut out, &v.raw, &v.value, v.range);
                    }
                }
            }
            (_, Some(k @ (Keyword::Run | Keyword::Cmd | Keyword::Entrypoint))) => {
                for c in facts::commands_of(ins) {
                    let name = argv(&c).map(|a| a.name).unwrap_or_default();
                    if HOUSEKEEPING.contains(&name.as_str()) {
                        continue;
                    }
                    for w in &c.args {
                        push_word(&mut out, &w.raw, &w.value, w.range);
                    }
                    if k != Keyword::Run {
                        for r in &c.redirects {
                            if let Some(t) = &r.target {
                                push_word(&mut out, &t.raw, &t.value, t.range);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

impl Rule for LogsToFiles {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>) {
        let Some(stage) = facts::final_stage(cx.df) else {
            return;
        };
        let linked = linked_paths(cx, stage.index);
        let mut seen: Vec<String> = Vec::new();
        for p in log_paths(cx, stage.index) {
            if linked.contains(&p.path) || seen.contains(&p.path) {
                continue;
            }
            seen.push(p.path.clone());
            out.report(
                p.range,
                format!(
                    "the service is configured to log to `{}`, a file inside the container: `docker logs` and log collectors only see stdout and stderr, and the file is lost with the container and grows until the disk fills; log to stdout/stderr, or link the file with `ln -sf /dev/stdout {}`",
                    p.path, p.path
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_paths_in_text() {
        let p: Vec<String> = paths_in("s|LogFile /var/log/clamav/|LogFile /var/log/mail/x.log|g")
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(p, vec!["/var/log/clamav", "/var/log/mail/x.log"]);
        assert!(paths_in("/var/log").is_empty());
        assert!(paths_in("$LOG/var/log/$X").is_empty());
        assert_eq!(replacement_part("s|/var/log/a|/var/log/b|g"), "/var/log/b");
        assert_eq!(replacement_part("s/x/y/"), "y");
        assert_eq!(replacement_part("/var/log/a"), "/var/log/a");
    }
}
