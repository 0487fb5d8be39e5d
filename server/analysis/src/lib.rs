//! dockls-analysis: pure functions from a document's text and settings to diagnostics,
//! fixes and editor answers. Positions are byte ranges; nothing here knows about LSP,
//! URIs or UTF-16, and nothing reads files except through [`context::ProjectFiles`].

pub mod commands;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod engine;
pub mod fixes;
pub mod ide;
pub mod redact;
pub mod refactor;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod semantic;
pub mod settings;
pub mod suppress;
pub mod suppress_fixes;

pub use context::{Context, MemoryFiles, NoFiles, Overlay, ProjectFiles};
pub use diagnostic::{Applicability, Diagnostic, Edit, FileChange, Fix, Severity};
pub use engine::{analyze, analyze_incremental, check, Analysis};
pub use settings::{Settings, SettingsLayer};
