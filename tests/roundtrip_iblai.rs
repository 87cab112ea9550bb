//! Round trip of the ibl.ai Credentials API (API key in `Authorization`
//! with the `Api-Key` prefix, `Api-Token` accepted too; one public
//! operation): the generated client against the generated server on
//! 127.0.0.1, every operation, each body in JSON, form and multipart, and
//! the auth matrix from the client side.

mod roundtrip_support;

use std::collections::BTreeMap;

use iblai_credentials_client::operations as ops;
use iblai_credentials_client::{self as client, Binary, Client, Credentials, Error};
use iblai_credentials_server::operations::*;
use iblai_credentials_server::{Api, models};
use models as s;
use roundtrip_support::server_support::{GOOD, TestAuth};
use roundtrip_support::{AWKWARD, Exchange, Served, TIMEOUT, clients, date_time, serve};
use serde_json::json;

/// Path parameters every call uses: reserved characters and non-ASCII text.
const ORG: &str = "main org/ü";
const USER: &str = "ann@example.com?#%";
/// The principal [`TestAuth`] names for the API key.
const SCHEME: &str = "PlatformApiKeyAuthentication";

async fn start() -> Served {
    serve(|exchange| iblai_credentials_server::router(exchange, TestAuth)).await
}

clients!(Credentials::api_key(GOOD));

/// The three encodings an operation's body can take.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    Json,
    Form,
    Multipart,
}

const ENCODINGS: [Encoding; 3] = [Encoding::Json, Encoding::Form, Encoding::Multipart];

impl Encoding {
    /// The media type the request must carry.
    fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Form => "application/x-www-form-urlencoded",
            Self::Multipart => "multipart/form-data",
        }
    }

    /// The `Content-Type` of the last request is this encoding's.
    #[track_caller]
    fn assert_sent(self, served: &Served) {
        let wire = served.last_wire();
        let content_type = wire.header("content-type").expect("a content type");
        assert!(content_type.starts_with(self.media_type()), "{content_type} for {self:?}");
    }
}

/// Pick the body variant of an operation for an encoding.
macro_rules! body {
    ($encoding:expr, $body_type:ident, $value:expr) => {
        match $encoding {
            Encoding::Json => ops::$body_type::Json($value),
            Encoding::Form => ops::$body_type::Form($value),
            Encoding::Multipart => ops::$body_type::Multipart($value),
        }
    };
}

/// The response of a credential operation: every member set, the
/// readOnly ones too, with integers at the limits of int64.
fn credential() -> s::Credential {
    s::Credential {
        entity_id: "cred-1".into(),
        name: "Rust ✓".into(),
        name_override: Some(None),
        description: Some(Some("Line 1\nLine 2 \"quoted\"".into())),
        criteria_url: "https://example.com/criteria?a=1&b=2#x".into(),
        criteria_narrative: "n".into(),
        created_at: date_time("2024-02-29T23:59:59.5+05:30"),
        icon_image: "https://example.com/icon.png".into(),
        icon_image_id: i64::MAX,
        background_image: "https://example.com/background.png".into(),
        background_image_id: i64::MIN,
        thumbnail_image: String::new(),
        thumbnail_image_id: 0,
        catalog_items: vec!["item/1".into()],
        courses: vec![BTreeMap::from([("id".into(), "course-v1:x+y+z".into())]), BTreeMap::new()],
        programs: "p1".into(),
        issuer_details: BTreeMap::from([("name".into(), "Uni ü".into())]),
        html_template: None,
        css_template: Some(Some(String::new())),
        metadata: Some(Some(json!({"level": 3, "tags": ["a", null], "nested": {"k": true}}))),
        credential_type: "badge".into(),
        expires: BTreeMap::from([("days".into(), i64::MAX), ("min".into(), i64::MIN)]),
        tags: Some(Some(json!(["t1", 2]))),
        signatories: Vec::new(),
        signal: "course_completed".into(),
        pathways: Vec::new(),
    }
}

/// A credential a client sends (its request shape has no readOnly
/// members); `null` only where `json` (a form or multipart body has no null).
fn credential_request(json: bool) -> client::models::CredentialRequest {
    let nullable = |value: &str| if json { Some(None) } else { Some(Some(value.to_owned())) };
    client::models::CredentialRequest {
        entity_id: "cred/1 ü".into(),
        name: "Rust + Axum & Tokio = ✓".into(),
        name_override: nullable("override"),
        description: Some(Some("Line 1\nLine 2 \"quoted\" 100%".into())),
        criteria_url: "https://example.com/criteria?a=1&b=2#x".into(),
        criteria_narrative: String::new(),
        created_at: date_time("2024-02-29T23:59:59.123+05:30"),
        icon_image_id: i64::MAX,
        background_image_id: i64::MIN,
        thumbnail_image_id: -1,
        html_template: None,
        css_template: nullable("css"),
        metadata: None,
        credential_type: "badge".into(),
        tags: None,
        signal: "s".into(),
    }
}

