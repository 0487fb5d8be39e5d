//! Rules about suppression comments and directives.

mod unknown_ignore;
pub mod unused_suppression;

use crate::rule::{Rule, RuleMeta};

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![&unknown_ignore::UnknownIgnore]
}

/// Rules the engine reports itself (they need the results of the other rules).
pub(crate) fn engine_metas() -> Vec<&'static RuleMeta> {
    vec![&unused_suppression::UnusedSuppression::META]
}
