//! The validator: walks a JSON value along its [`Schema`], reporting every
//! rule broken with the JSON pointer of the value at fault, and removing
//! the members a direction must not carry (readOnly ones from requests,
//! writeOnly ones from responses).
//!
//! Integers have the range of the type the generated models give their
//! format ([`IntegerFormat`]): an `integer` without `format` is an `i64`,
//! `int32` an `i32`, `uint64` a `u64`. A larger integer is refused as out
//! of range for that type, not as something other than an integer.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::Value;

use super::schema::{IntegerFormat, Object, Rules, Schema, Union};
use super::{Direction, FieldError, Findings, Place, format, pattern};

/// How many schemas deep the walk may go before it gives up on a value
/// (the error `depth`): a bound on the stack, far above what a JSON
/// parser lets a value nest.
const MAX_DEPTH: usize = 512;

/// Check `value` against `schema` (see [`super::check`]).
pub(super) fn check(
    value: &mut Value,
    schema: &Schema<'_>,
    direction: Direction,
    place: Place,
    field: &str,
) -> Findings {
    let mut walker = Walker { place, field, direction, found: Findings::default(), depth: 0 };
    // The pointer below `field`: empty (unallocated) until the walk enters
    // a member, and never for a parameter that is a single value.
    let mut at = String::new();
    walker.check(value, schema, &mut at);
    walker.found
}

struct Walker<'f> {
    place: Place,
    /// The parameter name, or `""` for a body: what pointers follow.
    field: &'f str,
    direction: Direction,
    found: Findings,
    depth: usize,
}

