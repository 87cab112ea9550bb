//! Benchmark of the whole pipeline (load + normalize + emit, client and
//! server crates) per spec, and on a synthetic spec of 1,000 operations and
//! 1,500 schemas built here. Reports the median wall time of several runs
//! and the peak heap use, counted by a wrapping allocator in one more run
//! (counting every allocation on shared counters slows a run on several
//! threads, so the timed runs do not count).
//!
//! `cargo bench -p oapi-generator --bench pipeline`

use std::alloc::{GlobalAlloc, Layout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use generator::emit::{EmitOptions, emit};
use generator::{load, normalize};
use serde_json::{Value, json};

/// Counts heap bytes allocated less bytes freed while [`COUNTING`], and
/// the peak of that.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static NET: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

// SAFETY: defers to the allocator `oapi-gen` uses (mimalloc); only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            PEAK.fetch_max(NET.fetch_add(size, Ordering::Relaxed) + size, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            NET.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Start counting from zero.
fn count_from_zero() {
    NET.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
}

/// The peak so far of the bytes counted, in MiB.
fn peak_mib() -> isize {
    PEAK.load(Ordering::Relaxed) >> 20
}

/// Timed runs per spec (the median is reported); `BENCH_RUNS` sets another odd number.
fn runs() -> usize {
    std::env::var("BENCH_RUNS").ok().and_then(|n| n.parse().ok()).filter(|n| n % 2 == 1).unwrap_or(9)
}

/// Median time of running the pipeline on `text`, the peak heap it adds
/// (counted in one more run) and the number of files it emits.
fn measure(path: &Path, text: &str) -> (Duration, usize, usize) {
    let options = EmitOptions { spec_path: path.display().to_string(), runtime_path: "../../runtime".into() };
    let runs = runs();
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    let mut files = 0;
    // The last run counts the heap; the others are timed.
    for run in 0..=runs {
        let counted = run == runs;
        if counted {
            count_from_zero();
        }
        let start = Instant::now();
        let spec = load::load_str(path, text).expect("spec loads");
        let loaded = start.elapsed();
        let load_peak = peak_mib();
        let (api, _warnings) = normalize::normalize(&spec).expect("spec normalizes");
        let normalized = start.elapsed();
        let normalize_peak = peak_mib();
        // As `generate_with` does: the document's trees go before emitting.
        drop(spec);
        let output = emit(&api, &options).expect("spec emits");
        let elapsed = start.elapsed();
        if std::env::var_os("BENCH_STAGES").is_some() {
            let stages =
                format!("load {loaded:?}, normalize {:?}, emit {:?}", normalized - loaded, elapsed - normalized);
            if counted {
                let emit_peak = peak_mib();
                eprintln!(
                    "  counted run: heap peak after load {load_peak} MiB, normalize {normalize_peak} MiB, emit {emit_peak} MiB ({stages})"
                );
            } else {
                eprintln!("  {stages}");
            }
        }
        files = output.files.len();
        drop((api, output));
        if counted {
            COUNTING.store(false, Ordering::Relaxed);
            peak = usize::try_from(PEAK.load(Ordering::Relaxed)).unwrap_or(0);
        } else {
            times.push(elapsed);
        }
    }
    times.sort();
    (times[runs / 2], peak, files)
}

/// A spec with `operations` operations over `schemas` schemas, exercising
/// every kind of type: formats, enums, nested objects, arrays, maps, refs,
/// allOf and oneOf.
fn synthetic(operations: usize, schemas: usize) -> String {
    let mut components = serde_json::Map::new();
    for i in 0..schemas {
        let next = format!("#/components/schemas/Model{}", (i + 1) % schemas);
        // An object model of the same block of five, for allOf to merge.
        let object = format!("#/components/schemas/Model{}", (i / 5 * 5 + 3) % schemas);
        let schema = match i % 5 {
            0 => json!({"type": "string", "enum": ["alpha", "beta", "user:read-write", "*"]}),
            1 => json!({"allOf": [{"$ref": object}, {"type": "object", "properties": {"extra": {"type": "integer"}}}]}),
            2 => json!({"oneOf": [{"$ref": next}, {"type": "string"}]}),
            _ => json!({
                "type": "object",
                "description": format!("Model number {i}."),
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string", "maxLength": 64, "pattern": "^[a-z]+$"},
                    "created": {"type": "string", "format": "date-time", "readOnly": true},
                    "count": {"type": "integer", "format": "int32", "minimum": 0},
                    "ratio": {"type": "number", "nullable": true},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "next": {"$ref": next},
                    "inline": {"type": "object", "properties": {"a": {"type": "boolean"}, "b": {"type": "string", "enum": ["x", "y"]}}},
                },
            }),
        };
        components.insert(format!("Model{i}"), schema);
    }
    let object_models: Vec<usize> = (0..schemas).filter(|i| i % 5 >= 3).collect();
    let mut paths = serde_json::Map::new();
    for i in 0..operations {
        let model = format!("#/components/schemas/Model{}", object_models[i % object_models.len()]);
        let path = format!("/resources{}/{{id}}/items/", i / 2);
        let (method, body) = if i % 2 == 0 {
            ("get", Value::Null)
        } else {
            (
                "post",
                json!({"required": true, "content": {
                    "application/json": {"schema": {"$ref": model}},
                    "application/x-www-form-urlencoded": {"schema": {"$ref": model}},
                }}),
            )
        };
        let mut operation = json!({
            "operationId": format!("operation{i}"),
            "summary": format!("Operation {i}."),
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "filter", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": model}}}},
                "404": {"description": "missing"},
                "default": {"description": "error", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}},
            },
        });
        if !body.is_null() {
            operation["requestBody"] = body;
        }
        paths
            .entry(path)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("object")
            .insert(method.into(), operation);
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://example.invalid/v1"}],
        "components": {"schemas": components, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": paths,
    });
    serde_yaml::to_string(&document).expect("serializable")
}

