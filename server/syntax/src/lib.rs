//! dockls-syntax: Dockerfiles read exactly as BuildKit reads them.
//!
//! [`parse`] never fails: it returns typed views of every instruction plus the syntax
//! problems BuildKit would report. The tree-sitter tree ([`tree::SyntaxTree`]) is kept
//! for incremental reparsing and highlighting; it never decides validity, because the
//! grammar misreads many valid files. This crate knows nothing about LSP, configuration
//! or the file system.

pub mod ast;
pub mod directives;
pub mod errors;
pub mod flags;
pub mod image;
mod instruction;
pub mod lex;
pub mod logical;
pub mod mount;
mod reader;
pub mod shell;
mod shift;
mod stages;
pub mod text;
pub mod tree;
pub mod vars;

pub use ast::*;
pub use errors::{Severity, SyntaxError, SyntaxErrorKind};
pub use reader::{parse, reparse, reparse_with_changes, Changes};
pub use text::{LineCol, LineIndex, TextRange};

/// Checks whether a stage name is one BuildKit accepts (after lowercasing).
pub fn is_valid_stage_name(name: &str) -> bool {
    instruction::valid_stage_name(&name.to_ascii_lowercase())
}

/// Parses a heredoc marker word such as `<<-"EOF"`: `(fd, chomp, rest)`.
pub fn heredoc_marker(word: &str) -> Option<(Option<u32>, bool, &str)> {
    instruction::heredoc_marker(word)
}
