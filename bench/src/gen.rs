//! A deterministic generator of large, realistic, lint-clean Dockerfiles.
//!
//! The output depends only on the requested line count: many named stages, long `apt-get`
//! chains under `RUN --mount` caches, heredocs (a shell script and a `COPY` config file),
//! `COPY --from` between stages, multi-pair `ENV`, `ARG` and `LABEL`, and a final runtime
//! stage with `HEALTHCHECK`. Every line count gives exactly that many lines.

use std::fmt::Write as _;

/// A small xorshift generator, so the output never depends on a library's algorithm.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Debian packages with pinned versions (as `apt-get install` wants them).
const PACKAGES: &[&str] = &[
    "ca-certificates=20230311",
    "curl=7.88.1-10+deb12u5",
    "git=1:2.39.2-1.1",
    "gnupg=2.2.40-1.1",
    "jq=1.6-2.1",
    "libpq5=15.6-0+deb12u1",
    "libssl3=3.0.11-1~deb12u2",
    "make=4.3-4.1",
    "openssh-client=1:9.2p1-2+deb12u2",
    "procps=2:4.0.2-3",
    "tzdata=2024a-0+deb12u1",
    "unzip=6.0-28",
    "xz-utils=5.4.1-0.2",
    "zlib1g=1:1.2.13.dfsg-1",
    "libcurl4=7.88.1-10+deb12u5",
    "netbase=6.4",
];

/// Lines of the final stage (see [`final_stage`]).
const FINAL_LINES: usize = 19;

/// The final runtime stage, `FINAL_LINES` lines.
fn final_stage(out: &mut String, last: usize) {
    let prev = last.max(1);
    let _ = writeln!(out, "# The runtime image: only what the service needs.");
    let _ = writeln!(out, "FROM debian:12.5-slim AS runtime");
    let _ = writeln!(out, "ARG APP_VERSION=1.0.0");
    let _ = writeln!(
        out,
        "LABEL org.opencontainers.image.title=\"generated\" \\\n      org.opencontainers.image.version=\"${{APP_VERSION}}\""
    );
    let _ = writeln!(out, "ENV APP_HOME=/srv/app \\\n    LANG=C.UTF-8");
    let _ = writeln!(out, "WORKDIR /srv/app");
    let _ = writeln!(
        out,
        "COPY --from=stage-{prev} /opt/app{prev}/bin/ /srv/app/bin/"
    );
    let _ = writeln!(out, "RUN useradd --no-log-init --system --uid 10001 app");
    let _ = writeln!(out, "USER 10001:10001");
    let _ = writeln!(out, "EXPOSE 8080");
    let _ = writeln!(
        out,
        "HEALTHCHECK --interval=30s --timeout=3s \\\n    CMD [\"/srv/app/bin/health\"]"
    );
    let _ = writeln!(out, "ENTRYPOINT [\"/srv/app/bin/server\"]");
    let _ = writeln!(out, "CMD [\"--port\", \"8080\"]");
    let _ = writeln!(out);
}

/// One intermediate stage; returns nothing, appends whole lines.
fn stage(out: &mut String, n: usize, rng: &mut Rng) {
    let packages = 4 + rng.below(9);
    let _ = writeln!(out, "# Stage {n}: builds component {n}.");
    if n > 1 && rng.below(3) == 0 {
        let _ = writeln!(out, "FROM stage-{} AS stage-{n}", n - 1);
    } else {
        let _ = writeln!(out, "FROM debian:12.5-slim AS stage-{n}");
    }
    let _ = writeln!(
        out,
        "ARG COMPONENT_{n}_VERSION=1.{}.{}",
        n % 10,
        rng.below(20)
    );
    let _ = writeln!(out, "ARG TARGETARCH");
    let _ = writeln!(
        out,
        "ENV APP{n}_HOME=/opt/app{n} \\\n    APP{n}_LOG_LEVEL=info \\\n    PATH=/opt/app{n}/bin:$PATH"
    );
    let _ = writeln!(
        out,
        "LABEL org.opencontainers.image.title=\"component-{n}\" \\\n      org.opencontainers.image.version=\"${{COMPONENT_{n}_VERSION}}\" \\\n      com.example.stage=\"{n}\""
    );
    let _ = writeln!(out, "WORKDIR /opt/app{n}");
    let _ = writeln!(out, "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]");
    let _ = writeln!(
        out,
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update \\\n    && apt-get install -y --no-install-recommends \\"
    );
    let first = rng.below(PACKAGES.len());
    for i in 0..packages {
        let p = PACKAGES[(first + i) % PACKAGES.len()];
        let _ = writeln!(out, "       {p} \\");
    }
    let _ = writeln!(out, "    && rm -rf /var/lib/apt/lists/*");
    if n > 1 {
        let from = 1 + rng.below(n - 1);
        let _ = writeln!(
            out,
            "COPY --from=stage-{from} /opt/app{from}/bin/ /opt/app{n}/vendor/"
        );
    }
    let _ = writeln!(
        out,
        "COPY --chmod=0644 <<EOF /etc/app{n}/config.toml\n[server]\nport = {}\nlog_level = \"info\"\nEOF",
        8000 + n
    );
    let _ = writeln!(
        out,
        "RUN <<EOF\nset -eu\nmkdir -p /opt/app{n}/bin /opt/app{n}/data\necho \"component {n}\" > /opt/app{n}/VERSION\nEOF"
    );
    let _ = writeln!(out);
}

/// A Dockerfile of exactly `lines` lines (at least the final stage's length).
pub fn generate(lines: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(lines * 34);
    let _ = writeln!(out, "# syntax=docker/dockerfile:1.7");
    let _ = writeln!(out, "# Generated by dockls-bench (deterministic).");
    let _ = writeln!(out);
    let mut n = 0;
    let mut have = 3;
    loop {
        let mut next = String::new();
        let mut r = Rng(rng.0);
        stage(&mut next, n + 1, &mut r);
        let len = next.lines().count();
        if have + len + FINAL_LINES > lines {
            break;
        }
        rng = r;
        n += 1;
        have += len;
        out.push_str(&next);
    }
    final_stage(&mut out, n);
    // Pad with comment lines inside the final stage to the exact count.
    let mut have = out.lines().count();
    while have < lines {
        let _ = writeln!(out, "# padding line {have}");
        have += 1;
    }
    out
}

/// The byte offset of a mid-file spot to edit: inside the package list of the `apt-get
/// install` of the stage nearest the middle (just before a package's `=`).
pub fn mid_edit_offset(text: &str) -> usize {
    let mid = text.len() / 2;
    let after = text[mid..]
        .find("ca-certificates=")
        .or_else(|| text[mid..].find("curl="));
    match after {
        Some(i) => mid + i + "ca-certificates".len().min(4),
        None => mid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_line_counts_and_deterministic() {
        for n in [40, 62, 1000, 10_000] {
            let t = generate(n);
            assert_eq!(t.lines().count(), n);
            assert_eq!(t, generate(n));
        }
    }
}
