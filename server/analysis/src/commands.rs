//! Reading shell commands the way rules need them: through `sudo`/`env` wrappers, and
//! package-manager invocations split into subcommand, options and packages.

use dockls_syntax::shell::{ShellCommand, ShellWord};

/// A command with wrappers (`sudo`, `env A=1`, `nice`, `time`, `command`) removed.
#[derive(Clone, Debug)]
pub struct Argv<'a> {
    pub command: &'a ShellCommand,
    /// The program word (after wrappers).
    pub program: &'a ShellWord,
    /// The program's basename.
    pub name: String,
    pub args: &'a [ShellWord],
    /// A wrapper was `sudo`.
    pub sudo: bool,
}

/// Options of wrapper commands that take a value.
fn wrapper_value_options(wrapper: &str) -> &'static [&'static str] {
    match wrapper {
        "sudo" => &[
            "-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group",
        ],
        "nice" => &["-n", "--adjustment"],
        "env" => &["-u", "--unset", "-C", "--chdir", "-S"],
        _ => &[],
    }
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Strips wrappers from a command.
pub fn argv(command: &ShellCommand) -> Option<Argv<'_>> {
    let mut program = command.name.as_ref()?;
    let mut args: &[ShellWord] = &command.args;
    let mut sudo = false;
    loop {
        let name = basename(&program.value);
        if !matches!(
            name,
            "sudo" | "env" | "nice" | "time" | "command" | "exec" | "nohup" | "stdbuf"
        ) {
            break;
        }
        sudo |= name == "sudo";
        let takes_value = wrapper_value_options(name);
        let mut i = 0;
        while let Some(a) = args.get(i) {
            let v = a.value.as_str();
            if takes_value.contains(&v) {
                i += 2;
            } else if v.starts_with('-') || (name == "env" && v.contains('=')) {
                i += 1;
            } else {
                break;
            }
        }
        let next = args.get(i)?;
        program = next;
        args = &args[i + 1..];
    }
    Some(Argv {
        command,
        program,
        name: basename(&program.value).to_string(),
        args,
        sudo,
    })
}

/// The package managers rules know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    Pipx,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
}

impl Manager {
    fn from_name(name: &str) -> Option<Manager> {
        Some(match name {
            "apt-get" => Manager::AptGet,
            "apt" => Manager::Apt,
            "aptitude" => Manager::Aptitude,
            "apk" => Manager::Apk,
            "yum" => Manager::Yum,
            "dnf" | "dnf5" => Manager::Dnf,
            "microdnf" => Manager::Microdnf,
            "zypper" => Manager::Zypper,
            "pipx" => Manager::Pipx,
            "npm" => Manager::Npm,
            "yarn" => Manager::Yarn,
            "pnpm" => Manager::Pnpm,
            "gem" => Manager::Gem,
            "go" => Manager::Go,
            "cargo" => Manager::Cargo,
            n if n == "pip" || n.starts_with("pip3") || n.starts_with("pip2") => Manager::Pip,
            _ => return None,
        })
    }

    /// Options that take the next word as their value (so it is not a package).
    fn value_options(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => &[
                "-o",
                "--option",
                "-c",
                "--config-file",
                "-t",
                "--target-release",
                "--default-release",
            ],
            Manager::Apk => &[
                "-t",
                "--virtual",
                "-X",
                "--repository",
                "--root",
                "-p",
                "--keys-dir",
                "--repositories-file",
                "--arch",
                "--cache-dir",
            ],
            Manager::Yum | Manager::Dnf | Manager::Microdnf => &[
                "--enablerepo",
                "--disablerepo",
                "--setopt",
                "--installroot",
                "--releasever",
                "-c",
                "--config",
                "--repo",
                "--repoid",
                "-x",
                "--exclude",
            ],
            Manager::Zypper => &["-r", "--repo", "--from", "-t", "--type", "--root"],
            Manager::Pip => &[
                "-r",
                "--requirement",
                "-c",
                "--constraint",
                "-e",
                "--editable",
                "-i",
                "--index-url",
                "--extra-index-url",
                "-f",
                "--find-links",
                "-t",
                "--target",
                "--prefix",
                "--root",
                "--platform",
                "--python-version",
                "--implementation",
                "--abi",
                "--src",
                "--upgrade-strategy",
                "--cache-dir",
                "--trusted-host",
                "--proxy",
                "--log",
                "--timeout",
                "--retries",
                "--cert",
                "--client-cert",
                "--only-binary",
                "--no-binary",
                "--progress-bar",
                "--config-settings",
                "-C",
            ],
            Manager::Npm | Manager::Pnpm | Manager::Yarn => &[
                "--prefix",
                "--registry",
                "--cache",
                "-C",
                "--dir",
                "--filter",
                "--workspace",
                "-w",
                "--modules-folder",
                "--network-timeout",
            ],
            Manager::Gem => &[
                "-v",
                "--version",
                "-i",
                "--install-dir",
                "-n",
                "--bindir",
                "--source",
                "-s",
                "--platform",
            ],
            Manager::Go => &[
                "-C", "-tags", "-ldflags", "-gcflags", "-o", "-mod", "-modfile", "-p",
            ],
            Manager::Cargo => &[
                "--root",
                "--version",
                "--vers",
                "--git",
                "--branch",
                "--tag",
                "--rev",
                "--path",
                "--index",
                "--registry",
                "--target",
                "--features",
                "-F",
                "-j",
                "--jobs",
                "--profile",
                "--target-dir",
            ],
            Manager::Pipx => &["--python", "--pip-args", "--index-url", "--suffix"],
        }
    }
}

