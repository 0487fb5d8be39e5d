//! `per-file-ignores`: globs relative to the configuration file's directory, each with the
//! rules it turns off in matching Dockerfiles.
//!
//! Matching (like ruff's, with gitignore-style separators):
//! - a pattern without `/` matches the file name in any directory (`*.dev.Dockerfile`);
//! - a pattern with `/` matches the whole relative path (`services/*/Dockerfile`); `*` and
//!   `?` stay inside one path component, `**` spans directories;
//! - a leading `./` or `/` anchors nothing extra (paths are already relative) and is dropped;
//!   a trailing `/` means everything below that directory.

use std::borrow::Cow;

use globset::{Glob, GlobBuilder, GlobMatcher};

use crate::settings::Settings;

/// A compiled pattern: the matcher and whether it matches file names only.
pub(crate) struct Pattern {
    matcher: GlobMatcher,
    file_name_only: bool,
}

impl Pattern {
    fn is_match(&self, path: &str) -> bool {
        if self.file_name_only {
            let name = path.rsplit('/').next().unwrap_or(path);
            self.matcher.is_match(name)
        } else {
            self.matcher.is_match(path)
        }
    }
}

/// Compiles one `per-file-ignores` pattern.
pub(crate) fn compile(pattern: &str) -> Result<Pattern, globset::ErrorKind> {
    let trimmed = pattern.trim();
    if trimmed.is_empty() {
        return Err(globset::ErrorKind::Regex(
            "the pattern is empty".to_string(),
        ));
    }
    let mut p = trimmed
        .trim_start_matches("./")
        .trim_start_matches('/')
        .to_string();
    if p.is_empty() || p.ends_with('/') {
        p.push_str("**");
    }
    let file_name_only = !p.contains('/');
    let glob: Glob = GlobBuilder::new(&p)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().clone())?;
    Ok(Pattern {
        matcher: glob.compile_matcher(),
        file_name_only,
    })
}

/// Normalises a path relative to the configuration file's directory: `/` separators, no
/// leading `./`. `None` for a path outside that directory (`../x`), which no pattern
/// matches.
fn normalise(path: &str) -> Option<String> {
    let p = path.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The `per-file-ignores` table compiled once, for checking many files.
pub struct PerFileIgnores {
    patterns: Vec<(Pattern, Vec<String>)>,
}

impl PerFileIgnores {
    /// Compiles the table of `settings`. Invalid patterns (already reported when the
    /// configuration was read) are left out.
    pub fn new(settings: &Settings) -> Self {
        let patterns = settings
            .per_file_ignores
            .iter()
            .filter_map(|(glob, rules)| compile(glob).ok().map(|p| (p, rules.clone())))
            .collect();
        Self { patterns }
    }

    /// The rules ignored for a Dockerfile, given by its path relative to the configuration
    /// file's directory (`/` or `\` separators). In table order, without duplicates.
    pub fn for_path(&self, config_dir_relative_path: &str) -> Vec<String> {
        let Some(path) = normalise(config_dir_relative_path) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for (pattern, rules) in &self.patterns {
            if pattern.is_match(&path) {
                for r in rules {
                    if !out.contains(r) {
                        out.push(r.clone());
                    }
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// The rules `per-file-ignores` turns off for a Dockerfile, given by its path relative to
/// the configuration file's directory. Compiles the globs on each call; use
/// [`PerFileIgnores`] to check many files.
pub fn per_file_ignores_for(settings: &Settings, config_dir_relative_path: &str) -> Vec<String> {
    if settings.per_file_ignores.is_empty() {
        return Vec::new();
    }
    PerFileIgnores::new(settings).for_path(config_dir_relative_path)
}

/// The settings to check one Dockerfile with: `settings` plus that file's
/// `per-file-ignores` added to `ignore`. Borrows when nothing applies.
pub fn settings_for_path<'a>(
    settings: &'a Settings,
    config_dir_relative_path: &str,
) -> Cow<'a, Settings> {
    let extra = per_file_ignores_for(settings, config_dir_relative_path);
    if extra.is_empty() {
        Cow::Borrowed(settings)
    } else {
        let mut s = settings.clone();
        s.ignore.extend(extra);
        Cow::Owned(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &[&str])]) -> Settings {
        let mut s = Settings::default();
        for (glob, rules) in pairs {
            s.per_file_ignores.insert(
                glob.to_string(),
                rules.iter().map(|r| r.to_string()).collect(),
            );
        }
        s
    }

    #[test]
    fn file_name_patterns_match_in_any_directory() {
        let s = settings(&[
            ("*.dev.Dockerfile", &["DK401"]),
            ("Dockerfile", &["DL3008"]),
        ]);
        assert_eq!(per_file_ignores_for(&s, "api.dev.Dockerfile"), ["DK401"]);
        assert_eq!(
            per_file_ignores_for(&s, "a/b/api.dev.Dockerfile"),
            ["DK401"]
        );
        assert_eq!(per_file_ignores_for(&s, "a/b/Dockerfile"), ["DL3008"]);
        assert!(per_file_ignores_for(&s, "a/b/Dockerfile.prod").is_empty());
    }

    #[test]
    fn path_patterns_match_the_relative_path() {
        let s = settings(&[
            ("services/*/Dockerfile", &["DK1"]),
            ("legacy/**", &["ALL"]),
            ("./tools/", &["shell"]),
        ]);
        assert_eq!(per_file_ignores_for(&s, "services/api/Dockerfile"), ["DK1"]);
        // `*` stays inside one directory.
        assert!(per_file_ignores_for(&s, "services/api/v2/Dockerfile").is_empty());
        assert_eq!(per_file_ignores_for(&s, "legacy/a/b/Dockerfile"), ["ALL"]);
        assert_eq!(per_file_ignores_for(&s, "tools/Dockerfile"), ["shell"]);
        assert_eq!(per_file_ignores_for(&s, "./tools/x/Dockerfile"), ["shell"]);
        assert_eq!(per_file_ignores_for(&s, "tools\\Dockerfile"), ["shell"]);
        assert!(per_file_ignores_for(&s, "../legacy/Dockerfile").is_empty());
        assert!(per_file_ignores_for(&s, "Dockerfile").is_empty());
    }

    #[test]
    fn several_patterns_combine_without_duplicates() {
        let s = settings(&[
            ("**/Dockerfile", &["DK401", "DL3008"]),
            ("Dockerfile", &["DK401", "DK101"]),
        ]);
        let got = per_file_ignores_for(&s, "x/Dockerfile");
        assert_eq!(got, ["DK401", "DL3008", "DK101"]);
        let merged = settings_for_path(&s, "x/Dockerfile");
        assert_eq!(merged.ignore, ["DK401", "DL3008", "DK101"]);
        assert!(matches!(settings_for_path(&s, "x/other"), Cow::Borrowed(_)));
    }

    #[test]
    fn bad_patterns_are_skipped() {
        assert!(compile("[a-").is_err());
        assert!(compile("").is_err());
        let s = settings(&[("[a-", &["DK401"]), ("*", &["DK101"])]);
        assert_eq!(per_file_ignores_for(&s, "Dockerfile"), ["DK101"]);
    }
}
