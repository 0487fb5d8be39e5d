//! Editor answers: pure functions over a parsed [`dockls_syntax::Dockerfile`] returning
//! plain data with byte ranges. The LSP crate converts them; nothing here knows LSP.

mod at_cursor;
pub mod catalogue;
pub mod completion;
pub mod docs;
pub mod folding;
pub mod format;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod navigation;
pub mod scope;
pub mod selection;
pub mod semantic_tokens;
pub mod signature;
pub mod symbols;
pub mod visible;
