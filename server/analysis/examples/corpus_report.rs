//! Runs the practice, image and security rules over the real-world corpus.
//!
//! ```text
//! cargo run -p dockls-analysis --example corpus_report -- scan [CODES] [CORPUS_DIR]
//! cargo run -p dockls-analysis --example corpus_report -- report [CORPUS_DIR] > docs/reports/practice-rules-corpus.md
//! ```
//!
//! `scan` prints every hit as `file:line:col CODE message`. `report` writes the Markdown
//! report: hit counts per rule and a deterministic sample of hits, each with the verdict
//! recorded in `docs/reports/practice-rules-judgments.tsv` (tab-separated: file, line,
//! code, verdict, reason), so regenerating the report keeps the judgments.
//!
//! A `.dockerignore` in the corpus is stored next to its Dockerfile as
//! `owner__repo__dir__.dockerignore`; it is given to the rules as the context's
//! `.dockerignore`. For the other files the corpus does not say whether the project has
//! one, so `context-hygiene` (DK105) is only run where the corpus holds the ignore file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use dockls_analysis::{analyze, Diagnostic, MemoryFiles, Settings};

/// Rules covered by the report, with the settings note shown next to opt-in ones.
const RULES: &[&str] = &[
    "DK100", "DK101", "DK102", "DK103", "DK104", "DK105", "DK106", "DK107", "DK108", "DK200",
    "DK201", "DK202", "DK203", "DK500", "DK501",
];

/// The trusted registries used to exercise `untrusted-registry` (DK202), which is off
/// without configuration.
const SAMPLE_TRUSTED: &[&str] = &["docker.io", "mcr.microsoft.com", "gcr.io", "ghcr.io"];

const SAMPLES_PER_RULE: usize = 6;

struct Hit {
    file: String,
    line: usize,
    col: usize,
    code: &'static str,
    message: String,
    source_line: String,
}

fn corpus_dir(arg: Option<&String>) -> PathBuf {
    arg.map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus/real"))
}

fn dockerfiles(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            p.is_file() && n != "MANIFEST.tsv" && !n.ends_with(".dockerignore")
        })
        .collect();
    out.sort();
    out
}

/// The sibling `.dockerignore` of a corpus file, and the Dockerfile's own name.
fn project(path: &Path) -> (Option<String>, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (prefix, base) = match name.rfind("__") {
        Some(i) => (&name[..i + 2], &name[i + 2..]),
        None => ("", name.as_str()),
    };
    let ignore = path
        .parent()
        .map(|d| d.join(format!("{prefix}.dockerignore")))
        .and_then(|p| std::fs::read_to_string(p).ok());
    (ignore, base.to_string())
}

fn run(dir: &Path, codes: &[&str]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for path in dockerfiles(dir) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (ignore, base) = project(&path);
        let mut selected: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        let mut files = MemoryFiles::default();
        match &ignore {
            Some(content) => files = files.with(".dockerignore", content),
            None => selected.retain(|c| c != "DK105"),
        }
        if selected.is_empty() {
            continue;
        }
        let settings = Settings {
            select: Some(selected),
            preview: true,
            trusted_registries: SAMPLE_TRUSTED.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let analysis = analyze(&text, &settings, &files, Some(&base));
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for d in analysis.diagnostics {
            let d: Diagnostic = d;
            if !codes.contains(&d.code) {
                continue;
            }
            let lc = analysis.dockerfile.line_index.line_col(d.range.start);
            let source_line = analysis
                .dockerfile
                .line_index
                .line_range(lc.line, &text)
                .map(|r| r.of(&text).trim().to_string())
                .unwrap_or_default();
            hits.push(Hit {
                file: file.clone(),
                line: lc.line + 1,
                col: lc.col + 1,
                code: d.code,
                message: d.message,
                source_line,
            });
        }
    }
    hits
}

/// (file, line, code) -> (verdict, reason)
fn judgments(path: &Path) -> BTreeMap<(String, usize, String), (String, String)> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return out;
    };
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if let [file, l, code, verdict, reason, ..] = cols.as_slice() {
            if let Ok(n) = l.parse() {
                out.insert(
                    (file.to_string(), n, code.to_string()),
                    (verdict.to_string(), reason.to_string()),
                );
            }
        }
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n).collect();
        format!("{t}…")
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Evenly spaced samples, so the sample covers the whole alphabet of repositories.
fn sample<'a>(hits: &[&'a Hit], n: usize) -> Vec<&'a Hit> {
    if hits.len() <= n {
        return hits.to_vec();
    }
    (0..n).map(|i| hits[i * hits.len() / n]).collect()
}

