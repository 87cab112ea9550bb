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
use roundtrip_support::{AWKWARD, Exchange, Served, TIMEOUT, date_time, serve};
use serde_json::json;

/// Path parameters every call uses: reserved characters and non-ASCII text.
const ORG: &str = "main org/ü";
const USER: &str = "ann@example.com?#%";
/// The principal [`TestAuth`] names for the API key.
const SCHEME: &str = "PlatformApiKeyAuthentication";

impl Api for Exchange {
    type Principal = String;

    async fn credentials_orgs_users_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersRetrievePath,
    ) -> CredentialsOrgsUsersRetrieveResponse {
        self.answer("credentials_orgs_users_retrieve", Some(principal), path)
    }

    async fn credentials_orgs_users_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCreatePath,
        body: models::CredentialRequest,
    ) -> CredentialsOrgsUsersCreateResponse {
        self.answer("credentials_orgs_users_create", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_retrieve2(
        &self,
        principal: String,
        path: CredentialsOrgsUsersRetrieve2Path,
    ) -> CredentialsOrgsUsersRetrieve2Response {
        self.answer("credentials_orgs_users_retrieve2", Some(principal), path)
    }

    async fn credentials_orgs_users_update(
        &self,
        principal: String,
        path: CredentialsOrgsUsersUpdatePath,
        body: models::CredentialRequest,
    ) -> CredentialsOrgsUsersUpdateResponse {
        self.answer("credentials_orgs_users_update", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_destroy(
        &self,
        principal: String,
        path: CredentialsOrgsUsersDestroyPath,
    ) -> CredentialsOrgsUsersDestroyResponse {
        self.answer("credentials_orgs_users_destroy", Some(principal), path)
    }

    async fn credentials_orgs_users_assertions_retrieve3(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsRetrieve3Path,
    ) -> CredentialsOrgsUsersAssertionsRetrieve3Response {
        self.answer("credentials_orgs_users_assertions_retrieve3", Some(principal), path)
    }

    async fn credentials_orgs_users_assertions_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsCreatePath,
        body: models::AssertionRequest,
    ) -> CredentialsOrgsUsersAssertionsCreateResponse {
        self.answer("credentials_orgs_users_assertions_create", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_assertions_bulk_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsBulkCreatePath,
        body: models::BulkCreateAssertion,
    ) -> CredentialsOrgsUsersAssertionsBulkCreateResponse {
        self.answer("credentials_orgs_users_assertions_bulk_create", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_assertions_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsRetrievePath,
        query: CredentialsOrgsUsersAssertionsRetrieveQuery,
    ) -> CredentialsOrgsUsersAssertionsRetrieveResponse {
        self.answer("credentials_orgs_users_assertions_retrieve", Some(principal), (path, query))
    }

    async fn credentials_orgs_users_assertions_retrieve2(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsRetrieve2Path,
    ) -> CredentialsOrgsUsersAssertionsRetrieve2Response {
        self.answer("credentials_orgs_users_assertions_retrieve2", Some(principal), path)
    }

    async fn credentials_orgs_users_assertions_update(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsUpdatePath,
        body: models::AssertionRequest,
    ) -> CredentialsOrgsUsersAssertionsUpdateResponse {
        self.answer("credentials_orgs_users_assertions_update", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_assertions_over_time_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsOverTimeRetrievePath,
        query: CredentialsOrgsUsersAssertionsOverTimeRetrieveQuery,
    ) -> CredentialsOrgsUsersAssertionsOverTimeRetrieveResponse {
        self.answer("credentials_orgs_users_assertions_over_time_retrieve", Some(principal), (path, query))
    }

    async fn credentials_orgs_users_course_assertions_over_time_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCourseAssertionsOverTimeRetrievePath,
        query: CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveQuery,
    ) -> CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveResponse {
        self.answer("credentials_orgs_users_course_assertions_over_time_retrieve", Some(principal), (path, query))
    }

    async fn credentials_orgs_users_credentials_over_time_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCredentialsOverTimeRetrievePath,
        query: CredentialsOrgsUsersCredentialsOverTimeRetrieveQuery,
    ) -> CredentialsOrgsUsersCredentialsOverTimeRetrieveResponse {
        self.answer("credentials_orgs_users_credentials_over_time_retrieve", Some(principal), (path, query))
    }

    async fn credentials_orgs_users_course_credentials_list(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCourseCredentialsListPath,
        query: CredentialsOrgsUsersCourseCredentialsListQuery,
    ) -> CredentialsOrgsUsersCourseCredentialsListResponse {
        self.answer("credentials_orgs_users_course_credentials_list", Some(principal), (path, query))
    }

    async fn credentials_orgs_users_assignments_destroy(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsDestroyPath,
    ) -> CredentialsOrgsUsersAssignmentsDestroyResponse {
        self.answer("credentials_orgs_users_assignments_destroy", Some(principal), path)
    }

    async fn credentials_orgs_users_assignments_groups_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsGroupsRetrievePath,
    ) -> CredentialsOrgsUsersAssignmentsGroupsRetrieveResponse {
        self.answer("credentials_orgs_users_assignments_groups_retrieve", Some(principal), path)
    }

    async fn credentials_orgs_users_assignments_groups_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsGroupsCreatePath,
    ) -> CredentialsOrgsUsersAssignmentsGroupsCreateResponse {
        self.answer("credentials_orgs_users_assignments_groups_create", Some(principal), path)
    }

    async fn credentials_orgs_users_assignments_users_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsUsersRetrievePath,
    ) -> CredentialsOrgsUsersAssignmentsUsersRetrieveResponse {
        self.answer("credentials_orgs_users_assignments_users_retrieve", Some(principal), path)
    }

    async fn credentials_orgs_users_assignments_users_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsUsersCreatePath,
    ) -> CredentialsOrgsUsersAssignmentsUsersCreateResponse {
        self.answer("credentials_orgs_users_assignments_users_create", Some(principal), path)
    }

    async fn credentials_orgs_users_images_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersImagesRetrievePath,
    ) -> CredentialsOrgsUsersImagesRetrieveResponse {
        self.answer("credentials_orgs_users_images_retrieve", Some(principal), path)
    }

    async fn credentials_orgs_users_images_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersImagesCreatePath,
        body: Option<CredentialsOrgsUsersImagesCreateBody>,
    ) -> CredentialsOrgsUsersImagesCreateResponse {
        self.answer("credentials_orgs_users_images_create", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_issuers_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersRetrievePath,
        query: CredentialsOrgsUsersIssuersRetrieveQuery,
    ) -> CredentialsOrgsUsersIssuersRetrieveResponse {
        self.answer("credentials_orgs_users_issuers_retrieve", Some(principal), (path, query))
    }

    async fn credentials_orgs_users_issuers_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersCreatePath,
        query: CredentialsOrgsUsersIssuersCreateQuery,
        body: models::IssuerRequest,
    ) -> CredentialsOrgsUsersIssuersCreateResponse {
        self.answer("credentials_orgs_users_issuers_create", Some(principal), (path, query, body))
    }

    async fn credentials_orgs_users_issuers_retrieve2(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersRetrieve2Path,
    ) -> CredentialsOrgsUsersIssuersRetrieve2Response {
        self.answer("credentials_orgs_users_issuers_retrieve2", Some(principal), path)
    }

    async fn credentials_orgs_users_issuers_update(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersUpdatePath,
        body: models::IssuerRequest,
    ) -> CredentialsOrgsUsersIssuersUpdateResponse {
        self.answer("credentials_orgs_users_issuers_update", Some(principal), (path, body))
    }

    async fn credentials_orgs_users_issuers_destroy(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersDestroyPath,
    ) -> CredentialsOrgsUsersIssuersDestroyResponse {
        self.answer("credentials_orgs_users_issuers_destroy", Some(principal), path)
    }

    async fn credentials_orgs_users_issuers_authority_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersAuthorityCreatePath,
        body: models::IssuerAuthority,
    ) -> CredentialsOrgsUsersIssuersAuthorityCreateResponse {
        self.answer("credentials_orgs_users_issuers_authority_create", Some(principal), (path, body))
    }

    async fn credentials_public_assertions_retrieve(
        &self,
        path: CredentialsPublicAssertionsRetrievePath,
    ) -> CredentialsPublicAssertionsRetrieveResponse {
        self.answer("credentials_public_assertions_retrieve", None, path)
    }
}

