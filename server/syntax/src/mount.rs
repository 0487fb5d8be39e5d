//! `RUN --mount=type=...,key=value` options.

use crate::ast::Word;
use crate::text::TextRange;

/// One `key[=value]` field of a mount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountField {
    pub key: String,
    pub key_range: Option<TextRange>,
    pub value: Option<String>,
    pub value_range: Option<TextRange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub fields: Vec<MountField>,
}

/// The mount types BuildKit knows.
pub const MOUNT_TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];

/// Every key `--mount` accepts.
pub const MOUNT_KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "src",
    "target",
    "dst",
    "destination",
    "readonly",
    "ro",
    "readwrite",
    "rw",
    "required",
    "size",
    "id",
    "sharing",
    "mode",
    "uid",
    "gid",
    "env",
];

/// Mount types a key is limited to, for keys that are not accepted by every type.
pub fn key_only_for(key: &str) -> Option<&'static [&'static str]> {
    match key {
        "required" => Some(&["secret", "ssh"]),
        "size" => Some(&["tmpfs"]),
        "sharing" => Some(&["cache"]),
        "mode" | "uid" | "gid" => Some(&["cache", "secret", "ssh"]),
        "env" => Some(&["secret"]),
        _ => None,
    }
}

/// The keys that make sense for a mount type, for completion.
pub fn mount_keys(kind: &str) -> Vec<&'static str> {
    MOUNT_KEYS
        .iter()
        .copied()
        .filter(|k| key_only_for(k).is_none_or(|only| only.contains(&kind)))
        .collect()
}

impl Mount {
    /// Splits a mount value on commas (CSV quoting honoured) into fields.
    pub fn parse(word: &Word) -> Mount {
        let raw = word.value.as_str();
        let contiguous = word.range.len() == word.raw.len() && word.raw == word.value;
        let mut fields = Vec::new();
        let mut start = 0usize;
        let mut in_quote = false;
        let bytes = raw.as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            let at_end = i == bytes.len();
            if !at_end && bytes[i] == b'"' {
                in_quote = !in_quote;
            }
            if at_end || (bytes[i] == b',' && !in_quote) {
                let field = &raw[start..i];
                if !field.is_empty() {
                    let abs = |s: usize, e: usize| {
                        contiguous
                            .then(|| TextRange::new(word.range.start + s, word.range.start + e))
                    };
                    let (key, value) = match field.split_once('=') {
                        Some((k, v)) => (k, Some(v)),
                        None => (field, None),
                    };
                    let key_range = abs(start, start + key.len());
                    let value_range = value.and_then(|v| abs(i - v.len(), i));
                    fields.push(MountField {
                        key: key.trim().to_ascii_lowercase(),
                        key_range,
                        value: value.map(|v| v.trim_matches('"').to_string()),
                        value_range,
                    });
                }
                start = i + 1;
            }
            i += 1;
        }
        Mount { fields }
    }

    pub fn get(&self, key: &str) -> Option<&MountField> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The mount type (`bind` when not given).
    pub fn kind(&self) -> &str {
        self.get("type")
            .and_then(|f| f.value.as_deref())
            .unwrap_or("bind")
    }

    pub fn target(&self) -> Option<&str> {
        ["target", "dst", "destination"]
            .iter()
            .find_map(|k| self.get(k).and_then(|f| f.value.as_deref()))
    }

    pub fn source(&self) -> Option<&str> {
        ["source", "src"]
            .iter()
            .find_map(|k| self.get(k).and_then(|f| f.value.as_deref()))
    }

    pub fn from(&self) -> Option<&str> {
        self.get("from").and_then(|f| f.value.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str) -> Word {
        Word {
            range: TextRange::new(10, 10 + s.len()),
            raw: s.into(),
            value: s.into(),
            vars: vec![],
        }
    }

    #[test]
    fn parses_fields() {
        let m = Mount::parse(&word("type=cache,target=/root/.cache,sharing=locked,rw"));
        assert_eq!(m.kind(), "cache");
        assert_eq!(m.target(), Some("/root/.cache"));
        assert_eq!(m.get("rw").map(|f| f.value.clone()), Some(None));
        assert_eq!(
            m.get("target").and_then(|f| f.value_range),
            Some(TextRange::new(28, 40))
        );
        assert_eq!(Mount::parse(&word("target=/x")).kind(), "bind");
    }
}
