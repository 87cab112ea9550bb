//! Requests are checked against the spec before any handler runs: each
//! kind of bad input answers 400 naming the field and the rule, bodies
//! over the limit 413, unaccepted content types 415; form and multipart
//! bodies are accepted where the spec lists them; nothing answers 500.

mod server_support;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use serde_json::{Value, json};
use server_support::hypto::Hypto;
use server_support::iblai::Iblai;
use server_support::katanemo::Katanemo;
use server_support::tiledb::Tiledb;
use server_support::{Answer, Calls, GOOD, TestAuth, request};

const HYPTO: &str = "/organizations/ORG0000001/users/user_1/credentials";
const IBLAI: &str = "/api/credentials/orgs/acme/users/u1";

fn bearer() -> String {
    format!("Bearer {GOOD}")
}

fn api_key() -> String {
    format!("Api-Key {GOOD}")
}

/// The answer is a 400 naming exactly these (field, rule) pairs, and no handler ran.
fn assert_invalid(answer: &Answer, calls: &Calls, expected: &[(&str, &str)]) {
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.json());
    let errors = answer.errors();
    let expected: Vec<(String, String)> = expected.iter().map(|(f, r)| ((*f).to_owned(), (*r).to_owned())).collect();
    assert_eq!(errors, expected, "{:?}", answer.json());
    assert!(calls.take().is_empty(), "the handler ran");
}

async fn hypto_json(router: &Router, method: &str, uri: &str, body: Value) -> Answer {
    request(method, uri).header("authorization", &bearer()).json_to(router, &body).await
}

#[tokio::test]
async fn malformed_json_wrong_types_and_unknown_enum_values() {
    let api = Hypto::default();
    let router = hypto_iam_server::router(api.clone(), TestAuth);
    let uri = format!("{HYPTO}/c1");
    let answer = request("PATCH", &uri)
        .header("authorization", &bearer())
        .header("content-type", "application/json")
        .body_to(&router, "{\"status\": ")
        .await;
    assert_invalid(&answer, &api.calls, &[("", "json")]);
    assert_invalid(&hypto_json(&router, "PATCH", &uri, json!({"status": 5})).await, &api.calls, &[("/status", "type")]);
    assert_invalid(&hypto_json(&router, "PATCH", &uri, json!([])).await, &api.calls, &[("", "type")]);
    // The model keeps unknown enum values for clients; the server refuses them.
    let answer = hypto_json(&router, "PATCH", &uri, json!({"status": "paused"})).await;
    assert_invalid(&answer, &api.calls, &[("/status", "enum")]);
    let error = answer.error.expect("the router's own answer");
    assert!(error.errors[0].message.contains("`active`"), "{error:?}");
    // `additionalProperties: false`.
    assert_invalid(
        &hypto_json(&router, "PATCH", &uri, json!({"colour": "red"})).await,
        &api.calls,
        &[("/colour", "additionalProperties")],
    );
    // A valid body reaches the handler typed.
    let answer = hypto_json(&router, "PATCH", &uri, json!({"status": "active"})).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(api.calls.take()[0].args[1].contains("status: Some(Active)"));
}

#[tokio::test]
async fn missing_required_fields_and_bodies() {
    let api = Katanemo::default();
    let router = katanemo_identity_server::router(api.clone());
    let answer = request("POST", "/org/a/keys").json_to(&router, &json!({"clientName": "c"})).await;
    assert_invalid(&answer, &api.calls, &[("/defaultRoleId", "required")]);
    let answer = request("POST", "/org/a/keys").json_to(&router, &json!({})).await;
    assert_invalid(&answer, &api.calls, &[("/defaultRoleId", "required"), ("/clientName", "required")]);
    let answer = request("POST", "/org/a/keys").to(&router).await;
    assert_invalid(&answer, &api.calls, &[("", "required")]);
    let answer =
        request("POST", "/org/a/keys").json_to(&router, &json!({"defaultRoleId": null, "clientName": "c"})).await;
    assert_invalid(&answer, &api.calls, &[("/defaultRoleId", "type")]);
}

