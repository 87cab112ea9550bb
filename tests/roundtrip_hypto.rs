//! Round trip of the Hypto IAM API (bearer auth): the generated client
//! against the generated server on 127.0.0.1, every operation with every
//! status it declares, and the auth matrix from the client side.

mod roundtrip_support;

use axum::http::StatusCode;
use hypto_iam_client::{self as client, Client, Credentials, Error, InvalidRequest};
use hypto_iam_server::operations::*;
use hypto_iam_server::{self as server, Api};
use roundtrip_support::server_support::{GOOD, TestAuth};
use roundtrip_support::{AWKWARD, Exchange, Served, clients, date_time, serve};

/// Values the path parameters' patterns allow.
const ORG: &str = "XlK5h64gND";
const USER: &str = "Bob_the_3rd";

impl Api for Exchange {
    type Principal = String;

    async fn create_credential(
        &self,
        principal: String,
        path: CreateCredentialPath,
        body: server::models::CreateCredentialRequest,
    ) -> CreateCredentialResponse {
        self.answer("create_credential", Some(principal), (path, body))
    }

    async fn get_credential(&self, principal: String, path: GetCredentialPath) -> GetCredentialResponse {
        self.answer("get_credential", Some(principal), path)
    }

    async fn delete_credential(&self, principal: String, path: DeleteCredentialPath) -> DeleteCredentialResponse {
        self.answer("delete_credential", Some(principal), path)
    }

    async fn update_credential(
        &self,
        principal: String,
        path: UpdateCredentialPath,
        body: server::models::UpdateCredentialRequest,
    ) -> UpdateCredentialResponse {
        self.answer("update_credential", Some(principal), (path, body))
    }
}

async fn start() -> Served {
    serve(|exchange| server::router(exchange, TestAuth)).await
}

clients!(Credentials::bearer(GOOD));

fn error(message: &str) -> server::models::ErrorResponse {
    server::models::ErrorResponse { message: message.into() }
}

fn client_error(message: &str) -> client::models::ErrorResponse {
    client::models::ErrorResponse { message: message.into() }
}

fn credential() -> server::models::Credential {
    server::models::Credential {
        id: "1f44ada7-7196-4f2d-8380-4c76f8bddec2".into(),
        valid_until: Some("2030-01-01T00:00:00".into()),
        status: server::models::CredentialStatus::Active,
        secret: "s3cr3t ünï/?#%".into(),
        created_at: date_time("2024-02-29T23:59:59.123456+05:30"),
        updated_at: date_time("2024-03-01T00:00:00-09:45"),
    }
}

fn without_secret() -> server::models::CredentialWithoutSecret {
    server::models::CredentialWithoutSecret {
        id: "c-1".into(),
        valid_until: None,
        status: server::models::CredentialStatus::Inactive,
        created_at: date_time("1970-01-01T00:00:00Z"),
        updated_at: date_time("9999-12-31T23:59:59.999999999+14:00"),
    }
}

/// Every declared error of an operation, then a `default` with a status
/// the operation does not list; each with the organization header.
macro_rules! every_error {
    ($served:expr, $call:expr, $server:ident, $client:ident) => {{
        let org = || Some(ORG.to_owned());
        let cases = vec![
            (
                $server::BadRequest { body: error("bad"), x_iam_user_organization: org() },
                400,
                $client::BadRequest(client_error("bad")),
            ),
            (
                $server::Unauthorized { body: error("who"), x_iam_user_organization: org() },
                401,
                $client::Unauthorized(client_error("who")),
            ),
            (
                $server::Forbidden { body: error("no"), x_iam_user_organization: org() },
                403,
                $client::Forbidden(client_error("no")),
            ),
            (
                $server::NotFound { body: error("gone"), x_iam_user_organization: org() },
                404,
                $client::NotFound(client_error("gone")),
            ),
            (
                $server::TooManyRequests { body: error("slow"), x_iam_user_organization: org() },
                429,
                $client::TooManyRequests(client_error("slow")),
            ),
            (
                $server::Default {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    body: error("down"),
                    x_iam_user_organization: org(),
                },
                503,
                $client::Default(client_error("down")),
            ),
            (
                $server::Default { status: StatusCode::IM_A_TEAPOT, body: error("tea"), x_iam_user_organization: None },
                418,
                $client::Default(client_error("tea")),
            ),
        ];
        let errors = $served.declared_errors(|| $call, cases).await;
        let headers: Vec<Option<&str>> =
            errors.iter().map(|e| e.headers.get("x-iam-user-organization").map(|v| v.to_str().unwrap())).collect();
        let mut expected = vec![Some(ORG); 6];
        expected.push(None);
        assert_eq!(headers, expected);
    }};
}

