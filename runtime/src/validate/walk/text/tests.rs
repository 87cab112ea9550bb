use serde_json::Value;

use super::accepts;
use crate::validate::schema::{Field, IntegerFormat, Late, Object, Rules, Schema, StringFormat, Union};
use crate::validate::{Direction, Place, check};

/// Whether the pass accepts `text`; where it does, the walker must find
/// nothing in the parsed value and leave it as it is (the one promise the
/// pass makes).
fn judged(schema: &Schema<'_>, text: &str) -> bool {
    let accepted = accepts(text.as_bytes(), schema);
    if accepted {
        let parsed: Value = serde_json::from_str(text).expect("accepted text parses");
        let mut value = parsed.clone();
        let found = check(&mut value, schema, Direction::Request, Place::Body, "");
        assert!(found.is_empty(), "accepted {text} against {schema:?}, the walker found {:?}", found.errors);
        assert_eq!(value, parsed, "accepted {text}, but the walker changes it");
    }
    accepted
}

/// Accepted where the walker finds nothing, refused where it finds a fault.
fn agrees(schema: &Schema<'_>, text: &str) {
    let mut value: Value = serde_json::from_str(text).expect("JSON");
    let valid = check(&mut value, schema, Direction::Request, Place::Body, "").is_empty();
    assert_eq!(judged(schema, text), valid, "{text}");
}

static NAME: Schema = Schema::String(&Rules { max_length: Some(5), pattern: Some(r"^\w+$"), ..Rules::NONE });
static AGE: Schema = Schema::Integer(IntegerFormat::I32, &Rules { minimum: Some(0.0), ..Rules::NONE });
static TAGS: Schema = Schema::Array(&Schema::STRING, &Rules { max_items: Some(2), ..Rules::NONE });
static COLOR: Schema = Schema::StringEnum(&["red", "green"]);
static SIZES: Schema = Schema::Map(&Schema::NUMBER, &Rules { max_items: Some(2), ..Rules::NONE });
static PET: Schema = Schema::Object(&Object {
    fields: &[
        Field::new("name", &NAME).required(),
        Field::new("age", &AGE),
        Field::new("color", &COLOR).nullable(),
        Field::new("tags", &TAGS),
        Field::new("born", &Schema::DATE_TIME),
        Field::new("sizes", &SIZES),
        Field::new("extra", &Schema::Any),
        Field::new("owner", &Schema::Nullable(&OWNER)),
    ],
    additional: None,
    deny_unknown: true,
});
static OWNER: Schema = Schema::Object(&Object {
    fields: &[Field::new("id", &Schema::UUID).required(), Field::new("since", &Schema::DATE)],
    additional: Some(&Schema::Boolean),
    deny_unknown: false,
});

#[test]
fn valid_text_is_accepted_without_building_it() {
    for text in [
        r#"{"name": "rex"}"#,
        r#" {"name": "rex", "age": 3, "color": null, "tags": ["a", "b"], "sizes": {"x": 1.5, "y": 2}} "#,
        r#"{"name": "r\u0065x", "born": "2026-11-27T12:00:00Z", "extra": {"any": [1, {"thing": null}]}}"#,
        r#"{"name": "rex", "owner": {"id": "6f1c1f5e-9a8b-4c3d-8e2f-1a2b3c4d5e6f", "since": "2020-01-02", "x": true}}"#,
        r#"{"name": "rex", "owner": null}"#,
        r#"{"n\u0061me": "rex"}"#,
    ] {
        assert!(judged(&PET, text), "{text}");
    }
}

#[test]
fn faults_are_refused_as_the_walker_finds_them() {
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
        r#"{"name": "rex", "tags": "a"}"#,
        r#"{"name": "rex", "born": "yesterday"}"#,
        r#"{"name": "rex", "sizes": {"x": 1, "y": 2, "z": 3}}"#,
        r#"{"name": "rex", "sizes": {"x": "1"}}"#,
        r#"{"name": "rex", "other": 1}"#,
        r#"{"name": "rex", "owner": {"id": "nope"}}"#,
        r#"{"name": "rex", "owner": {"since": "2020-01-02"}}"#,
        r#"{"name": "rex", "owner": {"id": "6f1c1f5e-9a8b-4c3d-8e2f-1a2b3c4d5e6f", "x": 1}}"#,
        r#"["rex"]"#,
        r#""rex""#,
        r#"null"#,
    ] {
        agrees(&PET, text);
        assert!(!judged(&PET, text), "{text}");
    }
}