#[tokio::test]
async fn string_constraints() {
    let api = Tiledb::default();
    let router = tiledb_user_server::router(api.clone(), TestAuth);
    let send = |body: Value| {
        let router = router.clone();
        async move { request("POST", "/user").header("X-TILEDB-REST-API-KEY", GOOD).json_to(&router, &body).await }
    };
    assert_invalid(
        &send(json!({"username": ""})).await,
        &api.calls,
        &[("/username", "minLength"), ("/username", "pattern")],
    );
    assert_invalid(&send(json!({"username": "a".repeat(64)})).await, &api.calls, &[("/username", "maxLength")]);
    assert_invalid(&send(json!({"username": "no spaces"})).await, &api.calls, &[("/username", "pattern")]);
    // ECMA `\w` is ASCII: a Unicode letter does not match it.
    assert_invalid(&send(json!({"username": "usér"})).await, &api.calls, &[("/username", "pattern")]);
    assert_invalid(
        &send(json!({"username": "ann", "password": "short"})).await,
        &api.calls,
        &[("/password", "minLength")],
    );
    assert_invalid(
        &send(json!({"username": "ann", "allowed_actions": ["read", "fly"]})).await,
        &api.calls,
        &[("/allowed_actions/1", "enum")],
    );
    let answer = send(json!({"username": "ann.b-1", "password": "long enough"})).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(api.calls.take().len(), 1);

    let hypto = Hypto::default();
    let router = hypto_iam_server::router(hypto.clone(), TestAuth);
    let answer = hypto_json(&router, "POST", HYPTO, json!({"validUntil": "x".repeat(21)})).await;
    assert_invalid(&answer, &hypto.calls, &[("/validUntil", "maxLength")]);
}

#[tokio::test]
async fn read_only_members_are_not_required_and_ignored() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    // `name`, `org`, `url` are readOnly in Issuer; a wrong type there does not matter.
    let body = json!({"entityId": "i-1", "iconImage": "icon.png", "name": 42, "url": "ignored"});
    let answer = request("PUT", &format!("{IBLAI}/issuers/i-1"))
        .header("authorization", &api_key())
        .json_to(&router, &body)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    let calls = api.calls.take();
    // The handler receives the request shape, which has no readOnly members.
    let received = &calls[0].args[1];
    assert!(received.starts_with("IssuerRequest {") && received.contains("entity_id: \"i-1\""), "{received}");
    assert!(!received.contains("42") && !received.contains("ignored"), "{received}");
}

#[tokio::test]
async fn path_and_query_parameters() {
    let hypto = Hypto::default();
    let router = hypto_iam_server::router(hypto.clone(), TestAuth);
    let get = |uri: String| {
        let router = router.clone();
        async move { request("GET", &uri).header("authorization", &bearer()).to(&router).await }
    };
    assert_invalid(
        &get("/organizations/short/users/user_1/credentials/c1".into()).await,
        &hypto.calls,
        &[("organization_id", "pattern")],
    );
    let long = format!("/organizations/ORG0000001/users/{}/credentials/c1", "u".repeat(51));
    assert_invalid(&get(long).await, &hypto.calls, &[("user_id", "maxLength"), ("user_id", "pattern")]);
    assert_invalid(
        &get("/organizations/ORG0000001/users/user_1/credentials/%FF".into()).await,
        &hypto.calls,
        &[("", "type")],
    );

    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let get = |uri: String| {
        let router = router.clone();
        async move { request("GET", &uri).header("authorization", &api_key()).to(&router).await }
    };
    let assertions = format!("{IBLAI}/assertions/");
    assert_invalid(&get(format!("{assertions}?page=abc")).await, &api.calls, &[("page", "type")]);
    assert_invalid(&get(format!("{assertions}?page=0")).await, &api.calls, &[("page", "minimum")]);
    assert_invalid(&get(format!("{assertions}?page_size=1001")).await, &api.calls, &[("page_size", "maximum")]);
    // Every parameter at fault is named, not only the first.
    assert_invalid(
        &get(format!("{assertions}?page=abc&page_size=1001")).await,
        &api.calls,
        &[("page", "type"), ("page_size", "maximum")],
    );
    assert_invalid(
        &get(format!("{assertions}?include_expired=maybe")).await,
        &api.calls,
        &[("include_expired", "type")],
    );
    assert_invalid(&get(format!("{assertions}?course=")).await, &api.calls, &[("course", "minLength")]);
    assert_invalid(&get(format!("{IBLAI}/assertions-over-time/?format=xml")).await, &api.calls, &[("format", "enum")]);
    assert_invalid(&get(format!("{IBLAI}/issuers/")).await, &api.calls, &[("q", "required")]);
    let answer = get(format!("{assertions}?page=2&page_size=1000&include_expired=true&course=c%20s")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let args = api.calls.take()[0].args.join(" ");
    assert!(args.contains("course: Some(\"c s\")") && args.contains("include_expired: Some(true)"), "{args}");
}

#[tokio::test]
async fn absent_optional_parameters_get_their_spec_defaults() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let over_time = format!("{IBLAI}/credentials-over-time/");
    let query_of = |uri: String| {
        let (router, calls) = (router.clone(), api.calls.clone());
        async move {
            let answer = request("GET", &uri).header("authorization", &api_key()).to(&router).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}: {:?}", answer.json());
            calls.take()[0].args[1].clone()
        }
    };
    // `format` defaults to "json", `include_main_platform` to true.
    let query = query_of(over_time.clone()).await;
    assert!(query.contains("format: Json, include_main_platform: true"), "{query}");
    assert!(query.contains("department_id: None"), "no default, still optional: {query}");
    let query = query_of(format!("{over_time}?include_main_platform=false")).await;
    assert!(query.contains("include_main_platform: false"), "a value sent wins over the default: {query}");
    // A value sent is still checked: the default does not hide a bad one.
    let answer = request("GET", &format!("{over_time}?include_main_platform="))
        .header("authorization", &api_key())
        .to(&router)
        .await;
    assert_invalid(&answer, &api.calls, &[("include_main_platform", "type")]);
}

