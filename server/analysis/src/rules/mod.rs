//! Every rule, one file each, grouped by category. Adding a rule: its file, one line in
//! its group's `mod.rs`, one fixture.

pub mod image;
pub mod instruction;
pub mod meta;
pub mod practice;
pub mod security;
pub mod shell;
pub mod syntax;

use crate::rule::Rule;

pub(crate) fn all() -> Vec<&'static dyn Rule> {
    let mut v = Vec::new();
    v.extend(practice::rules());
    v.extend(image::rules());
    v.extend(shell::rules());
    v.extend(instruction::rules());
    v.extend(security::rules());
    v.extend(meta::rules());
    v
}
