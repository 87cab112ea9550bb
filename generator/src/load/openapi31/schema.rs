//! OpenAPI 3.1 schemas (JSON Schema 2020-12) to OpenAPI 3.0 schemas.
//!
//! What changes, per schema, and what is reported:
//! - `type` lists: `[T, "null"]` is `type: T` + `nullable: true`; several
//!   non-null types become an `anyOf` of one schema per type, each with the
//!   keywords of its type (an `enum` split by value); `type: "null"` alone
//!   has no 3.0 form: any value, nullable (warned);
//! - `anyOf`/`oneOf` members that only admit null are removed and make the
//!   schema nullable; a single inline member left is merged into the schema
//!   so its constraints still apply;
//! - `$ref` beside other keywords (which 3.0 readers ignore) becomes
//!   `allOf: [{$ref}]` beside them, the form the normalizer reads as a
//!   reference with annotations;
//! - `const` is a one-value `enum`, and a `oneOf`/`anyOf` of `const`s (with
//!   titles) one `enum`; `examples` keeps its first as `example`
//!   (warned when more are dropped); numeric `exclusiveMinimum`/`Maximum`
//!   are `minimum`/`maximum` with the 3.0 boolean;
//! - `contentEncoding: base64` is `format: byte`; `contentMediaType` of a
//!   non-text media type is `format: binary`;
//! - `prefixItems` (tuples) become `items`, one of the positions' schemas
//!   (warned unless they are all the same schema); `items: false` a
//!   `maxItems`;
//! - `unevaluatedProperties` is `additionalProperties` where no composition
//!   makes them differ; `patternProperties` types `additionalProperties`
//!   (the key patterns are not enforced, warned);
//! - keywords 3.0 cannot express (`if`/`then`/`else`, `dependentRequired`,
//!   `propertyNames`, `contains`, ...) are dropped with a warning saying they
//!   are not enforced; identifying ones (`$id`, `$schema`, `$comment`) quietly.

mod types;

use serde_yaml::{Mapping, Value};

use super::{Cx, join};

/// Keywords that identify or comment a schema: dropped silently.
const SILENT: &[&str] = &["$schema", "$id", "$anchor", "$dynamicAnchor", "$comment", "$vocabulary"];

/// Keywords 3.0 has no form for: dropped with a warning.
const NOT_ENFORCED: &[&str] = &[
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "contentSchema",
    "$dynamicRef",
    "$recursiveRef",
    "$recursiveAnchor",
];

/// Siblings of a `$ref` that do not make it more than a reference.
const REF_COMPANIONS: &[&str] = &["$defs", "$schema", "$id", "$anchor", "$dynamicAnchor", "$comment"];

/// Keywords that only annotate: on a conflict, the outer schema's win.
const ANNOTATIONS: &[&str] =
    &["title", "description", "default", "example", "examples", "deprecated", "readOnly", "writeOnly", "nullable"];

/// Where the keywords of one schema moved, relative to it: (now, as written).
#[derive(Default)]
struct Moves(Vec<(String, String)>);

impl Moves {
    /// Record that the node now at `now` was at `written` before this
    /// step; earlier steps' moves apply to `written`.
    fn record(&mut self, now: impl Into<String>, written: impl Into<String>) {
        let now = now.into();
        let written = self.written(&written.into());
        if now != written {
            self.0.push((now, written));
        }
    }

    /// Where the node now at relative pointer `now` was written.
    fn written(&self, now: &str) -> String {
        let matching = self
            .0
            .iter()
            .filter(|(prefix, _)| now.strip_prefix(prefix.as_str()).is_some_and(|r| r.is_empty() || r.starts_with('/')))
            .max_by_key(|(prefix, _)| prefix.len());
        match matching {
            Some((prefix, written)) => format!("{written}{}", &now[prefix.len()..]),
            None => now.to_owned(),
        }
    }
}

/// One schema being rewritten: the conversion's state, its mapping, and
/// where it is (`r` rewritten, `w` as written).
struct Site<'c, 'm> {
    cx: &'c mut Cx,
    map: &'m mut Mapping,
    w: &'c str,
    moves: Moves,
}

impl Site<'_, '_> {
    /// A warning at the keyword now at relative pointer `now`.
    fn warn(&mut self, now: &str, message: impl Into<String>) {
        let at = format!("{}{}", self.w, self.moves.written(now));
        self.cx.warn(&at, message);
    }
}

