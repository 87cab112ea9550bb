//! A recording implementation of the ibl.ai Credentials server trait
//! (API key with the `Api-Key`/`Api-Token` prefixes; one public operation).

use iblai_credentials_server::operations::*;
use iblai_credentials_server::{Api, models};
use serde_json::json;

use super::{Calls, model};
use crate::record;

#[derive(Clone, Default)]
pub struct Iblai {
    pub calls: Calls,
}

pub fn credential() -> models::Credential {
    model(json!({
        "entityId": "cred-1", "name": "Rust", "criteriaUrl": "https://example.com", "criteriaNarrative": "n",
        "createdAt": "2024-01-01T00:00:00Z", "icon_image_id": 1, "background_image_id": 2, "thumbnail_image_id": 3,
        "credentialType": "badge", "signal": "s",
        // Read-only members, required of a response.
        "iconImage": "icon.png", "backgroundImage": "background.png", "thumbnailImage": "thumbnail.png",
        "catalog_items": [], "courses": [], "programs": "", "issuerDetails": {}, "expires": {}, "signatories": [],
        "pathways": []
    }))
}

pub fn assertion() -> models::Assertion {
    model(json!({
        "entityId": "a-1", "issuedOn": "2024-01-01", "revocationReason": "", "expires": "never",
        "credentialDetails": {}, "recipient": {}, "course": {}, "program": {}
    }))
}

fn page() -> models::PaginatedAssertionsResponse {
    model(json!({
        "next": "", "previous": "", "count": 1, "num_pages": 1, "page_number": 1, "max_page_size": 10,
        "data": [{
            "entityId": "a-1", "issuedOn": "2024-01-01", "revocationReason": "", "expires": "never",
            "credentialDetails": {}, "recipient": {}, "course": {}, "program": {}
        }]
    }))
}

fn issuer() -> models::Issuer {
    model(json!({
        "entityId": "issuer-1", "iconImage": "icon.png", "name": "Issuer", "org": "main", "signatories": {},
        "url": "https://example.com"
    }))
}

/// The issuer a server answers for a request: what the client sent, and
/// the read-only members the server sets.
fn issuer_from(body: models::IssuerRequest) -> models::Issuer {
    models::Issuer {
        allowed_template_tags: body.allowed_template_tags,
        ..models::Issuer::new(
            "Issuer".into(),
            "main".into(),
            body.entity_id,
            Default::default(),
            "https://example.com".into(),
            body.icon_image,
        )
    }
}

impl Api for Iblai {
    type Principal = String;

