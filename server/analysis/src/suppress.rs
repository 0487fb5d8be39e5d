//! Suppression comments: `# dockls ignore=`, `# dockls global ignore=`, hadolint's
//! `# hadolint ignore=` / `global ignore=`, and BuildKit's `# check=skip=` (the directive
//! and the per-instruction comment).

use dockls_syntax::directives::{parse_check, CheckConfig};
use dockls_syntax::{Dockerfile, TextRange};

/// Who wrote a suppression comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Dockls,
    Hadolint,
}

/// One name listed in an ignore comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredName {
    pub name: String,
    pub range: TextRange,
}

/// An ignore comment and what it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreComment {
    pub origin: Origin,
    pub global: bool,
    /// The comment line.
    pub range: TextRange,
    pub names: Vec<IgnoredName>,
    /// The instruction it applies to (for non-global comments).
    pub instruction: Option<usize>,
}

/// Parses `# <tool> [global ]ignore=A,B [reason]` (tool `dockls` or `hadolint`).
/// Returns `None` for other comments.
pub fn parse_ignore(comment: &str, start: usize) -> Option<(Origin, bool, Vec<IgnoredName>)> {
    let body = comment.strip_prefix('#')?;
    let lead = body.len() - body.trim_start().len();
    let body_t = body.trim_start();
    let (origin, rest) = if let Some(r) = body_t.strip_prefix("dockls") {
        (Origin::Dockls, r)
    } else if let Some(r) = body_t.strip_prefix("hadolint") {
        (Origin::Hadolint, r)
    } else {
        return None;
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut offset = 1 + lead + (body_t.len() - rest.len());
    let trimmed = rest.trim_start();
    offset += rest.len() - trimmed.len();
    let (global, after) = match trimmed.strip_prefix("global") {
        Some(r) if r.starts_with([' ', '\t']) => {
            let t = r.trim_start();
            offset += "global".len() + (r.len() - t.len());
            (true, t)
        }
        _ => (false, trimmed),
    };
    let list = after.strip_prefix("ignore=")?;
    offset += "ignore=".len();
    let mut names = Vec::new();
    // Names are comma-separated, spaces allowed around commas; the first word that does
    // not continue the list starts the reason.
    let bytes = list.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let s = i;
        while i < bytes.len() && !matches!(bytes[i], b',' | b' ' | b'\t') {
            i += 1;
        }
        if s < i {
            names.push(IgnoredName {
                name: list[s..i].to_string(),
                range: TextRange::new(start + offset + s, start + offset + i),
            });
        }
        let mut j = i;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b',' {
            i = j + 1;
            continue;
        }
        break;
    }
    if names.is_empty() {
        return None;
    }
    Some((origin, global, names))
}

/// Every ignore comment of the file, with the instruction each local one covers.
pub fn ignore_comments(df: &Dockerfile) -> Vec<IgnoreComment> {
    let mut out = Vec::new();
    for (ci, c) in df.comments.iter().enumerate() {
        if c.directive || c.inside_instruction {
            continue;
        }
        let Some((origin, global, names)) = parse_ignore(c.range.of(&df.text), c.range.start)
        else {
            continue;
        };
        let instruction = if global {
            None
        } else {
            match origin {
                // dockls: any comment of the block right above an instruction.
                Origin::Dockls => df
                    .instructions
                    .iter()
                    .position(|ins| ins.comments.contains(&ci)),
                // hadolint: only the line directly above.
                Origin::Hadolint => {
                    let line = df.line_index.line_of(c.range.start);
                    df.instructions
                        .iter()
                        .position(|ins| df.line_index.line_of(ins.range.start) == line + 1)
                }
            }
        };
        out.push(IgnoreComment {
            origin,
            global,
            range: c.range,
            names,
            instruction,
        });
    }
    out
}

/// BuildKit's check configuration: the global directive, and the per-instruction one
/// (first `# check=` line of an instruction's comment block), merged.
pub struct Checks {
    pub global: CheckConfig,
    per_instruction: Vec<Option<CheckConfig>>,
}

impl Checks {
    pub fn new(df: &Dockerfile) -> Self {
        let global = df
            .directive("check")
            .and_then(|d| parse_check(&d.value, d.value_range.start).ok())
            .unwrap_or_default();
        let per_instruction = df
            .instructions
            .iter()
            .map(|ins| {
                df.comments
                    .get(ins.comments.clone())?
                    .iter()
                    .filter(|c| !c.directive)
                    .find_map(|c| {
                        let t = c.range.of(&df.text).trim_start_matches('#').trim_start();
                        let v = t.strip_prefix("check=")?;
                        let v = v.split_whitespace().next().unwrap_or("");
                        let base = c.range.start + (c.range.len() - t.len()) + "check=".len();
                        // An invalid per-instruction option is ignored, as BuildKit does.
                        parse_check(v, base).ok()
                    })
            })
            .collect();
        Self {
            global,
            per_instruction,
        }
    }

    /// The configuration in effect for an instruction.
    pub fn at(&self, instruction: Option<usize>) -> CheckConfig {
        match instruction
            .and_then(|i| self.per_instruction.get(i))
            .and_then(|c| c.as_ref())
        {
            Some(local) => self.global.merged(local),
            None => self.global.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ignore_comments() {
        let (o, g, names) = parse_ignore(
            "# hadolint ignore=DL3008, DL3015 because pinned elsewhere",
            0,
        )
        .unwrap_or((Origin::Dockls, true, vec![]));
        assert_eq!(o, Origin::Hadolint);
        assert!(!g);
        assert_eq!(
            names.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
            vec!["DL3008", "DL3015"]
        );
        assert_eq!(names[0].range, TextRange::new(18, 24));
        let (_, g, _) = parse_ignore("#dockls global ignore=root-user", 0).unwrap_or((
            Origin::Hadolint,
            false,
            vec![],
        ));
        assert!(g);
        assert!(parse_ignore("# ignore=DL3008", 0).is_none());
        assert!(parse_ignore("# HADOLINT ignore=DL3008", 0).is_none());
    }

    #[test]
    fn finds_covered_instructions() {
        let df = dockls_syntax::parse(
            "FROM a\n# dockls ignore=DK104\n# why\nRUN x\n# hadolint ignore=DL3008\n\nRUN y\n",
        );
        let c = ignore_comments(&df);
        assert_eq!(c[0].instruction, Some(1));
        // hadolint's comment must be directly above.
        assert_eq!(c[1].instruction, None);
    }

    #[test]
    fn per_instruction_checks() {
        let df = dockls_syntax::parse("# check=skip=A\nFROM a\n# check=skip=B // reason\nRUN x\n");
        let checks = Checks::new(&df);
        assert!(checks.at(Some(1)).skip.contains("A"));
        assert!(checks.at(Some(1)).skip.contains("B"));
        assert!(!checks.at(Some(0)).skip.contains("B"));
    }
}
