//! Round trip of the Katanemo Identity API (no security): the generated
//! client against the generated server on 127.0.0.1, every operation with
//! every status it declares.

mod roundtrip_support;

use std::collections::BTreeMap;

use axum::http::StatusCode;
use katanemo_identity_client::{self as client, Client, Credentials};
use katanemo_identity_server::operations::*;
use katanemo_identity_server::{self as server, Api};
use roundtrip_support::{AWKWARD, Exchange, Served, clients, serve};
use server::models as s;

impl Api for Exchange {
    async fn get_client_key_list(&self, path: GetClientKeyListPath) -> GetClientKeyListResponse {
        self.answer("get_client_key_list", None, path)
    }

    async fn create_client_key(&self, path: CreateClientKeyPath, body: s::ClientKeyRequest) -> CreateClientKeyResponse {
        self.answer("create_client_key", None, (path, body))
    }

    async fn get_client_key(&self, path: GetClientKeyPath) -> GetClientKeyResponse {
        self.answer("get_client_key", None, path)
    }

    async fn delete_client_key(&self, path: DeleteClientKeyPath) -> DeleteClientKeyResponse {
        self.answer("delete_client_key", None, path)
    }

    async fn get_users_for_account(&self, path: GetUsersForAccountPath) -> GetUsersForAccountResponse {
        self.answer("get_users_for_account", None, path)
    }

    async fn create_user_for_account(
        &self,
        path: CreateUserForAccountPath,
        body: s::UserRequest,
    ) -> CreateUserForAccountResponse {
        self.answer("create_user_for_account", None, (path, body))
    }

    async fn get_user(&self, path: GetUserPath) -> GetUserResponse {
        self.answer("get_user", None, path)
    }

    async fn update_user(&self, path: UpdateUserPath, body: s::UserRequest) -> UpdateUserResponse {
        self.answer("update_user", None, (path, body))
    }
}

async fn start() -> Served {
    serve(server::router).await
}

// Credentials are set, but no operation has security: none are sent.
clients!(Credentials::bearer("t").with_api_key("k").with_basic("u", "p"));

/// Tags whose names and values need escaping in JSON and URLs, an empty
/// list, and non-ASCII text.
fn tags() -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([
        ("team/eu?#".to_owned(), vec!["a".to_owned(), "b \"quoted\"".to_owned()]),
        ("empty".to_owned(), Vec::new()),
        ("ünï 🦀".to_owned(), vec!["日本語".to_owned()]),
        (String::new(), vec![String::new()]),
    ])
}

fn user() -> s::UserResponse {
    s::UserResponse {
        account_id: "acct-1".into(),
        service_id: Some("svc".into()),
        user_id: Some("ann+tag@example.com".into()),
        is_admin: Some(false),
        is_active: Some(true),
        token: Some("tok ünï".into()),
        tags: Some(tags()),
        roles: Some(vec!["admin".into(), String::new()]),
    }
}

fn key() -> s::ClientKeyObject {
    s::ClientKeyObject {
        account_id: Some("acct-1".into()),
        roles: Some(Vec::new()),
        client_name: Some("CI key ✓".into()),
        client_key_id: Some("k/1".into()),
        service_id: None,
        is_active: Some(false),
    }
}