#[test]
fn text_that_is_not_one_json_value_is_refused() {
    for text in [r#"{"name": "rex"} {}"#, r#"{"name": "rex""#, "", r#"{"name": "rex",}"#] {
        assert!(!accepts(text.as_bytes(), &PET), "{text}");
    }
    // A repeated member: each is checked (the walker sees the last one).
    assert!(!judged(&PET, r#"{"name": "toolong", "name": "rex"}"#));
    assert!(judged(&PET, r#"{"name": "rex", "name": "max"}"#));
}

static STAMPED: Schema = Schema::Object(&Object {
    fields: &[Field::new("id", &Schema::I64).required().read_only(), Field::new("name", &Schema::STRING).required()],
    additional: None,
    deny_unknown: false,
});

#[test]
fn members_a_request_drops_are_left_to_the_walker() {
    // Absent: nothing to drop, and a readOnly member is not required.
    assert!(judged(&STAMPED, r#"{"name": "rex"}"#));
    // Present: only the walker can take it out.
    assert!(!judged(&STAMPED, r#"{"id": 1, "name": "rex"}"#));
    assert!(!judged(&Schema::Array(&STAMPED, &Rules::NONE), r#"[{"id": 1, "name": "rex"}]"#));
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
static ANY_TEXT: Schema =
    Schema::Union(&Union { variants: &[&NAME, &Schema::UUID], discriminator: None, exclusive: false });
static UNIQUE: Schema = Schema::Array(&Schema::I64, &Rules { unique_items: true, ..Rules::NONE });
static AT_LEAST_TWO: Schema = Schema::Map(&Schema::I64, &Rules { min_items: Some(2), ..Rules::NONE });
static SHORT: Schema = Schema::Constrained(&NAME, &Rules { max_length: Some(3), ..Rules::NONE });
static FEW: Schema = Schema::Constrained(&TAGS, &Rules { max_items: Some(1), ..Rules::NONE });
static HOLDER: Schema = Schema::Object(&Object {
    fields: &[
        Field::new("pet", &ONE_OF),
        Field::new("text", &ANY_TEXT),
        Field::new("unique", &UNIQUE),
        Field::new("two", &AT_LEAST_TWO),
        Field::new("short", &SHORT),
        Field::new("few", &FEW),
        Field::new("big", &Schema::Integer(IntegerFormat::U64, &Rules::NONE)),
        Field::new("ratio", &Schema::Number(&Rules { multiple_of: Some(0.5), maximum: Some(10.0), ..Rules::NONE })),
        Field::new("flag", &Schema::Boolean),
        Field::new("bytes", &Schema::BYTE),
        Field::new("list", &Schema::JsonObject),
        Field::new("code", &Schema::IntegerEnum(&[1, 2])),
        Field::new("when", &Schema::String(&Rules::NONE.format(StringFormat::Date))),
    ],
    additional: None,
    deny_unknown: false,
});

#[test]
fn parts_built_as_values_are_judged_as_the_walker_judges_them() {
    for text in [
        r#"{"pet": {"kind": "cat", "lives": 9}}"#,
        r#"{"pet": {"kind": "dog", "name": "rex"}}"#,
        r#"{"pet": {"kind": "cow"}}"#,
        r#"{"pet": {"kind": "cat", "name": "rex"}}"#,
        r#"{"text": "rex"}"#,
        r#"{"text": "6f1c1f5e-9a8b-4c3d-8e2f-1a2b3c4d5e6f"}"#,
        r#"{"text": "not one"}"#,
        r#"{"unique": [1, 2, 3]}"#,
        r#"{"unique": [1, 2, 1]}"#,
        r#"{"two": {"a": 1, "b": 2}}"#,
        r#"{"two": {"a": 1, "a": 2}}"#,
        r#"{"two": {"a": 1}}"#,
        r#"{"short": "abc"}"#,
        r#"{"short": "abcd"}"#,
        r#"{"short": "a-c"}"#,
        r#"{"few": ["a"]}"#,
        r#"{"few": ["a", "b"]}"#,
        r#"{"big": 18446744073709551615}"#,
        r#"{"big": -1}"#,
        r#"{"ratio": 2.5}"#,
        r#"{"ratio": 2.4}"#,
        r#"{"ratio": 12}"#,
        r#"{"flag": true, "bytes": "aGk=", "list": {"a": [1]}, "code": 2, "when": "2026-11-27"}"#,
        r#"{"flag": 1}"#,
        r#"{"bytes": "a"}"#,
        r#"{"list": [1]}"#,
        r#"{"code": 3}"#,
        r#"{"when": "2026-13-27"}"#,
        r#"{"unknown": {"deep": [1, 2, {"x": null}]}}"#,
    ] {
        agrees(&HOLDER, text);
    }
    assert!(judged(&HOLDER, r#"{"pet": {"kind": "cat", "lives": 9}, "unique": [1, 2], "short": "abc"}"#));
}

#[test]
fn schemas_bound_late_and_deep_nesting_are_judged_too() {
    static NODE: Late<'static> = Late::new();
    static TREE: Schema = Schema::Late(&NODE);
    static CHILDREN: Schema = Schema::Array(&TREE, &Rules::NONE);
    static BRANCH: Schema = Schema::Object(&Object {
        fields: &[Field::new("name", &Schema::STRING).required(), Field::new("children", &CHILDREN)],
        additional: None,
        deny_unknown: true,
    });
    // Unbound, it accepts anything, as the walker does.
    assert!(judged(&TREE, r#"[1, "two"]"#));
    NODE.bind(Schema::Ref(&BRANCH));
    agrees(&TREE, r#"{"name": "a", "children": [{"name": "b", "children": []}, {"name": "c"}]}"#);
    agrees(&TREE, r#"{"name": "a", "children": [{"name": "b", "children": [{"children": []}]}]}"#);
    // Deeper than the parser goes: refused, for the walker to report.
    let deep = format!("{}{}", r#"{"name": "a", "children": ["#.repeat(200), "]}".repeat(200));
    assert!(!accepts(deep.as_bytes(), &TREE));
}