/// A package-manager invocation.
#[derive(Clone, Debug)]
pub struct Invocation<'a> {
    pub manager: Manager,
    pub argv: Argv<'a>,
    /// The subcommand (`install`, `add`, `update`, ...), when there is one.
    pub subcommand: Option<&'a ShellWord>,
    /// Arguments after the subcommand that are not options or option values.
    pub operands: Vec<&'a ShellWord>,
    /// Option words (anywhere in the command).
    pub options: Vec<&'a ShellWord>,
}

impl Invocation<'_> {
    pub fn sub(&self) -> &str {
        self.subcommand.map_or("", |w| w.value.as_str())
    }

    /// Whether an option is present (long names with or without `=value`, short letters
    /// also when combined like `-qy`).
    pub fn has(&self, long: &[&str], short: &[char]) -> bool {
        self.find(long, short).is_some()
    }

    pub fn find(&self, long: &[&str], short: &[char]) -> Option<&ShellWord> {
        self.options.iter().copied().find(|o| {
            let v = o.value.as_str();
            if let Some(l) = v.strip_prefix("--") {
                let name = l.split('=').next().unwrap_or(l);
                long.iter().any(|x| x.trim_start_matches('-') == name)
            } else if let Some(s) = v.strip_prefix('-') {
                let letters = s.split('=').next().unwrap_or(s);
                !letters.is_empty()
                    && letters.chars().all(|c| c.is_ascii_alphanumeric())
                    && letters.chars().any(|c| short.contains(&c))
            } else {
                false
            }
        })
    }

    /// The value of an option (`--opt=value` or `--opt value`).
    pub fn value_of(&self, names: &[&str]) -> Option<&str> {
        let args = self.argv.args;
        for (i, a) in args.iter().enumerate() {
            for n in names {
                if a.value == *n {
                    return args.get(i + 1).map(|w| w.value.as_str());
                }
                if let Some(v) = a.value.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
                    return Some(v);
                }
            }
        }
        None
    }
}

/// Reads a command as a package-manager invocation (`python -m pip` counts as pip).
pub fn invocation(command: &ShellCommand) -> Option<Invocation<'_>> {
    let argv = argv(command)?;
    let (manager, rest): (Manager, &[ShellWord]) = match Manager::from_name(&argv.name) {
        Some(m) => (m, argv.args),
        None => {
            let is_python = argv.name.starts_with("python");
            let m_pip = argv.args.first().map(|w| w.value.as_str()) == Some("-m")
                && argv
                    .args
                    .get(1)
                    .is_some_and(|w| w.value == "pip" || w.value == "pip3");
            if is_python && m_pip {
                (Manager::Pip, &argv.args[2..])
            } else {
                return None;
            }
        }
    };
    let value_opts = manager.value_options();
    let mut subcommand = None;
    let mut operands = Vec::new();
    let mut options = Vec::new();
    let mut i = 0;
    while let Some(w) = rest.get(i) {
        let v = w.value.as_str();
        if v.starts_with('-') && v.len() > 1 {
            options.push(w);
            if value_opts.contains(&v) {
                i += 1;
            }
        } else if subcommand.is_none() {
            subcommand = Some(w);
        } else {
            operands.push(w);
        }
        i += 1;
    }
    Some(Invocation {
        manager,
        argv,
        subcommand,
        operands,
        options,
    })
}

/// Installs with this manager in a script (`apt-get install`, `apk add`, `pip install`, ...).
pub fn is_install(inv: &Invocation<'_>) -> bool {
    match inv.manager {
        Manager::Apk => inv.sub() == "add",
        Manager::Yarn => matches!(inv.sub(), "add" | "install" | ""),
        Manager::Pnpm => matches!(inv.sub(), "add" | "install" | "i"),
        Manager::Npm => matches!(inv.sub(), "install" | "i" | "ci" | "add" | "isntall"),
        Manager::Go => matches!(inv.sub(), "install" | "get"),
        Manager::Zypper => matches!(inv.sub(), "install" | "in"),
        _ => inv.sub() == "install",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(src: &str) -> Option<Invocation<'static>> {
        let df = Box::leak(Box::new(dockls_syntax::parse(src)));
        let sh = df.instructions.get(1)?.shell.as_ref()?;
        sh.commands.iter().find_map(invocation)
    }

    #[test]
    fn reads_package_managers() {
        let inv = first("FROM debian\nRUN sudo -u root apt-get -o Foo=1 install -y --no-install-recommends curl git=1:2.39\n");
        let inv = inv.expect("apt-get");
        assert_eq!(inv.manager, Manager::AptGet);
        assert!(inv.argv.sudo);
        assert_eq!(inv.sub(), "install");
        assert!(inv.has(&["yes"], &['y']));
        assert_eq!(
            inv.operands
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>(),
            vec!["curl", "git=1:2.39"]
        );
        let pip = first("FROM python\nRUN python3 -m pip install -r requirements.txt flask\n")
            .expect("pip");
        assert_eq!(pip.manager, Manager::Pip);
        assert_eq!(
            pip.operands
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>(),
            vec!["flask"]
        );
        assert_eq!(
            pip.value_of(&["-r", "--requirement"]),
            Some("requirements.txt")
        );
        let apk = first("FROM alpine\nRUN apk add --virtual .deps gcc\n").expect("apk");
        assert!(is_install(&apk));
        assert_eq!(apk.operands.len(), 1);
    }
}
