//! Shared reading of LABEL pairs and the label-schema value types.

use dockls_syntax::{Body, KeyValue, Keyword};

use crate::context::{Context, InstructionRef};

/// Every LABEL pair of the file (ONBUILD included) with its instruction.
pub(crate) fn label_pairs<'a>(cx: &'a Context<'_>) -> Vec<(InstructionRef<'a>, &'a KeyValue)> {
    let mut out = Vec::new();
    for r in cx.each_with_onbuild(Keyword::Label) {
        if let Body::Label { pairs, .. } = &r.ins.body {
            out.extend(pairs.iter().map(|p| (r, p)));
        }
    }
    out
}

/// Why `value` is not of the schema `kind`, or `None` when it is (or the kind is unknown).
pub(crate) fn type_problem(kind: &str, value: &str) -> Option<&'static str> {
    let ok = match kind.to_ascii_lowercase().as_str() {
        "url" => is_url(value),
        "rfc3339" => is_rfc3339(value),
        "spdx" => is_spdx_expression(value),
        "hash" => is_git_hash(value),
        "semver" => is_semver(value),
        "email" => is_email(value),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match kind.to_ascii_lowercase().as_str() {
        "url" => "an absolute URL such as https://example.com/repo",
        "rfc3339" => "an RFC 3339 timestamp such as 2024-05-01T12:00:00Z",
        "spdx" => "an SPDX license expression such as Apache-2.0 or MIT OR Apache-2.0",
        "hash" => "a git commit hash (7 to 40 hexadecimal characters)",
        "semver" => "a semantic version such as 1.4.2 or 2.0.0-rc.1",
        _ => "an email address such as team@example.com",
    })
}

fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !v.chars().any(|c| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.chars().all(|c| c.is_ascii_digit())
}

fn is_rfc3339(v: &str) -> bool {
    let Some((date, time)) = v.split_once(['T', 't', ' ']) else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    if d.len() != 3 || !digits(d[0], 4) || !digits(d[1], 2) || !digits(d[2], 2) {
        return false;
    }
    let (clock, zone_ok) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, true)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let z = &time[i + 1..];
        let zp: Vec<&str> = z.split(':').collect();
        (
            &time[..i],
            zp.len() == 2 && digits(zp[0], 2) && digits(zp[1], 2),
        )
    } else {
        (time, false)
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let t: Vec<&str> = hms.split(':').collect();
    zone_ok
        && t.len() == 3
        && t.iter().all(|p| digits(p, 2))
        && !frac.is_empty()
        && frac.chars().all(|c| c.is_ascii_digit())
}

fn is_spdx_expression(v: &str) -> bool {
    let spaced = v.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    if tokens.is_empty() {
        return false;
    }
    let mut expect_id = true;
    let mut depth = 0i32;
    for t in tokens {
        match t {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            "AND" | "OR" | "WITH" if !expect_id => expect_id = true,
            id if expect_id => {
                let id = id.strip_suffix('+').unwrap_or(id);
                let ok = !id.is_empty()
                    && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
                if !ok {
                    return false;
                }
                expect_id = false;
            }
            _ => return false,
        }
    }
    !expect_id && depth == 0
}

fn is_git_hash(v: &str) -> bool {
    (7..=40).contains(&v.len()) && v.chars().all(|c| c.is_ascii_hexdigit())
        || (v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_semver(v: &str) -> bool {
    let (core_pre, build) = match v.split_once('+') {
        Some((a, b)) => (a, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match core_pre.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (core_pre, None),
    };
    let numeric = |p: &str| {
        !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    let ident = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|x| ident(x) && (!x.chars().all(|c| c.is_ascii_digit()) || numeric(x)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let domain_ok = !domain.is_empty()
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types() {
        assert!(type_problem("url", "https://github.com/x/y").is_none());
        assert!(type_problem("url", "github.com/x").is_some());
        assert!(type_problem("rfc3339", "2024-05-01T12:00:00Z").is_none());
        assert!(type_problem("rfc3339", "2024-05-01T12:00:00.123+02:00").is_none());
        assert!(type_problem("rfc3339", "2024-05-01").is_some());
        assert!(type_problem("spdx", "MIT OR Apache-2.0").is_none());
        assert!(type_problem("spdx", "(MIT AND BSD-3-Clause) OR GPL-2.0+").is_none());
        assert!(type_problem("spdx", "Apache 2").is_some());
        assert!(type_problem("hash", "a1b2c3d").is_none());
        assert!(type_problem("hash", "main").is_some());
        assert!(type_problem("semver", "1.2.3-rc.1+build.5").is_none());
        assert!(type_problem("semver", "v1.2.3").is_some());
        assert!(type_problem("semver", "1.02.3").is_some());
        assert!(type_problem("email", "team@example.com").is_none());
        assert!(type_problem("email", "Team <team@example.com>").is_some());
        assert!(type_problem("text", "anything").is_none());
    }
}
