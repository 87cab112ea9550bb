//! Round trip of the TileDB user API (API key in `X-TILEDB-REST-API-KEY`
//! OR HTTP basic): the generated client against the generated server on
//! 127.0.0.1, every operation with every status it declares, and the auth
//! matrix from the client side.

mod roundtrip_support;

use axum::http::StatusCode;
use roundtrip_support::server_support::{GOOD, TestAuth, USER};
use roundtrip_support::{AWKWARD, Exchange, Served, clients, date_time, serve};
use serde_json::json;
use server::models as s;
use tiledb_user_client::{self as client, Client, Credentials, Error};
use tiledb_user_server::operations::*;
use tiledb_user_server::{self as server, Api};

#[path = "roundtrip_tiledb/exchange.rs"]
mod exchange;

async fn start() -> Served {
    serve(|exchange| server::router(exchange, TestAuth)).await
}

clients!(Credentials::api_key(GOOD));

/// `502` (no body), then `default` with statuses the operation does not
/// list and the limits of the int64 error code; `extra` cases first.
macro_rules! every_error {
    ($served:expr, $call:expr, $server:ident, $client:ident $(, $extra:expr)*) => {{
        let error = |code: i64, message: &str| s::Error { code: Some(code), message: Some(message.into()), request_id: Some("req/1 ✓".into()) };
        let mut cases = vec![$($extra,)*];
        cases.extend([
            ($server::BadGateway, 502, $client::BadGateway),
            ($server::Default { status: StatusCode::IM_A_TEAPOT, body: error(i64::MIN, "min") }, 418, $client::Default(error(i64::MIN, "min"))),
            ($server::Default { status: StatusCode::SERVICE_UNAVAILABLE, body: error(i64::MAX, "max") }, 503, $client::Default(error(i64::MAX, "max"))),
            ($server::Default { status: StatusCode::CONFLICT, body: s::Error::default() }, 409, $client::Default(client::models::Error::default())),
        ]);
        $served.declared_errors(|| $call, cases).await;
    }};
}

#[tokio::test]
async fn every_operation_round_trips() {
    let served = start().await;
    let client = client(&served);
    aws_credentials(&served, &client).await;
    organization_users(&served, &client).await;
    get_session(&served, &client).await;
    request_token(&served, &client).await;
    token_lists(&served, &client).await;
    revoke_token(&served, &client).await;
    get_user(&served, &client).await;
    create_user(&served, &client).await;
    confirm_email(&served, &client).await;
    reset_user_password(&served, &client).await;
    get_user_with_username(&served, &client).await;
    delete_user(&served, &client).await;
    update_user(&served, &client).await;
    served.assert_covers_spec("tiledb-user");
}

fn aws() -> s::AwsAccessCredentials {
    s::AwsAccessCredentials {
        secret_access_key: Some("wJalr/K7MDENG+bPxRfiCY".into()),
        access_key_id: Some("AKIA ünï".into()),
        service_role_arn: Some("arn:aws:iam::123456789012:role/x".into()),
        name: Some("default creds".into()),
        default: Some(true),
        buckets: Some(vec!["s3://company-bucket-1/tiledb/".into(), String::new()]),
        created_at: Some(date_time("2024-02-29T12:00:00.5+05:30")),
        updated_at: None,
    }
}

/// What a client sends: the request shape has no readOnly members
/// (`created_at`, `updated_at`).
fn aws_request() -> client::models::AwsAccessCredentialsRequest {
    let aws = aws();
    client::models::AwsAccessCredentialsRequest {
        secret_access_key: aws.secret_access_key,
        access_key_id: aws.access_key_id,
        service_role_arn: aws.service_role_arn,
        name: aws.name,
        default: aws.default,
        buckets: aws.buckets,
    }
}

