//! The validator: walks a JSON value along its [`Schema`], reporting every
//! rule broken with the JSON pointer of the value at fault, and removing
//! the members a direction must not carry (readOnly ones from requests,
//! writeOnly ones from responses).
//!
//! Integers are 64-bit signed (`int64`) unless their format is `int32`,
//! as in the generated models: an `integer` without `format` is an `i64`.
//! A larger integer is refused as out of range for that type, not as
//! something other than an integer.

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
    let mut walker = Walker { place, direction, found: Findings::default(), depth: 0 };
    let mut at = field.to_owned();
    walker.check(value, schema, &mut at);
    walker.found
}

struct Walker {
    place: Place,
    direction: Direction,
    found: Findings,
    depth: usize,
}

/// Escape a member name for a JSON pointer (RFC 6901).
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
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

impl Walker {
    fn error(&mut self, at: &str, rule: &'static str, message: String) {
        self.found.push(FieldError { place: self.place, field: at.to_owned(), rule, message });
    }

    fn type_error(&mut self, at: &str, expected: &str, value: &Value) {
        self.error(at, "type", format!("expected {expected}, found {}", kind_of(value)));
    }

    /// Run `f` with `segment` appended to the pointer.
    fn nested(&mut self, at: &mut String, segment: &str, f: impl FnOnce(&mut Self, &mut String)) {
        let len = at.len();
        at.push('/');
        at.push_str(segment);
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
                        self.nested(at, &i.to_string(), |w, at| w.check(element, items, at));
                    }
                }
                other => self.type_error(at, "an array", other),
            },
            Schema::Map(values, rules) => match value {
                Value::Object(members) => {
                    self.count_rules(members.len(), rules, "properties", at);
                    for (name, member) in members.iter_mut() {
                        self.nested(at, &escape(name), |w, at| w.check(member, values, at));
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
        let Some(number) = value.as_i64() else {
            if beyond_i64(value) {
                return self.error(at, "format", out_of_range(format));
            }
            return self.type_error(at, "an integer", value);
        };
        if format == IntegerFormat::I32 && i32::try_from(number).is_err() {
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
        let length = text.chars().count();
        if let Some(min) = rules.min_length.filter(|min| length < *min) {
            self.error(at, "minLength", format!("must be at least {min} characters long"));
        }
        if let Some(max) = rules.max_length.filter(|max| length > *max) {
            self.error(at, "maxLength", format!("must be at most {max} characters long"));
        }
        if let Some(source) = rules.pattern {
            if let Some(regex) = pattern::compiled(source) {
                if !regex.is_match(text) {
                    self.error(at, "pattern", format!("must match the pattern `{source}`"));
                }
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
                    self.nested(at, &escape(field.name), |w, at| {
                        w.error(at, "required", "is required".into());
                    });
                }
                None => {}
                Some(Value::Null) if field.nullable || accepts_null(field.schema) => {}
                Some(member) => self.nested(at, &escape(field.name), |w, at| w.check(member, field.schema, at)),
            }
        }
        if object.deny_unknown || object.additional.is_some() {
            let known = |name: &str| object.fields.iter().any(|f| f.name == name);
            for (name, member) in members.iter_mut().filter(|(name, _)| !known(name)) {
                match object.additional {
                    Some(schema) => self.nested(at, &escape(name), |w, at| w.check(member, schema, at)),
                    None => self.nested(at, &escape(name), |w, at| {
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
                (None, Some(tag)) => self.nested(at, &escape(property), |w, at| {
                    let tags: Vec<&str> = mapping.iter().map(|(t, _)| *t).collect();
                    w.error(at, "discriminator", format!("`{tag}` is not one of {}", list(&tags)));
                }),
                (None, None) => self.nested(at, &escape(property), |w, at| {
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
    match format {
        IntegerFormat::I32 => {
            format!("is out of range for a 32-bit signed integer (int32), which holds {} to {}", i32::MIN, i32::MAX)
        }
        IntegerFormat::I64 => format!(
            "is out of range for a 64-bit signed integer (int64, the type of an integer without format), \
             which holds {} to {}",
            i64::MIN,
            i64::MAX
        ),
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::validate::MAX_FIELD_ERRORS;
    use crate::validate::schema::{Field, Late, StringFormat};

    /// Check a request value.
    fn validate(value: &mut Value, schema: &Schema<'_>, place: Place, field: &str) -> Findings {
        check(value, schema, Direction::Request, place, field)
    }

    /// Remove writeOnly members from a response value.
    fn strip_write_only(value: &mut Value, schema: &Schema<'_>) {
        check(value, schema, Direction::Response, Place::Body, "");
    }

    static NAME_RULES: Rules = Rules { max_length: Some(5), pattern: Some(r"^\w+$"), ..Rules::NONE };
    static COLOR: Schema = Schema::StringEnum(&["red", "green"]);
    static PET: Schema = Schema::Object(&Object {
        fields: &[
            Field {
                name: "id",
                schema: &Schema::I64,
                required: true,
                nullable: false,
                read_only: true,
                write_only: false,
            },
            Field {
                name: "name",
                schema: &Schema::String(&NAME_RULES),
                required: true,
                nullable: false,
                read_only: false,
                write_only: false,
            },
            Field {
                name: "password",
                schema: &Schema::STRING,
                required: false,
                nullable: false,
                read_only: false,
                write_only: true,
            },
            Field {
                name: "color",
                schema: &COLOR,
                required: false,
                nullable: true,
                read_only: false,
                write_only: false,
            },
            Field {
                name: "tags",
                schema: &Schema::Array(
                    &Schema::STRING,
                    &Rules { max_items: Some(2), unique_items: true, ..Rules::NONE },
                ),
                required: false,
                nullable: false,
                read_only: false,
                write_only: false,
            },
            Field {
                name: "age",
                schema: &Schema::Integer(IntegerFormat::I32, &Rules { minimum: Some(0.0), ..Rules::NONE }),
                required: false,
                nullable: false,
                read_only: false,
                write_only: false,
            },
        ],
        additional: None,
        deny_unknown: true,
    });

    fn errors(mut value: Value) -> Vec<(String, &'static str)> {
        validate(&mut value, &PET, Place::Body, "").errors.into_iter().map(|e| (e.field, e.rule)).collect()
    }

    #[test]
    fn a_valid_value_passes_and_loses_read_only_members() {
        let mut value = json!({"id": "not even a number", "name": "rex", "color": null, "tags": ["a"]});
        assert!(validate(&mut value, &PET, Place::Body, "").is_empty());
        assert_eq!(value, json!({"name": "rex", "color": null, "tags": ["a"]}));
    }

    #[test]
    fn every_broken_rule_is_named_by_pointer() {
        assert_eq!(errors(json!({})), [("/name".to_owned(), "required")]);
        assert_eq!(errors(json!({"name": 3})), [("/name".to_owned(), "type")]);
        assert_eq!(errors(json!({"name": "toolong"})), [("/name".to_owned(), "maxLength")]);
        assert_eq!(errors(json!({"name": "a-b"})), [("/name".to_owned(), "pattern")]);
        assert_eq!(errors(json!({"name": "é"})), [("/name".to_owned(), "pattern")]);
        assert_eq!(errors(json!({"name": "a", "color": "blue"})), [("/color".to_owned(), "enum")]);
        assert_eq!(errors(json!({"name": "a", "tags": ["x", "y", "z"]})), [("/tags".to_owned(), "maxItems")]);
        assert_eq!(errors(json!({"name": "a", "tags": ["x", "x"]})), [("/tags".to_owned(), "uniqueItems")]);
        assert_eq!(errors(json!({"name": "a", "tags": ["x", 1]})), [("/tags/1".to_owned(), "type")]);
        assert_eq!(errors(json!({"name": "a", "age": -1})), [("/age".to_owned(), "minimum")]);
        assert_eq!(errors(json!({"name": "a", "age": 3_000_000_000_i64})), [("/age".to_owned(), "format")]);
        assert_eq!(errors(json!({"name": "a", "age": 1.5})), [("/age".to_owned(), "type")]);
        assert_eq!(errors(json!({"name": "a", "extra": 1})), [("/extra".to_owned(), "additionalProperties")]);
        assert_eq!(errors(json!({"name": null})), [("/name".to_owned(), "type")]);
        assert_eq!(errors(json!([])), [(String::new(), "type")]);
    }

    /// The (rule, message) of each error of `text` (parsed as JSON) against `schema`.
    fn errors_of(schema: &Schema, text: &str) -> Vec<(&'static str, String)> {
        let mut value: Value = serde_json::from_str(text).expect("JSON");
        validate(&mut value, schema, Place::Body, "").errors.into_iter().map(|e| (e.rule, e.message)).collect()
    }

    #[test]
    fn integers_beyond_their_type_are_out_of_range_not_of_another_type() {
        let int64 = "out of range for a 64-bit signed integer (int64";
        // Longer than a `u64`: JSON parsers read these as floats.
        for text in ["99999999999999999999", "-99999999999999999999", "1e30", "18446744073709551616"] {
            let errors = errors_of(&Schema::I64, text);
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert_eq!(errors[0].0, "format", "{text}: {errors:?}");
            assert!(errors[0].1.contains(int64) && !errors[0].1.contains("expected"), "{text}: {errors:?}");
        }
        // A `u64` beyond `i64::MAX`.
        let errors = errors_of(&Schema::I64, "9223372036854775808");
        assert_eq!(errors[0].0, "format");
        assert!(errors[0].1.contains(int64) && errors[0].1.contains("9223372036854775807"), "{errors:?}");
        // int32 names its own range, whatever the size of the number.
        for text in ["3000000000", "9223372036854775808", "99999999999999999999", "-2147483649"] {
            let errors = errors_of(&Schema::I32, text);
            assert_eq!(errors[0].0, "format", "{text}: {errors:?}");
            assert!(errors[0].1.contains("out of range for a 32-bit signed integer (int32)"), "{text}: {errors:?}");
            assert!(!errors[0].1.contains("9223372036854775807"), "{text}: {errors:?}");
        }
        // The bounds themselves are integers; fractions are still not.
        assert!(errors_of(&Schema::I64, "-9223372036854775808").is_empty());
        assert!(errors_of(&Schema::I64, "9223372036854775807").is_empty());
        assert!(errors_of(&Schema::I32, "-2147483648").is_empty());
        assert_eq!(errors_of(&Schema::I64, "1.5"), [("type", "expected an integer, found a number".to_owned())]);
        assert_eq!(errors_of(&Schema::I64, "1e300")[0].0, "format");
        // An integer enum: a long integer is simply none of the values.
        static LEVELS: Schema = Schema::IntegerEnum(&[1, 2]);
        let errors = errors_of(&LEVELS, "99999999999999999999");
        assert_eq!(errors[0].0, "enum", "{errors:?}");
        assert!(errors[0].1.ends_with("is not one of `1`, `2`"), "{errors:?}");
        assert_eq!(errors_of(&LEVELS, "9223372036854775808")[0].0, "enum");
        assert_eq!(errors_of(&LEVELS, "1.5")[0].0, "type");
    }

    #[test]
    fn errors_beyond_the_cap_are_counted_not_kept() {
        let mut value = Value::Object((0..1000).map(|i| (format!("m{i}"), json!(i))).collect());
        value["name"] = json!("rex");
        let found = validate(&mut value, &PET, Place::Body, "");
        assert_eq!((found.errors.len(), found.omitted), (MAX_FIELD_ERRORS, 1000 - MAX_FIELD_ERRORS));
        assert!(found.errors.iter().all(|e| e.rule == "additionalProperties"));
        assert_eq!(found.errors[0].field, "/m0");
    }

    #[test]
    fn responses_lose_write_only_members() {
        let mut value = json!({"id": 1, "name": "rex", "password": "secret"});
        strip_write_only(&mut value, &PET);
        assert_eq!(value, json!({"id": 1, "name": "rex"}));
    }

    static CAT: Schema = Schema::Object(&Object {
        fields: &[Field {
            name: "meow",
            schema: &Schema::Boolean,
            required: true,
            nullable: false,
            read_only: false,
            write_only: false,
        }],
        additional: None,
        deny_unknown: false,
    });
    static UNTAGGED: Schema =
        Schema::Union(&Union { variants: &[&CAT, &Schema::STRING], discriminator: None, exclusive: true });
    static TAGGED: Schema =
        Schema::Union(&Union { variants: &[&CAT], discriminator: Some(("kind", &[("cat", &CAT)])), exclusive: true });
    static ONE_OF: Schema =
        Schema::Union(&Union { variants: &[&Schema::STRING, &Schema::UUID], discriminator: None, exclusive: true });
    static ANY_OF: Schema =
        Schema::Union(&Union { variants: &[&Schema::STRING, &Schema::UUID], discriminator: None, exclusive: false });

    #[test]
    fn unions_accept_any_alternative_and_follow_discriminators() {
        let check = |schema: &Schema, mut value: Value| -> Vec<&'static str> {
            validate(&mut value, schema, Place::Body, "").errors.into_iter().map(|e| e.rule).collect()
        };
        assert!(check(&UNTAGGED, json!({"meow": true})).is_empty());
        assert!(check(&UNTAGGED, json!("text")).is_empty());
        assert_eq!(check(&UNTAGGED, json!(1)), ["oneOf"]);
        assert!(check(&TAGGED, json!({"kind": "cat", "meow": false})).is_empty());
        assert_eq!(check(&TAGGED, json!({"kind": "dog"})), ["discriminator"]);
        assert_eq!(check(&TAGGED, json!({"kind": "cat"})), ["required"]);
        assert_eq!(check(&TAGGED, json!({})), ["required"]);
    }

    #[test]
    fn one_of_takes_exactly_one_alternative_and_any_of_at_least_one() {
        let check = |schema: &Schema, mut value: Value| -> Vec<&'static str> {
            validate(&mut value, schema, Place::Body, "").errors.into_iter().map(|e| e.rule).collect()
        };
        let uuid = json!("00000000-0000-0000-0000-000000000001");
        assert!(check(&ONE_OF, json!("text")).is_empty());
        assert_eq!(check(&ONE_OF, uuid.clone()), ["oneOf"], "both a string and a uuid");
        assert_eq!(check(&ONE_OF, json!(1)), ["oneOf"]);
        assert!(check(&ANY_OF, uuid).is_empty());
        assert_eq!(check(&ANY_OF, json!(1)), ["anyOf"]);
    }

    #[test]
    fn checked_formats_name_the_field() {
        static STAMPED: Schema = Schema::Object(&Object {
            fields: &[
                Field::new("at", &Schema::DATE_TIME),
                Field::new("on", &Schema::DATE),
                Field::new("id", &Schema::UUID),
                Field::new("data", &Schema::BYTE),
            ],
            additional: None,
            deny_unknown: false,
        });
        let good = json!({"at": "2024-02-29T23:59:60.5+05:30", "on": "2024-02-29",
            "id": "0123abcd-ABCD-0123-abcd-0123456789ab", "data": "ZXhhbXBsZQ=="});
        assert!(validate(&mut good.clone(), &STAMPED, Place::Body, "").is_empty());
        let bad = json!({"at": "2023-02-29T00:00:00Z", "on": "2024-1-01", "id": "0123abcd0123", "data": "ZXhhbXBsZQ="});
        let errors = validate(&mut bad.clone(), &STAMPED, Place::Body, "").errors;
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.rule)).collect();
        assert_eq!(found, [("/at", "format"), ("/on", "format"), ("/id", "format"), ("/data", "format")]);
        assert_eq!(errors[0].message, "must be an RFC 3339 date-time (2024-01-01T00:00:00Z)");
        let within = Schema::String(&Rules { max_length: Some(4), format: Some(StringFormat::Date), ..Rules::NONE });
        let errors = validate(&mut json!("2024-01-01"), &within, Place::Query, "since").errors;
        assert_eq!(errors.iter().map(|e| e.rule).collect::<Vec<_>>(), ["maxLength"]);
    }

    #[test]
    fn late_schemas_close_cycles_built_at_run_time() {
        // A list node: `{"next": <node>}`, built as a program would.
        let node = Late::new();
        let next = Schema::Late(&node);
        let int = Schema::Integer(IntegerFormat::I32, &Rules::NONE);
        let fields = [Field::new("next", &next), Field::new("n", &int).required()];
        let object = Object { fields: &fields, additional: None, deny_unknown: true };
        assert!(node.bind(Schema::Object(&object)));
        assert!(!node.bind(Schema::Any), "bound once");
        let check = |mut value: Value| -> Vec<(String, &'static str)> {
            validate(&mut value, &next, Place::Body, "").errors.into_iter().map(|e| (e.field, e.rule)).collect()
        };
        assert!(check(json!({"n": 1, "next": {"n": 2}})).is_empty());
        assert_eq!(check(json!({"n": 1, "next": {"n": "2"}})), [("/next/n".to_owned(), "type")]);
        assert_eq!(check(json!({"n": 1, "next": {"n": 2, "x": 0}})), [("/next/x".to_owned(), "additionalProperties")]);
        assert!(format!("{next:?}").contains("bound: true"), "Debug does not follow the cycle");
        let unbound = Late::new();
        assert!(validate(&mut json!([1]), &Schema::Late(&unbound), Place::Body, "").is_empty());
    }

    #[test]
    fn responses_are_checked_without_their_write_only_members() {
        let mut value = json!({"id": 1, "name": "rex", "password": 3});
        assert!(check(&mut value, &PET, Direction::Response, Place::Body, "").is_empty());
        assert_eq!(value, json!({"id": 1, "name": "rex"}));
        let errors = check(&mut json!({"id": 1}), &PET, Direction::Response, Place::Body, "").errors;
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["/name"]);
        // An invalid union member still loses what any alternative has writeOnly.
        static EITHER: Schema = Schema::Union(&Union { variants: &[&PET, &CAT], discriminator: None, exclusive: true });
        let mut value = json!({"password": "secret", "meow": "not a boolean"});
        assert!(!check(&mut value, &EITHER, Direction::Response, Place::Body, "").is_empty());
        assert_eq!(value, json!({"meow": "not a boolean"}));
    }

    static SHORT_NAME: Schema =
        Schema::Constrained(&Schema::Ref(&Schema::STRING), &Rules { max_length: Some(2), ..Rules::NONE });

    #[test]
    fn rules_added_to_a_named_schema_apply_too() {
        let check = |mut value: Value| -> Vec<&'static str> {
            validate(&mut value, &SHORT_NAME, Place::Body, "").errors.into_iter().map(|e| e.rule).collect()
        };
        assert!(check(json!("ab")).is_empty());
        assert_eq!(check(json!("abc")), ["maxLength"]);
        assert_eq!(check(json!(3)), ["type"]);
    }

    #[test]
    fn parameter_errors_are_named_by_the_parameter() {
        let mut value = json!(0);
        let errors = validate(
            &mut value,
            &Schema::Integer(IntegerFormat::I64, &Rules { minimum: Some(1.0), ..Rules::NONE }),
            Place::Query,
            "page",
        )
        .errors;
        assert_eq!(errors[0].field, "page");
        assert_eq!(errors[0].rule, "minimum");
    }
}
