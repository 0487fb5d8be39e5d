//! Rules of the `shell` category: the commands inside RUN (package managers, downloads,
//! shell usage). They read the shell view, so they see continued lines, heredoc bodies
//! run by a shell and `ONBUILD RUN`.

mod apk_cache_kept;
mod apk_unpinned;
mod apt_get_install_recommends;
mod apt_get_missing_yes;
mod apt_get_unpinned;
mod apt_in_script;
mod apt_lists_not_removed;
mod cd_instead_of_workdir;
mod consecutive_run;
mod curl_and_wget;
mod dnf_cache_kept;
mod dnf_missing_yes;
mod dnf_unpinned;
mod gem_unpinned;
mod go_install_unpinned;
mod irrelevant_command;
mod ln_bin_sh;
mod npm_unpinned;
mod pip_cache_kept;
mod pip_unpinned;
mod pipe_without_pipefail;
mod sudo_in_run;
mod useradd_without_no_log_init;
pub(crate) mod util;
mod wget_progress_bar;
mod yarn_cache_kept;
mod yum_cache_kept;
mod yum_missing_yes;
mod yum_unpinned;
mod zypper_cache_kept;
mod zypper_dist_upgrade;
mod zypper_interactive;
mod zypper_unpinned;

use crate::rule::Rule;

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &irrelevant_command::IrrelevantCommand,
        &cd_instead_of_workdir::CdInsteadOfWorkdir,
        &sudo_in_run::SudoInRun,
        &apt_get_unpinned::AptGetUnpinned,
        &apt_lists_not_removed::AptListsNotRemoved,
        &pip_unpinned::PipUnpinned,
        &apt_get_missing_yes::AptGetMissingYes,
        &apt_get_install_recommends::AptGetInstallRecommends,
        &npm_unpinned::NpmUnpinned,
        &apk_unpinned::ApkUnpinned,
        &apk_cache_kept::ApkCacheKept,
        &apt_in_script::AptInScript,
        &gem_unpinned::GemUnpinned,
        &yum_missing_yes::YumMissingYes,
        &yum_cache_kept::YumCacheKept,
        &yum_unpinned::YumUnpinned,
        &zypper_interactive::ZypperInteractive,
        &zypper_dist_upgrade::ZypperDistUpgrade,
        &zypper_cache_kept::ZypperCacheKept,
        &zypper_unpinned::ZypperUnpinned,
        &dnf_missing_yes::DnfMissingYes,
        &dnf_cache_kept::DnfCacheKept,
        &dnf_unpinned::DnfUnpinned,
        &pip_cache_kept::PipCacheKept,
        &useradd_without_no_log_init::UseraddWithoutNoLogInit,
        &wget_progress_bar::WgetProgressBar,
        &consecutive_run::ConsecutiveRun,
        &yarn_cache_kept::YarnCacheKept,
        &go_install_unpinned::GoInstallUnpinned,
        &curl_and_wget::CurlAndWget,
        &ln_bin_sh::LnBinSh,
        &pipe_without_pipefail::PipeWithoutPipefail,
    ]
}
