//! Go to definition, find references, document highlight and rename for ARG/ENV
//! variables, build stage names and heredoc names (scoping in [`super::scope`]).

use dockls_syntax::{Body, Dockerfile, Keyword, TextRange};

use super::scope::{is_identifier, is_predefined, Scopes};
use crate::diagnostic::Edit;

/// What a highlighted occurrence does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A declaration (`ARG X`, `ENV X=`, `AS name`, `<<EOF`).
    Write,
    /// A use.
    Read,
}

/// The thing under the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Var(usize),
    Stage { stage: usize },
    Heredoc { instruction: usize, heredoc: usize },
}

fn target_at(s: &Scopes, offset: usize) -> Option<Target> {
    if let Some(v) = s.var_at(offset) {
        return Some(Target::Var(v));
    }
    if let Some(o) = s.stage_at(offset) {
        return Some(Target::Stage { stage: o.stage });
    }
    s.heredoc_at(offset).map(|h| Target::Heredoc {
        instruction: h.instruction,
        heredoc: h.heredoc,
    })
}

/// Every occurrence of the target, with its access.
fn occurrences(s: &Scopes, t: Target) -> Vec<(TextRange, Access)> {
    let mut out: Vec<(TextRange, Access)> = match t {
        Target::Var(v) => {
            let group = s.vars[v].group;
            s.group(group)
                .map(|o| {
                    let access = if o.is_decl() {
                        Access::Write
                    } else {
                        Access::Read
                    };
                    (o.name_range, access)
                })
                .collect()
        }
        Target::Stage { stage } => s
            .stages
            .iter()
            .filter(|o| o.stage == stage)
            .map(|o| (o.range, if o.decl { Access::Write } else { Access::Read }))
            .collect(),
        Target::Heredoc {
            instruction,
            heredoc,
        } => s
            .heredocs
            .iter()
            .filter(|h| h.instruction == instruction && h.heredoc == heredoc)
            .map(|h| {
                (
                    h.range,
                    if h.marker {
                        Access::Write
                    } else {
                        Access::Read
                    },
                )
            })
            .collect(),
    };
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out.dedup_by_key(|(r, _)| *r);
    out
}

/// Where the name under `offset` is defined. A reference goes to the declaration it
/// reads; a valueless `ARG NAME` in a stage goes to the global ARG it redeclares; a
/// declaration otherwise is its own definition. Unresolved names give nothing.
pub fn definition(df: &Dockerfile, offset: usize) -> Vec<TextRange> {
    let s = Scopes::new(df);
    match target_at(&s, offset) {
        Some(Target::Var(v)) => {
            let o = &s.vars[v];
            match (o.is_decl(), o.target) {
                (false, Some(t)) => vec![s.vars[t].name_range],
                (false, None) => Vec::new(),
                (true, Some(t)) if o.decl == Some((super::scope::VarKind::Arg, false)) => {
                    vec![s.vars[t].name_range]
                }
                (true, _) => vec![o.name_range],
            }
        }
        Some(Target::Stage { stage }) => s
            .stages
            .iter()
            .filter(|o| o.stage == stage && o.decl)
            .map(|o| o.range)
            .collect(),
        Some(Target::Heredoc {
            instruction,
            heredoc,
        }) => s
            .heredocs
            .iter()
            .filter(|h| h.instruction == instruction && h.heredoc == heredoc && h.marker)
            .map(|h| h.range)
            .collect(),
        None => Vec::new(),
    }
}

/// Every occurrence of the name under `offset` (declarations only when asked).
pub fn references(df: &Dockerfile, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    let s = Scopes::new(df);
    let Some(t) = target_at(&s, offset) else {
        return Vec::new();
    };
    occurrences(&s, t)
        .into_iter()
        .filter(|(_, a)| include_declaration || *a == Access::Read)
        .map(|(r, _)| r)
        .collect()
}

/// The occurrences of the name under `offset` in this document, declarations as writes.
pub fn highlights(df: &Dockerfile, offset: usize) -> Vec<(TextRange, Access)> {
    let s = Scopes::new(df);
    target_at(&s, offset)
        .map(|t| occurrences(&s, t))
        .unwrap_or_default()
}

/// Why a rename cannot happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

/// What a rename at a position would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameTarget {
    /// The name under the cursor.
    pub range: TextRange,
    /// Its current text.
    pub placeholder: String,
}

fn err<T>(msg: impl Into<String>) -> Result<T, RenameError> {
    Err(RenameError(msg.into()))
}

