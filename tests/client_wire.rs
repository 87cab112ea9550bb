//! The generated clients on the wire: each API's client calls a recording
//! server on 127.0.0.1, and the tests check the exact request (method,
//! encoded path, query, headers, content type, body) and how each
//! response decodes, declared or not, well-formed or not.

#[path = "client_recorder.rs"]
mod recorder;

use std::time::{Duration, Instant};

use recorder::{Recorder, Reply, multipart_parts};
use serde_json::json;

/// Every client in these tests gives up after this long.
const TIMEOUT: Duration = Duration::from_secs(10);

mod hypto {
    use hypto_iam_client::operations::DeclaredErrors;
    use hypto_iam_client::{Client, Credentials, Environment, Error, Region, models};

    use super::*;

    fn client(server: &Recorder) -> Client {
        Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::bearer("tok-123"))
            .timeout(TIMEOUT)
            .build()
            .unwrap()
    }

    fn credential_json() -> serde_json::Value {
        json!({
            "id": "cred/1",
            "status": "active",
            "createdAt": "2024-01-02T03:04:05Z",
            "updatedAt": "2024-01-02T03:04:05+01:00"
        })
    }

    #[test]
    fn base_url_defaults_to_the_first_server_with_typed_variables() {
        assert_eq!(Client::builder().build().unwrap().base_url(), "https://sandbox-iam.us.hypto.com/v1");
        let client = Client::builder().environment(Environment::Iam).region(Region::Eu).build().unwrap();
        assert_eq!(client.base_url(), "https://iam.eu.hypto.com/v1");
        assert_eq!(Region::Apac.as_str(), "apac");
        assert_eq!(Client::new("http://127.0.0.1:9/base/").unwrap().base_url(), "http://127.0.0.1:9/base");
    }

    #[tokio::test]
    async fn path_params_and_bearer_token() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, credential_json()).header("X-Iam-User-Organization", "org1"));
        let credential = client(&server).get_credential("org1", "user_1", "cred/1").await.unwrap();
        assert_eq!(credential.id, "cred/1");
        assert_eq!(credential.status, models::CredentialStatus::Active);
        assert_eq!(credential.created_at.to_rfc3339(), "2024-01-02T03:04:05+00:00");

        let request = server.single();
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/organizations/org1/users/user_1/credentials/cred%2F1");
        assert_eq!(request.header("authorization"), Some("Bearer tok-123"));
        assert_eq!(request.header("user-agent"), Some("hypto-iam-client/0.1.0"));
        assert!(request.body.is_empty());
        assert_eq!(request.header("content-type"), None);
    }

    #[tokio::test]
    async fn json_body_and_created_response() {
        let server = Recorder::start().await;
        let mut created = credential_json();
        created["secret"] = json!("s3cr3t-value");
        server.reply(Reply::json(201, created));
        let body = models::CreateCredentialRequest { valid_until: Some("2030-01-01".into()) };
        let credential = client(&server).create_credential("org1", "alice", &body).await.unwrap();
        assert_eq!(credential.secret, "s3cr3t-value");
        // The model's secret field never shows in Debug.
        let debug = format!("{credential:?}");
        assert!(!debug.contains("s3cr3t-value") && debug.contains("<redacted>"), "{debug}");

        let request = server.single();
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/organizations/org1/users/alice/credentials");
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.json(), json!({"validUntil": "2030-01-01"}));
    }

    #[tokio::test]
    async fn declared_errors_decode_with_status_and_headers() {
        let server = Recorder::start().await;
        server.reply(
            Reply::json(404, json!({"message": "no such credential"})).header("X-Iam-User-Organization", "org1"),
        );
        server.reply(Reply::json(503, json!({"message": "down"})));
        let client = client(&server);

        let Err(Error::Api(error)) = client.get_credential("org1", "u", "c").await else {
            panic!("expected a declared error")
        };
        assert_eq!(error.status, 404);
        assert_eq!(error.headers["x-iam-user-organization"], "org1");
        assert_eq!(
            error.body,
            DeclaredErrors::NotFound(models::ErrorResponse { message: "no such credential".into() })
        );

        // Any other status is the `default` response.
        let body = models::UpdateCredentialRequest { status: None, valid_until: None };
        let error = client.update_credential("org1", "u", "c", &body).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(error.api_body(), Some(&DeclaredErrors::Default(models::ErrorResponse { message: "down".into() })));
        let request = &server.requests()[1];
        assert_eq!((request.method.as_str(), request.json()), ("PATCH", json!({})));
    }

    #[tokio::test]
    async fn malformed_bodies_are_errors_with_the_raw_body() {
        let server = Recorder::start().await;
        server.reply(Reply::raw(200, "application/json", "{\"id\": 12"));
        server.reply(Reply::raw(400, "text/html", "<h1>Bad</h1>"));
        let client = client(&server);
        let Err(Error::Decode { response, .. }) = client.delete_credential("o", "u", "c").await else {
            panic!("expected a decode error")
        };
        assert_eq!((response.status().as_u16(), response.body()), (200, b"{\"id\": 12".as_slice()));
        // A declared error whose body does not decode either.
        let Err(Error::Decode { response, .. }) = client.delete_credential("o", "u", "c").await else {
            panic!("expected a decode error")
        };
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers()["content-type"], "text/html");
        assert_eq!(response.body(), b"<h1>Bad</h1>");
    }

    #[tokio::test]
    async fn missing_credentials_fail_before_sending() {
        let server = Recorder::start().await;
        let client = Client::new(&server.base_url).unwrap();
        let Err(Error::MissingCredentials(missing)) = client.get_credential("o", "u", "c").await else {
            panic!("expected missing credentials")
        };
        assert_eq!(missing.missing.len(), 1);
        assert_eq!(missing.missing[0][0].name, "bearerAuth");
        assert!(missing.to_string().contains("a bearer token for `bearerAuth`"), "{missing}");
        assert!(server.requests().is_empty());
    }

    #[test]
    fn client_debug_never_shows_credentials() {
        let client = Client::builder()
            .credentials(Credentials::bearer("tok-123").with_basic("alice", "pw-456"))
            .build()
            .unwrap();
        let debug = format!("{client:?}");
        for secret in ["tok-123", "alice", "pw-456"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}

mod katanemo {
    use katanemo_identity_client::operations::DeclaredErrors;
    use katanemo_identity_client::{Client, Credentials, Error, InvalidRequest, models};

    use super::*;

    fn client(server: &Recorder) -> Client {
        Client::builder().base_url(&server.base_url).timeout(TIMEOUT).build().unwrap()
    }

    #[tokio::test]
    async fn operations_without_security_send_no_credentials() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!([{"clientKeyId": "k1", "roles": ["admin"]}, {}])));
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::bearer("t").with_api_key("k").with_basic("u", "p"))
            .build()
            .unwrap();
        let keys = client.get_client_key_list("acct-1").await.unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].client_key_id.as_deref(), Some("k1"));
        assert_eq!(keys[0].roles.as_deref(), Some(&["admin".to_owned()][..]));
        let request = server.single();
        assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", "/org/acct-1/keys"));
        assert_eq!(request.header("authorization"), None);
    }

    #[tokio::test]
    async fn bare_json_strings_decode() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!("Client key deleted")));
        let message = client(&server).delete_client_key("acct", "key 1").await.unwrap();
        assert_eq!(message, "Client key deleted");
        let request = server.single();
        assert_eq!((request.method.as_str(), request.target.as_str()), ("DELETE", "/org/acct/key/key%201"));
    }

    #[tokio::test]
    async fn json_body_and_typed_errors() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"accountId": "acct", "userId": "u1", "token": "tok-secret"})));
        server.reply(Reply::json(409, json!({"message": "exists", "errorCode": "E409"})));
        server.reply(Reply::json(418, json!({"code": 418, "message": "teapot"})));
        let client = client(&server);
        let body = models::UserRequest {
            account_id: "acct".into(),
            user_id: Some("u1".into()),
            roles: Some(vec!["admin".into(), "viewer".into()]),
            tags: None,
        };
        let user = client.create_user_for_account("acct", &body).await.unwrap();
        assert_eq!(user.user_id.as_deref(), Some("u1"));
        assert!(!format!("{user:?}").contains("tok-secret"));
        let request = &server.requests()[0];
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.json(), json!({"accountId": "acct", "userId": "u1", "roles": ["admin", "viewer"]}));

        let Err(Error::Api(conflict)) = client.create_user_for_account("acct", &body).await else {
            panic!("expected 409")
        };
        assert_eq!(conflict.status, 409);
        let DeclaredErrors::Conflict(exception) = &conflict.body else { panic!("{:?}", conflict.body) };
        assert_eq!(exception.error_code.as_deref(), Some("E409"));

        let Err(Error::Api(other)) = client.get_user("acct", "u1").await else { panic!("expected default") };
        assert_eq!(other.body, DeclaredErrors::Default(models::Error { code: 418, message: "teapot".into() }));
    }

    #[tokio::test]
    async fn path_params_cannot_change_the_path() {
        let server = Recorder::start().await;
        let client = client(&server);
        let cases = [
            ("../admin", "/org/..%2Fadmin/user/u"),
            ("a/b", "/org/a%2Fb/user/u"),
            ("x?y#z", "/org/x%3Fy%23z/user/u"),
            ("a b", "/org/a%20b/user/u"),
            ("日本語", "/org/%E6%97%A5%E6%9C%AC%E8%AA%9E/user/u"),
            ("100%", "/org/100%25/user/u"),
        ];
        for (account, _) in cases {
            server.reply(Reply::json(200, json!({"accountId": account})));
            let user = client.get_user(account, "u").await.unwrap();
            assert_eq!(user.account_id, account);
        }
        let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
        let expected: Vec<&str> = cases.iter().map(|(_, target)| *target).collect();
        assert_eq!(targets, expected);

        // A whole segment of dots, or nothing, would change the path: nothing is sent.
        for account in ["..", ".", ""] {
            let error = client.get_user(account, "u").await.unwrap_err();
            assert!(matches!(error, Error::InvalidRequest(InvalidRequest::PathParam { .. })), "{account:?}: {error}");
        }
        assert_eq!(server.requests().len(), cases.len());
    }
}

