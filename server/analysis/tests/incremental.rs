//! `analyze_incremental` (reuse the parse and the rule findings an edit cannot change)
//! must give exactly what `analyze` gives: the same `Dockerfile` and the same diagnostics,
//! fixes included, after random edits of every real file of the corpus and of synthetic
//! texts. Every rule runs (`select = ["ALL"]`, preview on), so each rule's `Scope` is
//! put to the test, with edits that change what rules look around for: stages, bases,
//! `--from`, SHELL, USER, ENV and ARG, package installs and cleanups, suppressions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stderr,
    clippy::panic
)]

mod common;
#[path = "../../../tests/support/rng.rs"]
mod rng;
use rng::Rng;

use dockls_analysis::{analyze, analyze_incremental, Analysis, Diagnostic, NoFiles, Settings};

/// Text that edits insert: whole instructions that shape what rules see, and fragments
/// that change how lines group.
const PIECES: &[&str] = &[
    "\n",
    "\\\n",
    " \\\n  ",
    "# c\n",
    "x",
    " ",
    "\"",
    "$",
    "${",
    "FROM alpine:3.20 AS build\n",
    "FROM build AS test\n",
    "FROM node:20\n",
    "FROM ",
    " AS base",
    "COPY --from=build /a /b\n",
    "COPY --from=0 /a /b\n",
    "RUN --mount=type=cache,target=/var/cache/apt --mount=from=build,target=/x true\n",
    "RUN apt-get update && apt-get install -y curl\n",
    "RUN apt-get install curl && rm -rf /var/lib/apt/lists/*\n",
    "RUN apk add --no-cache curl\n",
    "RUN apk add curl\n",
    "RUN pip install flask\n",
    "RUN yum install -y httpd && yum clean all\n",
    "RUN npm install -g yarn\n",
    "RUN curl -fsSL https://x | sh\n",
    "RUN wget -O- https://x | tar xz\n",
    "RUN cd /app && make\n",
    "RUN <<EOF\nset -e\napt-get update\nEOF\n",
    "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\n",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    "SHELL [\"pwsh\", \"-c\"]\n",
    "SHELL [\"/bin/sh\", \"-c\"]\n",
    "RUN sudo apt-get install -y x\n",
    "USER app\n",
    "USER root\n",
    "USER 1000\n",
    "WORKDIR /app\n",
    "WORKDIR app\n",
    "ENV PKGS=\"curl git\" PATH=/x:$PATH\n",
    "ARG VERSION=1.0\n",
    "ARG TOKEN\n",
    "ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n",
    "LABEL maintainer=me version=1\n",
    "EXPOSE 80/TCP\n",
    "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
    "CMD [\"node\", \"server.js\"]\n",
    "ENTRYPOINT node server.js\n",
    "ONBUILD RUN apt-get install curl\n",
    "MAINTAINER me\n",
    "ADD https://example.com/x.tar.gz /x\n",
    "# dockls ignore=DK303\n",
    "# hadolint ignore=DL3008,DL3015\n",
    "run echo lower\n",
];

fn first_difference(got: &[Diagnostic], want: &[Diagnostic]) -> String {
    let i = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    format!(
        "{} and {} diagnostics; first difference at {i}:\n incremental: {:?}\n       fresh: {:?}",
        got.len(),
        want.len(),
        got.get(i),
        want.get(i)
    )
}

/// Applies random edits one after another, each analysed incrementally from the last.
fn check_edits(name: &str, text: &str, rng: &mut Rng, edits: usize, settings: &Settings) {
    let mut text = text.to_string();
    let mut analysis: Analysis = analyze(&text, settings, &NoFiles, Some("Dockerfile"));
    let mut done = Vec::new();
    for _ in 0..edits {
        let line_start = |text: &str, at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
        let mut start = rng.below(text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = start;
        let mut new = PIECES[rng.below(PIECES.len())];
        match rng.below(10) {
            // Delete one or two whole lines (an instruction, or part of one).
            0..=2 => {
                start = line_start(&text, start);
                for _ in 0..1 + rng.below(2) {
                    end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                }
                new = "";
            }
            // Insert a piece at the start of a line.
            3..=5 => start = line_start(&text, start),
            // Replace a few characters anywhere.
            _ => {
                end = (start + [0, 0, 1, 3, 20][rng.below(5)]).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
            }
        }
        text.replace_range(start..end, new);
        done.push((start, end, new));
        analysis = analyze_incremental(analysis, &text, settings, &NoFiles, Some("Dockerfile"));
        let fresh = analyze(&text, settings, &NoFiles, Some("Dockerfile"));
        if analysis.dockerfile != fresh.dockerfile {
            panic!("{name}: the incremental parse differs after edits {done:?}\ntext: {text:?}");
        }
        if analysis.diagnostics != fresh.diagnostics {
            panic!(
                "{name}: diagnostics differ after edits {done:?}\n{}\ntext: {text:?}",
                first_difference(&analysis.diagnostics, &fresh.diagnostics)
            );
        }
    }
}

/// `DOCKLS_TEST_SCALE=N` runs N times as many edits (for a longer hunt).
fn scale() -> usize {
    std::env::var("DOCKLS_TEST_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

fn all_rules() -> Settings {
    Settings {
        select: Some(vec!["ALL".into()]),
        preview: true,
        ..Settings::default()
    }
}

#[test]
fn incremental_analysis_equals_fresh_on_the_corpus() {
    let files = common::corpus_dockerfiles();
    assert!(!files.is_empty());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let settings = all_rules();
    for _ in 0..scale() {
        for (name, text) in &files {
            check_edits(name, text, &mut rng, 4, &settings);
        }
    }
}

#[test]
fn incremental_analysis_equals_fresh_on_synthetic_files() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let all = all_rules();
    let default = Settings::default();
    for case in 0..400 * scale() {
        let mut text = String::from("# syntax=docker/dockerfile:1\nFROM debian:12 AS base\n");
        for _ in 0..rng.below(16) {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        let settings = if case % 2 == 0 { &all } else { &default };
        check_edits(&format!("synthetic {case}"), &text, &mut rng, 6, settings);
    }
}

#[test]
fn settings_changes_are_not_reused() {
    let text = "FROM alpine:3.20\nRUN apk add curl\n";
    let a = analyze(text, &Settings::default(), &NoFiles, None);
    let mut off = Settings::default();
    off.ignore.push("DK309".into());
    let b = analyze_incremental(
        a,
        "FROM alpine:3.20\nRUN apk add curl \n",
        &off,
        &NoFiles,
        None,
    );
    let fresh = analyze(
        "FROM alpine:3.20\nRUN apk add curl \n",
        &off,
        &NoFiles,
        None,
    );
    assert_eq!(b.diagnostics, fresh.diagnostics);
}