/// Escape a member name for a JSON pointer (RFC 6901): the runtime's one
/// place for it (the server's body errors use it too).
pub(crate) fn escape(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b == b'~' || b == b'/') {
        Cow::Owned(name.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(name)
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Walker<'_> {
    fn error(&mut self, at: &str, rule: &'static str, message: String) {
        let field = [self.field, at].concat();
        self.found.push(FieldError { place: self.place, field, rule, message });
    }

    fn type_error(&mut self, at: &str, expected: &str, value: &Value) {
        self.error(at, "type", format!("expected {expected}, found {}", kind_of(value)));
    }

    /// Run `f` with the member `name` appended to the pointer (escaped).
    fn nested(&mut self, at: &mut String, name: &str, f: impl FnOnce(&mut Self, &mut String)) {
        let len = at.len();
        if at.capacity() == 0 {
            // Room for the pointers of nested members, so that they seldom grow it.
            at.reserve(64);
        }
        at.push('/');
        match escape(name) {
            Cow::Borrowed(name) => at.push_str(name),
            Cow::Owned(escaped) => at.push_str(&escaped),
        }
        f(self, at);
        at.truncate(len);
    }

    /// Run `f` with the item `index` appended to the pointer.
    fn nested_item(&mut self, at: &mut String, index: usize, f: impl FnOnce(&mut Self, &mut String)) {
        let len = at.len();
        // Writing to a `String` cannot fail.
        let _ = write!(at, "/{index}");
        f(self, at);
        at.truncate(len);
    }

    fn check(&mut self, value: &mut Value, schema: &Schema<'_>, at: &mut String) {
        if self.depth >= MAX_DEPTH {
            return self.error(at, "depth", format!("is nested more than {MAX_DEPTH} schemas deep"));
        }
        self.depth += 1;
        self.check_within(value, schema, at);
        self.depth -= 1;
    }

    fn check_within(&mut self, value: &mut Value, schema: &Schema<'_>, at: &mut String) {
        match schema {
            Schema::Any | Schema::Binary => {}
            Schema::Ref(inner) => self.check(value, inner, at),
            Schema::Late(late) => {
                if let Some(inner) = late.get() {
                    self.check(value, inner, at);
                }
            }
            Schema::Constrained(inner, rules) => {
                self.check(value, inner, at);
                match value {
                    Value::String(text) => self.string_rules(text, rules, at),
                    Value::Number(number) => self.number_rules(number.as_f64().unwrap_or_default(), rules, at),
                    Value::Array(items) => {
                        self.count_rules(items.len(), rules, "items", at);
                        if rules.unique_items && has_duplicates(items) {
                            self.error(at, "uniqueItems", "items must be unique".into());
                        }
                    }
                    Value::Object(members) => self.count_rules(members.len(), rules, "properties", at),
                    Value::Null | Value::Bool(_) => {}
                }
            }
            Schema::Nullable(inner) => {
                if !value.is_null() {
                    self.check(value, inner, at);
                }
            }
            Schema::Boolean => {
                if !value.is_boolean() {
                    self.type_error(at, "a boolean", value);
                }
            }
            Schema::Integer(format, rules) => self.integer(value, *format, rules, at),
            Schema::Number(rules) => match value.as_f64() {
                Some(number) => self.number_rules(number, rules, at),
                None => self.type_error(at, "a number", value),
            },
            Schema::String(rules) => match value.as_str() {
                Some(text) => self.string_rules(text, rules, at),
                None => self.type_error(at, "a string", value),
            },
            Schema::StringEnum(allowed) => match value.as_str() {
                Some(text) if allowed.contains(&text) => {}
                Some(text) => self.error(at, "enum", format!("`{text}` is not one of {}", list(allowed))),
                None => self.type_error(at, "a string", value),
            },
            Schema::IntegerEnum(allowed) => match value.as_i64() {
                Some(number) if allowed.contains(&number) => {}
                Some(number) => self.error(at, "enum", not_listed(number, allowed)),
                None if beyond_i64(value) => self.error(at, "enum", not_listed(value, allowed)),
                None => self.type_error(at, "an integer", value),
            },
            Schema::Array(items, rules) => match value {
                Value::Array(elements) => {
                    self.count_rules(elements.len(), rules, "items", at);
                    if rules.unique_items && has_duplicates(elements) {
                        self.error(at, "uniqueItems", "items must be unique".into());
                    }
                    for (i, element) in elements.iter_mut().enumerate() {
                        self.nested_item(at, i, |w, at| w.check(element, items, at));
                    }
                }
                other => self.type_error(at, "an array", other),
            },
            Schema::Map(values, rules) => match value {
                Value::Object(members) => {
                    self.count_rules(members.len(), rules, "properties", at);
                    for (name, member) in members.iter_mut() {
                        self.nested(at, name, |w, at| w.check(member, values, at));
                    }
                }
                other => self.type_error(at, "an object", other),
            },
            Schema::JsonObject => {
                if !value.is_object() {
                    self.type_error(at, "an object", value);
                }
            }
            Schema::Object(object) => self.object(value, object, at),
            Schema::Union(union) => self.union(value, union, at),
        }
    }

    fn integer(&mut self, value: &Value, format: IntegerFormat, rules: &Rules, at: &str) {
        let number = match value {
            Value::Number(n) => n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)),
            _ => None,
        };
        let Some(number) = number else {
            if beyond_i64(value) {
                return self.error(at, "format", out_of_range(format));
            }
            return self.type_error(at, "an integer", value);
        };
        let (low, high) = format.range();
        if !(low..=high).contains(&number) {
            return self.error(at, "format", out_of_range(format));
        }
        self.number_rules(number as f64, rules, at);
    }

    fn number_rules(&mut self, number: f64, rules: &Rules, at: &str) {
        if let Some(minimum) = rules.minimum {
            if rules.exclusive_minimum && number <= minimum {
                self.error(at, "exclusiveMinimum", format!("must be greater than {minimum}"));
            } else if number < minimum {
                self.error(at, "minimum", format!("must be at least {minimum}"));
            }
        }
        if let Some(maximum) = rules.maximum {
            if rules.exclusive_maximum && number >= maximum {
                self.error(at, "exclusiveMaximum", format!("must be less than {maximum}"));
            } else if number > maximum {
                self.error(at, "maximum", format!("must be at most {maximum}"));
            }
        }
        if let Some(factor) = rules.multiple_of.filter(|f| *f > 0.0) {
            let quotient = number / factor;
            if (quotient - quotient.round()).abs() > 1e-9 {
                self.error(at, "multipleOf", format!("must be a multiple of {factor}"));
            }
        }
    }

    fn string_rules(&mut self, text: &str, rules: &Rules, at: &str) {
        // Counted only for a rule that needs it: a long text costs its length.
        let length = || text.chars().count();
        if let Some(min) = rules.min_length.filter(|min| length() < *min) {
            self.error(at, "minLength", format!("must be at least {min} characters long"));
        }
        if let Some(max) = rules.max_length.filter(|max| length() > *max) {
            self.error(at, "maxLength", format!("must be at most {max} characters long"));
        }
        if let Some(source) = rules.pattern {
            if pattern::is_match(source, text) == Some(false) {
                self.error(at, "pattern", format!("must match the pattern `{source}`"));
            }
        }
        if let Some(expected) = rules.format {
            if !format::is_valid(expected, text) {
                self.error(at, "format", format!("must be {}", format::describe(expected)));
            }
        }
    }

    fn count_rules(&mut self, count: usize, rules: &Rules, noun: &str, at: &str) {
        if let Some(min) = rules.min_items.filter(|min| count < *min) {
            let rule = if noun == "items" { "minItems" } else { "minProperties" };
            self.error(at, rule, format!("must have at least {min} {noun}"));
        }
        if let Some(max) = rules.max_items.filter(|max| count > *max) {
            let rule = if noun == "items" { "maxItems" } else { "maxProperties" };
            self.error(at, rule, format!("must have at most {max} {noun}"));
        }
    }

    fn object(&mut self, value: &mut Value, object: &Object<'_>, at: &mut String) {
        let Value::Object(members) = value else {
            return self.type_error(at, "an object", value);
        };
        for field in object.fields {
            let dropped = match self.direction {
                Direction::Request => field.read_only,
                Direction::Response => field.write_only,
            };
            if dropped {
                members.remove(field.name);
                continue;
            }
            match members.get_mut(field.name) {
                None if field.required => {
                    self.nested(at, field.name, |w, at| {
                        w.error(at, "required", "is required".into());
                    });
                }
                None => {}
                Some(Value::Null) if field.nullable || accepts_null(field.schema) => {}
                Some(member) => self.nested(at, field.name, |w, at| w.check(member, field.schema, at)),
            }
        }
        if object.deny_unknown || object.additional.is_some() {
            let known = |name: &str| object.fields.iter().any(|f| f.name == name);
            for (name, member) in members.iter_mut().filter(|(name, _)| !known(name)) {
                match object.additional {
                    Some(schema) => self.nested(at, name, |w, at| w.check(member, schema, at)),
                    None => self.nested(at, name, |w, at| {
                        w.error(at, "additionalProperties", "is not a property of this object".into());
                    }),
                }
            }
        }
    }

    fn union(&mut self, value: &mut Value, union: &Union<'_>, at: &mut String) {
        if let Some((property, mapping)) = union.discriminator {
            let tag = value.get(property).and_then(Value::as_str).map(str::to_owned);
            let selected = tag.as_deref().and_then(|tag| mapping.iter().find(|(t, _)| *t == tag));
            match (selected, tag) {
                (Some((_, schema)), _) => self.check(value, schema, at),
                (None, Some(tag)) => self.nested(at, property, |w, at| {
                    let tags: Vec<&str> = mapping.iter().map(|(t, _)| *t).collect();
                    w.error(at, "discriminator", format!("`{tag}` is not one of {}", list(&tags)));
                }),
                (None, None) => self.nested(at, property, |w, at| {
                    w.error(at, "required", "the discriminator is required".into());
                }),
            }
            return;
        }
        // Each alternative is tried on a copy: the members it removes (readOnly
        // or writeOnly ones) are removed from the value only if it is chosen.
        let mut chosen: Option<Value> = None;
        let mut matching = 0_usize;
        for variant in union.variants {
            let mut candidate = value.clone();
            let mut trial = Walker { found: Findings::default(), ..*self };
            trial.check(&mut candidate, variant, &mut at.clone());
            if trial.found.is_empty() {
                matching += 1;
                chosen.get_or_insert(candidate);
                if !union.exclusive || matching > 1 {
                    break;
                }
            }
        }
        match chosen {
            Some(candidate) => {
                if union.exclusive && matching > 1 {
                    let message = "matches more than one of the alternatives, and oneOf allows exactly one";
                    self.error(at, "oneOf", message.into());
                }
                *value = candidate;
            }
            None => {
                let rule = if union.exclusive { "oneOf" } else { "anyOf" };
                self.error(at, rule, format!("matches none of the {} alternatives", union.variants.len()));
                if self.direction == Direction::Response {
                    // A response is sent all the same: it must not carry a
                    // member that any alternative has writeOnly.
                    for variant in union.variants {
                        let mut trial = Walker { found: Findings::default(), ..*self };
                        trial.check(value, variant, &mut at.clone());
                    }
                }
            }
        }
    }
}

