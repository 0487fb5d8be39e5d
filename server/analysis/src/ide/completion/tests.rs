use super::*;

fn complete_with(src: &str, cfg: CompletionConfig) -> (String, Vec<CompletionItem>) {
    let offset = src.find("$0").unwrap_or_else(|| panic!("no $0 in {src}"));
    let text = src.replacen("$0", "", 1);
    let df = dockls_syntax::parse(&text);
    let items = completions(&df, offset, &cfg);
    (text, items)
}

fn snip() -> CompletionConfig {
    CompletionConfig {
        snippets: true,
        trigger: None,
    }
}

fn labels(src: &str) -> Vec<String> {
    let (_, items) = complete_with(src, snip());
    let mut items = items;
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    items.into_iter().map(|i| i.label).collect()
}

fn has(src: &str, want: &[&str]) {
    let l = labels(src);
    for w in want {
        assert!(
            l.iter().any(|x| x == w),
            "{w} missing from {l:?} for {src:?}"
        );
    }
}

fn lacks(src: &str, not: &[&str]) {
    let l = labels(src);
    for w in not {
        assert!(
            !l.iter().any(|x| x == w),
            "{w} unexpected in {l:?} for {src:?}"
        );
    }
}

fn item(src: &str, label: &str) -> CompletionItem {
    let (_, items) = complete_with(src, snip());
    items
        .into_iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("{label} not offered for {src:?}"))
}

#[test]
fn keywords_at_line_start() {
    has(
        "FROM a\n$0",
        &["RUN", "COPY", "HEALTHCHECK", "RUN <<EOF", "MAINTAINER"],
    );
    has("FROM a\nRU$0", &["RUN"]);
    let run = item("FROM a\nR$0", "RUN");
    assert_eq!(run.range, TextRange::new(7, 8));
    assert!(run
        .documentation
        .as_deref()
        .is_some_and(|d| d.contains("docs.docker.com")));
    let from = item("$0", "FROM");
    assert_eq!(from.insert, "FROM ${1:image}:${2:tag} AS ${3:name}");
    assert!(from.snippet);
    let hc = item("FROM a\n$0", "HEALTHCHECK");
    assert!(hc
        .insert
        .contains("--interval=${1:30s} --timeout=${2:3s} --start-period=${3:5s} --retries=${4:3}"));
    assert!(item("FROM a\n$0", "MAINTAINER").deprecated);
    // Plain text without snippet support.
    let (_, items) = complete_with("FROM a\n$0", CompletionConfig::default());
    let copy = items
        .iter()
        .find(|i| i.label == "COPY")
        .unwrap_or_else(|| panic!());
    assert_eq!((copy.insert.as_str(), copy.snippet), ("COPY ", false));
    assert!(!items.iter().any(|i| i.kind == ItemKind::Snippet));
}

#[test]
fn only_from_and_arg_before_the_first_from() {
    let l = labels("$0");
    assert!(l.contains(&"FROM".to_string()) && l.contains(&"ARG".to_string()));
    assert!(!l.contains(&"RUN".to_string()), "{l:?}");
    assert!(
        l.contains(&"# syntax=docker/dockerfile:1".to_string()),
        "{l:?}"
    );
    lacks("ARG X=1\n$0\nFROM a\n", &["RUN", "COPY"]);
    lacks(
        "# syntax=docker/dockerfile:1\n$0",
        &["# syntax=docker/dockerfile:1"],
    );
}

#[test]
fn onbuild_keywords() {
    has("FROM a\nONBUILD $0", &["RUN", "COPY"]);
    lacks("FROM a\nONBUILD $0", &["ONBUILD", "FROM", "MAINTAINER"]);
    has("FROM a\nONBUILD CO$0", &["COPY"]);
}

#[test]
fn lowercase_files_get_lowercase_keywords() {
    has("from a\nrun x\n$0", &["run", "copy"]);
    let f = item("from a AS b\nrun x\nfrom a $0", "as");
    assert_eq!(f.insert, "as ${1:name}");
}

