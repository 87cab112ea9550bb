//! What the generated crates say beyond plain bodies (issue-by-issue
//! fidelity to the spec), driven on the wire: the fixture
//! `tests/fixtures/fidelity-roundtrip/` has an operation per feature and a
//! program that runs the generated client against the generated server.

use std::path::Path;

use oapi_tests::{load_fixture, run_round_trip};

const SPEC: &str = "tests/fixtures/fidelity-roundtrip/fidelity.yaml";

#[test]
fn the_generated_client_and_server_agree_on_the_wire() {
    let spec = load_fixture(SPEC);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stdout = run_round_trip(scratch, &spec, SPEC, "tests/fixtures/fidelity-roundtrip/main.rs");
    assert_eq!(stdout, "round trip ok\n");
}
