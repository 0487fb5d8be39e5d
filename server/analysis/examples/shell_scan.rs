//! Runs the shell rules (or the codes given as arguments) over a directory of Dockerfiles
//! and prints `file:line:col code message` (development aid for corpus reviews).
#![allow(clippy::print_stderr, clippy::print_stdout)]

use dockls_analysis::{analyze, NoFiles, Settings};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--show") {
        show(
            args.get(1).map_or("", String::as_str),
            &args[2.min(args.len())..],
        );
        return;
    }
    if args.first().is_some_and(|a| a == "--truncate") {
        truncations(&args[1..]);
        return;
    }
    let check_fixes = args.first().is_some_and(|a| a == "--fixes");
    if check_fixes {
        args.remove(0);
    }
    let dir = if args.is_empty() {
        "/work/shared/corpus/real".to_string()
    } else {
        args.remove(0)
    };
    let codes = if args.is_empty() {
        vec!["shell".to_string()]
    } else {
        args
    };
    let settings = Settings {
        select: Some(codes),
        preview: true,
        ..Default::default()
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            n.contains("dockerfile") && !n.ends_with(".dockerignore")
        })
        .collect();
    entries.sort();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let a = analyze(&text, &settings, &NoFiles, None);
        if check_fixes {
            verify_fixes(&name_of(&path), &text, &settings, &a.diagnostics);
            continue;
        }
        let idx = &a.dockerfile.line_index;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for d in &a.diagnostics {
            if !d.code.starts_with("DK3") {
                continue;
            }
            let lc = idx.line_col(d.range.start);
            // The first line of the instruction holding the finding (hadolint's line).
            let ins_line = a
                .dockerfile
                .instruction_at(d.range.start)
                .and_then(|i| a.dockerfile.instructions.get(i))
                .map_or(lc.line, |ins| idx.line_of(ins.range.start));
            println!(
                "{}:{}:{} @{} {} {} {}{}",
                name,
                lc.line + 1,
                lc.col + 1,
                ins_line + 1,
                d.code,
                d.severity.as_str(),
                d.message,
                if d.fixes.is_empty() { "" } else { " [fix]" }
            );
        }
    }
}

fn name_of(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn errors(text: &str) -> usize {
    dockls_syntax::parse(text)
        .errors
        .iter()
        .filter(|e| e.severity == dockls_syntax::Severity::Error)
        .count()
}

/// Applies every fix alone and reports the ones that add a syntax error or leave the
/// number of findings of their rule unchanged.
fn verify_fixes(
    name: &str,
    text: &str,
    settings: &Settings,
    diags: &[dockls_analysis::Diagnostic],
) {
    let before = errors(text);
    for d in diags.iter().filter(|d| d.code.starts_with("DK3")) {
        let count = diags.iter().filter(|x| x.code == d.code).count();
        for f in &d.fixes {
            let Some(after) = f.apply(text) else {
                println!("{name} {} {:?}: does not apply", d.code, f.title);
                continue;
            };
            if errors(&after) > before {
                println!("{name} {} {:?}: adds a syntax error", d.code, f.title);
            }
            let again = analyze(&after, settings, &NoFiles, None)
                .diagnostics
                .iter()
                .filter(|x| x.code == d.code)
                .count();
            if again >= count {
                println!(
                    "{name} {} {:?}: findings {count} -> {again}",
                    d.code, f.title
                );
            }
        }
    }
}

/// Prints each finding of one file with its fixes applied, as changed lines.
fn show(file: &str, codes: &[String]) {
    let Ok(text) = std::fs::read_to_string(file) else {
        return;
    };
    let settings = Settings {
        select: Some(if codes.is_empty() {
            vec!["shell".to_string()]
        } else {
            codes.to_vec()
        }),
        preview: true,
        ..Default::default()
    };
    let a = analyze(&text, &settings, &NoFiles, None);
    for d in &a.diagnostics {
        let lc = a.dockerfile.line_index.line_col(d.range.start);
        println!("{}:{} {} {}", lc.line + 1, lc.col + 1, d.code, d.message);
        for f in &d.fixes {
            println!("  fix {:?} ({:?})", f.title, f.applicability);
            let Some(after) = f.apply(&text) else {
                continue;
            };
            let a_lines: Vec<&str> = text.lines().collect();
            let b_lines: Vec<&str> = after.lines().collect();
            let mut s = 0;
            while s < a_lines.len() && s < b_lines.len() && a_lines[s] == b_lines[s] {
                s += 1;
            }
            let (mut ea, mut eb) = (a_lines.len(), b_lines.len());
            while ea > s && eb > s && a_lines[ea - 1] == b_lines[eb - 1] {
                ea -= 1;
                eb -= 1;
            }
            for l in &a_lines[s..ea] {
                println!("    - {l}");
            }
            for l in &b_lines[s..eb] {
                println!("    + {l}");
            }
        }
    }
}

/// Analyses every prefix (cut every few bytes) of each file and reports rule failures.
fn truncations(dirs: &[String]) {
    let dir = dirs
        .first()
        .map_or("/work/shared/corpus/real", String::as_str);
    let settings = Settings {
        select: Some(vec!["shell".to_string()]),
        preview: true,
        ..Default::default()
    };
    let mut runs = 0usize;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let step = (text.len() / 60).max(1);
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let part = &text[..cut];
                runs += 1;
                for d in analyze(part, &settings, &NoFiles, None).diagnostics {
                    if d.message.starts_with("internal error") {
                        println!("{} at {cut}: {}", e.path().display(), d.message);
                    }
                }
            }
            cut += step;
        }
    }
    println!("{runs} prefixes analysed");
}
