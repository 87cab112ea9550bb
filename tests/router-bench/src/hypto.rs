//! Hypto IAM: `getCredential` and `createCredential`, generated and by hand.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hypto_iam_server::{Api, models, operations};
use regex::Regex;
use serde::Deserialize;

use crate::{Accepting, Case, authorization, error, unauthorized};

/// `GET /organizations/{organization_id}/users/{user_id}/credentials/{id}`.
pub const GET: Case = Case {
    name: "hypto GET getCredential",
    method: "GET",
    uri: "/organizations/XlK5h64gND/users/bob_the_builder/credentials/1f44ada7-7196-4f2d-8380-4c76f8bddec2",
    authorization: "Bearer bench-token-5f2c",
    body: None,
};

/// `POST /organizations/{organization_id}/users/{user_id}/credentials`.
pub const POST: Case = Case {
    name: "hypto POST createCredential",
    method: "POST",
    uri: "/organizations/XlK5h64gND/users/bob_the_builder/credentials",
    authorization: "Bearer bench-token-5f2c",
    body: Some(r#"{"validUntil": "2027-01-01T00:00:00"}"#),
};

fn time() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").expect("a date-time")
}

/// What both routers answer `getCredential` with.
fn credential(id: String) -> models::CredentialWithoutSecret {
    models::CredentialWithoutSecret {
        id,
        valid_until: None,
        status: models::CredentialStatus::Active,
        created_at: time(),
        updated_at: time(),
    }
}

/// What both routers answer `createCredential` with.
fn created(valid_until: Option<String>) -> models::Credential {
    models::Credential {
        id: "1f44ada7-7196-4f2d-8380-4c76f8bddec2".to_owned(),
        valid_until,
        status: models::CredentialStatus::Active,
        secret: "c2VjcmV0LXNlY3JldC1zZWNyZXQ".to_owned(),
        created_at: time(),
        updated_at: time(),
    }
}

/// The generated router's `Api`.
struct Bench;

impl Api for Bench {
    type Principal = String;

    async fn get_credential(
        &self,
        _principal: String,
        path: operations::GetCredentialPath,
    ) -> operations::GetCredentialResponse {
        operations::GetCredentialResponse::Ok { body: credential(path.id), x_iam_user_organization: None }
    }

    async fn create_credential(
        &self,
        _principal: String,
        _path: operations::CreateCredentialPath,
        body: models::CreateCredentialRequest,
    ) -> operations::CreateCredentialResponse {
        operations::CreateCredentialResponse::Created { body: created(body.valid_until), x_iam_user_organization: None }
    }
}

/// The generated router.
pub fn generated() -> Router {
    hypto_iam_server::router(Bench, Accepting)
}

/// The hand-written router.
pub fn hand() -> Router {
    Router::new()
        .route("/organizations/{organization_id}/users/{user_id}/credentials", post(create_credential))
        .route("/organizations/{organization_id}/users/{user_id}/credentials/{id}", get(get_credential))
}

static ORGANIZATION_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new("^[A-Za-z0-9]{10}$").expect("a pattern"));
static USER_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new("^[A-Za-z0-9_]{3,50}$").expect("a pattern"));

/// The spec's rules of the path parameters, `maxLength` and `pattern`: the
/// parameters at fault.
fn check_path(organization_id: &str, user_id: &str, id: Option<&str>) -> Result<(), String> {
    let mut faults = Vec::new();
    if organization_id.chars().count() > 10 || !ORGANIZATION_ID.is_match(organization_id) {
        faults.push("organization_id");
    }
    if user_id.chars().count() > 50 || !USER_ID.is_match(user_id) {
        faults.push("user_id");
    }
    if id.is_some_and(|id| id.chars().count() > 50) {
        faults.push("id");
    }
    if faults.is_empty() { Ok(()) } else { Err(format!("invalid path parameters: {}", faults.join(", "))) }
}

async fn get_credential(
    headers: HeaderMap,
    Path((organization_id, user_id, id)): Path<(String, String, String)>,
) -> Response {
    let Some(_principal) = authorization(&headers, &["Bearer"]) else {
        return unauthorized("missing or unknown bearer token", "Bearer");
    };
    if let Err(message) = check_path(&organization_id, &user_id, Some(&id)) {
        return error(StatusCode::BAD_REQUEST, &message);
    }
    Json(credential(id)).into_response()
}

/// `CreateCredentialRequest` allows no other members (`additionalProperties: false`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateCredentialRequest {
    #[serde(rename = "validUntil")]
    valid_until: Option<String>,
}

async fn create_credential(
    headers: HeaderMap,
    Path((organization_id, user_id)): Path<(String, String)>,
    body: Result<Json<CreateCredentialRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Some(_principal) = authorization(&headers, &["Bearer"]) else {
        return unauthorized("missing or unknown bearer token", "Bearer");
    };
    if let Err(message) = check_path(&organization_id, &user_id, None) {
        return error(StatusCode::BAD_REQUEST, &message);
    }
    let body = match body {
        Ok(Json(body)) => body,
        Err(rejection) => return error(rejection.status(), &rejection.body_text()),
    };
    if body.valid_until.as_ref().is_some_and(|v| v.chars().count() > 20) {
        return error(StatusCode::BAD_REQUEST, "validUntil: must be at most 20 characters long");
    }
    let body = models::CreateCredentialRequest { valid_until: body.valid_until };
    (StatusCode::CREATED, Json(created(body.valid_until))).into_response()
}