/// Rewrite the schema at `r` (written at `w`) and every schema inside it.
pub(super) fn schema(cx: &mut Cx, node: &mut Value, r: &str, w: &str) {
    if let Value::Bool(admits) = *node {
        // A boolean schema: `true` admits anything, `false` nothing (a `not`).
        let mut map = Mapping::new();
        if !admits {
            map.insert("not".into(), Value::Mapping(Mapping::new()));
        }
        *node = Value::Mapping(map);
        return;
    }
    let Value::Mapping(map) = node else { return };
    let mut site = Site { cx, map, w, moves: Moves::default() };
    if site.map.contains_key("$ref") && !site.reference_with_siblings() {
        // A plain reference: only schemas it defines need converting.
        let Site { cx, map, .. } = site;
        children(cx, map, r, w, &Moves::default());
        return;
    }
    site.null_members("anyOf");
    site.null_members("oneOf");
    site.drop_unsupported();
    site.const_members("oneOf");
    site.const_members("anyOf");
    site.constant();
    site.examples();
    site.exclusive_bound("exclusiveMinimum", "minimum", true);
    site.exclusive_bound("exclusiveMaximum", "maximum", false);
    site.content();
    site.types();
    site.tuples();
    site.unevaluated_properties();
    site.pattern_properties();
    let Site { cx, map, moves, .. } = site;
    for (now, written) in &moves.0 {
        cx.origin.record(format!("{r}{now}"), format!("{w}{written}"));
    }
    children(cx, map, r, w, &moves);
}

/// Rewrite the schemas inside a schema.
fn children(cx: &mut Cx, map: &mut Mapping, r: &str, w: &str, moves: &Moves) {
    let visit = |cx: &mut Cx, node: &mut Value, now: String| {
        let written = format!("{w}{}", moves.written(&now));
        schema(cx, node, &format!("{r}{now}"), &written);
    };
    if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
        // A property whose schema is `false` must be absent: it is left out.
        let mut forbidden = Vec::new();
        properties.retain(|name, schema| {
            let absent = matches!(schema, Value::Bool(false));
            if absent {
                forbidden.push(crate::load::scalar_text(name));
            }
            !absent
        });
        for name in forbidden {
            let at = format!("{w}{}", moves.written(&join("/properties", &name)));
            cx.warn(&at, "a property whose schema is `false` (never present) is left out of the model");
        }
    }
    // `definitions` is `$defs` by its name before JSON Schema 2019-09,
    // still written in 3.1 documents made from older schemas.
    for key in ["properties", "$defs", "definitions"] {
        if let Some(Value::Mapping(named)) = map.get_mut(key) {
            for (name, item) in named.iter_mut() {
                visit(cx, item, join(&format!("/{key}"), &crate::load::scalar_text(name)));
            }
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        let wrapper = format!("/{key}/anyOf/");
        match map.get_mut(key) {
            // An `anyOf` built here from schemas written elsewhere (tuple
            // positions, pattern properties): its members are visited
            // each with its own origin.
            Some(Value::Mapping(built)) if moves.0.iter().any(|(now, _)| now.starts_with(&wrapper)) => {
                if let Some(Value::Sequence(members)) = built.get_mut("anyOf") {
                    for (i, member) in members.iter_mut().enumerate() {
                        visit(cx, member, format!("{wrapper}{i}"));
                    }
                }
            }
            // A boolean `additionalProperties` is 3.0 too.
            Some(Value::Bool(_)) if key == "additionalProperties" => {}
            Some(item) => visit(cx, item, format!("/{key}")),
            None => {}
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Sequence(members)) = map.get_mut(key) {
            for (i, member) in members.iter_mut().enumerate() {
                visit(cx, member, format!("/{key}/{i}"));
            }
        }
    }
}

