//! Anything else: the runtime stage starts from the builder's image and gets the
//! application directory (and what the builder moved outside it), with a comment on what
//! to review. The result is a valid two-stage file that separates building from
//! running, for the user to tighten.

use crate::rules::practice::ecosystem::Ecosystem;

use super::{Artifact, Plan, Stage};

pub fn plan(st: &Stage<'_>) -> Plan {
    let mut plan = Plan {
        runtime_image: st.image_word.clone(),
        family: Some(st.family),
        same_family: true,
        generic: true,
        ..Plan::default()
    };
    if st.app_dir != "/" {
        plan.artifacts.push(Artifact::same(st.app_dir.clone()));
    }
    // Packages pip and gem install system-wide land under /usr/local.
    if matches!(st.ecosystem, Some(Ecosystem::Python | Ecosystem::Ruby)) {
        plan.artifacts.push(Artifact::same("/usr/local"));
    }
    plan
}