mod iblai {
    use iblai_credentials_client::operations::{
        CredentialsOrgsUsersAssertionsRetrieveOptions, CredentialsOrgsUsersCourseCredentialsListOptions,
        CredentialsOrgsUsersImagesCreateBody, CredentialsOrgsUsersIssuersAuthorityCreateBody,
    };
    use iblai_credentials_client::{Binary, Client, Credentials, Error, InvalidRequest, models};

    use super::*;

    fn client(server: &Recorder) -> Client {
        Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("key-123"))
            .timeout(TIMEOUT)
            .build()
            .unwrap()
    }

    fn authority() -> models::IssuerAuthority {
        models::IssuerAuthority { name: "Ada Lovelace".into(), title: "Dean & Chair".into(), signature: "ada".into() }
    }

    fn authority_json() -> serde_json::Value {
        json!({"name": "Ada Lovelace", "title": "Dean & Chair", "signature": "ada"})
    }

    #[tokio::test]
    async fn api_key_goes_out_with_its_prefix() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"id": 1, "image": "i.png", "name": "n"})));
        client(&server).credentials_orgs_users_images_retrieve("main", "u1").await.unwrap();
        let request = server.single();
        assert_eq!(request.target, "/api/credentials/orgs/main/users/u1/images/");
        assert_eq!(request.header("authorization"), Some("Api-Key key-123"));
    }

    #[tokio::test]
    async fn api_key_prefix_is_configurable() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"id": 1, "image": "i.png"})));
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("key-123"))
            .api_key_prefix("Api-Token")
            .build()
            .unwrap();
        client.credentials_orgs_users_images_retrieve("main", "u1").await.unwrap();
        assert_eq!(server.single().header("authorization"), Some("Api-Token key-123"));
    }

    #[tokio::test]
    async fn public_operations_send_no_key() {
        let server = Recorder::start().await;
        server.reply(Reply::json(
            200,
            json!({
                "entityId": "e1", "issuedOn": "2024-01-01", "revocationReason": "", "expires": "",
                // Read-only members, required of a response.
                "credentialDetails": {}, "recipient": {}, "course": {}, "program": {}
            }),
        ));
        let assertion = client(&server).credentials_public_assertions_retrieve("e1").await.unwrap();
        assert_eq!(assertion.entity_id, "e1");
        let request = server.single();
        assert_eq!(request.target, "/api/credentials/public/assertions/e1/");
        assert_eq!(request.header("authorization"), None);
    }

    #[tokio::test]
    async fn optional_query_params_of_each_type() {
        let server = Recorder::start().await;
        let page = json!({
            "next": "", "previous": "", "count": 0, "num_pages": 0, "page_number": 1, "max_page_size": 50, "data": []
        });
        server.reply(Reply::json(200, page.clone()));
        server.reply(Reply::json(200, page));
        let client = client(&server);
        let options = CredentialsOrgsUsersAssertionsRetrieveOptions {
            course: Some("course-v1:ibl+101 & more".into()),
            exclude_main_tenant_assertions: Some(true),
            include_expired: Some(false),
            page: Some(2),
            page_size: Some(50),
            include_revoked: None,
        };
        client.credentials_orgs_users_assertions_retrieve("main", "u1", options).await.unwrap();
        client.credentials_orgs_users_assertions_retrieve("main", "u1", Default::default()).await.unwrap();
        let requests = server.requests();
        assert_eq!(requests[0].path(), "/api/credentials/orgs/main/users/u1/assertions/");
        assert_eq!(
            requests[0].query(),
            Some(
                "course=course-v1%3Aibl%2B101%20%26%20more&exclude_main_tenant_assertions=true&include_expired=false&page=2&page_size=50"
            )
        );
        assert_eq!(requests[1].target, "/api/credentials/orgs/main/users/u1/assertions/");
    }

    #[tokio::test]
    async fn enum_and_required_query_params() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"meta": {"total": 3}})));
        server.reply(Reply::json(
            200,
            json!({"entityId": "i1", "iconImage": "x.png", "name": "n", "org": "o", "signatories": {}, "url": "u"}),
        ));
        let client = client(&server);
        let options = iblai_credentials_client::operations::CredentialsOrgsUsersAssertionsOverTimeRetrieveOptions {
            format: Some(models::CredentialsOrgsUsersOverTimeRetrieveFormat::Json),
            department_id: Some(-7),
            ..Default::default()
        };
        let stats = client.credentials_orgs_users_assertions_over_time_retrieve("main", "u1", options).await.unwrap();
        assert_eq!(stats.meta.total, 3);
        let issuer = client.credentials_orgs_users_issuers_retrieve("main", "u1", "a&b=c").await.unwrap();
        assert_eq!(issuer.entity_id, "i1");
        let requests = server.requests();
        assert_eq!(requests[0].query(), Some("department_id=-7&format=json"));
        assert_eq!(requests[1].target, "/api/credentials/orgs/main/users/u1/issuers/?q=a%26b%3Dc");
    }

    #[tokio::test]
    async fn json_form_and_multipart_bodies() {
        let server = Recorder::start().await;
        for _ in 0..3 {
            server.reply(Reply::json(200, authority_json()));
        }
        let client = client(&server);
        let body = authority();
        // A reference to the model sends JSON; the body enum picks another media type.
        assert_eq!(client.credentials_orgs_users_issuers_authority_create("main", "u1", &body).await.unwrap(), body);
        client
            .credentials_orgs_users_issuers_authority_create(
                "main",
                "u1",
                CredentialsOrgsUsersIssuersAuthorityCreateBody::Form(&body),
            )
            .await
            .unwrap();
        client
            .credentials_orgs_users_issuers_authority_create(
                "main",
                "u1",
                CredentialsOrgsUsersIssuersAuthorityCreateBody::Multipart(&body),
            )
            .await
            .unwrap();

        let requests = server.requests();
        assert!(
            requests
                .iter()
                .all(|r| r.method == "POST" && r.path() == "/api/credentials/orgs/main/users/u1/issuers/authority/")
        );
        assert_eq!(requests[0].header("content-type"), Some("application/json"));
        assert_eq!(requests[0].json(), authority_json());
        assert_eq!(requests[1].header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(requests[1].text(), "name=Ada+Lovelace&signature=ada&title=Dean+%26+Chair");
        let content_type = requests[2].header("content-type").unwrap();
        assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
        let parts = multipart_parts(content_type, &requests[2].body);
        let names: Vec<(&str, &[u8])> =
            parts.iter().map(|(headers, body)| (headers.as_str(), body.as_slice())).collect();
        assert_eq!(
            names,
            [
                ("Content-Disposition: form-data; name=\"name\"", b"Ada Lovelace".as_slice()),
                ("Content-Disposition: form-data; name=\"title\"", b"Dean & Chair".as_slice()),
                ("Content-Disposition: form-data; name=\"signature\"", b"ada".as_slice()),
            ]
        );
    }

    #[tokio::test]
    async fn image_upload_sends_the_file_part() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"id": 7, "name": "badge", "image": "https://cdn/badge.png"})));
        let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
        let upload = models::UploadedImageUpload {
            image: Binary::new(png.clone()).with_file_name("badge.png").with_content_type("image/png"),
            name: Some(Some("badge".into())),
        };
        let image = client(&server)
            .credentials_orgs_users_images_create(
                "main",
                "u1",
                Some(CredentialsOrgsUsersImagesCreateBody::Multipart(&upload)),
            )
            .await
            .unwrap();
        assert_eq!(image.id, 7);

        let request = server.single();
        assert_eq!(request.header("authorization"), Some("Api-Key key-123"));
        let content_type = request.header("content-type").unwrap();
        let parts = multipart_parts(content_type, &request.body);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(
            parts[0].0,
            "Content-Disposition: form-data; name=\"image\"; filename=\"badge.png\"\r\nContent-Type: image/png"
        );
        assert_eq!(parts[0].1, png);
        assert_eq!(parts[1], ("Content-Disposition: form-data; name=\"name\"".to_owned(), b"badge".to_vec()));
    }

    #[tokio::test]
    async fn optional_body_may_be_left_out() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"id": 1, "image": "i.png"})));
        client(&server).credentials_orgs_users_images_create("main", "u1", None).await.unwrap();
        let request = server.single();
        assert!(request.body.is_empty());
        assert_eq!(request.header("content-type"), None);
    }

    #[tokio::test]
    async fn no_body_responses_and_undeclared_statuses() {
        let server = Recorder::start().await;
        server.reply(Reply::empty(204));
        server.reply(Reply::empty(200));
        server.reply(Reply::raw(500, "text/plain", "boom").header("X-Request-Id", "r1"));
        let client = client(&server);
        client.credentials_orgs_users_destroy("main", "u1", "e/1").await.unwrap();
        let options = CredentialsOrgsUsersCourseCredentialsListOptions { page: Some(1), page_size: None };
        client.credentials_orgs_users_course_credentials_list("main", "u1", options).await.unwrap();
        let Err(Error::UnexpectedStatus(response)) = client.credentials_orgs_users_destroy("main", "u1", "e1").await
        else {
            panic!("expected an undeclared status")
        };
        assert_eq!(response.status(), 500);
        assert_eq!(response.headers()["x-request-id"], "r1");
        assert_eq!(response.body(), b"boom");
        let requests = server.requests();
        assert_eq!(
            (requests[0].method.as_str(), requests[0].target.as_str()),
            ("DELETE", "/api/credentials/orgs/main/users/u1/e%2F1")
        );
        assert_eq!(requests[1].target, "/api/credentials/orgs/main/users/u1/course-credentials/?page=1");
    }

    #[tokio::test]
    async fn credentials_with_cr_or_lf_are_rejected_before_sending() {
        let server = Recorder::start().await;
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("key\r\nX-Injected: 1"))
            .build()
            .unwrap();
        let error = client.credentials_orgs_users_images_retrieve("main", "u1").await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidRequest(InvalidRequest::Credential { scheme: "PlatformApiKeyAuthentication", .. })
            ),
            "{error}"
        );
        assert!(server.requests().is_empty());
    }
}

