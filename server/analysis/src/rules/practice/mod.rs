//! Rules of the `practice` category: how the production image is designed (stages,
//! layer order, users, health checks, build context, logs), plus the detection helpers
//! those rules and their refactorings share.

pub mod dockerignore;
pub mod ecosystem;
pub mod facts;

pub mod copy_all_before_install;
pub mod copy_ignored_file;
pub mod context_hygiene;
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