fn report(name: &str, bytes: usize, (time, peak, files): (Duration, usize, usize)) {
    println!(
        "{name:<28} {:>8.1} KiB spec  {:>9.2} ms  {:>8.1} MiB peak heap  {files:>4} files",
        bytes as f64 / 1024.0,
        time.as_secs_f64() * 1e3,
        peak as f64 / (1024.0 * 1024.0)
    );
}

fn main() {
    // `cargo bench` passes `--bench`; filters are not supported.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf();
    let mut specs: Vec<PathBuf> =
        std::fs::read_dir(root.join("specs")).expect("specs/").map(|e| e.expect("entry").path()).collect();
    specs.sort();
    println!("median of {} runs, load + normalize + emit (client and server crates)", runs());
    let mut total = Duration::ZERO;
    for path in &specs {
        let text = std::fs::read_to_string(path).expect("readable spec");
        let result = measure(path, &text);
        total += result.0;
        report(&path.file_name().expect("name").to_string_lossy(), text.len(), result);
    }
    println!("{:<28} {:>22.2} ms  (target: under 100 ms)", "all four specs", total.as_secs_f64() * 1e3);

    let mut previous: Option<Duration> = None;
    // `BENCH_MAX_OPERATIONS` stops the doubling earlier (the 4,000 one takes a while).
    let max: usize = std::env::var("BENCH_MAX_OPERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(4000);
    for operations in [250, 500, 1000, 2000, 4000].into_iter().filter(|&n| n <= max) {
        let schemas = operations * 3 / 2;
        let text = synthetic(operations, schemas);
        let name = format!("synthetic {operations} ops/{schemas} schemas");
        // To profile a size with other tools: `BENCH_SAVE_SYNTHETIC=dir` writes each spec there.
        if let Some(dir) = std::env::var_os("BENCH_SAVE_SYNTHETIC") {
            let path = Path::new(&dir).join(format!("synthetic-{operations}.yaml"));
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let result = measure(Path::new("synthetic.yaml"), &text);
        report(&name, text.len(), result);
        if let Some(previous) = previous {
            println!("{:<28} ×{:.2} for twice the spec", "", result.0.as_secs_f64() / previous.as_secs_f64());
        }
        previous = Some(result.0);
    }
    println!("(targets: 1000/1500 under 1 s and under 300 MiB; at most ×2.1 per doubling)");

    // Real specs too large to commit, fetched by `.ci/bench-specs` (GitHub's REST API, pinned).
    let extra = std::env::var("OAPI_BENCH_SPECS").unwrap_or_default();
    for path in extra.split(':').filter(|p| !p.is_empty()).map(Path::new) {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        report(&path.file_name().expect("name").to_string_lossy(), text.len(), measure(path, &text));
    }
}
