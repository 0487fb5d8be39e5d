//! Recognising secrets: variable names that announce one, and values that have the
//! shape of a credential. Shared by the security rules; never returns or formats the
//! secret itself, only what kind it looks like.

/// Name tokens that announce a secret (BuildKit's list plus a few spellings).
const SECRET_TOKENS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "creds",
    "key",
    "password",
    "passwd",
    "pword",
    "pass",
    "passphrase",
    "secret",
    "token",
];

/// Endings that make a joined token a secret (`DBPASSWORD`, `APITOKEN`, `MYSECRET`).
const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "passphrase",
];

/// Name tokens that make a name about a secret rather than the secret itself: where it
/// is, what it is called, how it is checked, or a public half (BuildKit's `public`,
/// `file`, `version`, plus ids, fingerprints, paths and settings).
const ALLOW_TOKENS: &[&str] = &[
    "public",
    "pub",
    "file",
    "files",
    "version",
    "id",
    "ids",
    "alias",
    "arn",
    "name",
    "names",
    "path",
    "paths",
    "dir",
    "url",
    "uri",
    "host",
    "hosts",
    "server",
    "servers",
    "endpoint",
    "gpg",
    "pgp",
    "fingerprint",
    "fingerprints",
    "type",
    "size",
    "length",
    "bits",
    "algorithm",
    "algo",
    "checking",
    "check",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "required",
    "header",
    "format",
    "mode",
    "method",
    "methods",
    "provider",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "timeout",
    "prefix",
    "location",
    "backend",
    "backends",
    "mechanism",
    "mech",
    "plugin",
    "policy",
    "user",
    "username",
    "login",
    "usage",
    "keyring",
    "env",
];

/// Splits a variable name into lowercase tokens on `_`, `-`, `.` and camelCase.
pub fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split(['_', '-', '.']) {
        let mut cur = String::new();
        let chars: Vec<char> = part.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let prev_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c.to_ascii_lowercase());
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// The token that makes `name` look like a secret, unless another token shows it is not
/// the secret itself.
pub fn secret_name(name: &str) -> Option<String> {
    let toks = tokens(name);
    if toks.iter().any(|t| ALLOW_TOKENS.contains(&t.as_str())) {
        return None;
    }
    toks.into_iter().find(|t| {
        SECRET_TOKENS.contains(&t.as_str())
            || SECRET_SUFFIXES
                .iter()
                .any(|s| t.len() > s.len() && t.ends_with(s))
    })
}

/// Whether a value cannot hold a secret: a boolean switch, a short placeholder, or an
/// absolute path (the secret's location, not the secret).
pub fn is_harmless_value(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.chars().count() < 3
        || matches!(
            lower.as_str(),
            "true"
                | "false"
                | "yes"
                | "no"
                | "on"
                | "off"
                | "none"
                | "null"
                | "nil"
                | "disabled"
                | "enabled"
        )
        || (v.starts_with('/') && !v.contains(char::is_whitespace))
}

fn run_of(s: &[char], from: usize, ok: impl Fn(char) -> bool) -> usize {
    s.iter().skip(from).take_while(|c| ok(**c)).count()
}

fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A credential found in a text: what it looks like, and where (char offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub kind: &'static str,
    /// Byte offsets of the credential in the text.
    pub start: usize,
    pub end: usize,
}

/// The prefixes of the shapes [`known_credential`] looks for (all ASCII).
const SHAPE_PREFIXES: &[&str] = &[
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xox",
    "sk_live_",
    "rk_live_",
    "AIza",
    "npm_",
    "pypi-AgE",
    "sk-",
    "eyJ",
    "-----BEGIN ",
];

/// The shortest credential [`known_credential`] recognises by its shape (`xoxb-` and ten
/// more characters).
const MIN_SHAPE_LEN: usize = 15;