#[test]
fn space_trigger_at_line_start_is_quiet() {
    let (_, items) = complete_with(
        "FROM a\n $0",
        CompletionConfig {
            snippets: true,
            trigger: Some(' '),
        },
    );
    assert!(items.is_empty());
}

#[test]
fn flags_per_instruction() {
    has(
        "FROM a\nCOPY --$0",
        &[
            "--from",
            "--chown",
            "--chmod",
            "--link",
            "--parents",
            "--exclude",
        ],
    );
    has(
        "FROM a\nADD --$0",
        &[
            "--checksum",
            "--keep-git-dir",
            "--unpack",
            "--link",
            "--exclude",
        ],
    );
    lacks("FROM a\nADD --$0", &["--from", "--parents"]);
    has(
        "FROM a\nRUN --$0",
        &["--mount", "--network", "--security", "--mount=type=cache"],
    );
    has("FROM --$0", &["--platform"]);
    has(
        "FROM a\nHEALTHCHECK --$0",
        &[
            "--interval",
            "--timeout",
            "--start-period",
            "--start-interval",
            "--retries",
        ],
    );
    // Used flags are not offered again, repeatable ones are.
    lacks("FROM a\nCOPY --link --$0", &["--link"]);
    has("FROM a\nRUN --mount=type=ssh --$0", &["--mount"]);
    // Not after the first argument.
    lacks("FROM a\nCOPY a --$0", &["--from"]);
    let net = item("FROM a\nRUN --$0", "--network");
    assert_eq!(net.insert, "--network=${1|default,none,host|}");
    let link = item("FROM a\nCOPY --$0", "--link");
    assert_eq!(link.insert, "--link");
    let from = item("FROM golang AS build\nFROM alpine\nCOPY --$0", "--from");
    assert_eq!(from.insert, "--from=${1|build|}");
    let interval = item("FROM a\nHEALTHCHECK --$0", "--interval");
    assert_eq!(interval.insert, "--interval=${1:30s}");
    // HEALTHCHECK also offers CMD and NONE.
    has("FROM a\nHEALTHCHECK $0", &["CMD", "NONE", "--interval"]);
    has("FROM a\nHEALTHCHECK --retries=3 $0", &["CMD", "NONE"]);
}

#[test]
fn flag_values() {
    has("FROM a\nRUN --network=$0", &["default", "none", "host"]);
    has("FROM a\nRUN --security=$0", &["sandbox", "insecure"]);
    has("FROM --platform=$0", &["$BUILDPLATFORM", "linux/arm64"]);
    has("FROM a\nCOPY --link=$0", &["true", "false"]);
    let v = item("FROM a\nRUN --network=no$0", "none");
    assert_eq!(v.range, TextRange::new(21, 23));
}

#[test]
fn mount_keys_and_values() {
    has(
        "FROM a\nRUN --mount=$0",
        &["type", "target", "source", "from"],
    );
    let t = item("FROM a\nRUN --mount=$0", "type");
    assert_eq!(t.insert, "type=${1|bind,cache,tmpfs,secret,ssh|}");
    has(
        "FROM a\nRUN --mount=type=$0",
        &["cache", "bind", "secret", "ssh", "tmpfs"],
    );
    has(
        "FROM a\nRUN --mount=type=cache,$0",
        &["target", "sharing", "id", "mode"],
    );
    lacks(
        "FROM a\nRUN --mount=type=cache,$0",
        &["type", "size", "env", "required"],
    );
    has(
        "FROM a\nRUN --mount=type=secret,$0",
        &["id", "env", "required"],
    );
    lacks("FROM a\nRUN --mount=type=secret,$0", &["sharing", "size"]);
    has("FROM a\nRUN --mount=type=tmpfs,$0", &["size"]);
    lacks(
        "FROM a\nRUN --mount=type=cache,target=/x,$0",
        &["target", "dst", "destination"],
    );
    has(
        "FROM a\nRUN --mount=type=cache,sharing=$0",
        &["locked", "shared", "private"],
    );
    has(
        "FROM a\nRUN --mount=type=cache,target=$0",
        &["/root/.cache/pip", "/var/cache/apt"],
    );
    // The type comes from the whole flag, also after the cursor.
    has("FROM a\nRUN --mount=$0,type=secret id=x", &["env"]);
    let k = item("FROM a\nRUN --mount=type=cache,ta$0", "target");
    assert_eq!(k.range, TextRange::new(30, 32));
    assert_eq!(k.insert, "target=");
}

