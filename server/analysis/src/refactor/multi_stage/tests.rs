use super::*;
use crate::context::{MemoryFiles, ProjectFiles};
use crate::settings::Settings;

fn convert_with(src: &str, files: &dyn ProjectFiles) -> Option<String> {
    let df = dockls_syntax::parse(src);
    let s = Settings::default();
    let cx = Context::new(&df, &s, files, Some("Dockerfile"));
    fix(&cx)?.apply(src)
}

fn convert(src: &str) -> Option<String> {
    convert_with(src, &MemoryFiles::default())
}

#[test]
fn node_seed() {
    let out = convert("FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nCMD [\"npm\", \"start\"]\n")
        .expect("converts");
    assert_eq!(
        out,
        "FROM node:18 AS builder
WORKDIR /app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm run build \\
  && npm prune --omit=dev

FROM node:18-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=builder /app/package*.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/dist ./dist
# Review: dockls assumed the build writes to dist/; copy the folders the application
#   needs at runtime.

CMD [\"npm\", \"start\"]
"
    );
}

#[test]
fn only_single_stage_applications() {
    for src in [
        "FROM golang:1.22 AS b\nRUN go build -o /a .\nFROM scratch\nCOPY --from=b /a /a\nCMD [\"/a\"]\n",
        "FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n",
        "FROM scratch\nCOPY a /a\nCMD [\"/a\"]\n",
    ] {
        assert!(convert(src).is_none(), "{src}");
    }
}

#[test]
fn keeps_comments_heredocs_mounts_and_platform() {
    let src = r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine
ARG TARGETOS TARGETARCH
WORKDIR /src
# Dependencies first.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build <<EOF
CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server
EOF
# The port it serves on.
EXPOSE 8080
ENTRYPOINT ["/out/server"]
"#;
    let out = convert(src).expect("converts");
    assert_eq!(
        out,
        r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS builder
ARG TARGETOS TARGETARCH
WORKDIR /src
# Dependencies first.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build <<EOF
CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server
EOF

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=builder /out/server /out/server
# Review: copy any files the binary reads at runtime (templates, static files,
#   configuration) with COPY --from=builder.

# The port it serves on.
EXPOSE 8080
ENTRYPOINT ["/out/server"]
"#
    );
}

#[test]
fn crlf_and_lowercase_files_stay_that_way() {
    let src = "from python:3.12\r\nworkdir /app\r\ncopy . .\r\nrun pip install -r requirements.txt\r\ncmd [\"python\", \"app.py\"]\r\n";
    let out = convert(src).expect("converts");
    assert!(out.contains("from python:3.12 as builder\r\n"), "{out}");
    assert!(out.contains("\r\nfrom python:3.12-slim\r\n"), "{out}");
    assert!(
        out.split('\n').all(|l| l.ends_with('\r') || l.is_empty()),
        "{out:?}"
    );
    assert!(!out.contains("\nRUN ") && !out.contains("\nCOPY "), "{out}");
}
