//! Signature help: an instruction's forms with the argument under the cursor highlighted.

use dockls_syntax::flags::flags_for;
use dockls_syntax::{Dockerfile, Keyword};

use super::at_cursor::{locate, InstrCtx, Place};
use super::docs;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// Byte offsets of the parameter inside the signature's label.
    pub start: usize,
    pub end: usize,
    pub documentation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub label: String,
    /// Markdown.
    pub documentation: String,
    pub parameters: Vec<Parameter>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    pub signatures: Vec<Signature>,
    pub active_signature: usize,
    pub active_parameter: Option<usize>,
}

/// What an argument placeholder means.
fn arg_doc(k: Keyword, param: &str) -> Option<&'static str> {
    let p = param.trim_matches(|c| c == '[' || c == ']' || c == '"' || c == ',');
    Some(match (k, p) {
        (_, "<image>[:<tag>|@<digest>") | (_, "<image>[:<tag>|@<digest>]") => {
            "The base image, a stage name, or `scratch`. Pin a tag (and a digest for reproducible builds)."
        }
        (_, "AS <name>") => "Names the stage for `FROM`, `COPY --from` and `RUN --mount=from=`.",
        (_, "<src>...") | (_, "<src>") => {
            "Files or directories to copy, relative to the build context (or to the `--from` source); wildcards allowed."
        }
        (_, "<dest>") => {
            "Destination in the image. Relative paths start at WORKDIR; end it with `/` when copying several sources."
        }
        (Keyword::Healthcheck, "<command>") => "The check command; exit code 0 means healthy.",
        (_, "<command>") => "A command line run by the stage's shell (`/bin/sh -c` by default).",
        (_, "<executable>") => "The program to start, as an absolute path or a name found in PATH.",
        (_, "<param>") => "An argument passed to the program as is (no shell expansion).",
        (_, "<key>=<value>") => "A name and its value; quote values that contain spaces.",
        (Keyword::Env, "<key>") => "The variable name (legacy form: the rest of the line is the value).",
        (Keyword::Env, "<value>") => "The value: everything after the name.",
        (_, "<name>[=<default value>]") => "The argument's name and, optionally, the value used when `--build-arg` does not set it.",
        (_, "<port>[/<protocol>]") => "A port or range (`8000-8010`), optionally `/tcp` (default), `/udp` or `/sctp`.",
        (_, "<path>") => "An absolute path in the image.",
        (_, "<user>[:<group>]") => "A user name, optionally with a group name.",
        (_, "<uid>[:<gid>]") => "A numeric user id, optionally with a group id.",
        (_, "<signal>") => "A signal name such as `SIGTERM` or a number.",
        (_, "<name>") => "The author's name.",
        (_, "<INSTRUCTION>") => "The instruction to run in downstream builds.",
        (_, "CMD") => "Introduces the check command.",
        (_, "NONE") => "Disables the inherited health check.",
        _ => return None,
    })
}

/// Splits a signature label into its parameters: words at bracket depth 0 after the
/// keyword, and the elements of a JSON array.
fn parameters(k: Keyword, label: &str) -> Vec<Parameter> {
    let mut out = Vec::new();
    let bytes = label.as_bytes();
    let mut i = k.as_str().len();
    let flags = flags_for(k);
    while i < bytes.len() {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let mut depth = 0i32;
        while i < bytes.len() && !(bytes[i] == b' ' && depth == 0) {
            match bytes[i] {
                b'[' | b'<' => depth += 1,
                b']' | b'>' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        let word = &label[start..i];
        if word.starts_with("[\"") {
            // A JSON array: one parameter per quoted element.
            let mut j = start;
            while let Some(q) = label[j..i].find('"') {
                let s = j + q;
                let Some(e) = label[s + 1..i].find('"').map(|e| s + 1 + e + 1) else {
                    break;
                };
                out.push(Parameter {
                    start: s,
                    end: e,
                    documentation: arg_doc(k, &label[s + 1..e - 1]).map(str::to_string),
                });
                j = e;
            }
            continue;
        }
        let documentation = if let Some(flag) = word.strip_prefix("[--") {
            let name = flag.split(['=', ']']).next().unwrap_or("");
            flags
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.doc.to_string())
        } else if word == "[options]" {
            Some("Flags, as in the first form.".to_string())
        } else {
            arg_doc(k, word).map(str::to_string)
        };
        out.push(Parameter {
            start,
            end: i,
            documentation,
        });
    }
    out
}

fn signatures(k: Keyword) -> Vec<Signature> {
    let Some(d) = docs::instruction(k) else {
        return Vec::new();
    };
    d.syntax
        .iter()
        .map(|label| Signature {
            label: label.to_string(),
            documentation: format!("{}\n\n{}", d.summary, docs::reference_line(d.anchor)),
            parameters: parameters(k, label),
        })
        .collect()
}

fn is_flag_param(label: &str, p: &Parameter) -> bool {
    label[p.start..p.end].starts_with("[--") || &label[p.start..p.end] == "[options]"
}

/// Index of the JSON element the cursor is in, from the text of the argument so far.
fn json_element(args: &str) -> usize {
    let mut n = 0;
    let mut quote = false;
    let mut escaped = false;
    for c in args.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quote => escaped = true,
            '"' => quote = !quote,
            ',' if !quote => n += 1,
            _ => {}
        }
    }
    n
}