async fn aws_credentials(served: &Served, client: &Client) {
    // check_aws_access_credentials
    {
        use CheckAwsAccessCredentialsResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        for namespace in AWKWARD {
            let listed = vec![aws(), s::AwsAccessCredentials::default()];
            let (got, call) = served.round(R::Ok(listed.clone()), client.check_aws_access_credentials(namespace)).await;
            let got = got.unwrap();
            assert_eq!(&got, &listed);
            assert_eq!(got[0].secret_access_key.as_deref(), Some("wJalr/K7MDENG+bPxRfiCY"));
            assert_eq!(got[0].created_at.unwrap().to_rfc3339(), "2024-02-29T12:00:00.500+05:30");
            assert_eq!(call.args::<CheckAwsAccessCredentialsPath>().namespace, *namespace);
            assert_eq!(call.principal.as_deref(), Some("ApiKeyAuth"));
        }
        every_error!(served, client.check_aws_access_credentials("ns"), R, E);
    }
    // add_aws_access_credentials
    {
        use AddAwsAccessCredentialsResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        let sent = aws_request();
        let (got, call) = served.round(R::NoContent, client.add_aws_access_credentials("ns/1", &sent)).await;
        got.unwrap();
        let (path, body) = call.args::<(AddAwsAccessCredentialsPath, s::AwsAccessCredentialsRequest)>();
        assert_eq!(path.namespace, "ns/1");
        assert_eq!(&sent, body);
        assert_eq!(body.secret_access_key, sent.secret_access_key);
        every_error!(served, client.add_aws_access_credentials("ns", &sent), R, E);
    }
    // check_aws_access_credentials_by_name
    {
        use CheckAwsAccessCredentialsByNameResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        for name in AWKWARD {
            let (got, call) = served.round(R::Ok(aws()), client.check_aws_access_credentials_by_name("ns", name)).await;
            assert_eq!(&got.unwrap(), &aws());
            let path = call.args::<CheckAwsAccessCredentialsByNamePath>();
            assert_eq!((path.namespace.as_str(), path.name.as_str()), ("ns", *name));
        }
        every_error!(served, client.check_aws_access_credentials_by_name("ns", "n"), R, E);
    }
    // delete_aws_access_credentials
    {
        use DeleteAwsAccessCredentialsResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        let (got, call) = served.round(R::NoContent, client.delete_aws_access_credentials("ns ✓", "my creds")).await;
        got.unwrap();
        let path = call.args::<DeleteAwsAccessCredentialsPath>();
        assert_eq!((path.namespace.as_str(), path.name.as_str()), ("ns ✓", "my creds"));
        assert_eq!(served.last_wire().method, "DELETE");
        every_error!(served, client.delete_aws_access_credentials("ns", "n"), R, E);
    }
    // update_aws_access_credentials
    {
        use UpdateAwsAccessCredentialsResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        for sent in [aws_request(), client::models::AwsAccessCredentialsRequest::default()] {
            let (got, call) =
                served.round(R::NoContent, client.update_aws_access_credentials("ns", "n/1", &sent)).await;
            got.unwrap();
            let (path, body) = call.args::<(UpdateAwsAccessCredentialsPath, s::AwsAccessCredentialsRequest)>();
            assert_eq!(path.name, "n/1");
            assert_eq!(&sent, body);
        }
        assert_eq!(served.last_wire().method, "PATCH");
        let sent = aws_request();
        every_error!(served, client.update_aws_access_credentials("ns", "n", &sent), R, E);
    }
}

fn member() -> s::OrganizationUser {
    s::OrganizationUser {
        user_id: Some("00000000-0000-0000-0000-000000000000".into()),
        organization_id: Some("11111111-1111-1111-1111-111111111111".into()),
        username: Some("ann".into()),
        user_full_name: Some("Ann Ünï".into()),
        user_email: Some("ann+tiledb@example.com".into()),
        organization_name: Some("My Org".into()),
        role: Some(s::OrganizationRoles::ReadWriteDelete),
        allowed_actions: Some(vec![s::NamespaceActions::ReadArrayLogs, s::NamespaceActions::EditBilling]),
    }
}

