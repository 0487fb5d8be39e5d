//! `dockls check [PATH|-]...`: walk, analyse, print, and exit with 0 (clean), 1 (a finding
//! reached the failure level) or 2 (usage error or unreadable input).

use dockls_analysis::redact::redact_secrets;
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
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// hadolint's `-f json` shape.
    HadolintJson,
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
    /// Apply safe fixes to the files (with `-`, print the fixed text to stdout).
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`, also apply fixes that change behaviour.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 if there are any).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
}

/// One checked input (a Dockerfile, or a configuration file with problems).
pub struct Checked {
    pub display: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub fail_level: Severity,
    /// The parsed Dockerfile, for output that names the instruction of a finding; `None`
    /// for a configuration file (its findings are configuration problems).
    pub dockerfile: Option<dockls_syntax::Dockerfile>,
}

/// Everything needed to analyse one Dockerfile again (after fixes).
struct Target {
    path: Option<PathBuf>,
    display: String,
    text: String,
    decode_problem: Option<(usize, String)>,
    settings: dockls_analysis::Settings,
    files: Box<dyn ProjectFiles>,
    name: Option<String>,
}

impl Target {
    fn analysis(&self, text: &str) -> dockls_analysis::Analysis {
        dockls_analysis::analyze(
            text,
            &self.settings,
            self.files.as_ref(),
            self.name.as_deref(),
        )
    }

    fn analyze(&self, text: &str) -> Vec<Diagnostic> {
        self.analysis(text).diagnostics
    }

    fn checked(&self, text: &str) -> Checked {
        let analysis = self.analysis(text);
        let mut diagnostics = analysis.diagnostics;
        if let Some((at, message)) = &self.decode_problem {
            let meta =
                dockls_analysis::rules::syntax::meta(dockls_syntax::SyntaxErrorKind::NotText);
            diagnostics.insert(
                0,
                Diagnostic {
                    code: meta.code,
                    range: dockls_syntax::TextRange::empty((*at).min(text.len())),
                    severity: Severity::Error,
                    message: message.clone(),
                    fixes: Vec::new(),
                    related: Vec::new(),
                    tags: Vec::new(),
                },
            );
        }
        Checked {
            display: self.display.clone(),
            text: text.to_string(),
            diagnostics,
            fail_level: self.settings.fail_level,
            dockerfile: Some(analysis.dockerfile),
        }
    }
}

/// `f` applied to every item, spread over the machine's cores (each thread takes the next
/// item as it finishes one); the results keep the items' order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return done;
                        };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
        for w in workers {
            for (i, r) in w.join().unwrap_or_default() {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(r);
                }
            }
        }
    });
    // A worker that failed leaves its items empty; they are done here instead.
    slots
        .into_iter()
        .zip(items)
        .map(|(r, item)| r.unwrap_or_else(|| f(item)))
        .collect()
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

pub fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    shown.to_string_lossy().into_owned()
}

/// A target, and its configuration file's problems when it has any.
fn target(
    path: Option<&Path>,
    display: String,
    bytes: &[u8],
    layer: &SettingsLayer,
) -> (Target, Option<Checked>) {
    let decoded = dockls_project::decode(bytes);
    let resolved = dockls_project::settings::resolve(path, &[layer], None);
    let config = resolved
        .config
        .as_ref()
        .filter(|cfg| !cfg.problems.is_empty())
        .map(|cfg| Checked {
            display: self::display(&cfg.path),
            text: cfg.text.clone(),
            diagnostics: cfg.problems.iter().map(|p| p.to_diagnostic()).collect(),
            fail_level: resolved.settings.fail_level,
            dockerfile: None,
        });
    let files: Box<dyn ProjectFiles> = match path {
        Some(p) => Box::new(FsFiles::for_dockerfile(p)),
        None => Box::new(NoFiles),
    };
    let target = Target {
        path: path.map(Path::to_path_buf),
        display,
        text: decoded.text,
        decode_problem: decoded.problem,
        settings: resolved.settings,
        files,
        name: path
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
    };
    (target, config)
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

/// Fixes that change other files (such as creating a `.dockerignore`), applied once after
/// the document's own fixes. Returns the changes as (path, old text, new text).
fn other_file_changes(
    t: &Target,
    text: &str,
    include_unsafe: bool,
) -> Vec<(PathBuf, String, String)> {
    use dockls_analysis::diagnostic::Applicability;
    let Some(dir) = t.path.as_deref().and_then(Path::parent) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, String, String)> = Vec::new();
    for d in t.analyze(text) {
        let allowed = |a: Applicability| {
            a == Applicability::Safe || (include_unsafe && a == Applicability::Unsafe)
        };
        let Some(fix) = d
            .fixes
            .iter()
            .find(|f| allowed(f.applicability) && !f.files.is_empty() && f.edits.is_empty())
        else {
            continue;
        };
        for change in &fix.files {
            match change {
                dockls_analysis::FileChange::Create { path, content } => {
                    let full = dir.join(path);
                    if !full.exists() && !out.iter().any(|(p, _, _)| *p == full) {
                        out.push((full, String::new(), content.clone()));
                    }
                }
                dockls_analysis::FileChange::Edit { path, edits } => {
                    let full = dir.join(path);
                    if out.iter().any(|(p, _, _)| *p == full) {
                        continue;
                    }
                    if let Ok(old) = std::fs::read_to_string(&full) {
                        if let Some(new) = dockls_analysis::diagnostic::apply_edits(&old, edits) {
                            out.push((full, old, new));
                        }
                    }
                }
            }
        }
    }
    out
}

fn unified_diff(name: &str, old: &str, new: &str, created: bool) -> String {
    let name = name.trim_start_matches('/');
    let from = if created {
        "/dev/null".to_string()
    } else {
        format!("a/{name}")
    };
    let mut diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&from, &format!("b/{name}"))
        .to_string();
    if !diff.is_empty() && !diff.ends_with('\n') {
        diff.push_str("\n\\ No newline at end of file\n");
    }
    diff
}

pub fn run(args: CheckArgs) -> ExitCode {
    let layer = cli_layer(&args);
    let mut problems = Vec::new();
    let mut configs: Vec<Checked> = Vec::new();
    let mut targets = Vec::new();
    // Files are read and their settings resolved in parallel; stdin is read here.
    let prepared = parallel_map(&inputs(&args, &mut problems), |t| match t {
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            let name = args.stdin_filename.as_deref();
            let shown = name.map_or_else(|| "<stdin>".to_string(), display);
            let (mut t, config) = target(name, shown, &bytes, &layer);
            // Stdin is never written back: treat it as having no path for fixes.
            t.path = None;
            Ok((t, config))
        }
        Some(path) => std::fs::read(path)
            .map(|bytes| target(Some(path), display(path), &bytes, &layer))
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
    });
    for p in prepared {
        match p {
            Ok((t, config)) => {
                if let Some(c) = config.filter(|c| !configs.iter().any(|x| x.display == c.display))
                {
                    configs.push(c);
                }
                targets.push(t);
            }
            Err(e) => problems.push(e),
        }
    }

    let fixing = args.fix || args.diff;
    // Without fixes every file is analysed once, in parallel; fixes go file by file.
    let mut checked = if fixing {
        Vec::new()
    } else {
        parallel_map(&targets, |t| t.checked(&t.text))
    };
    let mut fixed_total = 0;
    let mut diffs = String::new();
    let mut stdin_output = None;
    for t in targets.iter().filter(|_| fixing) {
        let (fixed, n) =
            dockls_analysis::fixes::fix_all(&t.text, args.unsafe_fixes, 10, |text| t.analyze(text));
        let others = other_file_changes(t, &fixed, args.unsafe_fixes);
        fixed_total += n + others.len();
        if args.diff {
            if fixed != t.text {
                // Like the excerpts, a diff never shows a secret in full.
                let (old, new) = (redact_secrets(&t.text), redact_secrets(&fixed));
                diffs.push_str(&unified_diff(&t.display, &old, &new, false));
            }
            for (p, old, new) in &others {
                diffs.push_str(&unified_diff(&display(p), old, new, old.is_empty()));
            }
            continue;
        }
        match &t.path {
            Some(path) => {
                if fixed != t.text {
                    if let Err(e) = std::fs::write(path, &fixed) {
                        problems.push(format!("cannot write {}: {e}", path.display()));
                    }
                }
                for (p, _, new) in &others {
                    if let Err(e) = std::fs::write(p, new) {
                        problems.push(format!("cannot write {}: {e}", p.display()));
                    }
                }
            }
            None => stdin_output = Some(fixed.clone()),
        }
        checked.push(t.checked(&fixed));
    }

    if args.diff {
        let mut out = std::io::stdout().lock();
        let _ = std::io::Write::write_all(&mut out, diffs.as_bytes());
        for p in &problems {
            eprintln!("dockls: {p}");
        }
        eprintln!(
            "dockls: {fixed_total} fixable problem{} {}",
            if fixed_total == 1 { "" } else { "s" },
            if fixed_total > 0 {
                "would be fixed"
            } else {
                "found"
            }
        );
        return if !problems.is_empty() {
            ExitCode::from(2)
        } else if diffs.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
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
    let written = match (&stdin_output, args.format) {
        (Some(fixed), _) => {
            std::io::Write::write_all(&mut std::io::stdout().lock(), fixed.as_bytes())
        }
        (None, Format::Human) => output::human(&checked, color),
        (None, Format::Json) => output::json(&checked),
        (None, Format::Sarif) => output::sarif(&checked),
        (None, Format::Github) => output::github(&checked),
        (None, Format::Checkstyle) => output::checkstyle(&checked),
        (None, Format::Gitlab) => output::gitlab(&checked),
        (None, Format::HadolintJson) => output::hadolint_json(&checked),
    };
    if args.fix {
        eprintln!(
            "dockls: fixed {fixed_total} problem{}",
            if fixed_total == 1 { "" } else { "s" }
        );
    }
    for p in &problems {
        eprintln!("dockls: {p}");
    }
    if written.is_err() || !problems.is_empty() {
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
