//! Refactorings: one-keystroke upgrades of a Dockerfile to what an experienced engineer
//! would write. Each produces a [`Fix`] (edits of the document, maybe a change to
//! another project file, maybe a cursor) and never a file that parses worse than before.
//!
//! - [`multi_stage`]: convert a single-stage build into a builder and a runtime stage;
//! - [`user`]: run as a non-root user;
//! - [`healthcheck`]: add a HEALTHCHECK with a probe the image has;
//! - [`reorder`]: copy the dependency manifests and install before the sources;
//! - [`dockerignore`]: create a `.dockerignore`, or complete the existing one.
//!
//! The practice rules attach them to their findings (DK100 to DK105); [`available`]
//! lists them at a cursor for the editor's refactor menu. Each is offered only while
//! it changes something, so applying one makes it (and the finding) go away.

pub mod dockerignore;
pub mod healthcheck;
pub mod images;
pub mod multi_stage;
pub mod paths;
pub mod reorder;
pub mod text;
pub mod user;

use crate::context::Context;
use crate::diagnostic::Fix;
use crate::rules::practice::{context_hygiene, facts};

/// The refactorings that apply at `offset` (a byte offset of the cursor), with their
/// titles: converting a single-stage file anywhere in it, the user and health check in
/// the final stage, the reorder on the instructions between the whole-context copy and
/// the late install, the ignore file on a COPY or ADD.
pub fn available(cx: &Context<'_>, offset: usize) -> Vec<(String, Fix)> {
    let df = cx.df;
    let mut out = Vec::new();
    if let Some(f) = multi_stage::fix(cx) {
        out.push((f.title.clone(), f));
    }
    let in_final = facts::final_stage(df).is_some_and(|s| {
        let start = df
            .instructions
            .get(s.from)
            .map_or(0, |i| text::line_start(&df.text, i.range.start));
        offset >= start
    });
    if in_final {
        if let Some(f) = user::fix(cx) {
            out.push((f.title.clone(), f));
        }
        if let Some(f) = healthcheck::fix(cx) {
            out.push((f.title.clone(), f));
        }
    }
    for late in crate::rules::practice::copy_all_before_install::late_installs(cx) {
        let (Some(copy), Some(run)) = (
            df.instructions.get(late.copy),
            df.instructions.get(late.run),
        ) else {
            continue;
        };
        let span = dockls_syntax::TextRange::new(
            text::line_start(&df.text, copy.range.start),
            run.range.end,
        );
        if span.touches(offset) {
            if let Some(f) = reorder::fix_for(cx, &late) {
                out.push((f.title.clone(), f));
            }
        }
    }
    let on_copy = df
        .instruction_at(offset)
        .and_then(|i| df.instructions.get(i))
        .is_some_and(|i| {
            let i = i.effective();
            matches!(
                i.keyword,
                Some(dockls_syntax::Keyword::Copy | dockls_syntax::Keyword::Add)
            ) && i.flag("from").is_none()
        });
    if on_copy && context_hygiene::first_whole_copy(cx).is_some() {
        if let Some(f) = dockerignore::fix(cx) {
            out.push((f.title.clone(), f));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    fn titles(src: &str, cursor: &str) -> Vec<String> {
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, &NoFiles, Some("Dockerfile"));
        let offset = src.find(cursor).unwrap_or(0);
        available(&cx, offset).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn lists_what_applies_at_the_cursor() {
        let src = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n";
        let t = titles(src, "RUN npm install");
        assert!(t.contains(&multi_stage::TITLE.to_string()), "{t:?}");
        assert!(
            t.iter().any(|x| x.starts_with("Copy `package*.json`")),
            "{t:?}"
        );
        assert!(t.contains(&"Run as a non-root user".to_string()), "{t:?}");
        assert!(t.contains(&"Add a HEALTHCHECK".to_string()), "{t:?}");
        let t = titles(src, "COPY . .");
        assert!(
            t.contains(&"Create a .dockerignore for this build context".to_string()),
            "{t:?}"
        );
        let t = titles(src, "EXPOSE");
        assert!(!t.iter().any(|x| x.starts_with("Copy `")), "{t:?}");
    }
}

#[cfg(test)]
mod composition {
    use super::*;
    use crate::context::NoFiles;
    use crate::settings::Settings;

    fn step(src: &str, run: fn(&Context<'_>) -> Option<Fix>) -> String {
        let df = dockls_syntax::parse(src);
        let s = Settings::default();
        let cx = Context::new(&df, &s, &NoFiles, Some("Dockerfile"));
        let fix = run(&cx).unwrap_or_else(|| panic!("not offered on\n{src}"));
        fix.apply(src).unwrap_or_default()
    }

    /// The refactorings applied one after another give what an engineer would write, and
    /// leave none of their findings.
    #[test]
    fn node_seed_all_the_way() {
        let src = "FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nCMD [\"npm\", \"start\"]\n";
        let out = step(src, multi_stage::fix);
        let out = step(&out, user::fix);
        let out = step(&out, healthcheck::fix);
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
COPY --chown=node:node --from=builder /app/package*.json ./
COPY --chown=node:node --from=builder /app/node_modules ./node_modules
COPY --chown=node:node --from=builder /app/dist ./dist
# Review: dockls assumed the build writes to dist/; copy the folders the application
#   needs at runtime.

# node: the base image's unprivileged user
USER 1000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \\
  CMD node -e \"require('http').get('http://localhost:3000/health', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))\"
CMD [\"npm\", \"start\"]
"
        );
        let s = Settings::default();
        let d = crate::analyze(&out, &s, &NoFiles, Some("Dockerfile")).diagnostics;
        for code in ["DK100", "DK101", "DK102", "DK103", "DK104"] {
            assert!(d.iter().all(|x| x.code != code), "{code}: {d:#?}");
        }
    }
}
