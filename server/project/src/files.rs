//! Project files next to a Dockerfile, read from disk without leaving its directory tree.

use std::path::{Component, Path, PathBuf};

use dockls_analysis::ProjectFiles;

/// Files relative to a directory (the Dockerfile's directory, which is the usual build
/// context). Paths that climb out of it, absolute paths, and symbolic links that point
/// outside it are refused.
#[derive(Debug, Clone)]
pub struct FsFiles {
    root: PathBuf,
    canonical_root: Option<PathBuf>,
}

/// Largest project file dockls reads (a `.dockerignore` or manifest is far smaller).
const MAX_FILE: u64 = 4 * 1024 * 1024;

impl FsFiles {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let canonical_root = std::fs::canonicalize(&root).ok();
        Self {
            root,
            canonical_root,
        }
    }

    /// Files next to a Dockerfile.
    pub fn for_dockerfile(path: &Path) -> Self {
        Self::new(path.parent().unwrap_or(Path::new(".")))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn resolve(&self, rel: &str) -> Option<PathBuf> {
        let p = Path::new(rel);
        if p.components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        let full = self.root.join(p);
        let canonical = std::fs::canonicalize(&full).ok()?;
        let root = self.canonical_root.as_ref()?;
        canonical.starts_with(root).then_some(canonical)
    }
}

impl ProjectFiles for FsFiles {
    fn read(&self, path: &str) -> Option<String> {
        let full = self.resolve(path)?;
        let meta = std::fs::metadata(&full).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE {
            return None;
        }
        let bytes = std::fs::read(&full).ok()?;
        Some(crate::decode(&bytes).text)
    }

    fn exists(&self, path: &str) -> bool {
        self.resolve(path).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inside_and_refuses_escapes() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ctx");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join(".dockerignore"), ".git\n").unwrap();
        std::fs::write(root.join("sub/package.json"), "{}").unwrap();
        std::fs::write(outer.path().join("secret"), "x").unwrap();
        let files = FsFiles::new(&root);
        assert_eq!(files.read(".dockerignore").as_deref(), Some(".git\n"));
        assert_eq!(files.read("sub/package.json").as_deref(), Some("{}"));
        assert_eq!(files.read("../secret"), None);
        assert_eq!(files.read("/etc/passwd"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outer.path().join("secret"), root.join("link")).unwrap();
            assert_eq!(files.read("link"), None);
        }
    }
}
