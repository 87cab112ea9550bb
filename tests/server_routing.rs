//! Every route of the four generated servers: each operation is reached
//! with its exact path (overlapping templates included), unknown paths
//! answer 404 and known paths with another method 405 with `Allow`.

mod server_support;

use axum::Router;
use axum::http::StatusCode;
use serde_json::{Value, json};
use server_support::hypto::Hypto;
use server_support::iblai::Iblai;
use server_support::katanemo::Katanemo;
use server_support::tiledb::Tiledb;
use server_support::{Calls, GOOD, TestAuth, request};

/// One request and the operation it must reach.
struct Case {
    method: &'static str,
    uri: String,
    body: Option<Value>,
    op: &'static str,
    /// Text the recorded arguments must contain (a parameter's value).
    arg: &'static str,
    status: StatusCode,
}

fn case(method: &'static str, uri: impl Into<String>, op: &'static str, arg: &'static str, status: u16) -> Case {
    Case { method, uri: uri.into(), body: None, op, arg, status: StatusCode::from_u16(status).expect("valid") }
}

impl Case {
    fn with(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// Send every case with valid credentials; each must reach its operation, once.
async fn check_routes(router: &Router, calls: &Calls, auth: (&str, &str), cases: Vec<Case>) {
    for case in cases {
        let send = request(case.method, &case.uri).header(auth.0, auth.1);
        let answer = match &case.body {
            Some(body) => send.json_to(router, body).await,
            None => send.to(router).await,
        };
        let recorded = calls.take();
        assert_eq!(answer.status, case.status, "{} {}: {:?}", case.method, case.uri, answer.json());
        assert_eq!(recorded.len(), 1, "{} {} reached {recorded:?}", case.method, case.uri);
        assert_eq!(recorded[0].op, case.op, "{} {}", case.method, case.uri);
        let args = recorded[0].args.join(" ");
        assert!(args.contains(case.arg), "{} {}: {args} lacks {}", case.method, case.uri, case.arg);
    }
}

/// The answer must be a JSON error with this status, and reach no handler.
async fn check_refused(router: &Router, calls: &Calls, method: &str, uri: &str, status: u16, allow: Option<&str>) {
    let answer = request(method, uri).header("authorization", &format!("Bearer {GOOD}")).to(router).await;
    assert_eq!(answer.status.as_u16(), status, "{method} {uri}");
    assert_eq!(answer.error_status(), Some(status), "{method} {uri}: JSON error body");
    assert_eq!(answer.header("allow"), allow, "{method} {uri}");
    assert!(calls.take().is_empty(), "{method} {uri} reached a handler");
}

#[tokio::test]
async fn hypto_iam_routes() {
    let api = Hypto::default();
    let router = hypto_iam_server::router(api.clone(), TestAuth);
    let base = "/organizations/ORG0000001/users/user_1/credentials";
    let cases = vec![
        case("POST", base, "create_credential", "organization_id: \"ORG0000001\"", 201).with(json!({})),
        case("GET", format!("{base}/c1"), "get_credential", "id: \"c1\"", 404),
        case("DELETE", format!("{base}/c1"), "delete_credential", "user_id: \"user_1\"", 404),
        case("PATCH", format!("{base}/c1"), "update_credential", "status: Some(Inactive)", 404)
            .with(json!({"status": "inactive"})),
    ];
    check_routes(&router, &api.calls, ("authorization", &format!("Bearer {GOOD}")), cases).await;

    check_refused(&router, &api.calls, "GET", "/organizations", 404, None).await;
    check_refused(&router, &api.calls, "GET", &format!("{base}/c1/"), 404, None).await;
    check_refused(&router, &api.calls, "GET", base, 405, Some("POST")).await;
    check_refused(&router, &api.calls, "PUT", &format!("{base}/c1"), 405, Some("GET,HEAD,DELETE,PATCH")).await;
}

#[tokio::test]
async fn hypto_iam_responses_carry_their_headers_and_bodies() {
    let api = Hypto::default();
    let router = hypto_iam_server::router(api.clone(), TestAuth);
    let answer = request("POST", "/organizations/ORG0000001/users/user_1/credentials")
        .header("authorization", &format!("Bearer {GOOD}"))
        .json_to(&router, &json!({"validUntil": "2030"}))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(answer.header("x-iam-user-organization"), Some("org"));
    assert_eq!(answer.json()["secret"], "s3cr3t");
    assert_eq!(answer.json()["createdAt"], "2024-01-01T00:00:00Z");
    let calls = api.calls.take();
    assert_eq!(calls[0].principal.as_deref(), Some("bearerAuth"));
    assert!(calls[0].args[1].contains("valid_until: Some(\"2030\")"), "{:?}", calls[0].args);
}

#[tokio::test]
async fn katanemo_identity_routes() {
    let api = Katanemo::default();
    let router = katanemo_identity_server::router(api.clone());
    let cases = vec![
        case("GET", "/org/acct-1/keys", "get_client_key_list", "account_id: \"acct-1\"", 200),
        case("POST", "/org/acct-1/keys", "create_client_key", "client_name: \"cli\"", 400)
            .with(json!({"defaultRoleId": "r", "clientName": "cli"})),
        case("GET", "/org/acct-1/key/k-9", "get_client_key", "key_id: \"k-9\"", 400),
        case("DELETE", "/org/acct-1/key/k-9", "delete_client_key", "key_id: \"k-9\"", 200),
        case("GET", "/org/acct-1/user", "get_users_for_account", "account_id: \"acct-1\"", 400),
        case("POST", "/org/acct-1/user", "create_user_for_account", "account_id: \"acct-2\"", 418)
            .with(json!({"accountId": "acct-2"})),
        case("GET", "/org/acct-1/user/u-1", "get_user", "user_id: \"u-1\"", 400),
        case("PUT", "/org/acct-1/user/u-1", "update_user", "roles: Some([\"admin\"])", 400)
            .with(json!({"accountId": "acct-1", "roles": ["admin"]})),
    ];
    check_routes(&router, &api.calls, ("x-unused", "1"), cases).await;

    check_refused(&router, &api.calls, "GET", "/org/acct-1", 404, None).await;
    check_refused(&router, &api.calls, "GET", "/org/acct-1/keys/", 404, None).await;
    check_refused(&router, &api.calls, "DELETE", "/org/acct-1/keys", 405, Some("GET,HEAD,POST")).await;
    check_refused(&router, &api.calls, "POST", "/org/acct-1/user/u-1", 405, Some("GET,HEAD,PUT")).await;

    // Bodies are typed and the `default` variant carries its status.
    let answer = request("GET", "/org/a/keys").to(&router).await;
    assert_eq!(answer.json(), json!([{"clientName": "key"}]));
    let answer = request("DELETE", "/org/a/key/k").to(&router).await;
    assert_eq!(answer.json(), json!("deleted"));
    api.calls.take();
}

#[tokio::test]
async fn tiledb_user_routes() {
    let api = Tiledb::default();
    let router = tiledb_user_server::router(api.clone(), TestAuth);
    let cases = vec![
        case("GET", "/credentials/ns/aws", "check_aws_access_credentials", "namespace: \"ns\"", 502),
        case("POST", "/credentials/ns/aws", "add_aws_access_credentials", "name: Some(\"k\")", 204)
            .with(json!({"name": "k"})),
        case("GET", "/credentials/ns/aws/k", "check_aws_access_credentials_by_name", "name: \"k\"", 502),
        case("DELETE", "/credentials/ns/aws/k", "delete_aws_access_credentials", "name: \"k\"", 204),
        case("PATCH", "/credentials/ns/aws/k", "update_aws_access_credentials", "default: Some(true)", 204)
            .with(json!({"default": true})),
        case("POST", "/organizations/acme/user", "add_user_to_organization", "role: Some(Admin)", 204)
            .with(json!({"role": "admin"})),
        case("GET", "/organizations/acme/bob", "get_organization_user", "username: \"bob\"", 404),
        case("DELETE", "/organizations/acme/bob", "delete_user_from_organization", "username: \"bob\"", 204),
        case("PATCH", "/organizations/acme/bob", "update_user_in_organization", "organization: \"acme\"", 204)
            .with(json!({})),
        case("GET", "/session?remember_me=yes", "get_session", "remember_me: Some(\"yes\")", 502),
        case("POST", "/token", "request_token", "None", 502),
        case("GET", "/tokens", "tokens_get", "", 502),
        case("GET", "/tokens/scopes", "get_token_scopes", "", 200),
        case("GET", "/tokens/session", "tokens_session_get", "", 502),
        case("DELETE", "/tokens/t-1", "revoke_token", "token: \"t-1\"", 204),
        case("GET", "/user", "get_user", "", 200),
        case("POST", "/user", "create_user", "username: \"bob\"", 204).with(json!({"username": "bob"})),
        case("POST", "/user/confirm_email", "confirm_email", "", 409),
        case("POST", "/user/password_reset", "reset_user_password", "ResetUserPasswordRequest", 204).with(json!({})),
        case("GET", "/users/bob", "get_user_with_username", "username: \"bob\"", 404),
        case("DELETE", "/users/bob", "delete_user", "username: \"bob\"", 204),
        case("PATCH", "/users/bob", "update_user", "email: Some(\"b@x\")", 204)
            .with(json!({"username": "bob", "email": "b@x"})),
        // A literal segment wins over a parameter: `scopes` and `session`
        // are not tokens, `user` is not a username.
        case("DELETE", "/tokens/session-9", "revoke_token", "token: \"session-9\"", 204),
    ];
    check_routes(&router, &api.calls, ("X-TILEDB-REST-API-KEY", GOOD), cases).await;

    check_refused(&router, &api.calls, "GET", "/user/", 404, None).await;
    check_refused(&router, &api.calls, "GET", "/tokens/", 404, None).await;
    check_refused(&router, &api.calls, "GET", "/organizations/acme", 404, None).await;
    check_refused(&router, &api.calls, "DELETE", "/tokens/scopes", 405, Some("GET,HEAD")).await;
    check_refused(&router, &api.calls, "GET", "/tokens/t-1", 405, Some("DELETE")).await;
    check_refused(&router, &api.calls, "GET", "/organizations/acme/user", 405, Some("POST")).await;
    check_refused(&router, &api.calls, "PUT", "/users/bob", 405, Some("GET,HEAD,DELETE,PATCH")).await;
}

#[tokio::test]
async fn tiledb_responses_are_typed() {
    let api = Tiledb::default();
    let router = tiledb_user_server::router(api.clone(), TestAuth);
    let key = ("X-TILEDB-REST-API-KEY", GOOD);
    let answer = request("GET", "/tokens/scopes").header(key.0, key.1).to(&router).await;
    assert_eq!(answer.json(), json!(["user:read", "*"]));
    let answer = request("GET", "/user").header(key.0, key.1).to(&router).await;
    // Not writeOnly in this spec (writeOnly filtering is tested in the runtime).
    assert_eq!(answer.json(), json!({"username": "ann", "password": "hunter22"}));
    let answer = request("POST", "/user/confirm_email").header(key.0, key.1).to(&router).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.json()["message"], "already confirmed");
    api.calls.take();
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_and_the_server_keeps_serving() {
    let api = Tiledb::default();
    let router = tiledb_user_server::router(api.clone(), TestAuth);
    let key = ("X-TILEDB-REST-API-KEY", GOOD);
    let answer = request("GET", "/users/panic").header(key.0, key.1).to(&router).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.json()["status"], 500);
    let answer = request("GET", "/users/bob").header(key.0, key.1).to(&router).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(api.calls.take().len(), 2);
}

#[tokio::test]
async fn iblai_credentials_routes() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let base = "/api/credentials/orgs/acme/users/u1";
    let credential = json!({
        "entityId": "cred-1", "name": "Rust", "criteriaUrl": "https://example.com", "criteriaNarrative": "n",
        "createdAt": "2024-01-01T00:00:00Z", "icon_image_id": 1, "background_image_id": 2, "thumbnail_image_id": 3,
        "credentialType": "badge", "signal": "s"
    });
    let assertion = json!({"entityId": "a-1", "issuedOn": "2024-01-01", "revocationReason": "", "expires": "never"});
    let issuer = json!({"entityId": "issuer-1", "iconImage": "icon.png"});
    let cases = vec![
        case("GET", format!("{base}/"), "credentials_orgs_users_retrieve", "user_id: \"u1\"", 200),
        case("POST", format!("{base}/"), "credentials_orgs_users_create", "entity_id: \"cred-1\"", 200)
            .with(credential.clone()),
        case("GET", format!("{base}/cred-9"), "credentials_orgs_users_retrieve2", "entity_id: \"cred-9\"", 200),
        case("PUT", format!("{base}/cred-9"), "credentials_orgs_users_update", "entity_id: \"cred-9\"", 200)
            .with(credential),
        case("DELETE", format!("{base}/cred-9"), "credentials_orgs_users_destroy", "entity_id: \"cred-9\"", 204),
        case(
            "GET",
            format!("{base}/cred-9/assertions/"),
            "credentials_orgs_users_assertions_retrieve3",
            "entity_id: \"cred-9\"",
            200,
        ),
        case(
            "POST",
            format!("{base}/cred-9/assertions/"),
            "credentials_orgs_users_assertions_create",
            "issued_on",
            200,
        )
        .with(assertion.clone()),
        case(
            "POST",
            format!("{base}/cred-9/assertions/bulk/"),
            "credentials_orgs_users_assertions_bulk_create",
            "skipped: []",
            200,
        )
        .with(json!({"skipped": [], "issued": [1]})),
        case(
            "GET",
            format!("{base}/assertions/?page=2&include_expired=true"),
            "credentials_orgs_users_assertions_retrieve",
            "page: Some(2)",
            200,
        ),
        case(
            "GET",
            format!("{base}/assertions/a-9"),
            "credentials_orgs_users_assertions_retrieve2",
            "entity_id: \"a-9\"",
            200,
        ),
        case(
            "PUT",
            format!("{base}/assertions/a-9"),
            "credentials_orgs_users_assertions_update",
            "entity_id: \"a-9\"",
            200,
        )
        .with(assertion),
        case(
            "GET",
            format!("{base}/assertions-over-time/?format=json"),
            "credentials_orgs_users_assertions_over_time_retrieve",
            "format: Json",
            200,
        ),
        case(
            "GET",
            format!("{base}/course-assertions-over-time/"),
            "credentials_orgs_users_course_assertions_over_time_retrieve",
            "format: Json, include_main_platform: true",
            200,
        ),
        case(
            "GET",
            format!("{base}/credentials-over-time/?department_id=4"),
            "credentials_orgs_users_credentials_over_time_retrieve",
            "department_id: Some(4)",
            200,
        ),
        case(
            "GET",
            format!("{base}/course-credentials/?page_size=5"),
            "credentials_orgs_users_course_credentials_list",
            "page_size: Some(5)",
            200,
        ),
        case(
            "DELETE",
            format!("{base}/assignments/as-1"),
            "credentials_orgs_users_assignments_destroy",
            "assignment_id: \"as-1\"",
            204,
        ),
        case(
            "GET",
            format!("{base}/assignments/groups/"),
            "credentials_orgs_users_assignments_groups_retrieve",
            "org: \"acme\"",
            200,
        ),
        case(
            "POST",
            format!("{base}/assignments/groups/"),
            "credentials_orgs_users_assignments_groups_create",
            "org: \"acme\"",
            200,
        ),
        case(
            "GET",
            format!("{base}/assignments/users/"),
            "credentials_orgs_users_assignments_users_retrieve",
            "org: \"acme\"",
            200,
        ),
        case(
            "POST",
            format!("{base}/assignments/users/"),
            "credentials_orgs_users_assignments_users_create",
            "org: \"acme\"",
            200,
        ),
        case("GET", format!("{base}/images/"), "credentials_orgs_users_images_retrieve", "user_id: \"u1\"", 200),
        case("POST", format!("{base}/images/"), "credentials_orgs_users_images_create", "Json(UploadedImage", 200)
            .with(json!({"name": "pic"})),
        case("GET", format!("{base}/issuers/?q=x"), "credentials_orgs_users_issuers_retrieve", "q: \"x\"", 200),
        case(
            "POST",
            format!("{base}/issuers/?q=x"),
            "credentials_orgs_users_issuers_create",
            "icon_image: \"icon.png\"",
            200,
        )
        .with(issuer.clone()),
        case(
            "GET",
            format!("{base}/issuers/i-9"),
            "credentials_orgs_users_issuers_retrieve2",
            "entity_id: \"i-9\"",
            200,
        ),
        case("PUT", format!("{base}/issuers/i-9"), "credentials_orgs_users_issuers_update", "entity_id: \"i-9\"", 200)
            .with(issuer),
        case(
            "DELETE",
            format!("{base}/issuers/i-9"),
            "credentials_orgs_users_issuers_destroy",
            "entity_id: \"i-9\"",
            204,
        ),
        case(
            "POST",
            format!("{base}/issuers/authority/"),
            "credentials_orgs_users_issuers_authority_create",
            "title: \"Dean\"",
            200,
        )
        .with(json!({"name": "N", "title": "Dean", "signature": "sig"})),
        case(
            "GET",
            "/api/credentials/public/assertions/a-9/",
            "credentials_public_assertions_retrieve",
            "entity_id: \"a-9\"",
            200,
        ),
        // Overlapping templates: a literal segment beats a parameter, the
        // trailing slash tells `images/` from an entity called `images`,
        // and the router backtracks to the parameter when the literal leads nowhere.
        case("GET", format!("{base}/images"), "credentials_orgs_users_retrieve2", "entity_id: \"images\"", 200),
        case(
            "GET",
            format!("{base}/issuers/authority"),
            "credentials_orgs_users_issuers_retrieve2",
            "entity_id: \"authority\"",
            200,
        ),
        case(
            "GET",
            format!("{base}/assertions/assertions/"),
            "credentials_orgs_users_assertions_retrieve3",
            "entity_id: \"assertions\"",
            200,
        ),
    ];
    check_routes(&router, &api.calls, ("authorization", &format!("Api-Key {GOOD}")), cases).await;

