//! Binary bodies as streams, driven on the wire: the fixture
//! `tests/fixtures/streaming-roundtrip/` has uploads, downloads and an echo
//! of binary bodies and a program that runs the generated client's
//! `_streaming` methods against the generated server.

use std::path::Path;

use oapi_tests::{load_fixture, run_round_trip};

const SPEC: &str = "tests/fixtures/streaming-roundtrip/streaming.yaml";

#[test]
fn binary_bodies_stream_both_ways_on_the_wire() {
    let spec = load_fixture(SPEC);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let stdout = run_round_trip(scratch, &spec, SPEC, "tests/fixtures/streaming-roundtrip/main.rs");
    assert_eq!(stdout, "round trip ok\n");
}