/// Why the word at `offset` cannot be renamed, when it is not a name.
fn refusal(df: &Dockerfile, offset: usize) -> Option<RenameError> {
    let i = df.instruction_at(offset)?;
    let ins = df.instructions.get(i)?;
    let kw = if ins.keyword_range.touches(offset) {
        Some(&ins.keyword_text)
    } else {
        match &ins.body {
            Body::Onbuild(Some(inner)) if inner.keyword_range.touches(offset) => {
                Some(&inner.keyword_text)
            }
            Body::From(f)
                if f.as_keyword
                    .as_ref()
                    .is_some_and(|a| a.range.touches(offset)) =>
            {
                return Some(RenameError(
                    "`AS` is a keyword and cannot be renamed".into(),
                ))
            }
            _ => None,
        }
    };
    if let Some(k) = kw {
        return Some(RenameError(format!(
            "`{}` is an instruction keyword and cannot be renamed",
            k.to_ascii_uppercase()
        )));
    }
    if let Body::From(f) = &ins.body {
        if f.image.as_ref().is_some_and(|w| w.range.touches(offset)) {
            return Some(RenameError(
                "this is a base image reference, not a name defined in this file".into(),
            ));
        }
    }
    if ins.is(Keyword::Copy) {
        if let Some(v) = ins.flag("from").and_then(|f| f.value.as_ref()) {
            if v.range.touches(offset) {
                return Some(RenameError(
                    "this `--from` names an image or a stage by number, which cannot be renamed"
                        .into(),
                ));
            }
        }
    }
    None
}

/// Checks that a rename is possible at `offset` and returns the range to rename.
/// `Ok(None)`: nothing to rename here (no error worth showing).
pub fn prepare_rename(df: &Dockerfile, offset: usize) -> Result<Option<RenameTarget>, RenameError> {
    prepare_in(df, &Scopes::new(df), offset)
}

fn prepare_in(
    df: &Dockerfile,
    s: &Scopes,
    offset: usize,
) -> Result<Option<RenameTarget>, RenameError> {
    let target = |range: TextRange| RenameTarget {
        range,
        placeholder: range.of(&df.text).to_string(),
    };
    if let Some(v) = s.var_at(offset) {
        let o = &s.vars[v];
        if s.group(o.group).any(|x| x.predefined) {
            return err(format!(
                "`{}` is a predefined build argument; its name is fixed by BuildKit",
                o.name
            ));
        }
        if !s.group(o.group).any(|x| x.is_decl()) {
            return err(format!(
                "`{}` is not declared in this file (it comes from the base image or the shell), so it cannot be renamed here",
                o.name
            ));
        }
        return Ok(Some(target(o.name_range)));
    }
    if let Some(o) = s.stage_at(offset) {
        if o.numeric {
            return err(
                "a stage referenced by number cannot be renamed; rename it at its `AS` name",
            );
        }
        return Ok(Some(target(o.range)));
    }
    if let Some(h) = s.heredoc_at(offset) {
        return Ok(Some(target(h.range)));
    }
    match refusal(df, offset) {
        Some(e) => Err(e),
        None => Ok(None),
    }
}

