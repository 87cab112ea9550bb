//! The auth matrix of each generated server: no credentials, the wrong
//! scheme, rejected and accepted credentials (each alternative for TileDB),
//! asserting the status, `WWW-Authenticate`, and whether the handler ran.

mod server_support;

use axum::Router;
use axum::http::StatusCode;
use server_support::hypto::Hypto;
use server_support::iblai::Iblai;
use server_support::katanemo::Katanemo;
use server_support::tiledb::Tiledb;
use server_support::{Calls, GOOD, TestAuth, USER, basic, request};

/// What a request must get.
enum Expect {
    /// 401 with these challenges; the handler did not run.
    Refused(&'static [&'static str]),
    /// The handler ran with this principal and answered this status.
    Ran(Option<&'static str>, u16),
}

async fn check(router: &Router, calls: &Calls, method: &str, uri: &str, headers: &[(&str, &str)], expect: Expect) {
    let mut send = request(method, uri);
    for (name, value) in headers {
        send = send.header(name, value);
    }
    let answer = send.to(router).await;
    let ran = calls.take();
    match expect {
        Expect::Refused(challenges) => {
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{uri} {headers:?}");
            let sent: Vec<&str> =
                answer.headers.get_all("www-authenticate").iter().filter_map(|v| v.to_str().ok()).collect();
            assert_eq!(sent, challenges, "{uri} {headers:?}");
            // The body is JSON, in the shape the spec declares for 401 where it declares one.
            assert!(answer.json()["message"].is_string(), "JSON error body");
            assert!(ran.is_empty(), "{uri} {headers:?}: the handler ran: {ran:?}");
        }
        Expect::Ran(principal, status) => {
            assert_eq!(answer.status.as_u16(), status, "{uri} {headers:?}: {:?}", answer.json());
            assert_eq!(ran.len(), 1, "{uri} {headers:?}");
            assert_eq!(ran[0].principal.as_deref(), principal, "{uri} {headers:?}");
        }
    }
}

#[tokio::test]
async fn hypto_iam_requires_a_bearer_token() {
    let api = Hypto::default();
    let router = hypto_iam_server::router(api.clone(), TestAuth);
    let uri = "/organizations/ORG0000001/users/user_1/credentials/c1";
    let good = format!("Bearer {GOOD}");
    let good_basic = basic(USER, GOOD);
    let refused = Expect::Refused(&["Bearer"]);
    check(&router, &api.calls, "GET", uri, &[], refused).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", &good_basic)], Expect::Refused(&["Bearer"])).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", "Bearer")], Expect::Refused(&["Bearer"])).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", "Bearer wrong")], Expect::Refused(&["Bearer"])).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", &good)], Expect::Ran(Some("bearerAuth"), 404)).await;
    let lower = format!("bearer {GOOD}");
    check(&router, &api.calls, "GET", uri, &[("authorization", &lower)], Expect::Ran(Some("bearerAuth"), 404)).await;
}

#[tokio::test]
async fn unauthenticated_requests_are_refused_before_validation() {
    let api = Hypto::default();
    let router = hypto_iam_server::router(api.clone(), TestAuth);
    // Malformed path parameters, but no credentials: 401 first.
    check(&router, &api.calls, "GET", "/organizations/x/users/y/credentials/z", &[], Expect::Refused(&["Bearer"]))
        .await;
    let answer = request("GET", "/organizations/x/users/y/credentials/z").to(&router).await;
    let message = answer.json()["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.starts_with("missing credentials"), "{message}");
}

#[tokio::test]
async fn iblai_accepts_the_api_key_with_either_prefix() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let uri = "/api/credentials/orgs/acme/users/u1/images/";
    let challenge: &[&str] = &["Api-Key"];
    let ran = || Expect::Ran(Some("PlatformApiKeyAuthentication"), 200);
    check(&router, &api.calls, "GET", uri, &[], Expect::Refused(challenge)).await;
    let bearer = format!("Bearer {GOOD}");
    check(&router, &api.calls, "GET", uri, &[("authorization", &bearer)], Expect::Refused(challenge)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", GOOD)], Expect::Refused(challenge)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", "Api-Key wrong")], Expect::Refused(challenge)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", "Api-Token wrong")], Expect::Refused(challenge)).await;
    for prefix in ["Api-Key", "Api-Token", "api-key"] {
        let header = format!("{prefix} {GOOD}");
        check(&router, &api.calls, "GET", uri, &[("authorization", &header)], ran()).await;
    }
}

