//! The refactorings on real Dockerfiles: the seed examples, single-stage files of the
//! corpus (`shared/corpus/real`), and close variants of corpus files kept as fixtures in
//! `tests/refactor/` (see its README). For every input, each refactoring that applies is
//! run and checked: its output parses with no new syntax error, the finding it fixes is
//! gone, and it is not offered again on its own output. The outputs are snapshots, read
//! and judged like code review.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use dockls_analysis::context::Context;
use dockls_analysis::refactor::{dockerignore, healthcheck, multi_stage, reorder, user};
use dockls_analysis::{analyze, FileChange, Fix, MemoryFiles, ProjectFiles, Settings};

fn shared(sub: &str) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|a| a.join("shared").join(sub))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| panic!("shared/{sub} not found above {}", manifest.display()))
}

/// Single-stage files of the corpus, by ecosystem.
const CORPUS: &[&str] = &[
    // Node.js
    "dockersamples__example-voting-app__result__Dockerfile",
    "super-linter__super-linter__test__linters__dockerfile_hadolint__bad__Dockerfile",
    "traefik__traefik__webui__buildx.Dockerfile",
    // Python
    "Purple666__fx-system-trade__get_rate__Dockerfile",
    "dockersamples__example-voting-app__seed-data__Dockerfile",
    "microsoft__mssql-docker__oss-drivers__pyodbc__Dockerfile",
    "pytorch__serve__kubernetes__kserve__image_transformer__transformer.Dockerfile",
    "nginx-proxy__nginx-proxy__test__requirements__Dockerfile-nginx-proxy-tester",
    // Ruby
    "fnf-org__TicketBooth__Dockerfile",
    "discourse__discourse_docker__image__setup_wizard__Dockerfile",
    // Python on a uv image (generic: the image is not an official Python one)
    "astral-sh__uv-docker-example__Dockerfile",
    // Generic (Go built through apt, C built from source, Haskell)
    "moby__buildkit__frontend__dockerfile__parser__testfiles__brimstone-docker-consul__Dockerfile",
    "moby__buildkit__frontend__dockerfile__parser__testfiles__cpuguy83-nagios__Dockerfile",
    "jhmcstanton__stacker__Dockerfile",
    // Refused: repositories, runtime packages and the build in one RUN
    "laravel__sail__runtimes__8.4__Dockerfile",
    // Not applications: nothing is offered
    "docker-library__python__3.12__slim-bookworm__Dockerfile",
    "docker__awesome-compose__nginx-wsgi-flask__nginx__Dockerfile",
];

struct Input {
    name: String,
    text: String,
    files: MemoryFiles,
}

fn inputs() -> Vec<Input> {
    let mut out = Vec::new();
    let seeds = shared("reference/seed-examples");
    let mut seed_files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .expect("seed examples")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    seed_files.sort();
    for p in seed_files {
        out.push(Input {
            name: format!(
                "seed__{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            ),
            text: std::fs::read_to_string(&p).expect("seed"),
            files: MemoryFiles::default(),
        });
    }
    let corpus = shared("corpus/real");
    for name in CORPUS {
        let text = std::fs::read(corpus.join(name)).expect(name);
        out.push(Input {
            name: format!("corpus__{name}"),
            text: String::from_utf8_lossy(&text).into_owned(),
            files: MemoryFiles::default(),
        });
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/refactor");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let (text, files, _) = common::load_fixture(&d);
        out.push(Input {
            name: format!(
                "fixture__{}",
                d.file_name().unwrap_or_default().to_string_lossy()
            ),
            text,
            files,
        });
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    MultiStage,
    User,
    Healthcheck,
    Reorder,
    DockerIgnore,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Reorder,
        Kind::MultiStage,
        Kind::User,
        Kind::Healthcheck,
        Kind::DockerIgnore,
    ];

    fn codes(self) -> &'static [&'static str] {
        match self {
            Kind::MultiStage => &["DK100"],
            Kind::User => &["DK103", "DK104"],
            Kind::Healthcheck => &["DK102"],
            Kind::Reorder => &["DK101"],
            Kind::DockerIgnore => &["DK105"],
        }
    }

    fn run(self, cx: &Context<'_>) -> Option<Fix> {
        match self {
            Kind::MultiStage => multi_stage::fix(cx),
            Kind::User => user::fix(cx),
            Kind::Healthcheck => healthcheck::fix(cx),
            Kind::Reorder => reorder::fixes(cx).into_iter().next().map(|(_, f)| f),
            Kind::DockerIgnore => dockerignore::fix(cx),
        }
    }
}

