//! The JSON schema of `dockls.toml`, built from [`KEYS`] (the table the parser reads) and
//! the rule registry, so it cannot drift from what dockls accepts.
//!
//! The checked-in copy is `schema/dockls.schema.json` at the repository root; a test fails
//! when it is stale. Regenerate it with:
//!
//! ```text
//! UPDATE_SCHEMA=1 cargo test -p dockls-analysis schema
//! ```

use serde_json::{json, Map, Value};

use super::keys::{KeyKind, KeySpec, KEYS, LABEL_TYPES, LEVELS};
use super::read::{CATEGORIES, HADOLINT_IDS};
use crate::registry;
use crate::settings::Settings;

/// Where the schema is published (its `$id`).
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/dockls/dockls/main/schema/dockls.schema.json";

/// Every name a single rule answers to, in code order: codes, names, hadolint IDs and
/// BuildKit names, then hadolint IDs dockls accepts without a rule of its own.
pub fn rule_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut push = |n: &'static str| {
        if !out.contains(&n) {
            out.push(n);
        }
    };
    for m in registry::all_meta() {
        push(m.code);
        push(m.name);
        for a in m.aliases() {
            push(a);
        }
    }
    for id in HADOLINT_IDS.iter().chain(registry::RETIRED_HADOLINT) {
        push(id);
    }
    out
}

fn definitions() -> Value {
    let groups: Vec<&str> = std::iter::once("ALL")
        .chain(CATEGORIES.iter().map(|c| c.as_str()))
        .collect();
    json!({
        "rule": {
            "description": "A rule: its code (`DK401`), name (`maintainer-deprecated`), hadolint ID (`DL4000`) or BuildKit check name (`MaintainerDeprecated`), or a ShellCheck code (accepted, no effect). Case-insensitive.",
            "type": "string",
            "anyOf": [
                { "enum": rule_names() },
                { "pattern": "^[Dd][Kk][0-9]{3}$" },
                { "pattern": "^[Ss][Cc][0-9]{4}$" }
            ]
        },
        "selector": {
            "description": "A rule, a code prefix (`DK1`), a category (`security`) or `ALL`.",
            "type": "string",
            "anyOf": [
                { "$ref": "#/definitions/rule" },
                { "enum": groups },
                { "pattern": "^[Dd][Kk][0-9]{1,3}$" }
            ]
        },
        "selectors": {
            "type": "array",
            "items": { "$ref": "#/definitions/selector" },
            "uniqueItems": true
        },
        "level": {
            "description": "`off` turns the rule off; any other level turns it on at that severity.",
            "type": "string",
            "enum": LEVELS
        }
    })
}

fn kind_schema(kind: KeyKind) -> Value {
    match kind {
        KeyKind::Bool => json!({ "type": "boolean" }),
        KeyKind::Selectors => json!({ "$ref": "#/definitions/selectors" }),
        KeyKind::Registries => json!({
            "type": "array",
            "items": { "type": "string", "pattern": "^\\S+$" },
            "uniqueItems": true
        }),
        KeyKind::Choice(choices) => json!({ "type": "string", "enum": choices }),
        KeyKind::Int { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        KeyKind::Levels => json!({
            "type": "object",
            "propertyNames": { "$ref": "#/definitions/rule" },
            "additionalProperties": { "$ref": "#/definitions/level" }
        }),
        KeyKind::PerFileIgnores => json!({
            "type": "object",
            "propertyNames": { "minLength": 1 },
            "additionalProperties": { "$ref": "#/definitions/selectors" }
        }),
        KeyKind::LabelSchema => json!({
            "type": "object",
            "propertyNames": { "minLength": 1 },
            "additionalProperties": { "type": "string", "enum": LABEL_TYPES }
        }),
        KeyKind::Table(specs) => object(specs, None),
    }
}

fn object(specs: &[KeySpec], defaults: Option<&Value>) -> Value {
    let mut props = Map::new();
    for spec in specs {
        let mut s = kind_schema(spec.kind);
        if let Value::Object(o) = &mut s {
            o.insert("description".into(), Value::String(spec.doc.into()));
            let default = defaults
                .and_then(|d| d.get(spec.name))
                .filter(|d| !d.is_null());
            if let Some(d) = default {
                o.insert("default".into(), d.clone());
            }
            if let KeyKind::Table(sub) = spec.kind {
                let sub_defaults = defaults.and_then(|d| d.get(spec.name));
                if let Value::Object(inner) = object(sub, sub_defaults) {
                    o.extend(inner);
                }
            }
        }
        props.insert(spec.name.into(), s);
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "properties": props
    })
}

/// The JSON schema (draft-07) of `dockls.toml`.
pub fn json_schema() -> Value {
    let defaults = serde_json::to_value(Settings::default()).unwrap_or(Value::Null);
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    root.insert("$id".into(), json!(SCHEMA_URL));
    root.insert("title".into(), json!("dockls configuration"));
    root.insert(
        "description".into(),
        json!("Settings of dockls, the Dockerfile linter and language server (`dockls.toml` or `.dockls.toml`). Generated from the dockls source; do not edit."),
    );
    if let Value::Object(o) = object(KEYS, Some(&defaults)) {
        root.extend(o);
    }
    root.insert("definitions".into(), definitions());
    Value::Object(root)
}

/// The schema as the checked-in file holds it (pretty-printed, newline at the end).
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/dockls.schema.json")
    }

    #[test]
    fn schema_file_is_up_to_date() {
        let want = json_schema_text();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            let p = path();
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(path()).unwrap_or_default();
        assert!(
            have == want,
            "schema/dockls.schema.json is stale (the configuration keys or the rules changed); \
             regenerate it with `UPDATE_SCHEMA=1 cargo test -p dockls-analysis schema` and \
             commit the result"
        );
    }

    #[test]
    fn schema_covers_every_key_and_rule() {
        let s = json_schema();
        for spec in KEYS {
            assert!(s["properties"][spec.name].is_object(), "{}", spec.name);
            assert!(s["properties"][spec.name]["description"].is_string());
        }
        assert_eq!(s["properties"]["fail-level"]["default"], "error");
        assert_eq!(
            s["properties"]["formatter"]["properties"]["indent-width"]["default"],
            4
        );
        assert!(s["properties"]["select"].get("default").is_none());
        let names = s["definitions"]["rule"]["anyOf"][0]["enum"]
            .as_array()
            .unwrap()
            .clone();
        for m in registry::all_meta() {
            assert!(names.contains(&json!(m.code)), "{}", m.code);
            assert!(names.contains(&json!(m.name)), "{}", m.name);
        }
        assert!(names.contains(&json!("DL3005")));
    }
}