#[tokio::test]
async fn iblai_public_assertions_need_no_credentials() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let uri = "/api/credentials/public/assertions/a-1/";
    check(&router, &api.calls, "GET", uri, &[], Expect::Ran(None, 200)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", "Api-Key wrong")], Expect::Ran(None, 200)).await;
}

#[tokio::test]
async fn tiledb_accepts_an_api_key_or_basic_credentials() {
    let api = Tiledb::default();
    let router = tiledb_user_server::router(api.clone(), TestAuth);
    let uri = "/tokens/scopes";
    let challenges: &[&str] = &["ApiKey in=\"header\", name=\"X-TILEDB-REST-API-KEY\"", "Basic realm=\"BasicAuth\""];
    let key = "X-TILEDB-REST-API-KEY";
    let good_basic = basic(USER, GOOD);
    let bad_basic = basic(USER, "wrong");
    let bearer = format!("Bearer {GOOD}");
    check(&router, &api.calls, "GET", uri, &[], Expect::Refused(challenges)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", &bearer)], Expect::Refused(challenges)).await;
    check(&router, &api.calls, "GET", uri, &[(key, "wrong")], Expect::Refused(challenges)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", &bad_basic)], Expect::Refused(challenges)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", "Basic !!!")], Expect::Refused(challenges)).await;
    check(&router, &api.calls, "GET", uri, &[(key, GOOD)], Expect::Ran(Some("ApiKeyAuth"), 200)).await;
    check(&router, &api.calls, "GET", uri, &[("authorization", &good_basic)], Expect::Ran(Some("BasicAuth"), 200))
        .await;
    // OR: a rejected key does not hide valid basic credentials.
    let both = [(key, "wrong"), ("authorization", good_basic.as_str())];
    check(&router, &api.calls, "GET", uri, &both, Expect::Ran(Some("BasicAuth"), 200)).await;
}

#[tokio::test]
async fn tiledb_every_operation_is_protected() {
    let api = Tiledb::default();
    let router = tiledb_user_server::router(api.clone(), TestAuth);
    let routes = [
        ("GET", "/credentials/ns/aws"),
        ("POST", "/credentials/ns/aws"),
        ("GET", "/credentials/ns/aws/k"),
        ("DELETE", "/credentials/ns/aws/k"),
        ("PATCH", "/credentials/ns/aws/k"),
        ("POST", "/organizations/o/user"),
        ("GET", "/organizations/o/u"),
        ("DELETE", "/organizations/o/u"),
        ("PATCH", "/organizations/o/u"),
        ("GET", "/session"),
        ("POST", "/token"),
        ("GET", "/tokens"),
        ("GET", "/tokens/scopes"),
        ("GET", "/tokens/session"),
        ("DELETE", "/tokens/t"),
        ("GET", "/user"),
        ("POST", "/user"),
        ("POST", "/user/confirm_email"),
        ("POST", "/user/password_reset"),
        ("GET", "/users/u"),
        ("DELETE", "/users/u"),
        ("PATCH", "/users/u"),
    ];
    for (method, uri) in routes {
        let answer = request(method, uri).to(&router).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    assert!(api.calls.take().is_empty());
}

#[tokio::test]
async fn katanemo_has_no_security() {
    let api = Katanemo::default();
    let router = katanemo_identity_server::router(api.clone());
    check(&router, &api.calls, "GET", "/org/a/keys", &[], Expect::Ran(None, 200)).await;
    check(&router, &api.calls, "GET", "/org/a/keys", &[("authorization", "Bearer anything")], Expect::Ran(None, 200))
        .await;
}
