//! dockls-invariants: what must hold for every input, checked by the cargo-fuzz targets in
//! `fuzz/` (long runs) and by the property tests in `tests/` (short runs in CI). Each check
//! returns `Err` with a description instead of panicking, so that a fuzz target can show the
//! failing input and a test can print it.
//!
//! - [`analysis::check_bytes`]: any bytes parse and analyse (every rule, preview included),
//!   every editor feature answers at any offset, all ranges are in bounds and on character
//!   boundaries, position conversions round-trip, no rule fails, within a time bound
//!   proportional to the input's size.
//! - [`fixes::check_fixes`]: every offered fix, suppression and refactoring applies and adds
//!   no syntax error; "fix all" adds none either and converges.
//! - [`format::check_format`]: formatting applies, adds no syntax error, and is idempotent;
//!   range and on-type formatting stay in bounds.
//! - [`lsp::run_session`]: the server, fed any sequence of JSON-RPC messages (valid,
//!   invalid, hostile positions, cancellations), answers every request exactly once, never
//!   with an internal error, keeps each document's text equal to the client's, and ends
//!   when the input ends.

pub mod analysis;
pub mod fixes;
pub mod format;
pub mod lsp;
pub mod text;

/// Splits fuzz input into a Dockerfile and project files: the Dockerfile is everything
/// before the first `"\0\0"`; each later `"\0\0"`-separated part is a file whose first line
/// is its name (for example `.dockerignore`) and the rest its content.
pub fn split_input(data: &[u8]) -> (String, dockls_analysis::MemoryFiles) {
    let text = dockls_project::decode(data).text;
    let mut parts = text.split("\0\0");
    let dockerfile = parts.next().unwrap_or("").to_string();
    let mut files = dockls_analysis::MemoryFiles::default();
    for p in parts {
        let (name, content) = p.split_once('\n').unwrap_or((p, ""));
        let name = name.trim();
        if !name.is_empty() {
            files = files.with(name, content);
        }
    }
    (dockerfile, files)
}

/// Every rule, preview and opt-in ones included.
pub fn all_rules() -> dockls_analysis::Settings {
    dockls_analysis::Settings {
        select: Some(vec!["ALL".into()]),
        preview: true,
        ..dockls_analysis::Settings::default()
    }
}

/// The fuzz targets' entry points: raw bytes in, the target's checks out. The regression
/// tests replay saved inputs through the same functions.
pub mod targets {
    use arbitrary::{Arbitrary, Unstructured};

    /// `analyze`: see [`crate::analysis::check_bytes`].
    pub fn analyze(data: &[u8]) -> Result<(), String> {
        crate::analysis::check_bytes(data)
    }

    /// `fixes`: the input split by [`crate::split_input`], every rule on.
    pub fn fixes(data: &[u8]) -> Result<(), String> {
        let (text, files) = crate::split_input(data);
        crate::fixes::check_fixes(&text, &files, &crate::all_rules())
    }

    /// `format`: the first byte picks the settings, the rest is the text.
    pub fn format(data: &[u8]) -> Result<(), String> {
        let (variant, rest) = data.split_first().map_or((0, data), |(v, r)| (*v, r));
        let text = dockls_project::decode(rest).text;
        crate::format::check_format(&text, variant)
    }

    /// `lsp`: the bytes become a [`crate::lsp::Session`] through `arbitrary`.
    pub fn lsp(data: &[u8]) -> Result<(), String> {
        // Bytes that do not make a session are not a finding.
        match crate::lsp::Session::arbitrary_take_rest(Unstructured::new(data)) {
            Ok(session) => crate::lsp::run_session(&session),
            Err(_) => Ok(()),
        }
    }

    /// A target's checks.
    pub type Check = fn(&[u8]) -> Result<(), String>;

    /// The targets by name, for tools and tests.
    pub const ALL: &[(&str, Check)] = &[
        ("analyze", analyze),
        ("fixes", fixes),
        ("format", format),
        ("lsp", lsp),
    ];
}
