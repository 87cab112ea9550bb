//! The `Api` of the round trip: every method hands what the router
//! decoded to the [`Exchange`], which answers with the reply queued.

use super::*;

impl Api for Exchange {
    type Principal = String;

    async fn check_aws_access_credentials(
        &self,
        who: String,
        path: CheckAwsAccessCredentialsPath,
    ) -> CheckAwsAccessCredentialsResponse {
        self.answer("check_aws_access_credentials", Some(who), path)
    }

    async fn add_aws_access_credentials(
        &self,
        who: String,
        path: AddAwsAccessCredentialsPath,
        body: s::AwsAccessCredentialsRequest,
    ) -> AddAwsAccessCredentialsResponse {
        self.answer("add_aws_access_credentials", Some(who), (path, body))
    }

    async fn check_aws_access_credentials_by_name(
        &self,
        who: String,
        path: CheckAwsAccessCredentialsByNamePath,
    ) -> CheckAwsAccessCredentialsByNameResponse {
        self.answer("check_aws_access_credentials_by_name", Some(who), path)
    }

    async fn delete_aws_access_credentials(
        &self,
        who: String,
        path: DeleteAwsAccessCredentialsPath,
    ) -> DeleteAwsAccessCredentialsResponse {
        self.answer("delete_aws_access_credentials", Some(who), path)
    }

    async fn update_aws_access_credentials(
        &self,
        who: String,
        path: UpdateAwsAccessCredentialsPath,
        body: s::AwsAccessCredentialsRequest,
    ) -> UpdateAwsAccessCredentialsResponse {
        self.answer("update_aws_access_credentials", Some(who), (path, body))
    }

    async fn add_user_to_organization(
        &self,
        who: String,
        path: AddUserToOrganizationPath,
        body: s::OrganizationUser,
    ) -> AddUserToOrganizationResponse {
        self.answer("add_user_to_organization", Some(who), (path, body))
    }

    async fn get_organization_user(&self, who: String, path: GetOrganizationUserPath) -> GetOrganizationUserResponse {
        self.answer("get_organization_user", Some(who), path)
    }

    async fn delete_user_from_organization(
        &self,
        who: String,
        path: DeleteUserFromOrganizationPath,
    ) -> DeleteUserFromOrganizationResponse {
        self.answer("delete_user_from_organization", Some(who), path)
    }

    async fn update_user_in_organization(
        &self,
        who: String,
        path: UpdateUserInOrganizationPath,
        body: s::OrganizationUser,
    ) -> UpdateUserInOrganizationResponse {
        self.answer("update_user_in_organization", Some(who), (path, body))
    }

    async fn get_session(&self, who: String, query: GetSessionQuery) -> GetSessionResponse {
        self.answer("get_session", Some(who), query)
    }

    async fn request_token(&self, who: String, body: Option<s::TokenRequest>) -> RequestTokenResponse {
        self.answer("request_token", Some(who), body)
    }

    async fn tokens_get(&self, who: String) -> TokensGetResponse {
        self.answer("tokens_get", Some(who), ())
    }

    async fn get_token_scopes(&self, who: String) -> GetTokenScopesResponse {
        self.answer("get_token_scopes", Some(who), ())
    }

    async fn tokens_session_get(&self, who: String) -> TokensSessionGetResponse {
        self.answer("tokens_session_get", Some(who), ())
    }

    async fn revoke_token(&self, who: String, path: RevokeTokenPath) -> RevokeTokenResponse {
        self.answer("revoke_token", Some(who), path)
    }

    async fn get_user(&self, who: String) -> GetUserResponse {
        self.answer("get_user", Some(who), ())
    }

    async fn create_user(&self, who: String, body: s::UserRequest) -> CreateUserResponse {
        self.answer("create_user", Some(who), body)
    }

    async fn confirm_email(&self, who: String) -> ConfirmEmailResponse {
        self.answer("confirm_email", Some(who), ())
    }

    async fn reset_user_password(&self, who: String, body: s::ResetUserPasswordRequest) -> ResetUserPasswordResponse {
        self.answer("reset_user_password", Some(who), body)
    }

    async fn get_user_with_username(&self, who: String, path: GetUserWithUsernamePath) -> GetUserWithUsernameResponse {
        self.answer("get_user_with_username", Some(who), path)
    }

    async fn delete_user(&self, who: String, path: DeleteUserPath) -> DeleteUserResponse {
        self.answer("delete_user", Some(who), path)
    }

    async fn update_user(&self, who: String, path: UpdateUserPath, body: s::UserRequest) -> UpdateUserResponse {
        self.answer("update_user", Some(who), (path, body))
    }
}
