use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::read;
use crate::validate::schema::{Field, IntegerFormat, Object, Rules, Schema, Union};
use crate::validate::{Direction, Place, check};

/// `read`, held to its promise: where it gives a model, the long way
/// (parse, check, deserialize the value) gives the same one and finds no
/// fault; where the long way finds none and the model reads, `read` is
/// expected to give it too unless `may_refuse`.
fn agrees<T: DeserializeOwned + PartialEq + std::fmt::Debug>(schema: &Schema<'_>, text: &str, may_refuse: bool) {
    let fast = read::<T>(text.as_bytes(), schema);
    let long = serde_json::from_str::<Value>(text).ok().and_then(|mut value| {
        let before = value.clone();
        let valid = check(&mut value, schema, Direction::Request, Place::Body, "").is_empty();
        let unchanged = value == before;
        valid.then(|| (serde_json::from_value::<T>(value).ok(), unchanged))
    });
    match (&fast, long) {
        (Some(model), Some((Some(long), unchanged))) => {
            assert_eq!(model, &long, "{text}");
            assert!(unchanged, "{text}: read a model the walker changes");
        }
        (Some(model), long) => panic!("{text}: read {model:?}, the long way gives {long:?}"),
        (None, Some((Some(_), true))) => assert!(may_refuse, "{text}: refused, yet valid"),
        (None, _) => {}
    }
}

static NAME: Schema = Schema::String(&Rules { max_length: Some(5), pattern: Some(r"^\w+$"), ..Rules::NONE });
static AGE: Schema = Schema::Integer(IntegerFormat::I32, &Rules { minimum: Some(0.0), ..Rules::NONE });
static TAGS: Schema = Schema::Array(&Schema::STRING, &Rules { max_items: Some(2), ..Rules::NONE });
static SIZES: Schema = Schema::Map(&Schema::NUMBER, &Rules { max_items: Some(2), ..Rules::NONE });
static OWNER: Schema = Schema::Object(&Object {
    fields: &[Field::new("id", &Schema::UUID).required(), Field::new("since", &Schema::DATE)],
    additional: Some(&Schema::Boolean),
    deny_unknown: false,
});
static PET: Schema = Schema::Object(&Object {
    fields: &[
        Field::new("name", &NAME).required(),
        Field::new("age", &AGE),
        Field::new("color", &Schema::StringEnum(&["red", "green"])).nullable(),
        Field::new("tags", &TAGS),
        Field::new("born", &Schema::DATE_TIME),
        Field::new("sizes", &SIZES),
        Field::new("extra", &Schema::Any),
        Field::new("owner", &Schema::Nullable(&OWNER)),
        Field::new("stamp", &Schema::I64).read_only(),
        Field::new("unread", &Schema::Boolean),
    ],
    additional: None,
    deny_unknown: true,
});

#[derive(Debug, PartialEq, Deserialize)]
struct Owner {
    id: String,
    since: Option<String>,
}

/// A model of `PET` as the generator writes them: it skips members it
/// has no field for (`unread`), reads readOnly ones.
#[derive(Debug, PartialEq, Deserialize)]
struct Pet {
    name: String,
    age: Option<i32>,
    color: Option<String>,
    tags: Option<Vec<String>>,
    born: Option<String>,
    sizes: Option<BTreeMap<String, f64>>,
    extra: Option<Value>,
    owner: Option<Option<Owner>>,
    stamp: Option<i64>,
}

#[test]
fn valid_text_is_read_and_invalid_text_refused() {
    for text in [
        r#"{"name": "rex"}"#,
        r#" {"name": "rex", "age": 3, "color": null, "tags": ["a", "b"], "sizes": {"x": 1.5, "y": 2}} "#,
        r#"{"name": "r\u0065x", "born": "2026-11-27T12:00:00Z", "extra": {"any": [1, {"thing": null}]}}"#,
        r#"{"name": "rex", "owner": {"id": "6f1c1f5e-9a8b-4c3d-8e2f-1a2b3c4d5e6f", "since": "2020-01-02", "x": true}}"#,
        r#"{"name": "rex", "owner": null, "unread": true}"#,
        r#"{"n\u0061me": "rex"}"#,
    ] {
        assert!(read::<Pet>(text.as_bytes(), &PET).is_some(), "{text}");
        agrees::<Pet>(&PET, text, false);
    }
    for text in [
        r#"{}"#,
        r#"{"name": "toolong"}"#,
        r#"{"name": "a b"}"#,
        r#"{"name": 5}"#,
        r#"{"name": null}"#,
        r#"{"name": "rex", "age": -1}"#,
        r#"{"name": "rex", "age": 3000000000}"#,
        r#"{"name": "rex", "age": 1.5}"#,
        r#"{"name": "rex", "color": "blue"}"#,
        r#"{"name": "rex", "tags": ["a", "b", "c"]}"#,
        r#"{"name": "rex", "tags": ["a", 1]}"#,
        r#"{"name": "rex", "born": "yesterday"}"#,
        r#"{"name": "rex", "sizes": {"x": 1, "y": 2, "z": 3}}"#,
        r#"{"name": "rex", "other": 1}"#,
        r#"{"name": "rex", "unread": "yes"}"#,
        r#"{"name": "rex", "owner": {"id": "nope"}}"#,
        r#"{"name": "rex", "owner": {"since": "2020-01-02"}}"#,
        r#"{"name": "rex", "owner": {"id": "6f1c1f5e-9a8b-4c3d-8e2f-1a2b3c4d5e6f", "x": 1}}"#,
        r#"{"name": "rex"} {}"#,
        r#"{"name": "rex""#,
        "[]",
        "null",
    ] {
        assert!(read::<Pet>(text.as_bytes(), &PET).is_none(), "{text}");
        agrees::<Pet>(&PET, text, false);
    }
}

