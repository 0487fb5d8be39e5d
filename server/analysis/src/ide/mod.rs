//! Editor answers: pure functions over a parsed Dockerfile returning plain data with byte
//! ranges (the LSP crate converts positions). One file per feature.

pub mod folding;
pub mod format;
pub mod navigation;
pub mod scope;
pub mod selection;
pub mod semantic_tokens;
pub mod symbols;
