//! Documentation shown by completion, hover and signature help: instructions, flags,
//! mount options, parser directives, signals and built-in arguments. Written for dockls;
//! every entry links to the matching section of the Dockerfile reference.

use dockls_syntax::flags::FlagSpec;
use dockls_syntax::Keyword;

/// The Dockerfile reference.
pub const REFERENCE: &str = "https://docs.docker.com/reference/dockerfile/";

/// A link to a section of the Dockerfile reference.
pub fn url(anchor: &str) -> String {
    if anchor.is_empty() {
        REFERENCE.to_string()
    } else {
        format!("{REFERENCE}#{anchor}")
    }
}

/// `[Dockerfile reference](url)` as the last line of a doc.
pub fn reference_line(anchor: &str) -> String {
    format!("[Dockerfile reference]({})", url(anchor))
}

/// What an instruction does.
pub struct InstructionDoc {
    pub keyword: Keyword,
    /// One line, for completion details.
    pub summary: &'static str,
    /// Markdown paragraphs.
    pub body: &'static str,
    /// Its forms, as in signature help.
    pub syntax: &'static [&'static str],
    /// Section of the reference.
    pub anchor: &'static str,
}

const INSTRUCTIONS: &[InstructionDoc] = &[
    InstructionDoc {
        keyword: Keyword::From,
        summary: "Start a build stage from a base image",
        body: "Starts a new build stage from a base image. A Dockerfile needs at least one `FROM`; \
only `ARG` lines (plus parser directives and comments) may come before the first one.\n\n\
`AS name` names the stage, so a later `FROM`, `COPY --from` or `RUN --mount=from=` can use it. \
`--platform` picks one platform of a multi-platform image; stages that cross-compile usually \
use `--platform=$BUILDPLATFORM`.",
        syntax: &["FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]"],
        anchor: "from",
    },
    InstructionDoc {
        keyword: Keyword::Run,
        summary: "Run a command and commit the result as a layer",
        body: "Runs a command on top of the current image and saves the result as a new layer.\n\n\
The shell form runs through the stage's shell (`/bin/sh -c` unless `SHELL` changed it), so \
variables, pipes and `&&` work; the exec form (a JSON array) starts the program directly. A \
heredoc (`RUN <<EOF`) holds a multi-line script. `--mount` attaches caches, secrets, the SSH \
agent or files of other stages only while the command runs, so they never end up in the image.",
        syntax: &[
            "RUN [--mount=<mount>] [--network=<network>] [--security=<security>] <command>",
            "RUN [--mount=<mount>] [--network=<network>] [--security=<security>] [\"<executable>\", \"<param>\", ...]",
        ],
        anchor: "run",
    },
    InstructionDoc {
        keyword: Keyword::Cmd,
        summary: "Default command (or ENTRYPOINT arguments) of containers",
        body: "Sets the command containers run by default, or the default arguments of `ENTRYPOINT` \
when there is one. Arguments given to `docker run` replace it, and only the last `CMD` of a \
stage counts.\n\n\
Prefer the exec form (`CMD [\"app\", \"--port\", \"8080\"]`): the program then runs as PID 1 \
and receives stop signals. The shell form wraps it in `/bin/sh -c`, which does not forward them.",
        syntax: &[
            "CMD [\"<executable>\", \"<param>\", ...]",
            "CMD [\"<param>\", ...]",
            "CMD <command>",
        ],
        anchor: "cmd",
    },
    InstructionDoc {
        keyword: Keyword::Label,
        summary: "Add metadata to the image",
        body: "Adds key-value metadata to the image, such as the OCI annotations \
`org.opencontainers.image.source` or `org.opencontainers.image.version`. Labels are inherited \
from the base image and shown by `docker inspect`; quote values that contain spaces.",
        syntax: &["LABEL <key>=<value> [<key>=<value> ...]"],
        anchor: "label",
    },
    InstructionDoc {
        keyword: Keyword::Maintainer,
        summary: "Deprecated: author of the image",
        body: "**Deprecated.** Records the author of the image in a field few tools read. Use \
`LABEL org.opencontainers.image.authors=\"name <email>\"` instead: it can be queried and \
filtered like any other label.",
        syntax: &["MAINTAINER <name>"],
        anchor: "maintainer-deprecated",
    },
    InstructionDoc {
        keyword: Keyword::Expose,
        summary: "Document the ports the container listens on",
        body: "Documents the ports the container listens on: `80`, `8080/tcp`, `53/udp`, or a range \
such as `8000-8010`. The protocol defaults to TCP.\n\n\
It publishes nothing by itself: `docker run -p host:container` publishes a port, and `-P` \
publishes every exposed port on a random host port.",
        syntax: &["EXPOSE <port>[/<protocol>] [<port>[/<protocol>] ...]"],
        anchor: "expose",
    },
    InstructionDoc {
        keyword: Keyword::Env,
        summary: "Set environment variables in the image",
        body: "Sets environment variables that stay in the image: later instructions, stages built \
`FROM` this one and running containers all see them. Several `KEY=value` pairs may share a \
line. An `ENV` always wins over an `ARG` of the same name.\n\n\
Never store secrets here: the values are part of the image configuration.",
        syntax: &["ENV <key>=<value> [<key>=<value> ...]", "ENV <key> <value>"],
        anchor: "env",
    },
    InstructionDoc {
        keyword: Keyword::Add,
        summary: "Copy files, fetch URLs or Git repositories, extract archives",
        body: "Copies files into the image like `COPY`, and also downloads URLs, clones Git \
repositories and extracts local tar archives.\n\n\
Because of that extra behaviour, use `COPY` for plain files and keep `ADD` for remote sources, \
pinned with `--checksum` so the build fails when the download changes.",
        syntax: &[
            "ADD [--chown=<user>:<group>] [--chmod=<perms>] [--checksum=<hash>] [--keep-git-dir] [--link] [--exclude=<path>] [--unpack] <src>... <dest>",
            "ADD [options] [\"<src>\", ... \"<dest>\"]",
        ],
        anchor: "add",
    },
    InstructionDoc {
        keyword: Keyword::Copy,
        summary: "Copy files from the context, a stage or an image",
        body: "Copies files and directories into the image, from the build context or, with \
`--from`, from another stage, an image or a named context. Several sources need a destination \
ending in `/`.\n\n\
`--chown` and `--chmod` set ownership and permissions without an extra layer; `--link` makes \
the layer independent of the ones before it, so it can be reused even when they change.",
        syntax: &[
            "COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src>... <dest>",
            "COPY [options] [\"<src>\", ... \"<dest>\"]",
        ],
        anchor: "copy",
    },
    InstructionDoc {
        keyword: Keyword::Entrypoint,
        summary: "Executable that containers run",
        body: "Sets the executable containers run; `CMD` then provides its default arguments, and \
`docker run` arguments replace `CMD`.\n\n\
Use the exec form (`ENTRYPOINT [\"/app\"]`) so the program receives stop signals. The shell \
form ignores `CMD` and runs under `/bin/sh -c`. `ENTRYPOINT []` clears an inherited entrypoint.",
        syntax: &[
            "ENTRYPOINT [\"<executable>\", \"<param>\", ...]",
            "ENTRYPOINT <command>",
        ],
        anchor: "entrypoint",
    },
    InstructionDoc {
        keyword: Keyword::Volume,
        summary: "Declare mount points for persistent data",
        body: "Declares paths that hold data which should live outside the container's writable \
layer; unless something is mounted there, `docker run` creates an anonymous volume for each.\n\n\
With the legacy builder, changes later build steps make under the path are discarded, so \
populate it before declaring it.",
        syntax: &["VOLUME [\"<path>\", ...]", "VOLUME <path> [<path> ...]"],
        anchor: "volume",
    },
    InstructionDoc {
        keyword: Keyword::User,
        summary: "User (and group) for later instructions and the container",
        body: "Sets the user, and optionally the group, that later `RUN`, `CMD` and `ENTRYPOINT` \
instructions and the container run as.\n\n\
A non-root user limits what a compromised process can do. Numeric ids (`USER 10001:10001`) \
work even when the name is missing from /etc/passwd, and Kubernetes' `runAsNonRoot` can only \
verify numeric ids.",
        syntax: &["USER <user>[:<group>]", "USER <uid>[:<gid>]"],
        anchor: "user",
    },
    InstructionDoc {
        keyword: Keyword::Workdir,
        summary: "Working directory for later instructions",
        body: "Sets the working directory of later `RUN`, `CMD`, `ENTRYPOINT`, `COPY` and `ADD` \
instructions and of the container, creating it when needed.\n\n\
Use absolute paths: a relative one is resolved against the previous `WORKDIR`, which may come \
from the base image. Prefer it to `RUN cd ...`, which only lasts for that one command.",
        syntax: &["WORKDIR <path>"],
        anchor: "workdir",
    },
    InstructionDoc {
        keyword: Keyword::Arg,
        summary: "Declare a build argument",
        body: "Declares a build argument that `docker build --build-arg NAME=value` can set, with an \
optional default.\n\n\
An `ARG` before the first `FROM` is global: only `FROM` lines see it, unless a stage declares \
it again (`ARG NAME` without a value takes the global default). Inside a stage it is visible \
from its declaration to the end of the stage. Values show in the image history, so pass \
secrets with `RUN --mount=type=secret` instead.",
        syntax: &["ARG <name>[=<default value>] [<name>[=<default value>] ...]"],
        anchor: "arg",
    },
    InstructionDoc {
        keyword: Keyword::Onbuild,
        summary: "Instruction to run when this image is used as a base",
        body: "Stores an instruction that runs later, in the build of any Dockerfile that uses this \
image as its base, right after that build's `FROM`. Useful for builder images. It cannot wrap \
`FROM`, `MAINTAINER` or another `ONBUILD`.",
        syntax: &["ONBUILD <INSTRUCTION>"],
        anchor: "onbuild",
    },
    InstructionDoc {
        keyword: Keyword::Stopsignal,
        summary: "Signal that stops the container",
        body: "Sets the signal `docker stop` sends to the container's main process, by name \
(`SIGQUIT`) or number; the default is `SIGTERM`. Change it when the application shuts down \
gracefully on another signal, as nginx does on `SIGQUIT`.",
        syntax: &["STOPSIGNAL <signal>"],
        anchor: "stopsignal",
    },
    InstructionDoc {
        keyword: Keyword::Healthcheck,
        summary: "How Docker checks that the container still works",
        body: "Tells Docker how to test that the container still works: `CMD` runs a command \
periodically, where exit code 0 means healthy and 1 unhealthy. `HEALTHCHECK NONE` disables a \
check inherited from the base image.\n\n\
A typical check: `HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD \
curl -f http://localhost/ || exit 1`. Kubernetes ignores it and uses its own probes.",
        syntax: &[
            "HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] [--start-period=<duration>] [--start-interval=<duration>] [--retries=<n>] CMD <command>",
            "HEALTHCHECK NONE",
        ],
        anchor: "healthcheck",
    },
    InstructionDoc {
        keyword: Keyword::Shell,
        summary: "Shell for the shell form of later instructions",
        body: "Changes the shell that runs the shell form of later `RUN`, `CMD` and `ENTRYPOINT` \
instructions. It takes a JSON array: `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` makes a \
failure anywhere in a pipe fail the build; `SHELL [\"pwsh\", \"-Command\"]` suits Windows images.",
        syntax: &["SHELL [\"<executable>\", \"<param>\", ...]"],
        anchor: "shell",
    },
];