/// See [`super::drops_members`]; `seen` holds the schemas already looked
/// into (a schema can contain itself): one seen before drops nothing new.
pub(super) fn drops_members(schema: &Schema<'_>, direction: Direction, seen: &mut Vec<usize>) -> bool {
    let address = std::ptr::from_ref(schema) as usize;
    if seen.contains(&address) {
        return false;
    }
    seen.push(address);
    let mut drops = |schema: &Schema<'_>| drops_members(schema, direction, seen);
    match schema {
        Schema::Any
        | Schema::Boolean
        | Schema::Integer(..)
        | Schema::Number(_)
        | Schema::String(_)
        | Schema::StringEnum(_)
        | Schema::IntegerEnum(_)
        | Schema::JsonObject
        | Schema::Binary => false,
        Schema::Array(inner, _)
        | Schema::Map(inner, _)
        | Schema::Nullable(inner)
        | Schema::Ref(inner)
        | Schema::Constrained(inner, _) => drops(inner),
        Schema::Late(late) => late.get().is_some_and(drops),
        Schema::Object(object) => {
            object.fields.iter().any(|field| {
                let dropped = match direction {
                    Direction::Request => field.read_only,
                    Direction::Response => field.write_only,
                };
                dropped || drops(field.schema)
            }) || object.additional.is_some_and(drops)
        }
        Schema::Union(union) => {
            union.variants.iter().any(|variant| drops(variant))
                || union.discriminator.is_some_and(|(_, mapping)| mapping.iter().any(|(_, schema)| drops(schema)))
        }
    }
}

