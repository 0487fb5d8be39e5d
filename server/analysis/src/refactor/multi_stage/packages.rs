//! System packages in a single-stage build: which ones only build (compilers, headers,
//! download and repository tools) and which ones the application needs when it runs,
//! the runtime library of a common `-dev` package, and the install command for the
//! runtime stage.

use dockls_syntax::Instruction;

use crate::commands::{invocation, is_install, Manager};
use crate::rules::practice::facts;
use crate::rules::practice::single_stage_build::is_toolchain_package;

use super::super::images::Family;
use super::super::text::Style;

/// A package word as written (`curl`, `curl=7.88.1-10`) and its bare name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pkg {
    pub word: String,
    pub name: String,
}

/// A RUN that installs system packages.
#[derive(Clone, Debug)]
pub struct PackageRun {
    pub manager: Manager,
    /// Every command is a package-manager command or its cleanup (nothing else runs).
    pub only_packages: bool,
    pub packages: Vec<Pkg>,
}

/// Tools that fetch, verify or build, and that an application does not need to run.
/// (Download tools such as curl and wget are not here: images keep them for health
/// checks and entrypoint scripts.)
const BUILD_TOOLS: &[&str] = &[
    "git",
    "git-core",
    "git-all",
    "subversion",
    "mercurial",
    "gnupg",
    "gnupg2",
    "gpg",
    "dirmngr",
    "software-properties-common",
    "apt-transport-https",
    "apt-utils",
    "debconf-utils",
    "lsb-release",
    "pkg-config",
    "pkgconf",
    "pkgconfig",
    "patch",
    "binutils",
    "bison",
    "flex",
    "re2c",
    "dpkg-dev",
    "ninja-build",
    "ninja",
    "musl-dev",
    "libc-dev",
    "libc6-dev",
    "protobuf-compiler",
    "nasm",
    "yasm",
    "python3-pip",
    "python3-venv",
    "python3-setuptools",
    "python3-wheel",
    "python-pip",
    "python-setuptools",
    "node-gyp",
    "maven",
    "gradle",
    "ant",
];

fn bare(word: &str) -> String {
    let n = word.split(['=', '~', '>', '<']).next().unwrap_or(word);
    n.split(':').next().unwrap_or(n).to_ascii_lowercase()
}

/// Whether a package is only needed to build.
pub fn builds_only(name: &str) -> bool {
    is_toolchain_package(name) || BUILD_TOOLS.contains(&name)
}

/// The runtime library of a `-dev` package, for the distribution, when it is stable
/// across releases (or the release is known).
pub fn runtime_library(name: &str, family: Family, release: Option<&str>) -> Option<&'static str> {
    match family {
        Family::Debian => Some(match name {
            "libpq-dev" => "libpq5",
            "libxml2-dev" => "libxml2",
            "libxslt1-dev" | "libxslt-dev" => "libxslt1.1",
            "libjpeg-dev" | "libjpeg62-turbo-dev" => "libjpeg62-turbo",
            "zlib1g-dev" => "zlib1g",
            "libyaml-dev" => "libyaml-0-2",
            "unixodbc-dev" => "unixodbc",
            "default-libmysqlclient-dev" | "libmariadb-dev" | "libmariadb-dev-compat" => {
                "libmariadb3"
            }
            "libsqlite3-dev" => "libsqlite3-0",
            "libpng-dev" => "libpng16-16",
            "libssl-dev" => match release? {
                "bookworm" | "jammy" | "noble" => "libssl3",
                "bullseye" | "buster" | "focal" => "libssl1.1",
                "trixie" => "libssl3t64",
                _ => return None,
            },
            "libffi-dev" => match release? {
                "bookworm" | "trixie" | "jammy" | "noble" => "libffi8",
                "bullseye" | "focal" => "libffi7",
                _ => return None,
            },
            _ => return None,
        }),
        Family::Alpine => Some(match name {
            "postgresql-dev" | "libpq-dev" => "libpq",
            "libxml2-dev" => "libxml2",
            "libxslt-dev" => "libxslt",
            "jpeg-dev" | "libjpeg-turbo-dev" => "libjpeg-turbo",
            "zlib-dev" => "zlib",
            "libffi-dev" => "libffi",
            "yaml-dev" => "yaml",
            "unixodbc-dev" => "unixodbc",
            "mariadb-dev" | "mariadb-connector-c-dev" => "mariadb-connector-c",
            "sqlite-dev" => "sqlite-libs",
            "libpng-dev" => "libpng",
            "openssl-dev" => "libssl3",
            "curl-dev" => "libcurl",
            // C++ extensions link against libstdc++, which Alpine does not ship by default.
            "g++" => "libstdc++",
            _ => return None,
        }),
        _ => None,
    }
}

fn is_package_manager(m: Manager) -> bool {
    matches!(
        m,
        Manager::AptGet
            | Manager::Apt
            | Manager::Aptitude
            | Manager::Apk
            | Manager::Yum
            | Manager::Dnf
            | Manager::Microdnf
            | Manager::Zypper
    )
}

