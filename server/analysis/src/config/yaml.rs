//! YAML text to a [`Node`] tree with byte ranges, from saphyr's event parser (which gives
//! every event a span). Scalars are typed with YAML 1.2's core schema, as hadolint's YAML
//! library does: `yes`/`on` are strings, `true`/`false` are booleans.

use std::collections::HashMap;

use dockls_syntax::TextRange;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput, Tag};

use super::node::{Entry, Node, Value};
use super::{ConfigProblem, ProblemKind};

/// Character index to byte offset (saphyr counts characters).
struct Offsets {
    /// Byte offset of each character, plus the text's length; empty for ASCII text.
    table: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Self {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.table.is_empty() {
            char_index.min(self.len)
        } else {
            self.table.get(char_index).copied().unwrap_or(self.len)
        }
    }

    fn range(&self, span: Span) -> TextRange {
        TextRange::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

/// A parsed YAML stream: its first document (if any) and problems that do not stop the
/// reading (duplicate keys, extra documents).
pub(crate) struct Parsed {
    pub root: Option<Node>,
    pub problems: Vec<ConfigProblem>,
}

struct Builder<'a> {
    parser: Parser<'a, StrInput<'a>>,
    offsets: Offsets,
    anchors: HashMap<usize, Node>,
    problems: Vec<ConfigProblem>,
}

enum Step {
    Node(Node),
    /// The end of the enclosing sequence or mapping, with the end event's range.
    End(TextRange),
}

/// Parses YAML. A syntax error gives one problem at its position.
pub(crate) fn parse(text: &str) -> Result<Parsed, ConfigProblem> {
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        offsets: Offsets::new(text),
        anchors: HashMap::new(),
        problems: Vec::new(),
    };
    let root = b.stream().map_err(|e| b.syntax(&e))?;
    Ok(Parsed {
        root,
        problems: b.problems,
    })
}

impl Builder<'_> {
    fn syntax(&self, e: &ScanError) -> ConfigProblem {
        let at = self.offsets.byte(e.marker().index());
        let info = e.info().trim().trim_end_matches('.');
        ConfigProblem::new(
            ProblemKind::Syntax,
            TextRange::empty(at),
            format!(
                "this file is not valid YAML ({info}), so none of its settings are used; fix \
                 the syntax to apply them"
            ),
        )
    }

    fn next(&mut self) -> Result<Option<(Event<'static>, TextRange)>, ScanError> {
        match self.parser.next_event() {
            None => Ok(None),
            Some(Err(e)) => Err(e),
            Some(Ok((ev, span))) => Ok(Some((into_owned(ev), self.offsets.range(span)))),
        }
    }

    /// Reads the stream: the first document's root, then checks that no other document
    /// follows.
    fn stream(&mut self) -> Result<Option<Node>, ScanError> {
        let mut root = None;
        let mut documents = 0;
        while let Some((ev, range)) = self.next()? {
            match ev {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents == 2 {
                        self.problems.push(
                            ConfigProblem::new(
                                ProblemKind::NoEffect,
                                range,
                                "only the first YAML document of a configuration file is read; \
                             this one and any after it are ignored, so move its settings \
                             into the first document",
                            )
                            .with_severity(crate::diagnostic::Severity::Warning),
                        );
                    }
                }
                Event::StreamEnd => break,
                Event::DocumentEnd | Event::StreamStart | Event::Nothing => {}
                other => {
                    if let Step::Node(n) = self.node(other, range)? {
                        if documents <= 1 {
                            root = Some(n);
                        }
                    }
                }
            }
        }
        Ok(root)
    }

    fn step(&mut self) -> Result<Step, ScanError> {
        match self.next()? {
            None => Ok(Step::End(TextRange::empty(self.offsets.len))),
            Some((ev, range)) => self.node(ev, range),
        }
    }

    fn node(&mut self, ev: Event<'static>, range: TextRange) -> Result<Step, ScanError> {
        let (node, anchor) = match ev {
            Event::SequenceEnd | Event::MappingEnd => return Ok(Step::End(range)),
            Event::Scalar(text, style, anchor, tag) => (
                Node::new(scalar(&text, style, tag.as_deref()), range),
                anchor,
            ),
            Event::Alias(id) => {
                let target = self.anchors.get(&id).cloned();
                let node = match target {
                    Some(mut n) => {
                        n.range = range;
                        n
                    }
                    None => Node::new(Value::Null, range),
                };
                (node, 0)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                let end = loop {
                    match self.step()? {
                        Step::Node(n) => items.push(n),
                        Step::End(end) => break end,
                    }
                };
                let r = collection_range(range, end, items.last().map(|n| n.range));
                (Node::new(Value::Array(items), r), anchor)
            }
            Event::MappingStart(anchor, _) => {
                let mut entries: Vec<Entry> = Vec::new();
                let end = loop {
                    let key = match self.step()? {
                        Step::Node(k) => k,
                        Step::End(end) => break end,
                    };
                    let value = match self.step()? {
                        Step::Node(v) => v,
                        Step::End(end) => {
                            entries.push(entry(key, Node::new(Value::Null, end)));
                            break end;
                        }
                    };
                    let e = entry(key, value);
                    if let Some(prev) = entries.iter().position(|p| p.key == e.key) {
                        self.problems.push(
                            ConfigProblem::new(
                                ProblemKind::InvalidValue,
                                e.key_range,
                                format!(
                                    "`{}` is set twice in this mapping; only this last value is \
                                 used, so remove the other one",
                                    e.key
                                ),
                            )
                            .with_severity(crate::diagnostic::Severity::Warning),
                        );
                        entries.remove(prev);
                    }
                    entries.push(e);
                };
                let last = entries.last().map(|e| e.value.range);
                let r = collection_range(range, end, last);
                (Node::new(Value::Table(entries), r), anchor)
            }
            // Stream and document events cannot appear inside a document.
            _ => (Node::new(Value::Null, range), 0),
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(Step::Node(node))
    }
}

