//! Computing, caching and delivering diagnostics. Analysis runs off the async runtime;
//! a result is published only while its version is still the document's version, with
//! that version in `publishDiagnostics`. Changes that arrive during an analysis coalesce
//! into one more run.

use std::path::PathBuf;
use std::sync::Arc;

use futures::FutureExt;

use dockls_analysis::context::{NoFiles, ProjectFiles};
use dockls_project::FsFiles;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::convert::Lines;
use crate::state::{lock, read, DiagnosticMode, Snapshot, State};
use crate::to_proto;

fn file_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// Analyses a document's text (blocking work). With `prev`, the analysis of an earlier
/// version, only what the edits can have changed is computed again.
pub fn compute(
    state: &State,
    uri: &Uri,
    text: String,
    version: i32,
    prev: Option<Arc<Snapshot>>,
) -> Snapshot {
    let path = file_path(uri);
    let generation = state.generation.load(std::sync::atomic::Ordering::SeqCst);
    let (client, root) = {
        let s = read(&state.session);
        (
            s.client_settings
                .clone()
                .unwrap_or_else(|| s.init_settings.clone()),
            s.root.clone(),
        )
    };
    let resolved = dockls_project::settings::resolve(path.as_deref(), &[&client], root.as_deref());
    let fs_files = path.as_deref().map(FsFiles::for_dockerfile);
    let files: &dyn ProjectFiles = match &fs_files {
        Some(f) => f,
        None => &NoFiles,
    };
    let name = path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    // The previous analysis is taken over when nobody else holds it (a request reading it
    // right now), else copied.
    let prev = prev.map(|p| match Arc::try_unwrap(p) {
        Ok(snap) => snap.analysis,
        Err(shared) => {
            tracing::debug!(
                "v{}: the previous analysis is in use; copying it",
                shared.version
            );
            shared.analysis.clone()
        }
    });
    let analysis = match prev {
        Some(prev) => dockls_analysis::analyze_incremental(
            prev,
            &text,
            &resolved.settings,
            files,
            name.as_deref(),
        ),
        None => dockls_analysis::analyze(&text, &resolved.settings, files, name.as_deref()),
    };
    let lines = Lines::new(&text);
    Snapshot {
        config: resolved.config,
        version,
        generation,
        text: Arc::new(text),
        lines,
        analysis,
        settings: resolved.settings,
    }
}

/// The analysis of the document's current version. A computation already running for
/// that version is awaited rather than repeated; otherwise one starts from the newest
/// analysis of the document.
pub async fn snapshot(state: &Arc<State>, uri: &Uri) -> Option<Arc<Snapshot>> {
    let running = {
        let docs = lock(&state.docs);
        let doc = docs.get(uri)?;
        let generation = state.generation.load(std::sync::atomic::Ordering::SeqCst);
        let mut all = lock(&state.snapshots);
        let slot = all.entry(uri.clone()).or_default();
        if let Some(s) = slot
            .latest
            .as_ref()
            .filter(|s| s.version == doc.version && s.generation == generation)
        {
            return Some(s.clone());
        }
        match &slot.running {
            Some((v, g, job)) if *v == doc.version && *g == generation => job.clone(),
            _ => {
                let (text, version) = (doc.text(), doc.version);
                // Only a version older than this one is worth building on.
                let prev = slot
                    .latest
                    .take()
                    .filter(|s| s.version != version || s.generation != generation);
                let st = state.clone();
                let u = uri.clone();
                let task = tokio::task::spawn_blocking(move || {
                    Arc::new(compute(&st, &u, text, version, prev))
                });
                let job = async move { task.await.ok() }.boxed().shared();
                slot.running = Some((version, generation, job.clone()));
                job
            }
        }
    };
    let snap = running.await?;
    let mut all = lock(&state.snapshots);
    if let Some(slot) = all.get_mut(uri) {
        let key = (snap.version, snap.generation);
        if slot
            .running
            .as_ref()
            .is_some_and(|(v, g, _)| (*v, *g) == key)
        {
            slot.running = None;
        }
        // Keep the newest (a slower, older computation must not replace it).
        let newer = slot
            .latest
            .as_ref()
            .is_some_and(|l| (l.generation, l.version) > (snap.generation, snap.version));
        // (The slot exists only while the document is open: `didClose` removes it.)
        if !newer {
            slot.latest = Some(snap.clone());
        }
    }
    Some(snap)
}

