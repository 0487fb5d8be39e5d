//! Typed views of a Dockerfile: instructions, their flags and arguments, heredocs,
//! stages and directives. Every position is a byte range into the original text.

use crate::image::ImageRef;
use crate::logical::LogicalText;
use crate::shell::ShellScript;
use crate::text::TextRange;
use crate::vars::Modifier;

/// The 18 Dockerfile instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Case-insensitive lookup.
    pub fn parse(word: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
        }
    }

    /// Instructions whose arguments the builder expands (`$VAR` is replaced at build time).
    pub const fn expands_variables(self) -> bool {
        matches!(
            self,
            Keyword::Add
                | Keyword::Copy
                | Keyword::Env
                | Keyword::Expose
                | Keyword::From
                | Keyword::Label
                | Keyword::Stopsignal
                | Keyword::User
                | Keyword::Volume
                | Keyword::Workdir
                | Keyword::Arg
                | Keyword::Onbuild
        )
    }

    /// Instructions that may carry heredocs.
    pub const fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

/// A variable reference with positions in the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    pub name_range: TextRange,
    pub range: TextRange,
    pub braced: bool,
    pub modifier: Option<Modifier>,
    /// The modifier's word (default value, pattern, ...).
    pub word_range: Option<TextRange>,
}

/// One argument word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub range: TextRange,
    /// As written (continuations removed, quotes and escapes kept).
    pub raw: String,
    /// With quotes and escapes removed; variable references are left as written.
    pub value: String,
    /// Variable references inside the word, when the builder expands this word.
    pub vars: Vec<VarRef>,
}

impl Word {
    pub fn has_vars(&self) -> bool {
        !self.vars.is_empty()
    }
}

/// A `--name[=value]` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub range: TextRange,
    /// The name without the leading dashes, as written.
    pub name: String,
    pub name_range: TextRange,
    /// `None` for `--link`, `Some` (maybe empty) for `--link=...`.
    pub value: Option<Word>,
}

impl Flag {
    pub fn value_str(&self) -> Option<&str> {
        self.value.as_ref().map(|v| v.value.as_str())
    }

    /// Parses a `--mount` value into its options.
    pub fn mount(&self) -> Option<crate::mount::Mount> {
        if self.name != "mount" {
            return None;
        }
        self.value.as_ref().map(crate::mount::Mount::parse)
    }
}

/// The argument form of RUN, CMD, ENTRYPOINT, SHELL and `HEALTHCHECK CMD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandForm {
    /// A JSON array of strings: run without a shell.
    Exec { range: TextRange, items: Vec<Word> },
    /// Anything else: run by the stage's shell.
    Shell(ShellText),
}

impl CommandForm {
    pub fn range(&self) -> TextRange {
        match self {
            CommandForm::Exec { range, .. } => *range,
            CommandForm::Shell(s) => s.range,
        }
    }

    pub fn is_exec(&self) -> bool {
        matches!(self, CommandForm::Exec { .. })
    }

    /// The arguments as one string (exec items joined by spaces).
    pub fn text(&self) -> String {
        match self {
            CommandForm::Exec { items, .. } => items
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            CommandForm::Shell(s) => s.text.clone(),
        }
    }
}

/// Shell-form command text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellText {
    /// The whole text, from its first to its last character in the original.
    pub range: TextRange,
    /// The joined text the shell receives (continuations and comment lines removed).
    pub text: String,
    /// The original byte ranges that make up `text`, in order.
    pub pieces: Vec<TextRange>,
    /// Starts with `[` but is not valid JSON (e.g. single quotes): runs as shell form.
    pub invalid_json: bool,
}

