//! `.dockerignore` files read and matched exactly as Docker and BuildKit do.
//!
//! Reading (Docker's `ignorefile.ReadAll`): a UTF-8 BOM on the first line is dropped;
//! lines whose first character is `#` are comments (a `#` after leading spaces is part of
//! a pattern); surrounding whitespace is trimmed and blank lines skipped; a leading `!`
//! makes an exception; each pattern is cleaned like Go's `filepath.Clean` (duplicate
//! slashes, `.` and `..` elements and trailing slashes go) and one leading `/` is
//! removed, so `/build/` and `build` are the same pattern.
//!
//! Matching (`moby/patternmatcher`): `*` is any run of characters but `/`, `?` one
//! character but `/`, `[...]` a character class, `\` escapes the next character, `**`
//! any number of directories (`**/x` also matches `x` at the root, `x/**` everything
//! under `x`). A path is ignored when the last pattern that matches it, or one of its
//! parent directories, is not an exception.

use crate::context::ProjectFiles;

/// One compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The cleaned pattern, without the `!`.
    pub text: String,
    /// A `!` exception: matching paths are put back into the context.
    pub exclusion: bool,
    /// 1-based line in the file.
    pub line: usize,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Exact,
    /// The pattern ends with `**` and has no other special character.
    Prefix(String),
    /// The pattern starts with `**` and has no other special character.
    Suffix(String),
    Tokens(Vec<Tok>),
    /// Not a valid pattern (Docker refuses the whole file).
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Lit(char),
    /// `?`: one character but `/`.
    One,
    /// `*`: any run of characters but `/`.
    Star,
    /// `**` followed by more pattern: any number of leading directories, each with its `/`.
    Dirs,
    /// `**` at the end of a pattern that has wildcards before it: anything.
    Any,
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    pub patterns: Vec<Pattern>,
    /// Problems that make Docker reject the file (`!` alone, an unclosed `[`), with lines.
    pub errors: Vec<(usize, String)>,
}

/// Cleans a `/`-separated path like Go's `filepath.Clean` on Unix.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Dir` for a cleaned, `/`-separated path.
fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".into(),
        Some(i) => clean(&path[..i]),
        None => ".".into(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Detected {
    Exact,
    Prefix,
    Suffix,
    Regexp,
}

/// Compiles a cleaned pattern, choosing the match kind exactly as patternmatcher does.
fn compile(pattern: &str) -> Kind {
    let chars: Vec<char> = pattern.chars().collect();
    let mut toks = Vec::new();
    let mut detected = Detected::Exact;
    let mut i = 0;
    let mut iteration = 0;
    while i < chars.len() {
        let ch = chars[i];
        i += 1;
        if ch == '*' {
            if chars.get(i) == Some(&'*') {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i >= chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        toks.push(Tok::Any);
                        detected = Detected::Regexp;
                    }
                } else {
                    toks.push(Tok::Dirs);
                    detected = Detected::Regexp;
                }
                if iteration == 0 {
                    detected = Detected::Suffix;
                }
            } else {
                toks.push(Tok::Star);
                detected = Detected::Regexp;
            }
        } else if ch == '?' {
            toks.push(Tok::One);
            detected = Detected::Regexp;
        } else if ch == '\\' {
            match chars.get(i) {
                Some(&n) => {
                    toks.push(Tok::Lit(n));
                    i += 1;
                    detected = Detected::Regexp;
                }
                None => toks.push(Tok::Lit('\\')),
            }
        } else if ch == '[' {
            let mut negated = false;
            if chars.get(i) == Some(&'^') {
                negated = true;
                i += 1;
            }
            let mut items = Vec::new();
            let mut closed = false;
            while let Some(&c) = chars.get(i) {
                i += 1;
                if c == ']' && !items.is_empty() {
                    closed = true;
                    break;
                }
                // Like Go's filepath.Match: `-` and `]` must be escaped to be members.
                if c == '-' || c == ']' {
                    return Kind::Invalid;
                }
                let lo = if c == '\\' {
                    let Some(&e) = chars.get(i) else { break };
                    i += 1;
                    e
                } else {
                    c
                };
                let hi = if chars.get(i) == Some(&'-') {
                    i += 1;
                    let Some(&h) = chars.get(i) else { break };
                    i += 1;
                    if h == ']' || h == '-' {
                        return Kind::Invalid;
                    }
                    if h == '\\' {
                        let Some(&e) = chars.get(i) else { break };
                        i += 1;
                        e
                    } else {
                        h
                    }
                } else {
                    lo
                };
                if hi < lo {
                    return Kind::Invalid;
                }
                items.push((lo, hi));
            }
            if !closed {
                return Kind::Invalid;
            }
            toks.push(Tok::Class { negated, items });
            detected = Detected::Regexp;
        } else if ch == ']' {
            // A stray `]` is an ordinary character.
            toks.push(Tok::Lit(ch));
            detected = Detected::Regexp;
        } else {
            toks.push(Tok::Lit(ch));
        }
        iteration += 1;
    }
    match detected {
        Detected::Exact => Kind::Exact,
        Detected::Prefix => Kind::Prefix(
            pattern
                .get(..pattern.len().saturating_sub(2))
                .unwrap_or("")
                .to_string(),
        ),
        Detected::Suffix => Kind::Suffix(pattern.get(2..).unwrap_or("").to_string()),
        Detected::Regexp => Kind::Tokens(toks),
    }
}

