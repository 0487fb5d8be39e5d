//! Editor answers: pure functions over a parsed [`dockls_syntax::Dockerfile`] returning
//! plain data with byte ranges. The LSP crate converts them; nothing here knows LSP.

mod at_cursor;
pub mod catalogue;
pub mod completion;
pub mod docs;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod signature;
pub mod visible;