/// Finds the first credential with a well-known shape in a text.
pub fn known_credential(text: &str) -> Option<Credential> {
    // Every shape below is at least this long (a Slack token) and starts with one of the
    // prefixes; most words are shorter or hold none of them.
    if text.len() < MIN_SHAPE_LEN || !SHAPE_PREFIXES.iter().any(|p| text.contains(p)) {
        return url_password(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let byte_at = |ci: usize| text.char_indices().nth(ci).map_or(text.len(), |(b, _)| b);
    let boundary = |ci: usize| ci == 0 || !token_char(chars[ci - 1]);
    let starts = |ci: usize, p: &str| {
        chars.get(ci..).is_some_and(|rest| {
            rest.len() >= p.len() && rest.iter().copied().zip(p.chars()).all(|(a, b)| a == b)
        })
    };
    for ci in 0..chars.len() {
        if !boundary(ci) {
            continue;
        }
        let found = |kind: &'static str, len: usize| {
            Some(Credential {
                kind,
                start: byte_at(ci),
                end: byte_at(ci + len),
            })
        };
        // AWS access key ids.
        for p in ["AKIA", "ASIA", "ABIA", "ACCA"] {
            if starts(ci, p) {
                let n = run_of(&chars, ci + 4, |c| {
                    c.is_ascii_uppercase() || c.is_ascii_digit()
                });
                if n == 16 && !chars.get(ci + 20).is_some_and(|c| alnum(*c)) {
                    return found("an AWS access key id", 20);
                }
            }
        }
        for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            if starts(ci, p) && run_of(&chars, ci + 4, alnum) >= 36 {
                return found("a GitHub token", 4 + run_of(&chars, ci + 4, alnum));
            }
        }
        if starts(ci, "github_pat_") {
            let n = run_of(&chars, ci + 11, |c| alnum(c) || c == '_');
            if n >= 22 {
                return found("a GitHub fine-grained token", 11 + n);
            }
        }
        if starts(ci, "glpat-") {
            let n = run_of(&chars, ci + 6, token_char);
            if n >= 20 {
                return found("a GitLab token", 6 + n);
            }
        }
        if starts(ci, "xox")
            && chars.get(ci + 3).is_some_and(|c| "baprs".contains(*c))
            && chars.get(ci + 4) == Some(&'-')
        {
            let n = run_of(&chars, ci + 5, |c| alnum(c) || c == '-');
            if n >= 10 {
                return found("a Slack token", 5 + n);
            }
        }
        for p in ["sk_live_", "rk_live_"] {
            if starts(ci, p) {
                let n = run_of(&chars, ci + 8, alnum);
                if n >= 24 {
                    return found("a Stripe live key", 8 + n);
                }
            }
        }
        if starts(ci, "AIza") {
            let n = run_of(&chars, ci + 4, token_char);
            if n == 35 {
                return found("a Google API key", 39);
            }
        }
        if starts(ci, "npm_") {
            let n = run_of(&chars, ci + 4, alnum);
            if n == 36 {
                return found("an npm token", 40);
            }
        }
        if starts(ci, "pypi-AgE") {
            let n = run_of(&chars, ci + 5, token_char);
            if n >= 50 {
                return found("a PyPI token", 5 + n);
            }
        }
        if starts(ci, "sk-") {
            let n = run_of(&chars, ci + 3, token_char);
            if n >= 40 && chars[ci + 3..ci + 3 + n].iter().any(|c| c.is_ascii_digit()) {
                return found("an API secret key (`sk-...`)", 3 + n);
            }
        }
        if starts(ci, "eyJ") {
            let a = run_of(&chars, ci, token_char);
            if chars.get(ci + a) == Some(&'.') && starts(ci + a + 1, "eyJ") {
                let b = run_of(&chars, ci + a + 1, token_char);
                if chars.get(ci + a + 1 + b) == Some(&'.') {
                    let c = run_of(&chars, ci + a + b + 2, token_char);
                    if a >= 10 && b >= 10 && c >= 10 {
                        return found("a JSON Web Token", a + b + c + 2);
                    }
                }
            }
        }
        if starts(ci, "-----BEGIN ") {
            let rest: String = chars[ci..].iter().take(80).collect();
            if let Some(end) = rest.find("PRIVATE KEY") {
                if rest[..end].lines().count() <= 1 {
                    return found("a private key", end + "PRIVATE KEY".len());
                }
            }
            if rest.starts_with("-----BEGIN PGP PRIVATE KEY BLOCK") {
                return found("a PGP private key", 32);
            }
        }
    }
    url_password(text)
}

/// A password written into a URL (`scheme://user:password@host`).
fn url_password(text: &str) -> Option<Credential> {
    let mut from = 0;
    while let Some(at) = text[from..].find("://") {
        let start = from + at + 3;
        let rest = &text[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '/' | '"' | '\'' | '?' | '#'))
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        if let Some((userinfo, _host)) = authority.rsplit_once('@') {
            if let Some((user, pass)) = userinfo.split_once(':') {
                let placeholder = pass.starts_with('$')
                    || pass.contains("${")
                    || pass.starts_with('<')
                    || pass.starts_with('{')
                    || pass.is_empty()
                    || pass.chars().all(|c| c == '*' || c == 'x' || c == 'X');
                if !user.is_empty() && !placeholder && !user.contains('$') {
                    let s = start + user.len() + 1;
                    return Some(Credential {
                        kind: "a password in a URL",
                        start: s,
                        end: s + pass.len(),
                    });
                }
            }
        }
        from = start;
    }
    None
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n as f64;
            -p * p.log2()
        })
        .sum()
}

