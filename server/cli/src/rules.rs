//! `dockls rules` and `dockls rule CODE`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dockls_analysis::registry;
use dockls_analysis::rule::{Fixable, RuleMeta, Status};

#[derive(Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

#[derive(Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "human")]
    format: RulesFormat,
}

pub fn json(m: &RuleMeta) -> serde_json::Value {
    serde_json::json!({
        "code": m.code,
        "name": m.name,
        "aliases": m.aliases(),
        "severity": m.severity.as_str(),
        "category": m.category.as_str(),
        "status": if m.status == Status::Stable { "stable" } else { "preview" },
        "default": m.default_enabled,
        "fixable": m.fixable != Fixable::No,
        "summary": m.summary(),
        "url": m.url(),
    })
}

pub fn list(args: RulesArgs) -> ExitCode {
    let metas = registry::all_meta();
    let mut out = std::io::stdout().lock();
    let result = match args.format {
        RulesFormat::Json => {
            let v: Vec<serde_json::Value> = metas.iter().map(|m| json(m)).collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )
        }
        RulesFormat::Human => {
            let mut r = writeln!(
                out,
                "{:<6} {:<36} {:<8} {:<5} {:<7} aliases",
                "code", "name", "severity", "fix", "default"
            );
            for m in metas {
                let fix = match m.fixable {
                    Fixable::No => "",
                    Fixable::Sometimes => "some",
                    Fixable::Always => "yes",
                };
                let default = match (m.default_enabled, m.status) {
                    (true, Status::Stable) => "on",
                    (_, Status::Preview) => "preview",
                    _ => "off",
                };
                r = r.and_then(|_| {
                    writeln!(
                        out,
                        "{:<6} {:<36} {:<8} {:<5} {:<7} {}",
                        m.code,
                        m.name,
                        m.severity.as_str(),
                        fix,
                        default,
                        m.aliases().join(", ")
                    )
                });
            }
            r
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// The rule's documentation as Markdown, with a header of its metadata.
pub fn markdown(m: &RuleMeta) -> String {
    let mut s = format!("# {} {}\n\n", m.code, m.name);
    s.push_str(&format!(
        "- Category: {}\n- Default severity: {}\n",
        m.category.as_str(),
        m.severity.as_str()
    ));
    s.push_str(&format!(
        "- Status: {}{}\n",
        if m.status == Status::Stable {
            "stable"
        } else {
            "preview"
        },
        if m.default_enabled {
            ""
        } else {
            ", off by default (select it to enable)"
        }
    ));
    let hadolint: Vec<String> = m
        .hadolint
        .iter()
        .chain(m.hadolint_also.iter())
        .map(|h| format!("`{h}`"))
        .collect();
    if !hadolint.is_empty() {
        s.push_str(&format!("- hadolint: {}\n", hadolint.join(", ")));
    }
    if let Some(b) = m.buildkit {
        s.push_str(&format!(
            "- BuildKit check: `{b}` ({})\n",
            m.buildkit_url().unwrap_or_default()
        ));
    }
    s.push('\n');
    s.push_str(&dockls_analysis::rule::markdown(m.docs));
    s.push('\n');
    s
}

pub fn show(name: &str) -> ExitCode {
    match registry::lookup(name) {
        Some(m) => {
            let _ = write!(std::io::stdout().lock(), "{}", markdown(m));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("dockls: no rule named {name:?}; `dockls rules` lists them");
            ExitCode::from(2)
        }
    }
}
