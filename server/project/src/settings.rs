//! The settings a Dockerfile is checked with: defaults, then the configuration file that
//! applies to it (with its per-file ignores), then the editor's or command line's settings.

use std::path::{Path, PathBuf};

use dockls_analysis::config::{settings_for_path, ConfigFormat, ConfigProblem};
use dockls_analysis::{Settings, SettingsLayer};

use crate::config;

/// A configuration file and what was wrong with it.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub format: ConfigFormat,
    pub text: String,
    pub problems: Vec<ConfigProblem>,
}

/// Settings for one Dockerfile and where they came from.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub settings: Settings,
    pub config: Option<ConfigFile>,
}

/// Reads and parses a configuration file.
pub fn load(path: &Path, format: ConfigFormat) -> Option<(ConfigFile, SettingsLayer)> {
    let bytes = std::fs::read(path).ok()?;
    let text = crate::decode(&bytes).text;
    let parsed = format.parse(&text);
    Some((
        ConfigFile {
            path: path.to_path_buf(),
            format,
            text,
            problems: parsed.problems,
        },
        parsed.layer,
    ))
}

/// Resolves the settings for a Dockerfile at `path` (or for unsaved text when `None`).
/// `overrides` (editor or CLI settings) win over the configuration file.
pub fn resolve(
    path: Option<&Path>,
    overrides: &[&SettingsLayer],
    stop_at: Option<&Path>,
) -> Resolved {
    let mut settings = Settings::default();
    let mut file = None;
    if let Some((config_path, format)) = path
        .and_then(|p| p.parent())
        .and_then(|dir| config::find(dir, stop_at))
    {
        if let Some((loaded, layer)) = load(&config_path, format) {
            settings.apply(&layer);
            if let (Some(p), Some(dir)) = (path, config_path.parent()) {
                if let Ok(rel) = p.strip_prefix(dir) {
                    settings =
                        settings_for_path(&settings, &rel.to_string_lossy().replace('\\', "/"))
                            .into_owned();
                }
            }
            file = Some(loaded);
        }
    }
    for layer in overrides {
        settings.apply(layer);
    }
    Resolved {
        settings,
        config: file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_then_overrides_with_per_file_ignores() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path();
        std::fs::create_dir_all(p.join("svc")).unwrap();
        std::fs::write(p.join("dockls.toml"), "ignore = [\"DK401\"]\nfail-level = \"warning\"\n[per-file-ignores]\n\"svc/*\" = [\"DK402\"]\nbogus = 1\n").unwrap();
        let dockerfile = p.join("svc/Dockerfile");
        let r = resolve(Some(&dockerfile), &[], Some(p));
        assert!(r.settings.ignore.iter().any(|i| i == "DK401"));
        assert!(r.settings.ignore.iter().any(|i| i == "DK402"));
        assert_eq!(r.settings.fail_level, dockls_analysis::Severity::Warning);
        let cfg = r.config.expect("config found");
        assert_eq!(cfg.problems.len(), 1, "{:?}", cfg.problems);
        let cli = SettingsLayer {
            fail_level: Some(dockls_analysis::Severity::Error),
            ..SettingsLayer::default()
        };
        let r = resolve(Some(&dockerfile), &[&cli], Some(p));
        assert_eq!(r.settings.fail_level, dockls_analysis::Severity::Error);
    }

    #[test]
    fn hadolint_yaml_is_honoured() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path();
        std::fs::write(p.join(".hadolint.yaml"), "ignored:\n  - DL4000\n").unwrap();
        let r = resolve(Some(&p.join("Dockerfile")), &[], Some(p));
        let text = "FROM alpine:3.20\nMAINTAINER me\n";
        let a = dockls_analysis::analyze(text, &r.settings, &dockls_analysis::NoFiles, None);
        assert!(a.diagnostics.iter().all(|d| d.code != "DK401"));
    }
}