#[tokio::test]
async fn every_operation_round_trips() {
    let served = start().await;
    let client = client(&served);
    create_credential(&served, &client).await;
    get_credential(&served, &client).await;
    delete_credential(&served, &client).await;
    update_credential(&served, &client).await;
    served.assert_covers_spec("hypto-iam");
}

async fn create_credential(served: &Served, client: &Client) {
    use CreateCredentialResponse as R;
    use hypto_iam_client::operations::DeclaredErrors as E;

    let sent = client::models::CreateCredentialRequest { valid_until: Some("2031-12-31T23:59:59".into()) };
    let reply = R::Created { body: credential(), x_iam_user_organization: Some(ORG.into()) };
    let (got, call) = served.round(reply, client.create_credential(ORG, USER, &sent)).await;
    let got = got.unwrap();
    assert_eq!(&got, &credential());
    // The secret is hidden from `Debug`, so compare it on its own; the
    // offsets of both date-times survive.
    assert_eq!(got.secret, "s3cr3t ünï/?#%");
    assert_eq!(got.created_at.to_rfc3339(), "2024-02-29T23:59:59.123456+05:30");
    assert_eq!(got.updated_at.offset().local_minus_utc(), -(9 * 3600 + 45 * 60));
    assert_eq!(call.principal.as_deref(), Some("bearerAuth"));
    let (path, body) = call.args::<(CreateCredentialPath, server::models::CreateCredentialRequest)>();
    assert_eq!((path.organization_id.as_str(), path.user_id.as_str()), (ORG, USER));
    assert_eq!(&sent, body);
    assert_eq!(served.last_wire().header("authorization"), Some("Bearer good-secret"));

    // An empty body stays empty: absent is not null.
    let empty = client::models::CreateCredentialRequest::default();
    let reply = R::Created { body: credential(), x_iam_user_organization: None };
    let (_, call) = served.round(reply, client.create_credential(ORG, USER, &empty)).await;
    assert_eq!(call.args::<(CreateCredentialPath, server::models::CreateCredentialRequest)>().1.valid_until, None);

    every_error!(served, client.create_credential(ORG, USER, &sent), R, E);
}

async fn get_credential(served: &Served, client: &Client) {
    use GetCredentialResponse as R;
    use hypto_iam_client::operations::DeclaredErrors as E;

    // The credential id has no pattern: any text stays one path segment.
    for id in AWKWARD {
        let reply = R::Ok { body: without_secret(), x_iam_user_organization: Some(ORG.into()) };
        let (got, call) = served.round(reply, client.get_credential(ORG, USER, id)).await;
        assert_eq!(&got.unwrap(), &without_secret());
        let path = call.args::<GetCredentialPath>();
        assert_eq!((path.organization_id.as_str(), path.user_id.as_str(), path.id.as_str()), (ORG, USER, *id));
        let target = served.last_wire().target;
        let sent_id = target.rsplit('/').next().unwrap();
        assert!(!sent_id.contains(['/', '?', '#', ' ']), "{id:?} went out as {sent_id:?}");
    }
    // `.` and `..` cannot be one segment: the client refuses to send them.
    for id in [".", ".."] {
        let got = served.refused(client.get_credential(ORG, USER, id)).await;
        assert!(
            matches!(got, Err(Error::InvalidRequest(InvalidRequest::PathParam { ref name, .. })) if name == "id"),
            "{got:?}"
        );
    }

    every_error!(served, client.get_credential(ORG, USER, "c-1"), R, E);
}