async fn start() -> Served {
    let exchange = Exchange::default();
    serve(exchange.clone(), iblai_credentials_server::router(exchange, TestAuth)).await
}

fn client_with(served: &Served, credentials: Credentials) -> Client {
    Client::builder().base_url(&served.base_url).credentials(credentials).timeout(TIMEOUT).build().unwrap()
}

fn client(served: &Served) -> Client {
    client_with(served, Credentials::api_key(GOOD))
}

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
    credentials(&served, &client).await;
    credential_assertions(&served, &client).await;
    user_assertions(&served, &client).await;
    over_time(&served, &client).await;
    course_credentials_and_assignments(&served, &client).await;
    images(&served, &client).await;
    issuers(&served, &client).await;
    public_assertion(&served, &client).await;
    declared_errors(&served, &client).await;
    served.assert_covers_spec("iblai-credentials");
}

/// The path parameters `org` and `user_id` of a call arrived as sent.
#[track_caller]
fn assert_org_user(org: &str, user_id: &str) {
    assert_eq!((org, user_id), (ORG, USER));
}

async fn credentials(served: &Served, client: &Client) {
    // credentials_orgs_users_retrieve
    let (got, call) = served
        .round(
            CredentialsOrgsUsersRetrieveResponse::Ok(credential()),
            client.credentials_orgs_users_retrieve(ORG, USER),
        )
        .await;
    assert_eq!(&got.unwrap(), &credential());
    let path = call.args::<CredentialsOrgsUsersRetrievePath>();
    assert_org_user(&path.org, &path.user_id);
    assert_eq!(call.principal.as_deref(), Some(SCHEME));
    // The trailing slash of the template is kept.
    let target = served.last_wire().target;
    assert!(
        target.starts_with("/api/credentials/orgs/main%20org%2F%C3%BC/users/") && target.ends_with('/'),
        "{target}"
    );

    // credentials_orgs_users_create, in each encoding
    for encoding in ENCODINGS {
        let sent = credential_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersCreateResponse::Ok(credential());
        let (got, call) = served
            .round(
                reply,
                client.credentials_orgs_users_create(ORG, USER, body!(encoding, CredentialsOrgsUsersCreateBody, &sent)),
            )
            .await;
        assert_eq!(&got.unwrap(), &credential());
        let (path, body) = call.args::<(CredentialsOrgsUsersCreatePath, s::CredentialRequest)>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(&sent, body);
        assert_eq!(body.created_at.to_rfc3339(), "2024-02-29T23:59:59.123+05:30", "{encoding:?}");
        assert_eq!((body.icon_image_id, body.background_image_id), (i64::MAX, i64::MIN), "{encoding:?}");
        encoding.assert_sent(served);
    }

    // credentials_orgs_users_retrieve2: the entity id may equal a literal
    // segment of a sibling template (`.../{user_id}/images/`).
    for entity_id in AWKWARD.iter().chain(&["assertions", "images", "issuers", "assignments", "course-credentials"]) {
        let (got, call) = served
            .round(
                CredentialsOrgsUsersRetrieve2Response::Ok(credential()),
                client.credentials_orgs_users_retrieve2(ORG, USER, entity_id),
            )
            .await;
        assert_eq!(&got.unwrap(), &credential());
        let path = call.args::<CredentialsOrgsUsersRetrieve2Path>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(path.entity_id, *entity_id);
    }

    // credentials_orgs_users_update, in each encoding
    for encoding in ENCODINGS {
        let sent = credential_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersUpdateResponse::Ok(credential());
        let call = client.credentials_orgs_users_update(
            ORG,
            USER,
            "cred 1",
            body!(encoding, CredentialsOrgsUsersUpdateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(&got.unwrap(), &credential());
        let (path, body) = call.args::<(CredentialsOrgsUsersUpdatePath, s::CredentialRequest)>();
        assert_eq!(path.entity_id, "cred 1");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }
    assert_eq!(served.last_wire().method, "PUT");

    // credentials_orgs_users_destroy
    let (got, call) = served
        .round(
            CredentialsOrgsUsersDestroyResponse::NoContent,
            client.credentials_orgs_users_destroy(ORG, USER, "cred/1"),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersDestroyPath>().entity_id, "cred/1");
}

async fn credential_assertions(served: &Served, client: &Client) {
    // credentials_orgs_users_assertions_retrieve3
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssertionsRetrieve3Response::Ok(page()),
            client.credentials_orgs_users_assertions_retrieve3(ORG, USER, "cred ✓"),
        )
        .await;
    let got = got.unwrap();
    assert_eq!(&got, &page());
    assert_eq!((got.count, got.max_page_size), (i64::MAX, i64::MIN));
    assert_eq!((got.data[0].narrative.as_ref(), got.data[1].narrative.as_ref()), (Some(&None), None));
    assert_eq!(call.args::<CredentialsOrgsUsersAssertionsRetrieve3Path>().entity_id, "cred ✓");

    // credentials_orgs_users_assertions_create, in each encoding
    for encoding in ENCODINGS {
        let sent = assertion_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersAssertionsCreateResponse::Ok(assertion());
        let call = client.credentials_orgs_users_assertions_create(
            ORG,
            USER,
            "cred",
            body!(encoding, CredentialsOrgsUsersAssertionsCreateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(&got.unwrap(), &assertion());
        let (path, body) = call.args::<(CredentialsOrgsUsersAssertionsCreatePath, s::AssertionRequest)>();
        assert_eq!(path.entity_id, "cred");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }

    // credentials_orgs_users_assertions_bulk_create: untyped items, in
    // each encoding (a form or multipart body carries them as text).
    for encoding in ENCODINGS {
        let sent = match encoding {
            Encoding::Json => client::models::BulkCreateAssertion {
                skipped: vec![json!("username1"), json!(42), json!(null), json!({"u": ["x"]})],
                issued: Vec::new(),
            },
            _ => client::models::BulkCreateAssertion {
                skipped: vec![json!("user name"), json!("ü&x=1?#")],
                issued: vec![json!("only one")],
            },
        };
        let reply = CredentialsOrgsUsersAssertionsBulkCreateResponse::Ok(sent.clone());
        let call = client.credentials_orgs_users_assertions_bulk_create(
            ORG,
            USER,
            "cred",
            body!(encoding, CredentialsOrgsUsersAssertionsBulkCreateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(got.unwrap(), sent);
        let (path, body) = call.args::<(CredentialsOrgsUsersAssertionsBulkCreatePath, s::BulkCreateAssertion)>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }
}

async fn user_assertions(served: &Served, client: &Client) {
    use ops::CredentialsOrgsUsersAssertionsRetrieveOptions as Options;

    // credentials_orgs_users_assertions_retrieve: absent, false and true
    // booleans, integers at the limits the schema allows.
    let all = Options {
        course: Some("course-v1:x+y+z ü&a=b#c".into()),
        exclude_main_tenant_assertions: Some(true),
        include_expired: Some(false),
        include_revoked: Some(true),
        page: Some(i64::MAX),
        page_size: Some(1000),
    };
    let smallest = Options { page: Some(1), page_size: Some(1), ..Default::default() };
    for options in [Options::default(), all, smallest] {
        let reply = CredentialsOrgsUsersAssertionsRetrieveResponse::Ok(page());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_assertions_retrieve(ORG, USER, options.clone())).await;
        assert_eq!(&got.unwrap(), &page());
        let (path, query) =
            call.args::<(CredentialsOrgsUsersAssertionsRetrievePath, CredentialsOrgsUsersAssertionsRetrieveQuery)>();
        assert_org_user(&path.org, &path.user_id);
        let received = (
            &query.course,
            query.exclude_main_tenant_assertions,
            query.include_expired,
            query.include_revoked,
            query.page,
            query.page_size,
        );
        let sent = (
            &options.course,
            options.exclude_main_tenant_assertions,
            options.include_expired,
            options.include_revoked,
            options.page,
            options.page_size,
        );
        assert_eq!(received, sent);
    }

    // credentials_orgs_users_assertions_retrieve2
    for entity_id in AWKWARD {
        let reply = CredentialsOrgsUsersAssertionsRetrieve2Response::Ok(assertion());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_assertions_retrieve2(ORG, USER, entity_id)).await;
        assert_eq!(&got.unwrap(), &assertion());
        assert_eq!(call.args::<CredentialsOrgsUsersAssertionsRetrieve2Path>().entity_id, *entity_id);
    }

    // credentials_orgs_users_assertions_update, in each encoding
    for encoding in ENCODINGS {
        let sent = assertion_request(encoding == Encoding::Json);
        let reply = CredentialsOrgsUsersAssertionsUpdateResponse::Ok(assertion());
        let call = client.credentials_orgs_users_assertions_update(
            ORG,
            USER,
            "a/1",
            body!(encoding, CredentialsOrgsUsersAssertionsUpdateBody, &sent),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(&got.unwrap(), &assertion());
        let (path, body) = call.args::<(CredentialsOrgsUsersAssertionsUpdatePath, s::AssertionRequest)>();
        assert_eq!(path.entity_id, "a/1");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }
}

async fn over_time(served: &Served, client: &Client) {
    // credentials_orgs_users_assertions_over_time_retrieve
    {
        use client::models::CredentialsOrgsUsersOverTimeRetrieveFormat as Format;
        use ops::CredentialsOrgsUsersAssertionsOverTimeRetrieveOptions as Options;
        let stats = s::OvertimeWithChangeInfo {
            data: Some(BTreeMap::from([
                ("2024-01-01".into(), json!(1)),
                ("2024-01-02".into(), json!(null)),
                ("2024-01-03".into(), json!(-2.5)),
                ("total".into(), json!({"n": i64::MIN})),
            ])),
            total: Some(i64::MAX),
            meta: s::OvertimeMeta {
                total: i64::MIN,
                change_range: Some(0),
                change_last_seven_days: Some(-7),
                change_last_thirty_days: None,
                change_last_seven_days_percent: Some(-12.5),
                change_last_thirty_days_percent: Some(1e300),
                change_range_percent: Some(0.1),
            },
        };
        let all = Options {
            department_id: Some(i64::MIN),
            end_date: Some("2024-02-29T23:59:59+05:30".into()),
            format: Some(Format::Json),
            include_main_platform: Some(false),
            start_date: Some("2024-01-01 00:00 ü&x=1#".into()),
        };
        for options in [Options::default(), all] {
            let reply = CredentialsOrgsUsersAssertionsOverTimeRetrieveResponse::Ok(stats.clone());
            let (got, call) = served
                .round(reply, client.credentials_orgs_users_assertions_over_time_retrieve(ORG, USER, options.clone()))
                .await;
            assert_eq!(&got.unwrap(), &stats);
            let (path, query) = call.args::<(
                CredentialsOrgsUsersAssertionsOverTimeRetrievePath,
                CredentialsOrgsUsersAssertionsOverTimeRetrieveQuery,
            )>();
            assert_org_user(&path.org, &path.user_id);
            assert_eq!(query.department_id, options.department_id);
            assert_eq!((&query.end_date, &query.start_date), (&options.end_date, &options.start_date));
            // Absent, the parameters with a default arrive as that default.
            assert_eq!(query.format.as_str(), options.format.as_ref().map_or("json", |f| f.as_str()));
            assert_eq!(query.include_main_platform, options.include_main_platform.unwrap_or(true));
        }
    }
    // credentials_orgs_users_course_assertions_over_time_retrieve
    let series = s::OverTime {
        data: BTreeMap::from([
            ("2024-01-01".into(), json!(3)),
            ("2024-01-02".into(), json!(null)),
            (String::new(), json!("x")),
        ]),
    };
    {
        use client::models::CredentialsOrgsUsersOverTimeRetrieveFormat as Format;
        use ops::CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveOptions as Options;
        let options = Options {
            department_id: Some(i64::MAX),
            format: Some(Format::Json),
            include_main_platform: Some(false),
            ..Default::default()
        };
        let reply = CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveResponse::Ok(series.clone());
        let (got, call) = served
            .round(reply, client.credentials_orgs_users_course_assertions_over_time_retrieve(ORG, USER, options))
            .await;
        assert_eq!(&got.unwrap(), &series);
        let (_, query) = call.args::<(
            CredentialsOrgsUsersCourseAssertionsOverTimeRetrievePath,
            CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveQuery,
        )>();
        assert_eq!((query.department_id, query.include_main_platform, &query.end_date), (Some(i64::MAX), false, &None));
        assert_eq!(query.format.as_str(), "json");
    }
    // credentials_orgs_users_credentials_over_time_retrieve
    {
        use ops::CredentialsOrgsUsersCredentialsOverTimeRetrieveOptions as Options;
        let options = Options {
            end_date: Some("2024-12-31".into()),
            start_date: Some("2024-01-01".into()),
            ..Default::default()
        };
        let reply = CredentialsOrgsUsersCredentialsOverTimeRetrieveResponse::Ok(series.clone());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_credentials_over_time_retrieve(ORG, USER, options)).await;
        assert_eq!(&got.unwrap(), &series);
        let (_, query) =
            call.args::<(
                CredentialsOrgsUsersCredentialsOverTimeRetrievePath,
                CredentialsOrgsUsersCredentialsOverTimeRetrieveQuery,
            )>();
        assert_eq!(
            (query.end_date.as_deref(), query.start_date.as_deref(), query.department_id),
            (Some("2024-12-31"), Some("2024-01-01"), None)
        );
    }
}

async fn course_credentials_and_assignments(served: &Served, client: &Client) {
    use ops::CredentialsOrgsUsersCourseCredentialsListOptions as Options;

    // credentials_orgs_users_course_credentials_list: no constraints, so
    // both limits of int64.
    for options in [Options::default(), Options { page: Some(i64::MIN), page_size: Some(i64::MAX) }] {
        let reply = CredentialsOrgsUsersCourseCredentialsListResponse::Ok;
        let (got, call) = served
            .round(reply, client.credentials_orgs_users_course_credentials_list(ORG, USER, options.clone()))
            .await;
        got.unwrap();
        let (_, query) = call
            .args::<(CredentialsOrgsUsersCourseCredentialsListPath, CredentialsOrgsUsersCourseCredentialsListQuery)>();
        assert_eq!((query.page, query.page_size), (options.page, options.page_size));
    }

    // credentials_orgs_users_assignments_destroy, also with ids equal to
    // the literal segments of sibling templates (`.../assignments/groups/`).
    for assignment_id in AWKWARD.iter().chain(&["groups", "users"]) {
        let reply = CredentialsOrgsUsersAssignmentsDestroyResponse::NoContent;
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_assignments_destroy(ORG, USER, assignment_id)).await;
        got.unwrap();
        let path = call.args::<CredentialsOrgsUsersAssignmentsDestroyPath>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(path.assignment_id, *assignment_id);
    }

    // The four assignment operations without body or parameters beyond the path.
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsGroupsRetrieveResponse::Ok,
            client.credentials_orgs_users_assignments_groups_retrieve(ORG, USER),
        )
        .await;
    got.unwrap();
    let path = call.args::<CredentialsOrgsUsersAssignmentsGroupsRetrievePath>();
    assert_org_user(&path.org, &path.user_id);
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsGroupsCreateResponse::Ok,
            client.credentials_orgs_users_assignments_groups_create(ORG, USER),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersAssignmentsGroupsCreatePath>().org, ORG);
    assert_eq!(served.last_wire().method, "POST");
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsUsersRetrieveResponse::Ok,
            client.credentials_orgs_users_assignments_users_retrieve(ORG, USER),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersAssignmentsUsersRetrievePath>().user_id, USER);
    let (got, call) = served
        .round(
            CredentialsOrgsUsersAssignmentsUsersCreateResponse::Ok,
            client.credentials_orgs_users_assignments_users_create(ORG, USER),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersAssignmentsUsersCreatePath>().user_id, USER);
}