mod tiledb {
    use tiledb_user_client::operations::{BadGatewayOrDefault, GetSessionOptions, NotFoundBadGatewayOrDefault};
    use tiledb_user_client::{BuildError, Client, Credentials, Error, RetryPolicy, models};

    use super::*;

    fn client(server: &Recorder, credentials: Credentials) -> Client {
        Client::builder()
            .base_url(format!("{}/v1", server.base_url))
            .credentials(credentials)
            .timeout(TIMEOUT)
            .build()
            .unwrap()
    }

    #[test]
    fn a_relative_server_needs_a_base_url() {
        let Err(error) = Client::builder().build() else { panic!("a relative base URL must be refused") };
        assert!(matches!(error, BuildError::BaseUrl { ref url, .. } if url == "/v1"), "{error}");
        assert!(error.to_string().contains("relative server URL"), "{error}");
    }

    #[tokio::test]
    async fn api_key_header_without_prefix() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"username": "ada"})));
        let user = client(&server, Credentials::api_key("tdb-key")).get_user().await.unwrap();
        assert_eq!(user.username, "ada");
        let request = server.single();
        assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", "/v1/user"));
        assert_eq!(request.header("x-tiledb-rest-api-key"), Some("tdb-key"));
        assert_eq!(request.header("authorization"), None);
    }

    #[tokio::test]
    async fn basic_auth_when_there_is_no_key() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"username": "ada"})));
        client(&server, Credentials::basic("Aladdin", "open sesame")).get_user().await.unwrap();
        let request = server.single();
        assert_eq!(request.header("authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        assert_eq!(request.header("x-tiledb-rest-api-key"), None);
    }

    #[tokio::test]
    async fn the_first_satisfied_alternative_wins() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"username": "ada"})));
        client(&server, Credentials::basic("u", "p").with_api_key("tdb-key")).get_user().await.unwrap();
        let request = server.single();
        assert_eq!(request.header("x-tiledb-rest-api-key"), Some("tdb-key"));
        assert_eq!(request.header("authorization"), None);
    }

    #[tokio::test]
    async fn missing_credentials_name_every_alternative() {
        let server = Recorder::start().await;
        let error = client(&server, Credentials::bearer("not used here")).get_user().await.unwrap_err();
        let Error::MissingCredentials(missing) = &error else { panic!("{error}") };
        let names: Vec<Vec<&str>> = missing.missing.iter().map(|a| a.iter().map(|s| s.name).collect()).collect();
        assert_eq!(names, [["ApiKeyAuth"], ["BasicAuth"]]);
        let message = error.to_string();
        assert!(message.contains("`ApiKeyAuth`") && message.contains("`BasicAuth`"), "{message}");
        assert!(server.requests().is_empty());
    }

    #[tokio::test]
    async fn string_query_param_and_optional_json_body() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"token": "t1"})));
        server.reply(Reply::json(200, json!({"token": "t2"})));
        server.reply(Reply::json(200, json!({"token": "t3"})));
        let client = client(&server, Credentials::api_key("k"));
        let session = client.get_session(GetSessionOptions { remember_me: Some("true".into()) }).await.unwrap();
        assert_eq!(session.token.as_deref(), Some("t1"));
        // The token is a secret field of the model.
        assert!(!format!("{session:?}").contains("t1"));
        client.request_token(None).await.unwrap();
        let body = models::TokenRequest { name: Some("ci".into()), ..Default::default() };
        client.request_token(Some(&body)).await.unwrap();

        let requests = server.requests();
        assert_eq!(requests[0].target, "/v1/session?remember_me=true");
        assert_eq!((requests[1].method.as_str(), requests[1].body.is_empty()), ("POST", true));
        assert_eq!(requests[1].header("content-type"), None);
        assert_eq!(requests[2].header("content-type"), Some("application/json"));
        assert_eq!(requests[2].json(), json!({"name": "ci"}));
    }

    #[tokio::test]
    async fn error_responses_without_and_with_bodies() {
        let server = Recorder::start().await;
        server.reply(Reply::empty(404));
        server.reply(Reply::raw(502, "text/html", "<html>bad gateway</html>"));
        server.reply(Reply::json(400, json!({"code": 1001, "message": "bad", "request_id": "r-1"})));
        server.reply(Reply::empty(204));
        let client = client(&server, Credentials::api_key("k"));

        let Err(Error::Api(not_found)) = client.get_organization_user("org", "ada").await else {
            panic!("expected 404")
        };
        assert_eq!((not_found.status.as_u16(), &not_found.body), (404, &NotFoundBadGatewayOrDefault::NotFound));
        // A declared status without a schema ignores whatever body comes.
        let Err(Error::Api(gateway)) = client.get_user().await else { panic!("expected 502") };
        assert_eq!(gateway.body, BadGatewayOrDefault::BadGateway);
        let Err(Error::Api(default)) = client.request_token(None).await else { panic!("expected default") };
        let BadGatewayOrDefault::Default(body) = &default.body else { panic!("{:?}", default.body) };
        assert_eq!((default.status.as_u16(), body.code, body.request_id.as_deref()), (400, Some(1001), Some("r-1")));
        client.revoke_token("tok/../x").await.unwrap();
        assert_eq!(server.requests()[3].target, "/v1/tokens/tok%2F..%2Fx");
    }

    #[tokio::test]
    async fn idempotent_requests_are_retried_until_success() {
        let server = Recorder::start().await;
        server.reply(Reply::empty(503));
        server.reply(Reply::empty(502));
        server.reply(Reply::json(200, json!({"username": "ada"})));
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("k"))
            .retry(RetryPolicy::new(3).with_initial_backoff(Duration::from_millis(5)))
            .timeout(TIMEOUT)
            .build()
            .unwrap();
        assert_eq!(client.get_user().await.unwrap().username, "ada");
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert!(requests.iter().all(|r| r.method == "GET" && r.header("x-tiledb-rest-api-key") == Some("k")));
    }

    #[tokio::test]
    async fn retries_stop_at_the_limit_and_skip_non_idempotent_requests() {
        let server = Recorder::start().await;
        let policy = RetryPolicy::new(1).with_initial_backoff(Duration::from_millis(1));
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("k"))
            .retry(policy)
            .timeout(TIMEOUT)
            .build()
            .unwrap();
        server.reply(Reply::empty(503)).reply(Reply::empty(503));
        let error = client.get_user().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(server.requests().len(), 2);
        // POST is not idempotent: sent once.
        server.reply(Reply::json(503, json!({"message": "busy"})));
        let user: models::UserRequest = serde_json::from_value(json!({"username": "ada"})).unwrap();
        assert_eq!(client.create_user(&user).await.unwrap_err().status().map(|s| s.as_u16()), Some(503));
        assert_eq!(server.requests().len(), 3);
    }

    #[tokio::test]
    async fn retry_after_is_honoured() {
        let server = Recorder::start().await;
        server.reply(Reply::empty(429).header("Retry-After", "1"));
        server.reply(Reply::json(200, json!([])));
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("k"))
            .retry(RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1)))
            .timeout(TIMEOUT)
            .build()
            .unwrap();
        let started = Instant::now();
        assert!(client.tokens_get().await.unwrap().is_empty());
        assert!(started.elapsed() >= Duration::from_secs(1), "retried after {:?}", started.elapsed());
        assert_eq!(server.requests().len(), 2);
    }

    #[tokio::test]
    async fn retries_are_off_by_default() {
        let server = Recorder::start().await;
        server.reply(Reply::empty(503));
        let error = client(&server, Credentials::api_key("k")).get_user().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert_eq!(server.requests().len(), 1);
    }

    #[tokio::test]
    async fn connection_errors_are_retried_then_reported() {
        // Bind then drop a listener: its port refuses connections.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let client = Client::builder()
            .base_url(format!("http://127.0.0.1:{port}"))
            .credentials(Credentials::api_key("k"))
            .retry(RetryPolicy::new(2).with_initial_backoff(Duration::from_millis(1)))
            .timeout(TIMEOUT)
            .build()
            .unwrap();
        let Err(Error::Transport(error)) = client.get_user().await else { panic!("expected a transport error") };
        assert!(error.is_connect(), "{error}");
    }

    #[tokio::test]
    async fn timeouts_and_user_settings() {
        let server = Recorder::start().await;
        server.reply(Reply::json(200, json!({"username": "slow"})).after(Duration::from_secs(3)));
        server.reply(Reply::json(200, json!({"username": "ada"})));
        let http = reqwest::Client::builder().build().unwrap();
        let client = Client::builder()
            .base_url(&server.base_url)
            .credentials(Credentials::api_key("k"))
            .http_client(http)
            .user_agent("my-app/2.0")
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let Err(Error::Transport(error)) = client.get_user().await else { panic!("expected a timeout") };
        assert!(error.is_timeout(), "{error}");
        client.get_user().await.unwrap();
        assert_eq!(server.requests()[1].header("user-agent"), Some("my-app/2.0"));
    }
}

