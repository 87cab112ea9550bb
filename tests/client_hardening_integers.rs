//! What a client sending an integer beyond its type is told: an `integer`
//! without `format` is a 64-bit signed integer (`int64`) in the generated
//! crates, and a generated server refuses a larger one as out of range for
//! that type, in a JSON body, a form body or a parameter; never as "not an
//! integer", and never with a message that reaches it from serde.

mod server_support;

use axum::Router;
use axum::http::StatusCode;
use server_support::iblai::Iblai;
use server_support::{Answer, Calls, GOOD, TestAuth, request};

const IBLAI: &str = "/api/credentials/orgs/acme/users/u1";
const INT64: &str = "out of range for a 64-bit signed integer (int64";

/// Beyond `i64::MAX` as a `u64`, beyond a `u64`, and below `i64::MIN`.
const TOO_LARGE: [&str; 3] = ["9223372036854775808", "99999999999999999999", "-99999999999999999999"];

fn api_key() -> String {
    format!("Api-Key {GOOD}")
}

/// The answer is a 400 with one error, on `field`, of rule `format`,
/// saying the value is out of range for an int64; no handler ran.
fn assert_out_of_range(answer: &Answer, calls: &Calls, field: &str) {
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.bytes);
    let error = answer.error.as_ref().expect("the router's own answer");
    assert_eq!(error.errors.len(), 1, "{error:?}");
    let found = &error.errors[0];
    assert_eq!((found.field.as_str(), found.rule), (field, "format"), "{error:?}");
    assert!(found.message.contains(INT64), "{error:?}");
    assert!(!found.message.contains("expected") && !found.message.contains("invalid type"), "{error:?}");
    assert!(calls.take().is_empty(), "the handler ran");
}

fn router() -> (Router, Calls) {
    let api = Iblai::default();
    (iblai_credentials_server::router(api.clone(), TestAuth), api.calls)
}

/// A credential (the request body of creating one) with `icon_image_id` as given, unquoted.
fn credential_json(icon_image_id: &str) -> String {
    format!(
        r#"{{"entityId": "e", "name": "n", "criteriaUrl": "u", "criteriaNarrative": "c",
            "createdAt": "2024-01-01T00:00:00Z", "icon_image_id": {icon_image_id}, "background_image_id": 2,
            "thumbnail_image_id": 3, "credentialType": "t", "signal": "s"}}"#
    )
}

async fn create(router: &Router, content_type: &str, body: String) -> Answer {
    request("POST", &format!("{IBLAI}/"))
        .header("authorization", &api_key())
        .header("content-type", content_type)
        .body_to(router, body)
        .await
}

#[tokio::test]
async fn json_bodies_refuse_integers_beyond_int64_as_out_of_range() {
    let (router, calls) = router();
    let answer = create(&router, "application/json", credential_json("1")).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.bytes);
    assert!(calls.take()[0].args[1].contains("icon_image_id: 1"));
    for number in TOO_LARGE.into_iter().chain(["1e20", "-1e300"]) {
        let answer = create(&router, "application/json", credential_json(number)).await;
        assert_out_of_range(&answer, &calls, "/icon_image_id");
    }
    // Too long even for a float: well-formed JSON, out of range, not malformed.
    let answer = create(&router, "application/json", credential_json(&"9".repeat(400))).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.error.expect("the router's own answer");
    assert!(error.errors[0].message.contains("number out of range"), "{error:?}");
    assert!(error.errors[0].message.contains("int64") && !error.errors[0].message.contains("malformed"), "{error:?}");
    // A fraction is still not an integer.
    let answer = create(&router, "application/json", credential_json("1.5")).await;
    let error = answer.error.expect("the router's own answer");
    assert_eq!(error.errors[0].rule, "type", "{error:?}");
    assert!(calls.take().is_empty());
}

#[tokio::test]
async fn form_bodies_refuse_integers_beyond_int64_as_out_of_range() {
    let (router, calls) = router();
    let form = |id: &str| {
        format!(
            "entityId=e&name=n&criteriaUrl=u&criteriaNarrative=c&createdAt=2024-01-01T00:00:00Z\
             &icon_image_id={id}&background_image_id=2&thumbnail_image_id=3&credentialType=t&signal=s"
        )
    };
    for number in TOO_LARGE {
        let answer = create(&router, "application/x-www-form-urlencoded", form(number)).await;
        assert_out_of_range(&answer, &calls, "/icon_image_id");
    }
    let answer = create(&router, "application/x-www-form-urlencoded", form("1")).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.bytes);
}

#[tokio::test]
async fn query_parameters_refuse_integers_beyond_int64_as_out_of_range() {
    let (router, calls) = router();
    let get = |query: String| {
        let router = router.clone();
        async move {
            request("GET", &format!("{IBLAI}/course-credentials/?{query}"))
                .header("authorization", &api_key())
                .to(&router)
                .await
        }
    };
    for number in TOO_LARGE {
        assert_out_of_range(&get(format!("page={number}")).await, &calls, "page");
        assert_out_of_range(&get(format!("page_size={number}")).await, &calls, "page_size");
    }
    // Not an integer at all: still said so.
    let answer = get("page=12a".to_owned()).await;
    let error = answer.error.expect("the router's own answer");
    assert_eq!((error.errors[0].field.as_str(), error.errors[0].rule), ("page", "type"), "{error:?}");
    let answer = get(format!("page={}", i64::MAX)).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    let args = calls.take()[0].args.join(" ");
    assert!(args.contains(&format!("page: Some({})", i64::MAX)), "{args}");
}
