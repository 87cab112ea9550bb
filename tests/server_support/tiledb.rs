//! A recording implementation of the TileDB user server trait (API key OR basic).

use tiledb_user_server::operations::*;
use tiledb_user_server::{Api, models};

use super::Calls;
use crate::record;

#[derive(Clone, Default)]
pub struct Tiledb {
    pub calls: Calls,
}

impl Api for Tiledb {
    type Principal = String;

    async fn check_aws_access_credentials(
        &self,
        principal: String,
        path: CheckAwsAccessCredentialsPath,
    ) -> CheckAwsAccessCredentialsResponse {
        record!(self, "check_aws_access_credentials", Some(principal), path);
        CheckAwsAccessCredentialsResponse::BadGateway
    }

    async fn add_aws_access_credentials(
        &self,
        principal: String,
        path: AddAwsAccessCredentialsPath,
        body: models::AwsAccessCredentialsRequest,
    ) -> AddAwsAccessCredentialsResponse {
        record!(self, "add_aws_access_credentials", Some(principal), path, body);
        AddAwsAccessCredentialsResponse::NoContent
    }

    async fn check_aws_access_credentials_by_name(
        &self,
        principal: String,
        path: CheckAwsAccessCredentialsByNamePath,
    ) -> CheckAwsAccessCredentialsByNameResponse {
        record!(self, "check_aws_access_credentials_by_name", Some(principal), path);
        CheckAwsAccessCredentialsByNameResponse::BadGateway
    }

    async fn delete_aws_access_credentials(
        &self,
        principal: String,
        path: DeleteAwsAccessCredentialsPath,
    ) -> DeleteAwsAccessCredentialsResponse {
        record!(self, "delete_aws_access_credentials", Some(principal), path);
        DeleteAwsAccessCredentialsResponse::NoContent
    }

    async fn update_aws_access_credentials(
        &self,
        principal: String,
        path: UpdateAwsAccessCredentialsPath,
        body: models::AwsAccessCredentialsRequest,
    ) -> UpdateAwsAccessCredentialsResponse {
        record!(self, "update_aws_access_credentials", Some(principal), path, body);
        UpdateAwsAccessCredentialsResponse::NoContent
    }

    async fn add_user_to_organization(
        &self,
        principal: String,
        path: AddUserToOrganizationPath,
        body: models::OrganizationUser,
    ) -> AddUserToOrganizationResponse {
        record!(self, "add_user_to_organization", Some(principal), path, body);
        AddUserToOrganizationResponse::NoContent
    }

    async fn get_organization_user(
        &self,
        principal: String,
        path: GetOrganizationUserPath,
    ) -> GetOrganizationUserResponse {
        record!(self, "get_organization_user", Some(principal), path);
        GetOrganizationUserResponse::NotFound
    }

    async fn delete_user_from_organization(
        &self,
        principal: String,
        path: DeleteUserFromOrganizationPath,
    ) -> DeleteUserFromOrganizationResponse {
        record!(self, "delete_user_from_organization", Some(principal), path);
        DeleteUserFromOrganizationResponse::NoContent
    }

    async fn update_user_in_organization(
        &self,
        principal: String,
        path: UpdateUserInOrganizationPath,
        body: models::OrganizationUser,
    ) -> UpdateUserInOrganizationResponse {
        record!(self, "update_user_in_organization", Some(principal), path, body);
        UpdateUserInOrganizationResponse::NoContent
    }

    async fn get_session(&self, principal: String, query: GetSessionQuery) -> GetSessionResponse {
        record!(self, "get_session", Some(principal), query);
        GetSessionResponse::BadGateway
    }

    async fn request_token(&self, principal: String, body: Option<models::TokenRequest>) -> RequestTokenResponse {
        record!(self, "request_token", Some(principal), body);
        RequestTokenResponse::BadGateway
    }

    async fn tokens_get(&self, principal: String) -> TokensGetResponse {
        record!(self, "tokens_get", Some(principal));
        TokensGetResponse::BadGateway
    }

    async fn get_token_scopes(&self, principal: String) -> GetTokenScopesResponse {
        record!(self, "get_token_scopes", Some(principal));
        GetTokenScopesResponse::Ok(vec![models::TokenScope::UserRead, models::TokenScope::Star])
    }

    async fn tokens_session_get(&self, principal: String) -> TokensSessionGetResponse {
        record!(self, "tokens_session_get", Some(principal));
        TokensSessionGetResponse::BadGateway
    }

    async fn revoke_token(&self, principal: String, path: RevokeTokenPath) -> RevokeTokenResponse {
        record!(self, "revoke_token", Some(principal), path);
        RevokeTokenResponse::NoContent
    }

    async fn get_user(&self, principal: String) -> GetUserResponse {
        record!(self, "get_user", Some(principal));
        GetUserResponse::Ok(super::model(serde_json::json!({"username": "ann", "password": "hunter22"})))
    }

    async fn create_user(&self, principal: String, body: models::UserRequest) -> CreateUserResponse {
        record!(self, "create_user", Some(principal), body);
        CreateUserResponse::NoContent
    }

    async fn confirm_email(&self, principal: String) -> ConfirmEmailResponse {
        record!(self, "confirm_email", Some(principal));
        ConfirmEmailResponse::Default {
            status: axum::http::StatusCode::CONFLICT,
            body: models::Error { code: Some(409), message: Some("already confirmed".into()), request_id: None },
        }
    }

    async fn reset_user_password(
        &self,
        principal: String,
        body: models::ResetUserPasswordRequest,
    ) -> ResetUserPasswordResponse {
        record!(self, "reset_user_password", Some(principal), body);
        ResetUserPasswordResponse::NoContent
    }

    async fn get_user_with_username(
        &self,
        principal: String,
        path: GetUserWithUsernamePath,
    ) -> GetUserWithUsernameResponse {
        record!(self, "get_user_with_username", Some(principal), path);
        if path.username == "panic" {
            panic!("the handler failed on purpose");
        }
        GetUserWithUsernameResponse::NotFound
    }

    async fn delete_user(&self, principal: String, path: DeleteUserPath) -> DeleteUserResponse {
        record!(self, "delete_user", Some(principal), path);
        DeleteUserResponse::NoContent
    }

    async fn update_user(
        &self,
        principal: String,
        path: UpdateUserPath,
        body: models::UserRequest,
    ) -> UpdateUserResponse {
        record!(self, "update_user", Some(principal), path, body);
        UpdateUserResponse::NoContent
    }
}
