//! What a rule sees: the parsed document, the settings, the project's files (through a
//! trait, so analysis stays free of IO) and a semantic model computed on demand.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use dockls_syntax::{Dockerfile, Instruction, Keyword, Stage};

use crate::semantic::Semantic;
use crate::settings::Settings;

/// Read access to files next to the Dockerfile (its directory is the build context unless
/// the caller knows better). Paths are relative, `/`-separated.
pub trait ProjectFiles: Sync + Send {
    fn read(&self, path: &str) -> Option<String>;

    fn exists(&self, path: &str) -> bool {
        self.read(path).is_some()
    }
}

/// No project files (stdin, unsaved buffers, tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoFiles;

impl ProjectFiles for NoFiles {
    fn read(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Files held in memory (tests, and the server's view of open documents).
#[derive(Debug, Default, Clone)]
pub struct MemoryFiles(pub HashMap<String, String>);

impl MemoryFiles {
    pub fn with(mut self, path: &str, content: &str) -> Self {
        self.0.insert(path.to_string(), content.to_string());
        self
    }
}

impl ProjectFiles for MemoryFiles {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

/// Project files as a fix leaves them: `base` with the fix's changes to other files
/// (a created `.dockerignore`, an edited manifest) applied on top.
pub struct Overlay<'a> {
    base: &'a dyn ProjectFiles,
    changed: std::collections::HashMap<String, String>,
}

impl<'a> Overlay<'a> {
    /// `Err` says which change does not apply (an edit of a file that does not exist, or
    /// edits that do not fit it).
    pub fn new(
        base: &'a dyn ProjectFiles,
        changes: &[crate::diagnostic::FileChange],
    ) -> Result<Self, String> {
        use crate::diagnostic::FileChange;
        let mut changed = std::collections::HashMap::new();
        for c in changes {
            match c {
                FileChange::Create { path, content } => {
                    changed.insert(path.clone(), content.clone());
                }
                FileChange::Edit { path, edits } => {
                    let old = changed
                        .get(path)
                        .cloned()
                        .or_else(|| base.read(path))
                        .ok_or_else(|| format!("edits {path}, which does not exist"))?;
                    let new = crate::diagnostic::apply_edits(&old, edits)
                        .ok_or_else(|| format!("edits to {path} do not apply"))?;
                    changed.insert(path.clone(), new);
                }
            }
        }
        Ok(Self { base, changed })
    }
}

impl ProjectFiles for Overlay<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.changed
            .get(path)
            .cloned()
            .or_else(|| self.base.read(path))
    }
}

/// An instruction as rules visit it: top-level, or wrapped by ONBUILD.
#[derive(Clone, Copy)]
pub struct InstructionRef<'a> {
    /// Index in [`Dockerfile::instructions`] of the top-level instruction.
    pub index: usize,
    /// The instruction to inspect (the inner one for ONBUILD).
    pub ins: &'a Instruction,
    /// The top-level instruction (ONBUILD itself when wrapped).
    pub outer: &'a Instruction,
    pub onbuild: bool,
    /// The stage it belongs to (none before the first FROM).
    pub stage: Option<&'a Stage>,
}

/// Everything a rule needs to check one document.
pub struct Context<'a> {
    pub df: &'a Dockerfile,
    pub settings: &'a Settings,
    pub files: &'a dyn ProjectFiles,
    /// The Dockerfile's file name (e.g. `Dockerfile`, `api.Dockerfile`), when known.
    pub file_name: Option<&'a str>,
    by_keyword: OnceLock<HashMap<Keyword, Vec<usize>>>,
    semantic: OnceLock<Semantic>,
    /// Per instruction: whether the rule running now must look at it (incremental runs).
    wanted: [Option<Vec<bool>>; 2],
    /// Which of `wanted` applies to the rule running now: 0 none (every instruction).
    filter: AtomicU8,
}

/// Which instructions a rule run must cover (see [`Context::wants`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    All = 0,
    /// The instructions an edit changed.
    Changed = 1,
    /// The instructions of the stages an edit touched and of the stages related to them.
    Stages = 2,
}

