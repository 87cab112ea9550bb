//! The `Api` of the round trip: every method hands what the router
//! decoded to the [`Exchange`], which answers with the reply queued.

use super::*;

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