/// The documentation of an instruction.
pub fn instruction(k: Keyword) -> Option<&'static InstructionDoc> {
    INSTRUCTIONS.iter().find(|d| d.keyword == k)
}

/// Full markdown of an instruction: its forms, what it does, a link.
pub fn instruction_markdown(k: Keyword) -> String {
    let Some(d) = instruction(k) else {
        return String::new();
    };
    format!(
        "```dockerfile\n{}\n```\n\n{}\n\n{}",
        d.syntax.join("\n"),
        d.body,
        reference_line(d.anchor)
    )
}

/// The reference section of a flag.
pub fn flag_anchor(k: Keyword, flag: &str) -> String {
    let ins = k.as_str().to_ascii_lowercase();
    match (k, flag) {
        (Keyword::From, _) | (Keyword::Healthcheck, _) => ins,
        (Keyword::Copy | Keyword::Add, "chown" | "chmod") => format!("{ins}---chown---chmod"),
        _ => format!("{ins}---{flag}"),
    }
}

/// More about a flag than its one-line description.
fn flag_extra(k: Keyword, flag: &str) -> &'static str {
    match (k, flag) {
        (Keyword::From, "platform") => "Without it the builder picks the platform being built (`$TARGETPLATFORM`). Stages that compile for other platforms run fastest on `--platform=$BUILDPLATFORM`; a constant such as `linux/amd64` pins the stage to one platform.",
        (Keyword::Run, "mount") => "Types: `bind` (default), `cache`, `tmpfs`, `secret`, `ssh`, followed by comma-separated `key=value` options, e.g. `--mount=type=cache,target=/root/.cache/pip`. May repeat.",
        (Keyword::Run, "network") => "`none` is useful to prove a step needs no network; `host` requires the `network.host` entitlement.",
        (Keyword::Run, "security") => "`insecure` requires the `security.insecure` entitlement and is meant for steps that need privileges, such as building images inside the build.",
        (Keyword::Copy, "from") => "A stage name or index of this file, an image reference (`COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/`), or a named context given with `--build-context`.",
        (Keyword::Copy | Keyword::Add, "link") => "The files are copied into a layer of their own and the layer is attached on top, so changes to earlier layers do not invalidate it and rebased images reuse it.",
        (Keyword::Copy, "parents") => "`COPY --parents ./src/a/x.txt /out/` creates `/out/src/a/x.txt` instead of `/out/x.txt`.",
        (Keyword::Copy | Keyword::Add, "chown") => "Without it files belong to root (uid 0). User and group names are looked up in the image's /etc/passwd and /etc/group; numeric ids need no lookup.",
        (Keyword::Add, "checksum") => "The build fails when the downloaded content does not match, which keeps remote sources reproducible.",
        (Keyword::Healthcheck, "retries") => "The container becomes unhealthy after this many consecutive failures.",
        _ => "",
    }
}