impl<'a> Context<'a> {
    pub fn new(
        df: &'a Dockerfile,
        settings: &'a Settings,
        files: &'a dyn ProjectFiles,
        file_name: Option<&'a str>,
    ) -> Self {
        Self {
            df,
            settings,
            files,
            file_name,
            by_keyword: OnceLock::new(),
            semantic: OnceLock::new(),
            wanted: [None, None],
            filter: AtomicU8::new(Want::All as u8),
        }
    }

    /// Sets the instructions an incremental run covers: those an edit changed, and those
    /// of the stages it touched (with the stages related to them).
    pub(crate) fn set_wanted(&mut self, changed: Vec<bool>, stages: Vec<bool>) {
        self.wanted = [Some(changed), Some(stages)];
    }

    /// Selects which instructions the next rule covers.
    pub(crate) fn want(&self, w: Want) {
        self.filter.store(w as u8, Ordering::Relaxed);
    }

    /// Whether the rule running now must report on instruction `index`. Always true,
    /// except when the engine re-runs a rule after an edit: then only the instructions
    /// the rule's [`crate::rule::Scope`] says can have new findings are wanted, and the
    /// findings on the others are kept from the previous run.
    pub fn wants(&self, index: usize) -> bool {
        let slot = match self.filter.load(Ordering::Relaxed) {
            1 => &self.wanted[0],
            2 => &self.wanted[1],
            _ => return true,
        };
        slot.as_ref()
            .is_none_or(|w| w.get(index).copied().unwrap_or(true))
    }

    pub fn text(&self) -> &'a str {
        &self.df.text
    }

    pub fn semantic(&self) -> &Semantic {
        self.semantic.get_or_init(|| Semantic::new(self.df))
    }

    fn index(&self) -> &HashMap<Keyword, Vec<usize>> {
        self.by_keyword.get_or_init(|| {
            let mut map: HashMap<Keyword, Vec<usize>> = HashMap::new();
            for (i, ins) in self.df.instructions.iter().enumerate() {
                if let Some(k) = ins.keyword {
                    map.entry(k).or_default().push(i);
                }
                if let Some(inner) = match &ins.body {
                    dockls_syntax::Body::Onbuild(Some(inner)) => inner.keyword,
                    _ => None,
                } {
                    if Some(inner) != ins.keyword {
                        map.entry(inner).or_default().push(i);
                    }
                }
            }
            map
        })
    }

    /// Top-level instructions of one kind, in order (those [`Context::wants`]).
    pub fn each(&self, keyword: Keyword) -> impl Iterator<Item = InstructionRef<'a>> + '_ {
        self.each_with_onbuild(keyword).filter(|r| !r.onbuild)
    }

    /// Instructions of one kind, including those wrapped by ONBUILD (those
    /// [`Context::wants`]).
    pub fn each_with_onbuild(
        &self,
        keyword: Keyword,
    ) -> impl Iterator<Item = InstructionRef<'a>> + '_ {
        let df = self.df;
        self.index()
            .get(&keyword)
            .into_iter()
            .flatten()
            .filter(move |&&i| self.wants(i))
            .filter_map(move |&i| {
                let outer = df.instructions.get(i)?;
                let stage = df.stage_of(i);
                if outer.keyword == Some(keyword) {
                    Some(InstructionRef {
                        index: i,
                        ins: outer,
                        outer,
                        onbuild: false,
                        stage,
                    })
                } else {
                    let inner = match &outer.body {
                        dockls_syntax::Body::Onbuild(Some(inner))
                            if inner.keyword == Some(keyword) =>
                        {
                            inner
                        }
                        _ => return None,
                    };
                    Some(InstructionRef {
                        index: i,
                        ins: inner,
                        outer,
                        onbuild: true,
                        stage,
                    })
                }
            })
    }

    /// All top-level instructions with their stage (those [`Context::wants`]).
    pub fn all(&self) -> impl Iterator<Item = InstructionRef<'a>> + '_ {
        let df = self.df;
        df.instructions
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.wants(*i))
            .map(move |(i, ins)| InstructionRef {
                index: i,
                ins,
                outer: ins,
                onbuild: false,
                stage: df.stage_of(i),
            })
    }
}
