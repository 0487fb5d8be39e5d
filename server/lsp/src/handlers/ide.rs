//! The parsed document that editor requests (completion, hover, ...) read: the analysis
//! snapshot when one exists for the document's current version, else a parse of the
//! text alone. Editor answers do not depend on settings or rule results, so a request
//! right after a keystroke never waits for the rules.

use std::sync::Arc;

use dockls_syntax::Dockerfile;
use tower_lsp_server::ls_types::Uri;

use crate::convert::Lines;
use crate::state::{lock, Snapshot, State};

pub struct Parsed {
    pub lines: Lines,
    pub dockerfile: Dockerfile,
}

pub enum IdeDoc {
    Snapshot(Arc<Snapshot>),
    Parsed(Box<Parsed>),
}

impl IdeDoc {
    pub fn text(&self) -> &str {
        &self.dockerfile().text
    }

    pub fn lines(&self) -> &Lines {
        match self {
            IdeDoc::Snapshot(s) => &s.lines,
            IdeDoc::Parsed(p) => &p.lines,
        }
    }

    pub fn dockerfile(&self) -> &Dockerfile {
        match self {
            IdeDoc::Snapshot(s) => &s.analysis.dockerfile,
            IdeDoc::Parsed(p) => &p.dockerfile,
        }
    }
}

/// The current version of an open document, parsed.
pub async fn document(state: &Arc<State>, uri: &Uri) -> Option<IdeDoc> {
    let text = {
        let docs = lock(&state.docs);
        let doc = docs.get(uri)?;
        if let Some(s) = lock(&state.snapshots)
            .get(uri)
            .filter(|s| s.version == doc.version)
        {
            return Some(IdeDoc::Snapshot(s.clone()));
        }
        doc.text()
    };
    let parsed = tokio::task::spawn_blocking(move || {
        let lines = Lines::new(&text);
        Parsed {
            lines,
            dockerfile: dockls_syntax::parse(&text),
        }
    })
    .await
    .ok()?;
    Some(IdeDoc::Parsed(Box::new(parsed)))
}