fn assertion() -> s::Assertion {
    s::Assertion {
        entity_id: "a-1".into(),
        issued_on: "2024-01-01T00:00:00+05:30".into(),
        credential_details: BTreeMap::from([("name".into(), "Rust".into())]),
        recipient: BTreeMap::from([("email".into(), "ann@example.com".into())]),
        metadata: Some(Some(json!([1, "two", {"three": null}]))),
        course: BTreeMap::new(),
        program: BTreeMap::new(),
        narrative: Some(None),
        revoked: Some(true),
        revocation_reason: "duplicate ✓".into(),
        acceptance: Some(s::AcceptanceEnum::Rejected),
        expires: "never".into(),
    }
}

/// An assertion a client sends (its request shape has no readOnly members).
fn assertion_request(json: bool) -> client::models::AssertionRequest {
    client::models::AssertionRequest {
        entity_id: "a/1".into(),
        issued_on: "2024-01-01".into(),
        metadata: if json { Some(Some(json!({"k": [1, null]}))) } else { None },
        narrative: if json { Some(None) } else { Some(Some("narrative ü".into())) },
        revoked: Some(false),
        revocation_reason: String::new(),
        acceptance: Some(client::models::AcceptanceEnum::Accepted),
        expires: "2030-01-01T00:00:00-03:00".into(),
    }
}

fn page() -> s::PaginatedAssertionsResponse {
    s::PaginatedAssertionsResponse {
        next: "https://example.com/?page=3".into(),
        previous: String::new(),
        count: i64::MAX,
        num_pages: 0,
        page_number: -1,
        max_page_size: i64::MIN,
        data: vec![assertion(), s::Assertion { narrative: None, metadata: None, ..assertion() }],
    }
}

fn issuer() -> s::Issuer {
    s::Issuer {
        name: "Example University".into(),
        org: "example-university".into(),
        entity_id: "abc123".into(),
        signatories: BTreeMap::from([("president".into(), "John Smith".into())]),
        url: "https://example.com".into(),
        icon_image: "https://example.com/logo.png".into(),
        allowed_template_tags: Some(Some(json!({"tags": ["b", "i"]}))),
    }
}

/// An issuer a client sends (its request shape has no readOnly members).
fn issuer_request() -> client::models::IssuerRequest {
    client::models::IssuerRequest {
        entity_id: "issuer/1".into(),
        icon_image: "https://example.com/logo.png?size=2&x=ü".into(),
        allowed_template_tags: None,
    }
}

#[tokio::test]
async fn every_operation_round_trips() {
    let served = start().await;
    let client = client(&served);
    credentials::credentials(&served, &client).await;
    credentials::credential_assertions(&served, &client).await;
    credentials::user_assertions(&served, &client).await;
    credentials::over_time(&served, &client).await;
    credentials::course_credentials_and_assignments(&served, &client).await;
    issuers::images(&served, &client).await;
    issuers::issuers(&served, &client).await;
    issuers::public_assertion(&served, &client).await;
    errors::declared_errors(&served, &client).await;
    served.assert_covers_spec("iblai-credentials");
}

/// The path parameters `org` and `user_id` of a call arrived as sent.
#[track_caller]
fn assert_org_user(org: &str, user_id: &str) {
    assert_eq!((org, user_id), (ORG, USER));
}

// After the macros above, which these modules use.
#[path = "roundtrip_iblai/credentials.rs"]
mod credentials;
#[path = "roundtrip_iblai/errors.rs"]
mod errors;
#[path = "roundtrip_iblai/exchange.rs"]
mod exchange;
#[path = "roundtrip_iblai/issuers.rs"]
mod issuers;

