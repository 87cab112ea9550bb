//! Round trips of the image, issuer and public-assertion operations.

use super::*;

pub(super) async fn images(served: &Served, client: &Client) {
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

pub(super) async fn issuers(served: &Served, client: &Client) {
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

pub(super) async fn public_assertion(served: &Served, client: &Client) {
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
