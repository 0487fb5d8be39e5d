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

    /// The text each finding points at.
    pub fn spans(code: &str, src: &str) -> Vec<String> {
        run(code, src)
            .iter()
            .map(|d| d.range.of(src).to_string())
            .collect()
    }
}