fn report(dir: &Path, out: &mut impl Write) -> std::io::Result<()> {
    let all = run(dir, RULES);
    let files = dockerfiles(dir).len();
    let ignores = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".dockerignore"))
        .count();
    let judged = judgments(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/reports/practice-rules-judgments.tsv"
    )));
    writeln!(
        out,
        "# Practice, image and security rules on the real-world corpus"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Generated by `cargo run -p dockls-analysis --example corpus_report -- report > docs/reports/practice-rules-corpus.md`;"
    )?;
    writeln!(
        out,
        "verdicts come from `docs/reports/practice-rules-judgments.tsv` (edit that file, then regenerate)."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Corpus: {files} Dockerfiles and {ignores} `.dockerignore` files from `/work/shared/corpus/real`. All these rules run together, opt-in and preview rules included (so `secret-in-arg-env` leaves credential-shaped values to `hardcoded-credential`, as with the default settings). `untrusted-registry` (DK202) runs with `trusted-registries = {SAMPLE_TRUSTED:?}`; `context-hygiene` (DK105) only runs on the {ignores} directories whose `.dockerignore` the corpus holds, since for the others it cannot tell whether the project has one."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| code | rule | hits | files | sampled | right | wrong |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |")?;
    let mut sections = String::new();
    for code in RULES {
        let meta = dockls_analysis::registry::by_code(code);
        let name = meta.map_or("", |m| m.name);
        let hits: Vec<&Hit> = all.iter().filter(|h| h.code == *code).collect();
        let mut file_set: Vec<&str> = hits.iter().map(|h| h.file.as_str()).collect();
        file_set.dedup();
        let picked = sample(&hits, SAMPLES_PER_RULE);
        let mut right = 0;
        let mut wrong = 0;
        sections.push_str(&format!(
            "\n## {code} `{name}`: {} hits in {} files\n\n",
            hits.len(),
            file_set.len()
        ));
        if picked.is_empty() {
            sections.push_str("No hits.\n");
        } else {
            sections
                .push_str("| file:line | source | verdict | why |\n| --- | --- | --- | --- |\n");
        }
        for h in &picked {
            let key = (h.file.clone(), h.line, code.to_string());
            let (verdict, why) = judged
                .get(&key)
                .cloned()
                .unwrap_or_else(|| ("not judged".into(), String::new()));
            match verdict.as_str() {
                "right" => right += 1,
                "wrong" => wrong += 1,
                _ => {}
            }
            sections.push_str(&format!(
                "| `{}:{}` | `{}` | {} | {} |\n",
                h.file,
                h.line,
                md_cell(&truncate(&h.source_line, 70)),
                verdict,
                md_cell(&why)
            ));
        }
        if let Some(h) = picked.first() {
            sections.push_str(&format!(
                "\nExample message: {}\n",
                md_cell(&truncate(&h.message, 400))
            ));
        }
        writeln!(
            out,
            "| {code} | `{name}` | {} | {} | {} | {right} | {wrong} |",
            hits.len(),
            file_set.len(),
            picked.len()
        )?;
    }
    writeln!(out, "{sections}")?;
    if let Ok(notes) = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/reports/practice-rules-notes.md"
    )) {
        writeln!(out, "{}", notes.trim_end())?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.first().map(String::as_str) {
        Some("scan") => {
            let codes: Vec<&str> = match args.get(1) {
                Some(list) => list.split(',').collect(),
                None => RULES.to_vec(),
            };
            let codes: Vec<&str> = codes
                .into_iter()
                .filter_map(|c| RULES.iter().copied().find(|r| *r == c))
                .collect();
            for h in run(&corpus_dir(args.get(2)), &codes) {
                writeln!(
                    out,
                    "{}:{}:{} {} {}\n    | {}",
                    h.file,
                    h.line,
                    h.col,
                    h.code,
                    h.message,
                    truncate(&h.source_line, 120)
                )?;
            }
        }
        Some("report") => report(&corpus_dir(args.get(1)), &mut out)?,
        _ => {
            writeln!(
                out,
                "usage: corpus_report scan [CODES] [CORPUS_DIR] | report [CORPUS_DIR]"
            )?;
        }
    }
    Ok(())
}