    async fn credentials_orgs_users_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersRetrievePath,
    ) -> CredentialsOrgsUsersRetrieveResponse {
        record!(self, "credentials_orgs_users_retrieve", Some(principal), path);
        CredentialsOrgsUsersRetrieveResponse::Ok(credential())
    }

    async fn credentials_orgs_users_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCreatePath,
        body: models::CredentialRequest,
    ) -> CredentialsOrgsUsersCreateResponse {
        record!(self, "credentials_orgs_users_create", Some(principal), path, body);
        CredentialsOrgsUsersCreateResponse::Ok(credential())
    }

    async fn credentials_orgs_users_retrieve2(
        &self,
        principal: String,
        path: CredentialsOrgsUsersRetrieve2Path,
    ) -> CredentialsOrgsUsersRetrieve2Response {
        record!(self, "credentials_orgs_users_retrieve2", Some(principal), path);
        CredentialsOrgsUsersRetrieve2Response::Ok(credential())
    }

    async fn credentials_orgs_users_update(
        &self,
        principal: String,
        path: CredentialsOrgsUsersUpdatePath,
        body: models::CredentialRequest,
    ) -> CredentialsOrgsUsersUpdateResponse {
        record!(self, "credentials_orgs_users_update", Some(principal), path, body);
        CredentialsOrgsUsersUpdateResponse::Ok(credential())
    }

    async fn credentials_orgs_users_destroy(
        &self,
        principal: String,
        path: CredentialsOrgsUsersDestroyPath,
    ) -> CredentialsOrgsUsersDestroyResponse {
        record!(self, "credentials_orgs_users_destroy", Some(principal), path);
        CredentialsOrgsUsersDestroyResponse::NoContent
    }

    async fn credentials_orgs_users_assertions_retrieve3(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsRetrieve3Path,
    ) -> CredentialsOrgsUsersAssertionsRetrieve3Response {
        record!(self, "credentials_orgs_users_assertions_retrieve3", Some(principal), path);
        CredentialsOrgsUsersAssertionsRetrieve3Response::Ok(page())
    }

    async fn credentials_orgs_users_assertions_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsCreatePath,
        body: models::AssertionRequest,
    ) -> CredentialsOrgsUsersAssertionsCreateResponse {
        record!(self, "credentials_orgs_users_assertions_create", Some(principal), path, body);
        CredentialsOrgsUsersAssertionsCreateResponse::Ok(assertion())
    }

    async fn credentials_orgs_users_assertions_bulk_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsBulkCreatePath,
        body: models::BulkCreateAssertion,
    ) -> CredentialsOrgsUsersAssertionsBulkCreateResponse {
        record!(self, "credentials_orgs_users_assertions_bulk_create", Some(principal), path, body);
        CredentialsOrgsUsersAssertionsBulkCreateResponse::Ok(body)
    }

    async fn credentials_orgs_users_assertions_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsRetrievePath,
        query: CredentialsOrgsUsersAssertionsRetrieveQuery,
    ) -> CredentialsOrgsUsersAssertionsRetrieveResponse {
        record!(self, "credentials_orgs_users_assertions_retrieve", Some(principal), path, query);
        CredentialsOrgsUsersAssertionsRetrieveResponse::Ok(page())
    }

    async fn credentials_orgs_users_assertions_retrieve2(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsRetrieve2Path,
    ) -> CredentialsOrgsUsersAssertionsRetrieve2Response {
        record!(self, "credentials_orgs_users_assertions_retrieve2", Some(principal), path);
        CredentialsOrgsUsersAssertionsRetrieve2Response::Ok(assertion())
    }

    async fn credentials_orgs_users_assertions_update(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsUpdatePath,
        body: models::AssertionRequest,
    ) -> CredentialsOrgsUsersAssertionsUpdateResponse {
        record!(self, "credentials_orgs_users_assertions_update", Some(principal), path, body);
        CredentialsOrgsUsersAssertionsUpdateResponse::Ok(assertion())
    }

    async fn credentials_orgs_users_assertions_over_time_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssertionsOverTimeRetrievePath,
        query: CredentialsOrgsUsersAssertionsOverTimeRetrieveQuery,
    ) -> CredentialsOrgsUsersAssertionsOverTimeRetrieveResponse {
        record!(self, "credentials_orgs_users_assertions_over_time_retrieve", Some(principal), path, query);
        CredentialsOrgsUsersAssertionsOverTimeRetrieveResponse::Ok(super::model(json!({"meta": {"total": 1}})))
    }

    async fn credentials_orgs_users_course_assertions_over_time_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCourseAssertionsOverTimeRetrievePath,
        query: CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveQuery,
    ) -> CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveResponse {
        record!(self, "credentials_orgs_users_course_assertions_over_time_retrieve", Some(principal), path, query);
        CredentialsOrgsUsersCourseAssertionsOverTimeRetrieveResponse::Ok(super::model(json!({"data": {}})))
    }

    async fn credentials_orgs_users_credentials_over_time_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCredentialsOverTimeRetrievePath,
        query: CredentialsOrgsUsersCredentialsOverTimeRetrieveQuery,
    ) -> CredentialsOrgsUsersCredentialsOverTimeRetrieveResponse {
        record!(self, "credentials_orgs_users_credentials_over_time_retrieve", Some(principal), path, query);
        CredentialsOrgsUsersCredentialsOverTimeRetrieveResponse::Ok(super::model(json!({"data": {}})))
    }

    async fn credentials_orgs_users_course_credentials_list(
        &self,
        principal: String,
        path: CredentialsOrgsUsersCourseCredentialsListPath,
        query: CredentialsOrgsUsersCourseCredentialsListQuery,
    ) -> CredentialsOrgsUsersCourseCredentialsListResponse {
        record!(self, "credentials_orgs_users_course_credentials_list", Some(principal), path, query);
        CredentialsOrgsUsersCourseCredentialsListResponse::Ok
    }

    async fn credentials_orgs_users_assignments_destroy(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsDestroyPath,
    ) -> CredentialsOrgsUsersAssignmentsDestroyResponse {
        record!(self, "credentials_orgs_users_assignments_destroy", Some(principal), path);
        CredentialsOrgsUsersAssignmentsDestroyResponse::NoContent
    }

    async fn credentials_orgs_users_assignments_groups_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsGroupsRetrievePath,
    ) -> CredentialsOrgsUsersAssignmentsGroupsRetrieveResponse {
        record!(self, "credentials_orgs_users_assignments_groups_retrieve", Some(principal), path);
        CredentialsOrgsUsersAssignmentsGroupsRetrieveResponse::Ok
    }

    async fn credentials_orgs_users_assignments_groups_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsGroupsCreatePath,
    ) -> CredentialsOrgsUsersAssignmentsGroupsCreateResponse {
        record!(self, "credentials_orgs_users_assignments_groups_create", Some(principal), path);
        CredentialsOrgsUsersAssignmentsGroupsCreateResponse::Ok
    }

    async fn credentials_orgs_users_assignments_users_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsUsersRetrievePath,
    ) -> CredentialsOrgsUsersAssignmentsUsersRetrieveResponse {
        record!(self, "credentials_orgs_users_assignments_users_retrieve", Some(principal), path);
        CredentialsOrgsUsersAssignmentsUsersRetrieveResponse::Ok
    }

    async fn credentials_orgs_users_assignments_users_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersAssignmentsUsersCreatePath,
    ) -> CredentialsOrgsUsersAssignmentsUsersCreateResponse {
        record!(self, "credentials_orgs_users_assignments_users_create", Some(principal), path);
        CredentialsOrgsUsersAssignmentsUsersCreateResponse::Ok
    }

    async fn credentials_orgs_users_images_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersImagesRetrievePath,
    ) -> CredentialsOrgsUsersImagesRetrieveResponse {
        record!(self, "credentials_orgs_users_images_retrieve", Some(principal), path);
        CredentialsOrgsUsersImagesRetrieveResponse::Ok(models::UploadedImage::new(
            7,
            "https://example.com/image.png".into(),
        ))
    }

    async fn credentials_orgs_users_images_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersImagesCreatePath,
        body: Option<CredentialsOrgsUsersImagesCreateBody>,
    ) -> CredentialsOrgsUsersImagesCreateResponse {
        record!(self, "credentials_orgs_users_images_create", Some(principal), path, body);
        CredentialsOrgsUsersImagesCreateResponse::Ok(models::UploadedImage::new(
            1,
            "https://example.com/image.png".into(),
        ))
    }

    async fn credentials_orgs_users_issuers_retrieve(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersRetrievePath,
        query: CredentialsOrgsUsersIssuersRetrieveQuery,
    ) -> CredentialsOrgsUsersIssuersRetrieveResponse {
        record!(self, "credentials_orgs_users_issuers_retrieve", Some(principal), path, query);
        CredentialsOrgsUsersIssuersRetrieveResponse::Ok(issuer())
    }

    async fn credentials_orgs_users_issuers_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersCreatePath,
        query: CredentialsOrgsUsersIssuersCreateQuery,
        body: models::IssuerRequest,
    ) -> CredentialsOrgsUsersIssuersCreateResponse {
        record!(self, "credentials_orgs_users_issuers_create", Some(principal), path, query, body);
        CredentialsOrgsUsersIssuersCreateResponse::Ok(issuer_from(body))
    }

    async fn credentials_orgs_users_issuers_retrieve2(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersRetrieve2Path,
    ) -> CredentialsOrgsUsersIssuersRetrieve2Response {
        record!(self, "credentials_orgs_users_issuers_retrieve2", Some(principal), path);
        CredentialsOrgsUsersIssuersRetrieve2Response::Ok(issuer())
    }

    async fn credentials_orgs_users_issuers_update(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersUpdatePath,
        body: models::IssuerRequest,
    ) -> CredentialsOrgsUsersIssuersUpdateResponse {
        record!(self, "credentials_orgs_users_issuers_update", Some(principal), path, body);
        CredentialsOrgsUsersIssuersUpdateResponse::Ok(issuer_from(body))
    }

    async fn credentials_orgs_users_issuers_destroy(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersDestroyPath,
    ) -> CredentialsOrgsUsersIssuersDestroyResponse {
        record!(self, "credentials_orgs_users_issuers_destroy", Some(principal), path);
        CredentialsOrgsUsersIssuersDestroyResponse::NoContent
    }

    async fn credentials_orgs_users_issuers_authority_create(
        &self,
        principal: String,
        path: CredentialsOrgsUsersIssuersAuthorityCreatePath,
        body: models::IssuerAuthority,
    ) -> CredentialsOrgsUsersIssuersAuthorityCreateResponse {
        record!(self, "credentials_orgs_users_issuers_authority_create", Some(principal), path, body);
        CredentialsOrgsUsersIssuersAuthorityCreateResponse::Ok(body)
    }

    async fn credentials_public_assertions_retrieve(
        &self,
        path: CredentialsPublicAssertionsRetrievePath,
    ) -> CredentialsPublicAssertionsRetrieveResponse {
        record!(self, "credentials_public_assertions_retrieve", None, path);
        CredentialsPublicAssertionsRetrieveResponse::Ok(assertion())
    }
}
