//! The table of every rule, and lookups by code, name or alias.

use std::sync::OnceLock;

use crate::rule::{Rule, RuleMeta};

/// Every lint rule, in code order.
pub fn rules() -> &'static [&'static dyn Rule] {
    static ALL: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static dyn Rule> = crate::rules::all();
        v.sort_by_key(|r| r.meta().code);
        v
    })
}

/// Every code dockls can report: syntax problems, then lint rules.
pub fn all_meta() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v = crate::rules::syntax::all();
        let mut lint: Vec<&'static RuleMeta> = rules().iter().map(|r| r.meta()).collect();
        lint.extend(crate::rules::meta::engine_metas());
        lint.sort_by_key(|m| m.code);
        v.extend(lint);
        v
    })
}

pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    all_meta().iter().copied().find(|m| m.code == code)
}

/// Finds a rule by code, kebab name, hadolint ID or BuildKit name (case-insensitive).
pub fn lookup(name: &str) -> Option<&'static RuleMeta> {
    all_meta().iter().copied().find(|m| m.answers_to(name))
}

/// hadolint IDs that no longer exist (accepted in configuration as no-ops).
pub const RETIRED_HADOLINT: &[&str] = &["DL3005", "DL3017", "DL3031", "DL3039", "DL4002"];

/// Whether a name is known: a rule, a retired hadolint ID, or a ShellCheck code (which
/// `.hadolint.yaml` files and `# hadolint ignore=` comments list).
pub fn is_known_name(name: &str) -> bool {
    let n = name.trim();
    lookup(n).is_some()
        || RETIRED_HADOLINT.iter().any(|r| r.eq_ignore_ascii_case(n))
        || (n.len() > 2
            && n[..2].eq_ignore_ascii_case("SC")
            && n[2..].chars().all(|c| c.is_ascii_digit()))
}

/// Whether a selector (`ALL`, a code prefix such as `DK1`, a category name, or a rule
/// name) matches a rule.
pub fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("ALL")
        || meta.answers_to(s)
        || s.eq_ignore_ascii_case(meta.category.as_str())
    {
        return true;
    }
    let upper = s.to_ascii_uppercase();
    upper.len() >= 3 && upper.starts_with("DK") && meta.code.starts_with(&upper)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_names_and_aliases_are_unique() {
        let mut seen = HashSet::new();
        for m in all_meta() {
            assert!(seen.insert(m.code.to_string()), "duplicate code {}", m.code);
            assert!(seen.insert(m.name.to_string()), "duplicate name {}", m.name);
            for a in m.aliases() {
                assert!(seen.insert(a.to_string()), "alias {a} used twice");
            }
            assert!(
                m.code.len() == 5 && m.code.starts_with("DK"),
                "bad code {}",
                m.code
            );
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for m in all_meta() {
            for section in ["What it does", "Why is this bad?", "Example"] {
                assert!(
                    crate::rule::section(m.docs, section).is_some(),
                    "{} has no '## {section}'",
                    m.code
                );
            }
            assert!(
                m.docs.contains("Use instead"),
                "{} has no 'Use instead'",
                m.code
            );
            if m.fixable != crate::rule::Fixable::No {
                assert!(
                    crate::rule::section(m.docs, "Fix").is_some(),
                    "{} is fixable but has no '## Fix'",
                    m.code
                );
            }
            assert!(!m.summary().is_empty(), "{} has no summary", m.code);
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup("dk001").map(|m| m.code), Some("DK001"));
        assert_eq!(lookup("unknown-instruction").map(|m| m.code), Some("DK002"));
        assert!(is_known_name("SC2086"));
        assert!(is_known_name("DL3005"));
        assert!(!is_known_name("DL9999"));
    }
}
