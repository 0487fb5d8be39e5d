//! The flags each instruction accepts and how their values are checked.

use crate::ast::Keyword;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `--link`, `--link=true|false`.
    Bool,
    /// `--from=x`: needs a value, at most once.
    String,
    /// `--mount=...`: needs a value, may repeat.
    List,
    /// A Go duration such as `30s` (HEALTHCHECK).
    Duration,
    /// A non-negative integer (HEALTHCHECK `--retries`).
    Count,
}

/// One accepted flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub name: &'static str,
    pub kind: FlagKind,
    /// Closed set of values, when the builder only accepts those.
    pub values: &'static [&'static str],
    /// A one-line description for hover and completion.
    pub doc: &'static str,
}

const fn spec(name: &'static str, kind: FlagKind, doc: &'static str) -> FlagSpec {
    FlagSpec {
        name,
        kind,
        values: &[],
        doc,
    }
}

const FROM: &[FlagSpec] = &[spec(
    "platform",
    FlagKind::String,
    "Platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM`.",
)];

const RUN: &[FlagSpec] = &[
    spec("mount", FlagKind::List, "Mount a cache, secret, SSH agent, tmpfs or bind source while the command runs."),
    FlagSpec {
        name: "network",
        kind: FlagKind::String,
        values: &["default", "none", "host"],
        doc: "Network for the command: `default`, `none` (no network) or `host` (needs an entitlement).",
    },
    FlagSpec {
        name: "security",
        kind: FlagKind::String,
        values: &["sandbox", "insecure"],
        doc: "`insecure` runs the command without the sandbox (needs an entitlement).",
    },
    spec("device", FlagKind::List, "Expose a CDI device to the command (labs syntax, needs an entitlement)."),
];

const COPY: &[FlagSpec] = &[
    spec("from", FlagKind::String, "Copy from a build stage, a stage index, an image or a named context instead of the build context."),
    spec("chown", FlagKind::String, "Owner of the copied files, `user[:group]` (names or ids)."),
    spec("chmod", FlagKind::String, "Permissions of the copied files, octal (`0755`) or symbolic (`u=rwX,go=rX`)."),
    spec("link", FlagKind::Bool, "Copy into an independent layer, so the result does not depend on earlier layers."),
    spec("parents", FlagKind::Bool, "Keep the parent directories of each source in the destination."),
    spec("exclude", FlagKind::List, "Leave out paths matching this pattern (may repeat)."),
];

const ADD: &[FlagSpec] = &[
    spec(
        "chown",
        FlagKind::String,
        "Owner of the added files, `user[:group]` (names or ids).",
    ),
    spec(
        "chmod",
        FlagKind::String,
        "Permissions of the added files, octal (`0755`) or symbolic (`u=rwX,go=rX`).",
    ),
    spec(
        "link",
        FlagKind::Bool,
        "Add into an independent layer, so the result does not depend on earlier layers.",
    ),
    spec(
        "keep-git-dir",
        FlagKind::Bool,
        "Keep the `.git` directory when adding a Git repository.",
    ),
    spec(
        "checksum",
        FlagKind::String,
        "Expected checksum of a remote source: `sha256:<hex>` for HTTP, a commit for Git.",
    ),
    spec(
        "exclude",
        FlagKind::List,
        "Leave out paths matching this pattern (may repeat).",
    ),
    spec(
        "unpack",
        FlagKind::Bool,
        "Whether to extract a local or remote archive (`--unpack=false` keeps it as a file).",
    ),
];

const HEALTHCHECK: &[FlagSpec] = &[
    spec(
        "interval",
        FlagKind::Duration,
        "Time between checks (default 30s).",
    ),
    spec(
        "timeout",
        FlagKind::Duration,
        "Time a check may take before it counts as failed (default 30s).",
    ),
    spec(
        "start-period",
        FlagKind::Duration,
        "Grace period after start during which failures do not count (default 0s).",
    ),
    spec(
        "start-interval",
        FlagKind::Duration,
        "Time between checks during the start period (Docker Engine 25+, default 5s).",
    ),
    spec(
        "retries",
        FlagKind::Count,
        "Consecutive failures before the container is unhealthy (default 3).",
    ),
];

/// The flags an instruction accepts.
pub fn flags_for(keyword: Keyword) -> &'static [FlagSpec] {
    match keyword {
        Keyword::From => FROM,
        Keyword::Run => RUN,
        Keyword::Copy => COPY,
        Keyword::Add => ADD,
        Keyword::Healthcheck => HEALTHCHECK,
        _ => &[],
    }
}

/// Parses a Go duration (`300ms`, `1.5h`, `2h45m`, `0`); returns nanoseconds.
pub fn parse_go_duration(s: &str) -> Option<i128> {
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if num_len == 0 {
            return None;
        }
        let number: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .bytes()
            .take_while(|b| !(b.is_ascii_digit() || *b == b'.'))
            .count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale: f64 = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += number * scale;
    }
    let ns = total as i128;
    Some(if neg { -ns } else { ns })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_go_duration("30s"), Some(30_000_000_000));
        assert_eq!(parse_go_duration("1m30s"), Some(90_000_000_000));
        assert_eq!(parse_go_duration("1.5h"), Some(5_400_000_000_000));
        assert_eq!(parse_go_duration("0"), Some(0));
        assert_eq!(parse_go_duration("30"), None);
        assert_eq!(parse_go_duration("3x"), None);
        assert_eq!(parse_go_duration(""), None);
    }
}
