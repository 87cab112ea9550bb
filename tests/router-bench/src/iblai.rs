//! ibl.ai Credentials: `credentials_orgs_users_assertions_retrieve` (path
//! and query parameters) and `credentials_orgs_users_create` (a JSON body
//! of about 1 KB), generated and by hand.

use std::sync::LazyLock;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use iblai_credentials_server::{Api, models, operations};
use serde::Deserialize;

use crate::{Accepting, Case, authorization, error, unauthorized};

/// `GET /api/credentials/orgs/{org}/users/{user_id}/assertions/`, four of
/// its six query parameters.
pub const GET: Case = Case {
    name: "iblai GET assertions (path + query)",
    method: "GET",
    uri: "/api/credentials/orgs/main/users/alice.smith/assertions/?course=intro-to-rust-101&include_expired=false\
          &page=2&page_size=50",
    authorization: "Api-Key bench-token-5f2c",
    body: None,
};

/// `POST /api/credentials/orgs/{org}/users/{user_id}/`, a 1 KB credential.
pub const POST: Case = Case {
    name: "iblai POST credential (1 KB JSON)",
    method: "POST",
    uri: "/api/credentials/orgs/main/users/alice.smith/",
    authorization: "Api-Key bench-token-5f2c",
    body: Some(
        r#"{"entityId": "cred-2f9d7c1e-4b1a-4d8e-9a55-0c3b7e6f1a2d", "name": "Advanced Rust Systems Programming", "name_override": null, "description": "Awarded to learners who complete the advanced systems programming track: ownership and borrowing in depth, unsafe code and its invariants, concurrency with threads and async tasks, and profiling of real services.", "criteriaUrl": "https://learn.example.com/credentials/advanced-rust/criteria", "criteriaNarrative": "Complete all twelve modules with a passing grade of at least 80 percent, submit the capstone project, and pass the proctored final assessment.", "createdAt": "2026-11-27T12:00:00+00:00", "icon_image_id": 1041, "background_image_id": 1042, "thumbnail_image_id": 1043, "html_template": "<div class=\"credential\"><h1>{{ name }}</h1><p>{{ description }}</p></div>", "css_template": ".credential { font-family: serif; color: #222; }", "metadata": {"level": "advanced", "hours": 48, "language": "en"}, "credentialType": "certificate", "tags": ["rust", "systems", "advanced"], "signal": "course_completed"}"#,
    ),
};

/// What both routers answer the `POST` with (cloned per request).
static CREATED: LazyLock<models::Credential> = LazyLock::new(|| {
    serde_json::from_value(serde_json::json!({
        "entityId": "cred-2f9d7c1e-4b1a-4d8e-9a55-0c3b7e6f1a2d",
        "name": "Advanced Rust Systems Programming",
        "criteriaUrl": "https://learn.example.com/credentials/advanced-rust/criteria",
        "criteriaNarrative": "Complete all twelve modules.",
        "createdAt": "2026-11-27T12:00:00+00:00",
        "iconImage": "https://learn.example.com/i/1041.png",
        "icon_image_id": 1041,
        "backgroundImage": "https://learn.example.com/i/1042.png",
        "background_image_id": 1042,
        "thumbnailImage": "https://learn.example.com/i/1043.png",
        "thumbnail_image_id": 1043,
        "catalog_items": [],
        "courses": [],
        "programs": "",
        "issuerDetails": {"name": "Example Learning"},
        "credentialType": "certificate",
        "expires": {},
        "signatories": [],
        "signal": "course_completed",
        "pathways": []
    }))
    .expect("a credential")
});

/// What both routers answer the `GET` with.
fn page(page: Option<i64>, size: Option<i64>) -> models::PaginatedAssertionsResponse {
    let (page, size) = (page.unwrap_or(1), size.unwrap_or(20));
    models::PaginatedAssertionsResponse::new(String::new(), String::new(), 0, 0, page, size, Vec::new())
}

/// The generated router's `Api`.
struct Bench;

impl Api for Bench {
    type Principal = String;

    async fn credentials_orgs_users_assertions_retrieve(
        &self,
        _principal: String,
        _path: operations::CredentialsOrgsUsersAssertionsRetrievePath,
        query: operations::CredentialsOrgsUsersAssertionsRetrieveQuery,
    ) -> operations::CredentialsOrgsUsersAssertionsRetrieveResponse {
        operations::CredentialsOrgsUsersAssertionsRetrieveResponse::Ok(page(query.page, query.page_size))
    }

    async fn credentials_orgs_users_create(
        &self,
        _principal: String,
        _path: operations::CredentialsOrgsUsersCreatePath,
        _body: models::CredentialRequest,
    ) -> operations::CredentialsOrgsUsersCreateResponse {
        operations::CredentialsOrgsUsersCreateResponse::Ok(CREATED.clone())
    }
}

/// The generated router.
pub fn generated() -> Router {
    iblai_credentials_server::router(Bench, Accepting)
}

/// The hand-written router.
pub fn hand() -> Router {
    Router::new()
        .route("/api/credentials/orgs/{org}/users/{user_id}/", post(create))
        .route("/api/credentials/orgs/{org}/users/{user_id}/assertions/", get(assertions))
}

/// The query parameters.
#[derive(Deserialize)]
struct AssertionsQuery {
    course: Option<String>,
    exclude_main_tenant_assertions: Option<bool>,
    include_expired: Option<bool>,
    include_revoked: Option<bool>,
    page: Option<i64>,
    page_size: Option<i64>,
}

async fn assertions(
    headers: HeaderMap,
    Path((_org, _user_id)): Path<(String, String)>,
    query: Result<Query<AssertionsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(_principal) = authorization(&headers, &["Api-Key", "Api-Token"]) else {
        return unauthorized("missing or unknown API key", "Api-Key");
    };
    let Query(query) = match query {
        Ok(query) => query,
        Err(rejection) => return error(StatusCode::BAD_REQUEST, &rejection.body_text()),
    };
    // The spec's rules: `course` minLength 1, `page` minimum 1, `page_size` 1 to 1000.
    let mut faults = Vec::new();
    if query.course.as_ref().is_some_and(String::is_empty) {
        faults.push("course");
    }
    if query.page.is_some_and(|page| page < 1) {
        faults.push("page");
    }
    if query.page_size.is_some_and(|size| !(1..=1000).contains(&size)) {
        faults.push("page_size");
    }
    if !faults.is_empty() {
        return error(StatusCode::BAD_REQUEST, &format!("invalid query parameters: {}", faults.join(", ")));
    }
    let _ = (query.exclude_main_tenant_assertions, query.include_expired, query.include_revoked);
    Json(page(query.page, query.page_size)).into_response()
}

async fn create(
    headers: HeaderMap,
    Path((_org, _user_id)): Path<(String, String)>,
    body: Result<Json<models::CredentialRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Some(_principal) = authorization(&headers, &["Api-Key", "Api-Token"]) else {
        return unauthorized("missing or unknown API key", "Api-Key");
    };
    let Json(body) = match body {
        Ok(body) => body,
        Err(rejection) => return error(rejection.status(), &rejection.body_text()),
    };
    // The spec's rules beyond the types: `name` and `name_override` at most 1000 characters.
    let too_long = |text: &str| text.chars().count() > 1000;
    if too_long(&body.name) || body.name_override.as_ref().and_then(Option::as_deref).is_some_and(too_long) {
        return error(StatusCode::BAD_REQUEST, "name: must be at most 1000 characters long");
    }
    Json(CREATED.clone()).into_response()
}