/// Marks a document for analysis and starts its worker unless one is running.
pub fn schedule(state: &Arc<State>, uri: Uri) {
    if read(&state.session).mode == DiagnosticMode::Pull {
        // The client asks when it wants them.
        return;
    }
    {
        let mut workers = lock(&state.workers);
        let w = workers.entry(uri.clone()).or_default();
        w.dirty = true;
        if w.running {
            return;
        }
        w.running = true;
    }
    let st = state.clone();
    tokio::spawn(async move { worker(st, uri).await });
}

async fn worker(state: Arc<State>, uri: Uri) {
    loop {
        // Let notifications already queued behind this one apply first.
        tokio::task::yield_now().await;
        {
            let mut workers = lock(&state.workers);
            let Some(w) = workers.get_mut(&uri) else {
                return;
            };
            if !w.dirty {
                w.running = false;
                return;
            }
            w.dirty = false;
        }
        let Some(snap) = snapshot(&state, &uri).await else {
            if let Some(w) = lock(&state.workers).get_mut(&uri) {
                w.running = false;
            }
            return;
        };
        // Drop results for versions the editor has moved past.
        if state.version(&uri) != Some(snap.version) {
            continue;
        }
        let key = (snap.version, snap.generation);
        tracing::debug!(
            "analysed {} v{} (settings generation {})",
            uri.as_str(),
            snap.version,
            snap.generation
        );
        let already = lock(&state.workers)
            .get_mut(&uri)
            .map(|w| w.published.replace(key) == Some(key));
        if already == Some(true) {
            continue;
        }
        publish_config(&state, &snap).await;
        if read(&state.session).mode == DiagnosticMode::Push {
            let items = lsp_diagnostics(&state, &uri, &snap);
            state
                .client
                .publish_diagnostics(uri.clone(), items, Some(snap.version))
                .await;
        }
    }
}

pub fn lsp_diagnostics(state: &State, uri: &Uri, snap: &Snapshot) -> Vec<Diagnostic> {
    let enc = state.encoding();
    snap.analysis
        .diagnostics
        .iter()
        .map(|d| to_proto::diagnostic(uri, &snap.text, &snap.lines, enc, d, snap.version))
        .collect()
}

/// Publishes the problems of the configuration file a snapshot used, once per change.
pub async fn publish_config(state: &State, snap: &Snapshot) {
    use std::hash::{Hash, Hasher};
    let Some(cfg) = &snap.config else { return };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    cfg.text.hash(&mut h);
    cfg.problems.len().hash(&mut h);
    let digest = h.finish();
    if lock(&state.config_published).insert(cfg.path.clone(), digest) == Some(digest) {
        return;
    }
    let Some(uri) = Uri::from_file_path(&cfg.path) else {
        return;
    };
    let lines = Lines::new(&cfg.text);
    let enc = state.encoding();
    let items = cfg
        .problems
        .iter()
        .map(|p| {
            let d = p.to_diagnostic();
            let mut lsp = to_proto::diagnostic(&uri, &cfg.text, &lines, enc, &d, 0);
            lsp.data = None;
            lsp
        })
        .collect();
    state.client.publish_diagnostics(uri, items, None).await;
}

/// `textDocument/diagnostic` (pull).
pub async fn pull(
    state: Arc<State>,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let Some(snap) = snapshot(&state, &uri).await else {
        return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
            "{} is not open",
            uri.as_str()
        )));
    };
    let result_id = format!("{}:{}", snap.version, snap.generation);
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            }),
        ));
    }
    publish_config(&state, &snap).await;
    let items = lsp_diagnostics(&state, &uri, &snap);
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        }),
    ))
}

/// Re-checks every open document (after a settings change).
pub async fn refresh_all(state: &Arc<State>) {
    tracing::debug!("settings changed: re-checking open documents");
    state
        .generation
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    for slot in lock(&state.snapshots).values_mut() {
        slot.running = None;
    }
    let (mode, refresh) = {
        let s = read(&state.session);
        (s.mode, s.refresh_diagnostics)
    };
    if mode == DiagnosticMode::Pull {
        if refresh {
            crate::handlers::ask_client(
                "workspace/diagnostic/refresh",
                state.client.workspace_diagnostic_refresh(),
            )
            .await;
        }
        return;
    }
    let uris: Vec<Uri> = lock(&state.docs).keys().cloned().collect();
    for uri in uris {
        schedule(state, uri);
    }
}