fn active(ctx: &InstrCtx<'_>, k: Keyword, sigs: &[Signature]) -> (usize, Option<usize>) {
    let tok = ctx.current();
    let args: Vec<&str> = ctx
        .words
        .iter()
        .skip(ctx.kw_index + 1 + ctx.flags_before().len())
        .map(|w| w.text.as_str())
        .collect();
    let first_arg = args.first().copied().unwrap_or("");
    let json = first_arg.starts_with('[');
    // Pick the form.
    let form = match k {
        Keyword::Healthcheck if first_arg.eq_ignore_ascii_case("NONE") => 1,
        Keyword::Env if args.len() > 1 && !first_arg.contains('=') => 1,
        Keyword::User if first_arg.starts_with(|c: char| c.is_ascii_digit()) => 1,
        Keyword::Run | Keyword::Copy | Keyword::Add | Keyword::Volume if json => {
            usize::from(k != Keyword::Volume)
        }
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell if json || args.is_empty() => 0,
        Keyword::Cmd => 2,
        Keyword::Entrypoint => 1,
        Keyword::Volume => 1,
        _ => 0,
    };
    let form = form.min(sigs.len().saturating_sub(1));
    let Some(sig) = sigs.get(form) else {
        return (0, None);
    };
    let params = &sig.parameters;
    let label = sig.label.as_str();
    // A flag being written.
    if ctx.in_flags() && tok.text.starts_with('-') {
        let name = tok.text.trim_start_matches('-');
        let name = name.split('=').next().unwrap_or(name);
        let found = params.iter().position(|p| {
            let t = &label[p.start..p.end];
            t.starts_with("[--") && !name.is_empty() && t[3..].starts_with(name)
        });
        let found = found.or_else(|| params.iter().position(|p| is_flag_param(label, p)));
        return (form, found);
    }
    let positional: Vec<usize> = (0..params.len())
        .filter(|&i| !is_flag_param(label, &params[i]))
        .collect();
    if positional.is_empty() {
        return (form, None);
    }
    let n = if json {
        let joined: Vec<&str> = args.to_vec();
        json_element(&joined.join(" "))
    } else {
        ctx.arg_index()
    };
    // A repeating parameter (`<src>...`) takes every argument but those after it.
    let rep = positional
        .iter()
        .position(|&i| label[params[i].start..params[i].end].ends_with("..."));
    let idx = match rep {
        Some(r) if n > r => (r + 1 + (n - r - 1)).min(positional.len() - 1),
        _ => n.min(positional.len() - 1),
    };
    (form, positional.get(idx).copied())
}

