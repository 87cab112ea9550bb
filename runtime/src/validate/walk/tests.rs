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
        Field { name: "id", schema: &Schema::I64, required: true, nullable: false, read_only: true, write_only: false },
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
        Field { name: "color", schema: &COLOR, required: false, nullable: true, read_only: false, write_only: false },
        Field {
            name: "tags",
            schema: &Schema::Array(&Schema::STRING, &Rules { max_items: Some(2), unique_items: true, ..Rules::NONE }),
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

/// Every width refuses what its Rust type cannot hold, naming the type
/// and its range; a `uint64` above `i64::MAX` is a value, and the 128-bit
/// formats take what a `serde_json::Value` holds losslessly.
#[test]
fn each_integer_width_has_its_range() {
    let of = |format| Schema::Integer(format, &Rules::NONE);
    let cases: [(IntegerFormat, &str, &str, &str); 10] = [
        (IntegerFormat::I8, "-128", "128", "an 8-bit signed integer (int8), which holds -128 to 127"),
        (IntegerFormat::I16, "32767", "-32769", "a 16-bit signed integer (int16)"),
        (IntegerFormat::I32, "2147483647", "2147483648", "a 32-bit signed integer (int32)"),
        (IntegerFormat::I64, "-9223372036854775808", "9223372036854775808", "(int64, the type of an integer"),
        (IntegerFormat::U8, "255", "-1", "an 8-bit unsigned integer (uint8), which holds 0 to 255"),
        (IntegerFormat::U16, "65535", "65536", "a 16-bit unsigned integer (uint16)"),
        (IntegerFormat::U32, "4294967295", "4294967296", "a 32-bit unsigned integer (uint32)"),
        (
            IntegerFormat::U64,
            "18446744073709551615",
            "18446744073709551616",
            "(uint64), which holds 0 to 18446744073709551615",
        ),
        (IntegerFormat::I128, "-9223372036854775808", "18446744073709551616", "int128 as this server reads it"),
        (IntegerFormat::U128, "18446744073709551615", "-1", "uint128 as this server reads it"),
    ];
    for (format, fits, beyond, says) in cases {
        let schema = of(format);
        assert!(errors_of(&schema, fits).is_empty(), "{format:?} {fits}");
        let errors = errors_of(&schema, beyond);
        assert_eq!(errors.len(), 1, "{format:?} {beyond}: {errors:?}");
        assert_eq!(errors[0].0, "format", "{format:?} {beyond}: {errors:?}");
        assert!(errors[0].1.contains(says), "{format:?} {beyond}: {errors:?}");
    }
    assert_eq!(errors_of(&of(IntegerFormat::U64), "1.5")[0].0, "type");
}

#[test]
fn schemas_say_whether_a_direction_drops_members() {
    let drops = |schema: &Schema<'_>, direction| super::super::drops_members(schema, direction);
    assert!(drops(&PET, Direction::Request) && drops(&PET, Direction::Response));
    assert!(!drops(&CAT, Direction::Request) && !drops(&CAT, Direction::Response));
    static PETS: Schema = Schema::Array(&Schema::Nullable(&PET), &Rules::NONE);
    assert!(drops(&PETS, Direction::Response));
    static EITHER: Schema = Schema::Union(&Union { variants: &[&CAT, &PETS], discriminator: None, exclusive: true });
    assert!(drops(&EITHER, Direction::Request));
    // A schema that contains itself, with nothing dropped in it.
    let node = Late::new();
    let next = Schema::Late(&node);
    let fields = [Field::new("next", &next)];
    let object = Object { fields: &fields, additional: None, deny_unknown: false };
    assert!(node.bind(Schema::Object(&object)));
    assert!(!drops(&next, Direction::Response));
}
