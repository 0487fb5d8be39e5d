//! The seed examples (`shared/reference/seed-examples`) must get exactly the practice,
//! image and security findings their README describes, and no others.
//!
//! Every file is checked with the default settings and, where the project would have
//! one, with `dockerignore.example` as its `.dockerignore`. Only the codes of the
//! practice (DK1xx), base-image (DK200-DK219) and security (DK5xx) rules are compared, so
//! rules of other areas can be added without touching this test.

use std::path::PathBuf;

use dockls_analysis::{analyze, MemoryFiles, NoFiles, ProjectFiles, Settings};

fn seed_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("DOCKLS_REFERENCE") {
        return PathBuf::from(dir).join("seed-examples");
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|a| a.join("shared/reference/seed-examples"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "shared/reference/seed-examples not found above {}",
                manifest.display()
            )
        })
}

fn read(name: &str) -> String {
    let path = seed_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mine(code: &str) -> bool {
    let n: u32 = code.trim_start_matches("DK").parse().unwrap_or(0);
    (100..200).contains(&n) || (200..220).contains(&n) || (500..520).contains(&n)
}

fn codes(name: &str, files: &dyn ProjectFiles) -> Vec<&'static str> {
    let text = read(name);
    let mut out: Vec<&'static str> =
        analyze(&text, &Settings::default(), files, Some("Dockerfile"))
            .diagnostics
            .iter()
            .map(|d| d.code)
            .filter(|c| mine(c))
            .collect();
    out.sort();
    out.dedup();
    out
}

fn with_ignore() -> MemoryFiles {
    MemoryFiles::default().with(".dockerignore", &read("dockerignore.example"))
}

#[test]
fn node_single_stage() {
    // The classic single-stage build: the toolchain and dev dependencies ship (DK100),
    // `npm install` runs after `COPY . .` (DK101), the `npm start` server has no
    // HEALTHCHECK (DK102) and no USER (DK104).
    assert_eq!(
        codes("node-single-stage.Dockerfile", &with_ignore()),
        vec!["DK100", "DK101", "DK102", "DK104"]
    );
    // Without a .dockerignore, `COPY . .` also sends .git, .env and node_modules.
    assert_eq!(
        codes("node-single-stage.Dockerfile", &NoFiles),
        vec!["DK100", "DK101", "DK102", "DK104", "DK105"]
    );
}

#[test]
fn node_multi_stage() {
    // The README's target shape. It still exposes a port without a HEALTHCHECK (DK102)
    // and runs as root (DK104); the builder's dependencies are installed before the
    // sources are copied, and the final stage installs nothing.
    assert_eq!(
        codes("node-multi-stage.Dockerfile", &with_ignore()),
        vec!["DK102", "DK104"]
    );
}

#[test]
fn python_layer_order() {
    // The layer order is right: no DK101. It runs as root (DK104), and the `gcc` it
    // installs stays in the single stage (DK100): true, though the README is about the
    // layer order.
    assert_eq!(
        codes("python-layer-order.Dockerfile", &with_ignore()),
        vec!["DK100", "DK104"]
    );
}

#[test]
fn env_specific() {
    // Production dependencies through `NODE_ENV` from an ARG default, manifests first,
    // a system user, USER and a HEALTHCHECK: nothing to report.
    assert_eq!(
        codes("env-specific.Dockerfile", &with_ignore()),
        Vec::<&str>::new()
    );
}

#[test]
fn hardcoded_secret() {
    // The pitfalls: a secret in ENV (DK500), the whole context copied before
    // `pip install` (DK101), running as root (DK104). (The shell-form CMD belongs to
    // another rule area.)
    assert_eq!(
        codes("hardcoded-secret.Dockerfile", &with_ignore()),
        vec!["DK101", "DK104", "DK500"]
    );
    let text = read("hardcoded-secret.Dockerfile");
    let d = analyze(
        &text,
        &Settings::default(),
        &with_ignore(),
        Some("Dockerfile"),
    );
    let secret = d
        .diagnostics
        .iter()
        .find(|d| d.code == "DK500")
        .map(|d| (d.range.of(&text).to_string(), d.message.clone()));
    let (span, message) = secret.unwrap_or_default();
    assert_eq!(span, "API_KEY");
    assert!(
        !message.contains("secret123"),
        "the value must not be echoed"
    );
}

#[test]
fn dockerignore_example_is_complete_for_node() {
    let ignore = dockls_analysis::rules::practice::dockerignore::DockerIgnore::parse(&read(
        "dockerignore.example",
    ));
    assert!(ignore.errors.is_empty());
    for path in [
        ".git/HEAD",
        ".env",
        "node_modules/x/index.js",
        "README.md",
        "coverage/lcov.info",
    ] {
        assert!(ignore.is_ignored(path), "{path}");
    }
    for path in ["src/index.js", "package.json", ".env.example"] {
        assert!(!ignore.is_ignored(path), "{path}");
    }
}
