//! What a rule is: its metadata (code, name, aliases, severity, documentation) and the
//! check it runs.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Fix, Related, Severity, Tag};
use dockls_syntax::TextRange;

/// Where a rule's topic belongs; also selects rules (`select = ["practice"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The file does not build (BuildKit rejects it) or builds something unintended.
    Syntax,
    /// Production image design: stages, layers, users, health checks, build context.
    Practice,
    /// Base images: tags, digests, registries, platforms.
    Image,
    /// Commands inside RUN: package managers, downloads, shell usage.
    Shell,
    /// Instruction correctness and style (most BuildKit checks live here).
    Instruction,
    /// Secrets and privileges.
    Security,
    /// Suppression comments and configuration.
    Meta,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Practice => "practice",
            Category::Image => "image",
            Category::Shell => "shell",
            Category::Instruction => "instruction",
            Category::Security => "security",
            Category::Meta => "meta",
        }
    }
}

/// Stable rules run by default; preview rules only with `preview = true` or when selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Stable,
    Preview,
}

/// Whether the rule offers fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fixable {
    No,
    Sometimes,
    Always,
}

/// Everything about a rule except its check.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `DK104`. Codes are never reused.
    pub code: &'static str,
    /// kebab-case name, e.g. `root-user`.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub status: Status,
    pub fixable: Fixable,
    /// The hadolint ID this rule matches (e.g. `DL3002`).
    pub hadolint: Option<&'static str>,
    /// Further hadolint IDs this one rule also covers (e.g. hadolint's per-instruction
    /// DL4003/DL4004/DL3012 all answer to BuildKit's MultipleInstructionsDisallowed).
    pub hadolint_also: &'static [&'static str],
    /// The BuildKit check this rule matches (e.g. `JSONArgsRecommended`).
    pub buildkit: Option<&'static str>,
    /// Off unless selected (opt-in rules, like hadolint's `ignore`-level ones).
    pub default_enabled: bool,
    /// The rule's documentation: its doc comment, in Markdown.
    pub docs: &'static str,
}

impl RuleMeta {
    /// The hadolint ID and BuildKit name this rule answers to.
    pub fn aliases(&self) -> Vec<&'static str> {
        self.hadolint
            .into_iter()
            .chain(self.hadolint_also.iter().copied())
            .chain(self.buildkit)
            .collect()
    }

    /// Whether `name` (a code, kebab name or alias, any case) names this rule.
    pub fn answers_to(&self, name: &str) -> bool {
        let n = name.trim();
        n.eq_ignore_ascii_case(self.code)
            || n.eq_ignore_ascii_case(self.name)
            || self.hadolint.is_some_and(|h| n.eq_ignore_ascii_case(h))
            || self.hadolint_also.iter().any(|h| n.eq_ignore_ascii_case(h))
            || self.buildkit.is_some_and(|b| n.eq_ignore_ascii_case(b))
    }

    /// The first sentence of "What it does".
    pub fn summary(&self) -> String {
        let body = section(self.docs, "What it does").unwrap_or_default();
        let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
        match flat.find(". ") {
            Some(i) => flat[..=i].to_string(),
            None => flat,
        }
    }

    /// Where the rule's documentation lives.
    pub fn url(&self) -> String {
        format!(
            "https://github.com/dockls/dockls/blob/main/docs/rules/{}.md",
            self.code
        )
    }

    /// BuildKit's documentation page for the matching check, if any.
    pub fn buildkit_url(&self) -> Option<String> {
        let name = self.buildkit?;
        let mut kebab = String::new();
        let chars: Vec<char> = name.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if c.is_ascii_uppercase() {
                let prev_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
                if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                    kebab.push('-');
                }
                kebab.push(c.to_ascii_lowercase());
            } else {
                kebab.push(*c);
            }
        }
        Some(format!(
            "https://docs.docker.com/go/dockerfile/rule/{kebab}/"
        ))
    }
}

