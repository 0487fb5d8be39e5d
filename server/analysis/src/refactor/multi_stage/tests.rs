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
RUN npm run build
# Keep only the production dependencies for the runtime stage.
RUN npm prune --omit=dev

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
