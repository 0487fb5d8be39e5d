//! Moving every byte position of a parsed piece by the same amount, in place: how an
//! incremental reparse reuses the instructions after an edit. Each impl destructures its
//! type completely, so a new field cannot be forgotten.

use crate::ast::*;
use crate::errors::{Suggestion, SyntaxError};
use crate::image::ImageRef;
use crate::shell::{Redirect, ShellCommand, ShellScript, ShellWord};
use crate::text::TextRange;

pub(crate) trait Shift {
    fn shift(&mut self, delta: isize);
}

impl Shift for TextRange {
    fn shift(&mut self, delta: isize) {
        *self = self.shifted(delta);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: isize) {
        if let Some(x) = self {
            x.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: isize) {
        for x in self {
            x.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, delta: isize) {
        (**self).shift(delta);
    }
}

impl Shift for crate::logical::LogicalText {
    fn shift(&mut self, delta: isize) {
        crate::logical::LogicalText::shift(self, delta);
    }
}

impl Shift for VarRef {
    fn shift(&mut self, delta: isize) {
        let VarRef {
            name: _,
            name_range,
            range,
            braced: _,
            modifier: _,
            word_range,
        } = self;
        name_range.shift(delta);
        range.shift(delta);
        word_range.shift(delta);
    }
}

impl Shift for Word {
    fn shift(&mut self, delta: isize) {
        let Word {
            range,
            raw: _,
            value: _,
            vars,
        } = self;
        range.shift(delta);
        vars.shift(delta);
    }
}

impl Shift for Flag {
    fn shift(&mut self, delta: isize) {
        let Flag {
            range,
            name: _,
            name_range,
            value,
        } = self;
        range.shift(delta);
        name_range.shift(delta);
        value.shift(delta);
    }
}

impl Shift for ShellText {
    fn shift(&mut self, delta: isize) {
        let ShellText {
            range,
            text: _,
            pieces,
            invalid_json: _,
        } = self;
        range.shift(delta);
        pieces.shift(delta);
    }
}

impl Shift for CommandForm {
    fn shift(&mut self, delta: isize) {
        match self {
            CommandForm::Exec { range, items } => {
                range.shift(delta);
                items.shift(delta);
            }
            CommandForm::Shell(s) => s.shift(delta),
        }
    }
}

impl Shift for KeyValue {
    fn shift(&mut self, delta: isize) {
        let KeyValue { range, key, value } = self;
        range.shift(delta);
        key.shift(delta);
        value.shift(delta);
    }
}

impl Shift for ImageRef {
    fn shift(&mut self, delta: isize) {
        let ImageRef {
            range,
            raw: _,
            registry: _,
            repository: _,
            tag: _,
            tag_range,
            digest: _,
            digest_range,
            has_vars: _,
        } = self;
        range.shift(delta);
        tag_range.shift(delta);
        digest_range.shift(delta);
    }
}

impl Shift for FromArgs {
    fn shift(&mut self, delta: isize) {
        let FromArgs {
            image,
            image_ref,
            as_keyword,
            name,
            extra,
        } = self;
        image.shift(delta);
        image_ref.shift(delta);
        as_keyword.shift(delta);
        name.shift(delta);
        extra.shift(delta);
    }
}

impl Shift for CopyArgs {
    fn shift(&mut self, delta: isize) {
        let CopyArgs {
            sources,
            dest,
            json: _,
        } = self;
        sources.shift(delta);
        dest.shift(delta);
    }
}

impl Shift for HealthcheckArgs {
    fn shift(&mut self, delta: isize) {
        match self {
            HealthcheckArgs::None { keyword, extra } => {
                keyword.shift(delta);
                extra.shift(delta);
            }
            HealthcheckArgs::Cmd { keyword, command } => {
                keyword.shift(delta);
                command.shift(delta);
            }
            HealthcheckArgs::Unknown { keyword } => keyword.shift(delta),
            HealthcheckArgs::Missing => {}
        }
    }
}

impl Shift for Body {
    fn shift(&mut self, delta: isize) {
        match self {
            Body::From(f) => f.shift(delta),
            Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => c.shift(delta),
            Body::Copy(c) | Body::Add(c) => c.shift(delta),
            Body::Env { pairs, legacy: _ } | Body::Label { pairs, legacy: _ } => pairs.shift(delta),
            Body::Arg(pairs) => pairs.shift(delta),
            Body::Expose(ws) => ws.shift(delta),
            Body::Volume { paths, json: _ } => paths.shift(delta),
            Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
                w.shift(delta)
            }
            Body::Healthcheck(h) => h.shift(delta),
            Body::Onbuild(inner) => inner.shift(delta),
            Body::Unknown => {}
        }
    }
}

impl Shift for Heredoc {
    fn shift(&mut self, delta: isize) {
        let Heredoc {
            marker_range,
            name: _,
            chomp: _,
            expand: _,
            fd: _,
            body,
            terminator,
        } = self;
        marker_range.shift(delta);
        body.shift(delta);
        terminator.shift(delta);
    }
}

impl Shift for ShellWord {
    fn shift(&mut self, delta: isize) {
        let ShellWord {
            range,
            raw: _,
            value: _,
            is_static: _,
        } = self;
        range.shift(delta);
    }
}

impl Shift for Redirect {
    fn shift(&mut self, delta: isize) {
        let Redirect {
            range,
            operator: _,
            target,
        } = self;
        range.shift(delta);
        target.shift(delta);
    }
}

impl Shift for ShellCommand {
    fn shift(&mut self, delta: isize) {
        let ShellCommand {
            range,
            name,
            args,
            assignments,
            redirects,
            in_pipeline: _,
            nested: _,
        } = self;
        range.shift(delta);
        name.shift(delta);
        args.shift(delta);
        for (_, _, r) in assignments {
            r.shift(delta);
        }
        redirects.shift(delta);
    }
}

impl Shift for ShellScript {
    fn shift(&mut self, delta: isize) {
        let ShellScript {
            kind: _,
            source: _,
            commands,
            has_pipe: _,
            has_errors: _,
            tokens,
            ranges,
            assignments,
        } = self;
        commands.shift(delta);
        for (r, _) in tokens {
            r.shift(delta);
        }
        ranges.shift(delta);
        for (_, _, r) in assignments {
            r.shift(delta);
        }
    }
}

impl Shift for Instruction {
    fn shift(&mut self, delta: isize) {
        let Instruction {
            range,
            header,
            keyword_range,
            keyword_text: _,
            keyword: _,
            flags,
            args_range,
            args_text: _,
            body,
            heredocs,
            // Indices into the comment list, not positions: the caller renumbers them.
            comments: _,
            empty_continuation_lines,
            inner_comments,
            logical,
            shell,
        } = self;
        range.shift(delta);
        header.shift(delta);
        keyword_range.shift(delta);
        flags.shift(delta);
        args_range.shift(delta);
        body.shift(delta);
        heredocs.shift(delta);
        empty_continuation_lines.shift(delta);
        inner_comments.shift(delta);
        logical.shift(delta);
        shell.shift(delta);
    }
}

impl Shift for Comment {
    fn shift(&mut self, delta: isize) {
        let Comment {
            range,
            text: _,
            directive: _,
            inside_instruction: _,
        } = self;
        range.shift(delta);
    }
}

impl Shift for Suggestion {
    fn shift(&mut self, delta: isize) {
        let Suggestion {
            range,
            replacement: _,
        } = self;
        range.shift(delta);
    }
}

impl Shift for SyntaxError {
    fn shift(&mut self, delta: isize) {
        let SyntaxError {
            kind: _,
            severity: _,
            range,
            message: _,
            suggestion,
        } = self;
        range.shift(delta);
        suggestion.shift(delta);
    }
}