/// Doc comments reach the macro with one leading space per line; this removes it.
pub fn markdown(docs: &str) -> String {
    docs.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of a `## Title` section of a rule's docs.
pub fn section(docs: &str, title: &str) -> Option<String> {
    let docs = markdown(docs);
    let marker = format!("## {title}");
    let start = docs.find(&marker)? + marker.len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

/// The fenced code blocks of a docs section.
pub fn code_blocks(section: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = section.lines();
    while let Some(l) = lines.next() {
        if l.trim_start().starts_with("```") {
            let mut block = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                block.push_str(l);
                block.push('\n');
            }
            out.push(block);
        }
    }
    out
}

/// What a rule's findings depend on. After an edit the engine runs a rule again only
/// where its findings can have changed ([`Context::wants`]) and keeps the others, so a
/// scope must be honest: `tests/incremental.rs` compares incremental and fresh analyses
/// after random edits of real files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anything in the file, or the project's files: always run on the whole file.
    File,
    /// The findings inside an instruction depend only on that instruction, the other
    /// instructions of its stage and of the stages connected to it by `FROM <stage>`
    /// links (its tree of stages), the global ARGs, the stage structure (stages, names,
    /// bases, `--from` references, and so which stages ship), settings, file name and
    /// parser directives; never on the project's files, nor on line numbers (a message
    /// naming a line changes when lines are added above).
    Stage,
    /// The findings depend only on the stage structure: the FROM instructions, the
    /// global ARGs, the `--from` references (`COPY --from`, `RUN --mount=from=`), and the
    /// instructions holding them; settings, file name and parser directives; never on
    /// the project's files. An edit elsewhere leaves them as they are.
    Structure,
    /// The findings inside an instruction depend only on that instruction (its text,
    /// typed view and shell view), settings, file name and parser directives.
    Instruction,
}

/// A lint rule.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    /// Reports findings for the document in `cx`. A rule with a [`Scope`] narrower than
    /// the file reports every finding inside the instruction it is about, and may skip
    /// the instructions that [`Context::wants`] does not want (`cx.each`, `cx.all` and
    /// the shell rules' `runs` already skip them).
    fn check(&self, cx: &Context<'_>, out: &mut Sink<'_>);
    /// What the findings depend on; see [`Scope`].
    fn scope(&self) -> Scope {
        Scope::File
    }
}

/// Collects one rule's findings.
pub struct Sink<'a> {
    meta: &'static RuleMeta,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(meta: &'static RuleMeta, out: &'a mut Vec<Diagnostic>) -> Self {
        Self { meta, out }
    }

    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    /// Reports a finding at the rule's default severity; returns it for adding fixes.
    pub fn report(&mut self, range: TextRange, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: self.meta.code,
            range,
            severity: self.meta.severity,
            message: message.into(),
            fixes: Vec::new(),
            related: Vec::new(),
            tags: Vec::new(),
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

impl Diagnostic {
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fixes.push(fix);
        self
    }

    pub fn related(&mut self, range: TextRange, message: impl Into<String>) -> &mut Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn tag(&mut self, tag: Tag) -> &mut Self {
        self.tags.push(tag);
        self
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}

/// Declares a rule: a unit struct whose doc comment is the rule's documentation, plus its
/// metadata as the associated const `META`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            category: $cat:ident,
            severity: $sev:ident,
            status: $status:ident,
            fixable: $fix:ident,
            hadolint: $hl:expr,
            buildkit: $bk:expr,
            default_enabled: $en:expr
            $(, hadolint_also: $also:expr)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $kebab,
                category: $crate::rule::Category::$cat,
                severity: $crate::diagnostic::Severity::$sev,
                status: $crate::rule::Status::$status,
                fixable: $crate::rule::Fixable::$fix,
                hadolint: $hl,
                hadolint_also: $crate::declare_rule!(@also $($also)?),
                buildkit: $bk,
                default_enabled: $en,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
    (@also) => { &[] };
    (@also $also:expr) => { $also };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildkit_urls() {
        let meta = RuleMeta {
            code: "X",
            name: "x",
            category: Category::Instruction,
            severity: Severity::Warning,
            status: Status::Stable,
            fixable: Fixable::No,
            hadolint: None,
            hadolint_also: &[],
            buildkit: Some("JSONArgsRecommended"),
            default_enabled: true,
            docs: "",
        };
        assert_eq!(
            meta.buildkit_url().as_deref(),
            Some("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/")
        );
        let m2 = RuleMeta {
            buildkit: Some("FromPlatformFlagConstDisallowed"),
            ..meta
        };
        assert_eq!(
            m2.buildkit_url().as_deref(),
            Some("https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/")
        );
    }
}
