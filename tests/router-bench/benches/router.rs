//! The generated routers against hand-written ones (see the crate's docs),
//! in process: each request goes through the router with `oneshot` on a
//! current-thread runtime, its response body read to the end; the
//! allocations of each are counted too. No network:
//! `tests/router-bench/load` measures the same routers served on 127.0.0.1.
//!
//! `cargo bench -p oapi-router-bench --bench router`

use axum::Router;
use axum::http::StatusCode;
use divan::Bencher;
use http_body_util::BodyExt as _;
use oapi_router_bench::{Case, Kind, Spec};
use tower::ServiceExt as _;

/// Counts allocations, reported per request next to the times.
#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

async fn call(router: &Router, case: &Case) -> StatusCode {
    let response = router.clone().oneshot(case.request()).await.expect("infallible");
    let status = response.status();
    response.into_body().collect().await.expect("a body");
    status
}

fn run(bencher: Bencher, spec: Spec, case: usize, kind: Kind) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let router = spec.router(kind);
    let case = spec.cases()[case];
    let status = runtime.block_on(call(&router, &case));
    assert!(status.is_success(), "{} ({kind:?}) answered {status}", case.name);
    bencher.bench_local(|| runtime.block_on(call(&router, &case)));
}

const KINDS: [Kind; 2] = [Kind::Generated, Kind::Hand];

/// Hypto IAM `getCredential`: three path parameters, two with patterns.
#[divan::bench(args = KINDS)]
fn hypto_get(bencher: Bencher, kind: Kind) {
    run(bencher, Spec::Hypto, 0, kind);
}

/// Hypto IAM `createCredential`: a small JSON body allowing no other members.
#[divan::bench(args = KINDS)]
fn hypto_post(bencher: Bencher, kind: Kind) {
    run(bencher, Spec::Hypto, 1, kind);
}

/// ibl.ai assertions: two path and four query parameters.
#[divan::bench(args = KINDS)]
fn iblai_get(bencher: Bencher, kind: Kind) {
    run(bencher, Spec::Iblai, 0, kind);
}

/// ibl.ai credential creation: a 1 KB JSON body.
#[divan::bench(args = KINDS)]
fn iblai_post(bencher: Bencher, kind: Kind) {
    run(bencher, Spec::Iblai, 1, kind);
}
