//! A recording implementation of the Hypto IAM server trait (bearer auth).

use hypto_iam_server::operations::*;
use hypto_iam_server::{Api, models};

use super::Calls;
use crate::record;

#[derive(Clone, Default)]
pub struct Hypto {
    pub calls: Calls,
}

fn not_found() -> models::ErrorResponse {
    models::ErrorResponse { message: "recorded".into() }
}

impl Api for Hypto {
    type Principal = String;

    async fn create_credential(
        &self,
        principal: String,
        path: CreateCredentialPath,
        body: models::CreateCredentialRequest,
    ) -> CreateCredentialResponse {
        record!(self, "create_credential", Some(principal), path, body);
        CreateCredentialResponse::Created {
            body: super::model(serde_json::json!({
                "id": "c1", "status": "active", "secret": "s3cr3t",
                "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"
            })),
            x_iam_user_organization: Some("org".into()),
        }
    }

    async fn get_credential(&self, principal: String, path: GetCredentialPath) -> GetCredentialResponse {
        record!(self, "get_credential", Some(principal), path);
        GetCredentialResponse::NotFound { body: not_found(), x_iam_user_organization: Some("org".into()) }
    }

    async fn delete_credential(&self, principal: String, path: DeleteCredentialPath) -> DeleteCredentialResponse {
        record!(self, "delete_credential", Some(principal), path);
        DeleteCredentialResponse::NotFound { body: not_found(), x_iam_user_organization: None }
    }

    async fn update_credential(
        &self,
        principal: String,
        path: UpdateCredentialPath,
        body: models::UpdateCredentialRequest,
    ) -> UpdateCredentialResponse {
        record!(self, "update_credential", Some(principal), path, body);
        UpdateCredentialResponse::NotFound { body: not_found(), x_iam_user_organization: None }
    }
}
