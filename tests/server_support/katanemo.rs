//! A recording implementation of the Katanemo Identity server trait (no security).

use katanemo_identity_server::operations::*;
use katanemo_identity_server::{Api, models};

use super::Calls;
use crate::record;

#[derive(Clone, Default)]
pub struct Katanemo {
    pub calls: Calls,
}

fn bad_request() -> models::BadRequestException {
    models::BadRequestException { message: Some("recorded".into()), error_code: None }
}

impl Api for Katanemo {
    async fn get_client_key_list(&self, path: GetClientKeyListPath) -> GetClientKeyListResponse {
        record!(self, "get_client_key_list", None, path);
        GetClientKeyListResponse::Ok(vec![models::ClientKeyObject {
            client_name: Some("key".into()),
            ..Default::default()
        }])
    }

    async fn create_client_key(
        &self,
        path: CreateClientKeyPath,
        body: models::ClientKeyRequest,
    ) -> CreateClientKeyResponse {
        record!(self, "create_client_key", None, path, body);
        CreateClientKeyResponse::BadRequest(bad_request())
    }

    async fn get_client_key(&self, path: GetClientKeyPath) -> GetClientKeyResponse {
        record!(self, "get_client_key", None, path);
        GetClientKeyResponse::BadRequest(bad_request())
    }

    async fn delete_client_key(&self, path: DeleteClientKeyPath) -> DeleteClientKeyResponse {
        record!(self, "delete_client_key", None, path);
        DeleteClientKeyResponse::Ok("deleted".into())
    }

    async fn get_users_for_account(&self, path: GetUsersForAccountPath) -> GetUsersForAccountResponse {
        record!(self, "get_users_for_account", None, path);
        GetUsersForAccountResponse::BadRequest(bad_request())
    }

    async fn create_user_for_account(
        &self,
        path: CreateUserForAccountPath,
        body: models::UserRequest,
    ) -> CreateUserForAccountResponse {
        record!(self, "create_user_for_account", None, path, body);
        CreateUserForAccountResponse::Default {
            status: axum::http::StatusCode::IM_A_TEAPOT,
            body: models::Error { code: 418, message: "teapot".into() },
        }
    }

    async fn get_user(&self, path: GetUserPath) -> GetUserResponse {
        record!(self, "get_user", None, path);
        GetUserResponse::BadRequest(bad_request())
    }

    async fn update_user(&self, path: UpdateUserPath, body: models::UserRequest) -> UpdateUserResponse {
        record!(self, "update_user", None, path, body);
        UpdateUserResponse::BadRequest(bad_request())
    }
}
