//! dockls-project: everything dockls reads from disk. Dockerfile names, decoding bytes to
//! text, project files next to a Dockerfile (sandboxed to its directory tree), and
//! configuration discovery. The analysis crate sees files only through
//! [`dockls_analysis::ProjectFiles`], implemented here by [`FsFiles`].

pub mod config;
mod decode;
mod files;
mod names;
pub mod settings;

pub use decode::{decode, Decoded};
pub use files::FsFiles;
pub use names::{is_dockerfile_name, is_template_name, walk};