/// Markdown for a flag of an instruction.
pub fn flag_markdown(k: Keyword, spec: &FlagSpec) -> String {
    let mut s = format!("**{} --{}**\n\n{}", k.as_str(), spec.name, spec.doc);
    let extra = flag_extra(k, spec.name);
    if !extra.is_empty() {
        s.push_str("\n\n");
        s.push_str(extra);
    }
    if !spec.values.is_empty() {
        s.push_str("\n\nValues: ");
        s.push_str(
            &spec
                .values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    s.push_str("\n\n");
    s.push_str(&reference_line(&flag_anchor(k, spec.name)));
    s
}

/// Mount types with what they are for.
pub const MOUNT_TYPES: &[(&str, &str)] = &[
    ("cache", "A cache directory kept between builds, for package managers and compilers (`/root/.cache/pip`, `/var/cache/apt`, `/root/.cache/go-build`). Its contents never end up in the image."),
    ("bind", "Mounts files from the build context or, with `from=`, from a stage or an image, read-only by default: use files without copying them into a layer."),
    ("secret", "Makes a secret given with `docker build --secret id=...` available as a file (`/run/secrets/<id>` by default) or, with `env=`, as an environment variable, without storing it in the image."),
    ("ssh", "Forwards the SSH agent of `docker build --ssh default`, so the command can fetch private repositories; keys never enter the image."),
    ("tmpfs", "An in-memory file system that exists only while the command runs."),
];

pub fn mount_type_doc(kind: &str) -> Option<&'static str> {
    MOUNT_TYPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, d)| *d)
}

