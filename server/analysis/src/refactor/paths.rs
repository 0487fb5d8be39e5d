//! Paths inside the image: the WORKDIR in effect at an instruction and where a COPY
//! puts things.

use dockls_syntax::{Body, Word};

use crate::context::Context;
use crate::rules::practice::dockerignore::clean;
use crate::rules::practice::facts;
use crate::semantic::expand;

/// `p` resolved against the directory `base` (both `/`-separated), cleaned.
pub fn join(base: &str, p: &str) -> String {
    if p.starts_with('/') {
        clean(p)
    } else {
        clean(&format!("{}/{p}", base.trim_end_matches('/')))
    }
}

/// A word's value with the stage's ARG/ENV defaults substituted; `None` when a variable
/// has no known value.
pub fn value(cx: &Context<'_>, stage: usize, at: usize, w: &Word) -> Option<String> {
    if !w.has_vars() {
        return Some(w.value.clone());
    }
    let lookup = |n: &str| facts::var_value(cx, stage, at, n);
    expand(&w.raw, &lookup)
}

/// The working directory before instruction `at` of `stage` (its lineage included);
/// `/` when none is set, `None` when a WORKDIR cannot be resolved.
pub fn workdir_before(cx: &Context<'_>, stage: usize, at: usize) -> Option<String> {
    let mut wd = "/".to_string();
    for i in facts::lineage_instructions(cx.df, stage) {
        if i >= at && cx.df.stage_of(i).is_some_and(|s| s.index == stage) {
            break;
        }
        let Some(ins) = cx.df.instructions.get(i) else {
            continue;
        };
        if let Body::Workdir(Some(w)) = &ins.body {
            let owner = cx.df.stage_of(i).map_or(stage, |s| s.index);
            let v = value(cx, owner, i, w)?;
            wd = join(&wd, &v);
        }
    }
    Some(wd)
}

/// The working directory at the end of a stage.
pub fn final_workdir(cx: &Context<'_>, stage: usize) -> Option<String> {
    let end = cx.df.stages.get(stage)?.instructions.end;
    workdir_before(cx, stage, end)
}

/// Where a COPY/ADD at instruction `i` puts its sources: the destination resolved
/// against the WORKDIR, and whether it names a directory (ends with `/`, is `.`, or has
/// several sources).
pub fn copy_dest(cx: &Context<'_>, stage: usize, i: usize) -> Option<(String, bool)> {
    let ins = cx.df.instructions.get(i)?;
    let (Body::Copy(c) | Body::Add(c)) = &ins.body else {
        return None;
    };
    let dest = c.dest.as_ref()?;
    let v = value(cx, stage, i, dest)?;
    let wd = workdir_before(cx, stage, i)?;
    let dir = v.ends_with('/') || v == "." || v == "./" || c.sources.len() > 1;
    Some((join(&wd, &v), dir))
}

/// `path` relative to `dir` when it is inside it (`""` for `dir` itself).
pub fn relative_to(path: &str, dir: &str) -> Option<String> {
    let path = clean(path);
    let dir = clean(dir);
    if path == dir {
        return Some(String::new());
    }
    let prefix = if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    };
    path.strip_prefix(&prefix).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    #[test]
    fn workdirs_resolve() {
        let src = "FROM a\nARG D=/srv\nWORKDIR $D\nWORKDIR app\nCOPY . .\nCOPY x /etc/\n";
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, &NoFiles, None);
        assert_eq!(workdir_before(&cx, 0, 3).as_deref(), Some("/srv"));
        assert_eq!(final_workdir(&cx, 0).as_deref(), Some("/srv/app"));
        assert_eq!(copy_dest(&cx, 0, 4), Some(("/srv/app".into(), true)));
        assert_eq!(copy_dest(&cx, 0, 5), Some(("/etc".into(), true)));
        assert_eq!(relative_to("/srv/app/x", "/srv").as_deref(), Some("app/x"));
        assert_eq!(relative_to("/srv", "/srv").as_deref(), Some(""));
        assert_eq!(relative_to("/x", "/").as_deref(), Some("x"));
        assert_eq!(relative_to("/other", "/srv"), None);
    }
}
