//! The declared error responses of every operation, on the wire.

use super::*;

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
pub(super) async fn declared_errors(served: &Served, client: &Client) {
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
