//! Serve one router on 127.0.0.1 for load tests (`tests/router-bench/load`), on
//! one thread so that its CPU time is the router's and its connections':
//!
//! - `router-serve <generated|hand> <hypto|iblai> <port>` serves;
//! - `router-serve cases <hypto|iblai>` prints the benchmarked requests,
//!   one a line: name, method, path and query, `Authorization`, body
//!   (empty for none), tab-separated.

use oapi_router_bench::{Kind, Spec};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["cases", spec] => {
            for case in spec_named(spec).cases() {
                let body = case.body.unwrap_or_default();
                println!("{}\t{}\t{}\t{}\t{body}", case.name, case.method, case.uri, case.authorization);
            }
        }
        [kind, spec, port] => {
            let kind = match *kind {
                "generated" => Kind::Generated,
                "hand" => Kind::Hand,
                _ => usage(),
            };
            let spec = spec_named(spec);
            let Ok(port) = port.parse::<u16>() else { usage() };
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async {
                let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("the port is free");
                axum::serve(listener, spec.router(kind)).await.expect("serving");
            });
        }
        _ => usage(),
    }
}

fn spec_named(name: &str) -> Spec {
    match name {
        "hypto" => Spec::Hypto,
        "iblai" => Spec::Iblai,
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: router-serve <generated|hand> <hypto|iblai> <port> | router-serve cases <hypto|iblai>");
    std::process::exit(2)
}