async fn images(served: &Served, client: &Client) {
    use CredentialsOrgsUsersImagesCreateBody as Received;
    use ops::CredentialsOrgsUsersImagesCreateBody as Sent;

    let stored =
        s::UploadedImage { id: i64::MAX, name: Some(None), image: "https://example.com/media/icon.png".into() };

    // credentials_orgs_users_images_retrieve
    let (got, call) = served
        .round(
            CredentialsOrgsUsersImagesRetrieveResponse::Ok(stored.clone()),
            client.credentials_orgs_users_images_retrieve(ORG, USER),
        )
        .await;
    assert_eq!(&got.unwrap(), &stored);
    assert_eq!(call.args::<CredentialsOrgsUsersImagesRetrievePath>().user_id, USER);

    // credentials_orgs_users_images_create: the body is optional.
    let (got, call) = served
        .round(
            CredentialsOrgsUsersImagesCreateResponse::Ok(stored.clone()),
            client.credentials_orgs_users_images_create(ORG, USER, None),
        )
        .await;
    assert_eq!(&got.unwrap(), &stored);
    assert_eq!(call.args::<(CredentialsOrgsUsersImagesCreatePath, Option<Received>)>().1, None);
    assert_eq!(served.last_wire().header("content-type"), None);

    // JSON keeps `null` apart from absent; a form has no null.
    let json_image = client::models::UploadedImageRequest { name: Some(None) };
    let form_image = client::models::UploadedImageRequest { name: Some(Some("Certificate Icon & ü=?".into())) };
    for (sent, encoding) in [(Sent::Json(&json_image), Encoding::Json), (Sent::Form(&form_image), Encoding::Form)] {
        let (got, call) = served
            .round(
                CredentialsOrgsUsersImagesCreateResponse::Ok(stored.clone()),
                client.credentials_orgs_users_images_create(ORG, USER, Some(sent)),
            )
            .await;
        assert_eq!(&got.unwrap(), &stored);
        match (call.args::<(CredentialsOrgsUsersImagesCreatePath, Option<Received>)>().1.as_ref(), sent) {
            (Some(Received::Json(received)), Sent::Json(sent)) | (Some(Received::Form(received)), Sent::Form(sent)) => {
                assert_eq!(sent, received)
            }
            (received, _) => panic!("{encoding:?} arrived as {received:?}"),
        }
        encoding.assert_sent(served);
    }

    // A multipart upload: the file's bytes (every byte value), name and
    // media type arrive unchanged, beside the text field.
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(0..=255u8);
    bytes.extend(b"--boundary-lookalike\r\n\r\n");
    let upload = client::models::UploadedImageUpload {
        image: Binary::new(bytes.clone()).with_file_name("badge ü \"1\".png").with_content_type("image/png"),
        name: Some(Some("Certificate Icon ✓".into())),
    };
    let (got, call) = served
        .round(
            CredentialsOrgsUsersImagesCreateResponse::Ok(stored.clone()),
            client.credentials_orgs_users_images_create(ORG, USER, Some(Sent::Multipart(&upload))),
        )
        .await;
    assert_eq!(&got.unwrap(), &stored);
    let Some(Received::Multipart(received)) =
        &call.args::<(CredentialsOrgsUsersImagesCreatePath, Option<Received>)>().1
    else {
        panic!("the upload did not arrive as multipart")
    };
    assert_eq!(received.image.bytes, bytes);
    assert_eq!(received.image.file_name.as_deref(), Some("badge ü \"1\".png"));
    assert_eq!(received.image.content_type.as_deref(), Some("image/png"));
    assert_eq!(received.name, Some(Some("Certificate Icon ✓".into())));
    Encoding::Multipart.assert_sent(served);
}