async fn organization_users(served: &Served, client: &Client) {
    // add_user_to_organization
    {
        use AddUserToOrganizationResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        for sent in [member(), client::models::OrganizationUser::default()] {
            let (got, call) = served.round(R::NoContent, client.add_user_to_organization("org ✓", &sent)).await;
            got.unwrap();
            let (path, body) = call.args::<(AddUserToOrganizationPath, s::OrganizationUser)>();
            assert_eq!(path.organization, "org ✓");
            assert_eq!(&sent, body);
        }
        let sent: client::models::OrganizationUser = member();
        every_error!(served, client.add_user_to_organization("org", &sent), R, E);
    }
    // get_organization_user
    {
        use GetOrganizationUserResponse as R;
        use client::operations::NotFoundBadGatewayOrDefault as E;
        for username in AWKWARD {
            let (got, call) = served.round(R::Ok(member()), client.get_organization_user("org", username)).await;
            assert_eq!(&got.unwrap(), &member());
            let path = call.args::<GetOrganizationUserPath>();
            assert_eq!((path.organization.as_str(), path.username.as_str()), ("org", *username));
        }
        // A role this version of the spec does not list reaches the client as is.
        let future =
            s::OrganizationUser { role: Some(s::OrganizationRoles::UnknownValue("auditor".into())), ..member() };
        let (got, _) = served.round(R::Ok(future), client.get_organization_user("org", "ann")).await;
        assert_eq!(got.unwrap().role, Some(client::models::OrganizationRoles::UnknownValue("auditor".into())));
        every_error!(served, client.get_organization_user("org", "ann"), R, E, (R::NotFound, 404, E::NotFound));
    }
    // delete_user_from_organization
    {
        use DeleteUserFromOrganizationResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        let (got, call) = served.round(R::NoContent, client.delete_user_from_organization("org", "ann b")).await;
        got.unwrap();
        assert_eq!(call.args::<DeleteUserFromOrganizationPath>().username, "ann b");
        every_error!(served, client.delete_user_from_organization("org", "ann"), R, E);
    }
    // update_user_in_organization
    {
        use UpdateUserInOrganizationResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        let sent = client::models::OrganizationUser {
            role: Some(client::models::OrganizationRoles::Owner),
            allowed_actions: Some(Vec::new()),
            ..Default::default()
        };
        let (got, call) = served.round(R::NoContent, client.update_user_in_organization("org", "ann", &sent)).await;
        got.unwrap();
        let (path, body) = call.args::<(UpdateUserInOrganizationPath, s::OrganizationUser)>();
        assert_eq!((path.organization.as_str(), path.username.as_str()), ("org", "ann"));
        assert_eq!(&sent, body);
        assert_eq!(body.allowed_actions, Some(Vec::new()));
        every_error!(served, client.update_user_in_organization("org", "ann", &sent), R, E);
    }
}

fn token() -> s::Token {
    s::Token {
        token: Some("eyJhbGciOi.J9+/=".into()),
        name: Some("ci token".into()),
        issued_at: Some(date_time("2024-01-01T00:00:00+05:30")),
        expires_at: Some(date_time("2024-01-31T00:00:00.000001-03:00")),
        scope: Some(vec![s::TokenScope::Star, s::TokenScope::UserReadWrite, s::TokenScope::GroupAdmin]),
    }
}

async fn get_session(served: &Served, client: &Client) {
    use GetSessionResponse as R;
    use client::operations::{BadGatewayOrDefault as E, GetSessionOptions};

    // Absent, empty and present query values are kept apart.
    for remember_me in [None, Some(""), Some("true"), Some("a&b=c#d ü+%20/?")] {
        let options = GetSessionOptions { remember_me: remember_me.map(str::to_owned) };
        let (got, call) = served.round(R::Ok(token()), client.get_session(options)).await;
        let got = got.unwrap();
        assert_eq!(&got, &token());
        assert_eq!(got.token.as_deref(), Some("eyJhbGciOi.J9+/="));
        assert_eq!(call.args::<GetSessionQuery>().remember_me.as_deref(), remember_me);
    }
    every_error!(served, client.get_session(GetSessionOptions::default()), R, E);
}

async fn request_token(served: &Served, client: &Client) {
    use RequestTokenResponse as R;
    use client::models::{TokenRequest, TokenScope};
    use client::operations::BadGatewayOrDefault as E;

    // No body, an empty object and a full one are three different requests.
    let full = TokenRequest {
        expires: Some(date_time("2018-12-31T12:13:14+05:30")),
        name: Some("myToken ✓".into()),
        scope: Some(vec![TokenScope::Star, TokenScope::UserReadWrite, TokenScope::OrganizationAdmin]),
    };
    for sent in [None, Some(TokenRequest::default()), Some(full)] {
        let (got, call) = served.round(R::Ok(token()), client.request_token(sent.as_ref())).await;
        assert_eq!(&got.unwrap(), &token());
        let received = call.args::<Option<s::TokenRequest>>();
        assert_eq!(&sent, received);
        if let Some(expires) = received.as_ref().and_then(|r| r.expires) {
            assert_eq!(expires.to_rfc3339(), "2018-12-31T12:13:14+05:30");
        }
        let content_type = served.last_wire().header("content-type").map(str::to_owned);
        assert_eq!(content_type.as_deref(), sent.as_ref().map(|_| "application/json"));
    }
    // A scope the spec does not list is refused before the handler, as a 400
    // the client decodes as the `default` error.
    let unknown =
        TokenRequest { scope: Some(vec![TokenScope::UnknownValue("user:root".into())]), ..Default::default() };
    let got = served.refused(client.request_token(Some(&unknown))).await;
    let Err(Error::Api(error)) = got else { panic!("expected a declared error, got {got:?}") };
    let E::Default(body) = &error.body else { panic!("expected the default error, got {:?}", error.body) };
    assert_eq!(error.status, 400);
    assert!(body.message.as_deref().unwrap_or_default().contains("/scope/0"), "{body:?}");
    every_error!(served, client.request_token(None), R, E);
}