#[test]
fn what_the_long_way_changes_or_reads_otherwise_is_left_to_it() {
    // A readOnly member: the long way drops it before the model sees it.
    assert!(read::<Pet>(br#"{"name": "rex", "stamp": 7}"#, &PET).is_none());
    agrees::<Pet>(&PET, r#"{"name": "rex", "stamp": 7}"#, true);
    // A repeated member: the model refuses it, the long way keeps the last.
    assert!(read::<Pet>(br#"{"name": "max", "name": "rex"}"#, &PET).is_none());
    // In a map, the last one wins both ways.
    agrees::<Pet>(&PET, r#"{"name": "rex", "sizes": {"x": 1, "x": 2}}"#, false);
}

static CAT: Schema = Schema::Object(&Object {
    fields: &[Field::new("kind", &Schema::StringEnum(&["cat"])).required(), Field::new("lives", &AGE)],
    additional: None,
    deny_unknown: true,
});
static DOG: Schema = Schema::Object(&Object {
    fields: &[Field::new("kind", &Schema::StringEnum(&["dog"])).required(), Field::new("name", &NAME)],
    additional: None,
    deny_unknown: true,
});
static ONE_OF: Schema = Schema::Union(&Union { variants: &[&CAT, &DOG], discriminator: None, exclusive: true });
static UNIQUE: Schema = Schema::Array(&Schema::I64, &Rules { unique_items: true, ..Rules::NONE });
static AT_LEAST_TWO: Schema = Schema::Map(&Schema::I64, &Rules { min_items: Some(2), ..Rules::NONE });
static SHORT: Schema = Schema::Constrained(&NAME, &Rules { max_length: Some(3), ..Rules::NONE });
static FEW: Schema = Schema::Constrained(&TAGS, &Rules { max_items: Some(1), ..Rules::NONE });
static HOLDER: Schema = Schema::Object(&Object {
    fields: &[
        Field::new("pet", &ONE_OF),
        Field::new("unique", &UNIQUE),
        Field::new("two", &AT_LEAST_TWO),
        Field::new("short", &SHORT),
        Field::new("few", &FEW),
        Field::new("big", &Schema::Integer(IntegerFormat::U64, &Rules::NONE)),
        Field::new("wide", &Schema::Integer(IntegerFormat::I128, &Rules::NONE)),
        Field::new("ratio", &Schema::Number(&Rules { multiple_of: Some(0.5), maximum: Some(10.0), ..Rules::NONE })),
        Field::new("list", &Schema::JsonObject),
        Field::new("code", &Schema::IntegerEnum(&[1, 2])),
    ],
    additional: Some(&Schema::STRING),
    deny_unknown: false,
});

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Animal {
    Cat { kind: String, lives: Option<i32> },
    Dog { kind: String, name: Option<String> },
}

#[derive(Debug, PartialEq, Deserialize)]
struct Holder {
    pet: Option<Animal>,
    unique: Option<Vec<i64>>,
    two: Option<BTreeMap<String, i64>>,
    short: Option<String>,
    few: Option<Vec<String>>,
    big: Option<u64>,
    wide: Option<i128>,
    ratio: Option<f64>,
    list: Option<BTreeMap<String, Value>>,
    code: Option<i64>,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

#[test]
fn parts_built_as_values_and_odd_models_read_as_the_long_way_reads_them() {
    for text in [
        r#"{"pet": {"kind": "cat", "lives": 9}}"#,
        r#"{"pet": {"kind": "dog", "name": "rex"}}"#,
        r#"{"pet": {"kind": "cow"}}"#,
        r#"{"unique": [1, 2, 3]}"#,
        r#"{"unique": [1, 2, 1]}"#,
        r#"{"two": {"a": 1, "b": 2}}"#,
        r#"{"two": {"a": 1, "a": 2}}"#,
        r#"{"short": "abc"}"#,
        r#"{"short": "abcd"}"#,
        r#"{"few": ["a"]}"#,
        r#"{"few": ["a", "b"]}"#,
        r#"{"big": 18446744073709551615}"#,
        r#"{"big": -1}"#,
        r#"{"wide": -9223372036854775808}"#,
        r#"{"wide": 18446744073709551616}"#,
        r#"{"ratio": 2.5}"#,
        r#"{"ratio": 2.4}"#,
        r#"{"list": {"a": [1]}}"#,
        r#"{"list": [1]}"#,
        r#"{"code": 2}"#,
        r#"{"code": 3}"#,
        r#"{"other": "text", "more": "x"}"#,
        r#"{"other": 1}"#,
    ] {
        agrees::<Holder>(&HOLDER, text, true);
    }
    assert!(
        read::<Holder>(br#"{"pet": {"kind": "cat"}, "unique": [1, 2], "short": "abc", "x": "y"}"#, &HOLDER).is_some()
    );
}

#[test]
fn a_model_that_skips_members_still_has_them_checked() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct NameOnly {
        name: String,
    }
    agrees::<NameOnly>(
        &PET,
        r#"{"name": "rex", "age": 3, "owner": {"id": "6f1c1f5e-9a8b-4c3d-8e2f-1a2b3c4d5e6f"}}"#,
        false,
    );
    assert!(read::<NameOnly>(br#"{"name": "rex", "age": -3}"#, &PET).is_none());
    assert!(read::<NameOnly>(br#"{"name": "rex", "owner": {"id": "x"}}"#, &PET).is_none());
    assert!(read::<NameOnly>(br#"{"name": "rex", "tags": [1]}"#, &PET).is_none());
    // Values of any schema, skipped by the model, are skipped here too.
    assert!(read::<NameOnly>(br#"{"name": "rex", "extra": [1, {"a": null}]}"#, &PET).is_some());
}
