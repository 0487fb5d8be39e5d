//! One file per area of the protocol. Handlers look up the document, call the analysis
//! crate and convert its answer; they make no decisions of their own.

pub mod actions;
pub mod custom;
pub mod diagnostics;
pub mod lifecycle;
pub mod settings;
pub mod sync;