/// Signature help at `offset`.
pub fn signature_help(df: &Dockerfile, offset: usize) -> Option<SignatureHelp> {
    let offset = super::at_cursor::clamp(&df.text, offset);
    let cur = locate(df, offset);
    let Place::Instruction(ctx) = cur.place else {
        return None;
    };
    if ctx.onbuild && ctx.current_index() == ctx.kw_index {
        // `ONBUILD |`: the instruction to store.
        return Some(SignatureHelp {
            signatures: signatures(Keyword::Onbuild),
            active_signature: 0,
            active_parameter: Some(0),
        });
    }
    if ctx.current_index() <= ctx.kw_index {
        return None;
    }
    let k = ctx.keyword?;
    let sigs = signatures(k);
    if sigs.is_empty() {
        return None;
    }
    let (active_signature, active_parameter) = active(&ctx, k, &sigs);
    Some(SignatureHelp {
        signatures: sigs,
        active_signature,
        active_parameter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The active parameter's text.
    fn active_at(src: &str) -> Option<String> {
        let offset = src.find("$0").unwrap_or_else(|| panic!("no $0"));
        let text = src.replacen("$0", "", 1);
        let df = dockls_syntax::parse(&text);
        let h = signature_help(&df, offset)?;
        let sig = &h.signatures[h.active_signature];
        let p = &sig.parameters[h.active_parameter?];
        Some(sig.label[p.start..p.end].to_string())
    }

    #[test]
    fn parameters_of_labels() {
        let k = Keyword::Copy;
        let label = docs::instruction(k).map(|d| d.syntax[0]).unwrap_or("");
        let ps: Vec<&str> = parameters(k, label)
            .iter()
            .map(|p| &label[p.start..p.end])
            .collect();
        assert_eq!(
            ps,
            vec![
                "[--from=<stage>]",
                "[--chown=<user>:<group>]",
                "[--chmod=<perms>]",
                "[--link]",
                "[--parents]",
                "[--exclude=<path>]",
                "<src>...",
                "<dest>"
            ]
        );
        let label = "CMD [\"<executable>\", \"<param>\", ...]";
        let ps: Vec<&str> = parameters(Keyword::Cmd, label)
            .iter()
            .map(|p| &label[p.start..p.end])
            .collect();
        assert_eq!(ps, vec!["\"<executable>\"", "\"<param>\""]);
    }

    #[test]
    fn active_parameters() {
        assert_eq!(active_at("FROM a\nCOPY $0").as_deref(), Some("<src>..."));
        assert_eq!(
            active_at("FROM a\nCOPY --from=build a $0").as_deref(),
            Some("<dest>")
        );
        assert_eq!(
            active_at("FROM a\nCOPY --ch$0").as_deref(),
            Some("[--chown=<user>:<group>]")
        );
        assert_eq!(
            active_at("FROM a\nCOPY --chmod=$0").as_deref(),
            Some("[--chmod=<perms>]")
        );
        assert_eq!(
            active_at("FROM a\nCOPY a b c $0").as_deref(),
            Some("<dest>")
        );
        assert_eq!(
            active_at("FROM $0").as_deref(),
            Some("<image>[:<tag>|@<digest>]")
        );
        assert_eq!(active_at("FROM node:22 $0").as_deref(), Some("[AS <name>]"));
        assert_eq!(
            active_at("FROM a\nCMD [\"a\", $0").as_deref(),
            Some("\"<param>\"")
        );
        assert_eq!(
            active_at("FROM a\nCMD [$0").as_deref(),
            Some("\"<executable>\"")
        );
        assert_eq!(
            active_at("FROM a\nRUN apt-get $0").as_deref(),
            Some("<command>")
        );
        assert_eq!(
            active_at("FROM a\nHEALTHCHECK --interval=3s CMD $0").as_deref(),
            Some("<command>")
        );
        assert_eq!(
            active_at("FROM a\nEXPOSE 80 $0").as_deref(),
            Some("[<port>[/<protocol>] ...]")
        );
        assert_eq!(
            active_at("FROM a\nENV A=1 $0").as_deref(),
            Some("[<key>=<value> ...]")
        );
        assert_eq!(
            active_at("FROM a\nUSER 1000:$0").as_deref(),
            Some("<uid>[:<gid>]")
        );
        assert_eq!(
            active_at("FROM a\nONBUILD COPY a $0").as_deref(),
            Some("<dest>")
        );
        assert_eq!(
            active_at("FROM a\nONBUILD $0").as_deref(),
            Some("<INSTRUCTION>")
        );
        assert_eq!(active_at("FROM a\nRUN$0"), None);
        assert_eq!(active_at("# FROM $0"), None);
    }
}