#[test]
fn stage_names() {
    let src = "FROM golang AS build\nFROM node AS web\nFROM alpine\nCOPY --from=$0\nFROM busybox AS late\n";
    has(src, &["build", "web"]);
    lacks(src, &["late", "2"]);
    has(
        "FROM golang AS build\nFROM alpine\nRUN --mount=from=$0",
        &["build"],
    );
    has(
        "FROM golang AS build\nFROM alpine\nRUN --mount=type=bind,from=b$0",
        &["build"],
    );
    // FROM offers earlier stages with the images; unnamed stages by index.
    let l = labels("FROM golang AS build\nFROM busybox\nFROM $0");
    assert_eq!(l[0], "1", "{l:?}");
    assert_eq!(l[1], "build", "{l:?}");
    lacks("FROM $0\nFROM golang AS build\n", &["build"]);
}

#[test]
fn variables_with_scoping() {
    let src = "ARG VERSION=20\nARG BASE=node\nFROM ${BASE}:${$0";
    has(src, &["VERSION", "BASE", "TARGETARCH", "BUILDPLATFORM"]);
    let v = item(src, "VERSION");
    assert_eq!(v.detail.as_deref(), Some("= 20"));
    assert_eq!(v.insert, "VERSION}");
    assert!(v
        .documentation
        .as_deref()
        .is_some_and(|d| d.contains("line 1")));
    // Inside a stage: global ARGs only when redeclared; platform ARGs only when declared.
    let src = "ARG VERSION=20\nARG OTHER=1\nFROM node\nARG VERSION\nENV APP=/app\nRUN echo $$0";
    let (_, items) = complete_with(src, snip());
    let find = |n: &str| items.iter().find(|i| i.label == n).cloned();
    let version = find("VERSION").unwrap_or_else(|| panic!("VERSION"));
    assert!(version.additional.is_empty());
    assert_eq!(version.detail.as_deref(), Some("= 20"));
    assert!(find("APP").is_some());
    assert!(find("HTTP_PROXY").is_some());
    // OTHER and TARGETARCH come with an `ARG` line.
    let other = find("OTHER").unwrap_or_else(|| panic!("OTHER"));
    let line = src.find("RUN").unwrap_or(0);
    assert_eq!(
        other.additional,
        vec![(TextRange::empty(line), "ARG OTHER\n".to_string())]
    );
    let arch = find("TARGETARCH").unwrap_or_else(|| panic!("TARGETARCH"));
    assert_eq!(arch.additional.len(), 1);
    assert!(version.sort < other.sort);
    // ENV beats ARG.
    let src = "FROM a\nARG X=1\nENV X=2\nRUN echo ${X$0}";
    let x = item(src, "X");
    assert_eq!(x.detail.as_deref(), Some("= 2"));
    assert_eq!(x.insert, "X");
    // Not for an escaped dollar; yes inside heredoc bodies.
    lacks("FROM a\nARG Q=1\nCOPY \\$$0 /x", &["Q"]);
    has("FROM a\nARG Q=1\nRUN <<EOF\necho $$0\nEOF\n", &["Q"]);
}