/// `KEY=value` in ENV, LABEL and ARG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub range: TextRange,
    pub key: Word,
    /// `None` for `ARG NAME` without a default.
    pub value: Option<Word>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromArgs {
    pub image: Option<Word>,
    /// The parsed image reference (when `image` has no variables, or after defaults).
    pub image_ref: Option<ImageRef>,
    pub as_keyword: Option<Word>,
    pub name: Option<Word>,
    /// Words past the third, which make the instruction invalid.
    pub extra: Vec<Word>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyArgs {
    pub sources: Vec<Word>,
    pub dest: Option<Word>,
    /// The arguments were written as a JSON array.
    pub json: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthcheckArgs {
    None {
        keyword: Word,
        extra: Vec<Word>,
    },
    Cmd {
        keyword: Word,
        command: Option<CommandForm>,
    },
    /// A type other than CMD or NONE.
    Unknown {
        keyword: Word,
    },
    Missing,
}

/// The typed arguments of an instruction.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    From(FromArgs),
    Run(Option<CommandForm>),
    Cmd(Option<CommandForm>),
    Entrypoint(Option<CommandForm>),
    Shell(Option<CommandForm>),
    Copy(CopyArgs),
    Add(CopyArgs),
    Env { pairs: Vec<KeyValue>, legacy: bool },
    Label { pairs: Vec<KeyValue>, legacy: bool },
    Arg(Vec<KeyValue>),
    Expose(Vec<Word>),
    Volume { paths: Vec<Word>, json: bool },
    User(Option<Word>),
    Workdir(Option<Word>),
    Stopsignal(Option<Word>),
    Maintainer(Option<Word>),
    Healthcheck(HealthcheckArgs),
    Onbuild(Option<Box<Instruction>>),
    Unknown,
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The `<<WORD` marker in the instruction line.
    pub marker_range: TextRange,
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub chomp: bool,
    /// Unquoted word: the builder expands variables in the body (COPY/ADD).
    pub expand: bool,
    pub fd: Option<u32>,
    /// The body lines, each with its line ending.
    pub body: TextRange,
    /// The terminator line's content, or `None` when the heredoc never ends.
    pub terminator: Option<TextRange>,
}

impl Heredoc {
    /// The body as the builder sees it (leading tabs stripped for `<<-`).
    pub fn content(&self, text: &str) -> String {
        let body = self.body.of(text);
        if !self.chomp {
            return body.to_string();
        }
        body.split_inclusive('\n')
            .map(|l| l.trim_start_matches('\t'))
            .collect()
    }

    /// The first line of the body when it is a shebang (`#!...`).
    pub fn shebang<'t>(&self, text: &'t str) -> Option<&'t str> {
        let body = self.body.of(text);
        let first = body
            .split('\n')
            .next()?
            .trim_start_matches('\t')
            .trim_end_matches('\r');
        first.starts_with("#!").then_some(first)
    }
}

/// One instruction with its typed view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// From the keyword to the end of the last line (heredoc terminators included).
    pub range: TextRange,
    /// The instruction's own lines (heredoc bodies excluded).
    pub header: TextRange,
    pub keyword_range: TextRange,
    /// The keyword as written (case preserved).
    pub keyword_text: String,
    /// `None` for an unknown instruction.
    pub keyword: Option<Keyword>,
    pub flags: Vec<Flag>,
    /// Everything after the flags (empty range when there are no arguments).
    pub args_range: TextRange,
    pub args_text: String,
    pub body: Body,
    pub heredocs: Vec<Heredoc>,
    /// Indices into [`Dockerfile::comments`] of the comment block right above.
    pub comments: std::ops::Range<usize>,
    /// Whitespace-only lines inside the continued instruction.
    pub empty_continuation_lines: Vec<TextRange>,
    /// Comment lines inside the continued instruction (dropped by the builder).
    pub inner_comments: Vec<TextRange>,
    pub logical: LogicalText,
    /// The shell view of a shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK command, when
    /// the stage's shell is POSIX.
    pub shell: Option<ShellScript>,
}

impl Instruction {
    pub fn is(&self, k: Keyword) -> bool {
        self.keyword == Some(k)
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The instruction wrapped by ONBUILD, or the instruction itself.
    pub fn effective(&self) -> &Instruction {
        match &self.body {
            Body::Onbuild(Some(inner)) => inner,
            _ => self,
        }
    }

    /// The command of RUN, CMD, ENTRYPOINT, SHELL or `HEALTHCHECK CMD`.
    pub fn command(&self) -> Option<&CommandForm> {
        match &self.body {
            Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => c.as_ref(),
            Body::Healthcheck(HealthcheckArgs::Cmd { command, .. }) => command.as_ref(),
            _ => None,
        }
    }

    /// Every word of the arguments that the builder expands, for variable lookups.
    pub fn words(&self) -> Vec<&Word> {
        let mut out: Vec<&Word> = self.flags.iter().filter_map(|f| f.value.as_ref()).collect();
        match &self.body {
            Body::From(f) => out.extend(
                f.image
                    .iter()
                    .chain(f.as_keyword.iter())
                    .chain(f.name.iter())
                    .chain(f.extra.iter()),
            ),
            Body::Copy(c) | Body::Add(c) => out.extend(c.sources.iter().chain(c.dest.iter())),
            Body::Env { pairs, .. } | Body::Label { pairs, .. } | Body::Arg(pairs) => {
                for p in pairs {
                    out.push(&p.key);
                    out.extend(p.value.iter());
                }
            }
            Body::Expose(ws) | Body::Volume { paths: ws, .. } => out.extend(ws.iter()),
            Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
                out.extend(w.iter())
            }
            Body::Run(Some(CommandForm::Exec { items, .. }))
            | Body::Cmd(Some(CommandForm::Exec { items, .. }))
            | Body::Entrypoint(Some(CommandForm::Exec { items, .. }))
            | Body::Shell(Some(CommandForm::Exec { items, .. })) => out.extend(items.iter()),
            Body::Healthcheck(HealthcheckArgs::None { keyword, extra }) => {
                out.push(keyword);
                out.extend(extra.iter());
            }
            Body::Healthcheck(HealthcheckArgs::Cmd { keyword, command }) => {
                out.push(keyword);
                if let Some(CommandForm::Exec { items, .. }) = command {
                    out.extend(items.iter());
                }
            }
            _ => {}
        }
        out
    }