    check_refused(&router, &api.calls, "GET", base, 404, None).await;
    check_refused(&router, &api.calls, "GET", "/api/credentials/public/assertions/a-9", 404, None).await;
    check_refused(&router, &api.calls, "PATCH", &format!("{base}/cred-9"), 405, Some("GET,HEAD,PUT,DELETE")).await;
    check_refused(&router, &api.calls, "GET", &format!("{base}/issuers/authority/"), 405, Some("POST")).await;
    check_refused(&router, &api.calls, "DELETE", &format!("{base}/images/"), 405, Some("GET,HEAD,POST")).await;
}

#[tokio::test]
async fn the_router_nests_and_layers_like_any_other() {
    let api = Katanemo::default();
    let app = Router::new()
        .nest("/v1", katanemo_identity_server::router(api.clone()))
        .layer(axum::extract::DefaultBodyLimit::max(1024));
    let answer = request("GET", "/v1/org/a/keys").to(&app).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(api.calls.take()[0].op, "get_client_key_list");
    assert_eq!(request("GET", "/org/a/keys").to(&app).await.status, StatusCode::NOT_FOUND);
    let answer = request("GET", "/v1/nope").to(&app).await;
    assert_eq!(answer.json()["status"], 404, "the nested router's JSON 404");
}

/// Over a real socket on 127.0.0.1: a panicking handler answers 500 and
/// the same server goes on answering.
#[tokio::test]
async fn a_served_router_survives_a_panicking_handler() {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address = listener.local_addr().expect("address");
    let app = tiledb_user_server::router(Tiledb::default(), TestAuth);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let get = |path: &'static str| async move {
        let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nX-TILEDB-REST-API-KEY: {GOOD}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("receive");
        response
    };
    let exchange = async {
        let first = get("/users/panic").await;
        assert!(first.starts_with("HTTP/1.1 500"), "{first}");
        let second = get("/users/bob").await;
        assert!(second.starts_with("HTTP/1.1 404"), "{second}");
    };
    tokio::time::timeout(Duration::from_secs(10), exchange).await.expect("answers within 10 s");
    server.abort();
}

