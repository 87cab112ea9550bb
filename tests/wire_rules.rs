//! What travels on the wire as the spec says, from generated client to
//! generated server (`tests/fixtures/valid/wire-rules.yaml`, driven by
//! `tests/fixtures/wire-rules-roundtrip/main.rs`): array items holding
//! their own delimiters in every location and style, percent-encoded
//! cookies, and the validation keywords the server enforces (inline item
//! constraints, `email`/`uri`/`ipv4`/`ipv6`/`hostname`, `minProperties`
//! and `maxProperties`). The fixture's crates are also linted by
//! `fixtures_compile`, and its mock examples checked by the generator's
//! property test.

use std::path::Path;

use oapi_tests::{load_fixture, run_round_trip};

const FIXTURE: &str = "tests/fixtures/valid/wire-rules.yaml";

#[test]
fn the_generated_client_and_server_agree_on_the_wire_and_the_rules() {
    let spec = load_fixture(FIXTURE);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stdout = run_round_trip(scratch, &spec, FIXTURE, "tests/fixtures/wire-rules-roundtrip/main.rs");
    assert_eq!(stdout, "round trip ok\n");
}