/// What a `--mount` option means.
pub fn mount_key_doc(key: &str) -> Option<&'static str> {
    Some(match key {
        "type" => "Mount type: `bind` (default), `cache`, `tmpfs`, `secret` or `ssh`.",
        "target" | "dst" | "destination" => "Where the mount appears inside the build container. Secrets default to `/run/secrets/<id>`; SSH sockets to `/run/buildkit/ssh_agent.<n>`.",
        "source" | "src" => "Path inside `from` to mount (default: its root).",
        "from" => "Stage, image or named context to mount from. Bind mounts default to the build context; cache mounts to an empty directory.",
        "readonly" | "ro" => "Mount read-only (the default for bind mounts).",
        "readwrite" | "rw" => "Allow writes. For bind mounts the writes are thrown away after the command.",
        "required" => "Fail the build when the secret or SSH agent was not provided (default `false`).",
        "size" => "Maximum size of the tmpfs, e.g. `size=64m`.",
        "id" => "Cache: names the cache (default: the target path), so other stages or Dockerfiles can share it. Secret and SSH: the id passed to `--secret` / `--ssh` (a secret defaults to the target's file name).",
        "sharing" => "How concurrent builds use one cache: `shared` (default, everyone writes at once), `private` (a new cache per concurrent writer) or `locked` (writers take turns; apt needs this).",
        "mode" => "File mode of the mounted secret, SSH socket or cache root, in octal (secrets default to `0400`, caches to `0755`).",
        "uid" => "User id that owns the mounted secret, SSH socket or cache root (default 0).",
        "gid" => "Group id that owns the mounted secret, SSH socket or cache root (default 0).",
        "env" => "Secret only: expose the secret as this environment variable of the command.",
        _ => return None,
    })
}