#[test]
fn directives() {
    has(
        "# $0",
        &["syntax=docker/dockerfile:1", "escape=`", "check=skip="],
    );
    has(
        "# syntax=$0",
        &["docker/dockerfile:1", "docker/dockerfile:1-labs"],
    );
    lacks("# syntax=$0", &["docker/dockerfile:experimental"]);
    has("# escape=$0", &["\\", "`"]);
    has("# check=$0", &["skip=", "error=true", "experimental="]);
    has(
        "# check=skip=$0",
        &["all", "JSONArgsRecommended", "UndefinedVar"],
    );
    has("# check=skip=JSONArgsRecommended,$0", &["UndefinedVar"]);
    lacks(
        "# check=skip=JSONArgsRecommended,$0",
        &["JSONArgsRecommended", "all"],
    );
    lacks("# check=skip=A;$0", &["skip="]);
    has("# check=error=$0", &["true", "false"]);
    // Only in the leading block; a repeated directive is not offered.
    lacks(
        "# syntax=docker/dockerfile:1\n# $0",
        &["syntax=docker/dockerfile:1"],
    );
    has("# syntax=docker/dockerfile:1\n# $0", &["escape=`"]);
    lacks("FROM a\n# $0", &["syntax=docker/dockerfile:1"]);
    // The per-instruction check comment.
    has(
        "FROM a\n# check=skip=$0\nRUN x\n",
        &["SecretsUsedInArgOrEnv"],
    );
}

#[test]
fn ignore_codes() {
    has(
        "FROM a\n# dockls ignore=$0\nRUN x\n",
        &["DK401", "maintainer-deprecated"],
    );
    has("FROM a\n# dockls global ignore=DK401,$0\n", &["DK402"]);
    lacks(
        "FROM a\n# dockls ignore=DK401,$0\n",
        &["DK401", "maintainer-deprecated"],
    );
    let (_, items) = complete_with("FROM a\n# hadolint ignore=$0\n", snip());
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i.label.starts_with("DL")),
        "{:?}",
        items.iter().map(|i| &i.label).collect::<Vec<_>>()
    );
    lacks("FROM a\n# dockls ignore=DK401 because $0\n", &["DK402"]);
    has("FROM a\n# dockls $0\n", &["ignore=", "global ignore="]);
    let d = item("FROM a\n# dockls ignore=DK40$0\nRUN x\n", "DK401");
    assert_eq!(d.range, TextRange::new(23, 27));
    assert!(d
        .documentation
        .as_deref()
        .is_some_and(|x| x.contains("DK401.md")));
}

#[test]
fn images_and_tags() {
    let l = labels("FROM $0");
    assert!(l.contains(&"node".to_string()) && l.contains(&"scratch".to_string()));
    assert!(l.contains(&"gcr.io/distroless/static-debian12".to_string()));
    let node = item("FROM no$0", "node");
    assert_eq!(node.range, TextRange::new(5, 7));
    assert!(node.detail.as_deref().is_some_and(|d| d.contains("MB")));
    assert!(node
        .documentation
        .as_deref()
        .is_some_and(|d| d.contains("approximate")));
    // Official images first once something is typed.
    let (_, mut items) = complete_with("FROM n$0", snip());
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    let first_unofficial = items
        .iter()
        .position(|i| i.label.contains('/'))
        .unwrap_or(usize::MAX);
    let last_official = items
        .iter()
        .rposition(|i| !i.label.contains('/') && i.kind == ItemKind::Image && i.label != "scratch")
        .unwrap_or(0);
    assert!(last_official < first_unofficial);
    // Tags.
    has(
        "FROM node:$0",
        &["24-alpine", "22-slim", "lts", "22-bookworm-slim"],
    );
    let t = item("FROM node:22$0", "22-alpine");
    assert_eq!(t.range, TextRange::new(10, 12));
    // With a prefix, smaller variants of a version come first.
    let (_, mut items) = complete_with("FROM node:22$0", snip());
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    let pos = |l: &str| {
        items
            .iter()
            .position(|i| i.label == l)
            .unwrap_or(usize::MAX)
    };
    assert!(pos("24-alpine") < pos("24"));
    has(
        "FROM gcr.io/distroless/static-debian12:$0",
        &["nonroot", "latest", "debug"],
    );
    has("FROM docker.io/library/python:$0", &["3.13-slim"]);
    lacks("FROM node:22 AS $0", &["node"]);
    has("FROM node:22 $0", &["AS"]);
    lacks("FROM unknown-image:$0", &["latest"]);
}