fn class_has(items: &[(char, char)], c: char) -> bool {
    items.iter().any(|(lo, hi)| *lo <= c && c <= *hi)
}

/// Whether `toks` match all of `s` (a dynamic program over positions, no backtracking).
fn match_tokens(toks: &[Tok], s: &[char]) -> bool {
    let n = s.len();
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for t in toks {
        let mut next = vec![false; n + 1];
        for si in 0..=n {
            if !reach[si] {
                continue;
            }
            match t {
                Tok::Lit(c) => {
                    if s.get(si) == Some(c) {
                        next[si + 1] = true;
                    }
                }
                Tok::One => {
                    if s.get(si).is_some_and(|c| *c != '/') {
                        next[si + 1] = true;
                    }
                }
                Tok::Class { negated, items } => {
                    if let Some(&c) = s.get(si) {
                        if class_has(items, c) != *negated {
                            next[si + 1] = true;
                        }
                    }
                }
                Tok::Star => {
                    next[si] = true;
                    let mut j = si;
                    while j < n && s[j] != '/' {
                        j += 1;
                        next[j] = true;
                    }
                }
                Tok::Dirs => {
                    next[si] = true;
                    for j in si..n {
                        if s[j] == '/' {
                            next[j + 1] = true;
                        }
                    }
                }
                Tok::Any => {
                    for slot in next.iter_mut().skip(si) {
                        *slot = true;
                    }
                }
            }
        }
        reach = next;
    }
    reach[n]
}

impl Pattern {
    /// Whether the pattern matches `path` itself (no parent directories).
    pub fn matches(&self, path: &str) -> bool {
        match &self.kind {
            Kind::Exact => path == self.text,
            Kind::Prefix(p) => path.starts_with(p.as_str()),
            Kind::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|rest| path == rest)
            }
            Kind::Tokens(t) => {
                let chars: Vec<char> = path.chars().collect();
                match_tokens(t, &chars)
            }
            Kind::Invalid => false,
        }
    }

    /// Whether the pattern matches `path` or one of its parent directories.
    pub fn matches_or_parent(&self, path: &str) -> bool {
        if self.matches(path) {
            return true;
        }
        let parent = dir(path);
        if parent == "." {
            return false;
        }
        let parts: Vec<&str> = parent.split('/').collect();
        (1..=parts.len()).any(|i| self.matches(&parts[..i].join("/")))
    }
}

impl DockerIgnore {
    /// Reads a `.dockerignore` file's text.
    pub fn parse(text: &str) -> DockerIgnore {
        let mut out = DockerIgnore::default();
        for (n, raw) in text.split('\n').enumerate() {
            let mut line = raw.strip_suffix('\r').unwrap_or(raw);
            if n == 0 {
                line = line.strip_prefix('\u{feff}').unwrap_or(line);
            }
            if line.starts_with('#') {
                continue;
            }
            let mut pattern = line.trim();
            if pattern.is_empty() {
                continue;
            }
            let exclusion = pattern.starts_with('!');
            if exclusion {
                pattern = pattern[1..].trim();
            }
            let mut cleaned = String::new();
            if !pattern.is_empty() {
                cleaned = clean(pattern);
                if cleaned.len() > 1 && cleaned.starts_with('/') {
                    cleaned.remove(0);
                }
            }
            // The pattern matcher cleans again (a no-op for non-empty patterns).
            if cleaned.is_empty() {
                if exclusion {
                    out.errors
                        .push((n + 1, "`!` alone is not a valid exception pattern".into()));
                }
                continue;
            }
            let kind = compile(&cleaned);
            if kind == Kind::Invalid {
                out.errors.push((
                    n + 1,
                    format!("`{cleaned}` is not a valid pattern (unclosed or empty `[`)"),
                ));
            }
            out.patterns.push(Pattern {
                text: cleaned,
                exclusion,
                line: n + 1,
                kind,
            });
        }
        out
    }