/// Every declared error of an operation (each exception body), then
/// `default` with statuses the operation does not list and the limits of
/// the int32 error code.
macro_rules! every_error {
    ($served:expr, $call:expr, $server:ident, $client:ident) => {{
        macro_rules! exception {
            ($model:ident, $message:literal) => {
                (
                    s::$model { message: Some($message.into()), error_code: Some(stringify!($model).into()) },
                    client::models::$model {
                        message: Some($message.into()),
                        error_code: Some(stringify!($model).into()),
                    },
                )
            };
        }
        let (bad, bad_c) = exception!(BadRequestException, "bad");
        let (who, who_c) = exception!(UnauthorizedException, "who?");
        let (conflict, conflict_c) = exception!(ConflictException, "taken");
        let (slow, slow_c) = exception!(TooManyRequestsException, "slow down");
        let (oops, oops_c) = exception!(InternalServerErrorException, "oops");
        let error = |code, message: &str| {
            (s::Error { code, message: message.into() }, client::models::Error { code, message: message.into() })
        };
        let (min, min_c) = error(i32::MIN, "min");
        let (max, max_c) = error(i32::MAX, "max");
        let cases = vec![
            ($server::BadRequest(bad), 400, $client::BadRequest(bad_c)),
            ($server::Unauthorized(who), 401, $client::Unauthorized(who_c)),
            ($server::Conflict(conflict), 409, $client::Conflict(conflict_c)),
            ($server::TooManyRequests(slow), 429, $client::TooManyRequests(slow_c)),
            ($server::InternalServerError(oops), 500, $client::InternalServerError(oops_c)),
            ($server::Default { status: StatusCode::IM_A_TEAPOT, body: min }, 418, $client::Default(min_c)),
            ($server::Default { status: StatusCode::SERVICE_UNAVAILABLE, body: max }, 503, $client::Default(max_c)),
        ];
        $served.declared_errors(|| $call, cases).await;
    }};
}

#[tokio::test]
async fn every_operation_round_trips() {
    let served = start().await;
    let client = client(&served);
    get_client_key_list(&served, &client).await;
    create_client_key(&served, &client).await;
    get_client_key(&served, &client).await;
    delete_client_key(&served, &client).await;
    get_users_for_account(&served, &client).await;
    create_user_for_account(&served, &client).await;
    get_user(&served, &client).await;
    update_user(&served, &client).await;
    served.assert_covers_spec("katanemo-identity");
}

async fn get_client_key_list(served: &Served, client: &Client) {
    use GetClientKeyListResponse as R;
    use client::operations::DeclaredErrors as E;

    for account in AWKWARD {
        let keys = vec![key(), s::ClientKeyObject::default()];
        let (got, call) = served.round(R::Ok(keys.clone()), client.get_client_key_list(account)).await;
        assert_eq!(&got.unwrap(), &keys);
        assert_eq!(call.args::<GetClientKeyListPath>().account_id, *account);
        assert_eq!(call.principal, None);
        assert_eq!(served.last_wire().header("authorization"), None);
    }
    let (got, _) = served.round(R::Ok(Vec::new()), client.get_client_key_list("acct")).await;
    assert_eq!(got.unwrap(), Vec::new());
    every_error!(served, client.get_client_key_list("acct"), R, E);
}

async fn create_client_key(served: &Served, client: &Client) {
    use CreateClientKeyResponse as R;
    use client::operations::DeclaredErrors as E;

    let sent =
        client::models::ClientKeyRequest { default_role_id: "role/1".into(), client_name: "ünï ✓ \"key\"".into() };
    let created = s::ClientKeyResponse { client_id: Some("id-1".into()), client_secret: Some("secret ✓".into()) };
    let (got, call) = served.round(R::Ok(created.clone()), client.create_client_key("acct 1", &sent)).await;
    let got = got.unwrap();
    assert_eq!(&got, &created);
    assert_eq!(got.client_secret.as_deref(), Some("secret ✓"));
    let (path, body) = call.args::<(CreateClientKeyPath, s::ClientKeyRequest)>();
    assert_eq!(path.account_id, "acct 1");
    assert_eq!(&sent, body);
    // Absent members of the response stay absent.
    let (got, _) = served.round(R::Ok(s::ClientKeyResponse::default()), client.create_client_key("a", &sent)).await;
    assert_eq!(got.unwrap(), client::models::ClientKeyResponse::default());
    every_error!(served, client.create_client_key("acct", &sent), R, E);
}

async fn get_client_key(served: &Served, client: &Client) {
    use GetClientKeyResponse as R;
    use client::operations::DeclaredErrors as E;

    for key_id in AWKWARD {
        let (got, call) = served.round(R::Ok(key()), client.get_client_key("acct/1", key_id)).await;
        assert_eq!(&got.unwrap(), &key());
        let path = call.args::<GetClientKeyPath>();
        assert_eq!((path.account_id.as_str(), path.key_id.as_str()), ("acct/1", *key_id));
    }
    every_error!(served, client.get_client_key("acct", "k"), R, E);
}

