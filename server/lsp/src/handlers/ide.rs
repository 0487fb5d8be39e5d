//! The parsed document that editor requests (completion, hover, ...) read: the analysis
//! of the document's current version ([`crate::handlers::diagnostics::snapshot`]). After a
//! keystroke it is computed incrementally from the previous one in about a millisecond,
//! and a request arriving while it is being computed waits for that same computation.

use std::sync::Arc;

use dockls_syntax::Dockerfile;
use tower_lsp_server::ls_types::Uri;

use crate::convert::Lines;
use crate::state::{Snapshot, State};

pub struct IdeDoc(Arc<Snapshot>);

impl IdeDoc {
    pub fn text(&self) -> &str {
        &self.dockerfile().text
    }

    pub fn lines(&self) -> &Lines {
        &self.0.lines
    }

    pub fn dockerfile(&self) -> &Dockerfile {
        &self.0.analysis.dockerfile
    }
}

/// The current version of an open document, parsed.
pub async fn document(state: &Arc<State>, uri: &Uri) -> Option<IdeDoc> {
    crate::handlers::diagnostics::snapshot(state, uri)
        .await
        .map(IdeDoc)
}
