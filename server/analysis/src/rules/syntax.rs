//! Codes and documentation of the syntax problems the reader reports. These are not
//! lint rules: the reader finds them while parsing, exactly where BuildKit would fail.

use crate::declare_rule;
use crate::rule::RuleMeta;
use dockls_syntax::SyntaxErrorKind as K;

declare_rule! {
    /// ## What it does
    /// Reports a file that has no instructions: it is empty or holds only comments.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses to build it ("file with no instructions").
    ///
    /// ## Example
    /// ```dockerfile
    /// # nothing here yet
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    pub struct NoInstructions { code: "DK001", name: "no-instructions", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a line that starts with a word that is not a Dockerfile instruction, and
    /// suggests the closest instruction when it looks like a typo.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "unknown instruction". Templates (`{{ ... }}`) must be rendered
    /// before they are built or linted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUNN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// Replaces the word with the suggested instruction (safe).
    pub struct UnknownInstruction { code: "DK002", name: "unknown-instruction", category: Syntax, severity: Error, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports an instruction without the arguments it needs (`COPY` with one path,
    /// `EXPOSE` with no port, `FROM` with no image, ...).
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "requires at least one argument" or a similar error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.tar.gz /opt/
    /// ```
    pub struct MissingArguments { code: "DK003", name: "missing-arguments", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a FROM that is not `FROM <image>` or `FROM <image> AS <name>`.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "FROM requires either one or three arguments".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 builder
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// ```
    ///
    /// ## Fix
    /// When the second word is a misspelt `AS`, replaces it with `AS` (safe).
    pub struct FromArguments { code: "DK004", name: "from-arguments", category: Syntax, severity: Error, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a stage name that does not match `[a-z][a-z0-9-_.]*` (after lowercasing).
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "invalid name for build stage".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS 1st-stage
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22 AS first-stage
    /// ```
    pub struct InvalidStageName { code: "DK005", name: "invalid-stage-name", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a heredoc whose terminator line never comes.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "unterminated heredoc"; everything after the marker would be read
    /// as the heredoc's body.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN <<EOF
    /// apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN <<EOF
    /// apk add --no-cache curl
    /// EOF
    /// ```
    pub struct UnterminatedHeredoc { code: "DK006", name: "unterminated-heredoc", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a heredoc word with an unbalanced quote, such as `<<'EOF`.
    ///
    /// ## Why is this bad?
    /// BuildKit cannot tell where the heredoc ends and stops.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN <<'EOF
    /// echo hi
    /// EOF
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN <<'EOF'
    /// echo hi
    /// EOF
    /// ```
    pub struct InvalidHeredoc { code: "DK007", name: "invalid-heredoc", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a heredoc used as the destination of COPY or ADD.
    ///
    /// ## Why is this bad?
    /// A heredoc is file content, not a path; BuildKit stops with "cannot accept a heredoc as
    /// a destination".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.conf <<EOF
    /// x
    /// EOF
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY <<EOF /etc/app.conf
    /// x
    /// EOF
    /// ```
    pub struct HeredocDestination { code: "DK008", name: "heredoc-destination", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a parser directive (`syntax`, `escape`, `check`) given twice.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "only one ... parser directive can be used".
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// # syntax=docker/dockerfile:1.7
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1.7
    /// FROM alpine:3.20
    /// ```
    pub struct DuplicateDirective { code: "DK009", name: "duplicate-directive", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports an `escape` directive whose value is not `\` or a backtick.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "invalid escape token".
    ///
    /// ## Example
    /// ```dockerfile
    /// # escape=^
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # escape=`
    /// FROM alpine:3.20
    /// ```
    pub struct InvalidEscape { code: "DK010", name: "invalid-escape", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a `check` directive that BuildKit cannot read: an option without `=`, an
    /// unknown option, or an `error` value that is not a boolean.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "invalid check option".
    ///
    /// ## Example
    /// ```dockerfile
    /// # check=skipp=JSONArgsRecommended
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # check=skip=JSONArgsRecommended
    /// FROM alpine:3.20
    /// ```
    pub struct InvalidCheckDirective { code: "DK011", name: "invalid-check-directive", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a flag the instruction does not accept, and suggests the closest one.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "unknown flag".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chmown=app:app . /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chown=app:app . /app
    /// ```
    ///
    /// ## Fix
    /// Renames the flag to the suggestion (safe).
    pub struct UnknownFlag { code: "DK012", name: "unknown-flag", category: Syntax, severity: Error, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a flag that takes a single value given twice (only `--mount`, `--exclude`
    /// and `--device` may repeat).
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "duplicate flag specified".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chown=a --chown=b . /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chown=b . /app
    /// ```
    pub struct DuplicateFlag { code: "DK013", name: "duplicate-flag", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a flag that needs a value written without one (`--platform linux/amd64`
    /// instead of `--platform=linux/amd64`), and a boolean flag written `--link=`.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "missing a value on flag".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20
    /// ```
    pub struct FlagMissingValue { code: "DK014", name: "flag-missing-value", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a flag value BuildKit rejects: a boolean that is not `true`/`false`, a
    /// HEALTHCHECK duration without a unit or under 1ms, a negative `--retries`, an unknown
    /// `--network` or `--security` value, or a `--mount` with an unknown type or key.
    ///
    /// ## Why is this bad?
    /// The build stops at this instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN --mount=type=cahce,target=/root/.cache echo hi
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN --mount=type=cache,target=/root/.cache echo hi
    /// ```
    ///
    /// ## Fix
    /// Replaces a misspelt `--mount` key with the closest valid key (safe).
    pub struct InvalidFlagValue { code: "DK015", name: "invalid-flag-value", category: Syntax, severity: Error, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a JSON array argument with an element that is not a string.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "arrays must be comprised of strings only".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["sleep", 10]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["sleep", "10"]
    /// ```
    pub struct JsonNotStrings { code: "DK016", name: "json-not-strings", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports arguments that look like a JSON array but are not valid JSON, most often
    /// because of single quotes.
    ///
    /// ## Why is this bad?
    /// Docker does not complain: it silently runs the text through `/bin/sh -c`, so
    /// `CMD ['nginx']` tries to run a program called `[nginx]` and the container exits.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// CMD ['nginx', '-g', 'daemon off;']
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix
    /// Rewrites the array with double quotes when that makes it valid JSON (safe: the
    /// single-quoted form never worked as intended).
    pub struct JsonInvalid { code: "DK017", name: "invalid-json-arguments", category: Syntax, severity: Warning, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports the legacy `ENV key` or `LABEL key` form without a value.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "ENV must have two arguments".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV PATH
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV PATH=/opt/bin:$PATH
    /// ```
    pub struct KeyWithoutValue { code: "DK018", name: "key-without-value", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a word without `=` in an ENV or LABEL list of `key=value` pairs.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "can't find = in ...".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV A=1 B
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV A=1 B=2
    /// ```
    pub struct MissingEquals { code: "DK019", name: "missing-equals", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports an ENV, LABEL or ARG with an empty name (`=value`).
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "names can not be blank".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV =1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV A=1
    /// ```
    pub struct BlankName { code: "DK020", name: "blank-name", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports an empty path in VOLUME.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "VOLUME specified can not be an empty string".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// VOLUME [""]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// VOLUME ["/data"]
    /// ```
    pub struct EmptyVolume { code: "DK021", name: "empty-volume", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a HEALTHCHECK BuildKit rejects: a type other than `CMD` or `NONE`, `NONE`
    /// with arguments, or `CMD` without a command.
    ///
    /// ## Why is this bad?
    /// The build stops at this instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMND curl -f http://localhost/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/
    /// ```
    ///
    /// ## Fix
    /// Replaces a misspelt `CMD` type with `CMD` (safe).
    pub struct InvalidHealthcheck { code: "DK022", name: "invalid-healthcheck", category: Syntax, severity: Error, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses these triggers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ONBUILD RUN echo built
    /// ```
    pub struct InvalidOnbuild { code: "DK023", name: "invalid-onbuild", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: Some("DL3043"), buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a physical line longer than 65,535 bytes.
    ///
    /// ## Why is this bad?
    /// BuildKit's line reader cannot hold it and stops.
    ///
    /// ## Example
    /// A line with more than 65,535 characters.
    ///
    /// Use instead:
    /// Split the line with continuation characters.
    pub struct LineTooLong { code: "DK024", name: "line-too-long", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a variable substitution BuildKit cannot expand: an unsupported modifier such
    /// as `${VAR:#x}`, or a missing closing brace.
    ///
    /// ## Why is this bad?
    /// The build stops with "unsupported modifier" or "missing '}'".
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:${TAG
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:${TAG}
    /// ```
    pub struct InvalidSubstitution { code: "DK025", name: "invalid-substitution", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports an instruction other than ARG before the first FROM, and a file without FROM.
    ///
    /// ## Why is this bad?
    /// Only ARG may come before the first stage; BuildKit stops with "no build stage in
    /// current context".
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP=1
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP=1
    /// ```
    pub struct NoBuildStage { code: "DK026", name: "no-build-stage", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: Some("DL3061"), buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a SHELL instruction not written as a JSON array.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "SHELL requires the arguments to be in JSON form".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL /bin/bash -c
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix
    /// Writes the words as a JSON array (safe: the shell-form SHELL never built).
    pub struct ShellNotJson { code: "DK027", name: "shell-not-json", category: Syntax, severity: Error, status: Stable, fixable: Sometimes, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports an instruction with more arguments than it takes (`STOPSIGNAL` takes one).
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "requires exactly one argument".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// STOPSIGNAL SIGTERM SIGKILL
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// STOPSIGNAL SIGTERM
    /// ```
    pub struct TooManyArguments { code: "DK028", name: "too-many-arguments", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

declare_rule! {
    /// ## What it does
    /// Reports a file that is not text: NUL bytes, or bytes that are not UTF-8.
    ///
    /// ## Why is this bad?
    /// It is not a Dockerfile; it was probably opened by mistake or is corrupted.
    ///
    /// ## Example
    /// A binary file named `Dockerfile`.
    ///
    /// Use instead:
    /// A UTF-8 text file.
    pub struct NotText { code: "DK029", name: "not-text", category: Syntax, severity: Error, status: Stable, fixable: No, hadolint: None, buildkit: None, default_enabled: true }
}

/// The code and documentation of a syntax problem kind.
pub fn meta(kind: K) -> &'static RuleMeta {
    match kind {
        K::NoInstructions => &NoInstructions::META,
        K::UnknownInstruction => &UnknownInstruction::META,
        K::MissingArguments => &MissingArguments::META,
        K::FromArguments => &FromArguments::META,
        K::InvalidStageName => &InvalidStageName::META,
        K::UnterminatedHeredoc => &UnterminatedHeredoc::META,
        K::InvalidHeredoc => &InvalidHeredoc::META,
        K::HeredocDestination => &HeredocDestination::META,
        K::DuplicateDirective => &DuplicateDirective::META,
        K::InvalidEscape => &InvalidEscape::META,
        K::InvalidCheckDirective => &InvalidCheckDirective::META,
        K::UnknownFlag => &UnknownFlag::META,
        K::DuplicateFlag => &DuplicateFlag::META,
        K::FlagMissingValue => &FlagMissingValue::META,
        K::InvalidFlagValue => &InvalidFlagValue::META,
        K::JsonNotStrings => &JsonNotStrings::META,
        K::JsonInvalid => &JsonInvalid::META,
        K::KeyWithoutValue => &KeyWithoutValue::META,
        K::MissingEquals => &MissingEquals::META,
        K::BlankName => &BlankName::META,
        K::EmptyVolume => &EmptyVolume::META,
        K::InvalidHealthcheck => &InvalidHealthcheck::META,
        K::InvalidOnbuild => &InvalidOnbuild::META,
        K::LineTooLong => &LineTooLong::META,
        K::InvalidSubstitution => &InvalidSubstitution::META,
        K::NoBuildStage => &NoBuildStage::META,
        K::ShellNotJson => &ShellNotJson::META,
        K::TooManyArguments => &TooManyArguments::META,
        K::NotText => &NotText::META,
    }
}

/// Every syntax code, in code order.
pub fn all() -> Vec<&'static RuleMeta> {
    K::ALL.iter().map(|k| meta(*k)).collect()
}
