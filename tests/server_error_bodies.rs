//! The router's own answers (400, 401, 404, 405) take the shape the spec
//! declares for their status, as schemathesis' conformance run requires
//! (`.ci/conformance`): Hypto's `ErrorResponse` is `{message}` and nothing
//! else; Katanemo's `Error` requires an integer `code`; where the declared
//! schema allows the router's own members, they are kept.

mod server_support;

use axum::http::StatusCode;
use serde_json::Value;
use server_support::hypto::Hypto;
use server_support::katanemo::Katanemo;
use server_support::tiledb::Tiledb;
use server_support::{Answer, GOOD, TestAuth, request};

/// The names of the body's members, sorted.
fn members(answer: &Answer) -> Vec<String> {
    match answer.json() {
        Value::Object(members) => members.keys().cloned().collect(),
        other => panic!("not a JSON object: {other}"),
    }
}

#[tokio::test]
async fn hypto_answers_with_its_error_response_only() {
    let router = hypto_iam_server::router(Hypto::default(), TestAuth);
    let bearer = format!("Bearer {GOOD}");
    let uri = "/organizations/ORG0000001/users/user_1/credentials/c1";

    let unauthorized = request("GET", uri).to(&router).await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    assert_eq!(members(&unauthorized), ["message"]);
    assert_eq!(unauthorized.header("www-authenticate"), Some("Bearer"), "headers are kept");

    let invalid = request("GET", "/organizations/x/users/user_1/credentials/c1")
        .header("authorization", &bearer)
        .to(&router)
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(members(&invalid), ["message"]);
    let message = invalid.json()["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("organization_id"), "the message still names the field: {message}");
    assert_eq!(
        invalid.errors(),
        [("organization_id".to_owned(), "pattern".to_owned())],
        "the router's record is intact"
    );

    let unknown = request("GET", "/nowhere").header("authorization", &bearer).to(&router).await;
    assert_eq!((unknown.status, members(&unknown)), (StatusCode::NOT_FOUND, vec!["message".to_owned()]));

    let not_allowed = request("PUT", uri).header("authorization", &bearer).to(&router).await;
    assert_eq!(
        (not_allowed.status, members(&not_allowed)),
        (StatusCode::METHOD_NOT_ALLOWED, vec!["message".to_owned()])
    );
    assert!(not_allowed.header("allow").is_some());
}

#[tokio::test]
async fn required_members_are_filled_and_the_routers_kept_where_allowed() {
    // Katanemo's 404 is `Error`: `code` (int32) and `message` required, other members allowed.
    let router = katanemo_identity_server::router(Katanemo::default());
    let unknown = request("GET", "/nowhere").to(&router).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(members(&unknown), ["code", "error", "message", "status"]);
    assert_eq!(unknown.json()["code"], 404);
}

#[tokio::test]
async fn bodies_that_fit_are_untouched() {
    // TileDB's `Error` has only optional members and allows others.
    let router = tiledb_user_server::router(Tiledb::default(), TestAuth);
    let unauthorized = request("GET", "/user").to(&router).await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    assert_eq!(members(&unauthorized), ["error", "message", "status"]);
}