/// Findings as (code, message), with line numbers in messages blanked (they move).
fn findings(text: &str, files: &dyn ProjectFiles) -> Vec<(String, String)> {
    analyze(text, &Settings::default(), files, Some("Dockerfile"))
        .diagnostics
        .into_iter()
        .map(|d| {
            let mut m = String::new();
            let mut rest = d.message.as_str();
            while let Some(i) = rest.find("line ") {
                m.push_str(&rest[..i + 5]);
                rest = rest[i + 5..].trim_start_matches(|c: char| c.is_ascii_digit());
                m.push('N');
            }
            m.push_str(rest);
            (d.code.to_string(), m)
        })
        .collect()
}

#[test]
fn refactorings_on_real_dockerfiles() {
    let settings = Settings::default();
    let mut failures = Vec::new();
    for input in inputs() {
        let df = dockls_syntax::parse(&input.text);
        let cx = Context::new(&df, &settings, &input.files, Some("Dockerfile"));
        let before = findings(&input.text, &input.files);
        let mut report = String::new();
        for kind in Kind::ALL {
            let Some(fix) = kind.run(&cx) else {
                continue;
            };
            let after = fix.apply(&input.text).expect("edits apply");
            let overlay =
                common::Overlay::new(&input.files, &fix.files).expect("file changes apply");
            let errors_before = common::syntax_errors(&input.text);
            if common::syntax_errors(&after) > errors_before {
                failures.push(format!("{}: {kind:?} adds a syntax error", input.name));
            }
            let now = findings(&after, &overlay);
            for code in kind.codes() {
                let was = before.iter().filter(|(c, _)| c == code).count();
                let is = now.iter().filter(|(c, _)| c == code).count();
                if was > 0 && is >= was {
                    failures.push(format!("{}: {kind:?} leaves {code}", input.name));
                }
            }
            let df2 = dockls_syntax::parse(&after);
            let cx2 = Context::new(&df2, &settings, &overlay, Some("Dockerfile"));
            let again = match kind {
                Kind::Reorder => reorder::fixes(&cx2).len() >= reorder::fixes(&cx).len(),
                _ => kind.run(&cx2).is_some(),
            };
            if again {
                failures.push(format!(
                    "{}: {kind:?} is offered again on its output",
                    input.name
                ));
            }
            report.push_str(&format!("===== {kind:?}: {}\n", fix.title));
            if let Some(c) = fix.cursor {
                report.push_str(&format!("cursor on {:?}\n", c.of(&after)));
            }
            if !fix.edits.is_empty() {
                report.push_str(&after);
                if !after.ends_with('\n') {
                    report.push('\n');
                }
            }
            for f in &fix.files {
                match f {
                    FileChange::Create { path, content } => {
                        report.push_str(&format!("----- create {path}\n{content}"));
                    }
                    FileChange::Edit { path, edits } => {
                        let old = input.files.read(path).unwrap_or_default();
                        let new = dockls_analysis::diagnostic::apply_edits(&old, edits)
                            .unwrap_or_default();
                        report.push_str(&format!("----- edit {path}\n{new}"));
                    }
                }
            }
            let new: Vec<&(String, String)> = now.iter().filter(|f| !before.contains(f)).collect();
            if !new.is_empty() {
                report.push_str("----- new findings\n");
                for (c, m) in new {
                    report.push_str(&format!("{c}: {m}\n"));
                }
            }
        }
        if report.is_empty() {
            report.push_str("(no refactoring applies)\n");
        }
        insta::with_settings!({snapshot_path => "snapshots/refactor", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(input.name.clone(), report);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Truncated and damaged inputs (cut at line boundaries, a line dropped) never make a
/// refactoring panic, and what they offer still parses no worse.
#[test]
fn refactorings_survive_partial_files() {
    let settings = Settings::default();
    for input in inputs() {
        let lines: Vec<&str> = input.text.split_inclusive('\n').collect();
        let step = (lines.len() / 8).max(1);
        let mut variants = Vec::new();
        for cut in (1..lines.len()).step_by(step) {
            variants.push(lines[..cut].concat());
            let mut dropped = lines.clone();
            dropped.remove(cut);
            variants.push(dropped.concat());
        }
        for text in variants {
            let df = dockls_syntax::parse(&text);
            let cx = Context::new(&df, &settings, &input.files, Some("Dockerfile"));
            for kind in Kind::ALL {
                let fix = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| kind.run(&cx)))
                    .unwrap_or_else(|_| panic!("{}: {kind:?} panics on\n{text}", input.name));
                if let Some(f) = fix {
                    let after = f.apply(&text).expect("edits apply");
                    assert!(
                        common::syntax_errors(&after) <= common::syntax_errors(&text),
                        "{}: {kind:?} adds a syntax error to\n{text}",
                        input.name
                    );
                }
            }
            let offsets = [0, text.len() / 2, text.len()];
            for o in offsets {
                let _ = dockls_analysis::refactor::available(&cx, o);
            }
        }
    }
}