async fn delete_credential(served: &Served, client: &Client) {
    use DeleteCredentialResponse as R;
    use hypto_iam_client::operations::DeclaredErrors as E;

    let body = server::models::BaseSuccessResponse { success: true };
    let reply = R::Ok { body: body.clone(), x_iam_user_organization: None };
    let (got, call) = served.round(reply, client.delete_credential(ORG, USER, "ünï 🦀")).await;
    assert_eq!(&got.unwrap(), &body);
    assert_eq!(call.args::<DeleteCredentialPath>().id, "ünï 🦀");
    assert_eq!(served.last_wire().method, "DELETE");

    every_error!(served, client.delete_credential(ORG, USER, "c-1"), R, E);
}

async fn update_credential(served: &Served, client: &Client) {
    use UpdateCredentialResponse as R;
    use client::models::{CredentialStatus, UpdateCredentialRequest};
    use hypto_iam_client::operations::DeclaredErrors as E;

    let ok = || R::Ok { body: without_secret(), x_iam_user_organization: Some(ORG.into()) };
    let bodies = [
        UpdateCredentialRequest {
            valid_until: Some("2030-01-01T00:00:00".into()),
            status: Some(CredentialStatus::Inactive),
        },
        UpdateCredentialRequest { valid_until: None, status: Some(CredentialStatus::Active) },
        UpdateCredentialRequest::default(),
    ];
    for sent in &bodies {
        let (got, call) = served.round(ok(), client.update_credential(ORG, USER, "c/1", sent)).await;
        assert_eq!(&got.unwrap(), &without_secret());
        let (path, body) = call.args::<(UpdateCredentialPath, server::models::UpdateCredentialRequest)>();
        assert_eq!(path.id, "c/1");
        assert_eq!(sent, body);
    }
    assert_eq!(served.last_wire().header("content-type"), Some("application/json"));

    // A status the spec does not list is refused before the handler: the
    // client gets the declared 400 naming the field.
    let unknown = UpdateCredentialRequest {
        status: Some(CredentialStatus::UnknownValue("suspended".into())),
        ..Default::default()
    };
    let got = served.refused(client.update_credential(ORG, USER, "c-1", &unknown)).await;
    let Err(Error::Api(error)) = got else { panic!("expected a declared error, got {got:?}") };
    assert_eq!(error.status, 400);
    let E::BadRequest(body) = &error.body else { panic!("expected BadRequest, got {:?}", error.body) };
    assert!(body.message.contains("/status"), "{body:?}");

    every_error!(served, client.update_credential(ORG, USER, "c-1", &bodies[0]), R, E);
}

/// Without credentials the client sends nothing; with a wrong token, or
/// with a kind of credential the operation does not accept, it gets the
/// declared 401 (or sends nothing), and no handler runs.
#[tokio::test]
async fn auth_matrix() {
    use hypto_iam_client::operations::DeclaredErrors as E;

    let served = start().await;
    for credentials in [Credentials::none(), Credentials::api_key(GOOD), Credentials::basic("ann", GOOD)] {
        let got = served.refused(client_with(&served, credentials).get_credential(ORG, USER, "c-1")).await;
        let Err(Error::MissingCredentials(missing)) = got else { panic!("expected missing credentials, got {got:?}") };
        assert_eq!(missing.missing[0][0].name, "bearerAuth");
    }
    assert_eq!(served.wire_count(), 0, "nothing was sent");

    let wrong = client_with(&served, Credentials::bearer("wrong-secret"));
    let got = served.refused(wrong.get_credential(ORG, USER, "c-1")).await;
    let Err(Error::Api(error)) = got else { panic!("expected a declared error, got {got:?}") };
    assert_eq!(error.status, 401);
    assert_eq!(error.headers["www-authenticate"], "Bearer");
    let E::Unauthorized(body) = &error.body else { panic!("expected Unauthorized, got {:?}", error.body) };
    assert!(body.message.contains("rejected"), "{body:?}");
    assert_eq!(served.last_wire().header("authorization"), Some("Bearer wrong-secret"));

    // The right token reaches the handler, as its principal.
    let reply = GetCredentialResponse::Ok { body: without_secret(), x_iam_user_organization: None };
    let (got, call) = served.round(reply, client(&served).get_credential(ORG, USER, "c-1")).await;
    assert!(got.is_ok(), "{got:?}");
    assert_eq!(call.principal.as_deref(), Some("bearerAuth"));
}