async fn token_lists(served: &Served, client: &Client) {
    {
        use TokensGetResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        let tokens = vec![token(), s::Token::default()];
        let (got, call) = served.round(R::Ok(tokens.clone()), client.tokens_get()).await;
        assert_eq!(&got.unwrap(), &tokens);
        call.args::<()>();
        every_error!(served, client.tokens_get(), R, E);
    }
    {
        use TokensSessionGetResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        let (got, _) = served.round(R::Ok(vec![token()]), client.tokens_session_get()).await;
        assert_eq!(&got.unwrap(), &vec![token()]);
        let (got, _) = served.round(R::Ok(Vec::new()), client.tokens_session_get()).await;
        assert!(got.unwrap().is_empty());
        every_error!(served, client.tokens_session_get(), R, E);
    }
    {
        use GetTokenScopesResponse as R;
        use client::operations::BadGatewayOrDefault as E;
        use s::TokenScope as S;
        // Every value the spec lists (`*`, `user:read-write`...), and one it does not.
        let scopes = vec![
            S::PasswordReset,
            S::ConfirmEmail,
            S::Star,
            S::UserRead,
            S::UserReadWrite,
            S::UserAdmin,
            S::ArrayRead,
            S::ArrayReadWrite,
            S::ArrayAdmin,
            S::OrganizationRead,
            S::OrganizationReadWrite,
            S::OrganizationAdmin,
            S::GroupRead,
            S::GroupReadWrite,
            S::GroupAdmin,
            S::UnknownValue("future:scope".into()),
        ];
        let (got, _) = served.round(R::Ok(scopes.clone()), client.get_token_scopes()).await;
        let got = got.unwrap();
        assert_eq!(&got, &scopes);
        let wire: Vec<&str> = got.iter().map(|scope| scope.as_str()).collect();
        assert_eq!(wire[2..5], ["*", "user:read", "user:read-write"]);
        assert_eq!(got[15], client::models::TokenScope::UnknownValue("future:scope".into()));
        every_error!(served, client.get_token_scopes(), R, E);
    }
}

async fn revoke_token(served: &Served, client: &Client) {
    use RevokeTokenResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    for token in AWKWARD.iter().chain(&["eyJhbGciOi.J9+/="]) {
        let (got, call) = served.round(R::NoContent, client.revoke_token(token)).await;
        got.unwrap();
        assert_eq!(call.args::<RevokeTokenPath>().token, *token);
    }
    every_error!(served, client.revoke_token("t"), R, E);
}

/// A user as the server describes it: readOnly members set, the logo
/// null, and storage locations with null, empty and absent members.
fn user() -> s::User {
    s::User {
        id: Some("00000000-0000-0000-0000-000000000000".into()),
        username: "ann.b-c_1".into(),
        password: None,
        name: Some("Ann Ünï".into()),
        email: Some("ann@example.com".into()),
        is_valid_email: Some(false),
        stripe_connect: Some(true),
        company: Some("TileDB".into()),
        logo: Some(None),
        timezone: Some("Europe/Athens".into()),
        organizations: Some(vec![member()]),
        allowed_actions: Some(vec![s::NamespaceActions::Read, s::NamespaceActions::RunJob]),
        enabled_features: Some(Vec::new()),
        unpaid_subscription: Some(false),
        default_s3_path: Some("s3://bucket/path?x#y".into()),
        default_s3_path_credentials_name: Some(Some(json!({"name": "creds", "list": [1, "two", null]}))),
        asset_locations: Some(s::AssetLocations {
            arrays: Some(s::StorageLocation { path: Some(None), credentials_name: Some(Some(String::new())) }),
            files: Some(s::StorageLocation { path: Some(Some("s3://files".into())), credentials_name: None }),
            groups: Some(s::StorageLocation::default()),
            ..Default::default()
        }),
        default_namespace_charged: Some("ann".into()),
        default_region: Some("us-east-1".into()),
    }
}