#[tokio::test]
async fn unaccepted_content_types_are_415() {
    let api = Hypto::default();
    let router = hypto_iam_server::router(api.clone(), TestAuth);
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/xml"] {
        let answer = request("POST", HYPTO)
            .header("authorization", &bearer())
            .header("content-type", content_type)
            .body_to(&router, "{}")
            .await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert!(answer.json()["message"].as_str().unwrap_or_default().contains("application/json"));
    }
    let answer = request("POST", HYPTO).header("authorization", &bearer()).body_to(&router, "{}").await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "a body without Content-Type");
    let answer = request("POST", HYPTO)
        .header("authorization", &bearer())
        .header("content-type", "application/json; charset=utf-8")
        .body_to(&router, "{}")
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "parameters of the media type are fine");
    assert_eq!(api.calls.take().len(), 1);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let api = Katanemo::default();
    let router = katanemo_identity_server::router(api.clone()).layer(DefaultBodyLimit::max(64));
    let small = json!({"defaultRoleId": "r", "clientName": "c"});
    assert_eq!(
        request("POST", "/org/a/keys").json_to(&router, &small).await.status,
        StatusCode::BAD_REQUEST,
        "handler's 400"
    );
    let big = json!({"defaultRoleId": "r", "clientName": "c".repeat(100)});
    let answer = request("POST", "/org/a/keys").json_to(&router, &big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.json()["status"], 413);
    assert_eq!(api.calls.take().len(), 1, "only the small body reached the handler");

    let iblai = Iblai::default();
    let router = iblai_credentials_server::router(iblai.clone(), TestAuth).layer(DefaultBodyLimit::max(64));
    let answer = multipart(&router, &format!("{IBLAI}/images/"), &[("image", Some("a.png"), &[0u8; 200])]).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(iblai.calls.take().is_empty());
}

async fn form(router: &Router, uri: &str, body: &str) -> Answer {
    request("POST", uri)
        .header("authorization", &api_key())
        .header("content-type", "application/x-www-form-urlencoded")
        .body_to(router, body.to_owned())
        .await
}

#[tokio::test]
async fn form_bodies_are_typed_and_validated() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let uri = format!("{IBLAI}/issuers/authority/");
    let answer = form(&router, &uri, "name=N&title=Dean+of+Things&signature=sig").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["title"], "Dean of Things");
    assert!(api.calls.take()[0].args[1].contains("title: \"Dean of Things\""));
    let long = "t".repeat(255);
    assert_invalid(
        &form(&router, &uri, &format!("name=N&title={long}&signature=s")).await,
        &api.calls,
        &[("/title", "maxLength")],
    );
    assert_invalid(&form(&router, &uri, "name=N&signature=s").await, &api.calls, &[("/title", "required")]);
    // Form values are coerced along the schema: an integer field gets an integer.
    let credential = "entityId=e&name=n&criteriaUrl=u&criteriaNarrative=c&createdAt=2024-01-01T00:00:00Z\
        &icon_image_id=1&background_image_id=2&thumbnail_image_id=3&credentialType=t&signal=s";
    let answer = form(&router, &format!("{IBLAI}/"), credential).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    assert!(api.calls.take()[0].args[1].contains("icon_image_id: 1"));
    let answer = form(&router, &format!("{IBLAI}/"), &credential.replace("icon_image_id=1", "icon_image_id=one")).await;
    assert_invalid(&answer, &api.calls, &[("/icon_image_id", "type")]);
    let answer = form(
        &router,
        &format!("{IBLAI}/"),
        &credential.replace("createdAt=2024-01-01T00:00:00Z", "createdAt=yesterday"),
    )
    .await;
    // The validator checks the format, so the 400 names the rule, not a failed parse.
    assert_invalid(&answer, &api.calls, &[("/createdAt", "format")]);
}

const BOUNDARY: &str = "X-OAPI-BOUNDARY";