/// The spec's prefix and its alias are accepted; a wrong key, an unknown
/// prefix or a bare key get the declared 401 and no handler runs; without
/// an API key nothing is sent.
#[tokio::test]
async fn auth_matrix() {
    let served = start().await;
    let with_prefix = |key: &str, prefix: Option<&str>| {
        let builder =
            Client::builder().base_url(&served.base_url).credentials(Credentials::api_key(key)).timeout(TIMEOUT);
        match prefix {
            Some(prefix) => builder.api_key_prefix(prefix),
            None => builder,
        }
        .build()
        .unwrap()
    };

    for (prefix, sent) in [(None, "Api-Key good-secret"), (Some("Api-Token"), "Api-Token good-secret")] {
        let reply = CredentialsOrgsUsersImagesRetrieveResponse::Ok(s::UploadedImage::new(1, String::new()));
        let (got, call) =
            served.round(reply, with_prefix(GOOD, prefix).credentials_orgs_users_images_retrieve(ORG, USER)).await;
        assert!(got.is_ok(), "{got:?}");
        assert_eq!(call.principal.as_deref(), Some(SCHEME));
        assert_eq!(served.last_wire().header("authorization"), Some(sent));
    }

    let rejected = [
        (with_prefix("wrong-key", None), "Api-Key wrong-key"),
        (with_prefix("wrong-key", Some("Api-Token")), "Api-Token wrong-key"),
        (with_prefix(GOOD, Some("Bearer")), "Bearer good-secret"),
        (with_prefix(GOOD, Some("")), "good-secret"),
    ];
    for (client, sent) in rejected {
        let got = served.refused(client.credentials_orgs_users_images_retrieve(ORG, USER)).await;
        let Err(Error::Api(error)) = got else { panic!("expected the declared 401, got {got:?}") };
        assert_eq!((error.status.as_u16(), &error.body), (401, &ops::BadRequestOrUnauthorized::Unauthorized), "{sent}");
        assert!(error.headers.contains_key("www-authenticate"));
        assert_eq!(served.last_wire().header("authorization"), Some(sent));
    }

    // The public operation sends no key, so a wrong one does not matter.
    let reply = CredentialsPublicAssertionsRetrieveResponse::Ok(assertion());
    let (got, call) =
        served.round(reply, with_prefix("wrong-key", None).credentials_public_assertions_retrieve("a-1")).await;
    assert!(got.is_ok(), "{got:?}");
    assert_eq!((call.principal, served.last_wire().header("authorization")), (None, None));

    let before = served.wire_count();
    for credentials in [Credentials::none(), Credentials::bearer(GOOD).with_basic("ann", GOOD)] {
        let got =
            served.refused(client_with(&served, credentials).credentials_orgs_users_images_retrieve(ORG, USER)).await;
        let Err(Error::MissingCredentials(missing)) = got else { panic!("expected missing credentials, got {got:?}") };
        assert_eq!(missing.missing[0][0].name, SCHEME);
    }
    assert_eq!(served.wire_count(), before, "nothing was sent");
}

/// The spec says `metadata` may be any JSON value "and may be null": a
/// JSON `null` sent by the client must reach the handler as `null`, not
/// as an absent member.
#[tokio::test]
async fn null_in_an_untyped_member_is_not_absent() {
    let served = start().await;
    let sent = client::models::AssertionRequest { metadata: Some(None), ..assertion_request(true) };
    let reply = CredentialsOrgsUsersAssertionsCreateResponse::Ok(assertion());
    let client = client(&served);
    let (got, call) =
        served.round(reply, client.credentials_orgs_users_assertions_create(ORG, USER, "cred", &sent)).await;
    got.unwrap();
    let (_, body) = call.args::<(CredentialsOrgsUsersAssertionsCreatePath, s::AssertionRequest)>();
    assert_eq!(body.metadata, Some(None));
}

/// An untyped member holding a one-item array keeps it an array in a form
/// or multipart body, as it does in JSON (and as typed arrays do).
#[tokio::test]
#[ignore = "known limitation (client form/multipart encoding): arrays go out as repeated fields, so a one-item array in an untyped member arrives as its item; untyped members could be sent as JSON text instead"]
async fn a_one_item_array_in_an_untyped_member_stays_an_array() {
    let served = start().await;
    let client = client(&served);
    let sent = client::models::CredentialRequest { tags: Some(Some(json!(["t1"]))), ..credential_request(false) };
    for encoding in [Encoding::Form, Encoding::Multipart] {
        let reply = CredentialsOrgsUsersCreateResponse::Ok(credential());
        let body = body!(encoding, CredentialsOrgsUsersCreateBody, &sent);
        let (got, call) = served.round(reply, client.credentials_orgs_users_create(ORG, USER, body)).await;
        got.unwrap();
        let (_, body) = call.args::<(CredentialsOrgsUsersCreatePath, s::CredentialRequest)>();
        assert_eq!(body.tags, Some(Some(json!(["t1"]))), "{encoding:?}");
    }
}
