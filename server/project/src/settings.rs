//! The settings a Dockerfile is checked with: defaults, then the configuration file that
//! applies to it, then the editor's or command line's settings.

use std::path::{Path, PathBuf};

use dockls_analysis::{Settings, SettingsLayer};

use crate::config::{self, ConfigKind};

/// Settings for one Dockerfile and where they came from.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub settings: Settings,
    /// The configuration file used, if any.
    pub config: Option<(PathBuf, ConfigKind)>,
}

/// Resolves the settings for a Dockerfile at `path` (or for unsaved text when `None`).
/// `overrides` (editor or CLI settings) win over the configuration file.
pub fn resolve(
    path: Option<&Path>,
    overrides: &[&SettingsLayer],
    stop_at: Option<&Path>,
) -> Resolved {
    let mut settings = Settings::default();
    let found = path
        .and_then(|p| p.parent())
        .and_then(|dir| config::find(dir, stop_at));
    for layer in overrides {
        settings.apply(layer);
    }
    Resolved {
        settings,
        config: found,
    }
}