/// Whether a value assigned to a secret-named variable looks randomly generated: at
/// least 16 characters without spaces or variables, not a path or URL, mixing letters
/// and digits, with high entropy.
pub fn random_looking(value: &str) -> bool {
    let v = value.trim();
    let len = v.chars().count();
    if len < 16
        || v.contains(char::is_whitespace)
        || v.contains('$')
        || v.contains("://")
        || v.starts_with('/')
    {
        return false;
    }
    let lower = v.chars().any(|c| c.is_ascii_lowercase());
    let upper = v.chars().any(|c| c.is_ascii_uppercase());
    let digit = v.chars().any(|c| c.is_ascii_digit());
    let classes = [lower, upper, digit].iter().filter(|b| **b).count();
    classes >= 2 && digit && entropy(v) >= 3.2
}

/// Describes a value's shape without revealing it.
pub fn shape(value: &str) -> String {
    format!("{} characters", value.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "API_KEY",
            "GITHUB_TOKEN",
            "MY_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "DB_PASS",
            "NAGIOSADMIN_PASS",
            "apiKey",
            "dbPassword",
            "NPM_AUTH",
            "DBPASSWORD",
            "SECRET",
            "client_secret",
            "PRIVATE_KEY",
            "SSH_KEY",
        ] {
            assert!(secret_name(n).is_some(), "{n}");
        }
        for n in [
            "GPG_KEY",
            "GPG_KEYS",
            "KMS_KEY_ALIAS",
            "AWS_ACCESS_KEY_ID",
            "PUBLIC_KEY",
            "MINIO_ACCESS_KEY_FILE",
            "ANSIBLE_HOST_KEY_CHECKING",
            "SIGNING_KEY_URL",
            "PGP_KEYSERVER",
            "TOKENIZER",
            "DB_USERNAME",
            "AUTHOR",
            "PASSWORD_MIN_LENGTH",
            "NODE_VERSION",
            "KEYRING",
            "AUTH_USER",
            "SECRET_KEY_FILE",
            "OV_TOKENIZER_PATH",
        ] {
            assert!(secret_name(n).is_none(), "{n}");
        }
    }

    #[test]
    fn known_shapes() {
        let gh = format!("ghp_{}", "aBcD1234".repeat(5).get(..36).unwrap_or(""));
        assert_eq!(
            known_credential(&gh).map(|c| c.kind),
            Some("a GitHub token")
        );
        assert_eq!(
            known_credential("key=AKIAIOSFODNN7EXAMPLE").map(|c| (c.kind, c.start, c.end)),
            Some(("an AWS access key id", 4, 24))
        );
        assert!(known_credential("AKIAIOSFODNN7EXAMPLEX").is_none());
        assert_eq!(
            known_credential("-----BEGIN RSA PRIVATE KEY-----\nMII").map(|c| c.kind),
            Some("a private key")
        );
        assert_eq!(
            known_credential("postgres://app:s3cr3tpw@db:5432/app")
                .map(|c| (c.kind, c.start, c.end)),
            Some(("a password in a URL", 15, 23))
        );
        assert!(known_credential("https://user:${TOKEN}@github.com/x").is_none());
        assert!(known_credential("https://github.com/x/y").is_none());
        assert!(known_credential("version 1.2.3").is_none());
    }

    #[test]
    fn random_values() {
        assert!(random_looking("9f8a7d6c5b4e3f2a1b0c9d8e7f6a5b4c"));
        assert!(random_looking("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assert!(!random_looking("secret123"));
        assert!(!random_looking("changeme-please-now"));
        assert!(!random_looking("/run/secrets/api_key_file"));
        assert!(!random_looking("aaaaaaaaaaaaaaaaaaaa1"));
    }

    #[test]
    fn harmless() {
        for v in ["", "_", "true", "off", "/run/secrets/token"] {
            assert!(is_harmless_value(v), "{v}");
        }
        for v in ["nagios", "secret123", "changeme"] {
            assert!(!is_harmless_value(v), "{v}");
        }
    }
}
