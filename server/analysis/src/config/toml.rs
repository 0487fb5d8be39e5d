//! TOML text to a [`Node`] tree with byte ranges (toml_edit keeps the spans of keys and
//! values when parsing).

use dockls_syntax::TextRange;
use toml_edit::{ImDocument, Item, Table, Value as TValue};

use super::node::{string_range, Entry, Node, Value};
use super::{ConfigProblem, ProblemKind};

fn range(span: Option<std::ops::Range<usize>>, fallback: TextRange) -> TextRange {
    span.map_or(fallback, |r| TextRange::new(r.start, r.end))
}

/// Parses a TOML document. A syntax error gives one problem at its position.
pub(crate) fn parse(text: &str) -> Result<Node, ConfigProblem> {
    match ImDocument::parse(text) {
        Ok(doc) => Ok(Node::new(
            Value::Table(table(text, doc.as_table())),
            TextRange::empty(0),
        )),
        Err(e) => {
            let at = range(e.span(), TextRange::empty(0));
            let message = e
                .message()
                .lines()
                .map(|l| l.trim().trim_end_matches('.'))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            Err(ConfigProblem::new(
                ProblemKind::Syntax,
                at,
                format!(
                    "this file is not valid TOML ({message}), so none of its settings are used; \
                     fix the syntax to apply them"
                ),
            ))
        }
    }
}

fn key_range(text: &str, span: Option<std::ops::Range<usize>>, key: &str) -> TextRange {
    let r = range(span, TextRange::empty(0));
    string_range(text, r, key)
}

fn table(text: &str, t: &Table) -> Vec<Entry> {
    let mut out = Vec::new();
    for (k, item) in t.iter() {
        let key_range = key_range(text, t.key(k).and_then(|k| k.span()), k);
        let value = match item {
            Item::None => continue,
            Item::Value(v) => value(text, v),
            Item::Table(sub) => Node::new(Value::Table(table(text, sub)), key_range),
            Item::ArrayOfTables(_) => Node::new(Value::Other("an array of tables"), key_range),
        };
        out.push(Entry {
            key: k.to_string(),
            key_range,
            value,
        });
    }
    out
}

fn value(text: &str, v: &TValue) -> Node {
    let r = range(v.span(), TextRange::empty(0));
    match v {
        TValue::String(s) => {
            let s = s.value();
            Node::new(Value::Str(s.clone()), string_range(text, r, s))
        }
        TValue::Integer(i) => Node::new(Value::Int(*i.value()), r),
        TValue::Float(f) => Node::new(Value::Float(*f.value()), r),
        TValue::Boolean(b) => Node::new(Value::Bool(*b.value()), r),
        TValue::Datetime(_) => Node::new(Value::Other("a date-time"), r),
        TValue::Array(a) => Node::new(Value::Array(a.iter().map(|v| value(text, v)).collect()), r),
        TValue::InlineTable(t) => {
            let mut entries = Vec::new();
            for (k, v) in t.iter() {
                entries.push(Entry {
                    key: k.to_string(),
                    key_range: key_range(text, t.key(k).and_then(|k| k.span()), k),
                    value: value(text, v),
                });
            }
            Node::new(Value::Table(entries), r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> TextRange {
        let s = text.find(needle).unwrap();
        TextRange::new(s, s + needle.len())
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text =
            "preview = true\nformatter.indent-width = 2\n[severity]\n\"root-user\" = 'off'\n";
        let root = parse(text).unwrap();
        let Value::Table(entries) = root.value else {
            panic!()
        };
        assert_eq!(entries[0].key_range, at(text, "preview"));
        assert_eq!(entries[0].value.range, at(text, "true"));
        assert_eq!(entries[1].key_range, at(text, "formatter"));
        let Value::Table(fmt) = &entries[1].value.value else {
            panic!()
        };
        assert_eq!(fmt[0].key_range, at(text, "indent-width"));
        assert_eq!(fmt[0].value.range, at(text, "2"));
        assert_eq!(entries[2].key_range, at(text, "severity"));
        assert_eq!(entries[2].value.range, at(text, "severity"));
        let Value::Table(sev) = &entries[2].value.value else {
            panic!()
        };
        assert_eq!(sev[0].key_range, at(text, "root-user"));
        assert_eq!(sev[0].value.range, at(text, "off"));
    }

    #[test]
    fn syntax_error_position() {
        let text = "preview = true\nselect = [\"DK1\"\n";
        let p = parse(text).unwrap_err();
        assert_eq!(p.kind, ProblemKind::Syntax);
        assert!(p.range.start >= text.find("select").unwrap(), "{p:?}");
        assert!(p.message.contains("not valid TOML"), "{}", p.message);
    }
}