impl Site<'_, '_> {
    /// `$ref` with siblings to `allOf: [{$ref}]` beside them; whether the
    /// schema is more than a reference.
    fn reference_with_siblings(&mut self) -> bool {
        let more = self.map.keys().any(|key| {
            key.as_str().is_some_and(|k| k != "$ref" && !REF_COMPANIONS.contains(&k) && !k.starts_with("x-"))
        });
        if !more {
            return false;
        }
        let Some(reference) = self.map.remove("$ref") else { return false };
        let mut member = Mapping::new();
        member.insert("$ref".into(), reference);
        match self.map.get_mut("allOf") {
            Some(Value::Sequence(all_of)) => {
                for i in 0..all_of.len() {
                    self.moves.record(format!("/allOf/{}", i + 1), format!("/allOf/{i}"));
                }
                all_of.insert(0, Value::Mapping(member));
            }
            _ => {
                self.map.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(member)]));
            }
        }
        self.moves.record("/allOf/0", "");
        true
    }

    fn drop_unsupported(&mut self) {
        for key in SILENT {
            self.map.remove(*key);
        }
        for key in NOT_ENFORCED {
            if self.map.remove(*key).is_some() {
                self.warn(&format!("/{key}"), format!("`{key}` not enforced: OpenAPI 3.0 has no such keyword"));
            }
        }
        let conditional: Vec<&str> =
            ["if", "then", "else"].into_iter().filter(|key| self.map.remove(*key).is_some()).collect();
        if let Some(first) = conditional.first() {
            self.warn(&format!("/{first}"), "`if`/`then`/`else` not enforced: OpenAPI 3.0 has no conditional schemas");
        }
    }

    /// A union whose members are each one `const` (the 3.1 way of giving
    /// enum values titles) to one `enum`; the titles only document.
    fn const_members(&mut self, keyword: &str) {
        if self.map.contains_key("enum") {
            return;
        }
        let Some(Value::Sequence(members)) = self.map.get(keyword) else { return };
        let only_const = |member: &Value| {
            member.as_mapping().is_some_and(|m| {
                m.contains_key("const")
                    && m.keys().all(|k| matches!(k.as_str(), Some("const" | "title" | "description" | "$comment")))
            })
        };
        if members.is_empty() || !members.iter().all(only_const) {
            return;
        }
        let values: Vec<Value> = members.iter().filter_map(|m| m.get("const").cloned()).collect();
        for i in 0..values.len() {
            self.moves.record(format!("/enum/{i}"), format!("/{keyword}/{i}/const"));
        }
        self.moves.record("/enum", format!("/{keyword}"));
        let scalar_type = if values.iter().all(Value::is_string) {
            Some("string")
        } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
            Some("integer")
        } else {
            None
        };
        if let Some(name) = scalar_type.filter(|_| !self.map.contains_key("type")) {
            self.map.insert("type".into(), name.into());
        }
        self.map.remove(keyword);
        self.map.insert("enum".into(), Value::Sequence(values));
    }

    /// `const` to a one-value `enum`.
    fn constant(&mut self) {
        let Some(value) = self.map.remove("const") else { return };
        if matches!(value, Value::Mapping(_) | Value::Sequence(_)) {
            self.warn("/const", "`const` of an object or array not enforced: only scalar values become an enum");
        }
        self.map.insert("enum".into(), Value::Sequence(vec![value]));
        self.moves.record("/enum", "/const");
        self.moves.record("/enum/0", "/const");
    }

    /// `examples` (a list in 3.1 schemas) to one `example`.
    fn examples(&mut self) {
        let Some(examples) = self.map.remove("examples") else { return };
        let Value::Sequence(mut examples) = examples else { return };
        let total = examples.len();
        if !self.map.contains_key("example") && !examples.is_empty() {
            self.map.insert("example".into(), examples.remove(0));
            self.moves.record("/example", "/examples/0");
        }
        if !examples.is_empty() {
            self.warn(
                "/examples",
                format!("{} of {total} `examples` not kept: an OpenAPI 3.0 schema holds one `example`", examples.len()),
            );
        }
    }

    /// A numeric exclusive bound (3.1) to the bound plus the 3.0 boolean;
    /// with an inclusive bound beside it, the tighter of the two.
    fn exclusive_bound(&mut self, exclusive: &str, bound: &str, lower: bool) {
        let Some(Value::Number(limit)) = self.map.get(exclusive).cloned() else { return };
        let tighter_inclusive =
            self.map.get(bound).and_then(Value::as_f64).zip(limit.as_f64()).is_some_and(|(inclusive, exclusive)| {
                if lower { inclusive > exclusive } else { inclusive < exclusive }
            });
        if tighter_inclusive {
            self.map.remove(exclusive);
        } else {
            self.map.insert(bound.into(), Value::Number(limit));
            self.map.insert(exclusive.into(), Value::Bool(true));
            self.moves.record(format!("/{bound}"), format!("/{exclusive}"));
        }
    }

    /// `contentEncoding` and `contentMediaType` to 3.0 string formats.
    fn content(&mut self) {
        let encoding = self.map.remove("contentEncoding");
        let media_type = self.map.remove("contentMediaType");
        let had_format = self.map.contains_key("format");
        if let Some(encoding) = encoding {
            let name = crate::load::scalar_text(&encoding).to_ascii_lowercase();
            let format = match name.as_str() {
                "base64" => "byte",
                "binary" | "8bit" => "binary",
                _ => {
                    self.warn(
                        "/contentEncoding",
                        format!("`contentEncoding: {name}` not decoded: the value is generated as a string"),
                    );
                    return;
                }
            };
            if !had_format {
                self.string_format(format, "/contentEncoding");
            }
        } else if let Some(media_type) = media_type {
            let media_type = crate::load::scalar_text(&media_type).to_ascii_lowercase();
            let textual = media_type.starts_with("text/")
                || media_type.contains("json")
                || media_type.contains("xml")
                || media_type.contains("yaml");
            if !textual && !had_format {
                self.string_format("binary", "/contentMediaType");
            }
        }
    }

    /// `format` (a string's, so `type: string` where no type is given),
    /// from the keyword written at `written`.
    fn string_format(&mut self, format: &str, written: &str) {
        self.map.insert("format".into(), format.into());
        self.moves.record("/format", written);
        if !self.map.contains_key("type") {
            self.map.insert("type".into(), "string".into());
            self.moves.record("/type", written);
        }
    }

    /// `prefixItems` (a tuple) to `items`; boolean `items` to 3.0.
    fn tuples(&mut self) {
        let rest = self.map.remove("items");
        let Some(Value::Sequence(positions)) = self.map.remove("prefixItems") else {
            match rest {
                Some(Value::Bool(false)) => {
                    self.map.entry("maxItems".into()).or_insert(Value::from(0));
                }
                Some(Value::Bool(true)) | None => {}
                Some(items) => {
                    self.map.insert("items".into(), items);
                }
            }
            return;
        };
        let count = positions.len();
        let mut candidates: Vec<(Value, String)> = Vec::new();
        for (i, position) in positions.into_iter().enumerate() {
            if !candidates.iter().any(|(c, _)| *c == position) {
                candidates.push((position, format!("/prefixItems/{i}")));
            }
        }
        let open = matches!(rest, Some(Value::Bool(true)));
        match rest {
            Some(Value::Bool(false)) => {
                self.map.entry("maxItems".into()).or_insert(Value::from(count as u64));
            }
            Some(Value::Mapping(items)) if !candidates.iter().any(|(c, _)| c.as_mapping() == Some(&items)) => {
                candidates.push((Value::Mapping(items), "/items".to_owned()));
            }
            _ => {}
        }
        if open {
            self.warn("/prefixItems", "tuple positions not enforced: the array's items are generated as any value");
            return;
        }
        match candidates.len() {
            0 => {}
            1 => {
                let (only, written) = candidates.swap_remove(0);
                self.map.insert("items".into(), only);
                self.moves.record("/items", written);
            }
            n => {
                self.warn(
                    "/prefixItems",
                    format!("tuple positions not enforced: every item is generated as one of {n} item schemas"),
                );
                let mut members = Vec::with_capacity(n);
                for (i, (member, written)) in candidates.into_iter().enumerate() {
                    members.push(member);
                    self.moves.record(format!("/items/anyOf/{i}"), written);
                }
                let mut items = Mapping::new();
                items.insert("anyOf".into(), Value::Sequence(members));
                self.map.insert("items".into(), Value::Mapping(items));
            }
        }
    }

    /// `unevaluatedProperties` is `additionalProperties` when no
    /// composition or reference brings properties from elsewhere.
    fn unevaluated_properties(&mut self) {
        let Some(unevaluated) = self.map.remove("unevaluatedProperties") else { return };
        let composed = ["allOf", "anyOf", "oneOf", "$ref"].iter().any(|k| self.map.contains_key(*k));
        if composed || self.map.contains_key("additionalProperties") {
            self.warn(
                "/unevaluatedProperties",
                "`unevaluatedProperties` not enforced beside `allOf`/`anyOf`/`oneOf` (or `additionalProperties`): \
                 OpenAPI 3.0 has no such keyword",
            );
        } else {
            self.map.insert("additionalProperties".into(), unevaluated);
            self.moves.record("/additionalProperties", "/unevaluatedProperties");
        }
    }

    /// `patternProperties` types the values of `additionalProperties`;
    /// the key patterns are not enforced.
    fn pattern_properties(&mut self) {
        let Some(patterns) = self.map.remove("patternProperties") else { return };
        let Value::Mapping(patterns) = patterns else { return };
        if self.map.contains_key("additionalProperties") || patterns.is_empty() {
            self.warn("/patternProperties", "`patternProperties` not enforced: OpenAPI 3.0 has no such keyword");
            return;
        }
        self.warn(
            "/patternProperties",
            "`patternProperties`: the key patterns are not enforced; the values are typed as `additionalProperties`",
        );
        let mut schemas: Vec<(Value, String)> = patterns
            .into_iter()
            .map(|(pattern, schema)| (schema, join("/patternProperties", &crate::load::scalar_text(&pattern))))
            .collect();
        if schemas.len() == 1 {
            let (schema, written) = schemas.swap_remove(0);
            self.map.insert("additionalProperties".into(), schema);
            self.moves.record("/additionalProperties", written);
        } else {
            let mut members = Vec::with_capacity(schemas.len());
            for (i, (schema, written)) in schemas.into_iter().enumerate() {
                members.push(schema);
                self.moves.record(format!("/additionalProperties/anyOf/{i}"), written);
            }
            let mut values = Mapping::new();
            values.insert("anyOf".into(), Value::Sequence(members));
            self.map.insert("additionalProperties".into(), Value::Mapping(values));
        }
    }
}