#[test]
fn signals_protocols_and_shells() {
    has("FROM a\nSTOPSIGNAL $0", &["SIGTERM", "SIGQUIT", "SIGKILL"]);
    has("FROM a\nEXPOSE 8080/$0", &["tcp", "udp", "sctp"]);
    has("FROM a\nEXPOSE 80 8000-8010/u$0", &["udp"]);
    lacks("FROM a\nEXPOSE 80$0", &["tcp"]);
    has(
        "FROM a\nSHELL $0",
        &["[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"],
    );
}

#[test]
fn nothing_in_shell_text_or_heredocs() {
    let (_, items) = complete_with("FROM a\nRUN apt-get inst$0", snip());
    assert!(items.is_empty());
    let (_, items) = complete_with("FROM a\nRUN <<EOF\nap$0\nEOF\n", snip());
    assert!(items.is_empty());
}

#[test]
fn continuation_lines() {
    has(
        "FROM a\nRUN --mount=type=cache,target=/x \\\n    --$0",
        &["--network", "--mount"],
    );
    has("FROM golang AS b\nFROM a\nCOPY \\\n  --from=$0", &["b"]);
}

#[test]
fn every_offset_of_odd_input_is_safe() {
    let inputs = [
        "# syntax=docker/dockerfile:1\n# escape=`\nFROM a `\n  AS b\nRUN echo `\n  hi\n",
        "FROM é😀:${X:-中}\nCOPY --from=😀 \"a b\" c\nRUN <<-EOF cat\n\t$😀\n\tEOF\n",
        "ONBUILD ONBUILD\nFROM\nCOPY --\nRUN --mount=,,=,type=\nEXPOSE /\nHEALTHCHECK --\n# dockls ignore=,\n# check=skip=;;\n",
        "\u{feff}FROM a\r\nRUN x \\\r\n  y\r\n",
        "FROM a\nRUN --mount=type=cache,target=/x \\\n# c\n\n  echo ${",
        "",
        "$",
        "${",
    ];
    let cfg = CompletionConfig {
        snippets: true,
        trigger: Some(' '),
    };
    for text in inputs {
        let df = dockls_syntax::parse(text);
        for o in 0..=text.len() + 2 {
            let items = completions(&df, o, &cfg);
            for i in &items {
                assert!(
                    i.range.end <= text.len() && i.range.start <= i.range.end,
                    "{text:?} at {o}: {i:?}"
                );
            }
            let _ = super::super::hover::hover(&df, o);
            let _ = super::super::signature::signature_help(&df, o);
        }
        let _ = super::super::links::document_links(&df);
        let _ = super::super::inlay::inlay_hints(&df, TextRange::new(0, text.len()));
    }
}

#[test]
fn images_after_from_flags() {
    // Images can be copied or mounted from too (never scratch), after the stages.
    let l = labels("FROM golang AS build\nFROM alpine\nCOPY --from=$0");
    assert_eq!(l[0], "build");
    assert!(l.contains(&"ghcr.io/astral-sh/uv".to_string()));
    assert!(!l.contains(&"scratch".to_string()));
    has("FROM alpine\nCOPY --from=composer:$0", &["2"]);
    has(
        "FROM golang AS build\nFROM alpine\nRUN --mount=from=$0",
        &["build", "node"],
    );
}

#[test]
fn directives_anywhere_in_the_leading_block() {
    has("# syntax=docker/dockerfile:1\n$0", &["# escape=`", "FROM"]);
    lacks("# syntax=docker/dockerfile:1\nARG A\n$0", &["# escape=`"]);
    let (_, items) = complete_with("#$0", snip());
    let s = items
        .iter()
        .find(|i| i.label == "syntax=docker/dockerfile:1")
        .unwrap_or_else(|| panic!("no syntax"));
    assert_eq!(s.insert, " syntax=docker/dockerfile:1");
}