/// Whether a RUN configures a package repository (apt sources and keys, yum repos,
/// Alpine repositories): packages installed after it may come from there.
pub fn is_repo_setup(ins: &Instruction, text: &str) -> bool {
    let t = ins.range.of(text);
    [
        "/etc/apt/sources.list",
        "/etc/apt/keyrings",
        "/etc/apt/trusted.gpg",
        "/usr/share/keyrings",
        "apt-key",
        "add-apt-repository",
        "/etc/yum.repos.d",
        "config-manager",
        "rpm --import",
        "/etc/apk/repositories",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// Reads a RUN as a system package install.
pub fn package_run(ins: &Instruction) -> Option<PackageRun> {
    let commands = facts::commands_of(ins);
    let mut manager = None;
    let mut packages = Vec::new();
    let mut only = ins.heredocs.is_empty();
    let mut any_install = false;
    for c in &commands {
        match invocation(c) {
            Some(inv) if is_package_manager(inv.manager) => {
                manager.get_or_insert(inv.manager);
                if is_install(&inv) {
                    any_install = true;
                    // `apk add --virtual .deps` groups build dependencies.
                    if inv.value_of(&["--virtual", "-t"]).is_some() {
                        only = false;
                    }
                    for w in &inv.operands {
                        if !w.is_static {
                            only = false;
                            continue;
                        }
                        packages.push(Pkg {
                            word: w.value.clone(),
                            name: bare(&w.value),
                        });
                    }
                } else if !matches!(
                    inv.sub(),
                    "update" | "clean" | "upgrade" | "autoremove" | "makecache"
                ) {
                    only = false;
                }
            }
            _ => {
                let cleanup = c.program() == Some("rm")
                    && c.args
                        .iter()
                        .filter(|w| !w.value.starts_with('-'))
                        .all(|w| {
                            w.value.starts_with("/var/lib/apt/lists")
                                || w.value.starts_with("/var/cache/")
                                || w.value.starts_with("/tmp/")
                        });
                let harmless = matches!(c.program(), Some("set" | "true" | ":"));
                if !cleanup && !harmless {
                    only = false;
                }
            }
        }
    }
    if !any_install {
        return None;
    }
    // Packages the RUN removes again before it ends never reach the image.
    let cleanup = crate::rules::practice::single_stage_build::run_cleanup(ins);
    let apt = matches!(
        manager,
        Some(Manager::AptGet | Manager::Apt | Manager::Aptitude)
    );
    if cleanup.apt_all && apt {
        packages.clear();
    }
    packages.retain(|p| !cleanup.names.iter().any(|n| bare(n) == p.name));
    Some(PackageRun {
        manager: manager?,
        only_packages: only,
        packages,
    })
}

/// The install command for the runtime stage, in the manager's usual clean form.
pub fn install_command(manager: Manager, packages: &[String], style: &Style) -> String {
    let run = style.kw(dockls_syntax::Keyword::Run);
    let list = packages.join(" ");
    let cont = style.cont();
    match manager {
        Manager::Apk => format!("{run} apk add --no-cache {list}"),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => {
            let m = match manager {
                Manager::Yum => "yum",
                Manager::Dnf => "dnf",
                _ => "microdnf",
            };
            format!("{run} {m} install -y {list}{cont}&& {m} clean all")
        }
        Manager::Zypper => format!("{run} zypper --non-interactive install {list}{cont}&& zypper clean --all"),
        _ => format!(
            "{run} apt-get update{cont}&& apt-get install -y --no-install-recommends {list}{cont}&& rm -rf /var/lib/apt/lists/*"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_run(src: &str) -> Option<PackageRun> {
        let df = dockls_syntax::parse(src);
        df.instructions.get(1).and_then(package_run)
    }

    #[test]
    fn reads_package_runs() {
        let r = first_run("FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88 gcc && rm -rf /var/lib/apt/lists/*\n").expect("run");
        assert!(r.only_packages);
        assert_eq!(
            r.packages
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            vec!["curl", "gcc"]
        );
        assert_eq!(r.packages[0].word, "curl=7.88");
        let mixed = first_run("FROM debian\nRUN apt-get install -y curl && curl -o /x https://x\n")
            .expect("run");
        assert!(!mixed.only_packages);
        assert!(first_run("FROM debian\nRUN make\n").is_none());
    }

    #[test]
    fn runtime_libraries() {
        assert_eq!(
            runtime_library("libpq-dev", Family::Debian, None),
            Some("libpq5")
        );
        assert_eq!(runtime_library("libssl-dev", Family::Debian, None), None);
        assert_eq!(
            runtime_library("libssl-dev", Family::Debian, Some("bookworm")),
            Some("libssl3")
        );
        assert_eq!(
            runtime_library("g++", Family::Alpine, None),
            Some("libstdc++")
        );
        assert!(builds_only("build-essential") && builds_only("git") && !builds_only("tini"));
        assert!(!builds_only("curl"));
        let r = first_run(
            "FROM debian\nRUN apt-get install -y gcc curl && make && apt-get purge -y gcc\n",
        )
        .expect("run");
        assert_eq!(
            r.packages
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            vec!["curl"]
        );
    }
}
