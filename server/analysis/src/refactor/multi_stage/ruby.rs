//! Ruby: install gems in the builder (native extensions compile there) and run on the
//! `-slim` variant of the same official image with the bundle copied over.

use dockls_syntax::Body;

use crate::rules::practice::ecosystem::{self, Tool};
use crate::rules::practice::facts;

use super::super::images;
use super::super::paths;
use super::{Artifact, Plan, Stage};

pub fn plan(st: &Stage<'_>) -> Option<Plan> {
    let short = st.image.short_name().to_ascii_lowercase();
    if short != "ruby" {
        return None;
    }
    let tag = st.written_tag().unwrap_or_else(|| "latest".into());
    // Official images have a -slim variant; images built on them keep their own.
    let runtime_image = if st.image.is_docker_official() || st.image.repository == "ruby" {
        st.retag(&images::slim_tag("ruby", &tag)?)
    } else {
        st.image_word.clone()
    };
    let mut plan = Plan {
        same_family: true,
        family: Some(st.family),
        runtime_image,
        ..Plan::default()
    };
    // Where bundler puts the gems: BUNDLE_PATH, `bundle config [set] path X`, or the
    // official images' default.
    let end = st.instructions().end;
    let mut bundle = facts::var_value(st.cx, st.index, end, "BUNDLE_PATH")
        .or_else(|| facts::var_value(st.cx, st.index, end, "GEM_HOME"))
        .unwrap_or_else(|| "/usr/local/bundle".into());
    for rc in st.commands() {
        let Some((Tool::Bundler, a)) = ecosystem::tool_of(&rc.cmd) else {
            continue;
        };
        let v: Vec<&str> = a.args.iter().map(|w| w.value.as_str()).collect();
        let path = match v.as_slice() {
            ["config", "set", "path", p, ..] | ["config", "path", p, ..] => Some(*p),
            ["config", "set", "--local", "path", p, ..] | ["config", "--local", "path", p, ..] => {
                Some(*p)
            }
            _ => None,
        };
        if let (Some(p), Some(cwd)) = (path, &rc.cwd) {
            let p = p.trim_matches(['\'', '"']);
            if !p.contains('$') {
                bundle = paths::join(cwd, p);
            }
        }
    }
    // A BUNDLE_* ENV set before the install is needed at runtime too (the driver keeps
    // ENVs that are not build-only; BUNDLE_* counts as build-only, so repeat it here).
    for i in st.instructions() {
        if let Some(Body::Env { pairs, .. }) = st.df.instructions.get(i).map(|x| &x.body) {
            for p in pairs {
                if p.key.value.starts_with("BUNDLE_") {
                    plan.env.push(format!(
                        "{} {}",
                        st.style.kw(dockls_syntax::Keyword::Env),
                        p.range.of(st.text())
                    ));
                }
            }
        }
    }
    if paths::relative_to(&bundle, &st.app_dir).is_none() || st.app_dir == "/" {
        plan.artifacts.push(Artifact::same(bundle));
    }
    if st.app_dir != "/" {
        plan.artifacts.push(Artifact::same(st.app_dir.clone()));
    }
    Some(plan)
}
