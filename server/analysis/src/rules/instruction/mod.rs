//! Rules of the `instruction` category: instruction correctness and style.

mod maintainer_deprecated;

use crate::rule::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![&maintainer_deprecated::MaintainerDeprecated]
}