/// An `Api` that implements nothing compiles, and every operation answers
/// 501 with a JSON error naming it, after authentication: a partial
/// implementation serves what it has and says what it lacks.
#[tokio::test]
async fn operations_left_unimplemented_answer_501() {
    struct Partial;
    impl hypto_iam_server::Api for Partial {
        type Principal = String;
    }
    let router = hypto_iam_server::router(Partial, TestAuth);
    let uri = "/organizations/XlK5h64gND/users/bob/credentials/c1";
    let answer = request("GET", uri).header("Authorization", &format!("Bearer {GOOD}")).to(&router).await;
    assert_eq!(answer.status, StatusCode::NOT_IMPLEMENTED);
    assert_eq!(answer.json()["message"], json!("operation `getCredential` is not implemented by this server"));
    // Authentication still comes first.
    let answer = request("GET", uri).to(&router).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

/// Models with required fields are built from those alone; the optional
/// ones are absent, so a spec that adds one breaks no caller.
#[test]
fn models_are_built_from_their_required_fields() {
    use hypto_iam_server::models::{CredentialStatus, CredentialWithoutSecret};
    let at = chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").expect("a date-time");
    let credential = CredentialWithoutSecret::new("c1".into(), CredentialStatus::Active, at, at);
    assert_eq!((credential.id.as_str(), credential.valid_until), ("c1", None));
}