async fn delete_client_key(served: &Served, client: &Client) {
    use DeleteClientKeyResponse as R;
    use client::operations::DeclaredErrors as E;

    // The body is a bare JSON string.
    for message in ["Client key deleted", "", "\"quoted\" ünï\n🦀"] {
        let (got, call) = served.round(R::Ok(message.into()), client.delete_client_key("acct", "k 1")).await;
        assert_eq!(got.unwrap(), message);
        assert_eq!(call.args::<DeleteClientKeyPath>().key_id, "k 1");
    }
    every_error!(served, client.delete_client_key("acct", "k"), R, E);
}

async fn get_users_for_account(served: &Served, client: &Client) {
    use GetUsersForAccountResponse as R;
    use client::operations::DeclaredErrors as E;

    let minimal = s::UserResponse {
        account_id: "acct".into(),
        service_id: None,
        user_id: None,
        is_admin: None,
        is_active: None,
        token: None,
        tags: Some(BTreeMap::new()),
        roles: None,
    };
    let users = vec![user(), minimal];
    let (got, call) = served.round(R::Ok(users.clone()), client.get_users_for_account("acct")).await;
    let got = got.unwrap();
    assert_eq!(&got, &users);
    // An empty map is not an absent one.
    assert_eq!((got[0].tags.as_ref(), got[1].tags.as_ref()), (Some(&tags()), Some(&BTreeMap::new())));
    assert_eq!(got[0].token.as_deref(), Some("tok ünï"));
    assert_eq!(call.args::<GetUsersForAccountPath>().account_id, "acct");
    every_error!(served, client.get_users_for_account("acct"), R, E);
}

fn user_requests() -> Vec<client::models::UserRequest> {
    let full = client::models::UserRequest {
        account_id: "acct".into(),
        user_id: Some("ann+tag@example.com".into()),
        tags: Some(tags()),
        roles: Some(vec!["a".into(), "b/c".into()]),
    };
    let empty = client::models::UserRequest {
        account_id: String::new(),
        user_id: None,
        tags: Some(BTreeMap::new()),
        roles: Some(Vec::new()),
    };
    let absent = client::models::UserRequest { account_id: "x".into(), user_id: None, tags: None, roles: None };
    vec![full, empty, absent]
}

async fn create_user_for_account(served: &Served, client: &Client) {
    use CreateUserForAccountResponse as R;
    use client::operations::DeclaredErrors as E;

    let sents = user_requests();
    for sent in &sents {
        let (got, call) = served.round(R::Ok(user()), client.create_user_for_account("acct", sent)).await;
        assert_eq!(&got.unwrap(), &user());
        let (path, body) = call.args::<(CreateUserForAccountPath, s::UserRequest)>();
        assert_eq!(path.account_id, "acct");
        assert_eq!(sent, body);
    }
    every_error!(served, client.create_user_for_account("acct", &sents[0]), R, E);
}

async fn get_user(served: &Served, client: &Client) {
    use GetUserResponse as R;
    use client::operations::DeclaredErrors as E;

    for user_id in ["ann+tag@example.com"].iter().chain(AWKWARD) {
        let (got, call) = served.round(R::Ok(user()), client.get_user("acct", user_id)).await;
        assert_eq!(&got.unwrap(), &user());
        let path = call.args::<GetUserPath>();
        assert_eq!((path.account_id.as_str(), path.user_id.as_str()), ("acct", *user_id));
    }
    every_error!(served, client.get_user("acct", "u"), R, E);
}

async fn update_user(served: &Served, client: &Client) {
    use UpdateUserResponse as R;
    use client::operations::DeclaredErrors as E;

    // The spec lists `userId` before `accountId`; each lands in its place.
    let sents = user_requests();
    for sent in &sents {
        let (got, call) = served.round(R::Ok(user()), client.update_user("acct ✓", "user/1", sent)).await;
        assert_eq!(&got.unwrap(), &user());
        let (path, body) = call.args::<(UpdateUserPath, s::UserRequest)>();
        assert_eq!((path.account_id.as_str(), path.user_id.as_str()), ("acct ✓", "user/1"));
        assert_eq!(sent, body);
    }
    assert_eq!(served.last_wire().method, "PUT");
    every_error!(served, client.update_user("acct", "u", &sents[0]), R, E);
}
