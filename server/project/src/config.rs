//! Finding the configuration that applies to a Dockerfile: the nearest `dockls.toml` or
//! `.dockls.toml` walking up from its directory; where there is none, the nearest
//! `.hadolint.yaml`/`.hadolint.yml`.

use std::path::{Path, PathBuf};

/// Which kind of configuration file was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigKind {
    Dockls,
    Hadolint,
}

pub const DOCKLS_NAMES: [&str; 2] = ["dockls.toml", ".dockls.toml"];
pub const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// The nearest configuration file for a file in `start_dir`, searching up to `stop_at`
/// (inclusive) when given, else to the file system root.
pub fn find(start_dir: &Path, stop_at: Option<&Path>) -> Option<(PathBuf, ConfigKind)> {
    for (names, kind) in [
        (&DOCKLS_NAMES, ConfigKind::Dockls),
        (&HADOLINT_NAMES, ConfigKind::Hadolint),
    ] {
        let mut dir = Some(start_dir);
        while let Some(d) = dir {
            for n in names.iter() {
                let p = d.join(n);
                if p.is_file() {
                    return Some((p, kind));
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
            Some(ConfigKind::Hadolint)
        );
        std::fs::write(p.join("dockls.toml"), "").unwrap();
        assert_eq!(
            find(&p.join("a/b"), Some(p)),
            Some((p.join("dockls.toml"), ConfigKind::Dockls))
        );
    }
}
