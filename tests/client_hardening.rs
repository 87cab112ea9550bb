//! The base URL of a generated client: a password in it never shows in
//! `Debug` or in errors, yet still reaches the server; CR, LF and other
//! control characters in it are refused when the client is built, rather
//! than silently dropped by the URL parser.

// Shared with `client_wire`, which uses all of it; this target only part.
#[allow(dead_code)]
#[path = "client_recorder.rs"]
mod recorder;

use std::time::Duration;

use base64::Engine as _;
use katanemo_identity_client::{BuildError, Client, ClientBuilder};
use recorder::{Recorder, Reply};
use serde_json::json;

const PASSWORD: &str = "pa55-w0rd";

/// `base_url` with `alice:PASSWORD@` before its host.
fn with_password(base_url: &str) -> String {
    base_url.replacen("://", &format!("://alice:{PASSWORD}@"), 1)
}

#[test]
fn debug_never_shows_the_password_of_the_base_url() {
    let url = with_password("https://identity.example.com/v1");
    let builder: ClientBuilder = Client::builder().base_url(&url).timeout(Duration::from_secs(1));
    let debug = format!("{builder:?}");
    assert!(!debug.contains(PASSWORD), "{debug}");
    assert!(debug.contains("https://alice:<redacted>@identity.example.com/v1"), "{debug}");
    let client = builder.build().expect("a valid base URL");
    for debug in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!debug.contains(PASSWORD), "{debug}");
        assert!(debug.contains("https://alice:<redacted>@identity.example.com/v1"), "{debug}");
    }
    // The accessor gives the URL requests go to.
    assert_eq!(client.base_url(), url);
    // Nor in the error of a base URL refused for another reason.
    let error = Client::new(with_password("ftp://identity.example.com")).expect_err("not http");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PASSWORD) && shown.contains("alice:<redacted>@"), "{shown}");
}

#[tokio::test]
async fn the_password_of_the_base_url_still_reaches_the_server_and_stays_out_of_errors() {
    let server = Recorder::start().await;
    server.reply(Reply::json(200, json!("Client key deleted")));
    let client = Client::new(with_password(&server.base_url)).expect("a valid base URL");
    client.delete_client_key("acct", "k1").await.expect("deleted");
    let request = server.single();
    assert_eq!(request.target, "/org/acct/key/k1");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("alice:{PASSWORD}"));
    assert_eq!(request.header("authorization"), Some(format!("Basic {basic}").as_str()));

    // A transport error names the URL without the password.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = Client::builder()
        .base_url(with_password(&format!("http://127.0.0.1:{port}")))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a valid base URL");
    let error = client.delete_client_key("acct", "k1").await.expect_err("nothing listens");
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
}

#[test]
fn control_characters_in_the_base_url_are_refused_not_dropped() {
    for url in [
        "https://identity.example.com/v1\r\n",
        "https://identity.example.com/v\r\n1",
        "https://identity.example.com\r\nX-Injected: 1",
        "https://identity.exa\nmple.com/v1",
        "https://identity.example.com/\tv1",
        "https://identity.example.com/v1\0",
        "https://identity.example.com/v1\u{7f}",
        "\nhttps://identity.example.com/v1",
    ] {
        for result in [Client::new(url), Client::builder().base_url(url).build()] {
            let error = result.expect_err(url);
            assert!(matches!(error, BuildError::BaseUrl { .. }), "{url:?}: {error:?}");
            let message = error.to_string();
            assert!(message.contains("control characters"), "{url:?}: {message}");
            // The message stays on one line.
            assert!(!message.contains(['\r', '\n', '\t', '\0']), "{message:?}");
        }
    }
    // Whitespace around the URL, which the parser also drops, is refused too.
    for url in [" https://identity.example.com/v1", "https://identity.example.com/v1 "] {
        let message = Client::new(url).expect_err(url).to_string();
        assert!(message.contains("whitespace"), "{url:?}: {message}");
    }
    // A base URL with a password and CR LF: refused, the password not shown.
    let error = Client::new(with_password("https://identity.example.com/v1\r\n")).expect_err("CR LF");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(PASSWORD) && shown.contains("control characters"), "{shown}");
    // Percent-encoded, the same characters are data, and allowed.
    let client = Client::new("https://identity.example.com/a%0D%0Ab").expect("encoded");
    assert_eq!(client.base_url(), "https://identity.example.com/a%0D%0Ab");
}