    /// The heredoc whose marker or body contains `offset`.
    pub fn heredoc_at(&self, offset: usize) -> Option<&Heredoc> {
        self.heredocs
            .iter()
            .find(|h| h.marker_range.touches(offset) || h.body.contains(offset))
    }

    /// Whether `offset` lies in a heredoc body of this instruction.
    pub fn in_heredoc_body(&self, offset: usize) -> bool {
        self.heredocs
            .iter()
            .any(|h| h.body.contains(offset) || h.terminator.is_some_and(|t| t.touches(offset)))
    }
}

/// A parser directive from the top of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub range: TextRange,
    /// Lowercased.
    pub name: String,
    pub name_range: TextRange,
    pub value: String,
    pub value_range: TextRange,
}

/// A comment line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From `#` to the end of the line's content.
    pub range: TextRange,
    /// The text after `#`, trimmed.
    pub text: String,
    /// The line is a parser directive.
    pub directive: bool,
    /// The line is inside a continued instruction.
    pub inside_instruction: bool,
}

/// What a stage is built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// `scratch`.
    Scratch,
    /// An earlier stage of this file.
    Stage(usize),
    /// An image reference (possibly with variables).
    Image(ImageRef),
    /// A reference that cannot be parsed (or is missing).
    Unknown,
}

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction.
    pub from: usize,
    /// Instruction indices of the stage, FROM included.
    pub instructions: std::ops::Range<usize>,
    /// Lowercased name from `AS name`.
    pub name: Option<String>,
    pub name_range: Option<TextRange>,
    pub base: Base,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dockerfile {
    pub text: String,
    pub line_index: crate::text::LineIndex,
    /// `\` or `` ` ``.
    pub escape: char,
    pub bom: bool,
    pub directives: Vec<Directive>,
    pub comments: Vec<Comment>,
    pub instructions: Vec<Instruction>,
    pub stages: Vec<Stage>,
    /// Lowercased stage name to the index of the first stage with that name.
    pub stage_names: std::collections::HashMap<String, usize>,
    pub errors: Vec<crate::errors::SyntaxError>,
    /// The shell each instruction's shell view was read with (`None` before the first FROM).
    pub(crate) shells: Vec<Option<std::sync::Arc<crate::shell::ShellKind>>>,
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// Instructions before the first FROM (global ARGs).
    pub fn globals(&self) -> &[Instruction] {
        let end = self
            .stages
            .first()
            .map_or(self.instructions.len(), |s| s.from);
        self.instructions.get(..end).unwrap_or(&[])
    }

    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
    }

    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        // Stages are in order and their instruction ranges do not overlap.
        let i = self
            .stages
            .partition_point(|s| s.instructions.end <= instruction);
        self.stages
            .get(i)
            .filter(|s| s.instructions.contains(&instruction))
    }

    /// The first stage with this name (case-insensitive).
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        let i = match self.stage_names.get(name) {
            Some(i) => *i,
            None => *self.stage_names.get(&name.to_ascii_lowercase())?,
        };
        self.stages.get(i)
    }

    /// The index of the instruction whose range contains `offset`.
    pub fn instruction_at(&self, offset: usize) -> Option<usize> {
        let i = self
            .instructions
            .partition_point(|ins| ins.range.end < offset);
        self.instructions
            .get(i)
            .filter(|ins| ins.range.touches(offset))
            .map(|_| i)
    }

    /// The last stage: the image that `docker build` produces without `--target`.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Stages whose lineage (FROM <stage> chain) includes `stage`, itself first.
    pub fn lineage(&self, stage: usize) -> Vec<usize> {
        let mut out = vec![stage];
        let mut cur = stage;
        while let Some(Base::Stage(parent)) = self.stages.get(cur).map(|s| &s.base) {
            // A stage is only ever built from an earlier one, so this ends; the check keeps
            // it so for a hand-made `Dockerfile` too (a linear scan for cycles made long
            // chains cubic).
            if *parent >= cur {
                break;
            }
            out.push(*parent);
            cur = *parent;
        }
        out
    }

    pub fn has_errors(&self) -> bool {
        self.errors
            .iter()
            .any(|e| e.severity == crate::errors::Severity::Error)
    }
}