    /// Whether any pattern is a `!` exception.
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// Whether `path` (relative to the context, `/`-separated) is left out of the build
    /// context: the last pattern that matches it or a parent directory is not an
    /// exception.
    pub fn is_ignored(&self, path: &str) -> bool {
        let path = clean(path);
        let mut matched = false;
        for p in &self.patterns {
            if p.exclusion != matched {
                continue;
            }
            if p.matches_or_parent(&path) {
                matched = !p.exclusion;
            }
        }
        matched
    }

    /// The pattern that decides that `path` is ignored, if it is.
    pub fn ignoring_pattern(&self, path: &str) -> Option<&Pattern> {
        let path = clean(path);
        let mut matched: Option<&Pattern> = None;
        for p in &self.patterns {
            if p.exclusion != matched.is_some() {
                continue;
            }
            if p.matches_or_parent(&path) {
                matched = if p.exclusion { None } else { Some(p) };
            }
        }
        matched
    }

    /// Whether a pattern ignores every entry of the context root (`*`, `**`, `**/*`).
    pub fn ignores_all(&self) -> bool {
        self.patterns
            .iter()
            .any(|p| !p.exclusion && matches!(p.text.as_str(), "*" | "**" | "**/*"))
    }
}

/// The ignore file that applies to a Dockerfile: `<Dockerfile name>.dockerignore` next
/// to it wins over the context's `.dockerignore`. Returns the file's path and contents.
pub fn find(files: &dyn ProjectFiles, dockerfile: Option<&str>) -> Option<(String, DockerIgnore)> {
    let mut candidates = Vec::new();
    if let Some(name) = dockerfile {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        if !base.is_empty() {
            candidates.push(format!("{base}.dockerignore"));
        }
    }
    candidates.push(".dockerignore".into());
    candidates.into_iter().find_map(|path| {
        files
            .read(&path)
            .map(|text| (path, DockerIgnore::parse(&text)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::MemoryFiles;

    fn ignored(file: &str, path: &str) -> bool {
        DockerIgnore::parse(file).is_ignored(path)
    }

    #[test]
    fn cleans_like_go() {
        for (a, b) in [
            ("", "."),
            (".", "."),
            ("./", "."),
            ("a//b/", "a/b"),
            ("./a/./b/..", "a"),
            ("/", "/"),
            ("/../a", "/a"),
            ("../a", "../a"),
            ("a/../../b", "../b"),
        ] {
            assert_eq!(clean(a), b, "{a}");
        }
    }

    #[test]
    fn reads_comments_whitespace_and_leading_slashes() {
        let d = DockerIgnore::parse(
            "\u{feff}# comment\n  # not a comment\n\n /build/ \r\n!/keep//me/\n!\n",
        );
        let texts: Vec<(&str, bool)> = d
            .patterns
            .iter()
            .map(|p| (p.text.as_str(), p.exclusion))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("# not a comment", false),
                ("build", false),
                ("keep/me", true)
            ]
        );
        assert_eq!(d.patterns[1].line, 4);
        assert_eq!(d.errors.len(), 1);
    }

    #[test]
    fn single_star_stays_in_one_directory() {
        assert!(ignored("*.md", "README.md"));
        assert!(!ignored("*.md", "docs/guide.md"));
        assert!(ignored("*/*.md", "docs/guide.md"));
        assert!(ignored("temp?", "temp1"));
        assert!(!ignored("temp?", "temp/"));
        assert!(!ignored("temp?", "temp12"));
    }

    #[test]
    fn double_star_crosses_directories() {
        assert!(ignored("**/*.md", "README.md"));
        assert!(ignored("**/*.md", "a/b/c.md"));
        assert!(ignored("**/node_modules", "node_modules"));
        assert!(ignored("**/node_modules", "web/node_modules/x/index.js"));
        assert!(ignored("a/**/b", "a/b"));
        assert!(ignored("a/**/b", "a/x/y/b"));
        assert!(!ignored("a/**/b", "ab"));
        assert!(ignored("a/**", "a/x"));
        // `a/**` does not match `a` itself, only what is inside.
        assert!(!ignored("a/**", "a"));
        assert!(ignored("**", "anything/at/all"));
        assert!(ignored("*/**", "x/y"));
        assert!(!ignored("*/**", "x"));
    }

    #[test]
    fn directories_ignore_their_contents() {
        assert!(ignored(".git", ".git/HEAD"));
        assert!(ignored(".git/", ".git/objects/ab/cd"));
        assert!(ignored("node_modules", "node_modules/react/index.js"));
        assert!(!ignored("node_modules", "web/node_modules/react/index.js"));
        assert!(ignored("/build", "build/out.js"));
    }

    #[test]
    fn exceptions_put_files_back_in_order() {
        let f = "*.md\n!README.md\n";
        assert!(ignored(f, "CHANGES.md"));
        assert!(!ignored(f, "README.md"));
        let f = "!README.md\n*.md\n";
        assert!(ignored(f, "README.md"));
        let f = "*\n!src\n!package.json\n";
        assert!(!ignored(f, "src/index.js"));
        assert!(!ignored(f, "package.json"));
        assert!(ignored(f, ".git/HEAD"));
        assert!(ignored(f, ".env"));
        let f = "docs\n!docs/keep.md\n";
        assert!(!ignored(f, "docs/keep.md"));
        assert!(ignored(f, "docs/other.md"));
    }

    #[test]
    fn escapes_and_classes() {
        assert!(ignored("\\*.txt", "*.txt"));
        assert!(!ignored("\\*.txt", "a.txt"));
        assert!(ignored("[abc].log", "b.log"));
        assert!(!ignored("[abc].log", "d.log"));
        assert!(ignored("[a-c]?.log", "bx.log"));
        assert!(ignored("[^a].log", "b.log"));
        assert!(!ignored("[^a].log", "a.log"));
        assert!(ignored("file(1).txt", "file(1).txt"));
        assert!(ignored("a+b.txt", "a+b.txt"));
        let d = DockerIgnore::parse("[abc\n");
        assert_eq!(d.errors.len(), 1);
        assert!(!d.is_ignored("a"));
    }

    #[test]
    fn suffix_patterns_behave_like_docker() {
        // `**` followed only by literal text matches any path ending with it.
        assert!(ignored("**.log", "a/b.log"));
        assert!(ignored("**foo", "barfoo"));
        assert!(ignored("**/.env", ".env"));
        assert!(ignored("**/.env", "config/.env"));
        assert!(!ignored("**/.env", "config/x.env"));
    }

    #[test]
    fn ignore_all_patterns() {
        assert!(DockerIgnore::parse("*\n").ignores_all());
        assert!(DockerIgnore::parse("**/*\n").ignores_all());
        assert!(!DockerIgnore::parse("*.md\n").ignores_all());
        assert!(!DockerIgnore::parse("!*\n").ignores_all());
    }

    #[test]
    fn per_dockerfile_ignore_file_wins() {
        let files = MemoryFiles::default()
            .with(".dockerignore", "a\n")
            .with("api.Dockerfile.dockerignore", "b\n");
        let (path, d) = find(&files, Some("api.Dockerfile")).unwrap_or_default();
        assert_eq!(path, "api.Dockerfile.dockerignore");
        assert!(d.is_ignored("b"));
        let (path, _) = find(&files, Some("Dockerfile")).unwrap_or_default();
        assert_eq!(path, ".dockerignore");
        assert!(find(&MemoryFiles::default(), None).is_none());
    }

    #[test]
    fn reports_the_deciding_pattern() {
        let d = DockerIgnore::parse("*.log\nlogs/\n");
        assert_eq!(d.ignoring_pattern("logs/a.txt").map(|p| p.line), Some(2));
        assert_eq!(d.ignoring_pattern("x.log").map(|p| p.line), Some(1));
        assert!(d.ignoring_pattern("x.txt").is_none());
    }
}
