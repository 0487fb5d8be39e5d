//! A small document tree with byte ranges, shared by the TOML, YAML and JSON readers so
//! one set of checks serves every format.

use dockls_syntax::TextRange;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    /// The value's range. For strings, the text between the quotes when that text is the
    /// value itself (so a replacement needs no quoting); for tables given as `[section]`,
    /// the section's name.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Node>),
    Table(Vec<Entry>),
    /// A value no setting takes (a TOML date-time, an array of tables), by its name with an
    /// article ("a date-time").
    Other(&'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub key_range: TextRange,
    pub value: Node,
}

impl Value {
    /// The value's type with an article, for messages ("a string", "a list").
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "an empty value",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Str(_) => "a string",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Other(name) => name,
        }
    }
}

impl Node {
    pub fn new(value: Value, range: TextRange) -> Self {
        Self { value, range }
    }
}

/// The range of a quoted string's content when the content is the value exactly (no
/// escapes), otherwise the whole token.
pub(crate) fn string_range(text: &str, range: TextRange, value: &str) -> TextRange {
    let Some(raw) = text.get(range.start..range.end) else {
        return range;
    };
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q) {
            let inner = &raw[q.len()..raw.len() - q.len()];
            if inner == value {
                return TextRange::new(range.start + q.len(), range.end - q.len());
            }
            return range;
        }
    }
    range
}

/// Editor settings as a tree (no positions).
pub(crate) fn from_json(value: &serde_json::Value) -> Node {
    let none = TextRange::empty(0);
    let v = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => Value::Table(
            map.iter()
                .map(|(k, v)| Entry {
                    key: k.clone(),
                    key_range: none,
                    value: from_json(v),
                })
                .collect(),
        ),
    };
    Node::new(v, none)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_ranges_skip_plain_quotes_only() {
        let text = r#"a = "DK401" b = "a\tb" c = 'x'"#;
        let r = |s: &str| {
            let start = text.find(s).unwrap();
            TextRange::new(start, start + s.len())
        };
        assert_eq!(
            string_range(text, r("\"DK401\""), "DK401"),
            TextRange::new(5, 10)
        );
        assert_eq!(string_range(text, r(r#""a\tb""#), "a\tb"), r(r#""a\tb""#));
        assert_eq!(string_range(text, r("'x'"), "x"), r("x"));
        assert_eq!(string_range(text, r("DK401"), "DK401"), r("DK401"));
    }

    #[test]
    fn json_tree() {
        let n = from_json(&serde_json::json!({"a": [1, 2.5, "x", null, true]}));
        let Value::Table(entries) = n.value else {
            panic!("not a table")
        };
        assert_eq!(entries[0].key, "a");
        assert_eq!(
            entries[0].value.value,
            Value::Array(vec![
                Node::new(Value::Int(1), TextRange::empty(0)),
                Node::new(Value::Float(2.5), TextRange::empty(0)),
                Node::new(Value::Str("x".into()), TextRange::empty(0)),
                Node::new(Value::Null, TextRange::empty(0)),
                Node::new(Value::Bool(true), TextRange::empty(0)),
            ])
        );
    }
}