/// Send a multipart body of (name, file name, bytes) parts.
async fn multipart(router: &Router, uri: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Answer {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: image/png\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    request("POST", uri)
        .header("authorization", &api_key())
        .header("content-type", &format!("multipart/form-data; boundary={BOUNDARY}"))
        .body_to(router, body)
        .await
}

#[tokio::test]
async fn multipart_bodies_carry_files() {
    let api = Iblai::default();
    let router = iblai_credentials_server::router(api.clone(), TestAuth);
    let uri = format!("{IBLAI}/images/");
    let png: &[u8] = &[0x89, b'P', b'N', b'G', 0xff, 0x00];
    let answer = multipart(&router, &uri, &[("name", None, b"avatar"), ("image", Some("a.png"), png)]).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    let args = api.calls.take()[0].args.join(" ");
    assert!(args.contains("Multipart(UploadedImageUpload"), "{args}");
    assert!(args.contains("len: 6, file_name: Some(\"a.png\"), content_type: Some(\"image/png\")"), "{args}");
    assert!(args.contains("name: Some(Some(\"avatar\"))"), "{args}");
    // The file is required.
    let answer = multipart(&router, &uri, &[("name", None, b"avatar")]).await;
    assert_invalid(&answer, &api.calls, &[("/image", "required")]);
    let long = "n".repeat(255);
    let answer = multipart(&router, &uri, &[("name", None, long.as_bytes()), ("image", Some("a.png"), png)]).await;
    assert_invalid(&answer, &api.calls, &[("/name", "maxLength")]);
    // The same operation takes JSON and forms, as other types.
    let answer =
        request("POST", &uri).header("authorization", &api_key()).json_to(&router, &json!({"name": "pic"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(api.calls.take()[0].args[1].contains("Json(UploadedImage"));
    let answer = form(&router, &uri, "name=pic").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(api.calls.take()[0].args[1].contains("Form(UploadedImage"));
    // The body is optional here.
    let answer = request("POST", &uri).header("authorization", &api_key()).to(&router).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(api.calls.take()[0].args[1], "None");
    // A broken multipart body is a 400, not a 500.
    let answer = request("POST", &uri)
        .header("authorization", &api_key())
        .header("content-type", "multipart/form-data")
        .body_to(&router, "garbage")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

/// Garbage of every kind at every route of every server: never a 500.
#[tokio::test]
async fn no_request_makes_a_server_fail() {
    let (hypto_api, iblai_api, katanemo_api, tiledb_api) =
        (Hypto::default(), Iblai::default(), Katanemo::default(), Tiledb::default());
    let hypto = (hypto_iam_server::router(hypto_api.clone(), TestAuth), hypto_api.calls);
    let iblai = (iblai_credentials_server::router(iblai_api.clone(), TestAuth), iblai_api.calls);
    let katanemo = (katanemo_identity_server::router(katanemo_api.clone()), katanemo_api.calls);
    let tiledb = (tiledb_user_server::router(tiledb_api.clone(), TestAuth), tiledb_api.calls);
    let targets: [(&(Router, Calls), &str, &str); 8] = [
        (&hypto, HYPTO, "authorization"),
        (&hypto, "/organizations/ORG0000001/users/user_1/credentials/c1", "authorization"),
        (&iblai, "/api/credentials/orgs/acme/users/u1/", "authorization"),
        (&iblai, "/api/credentials/orgs/acme/users/u1/images/", "authorization"),
        (&iblai, "/api/credentials/orgs/acme/users/u1/assertions/?page=-1&page_size=x", "authorization"),
        (&katanemo, "/org/a/user/u", "authorization"),
        (&tiledb, "/users/bob", "X-TILEDB-REST-API-KEY"),
        (&tiledb, "/token", "X-TILEDB-REST-API-KEY"),
    ];
    let bodies: [(&str, &[u8]); 8] = [
        ("application/json", b"{"),
        ("application/json", b"\xff\xfe"),
        ("application/json", b"{\"a\":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}"),
        ("application/json", b"1e999999"),
        ("application/x-www-form-urlencoded", b"%%%=&&=%ZZ"),
        ("multipart/form-data; boundary=x", b"--x\r\n\r\n--x--"),
        ("text/plain", b"hello"),
        ("", b""),
    ];
    let credentials = [bearer(), api_key(), GOOD.to_owned()];
    for ((router, calls), uri, header) in targets {
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            for (content_type, body) in bodies {
                for credential in &credentials {
                    let mut send = request(method, uri).header(header, credential);
                    if !content_type.is_empty() {
                        send = send.header("content-type", content_type);
                    }
                    let answer = send.body_to(router, body.to_vec()).await;
                    assert_ne!(
                        answer.status,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "{method} {uri} {content_type} {body:?}"
                    );
                    if calls.take().is_empty() {
                        assert_eq!(answer.error_status(), Some(answer.status.as_u16()), "{method} {uri}: a JSON error");
                    }
                }
            }
        }
    }
}
