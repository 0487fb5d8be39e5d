//! Parser directives (`# syntax=`, `# escape=`, `# check=`) and the `check` option syntax.

use crate::text::TextRange;

/// A directive line's parts, relative to the start of the line.
pub(crate) struct RawDirective {
    pub name: std::ops::Range<usize>,
    pub value: std::ops::Range<usize>,
}

/// Matches `#\s*key\s*=\s*value` (key `[a-zA-Z][a-zA-Z0-9]*`, value non-empty and
/// right-trimmed) on a left-trimmed line. Returns spans relative to `line`.
pub(crate) fn match_directive(line: &str) -> Option<RawDirective> {
    let rest = line.strip_prefix('#')?;
    let mut i = 1 + (rest.len() - rest.trim_start().len());
    let b = line.as_bytes();
    let name_start = i;
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name_end = i;
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\x0c' | b'\r'))
    {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\x0c' | b'\r'))
    {
        i += 1;
    }
    let value_start = i;
    let value_end = value_start
        + line[value_start..]
            .trim_end_matches([' ', '\t', '\x0c', '\r'])
            .len();
    if value_end <= value_start {
        return None;
    }
    Some(RawDirective {
        name: name_start..name_end,
        value: value_start..value_end,
    })
}

/// The rule names of a `check` option list (`skip=A,B` / `experimental=all`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum RuleSet {
    #[default]
    None,
    All,
    Some(Vec<String>),
}

impl RuleSet {
    pub fn contains(&self, rule: &str) -> bool {
        match self {
            RuleSet::None => false,
            RuleSet::All => true,
            RuleSet::Some(v) => v.iter().any(|r| r == rule),
        }
    }

    fn merge(&mut self, other: &RuleSet) {
        match (&mut *self, other) {
            (_, RuleSet::None) | (RuleSet::All, _) => {}
            (_, RuleSet::All) => *self = RuleSet::All,
            (RuleSet::None, RuleSet::Some(v)) => *self = RuleSet::Some(v.clone()),
            (RuleSet::Some(a), RuleSet::Some(b)) => a.extend(b.iter().cloned()),
        }
    }
}

/// BuildKit's check configuration from a `check` directive.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CheckConfig {
    pub skip: RuleSet,
    pub experimental: RuleSet,
    pub error: bool,
    /// Rule names as written with where they are (for diagnostics on unknown names).
    pub names: Vec<(String, TextRange)>,
}

impl CheckConfig {
    /// Unions another configuration into this one (per-instruction over global).
    pub fn merged(&self, other: &CheckConfig) -> CheckConfig {
        let mut out = self.clone();
        out.skip.merge(&other.skip);
        out.experimental.merge(&other.experimental);
        out.error |= other.error;
        out
    }
}

/// Parses the value of a `check` directive: at most three `;`-separated options.
/// `base` is the value's offset in the text, for locating errors and names.
pub fn parse_check(value: &str, base: usize) -> Result<CheckConfig, (TextRange, String)> {
    let mut cfg = CheckConfig::default();
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut rest = value;
    let mut offset = 0;
    // At most three parts: a fourth `;` stays in the third part's value.
    for _ in 0..2 {
        match rest.find(';') {
            Some(i) => {
                parts.push((offset, &rest[..i]));
                offset += i + 1;
                rest = &rest[i + 1..];
            }
            None => break,
        }
    }
    parts.push((offset, rest));
    for (off, part) in parts {
        let whole = TextRange::new(base + off, base + off + part.len());
        let Some((k, v)) = part.split_once('=') else {
            return Err((whole, format!("invalid check option {:?}", part.trim())));
        };
        let key = k.trim();
        let v_trim = v.trim();
        let v_off = off + k.len() + 1 + (v.len() - v.trim_start().len());
        match key {
            "skip" | "experimental" => {
                let set = if v_trim == "all" {
                    RuleSet::All
                } else {
                    let mut names = Vec::new();
                    let mut pos = v_off;
                    for name in v_trim.split(',') {
                        let t = name.trim();
                        if !t.is_empty() {
                            let lead = name.len() - name.trim_start().len();
                            cfg.names.push((
                                t.to_string(),
                                TextRange::new(base + pos + lead, base + pos + lead + t.len()),
                            ));
                            names.push(t.to_string());
                        }
                        pos += name.len() + 1;
                    }
                    RuleSet::Some(names)
                };
                if key == "skip" {
                    cfg.skip = set;
                } else {
                    cfg.experimental = set;
                }
            }
            "error" => match v_trim {
                "1" | "t" | "T" | "TRUE" | "true" | "True" => cfg.error = true,
                "0" | "f" | "F" | "FALSE" | "false" | "False" => cfg.error = false,
                _ => {
                    return Err((
                        whole,
                        format!("failed to parse check option {:?}", part.trim()),
                    ))
                }
            },
            _ => {
                return Err((
                    TextRange::new(base + off, base + off + k.len()),
                    format!("invalid check option {key:?}"),
                ))
            }
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_lines() {
        let d = match_directive("#  SYNTAX = docker/dockerfile:1  ").map(|d| (d.name, d.value));
        assert_eq!(d, Some((3..9, 12..31)));
        assert!(match_directive("# escape=").is_none());
        assert!(match_directive("# just a comment").is_none());
        assert!(match_directive("#1=2").is_none());
    }

    #[test]
    fn check_options() {
        let c = parse_check("skip=JSONArgsRecommended,StageNameCasing;error=true", 0)
            .unwrap_or_default();
        assert!(c.skip.contains("StageNameCasing"));
        assert!(c.error);
        assert_eq!(c.names[1].1, TextRange::new(25, 40));
        assert!(parse_check("skip=all;experimental=all", 0).is_ok_and(|c| c.skip == RuleSet::All));
        assert!(parse_check("bogus", 0).is_err());
        assert!(parse_check("foo=bar", 0).is_err());
        assert!(parse_check("error=maybe", 0).is_err());
        // A fourth part stays inside the third one's value.
        assert!(parse_check("skip=A;error=false;experimental=B;x", 0)
            .is_ok_and(|c| c.experimental.contains("B;x")));
    }
}