fn entry(key: Node, value: Node) -> Entry {
    let name = match &key.value {
        Value::Str(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        other => format!("<{}>", other.type_name()),
    };
    Entry {
        key: name,
        key_range: key.range,
        value,
    }
}

/// A collection's range: from its start event to the end of a flow collection's closing
/// bracket, or to the end of its last item in block style (whose end event sits on the
/// next line).
fn collection_range(start: TextRange, end: TextRange, last: Option<TextRange>) -> TextRange {
    let stop = if end.is_empty() {
        last.map_or(start.end, |l| l.end)
    } else {
        end.end
    };
    TextRange::new(start.start, stop.max(start.start))
}

fn into_owned(ev: Event<'_>) -> Event<'static> {
    match ev {
        Event::Nothing => Event::Nothing,
        Event::StreamStart => Event::StreamStart,
        Event::StreamEnd => Event::StreamEnd,
        Event::DocumentStart(b) => Event::DocumentStart(b),
        Event::DocumentEnd => Event::DocumentEnd,
        Event::Alias(id) => Event::Alias(id),
        Event::Scalar(s, style, anchor, tag) => Event::Scalar(
            std::borrow::Cow::Owned(s.into_owned()),
            style,
            anchor,
            tag.map(|t| std::borrow::Cow::Owned(t.into_owned())),
        ),
        Event::SequenceStart(a, tag) => {
            Event::SequenceStart(a, tag.map(|t| std::borrow::Cow::Owned(t.into_owned())))
        }
        Event::SequenceEnd => Event::SequenceEnd,
        Event::MappingStart(a, tag) => {
            Event::MappingStart(a, tag.map(|t| std::borrow::Cow::Owned(t.into_owned())))
        }
        Event::MappingEnd => Event::MappingEnd,
    }
}

/// Types a scalar with YAML 1.2's core schema.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() {
            return match tag.suffix.as_str() {
                "null" => Value::Null,
                "bool" => core_bool(text).map_or(Value::Str(text.to_string()), Value::Bool),
                "int" => core_int(text).map_or(Value::Str(text.to_string()), Value::Int),
                "float" => core_float(text).map_or(Value::Str(text.to_string()), Value::Float),
                _ => Value::Str(text.to_string()),
            };
        }
        return Value::Str(text.to_string());
    }
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_string());
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = core_bool(text) {
        return Value::Bool(b);
    }
    if let Some(i) = core_int(text) {
        return Value::Int(i);
    }
    if let Some(f) = core_float(text) {
        return Value::Float(f);
    }
    Value::Str(text.to_string())
}