async fn issuers(served: &Served, client: &Client) {
    // credentials_orgs_users_issuers_retrieve: the required query parameter.
    for q in ["x", "a&b=c#d ü+%20/?", " spaced "] {
        let (got, call) = served
            .round(
                CredentialsOrgsUsersIssuersRetrieveResponse::Ok(issuer()),
                client.credentials_orgs_users_issuers_retrieve(ORG, USER, q),
            )
            .await;
        assert_eq!(&got.unwrap(), &issuer());
        let (path, query) =
            call.args::<(CredentialsOrgsUsersIssuersRetrievePath, CredentialsOrgsUsersIssuersRetrieveQuery)>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(query.q, q);
    }

    // credentials_orgs_users_issuers_create, in each encoding
    let sent = issuer_request();
    for encoding in ENCODINGS {
        let call = client.credentials_orgs_users_issuers_create(
            ORG,
            USER,
            "q ✓",
            body!(encoding, CredentialsOrgsUsersIssuersCreateBody, &sent),
        );
        let (got, call) = served.round(CredentialsOrgsUsersIssuersCreateResponse::Ok(issuer()), call).await;
        assert_eq!(&got.unwrap(), &issuer());
        let (_, query, body) = call.args::<(
            CredentialsOrgsUsersIssuersCreatePath,
            CredentialsOrgsUsersIssuersCreateQuery,
            s::IssuerRequest,
        )>();
        assert_eq!(query.q, "q ✓");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }

    // credentials_orgs_users_issuers_retrieve2, also with the id
    // `authority` of the sibling template `.../issuers/authority/`.
    for entity_id in AWKWARD.iter().chain(&["authority"]) {
        let reply = CredentialsOrgsUsersIssuersRetrieve2Response::Ok(issuer());
        let (got, call) =
            served.round(reply, client.credentials_orgs_users_issuers_retrieve2(ORG, USER, entity_id)).await;
        assert_eq!(&got.unwrap(), &issuer());
        assert_eq!(call.args::<CredentialsOrgsUsersIssuersRetrieve2Path>().entity_id, *entity_id);
    }

    // credentials_orgs_users_issuers_update, in each encoding
    for encoding in ENCODINGS {
        let call = client.credentials_orgs_users_issuers_update(
            ORG,
            USER,
            "issuer/1",
            body!(encoding, CredentialsOrgsUsersIssuersUpdateBody, &sent),
        );
        let (got, call) = served.round(CredentialsOrgsUsersIssuersUpdateResponse::Ok(issuer()), call).await;
        assert_eq!(&got.unwrap(), &issuer());
        let (path, body) = call.args::<(CredentialsOrgsUsersIssuersUpdatePath, s::IssuerRequest)>();
        assert_eq!(path.entity_id, "issuer/1");
        assert_eq!(&sent, body);
        encoding.assert_sent(served);
    }

    // credentials_orgs_users_issuers_destroy
    let (got, call) = served
        .round(
            CredentialsOrgsUsersIssuersDestroyResponse::NoContent,
            client.credentials_orgs_users_issuers_destroy(ORG, USER, "issuer 1"),
        )
        .await;
    got.unwrap();
    assert_eq!(call.args::<CredentialsOrgsUsersIssuersDestroyPath>().entity_id, "issuer 1");
    assert_eq!(served.last_wire().method, "DELETE");

    // credentials_orgs_users_issuers_authority_create, in each encoding
    let authority = client::models::IssuerAuthority {
        name: "John Smith ✓".into(),
        title: "President & CEO = 100%".into(),
        signature: "https://example.com/signatures/john-smith.png?v=2#top".into(),
    };
    for encoding in ENCODINGS {
        let reply = CredentialsOrgsUsersIssuersAuthorityCreateResponse::Ok(authority.clone());
        let call = client.credentials_orgs_users_issuers_authority_create(
            ORG,
            USER,
            body!(encoding, CredentialsOrgsUsersIssuersAuthorityCreateBody, &authority),
        );
        let (got, call) = served.round(reply, call).await;
        assert_eq!(got.unwrap(), authority);
        let (path, body) = call.args::<(CredentialsOrgsUsersIssuersAuthorityCreatePath, s::IssuerAuthority)>();
        assert_org_user(&path.org, &path.user_id);
        assert_eq!(&authority, body);
        encoding.assert_sent(served);
    }
}

