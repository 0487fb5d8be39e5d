//! Which files are Dockerfiles, and walking directories for them.

use std::path::{Path, PathBuf};

/// Extensions of template sources that are not Dockerfiles yet (`Dockerfile.j2`).
const TEMPLATE_EXTENSIONS: &[&str] = &[
    "j2", "jinja", "jinja2", "tmpl", "tpl", "template", "erb", "mustache", "hbs", "in", "m4",
];

/// Whether a file name is a Dockerfile name: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `*.dockerfile`, `Dockerfile.*`, `Containerfile.*`, `*.containerfile` (but never an ignore
/// file such as `Dockerfile.dockerignore`).
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") || lower.ends_with(".containerignore") {
        return false;
    }
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || name.starts_with("dockerfile.")
}

/// Whether a Dockerfile name belongs to a template (`Dockerfile.j2`, `Dockerfile.template`),
/// which directory walks skip (a file named explicitly is always checked).
pub fn is_template_name(name: &str) -> bool {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    name.contains('.') && TEMPLATE_EXTENSIONS.contains(&ext.as_str())
}

/// Directories a walk never enters.
fn skip_dir(name: &str) -> bool {
    name.starts_with('.') || matches!(name, "node_modules" | "target" | "vendor" | "__pycache__")
}

/// Finds Dockerfiles under `root` (sorted), skipping hidden, dependency and build
/// directories and templates. Symbolic links are not followed.
pub fn walk(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if dir == root => return Err(e),
            Err(_) => continue,
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_dir() {
                if !skip_dir(&name) {
                    stack.push(entry.path());
                }
            } else if kind.is_file() && is_dockerfile_name(&name) && !is_template_name(&name) {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for yes in [
            "Dockerfile",
            "Containerfile",
            "api.Dockerfile",
            "api.dockerfile",
            "Dockerfile.dev",
            "base.containerfile",
            "Containerfile.ci",
            "dockerfile",
        ] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in [
            "Dockerfile.dockerignore",
            ".dockerignore",
            "docker-compose.yml",
            "README.md",
            "Makefile",
        ] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
        assert!(is_template_name("Dockerfile.j2"));
        assert!(is_template_name("Dockerfile.template"));
        assert!(!is_template_name("Dockerfile.dev"));
        assert!(!is_template_name("Dockerfile"));
    }

    #[test]
    fn walks_directories() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("svc/api")).unwrap();
        std::fs::create_dir_all(p.join("node_modules/x")).unwrap();
        std::fs::create_dir_all(p.join(".git")).unwrap();
        for f in [
            "Dockerfile",
            "svc/api/Dockerfile.prod",
            "svc/api/Dockerfile.j2",
            "node_modules/x/Dockerfile",
            ".git/Dockerfile",
            "svc/notes.txt",
        ] {
            std::fs::write(p.join(f), "FROM alpine\n").unwrap();
        }
        let found: Vec<String> = walk(p)
            .unwrap()
            .iter()
            .map(|f| f.strip_prefix(p).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, vec!["Dockerfile", "svc/api/Dockerfile.prod"]);
    }
}
