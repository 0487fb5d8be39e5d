//! Server state: open documents, analysis snapshots, and what was negotiated with the client.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use dockls_analysis::{Analysis, Settings, SettingsLayer};
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

use crate::convert::{Encoding, Lines};
use crate::document::Document;

/// Locks a mutex, recovering the data if a panicking thread poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

pub fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

/// How diagnostics reach the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DiagnosticMode {
    /// `textDocument/publishDiagnostics` after each change.
    #[default]
    Push,
    /// The client asks with `textDocument/diagnostic`.
    Pull,
}

/// What was negotiated at `initialize`, plus the client's settings.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub encoding: Encoding,
    pub mode: DiagnosticMode,
    pub supports_configuration: bool,
    pub dynamic_configuration: bool,
    pub snippets: bool,
    pub code_action_literals: bool,
    /// The client takes semantic tokens that span lines; hierarchical document symbols.
    pub multiline_tokens: bool,
    pub hierarchical_symbols: bool,
    pub workspace_edit_document_changes: bool,
    pub create_file: bool,
    /// How the client takes snippet text edits in code actions (read from the raw
    /// `initialize` request by [`crate::snippet::Service`]).
    pub snippet_edits: crate::snippet::SnippetEdits,
    pub refresh_diagnostics: bool,
    /// The client can watch files for us (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
    /// Settings from `initializationOptions`.
    pub init_settings: SettingsLayer,
    /// Settings from `workspace/configuration` or `didChangeConfiguration`. Once the client
    /// has sent any, they replace `init_settings` (so an entry removed in the editor is gone).
    pub client_settings: Option<SettingsLayer>,
    pub root: Option<PathBuf>,
}

/// The analysis of one document version.
pub struct Snapshot {
    /// The configuration file the settings came from (with its problems).
    pub config: Option<dockls_project::settings::ConfigFile>,
    pub version: i32,
    /// The settings generation it was computed with.
    pub generation: u64,
    pub text: Arc<String>,
    pub lines: Lines,
    pub analysis: Analysis,
    pub settings: Settings,
}

/// A document's analyses: the newest one computed, and the one being computed (which
/// every request for that version awaits instead of starting its own).
#[derive(Default)]
pub struct Analyses {
    pub latest: Option<Arc<Snapshot>>,
    /// (version, settings generation, the computation).
    pub running: Option<(i32, u64, Running)>,
}

/// An analysis being computed, shared by everyone who waits for it.
pub type Running =
    futures::future::Shared<futures::future::BoxFuture<'static, Option<Arc<Snapshot>>>>;

/// Per-document diagnostics scheduling: at most one worker runs per document; changes
/// arriving while it runs mark the document dirty and it runs again.
#[derive(Default)]
pub struct Worker {
    pub running: bool,
    pub dirty: bool,
    /// The (version, settings generation) last published, to avoid sending it twice.
    pub published: Option<(i32, u64)>,
}

pub struct State {
    pub client: Client,
    pub docs: Mutex<HashMap<Uri, Document>>,
    pub snapshots: Mutex<HashMap<Uri, Analyses>>,
    pub workers: Mutex<HashMap<Uri, Worker>>,
    pub session: RwLock<Session>,
    /// Test-only requests (`dockls/debug/*`) are enabled.
    pub test_methods: bool,
    /// Bumped whenever settings change, so cached results from older settings are not reused.
    pub generation: std::sync::atomic::AtomicU64,
    /// The client sent `shutdown`.
    pub shutdown_requested: std::sync::atomic::AtomicBool,
    /// Configuration files whose problems were published, with a digest of what was sent.
    pub config_published: Mutex<HashMap<PathBuf, u64>>,
}

impl State {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            docs: Mutex::default(),
            snapshots: Mutex::default(),
            workers: Mutex::default(),
            session: RwLock::default(),
            test_methods: std::env::var_os("DOCKLS_TEST_METHODS").is_some_and(|v| v == "1"),
            generation: std::sync::atomic::AtomicU64::new(0),
            shutdown_requested: std::sync::atomic::AtomicBool::new(false),
            config_published: Mutex::default(),
        }
    }

    pub fn encoding(&self) -> Encoding {
        read(&self.session).encoding
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.docs).get(uri).map(|d| d.version)
    }
}