async fn public_assertion(served: &Served, client: &Client) {
    // The public operation sends no credentials and has no principal,
    // whether the client has credentials or not.
    let anonymous = client_with(served, Credentials::none());
    for (client, entity_id) in [(client, "a/1 ✓"), (&anonymous, "..x")] {
        let reply = CredentialsPublicAssertionsRetrieveResponse::Ok(assertion());
        let (got, call) = served.round(reply, client.credentials_public_assertions_retrieve(entity_id)).await;
        assert_eq!(&got.unwrap(), &assertion());
        assert_eq!(call.principal, None);
        assert_eq!(call.args::<CredentialsPublicAssertionsRetrievePath>().entity_id, entity_id);
        assert_eq!(served.last_wire().header("authorization"), None);
    }
}

/// The declared 400 and 401 (without a body) of an operation, each
/// decoded into its typed error.
macro_rules! every_error {
    ($served:expr, $call:expr, $server:ident, $client:ident) => {
        $served
            .declared_errors(
                || $call,
                vec![
                    ($server::BadRequest, 400, ops::$client::BadRequest),
                    ($server::Unauthorized, 401, ops::$client::Unauthorized),
                ],
            )
            .await
    };
}

/// Every operation declares a 400 and a 401: each reaches the client as
/// its typed error.
async fn declared_errors(served: &Served, client: &Client) {
    let credential = credential_request(true);
    let assertion = assertion_request(true);
    let bulk = client::models::BulkCreateAssertion { skipped: vec![json!("a")], issued: Vec::new() };
    let issuer = issuer_request();
    let authority = client::models::IssuerAuthority { name: "n".into(), title: "t".into(), signature: "s".into() };
    let id = "entity";
    every_error!(
        served,
        client.credentials_orgs_users_retrieve(ORG, USER),
        CredentialsOrgsUsersRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_create(ORG, USER, &credential),
        CredentialsOrgsUsersCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_retrieve2(ORG, USER, id),
        CredentialsOrgsUsersRetrieve2Response,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_update(ORG, USER, id, &credential),
        CredentialsOrgsUsersUpdateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_destroy(ORG, USER, id),
        CredentialsOrgsUsersDestroyResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_retrieve3(ORG, USER, id),
        CredentialsOrgsUsersAssertionsRetrieve3Response,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_create(ORG, USER, id, &assertion),
        CredentialsOrgsUsersAssertionsCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_bulk_create(ORG, USER, id, &bulk),
        CredentialsOrgsUsersAssertionsBulkCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_retrieve(ORG, USER, Default::default()),
        CredentialsOrgsUsersAssertionsRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_retrieve2(ORG, USER, id),
        CredentialsOrgsUsersAssertionsRetrieve2Response,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_update(ORG, USER, id, &assertion),
        CredentialsOrgsUsersAssertionsUpdateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assertions_over_time_retrieve(ORG, USER, Default::default()),
        CredentialsOrgsUsersAssertionsOverTimeRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_course_assertions_over_time_retrieve(ORG, USER, Default::default()),
        CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_credentials_over_time_retrieve(ORG, USER, Default::default()),
        CredentialsOrgsUsersCredentialsOverTimeRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_course_credentials_list(ORG, USER, Default::default()),
        CredentialsOrgsUsersCourseCredentialsListResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assignments_destroy(ORG, USER, id),
        CredentialsOrgsUsersAssignmentsDestroyResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assignments_groups_retrieve(ORG, USER),
        CredentialsOrgsUsersAssignmentsGroupsRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assignments_groups_create(ORG, USER),
        CredentialsOrgsUsersAssignmentsGroupsCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assignments_users_retrieve(ORG, USER),
        CredentialsOrgsUsersAssignmentsUsersRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_assignments_users_create(ORG, USER),
        CredentialsOrgsUsersAssignmentsUsersCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_images_retrieve(ORG, USER),
        CredentialsOrgsUsersImagesRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_images_create(ORG, USER, None),
        CredentialsOrgsUsersImagesCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_issuers_retrieve(ORG, USER, "q"),
        CredentialsOrgsUsersIssuersRetrieveResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_issuers_create(ORG, USER, "q", &issuer),
        CredentialsOrgsUsersIssuersCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_issuers_retrieve2(ORG, USER, id),
        CredentialsOrgsUsersIssuersRetrieve2Response,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_issuers_update(ORG, USER, id, &issuer),
        CredentialsOrgsUsersIssuersUpdateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_issuers_destroy(ORG, USER, id),
        CredentialsOrgsUsersIssuersDestroyResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_orgs_users_issuers_authority_create(ORG, USER, &authority),
        CredentialsOrgsUsersIssuersAuthorityCreateResponse,
        BadRequestOrUnauthorized
    );
    every_error!(
        served,
        client.credentials_public_assertions_retrieve(id),
        CredentialsPublicAssertionsRetrieveResponse,
        BadRequestOrUnauthorized
    );

    // The router's own 400 (a required query parameter empty, against its
    // `minLength: 1`) is the declared one too, and no handler runs.
    let got = served.refused(client.credentials_orgs_users_issuers_retrieve(ORG, USER, "")).await;
    let Err(Error::Api(error)) = got else { panic!("expected the declared 400, got {got:?}") };
    assert_eq!((error.status.as_u16(), &error.body), (400, &ops::BadRequestOrUnauthorized::BadRequest));
}

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
