//! Reads every real-world Dockerfile in the shared corpus and checks that the reader
//! agrees with BuildKit: files Docker builds get no error-level syntax diagnostic, files
//! it rejects get at least one, and every typed view stays inside its instruction.

#[path = "../../../tests/support/corpus.rs"]
mod corpus;

use dockls_syntax::{parse, Body, Severity};

/// Files of the corpus that `docker build` rejects, with the reason.
const EXPECTED_BROKEN: &[(&str, &str)] = &[
    ("anuragverma7__url-shortener__Dockerfile", "first line is the stray token `dockerfile# Stage 1`"),
    ("docker-library__buildpack-deps__Dockerfile.template", "jq template source, rendered before building"),
    ("docker-library__redis__Dockerfile.template", "jq template source, rendered before building"),
    ("dotnet__dotnet-docker__eng__dockerfile-templates__sdk__Dockerfile.linux", "cottle template source"),
    ("microsoft__dotnet-framework-docker__eng__dockerfile-templates__sdk__Dockerfile.ltsc2016", "cottle template source"),
    ("jrottenberg__ffmpeg__templates__Dockerfile-template.alpine320", "`%%ENV%%`/`%%RUN%%` placeholders of a generator"),
    ("roddy-devs__hey-ya__docker__backend.Dockerfile", "prose instead of instructions"),
    ("tonistiigi__xx__src__Dockerfile.rego", "a Rego policy, not a Dockerfile"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles-negative__empty_dockerfile__Dockerfile", "BuildKit must-fail fixture: empty"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles-negative__only_comments__Dockerfile", "BuildKit must-fail fixture: comments only"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles-negative__env_no_value__Dockerfile", "BuildKit must-fail fixture: `ENV PATH` without value"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles-negative__shykes-nested-json__Dockerfile", "BuildKit must-fail fixture: nested JSON array"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles__flags__Dockerfile", "parser fixture with made-up flags (`--user`, `--doit`) that the builder rejects"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles__health__Dockerfile", "parser fixture with HEALTHCHECK forms the builder rejects (no command, type CONNECT)"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles__jeztah-invalid-json-single-quotes__Dockerfile", "parser fixture with no FROM"),
    ("moby__buildkit__frontend__dockerfile__parser__testfiles__jeztah-invalid-json-unterminated-bracket__Dockerfile", "parser fixture with no FROM"),
];

#[test]
fn corpus_has_the_expected_files() {
    assert_eq!(corpus::corpus_dockerfiles().len(), 320);
}

#[test]
fn files_docker_builds_get_no_syntax_error() {
    let mut wrong = Vec::new();
    for (name, text) in corpus::corpus_dockerfiles() {
        let df = parse(&text);
        let errors: Vec<_> = df
            .errors
            .iter()
            .filter(|e| e.severity == Severity::Error)
            .collect();
        let expected = EXPECTED_BROKEN.iter().any(|(n, _)| *n == name);
        if expected && errors.is_empty() {
            wrong.push(format!("{name}: expected a syntax error, got none"));
        }
        if !expected {
            for e in errors {
                let lc = df.line_index.line_col(e.range.start);
                wrong.push(format!(
                    "{name}:{}:{}: {:?}: {}",
                    lc.line + 1,
                    lc.col + 1,
                    e.kind,
                    e.message
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn typed_views_stay_inside_their_instructions() {
    for (name, text) in corpus::corpus_dockerfiles() {
        let df = parse(&text);
        let mut prev_end = 0;
        for ins in &df.instructions {
            assert!(
                ins.range.start >= prev_end,
                "{name}: instructions overlap at {:?}",
                ins.range
            );
            assert!(ins.range.end <= text.len(), "{name}: range past the end");
            prev_end = ins.range.end;
            assert_eq!(
                ins.keyword_range.of(&text),
                ins.keyword_text,
                "{name}: keyword range"
            );
            for f in &ins.flags {
                assert!(
                    ins.header.contains_range(f.range),
                    "{name}: flag outside {:?}",
                    ins.header
                );
                assert!(
                    f.range.of(&text).starts_with("--"),
                    "{name}: flag range {:?}",
                    f.range.of(&text)
                );
            }
            for w in ins.words() {
                assert!(
                    ins.header.contains_range(w.range),
                    "{name}: word {:?} outside its instruction",
                    w.raw
                );
            }
            for h in &ins.heredocs {
                assert!(
                    h.body.start >= ins.header.end,
                    "{name}: heredoc body before its instruction"
                );
                assert!(
                    ins.range.contains_range(h.body),
                    "{name}: heredoc body outside"
                );
            }
            if let Some(sh) = &ins.shell {
                for c in &sh.commands {
                    assert!(
                        ins.range.contains_range(c.range),
                        "{name}: shell command outside its instruction"
                    );
                }
            }
            if let Body::From(f) = &ins.body {
                if let (Some(img), Some(r)) = (&f.image, &f.image_ref) {
                    assert_eq!(img.value, r.raw, "{name}");
                }
            }
        }
    }
}

#[test]
fn every_shell_form_run_on_linux_has_a_shell_view() {
    let mut missing = Vec::new();
    for (name, text) in corpus::corpus_dockerfiles() {
        if EXPECTED_BROKEN.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let df = parse(&text);
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                let is_shell_run = ins.is(dockls_syntax::Keyword::Run)
                    && ins.command().is_some_and(|c| !c.is_exec());
                if is_shell_run && ins.shell.is_none() && df.escape == '\\' {
                    let windows = text.contains("powershell")
                        || text.contains("pwsh")
                        || text.to_lowercase().contains("nanoserver")
                        || text.to_lowercase().contains("servercore");
                    if !windows && !ins.heredocs.iter().any(|h| h.shebang(&text).is_some()) {
                        let lc = df.line_index.line_col(ins.range.start);
                        missing.push(format!("{name}:{}", lc.line + 1));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "RUN without a shell view:\n{}",
        missing.join("\n")
    );
}
