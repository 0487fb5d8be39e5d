//! One file per area of the protocol. Handlers look up the document, call the analysis
//! crate and convert its answer; they make no decisions of their own.

pub mod actions;
pub mod completion;
pub mod custom;
pub mod diagnostics;
pub mod folding;
pub mod format;
pub mod hover;
pub mod ide;
pub mod inlay;
pub mod lifecycle;
pub mod links;
pub mod navigation;
pub mod selection;
pub mod semantic_tokens;
pub mod settings;
pub mod signature;
pub mod symbols;
pub mod sync;