/// Values of `sharing=`.
pub const SHARING: &[(&str, &str)] = &[
    ("locked", "Concurrent builds wait for each other; needed by apt and other tools that lock their cache."),
    ("shared", "The default: concurrent builds use the cache at the same time."),
    ("private", "A concurrent build gets a fresh cache instead of waiting."),
];

/// Cache directories of common tools, for `type=cache,target=`.
pub const CACHE_TARGETS: &[(&str, &str)] = &[
    ("/root/.cache/pip", "pip"),
    ("/root/.cache/uv", "uv"),
    ("/root/.npm", "npm"),
    ("/usr/local/share/.cache/yarn", "Yarn (classic)"),
    ("/root/.local/share/pnpm/store", "pnpm"),
    ("/root/.cache/go-build", "Go build cache"),
    ("/go/pkg/mod", "Go module cache"),
    ("/usr/local/cargo/registry", "Cargo registry"),
    ("/root/.m2", "Maven repository"),
    ("/root/.gradle", "Gradle caches"),
    (
        "/var/cache/apt",
        "apt package cache (use with `sharing=locked`)",
    ),
    ("/var/lib/apt", "apt lists (use with `sharing=locked`)"),
    ("/var/cache/apk", "apk package cache"),
    ("/root/.cache/composer", "Composer"),
    ("/root/.nuget/packages", "NuGet packages"),
];

/// A parser directive.
pub struct DirectiveDoc {
    pub name: &'static str,
    pub summary: &'static str,
    pub body: &'static str,
    pub anchor: &'static str,
}

pub const DIRECTIVES: &[DirectiveDoc] = &[
    DirectiveDoc {
        name: "syntax",
        summary: "Dockerfile frontend to build with",
        body: "Names the frontend image BuildKit uses to read this file. `docker/dockerfile:1` \
follows the newest stable 1.x release, so new syntax works even with an older Docker; \
`docker/dockerfile:1-labs` adds experimental features. Pin a full version for reproducible \
builds.",
        anchor: "syntax",
    },
    DirectiveDoc {
        name: "escape",
        summary: "Escape and line-continuation character",
        body:
            "Sets the character that continues lines and escapes others: `\\` (the default) or a \
backtick (`` ` ``), which suits Windows images where `\\` separates path components.",
        anchor: "escape",
    },
    DirectiveDoc {
        name: "check",
        summary: "Configure BuildKit's build checks",
        body: "Configures BuildKit's build checks for this file, with options separated by `;`: \
`skip=Rule1,Rule2` (or `skip=all`) turns checks off, `error=true` makes any check failure fail \
the build, and `experimental=Rule` (or `all`) enables experimental checks. Rule names are \
case-sensitive. The same comment right above an instruction applies to that instruction only.",
        anchor: "check",
    },
];