/// Users a client may send (no readOnly members): a full one, one with
/// the logo null and one with the logo absent.
fn user_requests() -> Vec<client::models::UserRequest> {
    // The request shape of `user()`: its members but the readOnly ones.
    let request: client::models::UserRequest =
        serde_json::from_value(serde_json::to_value(user()).expect("JSON")).expect("a UserRequest");
    let full = client::models::UserRequest {
        password: Some("hunter22 ünï".into()),
        logo: Some(Some("data:image/png;base64,iVBORw0KGgo=".into())),
        ..request
    };
    let null_logo = client::models::UserRequest { logo: Some(None), ..full.clone() };
    let minimal: client::models::UserRequest = serde_json::from_value(json!({"username": "x"})).expect("a User");
    vec![full, null_logo, minimal]
}

async fn get_user(served: &Served, client: &Client) {
    use GetUserResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    let (got, call) = served.round(R::Ok(user()), client.get_user()).await;
    let got = got.unwrap();
    assert_eq!(&got, &user());
    assert_eq!(got.logo, Some(None));
    let arrays = got.asset_locations.as_ref().and_then(|a| a.arrays.as_ref()).unwrap();
    assert_eq!((&arrays.path, &arrays.credentials_name), (&Some(None), &Some(Some(String::new()))));
    assert_eq!(call.principal.as_deref(), Some("ApiKeyAuth"));
    // The logo absent, not null.
    let (got, _) = served.round(R::Ok(s::User { logo: None, ..user() }), client.get_user()).await;
    assert_eq!(got.unwrap().logo, None);
    every_error!(served, client.get_user(), R, E);
}

async fn create_user(served: &Served, client: &Client) {
    use CreateUserResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    for sent in user_requests() {
        let (got, call) = served.round(R::NoContent, client.create_user(&sent)).await;
        got.unwrap();
        let received = call.args::<s::UserRequest>();
        assert_eq!(&sent, received);
        assert_eq!(received.password, sent.password);
        assert_eq!(received.logo, sent.logo);
    }
    let minimal = user_requests().remove(2);
    every_error!(served, client.create_user(&minimal), R, E);
}

async fn confirm_email(served: &Served, client: &Client) {
    use ConfirmEmailResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    let (got, call) = served.round(R::NoContent, client.confirm_email()).await;
    got.unwrap();
    call.args::<()>();
    assert_eq!(served.last_wire().method, "POST");
    every_error!(served, client.confirm_email(), R, E);
}

async fn reset_user_password(served: &Served, client: &Client) {
    use ResetUserPasswordResponse as R;
    use client::models::ResetUserPasswordRequest;
    use client::operations::NotFoundBadGatewayOrDefault as E;

    for sent in
        [ResetUserPasswordRequest { password: Some("correct horse ✓".into()) }, ResetUserPasswordRequest::default()]
    {
        let (got, call) = served.round(R::NoContent, client.reset_user_password(&sent)).await;
        got.unwrap();
        let received = call.args::<s::ResetUserPasswordRequest>();
        assert_eq!(&sent, received);
        assert_eq!(received.password, sent.password);
    }
    let empty = ResetUserPasswordRequest::default();
    every_error!(served, client.reset_user_password(&empty), R, E, (R::NotFound, 404, E::NotFound));
}

async fn get_user_with_username(served: &Served, client: &Client) {
    use GetUserWithUsernameResponse as R;
    use client::operations::NotFoundBadGatewayOrDefault as E;

    for username in AWKWARD {
        let (got, call) = served.round(R::Ok(user()), client.get_user_with_username(username)).await;
        assert_eq!(&got.unwrap(), &user());
        assert_eq!(call.args::<GetUserWithUsernamePath>().username, *username);
    }
    every_error!(served, client.get_user_with_username("ann"), R, E, (R::NotFound, 404, E::NotFound));
}

async fn delete_user(served: &Served, client: &Client) {
    use DeleteUserResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    let (got, call) = served.round(R::NoContent, client.delete_user("ann/../b")).await;
    got.unwrap();
    assert_eq!(call.args::<DeleteUserPath>().username, "ann/../b");
    every_error!(served, client.delete_user("ann"), R, E);
}

async fn update_user(served: &Served, client: &Client) {
    use UpdateUserResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    for sent in user_requests() {
        let (got, call) = served.round(R::NoContent, client.update_user("ann ✓", &sent)).await;
        got.unwrap();
        let (path, body) = call.args::<(UpdateUserPath, s::UserRequest)>();
        assert_eq!(path.username, "ann ✓");
        assert_eq!(&sent, body);
    }
    let minimal = user_requests().remove(2);
    every_error!(served, client.update_user("ann", &minimal), R, E);
}

