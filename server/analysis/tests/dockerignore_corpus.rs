//! The real `.dockerignore` files of the corpus (stored as `owner__repo__dir__.dockerignore`
//! next to `owner__repo__dir__Dockerfile`): they parse without errors, match paths the
//! way Docker does, and give `context-hygiene` (DK105) and `copy-ignored-file` (DK106)
//! exactly the findings listed here for the Dockerfiles of the same directory.

mod common;

use dockls_analysis::rules::practice::dockerignore::DockerIgnore;
use dockls_analysis::{analyze, MemoryFiles, Settings};

fn ignore_of(prefix: &str) -> DockerIgnore {
    let text = std::fs::read_to_string(common::corpus_dir().join(format!("{prefix}.dockerignore")))
        .unwrap_or_default();
    DockerIgnore::parse(&text)
}

/// (Dockerfile, code, line) for every DK105/DK106 finding with the same directory's
/// `.dockerignore` as the context's.
const EXPECTED: &[(&str, &str, usize)] = &[
    (
        "GoogleCloudPlatform__microservices-demo__src__cartservice__src__Dockerfile",
        "DK105",
        25,
    ),
    ("astral-sh__uv-docker-example__Dockerfile", "DK105", 31),
    (
        "astral-sh__uv-docker-example__multistage.Dockerfile",
        "DK105",
        22,
    ),
    (
        "astral-sh__uv-docker-example__standalone.Dockerfile",
        "DK105",
        24,
    ),
    ("docker__cli__Dockerfile", "DK105", 130),
    (
        "huggingface__text-generation-inference__Dockerfile.nix",
        "DK105",
        11,
    ),
    ("moby__buildkit__Dockerfile", "DK105", 484),
    ("moby__moby__Dockerfile", "DK105", 633),
    ("moby__moby__Dockerfile.simple", "DK105", 61),
    ("moby__moby__Dockerfile.windows", "DK105", 311),
];

#[test]
fn all_eighteen_parse_cleanly() {
    let files = common::corpus_ignore_files();
    assert_eq!(files.len(), 18);
    for (name, text) in &files {
        let d = DockerIgnore::parse(text);
        assert!(d.errors.is_empty(), "{name}: {:?}", d.errors);
        assert!(!d.patterns.is_empty(), "{name}: no patterns");
    }
}

#[test]
fn matches_like_docker() {
    let moby = ignore_of("moby__moby__");
    assert!(moby.is_ignored(".git/HEAD"));
    // `/.git` is anchored at the context root.
    assert!(!moby.is_ignored("vendor/x/.git/HEAD"));
    assert!(moby.is_ignored("bundles/binary/dockerd"));

    let symfony = ignore_of("dunglas__symfony-docker__");
    assert!(symfony.is_ignored(".git/HEAD"));
    assert!(symfony.is_ignored("sub/.git/config"));
    assert!(symfony.is_ignored("vendor/autoload.php"));
    assert!(symfony.is_ignored(".env.local"));
    assert!(symfony.is_ignored("docs/index.md"));
    assert!(!symfony.is_ignored(".env"));
    assert!(!symfony.is_ignored("src/Kernel.php"));

    // Exceptions put the per-platform build output back.
    let prometheus = ignore_of("prometheus__prometheus__");
    assert!(prometheus.has_exclusions());
    assert!(prometheus.is_ignored(".build/darwin-amd64/prometheus"));
    assert!(!prometheus.is_ignored(".build/linux-amd64/prometheus"));
    assert!(prometheus.is_ignored("data/wal/0001"));

    let cart = ignore_of("GoogleCloudPlatform__microservices-demo__src__cartservice__src__");
    assert!(cart.is_ignored("Dockerfile.debug"));
    assert!(cart.is_ignored("scripts/run.sh"));
    assert!(cart.is_ignored("cartservice/bin/Debug/app.dll"));
    assert!(!cart.is_ignored("cartservice/Program.cs"));

    let ollama = ignore_of("ollama__ollama__");
    assert!(ollama.is_ignored(".git/HEAD") && ollama.is_ignored(".env"));
}

#[test]
fn rules_on_the_corpus_directories() {
    let dir = common::corpus_dir();
    let mut found = Vec::new();
    for (name, text) in common::corpus_ignore_files() {
        let prefix = name.trim_end_matches(".dockerignore");
        let mut siblings: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.strip_prefix(prefix)
                    .is_some_and(|rest| !rest.contains("__") && !rest.ends_with(".dockerignore"))
            })
            .collect();
        siblings.sort();
        for file in siblings {
            let base = file.trim_start_matches(prefix);
            let bytes = std::fs::read(dir.join(&file)).unwrap_or_default();
            let dockerfile = String::from_utf8_lossy(&bytes).into_owned();
            let settings = Settings {
                select: Some(vec!["DK105".into(), "DK106".into()]),
                ..Default::default()
            };
            let files = MemoryFiles::default().with(".dockerignore", &text);
            let a = analyze(&dockerfile, &settings, &files, Some(base));
            for d in &a.diagnostics {
                if d.code == "DK105" || d.code == "DK106" {
                    let line = a.dockerfile.line_index.line_of(d.range.start) + 1;
                    found.push((file.clone(), d.code, line));
                }
            }
        }
    }
    let expected: Vec<(String, &str, usize)> = EXPECTED
        .iter()
        .map(|(f, c, l)| (f.to_string(), *c, *l))
        .collect();
    assert_eq!(found, expected);
}
