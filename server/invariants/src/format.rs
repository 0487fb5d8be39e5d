//! The formatter: whole-document formatting under every setting, range formatting and
//! on-type formatting.

use dockls_analysis::diagnostic::apply_edits;
use dockls_analysis::ide::format::{builder_views, format, format_on_type, format_range};
use dockls_analysis::settings::FormatterSettings;
use dockls_analysis::Edit;
use dockls_syntax::{Dockerfile, TextRange};

use crate::text::{check_range, probe_offsets};

/// The formatter settings an input is checked with, chosen by `variant`.
pub fn settings(variant: u8) -> FormatterSettings {
    let case = ["upper", "lower", "majority", "bogus"][usize::from(variant % 4)];
    let indent = [4, 2, 0, 8, 17][usize::from((variant / 4) % 5)];
    FormatterSettings {
        keyword_case: case.into(),
        indent_width: indent,
        ignore_multiline_instructions: variant & 0x80 != 0,
    }
}

fn all_error_kinds(df: &Dockerfile) -> Vec<String> {
    let mut v: Vec<String> = df.errors.iter().map(|e| format!("{:?}", e.kind)).collect();
    v.sort();
    v
}

fn check_edits(text: &str, edits: &[Edit], what: &str) -> Result<String, String> {
    for e in edits {
        check_range(text, e.range, what)?;
    }
    apply_edits(text, edits).ok_or_else(|| format!("{what}: the edits overlap"))
}

/// Formats `text` with the settings `variant` picks: the edits apply, the builder reads the
/// result exactly as before, the syntax errors stay the same, and formatting the result
/// again changes nothing. Range and on-type formatting at a spread of offsets stay in
/// bounds and apply.
pub fn check_format(text: &str, variant: u8) -> Result<(), String> {
    let s = settings(variant);
    let before = dockls_syntax::parse(text);
    let once = check_edits(text, &format(&before, &s), "format")?;
    let after = dockls_syntax::parse(&once);
    if builder_views(&before, false) != builder_views(&after, false) {
        return Err(format!(
            "formatting changes what the builder reads; the text becomes:\n{once}"
        ));
    }
    if all_error_kinds(&before) != all_error_kinds(&after) {
        return Err(format!(
            "formatting changes the syntax errors from {:?} to {:?}; the text becomes:\n{once}",
            all_error_kinds(&before),
            all_error_kinds(&after)
        ));
    }
    let twice = check_edits(&once, &format(&after, &s), "format (second time)")?;
    if twice != once {
        return Err(format!(
            "formatting is not idempotent:\nonce:\n{once}\ntwice:\n{twice}"
        ));
    }
    let offsets = probe_offsets(text, 16);
    for w in offsets.windows(2) {
        let r = TextRange::new(w[0], w[1]);
        check_edits(text, &format_range(&before, &s, r), "range format")?;
    }
    for &o in &offsets {
        for typed in ["\n", "\\", "`", "x"] {
            check_edits(
                text,
                &format_on_type(&before, &s, o, typed),
                &format!("on-type format of {typed:?} at {o}"),
            )?;
        }
    }
    Ok(())
}