/// Each alternative of the requirement reaches the handler as its own
/// principal; a wrong secret gets the 401 (decoded as the `default`
/// error) and no handler runs; without a usable credential nothing is sent.
#[tokio::test]
async fn auth_matrix() {
    use GetUserResponse as R;
    use client::operations::BadGatewayOrDefault as E;

    let served = start().await;
    let basic_header = roundtrip_support::server_support::basic(USER, GOOD);
    let accepted = [
        (Credentials::api_key(GOOD), "ApiKeyAuth"),
        (Credentials::basic(USER, GOOD), "BasicAuth"),
        // Both set: the first alternative of the spec is the one sent.
        (Credentials::basic(USER, GOOD).with_api_key(GOOD), "ApiKeyAuth"),
    ];
    for (credentials, scheme) in accepted {
        let (got, call) = served.round(R::Ok(user()), client_with(&served, credentials).get_user()).await;
        assert!(got.is_ok(), "{got:?}");
        assert_eq!(call.principal.as_deref(), Some(scheme));
        let wire = served.last_wire();
        let sent = (wire.header("x-tiledb-rest-api-key"), wire.header("authorization"));
        match scheme {
            "ApiKeyAuth" => assert_eq!(sent, (Some(GOOD), None)),
            _ => assert_eq!(sent, (None, Some(basic_header.as_str()))),
        }
    }

    let rejected = [
        Credentials::api_key("wrong-key"),
        Credentials::basic(USER, "wrong-password"),
        Credentials::basic("bob", GOOD),
        Credentials::api_key("wrong-key").with_basic(USER, GOOD),
    ];
    for credentials in rejected {
        let got = served.refused(client_with(&served, credentials).get_user()).await;
        let Err(Error::Api(error)) = got else { panic!("expected a declared error, got {got:?}") };
        assert_eq!(error.status, 401);
        let E::Default(body) = &error.body else { panic!("expected the default error, got {:?}", error.body) };
        assert!(body.message.as_deref().unwrap_or_default().contains("rejected"), "{body:?}");
        let challenges: Vec<_> = error.headers.get_all("www-authenticate").iter().collect();
        assert_eq!(challenges.len(), 2, "{challenges:?}");
    }

    let before = served.wire_count();
    for credentials in [Credentials::none(), Credentials::bearer(GOOD)] {
        let got = served.refused(client_with(&served, credentials).create_user(&user_requests()[2])).await;
        let Err(Error::MissingCredentials(missing)) = got else { panic!("expected missing credentials, got {got:?}") };
        let names: Vec<&str> = missing.missing.iter().map(|alternative| alternative[0].name).collect();
        assert_eq!(names, ["ApiKeyAuth", "BasicAuth"]);
    }
    assert_eq!(served.wire_count(), before, "nothing was sent");
}

/// Paths where a parameter's value equals a literal segment of a sibling
/// template (`/organizations/{organization}/user` beside
/// `/organizations/{organization}/{username}`, `/tokens/scopes` beside
/// `/tokens/{token}`) still reach the operation of their method.
#[tokio::test]
#[ignore = "open question, not yet decided: OpenAPI matches concrete paths before templated ones, so today the literal sibling route answers 405 (tested in server_routing.rs); this test shows the alternative, falling back to the template for methods the literal route lacks"]
async fn parameters_equal_to_sibling_literals_reach_their_operation() {
    let served = start().await;
    let client = client(&served);

    let (got, call) =
        served.round(GetOrganizationUserResponse::Ok(member()), client.get_organization_user("org", "user")).await;
    assert!(got.is_ok(), "{got:?}");
    assert_eq!(call.args::<GetOrganizationUserPath>().username, "user");

    let (got, call) = served
        .round(DeleteUserFromOrganizationResponse::NoContent, client.delete_user_from_organization("org", "user"))
        .await;
    assert!(got.is_ok(), "{got:?}");
    assert_eq!(call.args::<DeleteUserFromOrganizationPath>().username, "user");

    for token in ["scopes", "session"] {
        let (got, call) = served.round(RevokeTokenResponse::NoContent, client.revoke_token(token)).await;
        assert!(got.is_ok(), "{got:?}");
        assert_eq!(call.args::<RevokeTokenPath>().token, token);
    }
}