pub fn directive(name: &str) -> Option<&'static DirectiveDoc> {
    DIRECTIVES
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name))
}

pub fn directive_markdown(d: &DirectiveDoc) -> String {
    format!(
        "**# {}=** — {}\n\n{}\n\nParser directives must be at the very top of the file, before any other line.\n\n{}",
        d.name,
        d.summary,
        d.body,
        reference_line(d.anchor)
    )
}

/// Values of `# syntax=`.
pub const SYNTAX_VALUES: &[(&str, &str)] = &[
    (
        "docker/dockerfile:1",
        "The latest stable Dockerfile syntax, 1.x (recommended).",
    ),
    (
        "docker/dockerfile:1-labs",
        "Stable syntax plus experimental \"labs\" features.",
    ),
    (
        "docker/dockerfile-upstream:master",
        "The unreleased development version; for testing only.",
    ),
];

/// Signals for STOPSIGNAL.
pub const SIGNALS: &[(&str, &str)] = &[
    (
        "SIGTERM",
        "The default: asks the process to terminate gracefully.",
    ),
    (
        "SIGINT",
        "Interrupt, as Ctrl-C sends; many runtimes shut down gracefully on it.",
    ),
    (
        "SIGQUIT",
        "Graceful shutdown for nginx (it stops quickly on SIGTERM).",
    ),
    ("SIGWINCH", "Graceful stop for Apache httpd."),
    (
        "SIGHUP",
        "Hang-up; many daemons reload their configuration instead of exiting.",
    ),
    ("SIGUSR1", "User-defined signal 1."),
    ("SIGUSR2", "User-defined signal 2."),
    (
        "SIGKILL",
        "Kills immediately; it cannot be caught, so nothing shuts down cleanly.",
    ),
    (
        "SIGRTMIN+3",
        "How systemd is asked to shut down, for images running systemd.",
    ),
];

/// What a built-in argument holds.
pub fn builtin_arg_doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "TARGETPLATFORM" => "Platform of the image being built, e.g. `linux/arm64`. Set by the builder.",
        "TARGETOS" => "OS of the image being built, e.g. `linux` or `windows`. Set by the builder.",
        "TARGETARCH" => "Architecture of the image being built, e.g. `amd64` or `arm64`. Set by the builder.",
        "TARGETVARIANT" => "Architecture variant of the image being built, e.g. `v7` for `linux/arm/v7`. Set by the builder.",
        "BUILDPLATFORM" => "Platform of the machine running the build, e.g. `linux/amd64`. Set by the builder.",
        "BUILDOS" => "OS of the machine running the build. Set by the builder.",
        "BUILDARCH" => "Architecture of the machine running the build. Set by the builder.",
        "BUILDVARIANT" => "Architecture variant of the machine running the build. Set by the builder.",
        "HTTP_PROXY" | "http_proxy" | "HTTPS_PROXY" | "https_proxy" | "FTP_PROXY" | "ftp_proxy"
        | "NO_PROXY" | "no_proxy" | "ALL_PROXY" | "all_proxy" => "Predefined proxy argument: set it with `--build-arg`; commands can use it without an `ARG` line, and it stays out of the image history.",
        "BUILDKIT_SYNTAX" => "Overrides the `# syntax=` frontend.",
        "BUILDKIT_DOCKERFILE_CHECK" => "Overrides the `# check=` directive (the two are not merged).",
        "BUILDKIT_CONTEXT_KEEP_GIT_DIR" => "Keeps the `.git` directory when the build context is a Git repository.",
        "BUILDKIT_INLINE_CACHE" => "Stores cache metadata inside the image, for `--cache-from` with the image itself.",
        "BUILDKIT_MULTI_PLATFORM" => "Produces multi-platform output even for a single platform.",
        "BUILDKIT_SANDBOX_HOSTNAME" => "Host name seen by `RUN` commands.",
        "BUILDKIT_CACHE_MOUNT_NS" => "Namespace for cache mount ids.",
        "BUILDKIT_BUILD_NAME" => "Overrides the build name shown by build history tools.",
        "SOURCE_DATE_EPOCH" => "Unix timestamp used for file times and image dates, for reproducible builds.",
        "BUILDKIT_SBOM_SCAN_CONTEXT" => "Includes the build context in SBOM scanning.",
        "BUILDKIT_SBOM_SCAN_STAGE" => "Includes this stage in SBOM scanning.",
        _ => return None,
    })
}

