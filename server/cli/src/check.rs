//! `dockls check [PATH|-]...`: walk, analyse, print, and exit with 0 (clean), 1 (a finding
//! reached the failure level) or 2 (usage error or unreadable input).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockls_analysis::context::{NoFiles, ProjectFiles};
use dockls_analysis::diagnostic::{Diagnostic, Severity};
use dockls_analysis::SettingsLayer;
use dockls_project::FsFiles;

use crate::output;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
    Hint,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
            Level::Hint => Severity::Hint,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads stdin). Directories are searched for
    /// Dockerfile names; a file named explicitly is always checked. Default: `.`.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit with 1 when a finding reaches this level (default: the configuration's
    /// `fail-level`, else `error`).
    #[arg(long, value_enum)]
    pub fail_level: Option<Level>,
    /// The file name to report (and to find configuration and project files) for stdin.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Run only these rules (codes, names, aliases, prefixes, categories or ALL).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Also run these rules.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Run preview rules too.
    #[arg(long)]
    pub preview: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
}

/// One checked input (a Dockerfile, or a configuration file with problems).
pub struct Checked {
    pub display: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub fail_level: Severity,
}

fn cli_layer(args: &CheckArgs) -> SettingsLayer {
    SettingsLayer {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        extend_select: (!args.extend_select.is_empty()).then(|| args.extend_select.clone()),
        ignore: (!args.ignore.is_empty()).then(|| args.ignore.clone()),
        preview: args.preview.then_some(true),
        fail_level: args.fail_level.map(Severity::from),
        ..SettingsLayer::default()
    }
}

fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    shown.to_string_lossy().into_owned()
}

fn check_text(
    path: Option<&Path>,
    display: String,
    bytes: &[u8],
    layer: &SettingsLayer,
    configs: &mut Vec<Checked>,
) -> Checked {
    let decoded = dockls_project::decode(bytes);
    let resolved = dockls_project::settings::resolve(path, &[layer], None);
    if let Some(cfg) = &resolved.config {
        let shown = crate::check::display(&cfg.path);
        if !cfg.problems.is_empty() && !configs.iter().any(|c| c.display == shown) {
            configs.push(Checked {
                display: shown,
                text: cfg.text.clone(),
                diagnostics: cfg.problems.iter().map(|p| p.to_diagnostic()).collect(),
                fail_level: resolved.settings.fail_level,
            });
        }
    }
    let fs_files = path.map(FsFiles::for_dockerfile);
    let files: &dyn ProjectFiles = match &fs_files {
        Some(f) => f,
        None => &NoFiles,
    };
    let name = path
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let mut analysis =
        dockls_analysis::analyze(&decoded.text, &resolved.settings, files, name.as_deref());
    if let Some((at, message)) = decoded.problem {
        let meta = dockls_analysis::rules::syntax::meta(dockls_syntax::SyntaxErrorKind::NotText);
        analysis.diagnostics.insert(
            0,
            Diagnostic {
                code: meta.code,
                range: dockls_syntax::TextRange::empty(at.min(decoded.text.len())),
                severity: Severity::Error,
                message,
                fixes: Vec::new(),
                related: Vec::new(),
                tags: Vec::new(),
            },
        );
    }
    Checked {
        display,
        text: decoded.text,
        diagnostics: analysis.diagnostics,
        fail_level: resolved.settings.fail_level,
    }
}

/// Expands the arguments into inputs; problems are reported and counted.
fn inputs(args: &CheckArgs, problems: &mut Vec<String>) -> Vec<Option<PathBuf>> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(None);
        } else if p.is_dir() {
            match dockls_project::walk(&p) {
                Ok(found) => out.extend(found.into_iter().map(Some)),
                Err(e) => problems.push(format!("cannot read directory {}: {e}", p.display())),
            }
        } else if p.exists() {
            out.push(Some(p));
        } else {
            problems.push(format!("{}: no such file or directory", p.display()));
        }
    }
    out
}

pub fn run(args: CheckArgs) -> ExitCode {
    let layer = cli_layer(&args);
    let mut problems = Vec::new();
    let targets = inputs(&args, &mut problems);
    let mut checked = Vec::new();
    let mut configs = Vec::new();
    for t in &targets {
        match t {
            None => {
                let mut bytes = Vec::new();
                if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                    problems.push(format!("cannot read stdin: {e}"));
                    continue;
                }
                let name = args.stdin_filename.as_deref();
                let shown = name.map_or_else(|| "<stdin>".to_string(), display);
                checked.push(check_text(name, shown, &bytes, &layer, &mut configs));
            }
            Some(path) => match std::fs::read(path) {
                Ok(bytes) => checked.push(check_text(
                    Some(path),
                    display(path),
                    &bytes,
                    &layer,
                    &mut configs,
                )),
                Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
            },
        }
    }
    // Configuration problems come first: they change what the rest means.
    configs.append(&mut checked);
    let checked = configs;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::IsTerminal::is_terminal(&std::io::stdout())
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let written = match args.format {
        Format::Human => output::human(&checked, color),
        Format::Json => output::json(&checked),
    };
    for p in &problems {
        eprintln!("dockls: {p}");
    }
    if written.is_err() {
        return ExitCode::from(2);
    }
    if !problems.is_empty() {
        return ExitCode::from(2);
    }
    let failed = checked
        .iter()
        .any(|c| c.diagnostics.iter().any(|d| d.severity >= c.fail_level));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
