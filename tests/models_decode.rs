//! How generated structs read JSON: each struct's `Deserialize` is the
//! runtime's derive (`SerdeStruct`), not serde's, and must decide every
//! member as the derive did: a missing required field is an error, an
//! absent optional one `None`, a `null` and an absent nullable one told
//! apart, a member given twice an error, an unknown one skipped, a name
//! with escapes still a name.

use hypto_iam_client::models::{Credential, CredentialStatus};
use serde_json::{Value, json};

fn credential() -> Value {
    json!({
        "id": "c1",
        "status": "active",
        "secret": "s",
        "createdAt": "2024-01-02T03:04:05Z",
        "updatedAt": "2024-01-02T03:04:05+01:00",
    })
}

fn read(value: &Value) -> Result<Credential, String> {
    serde_json::from_str(&value.to_string()).map_err(|e| e.to_string())
}

#[test]
fn required_optional_and_unknown_members() {
    let read_back = read(&credential()).expect("a complete credential");
    assert_eq!(read_back.id, "c1");
    assert_eq!(read_back.status, CredentialStatus::Active);
    assert_eq!(read_back.valid_until, None, "absent optional field");

    let mut with_optional = credential();
    with_optional["validUntil"] = json!("2030-01-01");
    with_optional["unknown"] = json!({"nested": [1, 2, {"deep": null}]});
    let read_back = read(&with_optional).expect("unknown members are skipped");
    assert_eq!(read_back.valid_until.as_deref(), Some("2030-01-01"));
    // Serialized back as it was read, less the unknown member.
    with_optional.as_object_mut().expect("object").remove("unknown");
    let written = serde_json::to_value(&read_back).expect("serializes");
    assert_eq!(written["validUntil"], with_optional["validUntil"]);
    assert_eq!(written["id"], with_optional["id"]);

    let mut null_optional = credential();
    null_optional["validUntil"] = Value::Null;
    assert_eq!(read(&null_optional).expect("null optional").valid_until, None);

    let mut missing = credential();
    missing.as_object_mut().expect("object").remove("secret");
    let error = read(&missing).expect_err("a required field is missing");
    assert!(error.starts_with("missing field `secret`"), "{error}");

    let mut wrong_type = credential();
    wrong_type["id"] = json!(7);
    let error = read(&wrong_type).expect_err("a field of the wrong type");
    assert!(error.contains("invalid type: integer `7`, expected a string"), "{error}");

    let error = serde_json::from_str::<Credential>("[]").expect_err("not an object");
    assert!(error.to_string().contains("expected struct Credential"), "{error}");
}

#[test]
fn duplicate_and_escaped_member_names() {
    let text = credential().to_string();
    let twice = text.replacen('{', "{\"id\":\"c0\",", 1);
    let error = serde_json::from_str::<Credential>(&twice).expect_err("id given twice");
    assert!(error.to_string().starts_with("duplicate field `id`"), "{error}");

    // `\u0073ecret` is `secret`: a name the parser must unescape, so not borrowed.
    let escaped = text.replace("\"secret\"", "\"\\u0073ecret\"");
    assert_ne!(escaped, text);
    assert_eq!(serde_json::from_str::<Credential>(&escaped).expect("escaped name").secret, "s");

    // From a `Value` (owned strings) as from text (borrowed ones).
    let from_value: Credential = serde_json::from_value(credential()).expect("from a value");
    assert_eq!(from_value, read(&credential()).expect("from text"));
}

#[test]
fn nullable_optional_fields_tell_null_from_absent() {
    use iblai_credentials_client::models::Issuer;
    let issuer = Issuer::new("n".into(), "o".into(), "e".into(), Default::default(), "u".into(), "i".into());
    let absent = serde_json::to_value(&issuer).expect("serializes");
    assert!(absent.get("allowed_template_tags").is_none(), "{absent}");
    let read = |value: &Value| serde_json::from_value::<Issuer>(value.clone()).expect("an issuer");
    assert_eq!(read(&absent).allowed_template_tags, None);
    let mut null = absent.clone();
    null["allowed_template_tags"] = Value::Null;
    assert_eq!(read(&null).allowed_template_tags, Some(None));
    assert_eq!(serde_json::to_value(read(&null)).expect("serializes"), null, "null written back");
    let mut given = absent.clone();
    given["allowed_template_tags"] = json!(["a"]);
    assert_eq!(read(&given).allowed_template_tags, Some(Some(json!(["a"]))));
}