fn core_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn core_int(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn core_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    (mantissa_ok && exponent_ok && (frac.is_some() || exponent.is_some()))
        .then(|| text.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> TextRange {
        let s = text.find(needle).unwrap();
        TextRange::new(s, s + needle.len())
    }

    fn root(text: &str) -> Vec<Entry> {
        match parse(text).unwrap().root.unwrap().value {
            Value::Table(e) => e,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn scalar_types() {
        let p = |s: &str| scalar(s, ScalarStyle::Plain, None);
        assert_eq!(p("true"), Value::Bool(true));
        assert_eq!(p("yes"), Value::Str("yes".into()));
        assert_eq!(p("~"), Value::Null);
        assert_eq!(p("12"), Value::Int(12));
        assert_eq!(p("1.5"), Value::Float(1.5));
        assert_eq!(p("1e3"), Value::Float(1000.0));
        assert_eq!(p("DL3008"), Value::Str("DL3008".into()));
        assert_eq!(p("1.2.3"), Value::Str("1.2.3".into()));
        assert_eq!(p("."), Value::Str(".".into()));
        assert_eq!(
            scalar("true", ScalarStyle::DoubleQuoted, None),
            Value::Str("true".into())
        );
    }

    #[test]
    fn ranges_block_and_flow() {
        let text =
            "ignored:\n  - DL3008 # why\n  - \"SC2086\"\nfoo: [a, b]\nlabel-schema:\n  é: text\n";
        let e = root(text);
        assert_eq!(e[0].key, "ignored");
        assert_eq!(e[0].key_range, at(text, "ignored"));
        let Value::Array(items) = &e[0].value.value else {
            panic!()
        };
        assert_eq!(items[0].range, at(text, "DL3008"));
        assert_eq!(items[1].range, at(text, "\"SC2086\""));
        assert_eq!(
            e[0].value.range,
            TextRange::new(at(text, "- DL3008").start, at(text, "\"SC2086\"").end)
        );
        assert_eq!(e[1].value.range, at(text, "[a, b]"));
        let Value::Table(labels) = &e[2].value.value else {
            panic!()
        };
        // Byte offsets, past a two-byte character.
        assert_eq!(labels[0].key_range, at(text, "é"));
        assert_eq!(labels[0].value.range, at(text, "text"));
    }

    #[test]
    fn anchors_duplicates_and_documents() {
        let text = "a: &x [DL3008]\nb: *x\nb: 1\n---\nc: 2\n";
        let parsed = parse(text).unwrap();
        let Some(Node {
            value: Value::Table(e),
            ..
        }) = parsed.root
        else {
            panic!()
        };
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].key, "a");
        assert_eq!(e[1].key, "b");
        assert_eq!(e[1].value.value, Value::Int(1));
        assert_eq!(parsed.problems.len(), 2);
        assert_eq!(parsed.problems[0].range, TextRange::new(21, 22));
        assert_eq!(parsed.problems[1].range.start, text.find("---").unwrap());
    }

    #[test]
    fn syntax_errors_and_empty_streams() {
        let p = parse("ignored: [DL3008\n").err().unwrap();
        assert_eq!(p.kind, ProblemKind::Syntax);
        assert!(parse("").unwrap().root.is_none());
        assert!(parse("# only a comment\n").unwrap().root.is_none());
        assert_eq!(parse("---\n").unwrap().root.unwrap().value, Value::Null);
    }
}
