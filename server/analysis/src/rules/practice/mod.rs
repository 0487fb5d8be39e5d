//! Rules of the `practice` category: how the production image is designed (stages,
//! layer order, users, health checks, build context, logs), plus the detection helpers
//! those rules and their refactorings share.

pub mod dockerignore;
pub mod ecosystem;
pub mod facts;

pub mod context_hygiene;
pub mod copy_all_before_install;
pub mod copy_ignored_file;
pub mod dev_dependencies;
pub mod logs_to_files;
pub mod missing_healthcheck;
pub mod no_user;
pub mod root_user;
pub mod single_stage_build;

use crate::rule::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &single_stage_build::SingleStageBuild,
        &copy_all_before_install::CopyAllBeforeInstall,
        &missing_healthcheck::MissingHealthcheck,
        &root_user::RootUser,
        &no_user::NoUser,
        &context_hygiene::ContextHygiene,
        &copy_ignored_file::CopyIgnoredFile,
        &dev_dependencies::DevDependencies,
        &logs_to_files::LogsToFiles,
    ]
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs one rule on a snippet, for the rules' unit tests.

    use crate::context::{MemoryFiles, ProjectFiles};
    use crate::diagnostic::Diagnostic;
    use crate::settings::Settings;

    pub fn run_with(
        code: &str,
        src: &str,
        files: &dyn ProjectFiles,
        name: Option<&str>,
        settings: Option<Settings>,
    ) -> Vec<Diagnostic> {
        let mut s = settings.unwrap_or_default();
        s.select = Some(vec![code.to_string()]);
        s.preview = true;
        crate::analyze(src, &s, files, name)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The findings of one rule, with no project files and the name `Dockerfile`.
    pub fn run(code: &str, src: &str) -> Vec<Diagnostic> {
        run_with(code, src, &MemoryFiles::default(), Some("Dockerfile"), None)
    }

    /// Broken and partial inputs never make a rule fail.
    #[test]
    fn rules_survive_broken_input() {
        let inputs = [
            "",
            "FROM",
            "FROM node AS",
            "COPY\nRUN\nUSER\nENV\nARG\nEXPOSE\nCMD\nENTRYPOINT\nHEALTHCHECK\n",
            "FROM scratch\nCOPY . \nRUN npm ci &&\n",
            "FROM x\nRUN <<EOF\nnpm ci\n",
            "FROM $UNSET\nUSER $ALSO_UNSET\nEXPOSE $P\nCMD [\"npm\"\n",
            "ONBUILD\nONBUILD RUN\nFROM a AS a\nFROM a\nCOPY --from= . .\nRUN --mount=from= true\n",
            "FROM alpine:3\nENV =x\nARG =\nLABEL =\nCOPY [\".\", \n",
            "FROM ${A:-${B:-node}}:${T:?}\nRUN pip install -r\nRUN npm install --omit\n",
            "\u{feff}FROM\tnode:20\r\nCOPY\t.\t.\r\nRUN\tnpm ci\r\n",
        ];
        let files = MemoryFiles::default()
            .with(".dockerignore", "!\n[\n**\n")
            .with("pyproject.toml", "");
        for src in inputs {
            let mut s = Settings {
                select: Some(vec![
                    "DK1".into(),
                    "DK20".into(),
                    "DK21".into(),
                    "DK5".into(),
                ]),
                preview: true,
                ..Default::default()
            };
            s.trusted_registries = vec!["corp.io".into()];
            let d = crate::analyze(src, &s, &files, Some("Dockerfile")).diagnostics;
            assert!(
                d.iter().all(|d| !d.message.starts_with("internal error")),
                "{src:?}: {d:?}"
            );
        }
    }

    /// The text each finding points at.
    pub fn spans(code: &str, src: &str) -> Vec<String> {
        run(code, src)
            .iter()
            .map(|d| d.range.of(src).to_string())
            .collect()
    }
}