/// Stages whose variables can see each other's: `stage` with its ancestors and descendants.
fn related_scopes(df: &Dockerfile, scopes: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = scopes.to_vec();
    for st in &df.stages {
        let lineage = df.lineage(st.index);
        if scopes
            .iter()
            .flatten()
            .any(|s| lineage.contains(s) || df.lineage(*s).contains(&st.index))
        {
            out.push(Some(st.index));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Renames the name under `offset`: the edits for every occurrence.
pub fn rename(df: &Dockerfile, offset: usize, new_name: &str) -> Result<Vec<Edit>, RenameError> {
    let s = Scopes::new(df);
    let Some(t) = prepare_in(df, &s, offset)? else {
        return err("there is no variable, stage or heredoc name here to rename");
    };
    let new_name = new_name.trim();
    let occs = if let Some(v) = s.var_at(offset) {
        if !is_identifier(new_name) {
            return err(format!(
                "`{new_name}` is not a valid variable name: use letters, digits and `_`, not starting with a digit"
            ));
        }
        if is_predefined(new_name) {
            return err(format!(
                "`{new_name}` is a predefined build argument; pick another name"
            ));
        }
        let group = s.vars[v].group;
        let touched: Vec<Option<usize>> = s.group(group).map(|o| o.scope).collect();
        let related = related_scopes(df, &touched);
        if let Some(clash) = s
            .vars
            .iter()
            .find(|o| o.name == new_name && o.group != group && related.contains(&o.scope))
        {
            let line = df.line_index.line_of(clash.name_range.start) + 1;
            return err(format!(
                "`{new_name}` is already used in the same scope (line {line}); renaming would merge two variables"
            ));
        }
        occurrences(&s, Target::Var(v))
    } else if let Some(o) = s.stage_at(offset) {
        if !dockls_syntax::is_valid_stage_name(new_name) {
            return err(format!(
                "`{new_name}` is not a valid stage name: start with a letter and use letters, digits, `-`, `_` and `.`"
            ));
        }
        let lower = new_name.to_ascii_lowercase();
        if df
            .stages
            .iter()
            .any(|st| st.index != o.stage && st.name.as_deref() == Some(lower.as_str()))
        {
            return err(format!("a stage named `{new_name}` already exists"));
        }
        // A base image or `--from` image with that name would start meaning the stage.
        let image_named = df.instructions.iter().any(|ins| {
            let from_image = match &ins.body {
                Body::From(f) => f
                    .image
                    .as_ref()
                    .is_some_and(|w| w.value.eq_ignore_ascii_case(new_name)),
                _ => false,
            };
            let copy_from = ins.is(Keyword::Copy)
                && ins.flags_named("from").any(|f| {
                    f.value_str()
                        .is_some_and(|v| v.eq_ignore_ascii_case(new_name))
                });
            from_image || copy_from
        });
        if image_named {
            return err(format!(
                "`{new_name}` is used as an image name in this file; a stage with that name would replace it"
            ));
        }
        occurrences(&s, Target::Stage { stage: o.stage })
            .into_iter()
            .filter(|(r, _)| !s.stages.iter().any(|x| x.range == *r && x.numeric))
            .collect()
    } else if let Some(h) = s.heredoc_at(offset) {
        let ok = new_name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && new_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ok {
            return err(format!(
                "`{new_name}` is not a valid heredoc name: use letters, digits, `_`, `-` and `.`"
            ));
        }
        let ins = df.instructions.get(h.instruction);
        let body_has_line = ins
            .and_then(|i| i.heredocs.get(h.heredoc))
            .is_some_and(|hd| {
                hd.body
                    .of(&df.text)
                    .lines()
                    .any(|l| l.trim_start_matches('\t').trim_end_matches('\r') == new_name)
            });
        if body_has_line {
            return err(format!(
                "the heredoc body has a line reading `{new_name}`, which would end it early"
            ));
        }
        occurrences(
            &s,
            Target::Heredoc {
                instruction: h.instruction,
                heredoc: h.heredoc,
            },
        )
    } else {
        return err(format!("`{}` cannot be renamed", t.placeholder));
    };
    Ok(occs
        .into_iter()
        .map(|(r, _)| Edit::replace(r, new_name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Removes the `$0` cursor marker: (text, offset).
    fn fixture(src: &str) -> (String, usize) {
        let at = src.find("$0").unwrap_or(0);
        (src.replacen("$0", "", 1), at)
    }

    fn texts(text: &str, ranges: &[TextRange]) -> Vec<(usize, String)> {
        let idx = dockls_syntax::LineIndex::new(text);
        ranges
            .iter()
            .map(|r| (idx.line_of(r.start), r.of(text).to_string()))
            .collect()
    }

    fn def(src: &str) -> Vec<(usize, String)> {
        let (text, at) = fixture(src);
        let df = dockls_syntax::parse(&text);
        texts(&text, &definition(&df, at))
    }

    fn refs(src: &str) -> Vec<(usize, String)> {
        let (text, at) = fixture(src);
        let df = dockls_syntax::parse(&text);
        texts(&text, &references(&df, at, true))
    }

    fn renamed(src: &str, new: &str) -> Result<String, RenameError> {
        let (text, at) = fixture(src);
        let df = dockls_syntax::parse(&text);
        let edits = rename(&df, at, new)?;
        Ok(crate::ide::format::apply_edits(&text, &edits))
    }

    #[test]
    fn definition_of_variables() {
        assert_eq!(def("ARG V=1\nFROM a:$0$V\n"), vec![(0, "V".into())]);
        assert_eq!(def("ARG V=1\nFROM a\nRUN echo $V$0\n"), vec![]);
        assert_eq!(
            def("ARG V=1\nFROM a\nARG V\nRUN echo ${V$0:-x}\n"),
            vec![(2, "V".into())]
        );
        // A valueless redeclaration leads to the global.
        assert_eq!(def("ARG V=1\nFROM a\nARG V$0\n"), vec![(0, "V".into())]);
        assert_eq!(
            def("FROM a AS b\nARG X=1\nENV X=2\nFROM b\nCMD echo $X$0\n"),
            vec![(2, "X".into())]
        );
        assert_eq!(
            def("FROM a\nARG X\nRUN <<EOF\necho $X$0\nEOF\n"),
            vec![(1, "X".into())]
        );
    }

    #[test]
    fn definition_of_stages_and_heredocs() {
        assert_eq!(
            def("FROM a AS build\nFROM b\nCOPY --from=bu$0ild /x /x\n"),
            vec![(0, "build".into())]
        );
        assert_eq!(
            def("FROM a AS build\nFROM b\nCOPY --from=0$0 /x /x\n"),
            vec![(0, "build".into())]
        );
        assert_eq!(
            def("FROM a AS Build\nFROM build$0\n"),
            vec![(0, "Build".into())]
        );
        assert_eq!(
            def("FROM a AS build\nRUN --mount=from=build$0,target=/x true\n"),
            vec![(0, "build".into())]
        );
        assert_eq!(
            def("FROM a\nRUN <<EOF\nx\nEOF$0\n"),
            vec![(1, "EOF".into())]
        );
        assert_eq!(def("FROM alpine$0\n"), vec![]);
    }

    #[test]
    fn references_respect_scopes() {
        let src = "ARG V=1\nFROM a:$V AS one\nARG V\nRUN echo $V\nFROM a AS two\nARG V=2\nRUN echo $V$0\nFROM one\nRUN echo $V\n";
        assert_eq!(refs(src), vec![(5, "V".into()), (6, "V".into())]);
        let src = "ARG V$0=1\nFROM a:$V AS one\nARG V\nRUN echo $V\nFROM a AS two\nARG V=2\nRUN echo $V\nFROM one\nRUN echo $V\n";
        assert_eq!(
            refs(src),
            vec![
                (0, "V".into()),
                (1, "V".into()),
                (2, "V".into()),
                (3, "V".into()),
                (8, "V".into())
            ]
        );
    }

    #[test]
    fn highlight_kinds() {
        let (text, at) = fixture("FROM a AS b$0\nFROM b\nCOPY --from=b /x /y\n");
        let df = dockls_syntax::parse(&text);
        let h = highlights(&df, at);
        let kinds: Vec<Access> = h.iter().map(|x| x.1).collect();
        assert_eq!(kinds, vec![Access::Write, Access::Read, Access::Read]);
    }

    #[test]
    fn rename_variables() {
        assert_eq!(
            renamed(
                "ARG V$0=1\nFROM a:${V}\nARG V\nRUN echo \"$V\" && \\\n  echo ${V:-x}\nCMD echo $V\n",
                "VER"
            )
            .as_deref(),
            Ok("ARG VER=1\nFROM a:${VER}\nARG VER\nRUN echo \"$VER\" && \\\n  echo ${VER:-x}\nCMD echo $V\n")
        );
        assert!(renamed("FROM a\nARG V$0\n", "1X").is_err());
        assert!(renamed("FROM a\nARG V$0\nARG W\n", "W").is_err());
        assert!(renamed("FROM a\nARG V$0\n", "HTTP_PROXY").is_err());
        // A variable of another stage with the new name does not clash.
        assert_eq!(
            renamed("FROM a\nARG V$0\nFROM b\nARG W\n", "W").as_deref(),
            Ok("FROM a\nARG W\nFROM b\nARG W\n")
        );
    }

    #[test]
    fn rename_stages_and_heredocs() {
        assert_eq!(
            renamed(
                "FROM a AS build$0\nFROM build\nRUN --mount=from=build,target=/x true\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n",
                "compile"
            )
            .as_deref(),
            Ok("FROM a AS compile\nFROM compile\nRUN --mount=from=compile,target=/x true\nCOPY --from=compile /a /a\nCOPY --from=0 /b /b\n")
        );
        assert!(renamed("FROM a AS build$0\n", "9x").is_err());
        assert!(renamed("FROM a AS build$0\nFROM b AS test\n", "Test").is_err());
        assert!(renamed(
            "FROM a AS build$0\nFROM b\nCOPY --from=nginx /a /a\n",
            "nginx"
        )
        .is_err());
        assert_eq!(
            renamed("FROM a\nRUN <<-EOF$0\n\tx\n\tEOF\n", "END").as_deref(),
            Ok("FROM a\nRUN <<-END\n\tx\n\tEND\n")
        );
        assert!(renamed("FROM a\nRUN <<EOF$0\nEND\nEOF\n", "END").is_err());
    }

    #[test]
    fn prepare_rename_refusals() {
        let check = |src: &str| {
            let (text, at) = fixture(src);
            let df = dockls_syntax::parse(&text);
            prepare_rename(&df, at)
        };
        assert!(check("FR$0OM a\n").is_err());
        assert!(check("FROM al$0pine\n").is_err());
        assert!(check("FROM a AS b\nCOPY --from=0$0 /a /a\n").is_err());
        assert!(check("FROM --platform=$BUILD$0PLATFORM a\n").is_err());
        assert!(check("FROM a\nARG TARGETOS$0\n").is_err());
        assert!(check("FROM a\nRUN echo $HO$0ME\n").is_err());
        assert_eq!(check("FROM a\n\n$0\n"), Ok(None));
        assert_eq!(
            check("FROM a\nENV A$0BC=1\n").map(|t| t.map(|t| t.placeholder)),
            Ok(Some("ABC".into()))
        );
    }
}