/// The section of the reference about built-in arguments.
pub fn builtin_arg_anchor(name: &str) -> &'static str {
    if is_platform_arg(name) {
        "automatic-platform-args-in-the-global-scope"
    } else if name.starts_with("BUILDKIT_") || name == "SOURCE_DATE_EPOCH" {
        "buildkit-built-in-build-args"
    } else {
        "predefined-args"
    }
}

fn is_platform_arg(name: &str) -> bool {
    crate::semantic::PLATFORM_ARGS.contains(&name)
}

/// `CMD` / `NONE` after HEALTHCHECK.
pub const HEALTHCHECK_TYPES: &[(&str, &str)] = &[
    (
        "CMD",
        "Run this command to check the container; exit code 0 means healthy, 1 unhealthy.",
    ),
    (
        "NONE",
        "Disable any health check inherited from the base image.",
    ),
];

/// Common platforms for `--platform=`.
pub const PLATFORMS: &[(&str, &str)] = &[
    (
        "$BUILDPLATFORM",
        "The platform of the machine running the build: fastest for stages that cross-compile.",
    ),
    (
        "$TARGETPLATFORM",
        "The platform being built (what the builder uses without `--platform`).",
    ),
    ("linux/amd64", "64-bit x86."),
    (
        "linux/arm64",
        "64-bit ARM (Apple silicon, Graviton, Raspberry Pi 4/5 with a 64-bit OS).",
    ),
    ("linux/arm/v7", "32-bit ARMv7."),
    ("linux/arm/v6", "32-bit ARMv6."),
    ("linux/386", "32-bit x86."),
    ("linux/ppc64le", "64-bit POWER, little endian."),
    ("linux/s390x", "IBM Z."),
    ("linux/riscv64", "64-bit RISC-V."),
    ("windows/amd64", "Windows on 64-bit x86."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instruction_is_documented() {
        for k in Keyword::ALL {
            let d = instruction(k).unwrap_or_else(|| panic!("{k:?} undocumented"));
            assert!(!d.syntax.is_empty());
            assert!(instruction_markdown(k).contains(&url(d.anchor)));
            for form in d.syntax {
                assert!(form.starts_with(k.as_str()), "{form}");
            }
        }
    }

    #[test]
    fn flags_and_mount_keys_are_documented() {
        for k in Keyword::ALL {
            for f in dockls_syntax::flags::flags_for(k) {
                let md = flag_markdown(k, f);
                assert!(md.contains(REFERENCE), "{md}");
            }
        }
        for key in dockls_syntax::mount::MOUNT_KEYS {
            assert!(mount_key_doc(key).is_some(), "{key}");
        }
        for t in dockls_syntax::mount::MOUNT_TYPES {
            assert!(mount_type_doc(t).is_some(), "{t}");
        }
        assert_eq!(flag_anchor(Keyword::Copy, "chown"), "copy---chown---chmod");
        assert_eq!(flag_anchor(Keyword::Run, "mount"), "run---mount");
        for a in crate::semantic::PLATFORM_ARGS
            .iter()
            .chain(crate::semantic::PREDEFINED_ARGS)
            .chain(crate::semantic::BUILDKIT_ARGS)
        {
            assert!(builtin_arg_doc(a).is_some(), "{a}");
        }
    }
}