/// What the four specs do not exercise (array and object parameters, other
/// styles, header and cookie parameters), through the runtime every
/// generated client calls.
mod runtime {
    use oapi_runtime::client::{Config, Credentials, Error, InvalidRequest, Style};
    use reqwest::Method;

    use super::*;

    #[tokio::test]
    async fn arrays_objects_headers_and_cookies_on_the_wire() {
        let server = Recorder::start().await;
        server.reply(Reply::empty(204));
        let config = Config { base_url: Some(server.base_url.clone()), ..Config::default() };
        let core = config.build("http://unused.invalid", "test/1").unwrap();
        core.request(Method::GET, "/items/{ids}")
            .path_param_styled("ids", &["a b", "c/d"], Style::Simple, false)
            .query("tag", &["x", "y&z"])
            .query_styled("n", &[1, 2, 3], Style::Form, false)
            .query_styled("p", &[true, false], Style::PipeDelimited, false)
            .query_styled("filter", &json!({"min": 1, "max": "9"}), Style::DeepObject, true)
            .query("absent", &None::<i32>)
            .header("X-Ids", &[1, 2])
            .cookie("session", &"s 1")
            .send()
            .await
            .unwrap();
        let request = server.single();
        assert_eq!(
            request.target,
            "/items/a%20b,c%2Fd?tag=x&tag=y%26z&n=1,2,3&p=true|false&filter[max]=9&filter[min]=1"
        );
        assert_eq!(request.header("x-ids"), Some("1,2"));
        assert_eq!(request.header("cookie"), Some("session=s%201"));
    }

    #[tokio::test]
    async fn header_params_with_cr_or_lf_are_never_sent() {
        let server = Recorder::start().await;
        let config =
            Config { base_url: Some(server.base_url.clone()), credentials: Credentials::none(), ..Config::default() };
        let core = config.build("http://unused.invalid", "test/1").unwrap();
        for evil in ["v\r\nX-Injected: 1", "v\nX-Injected: 1", "v\r"] {
            let error = core.request(Method::GET, "/").header("X-Trace", &evil).send().await.unwrap_err();
            let error: Error<()> = error.into();
            assert!(
                matches!(&error, Error::InvalidRequest(InvalidRequest::HeaderValue { name }) if name == "X-Trace"),
                "{error}"
            );
        }
        assert!(server.requests().is_empty());
    }
}
