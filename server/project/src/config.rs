//! Finding the configuration that applies to a Dockerfile: the nearest `.dockls.toml` or
//! `dockls.toml` walking up from its directory; where there is none anywhere above, the
//! nearest `.hadolint.yaml`/`.hadolint.yml`.

use std::path::{Path, PathBuf};

use dockls_analysis::config::{ConfigFormat, DOCKLS_CONFIG_FILES, HADOLINT_CONFIG_FILES};

/// The nearest configuration file for a file in `start_dir`, searching up to `stop_at`
/// (inclusive) when given, else to the file system root.
pub fn find(start_dir: &Path, stop_at: Option<&Path>) -> Option<(PathBuf, ConfigFormat)> {
    for names in [&DOCKLS_CONFIG_FILES, &HADOLINT_CONFIG_FILES] {
        let mut dir = Some(start_dir);
        while let Some(d) = dir {
            for n in names.iter() {
                let p = d.join(n);
                if p.is_file() {
                    return ConfigFormat::from_file_name(n).map(|f| (p, f));
                }
            }
            if stop_at.is_some_and(|s| s == d) {
                break;
            }
            dir = d.parent();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_dockls_config_wins_over_hadolint() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path();
        std::fs::create_dir_all(p.join("a/b")).unwrap();
        std::fs::write(p.join("a/.hadolint.yaml"), "ignored: []\n").unwrap();
        assert_eq!(
            find(&p.join("a/b"), Some(p)).map(|f| f.1),
            Some(ConfigFormat::HadolintYaml)
        );
        std::fs::write(p.join("dockls.toml"), "").unwrap();
        assert_eq!(
            find(&p.join("a/b"), Some(p)),
            Some((p.join("dockls.toml"), ConfigFormat::DocklsToml))
        );
        std::fs::write(p.join(".dockls.toml"), "").unwrap();
        assert_eq!(
            find(&p.join("a/b"), Some(p)).map(|f| f.0),
            Some(p.join(".dockls.toml"))
        );
    }
}