/// Whether a JSON number is an integer too large or too small for an
/// `i64`: a `u64` above `i64::MAX`, or a whole float beyond the range
/// (JSON parsers read longer integers as floats).
fn beyond_i64(value: &Value) -> bool {
    // 2^63: the first float beyond `i64::MAX`, and `-2^63` is `i64::MIN`.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    match value {
        Value::Number(number) if number.is_u64() => number.as_i64().is_none(),
        Value::Number(number) => number.as_f64().is_some_and(|f| f.fract() == 0.0 && !(-LIMIT..LIMIT).contains(&f)),
        _ => false,
    }
}

/// The message for an integer beyond what `format` holds: the type named
/// as the spec names it, and its range.
pub(crate) fn out_of_range(format: IntegerFormat) -> String {
    let (low, high) = format.range();
    let name = format.name();
    match format {
        IntegerFormat::I64 => format!(
            "is out of range for a 64-bit signed integer (int64, the type of an integer without format), \
             which holds {low} to {high}"
        ),
        IntegerFormat::I128 | IntegerFormat::U128 => format!(
            "is out of range for {name} as this server reads it (JSON numbers as 64-bit values), which holds {low} \
             to {high}"
        ),
        _ => {
            let (bits, kind) = name.strip_prefix('u').map_or((&name[3..], "signed"), |bits| (&bits[3..], "unsigned"));
            let article = if bits == "8" { "an" } else { "a" };
            format!("is out of range for {article} {bits}-bit {kind} integer ({name}), which holds {low} to {high}")
        }
    }
}

/// The message for an integer that is none of an enum's values.
pub(crate) fn not_listed(value: impl std::fmt::Display, allowed: &[i64]) -> String {
    format!("{value} is not one of {}", list(allowed))
}

/// Whether `null` is a value of the schema.
fn accepts_null(schema: &Schema<'_>) -> bool {
    match schema {
        Schema::Nullable(_) | Schema::Any => true,
        Schema::Ref(inner) | Schema::Constrained(inner, _) => accepts_null(inner),
        Schema::Late(late) => late.get().is_none_or(accepts_null),
        _ => false,
    }
}

fn list<T: std::fmt::Display>(values: &[T]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    items.join(", ")
}

fn has_duplicates(values: &[Value]) -> bool {
    values.iter().enumerate().any(|(i, a)| values[..i].contains(a))
}

#[cfg(feature = "server")]
pub(super) mod text;

#[cfg(test)]
mod tests;
