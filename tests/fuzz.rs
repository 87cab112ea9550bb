//! A seeded structural fuzzer over every spec and fixture: each case
//! applies one to three mutations to a document (non-finite numbers,
//! values of the wrong kind, dangling and self references, unions that
//! list themselves, long alias chains, deep nesting, huge strings and
//! patterns, names that collide after case conversion, deleted nodes) and
//! runs the whole pipeline on it. Every case must end in output or in
//! located diagnostics, without a panic and within a bound on CPU work.
//!
//! CI runs a bounded slice; a longer run is one command:
//! `FUZZ_CASES=10000 cargo test --release -p oapi-tests --test fuzz -- --nocapture`
//! (`FUZZ_SEED` picks another deterministic sequence). It prints its figures.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Duration;

use oapi_tests::{node_paths, run_pipeline, spec_paths, thread_cpu_time, workspace_root};
use serde_yaml::{Mapping, Value};

/// Cases per run unless `FUZZ_CASES` says otherwise: a slice CI can afford.
const DEFAULT_CASES: usize = 120;

/// The most CPU time one case may take (debug builds included).
const CPU_BOUND: Duration = Duration::from_secs(5);

/// SplitMix64: a small deterministic generator, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The documents mutated: the specs and the valid fixtures.
fn corpus() -> Vec<(PathBuf, Value)> {
    let fixtures = std::fs::read_dir(workspace_root().join("tests/fixtures/valid"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path());
    let mut paths: Vec<PathBuf> = spec_paths().into_iter().chain(fixtures).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            // The generator's own reader: it holds every number a spec can.
            let root = generator::diagnostics::Location::root(&path);
            let value = generator::load::parse_tree(&root, &text).unwrap_or_else(|e| panic!("{e}"));
            (path, value)
        })
        .collect()
}

fn node_mut<'a>(value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |node, key| match node {
        Value::Sequence(items) => items.get_mut(key.as_u64()? as usize),
        other => other.get_mut(key),
    })
}

fn schema_names(document: &Value) -> Vec<String> {
    document
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|m| m.keys().filter_map(|k| k.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn schema_ref(name: &str) -> Value {
    let mut map = Mapping::new();
    map.insert("$ref".into(), format!("#/components/schemas/{name}").into());
    Value::Mapping(map)
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("mutation value")
}

/// The kinds of mutation, each applied at a random place.
const MUTATIONS: usize = 9;

/// Apply one random mutation to `document`; returns its description, and
/// text to splice in place of a marker string (for nesting no YAML value
/// can carry).
fn mutate(rng: &mut Rng, document: &mut Value) -> (String, Option<(String, String)>) {
    let mut paths = Vec::new();
    node_paths(document, &mut Vec::new(), &mut paths);
    let path = rng.pick(&paths[1..]).clone();
    let schemas = schema_names(document);
    match rng.below(MUTATIONS) {
        0 => {
            let value = rng.pick(&[".nan", ".inf", "-.inf"]);
            if let Some(node) = node_mut(document, &path) {
                *node = yaml(value);
            }
            (format!("{path:?} = {value}"), None)
        }
        1 => {
            let value = rng.pick(&["~", "0", "-1", "1e300", "'x'", "[]", "{}", "true", "18446744073709551616"]);
            // An integer past 64 bits, which no YAML value here holds, is spliced in as text.
            let (replacement, splice) = match serde_yaml::from_str::<Value>(value) {
                Ok(parsed) => (parsed, None),
                Err(_) => (Value::from("FUZZ_BIG"), Some(("FUZZ_BIG".to_owned(), (*value).to_owned()))),
            };
            if let Some(node) = node_mut(document, &path) {
                *node = replacement;
            }
            (format!("{path:?} = {value}"), splice)
        }
        2 => {
            // A reference: dangling, to a random schema, or to itself.
            let target =
                if schemas.is_empty() || rng.below(3) == 0 { "Nope".to_owned() } else { rng.pick(&schemas).clone() };
            if let Some(node) = node_mut(document, &path) {
                *node = schema_ref(&target);
            }
            (format!("{path:?} = $ref {target}"), None)
        }
        3 if !schemas.is_empty() => {
            // A discriminated union that lists itself.
            let name = rng.pick(&schemas).clone();
            let other = rng.pick(&schemas).clone();
            let union = Value::Mapping(Mapping::from_iter([
                ("oneOf".into(), Value::Sequence(vec![schema_ref(&name), schema_ref(&other)])),
                ("discriminator".into(), yaml("{propertyName: kind}")),
            ]));
            document["components"]["schemas"][name.as_str()] = union;
            (format!("{name} = oneOf [{name}, {other}]"), None)
        }
        4 if !schemas.is_empty() => {
            // A chain of aliases ending at a schema, used somewhere.
            let end = rng.pick(&schemas).clone();
            let length = 1 + rng.below(2000);
            let table = document["components"]["schemas"].as_mapping_mut().expect("schemas");
            for i in 0..length {
                let next = if i + 1 == length { end.clone() } else { format!("FuzzAlias{}", i + 1) };
                table.insert(format!("FuzzAlias{i}").into(), schema_ref(&next));
            }
            if let Some(node) = node_mut(document, &path) {
                *node = schema_ref("FuzzAlias0");
            }
            (format!("{path:?} = chain of {length} aliases to {end}"), None)
        }
        5 => {
            // Deep flow nesting, spliced in as text.
            let depth = 1 + rng.below(3000);
            if let Some(node) = node_mut(document, &path) {
                *node = "FUZZ_NESTING".into();
            }
            let nesting = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            (format!("{path:?} = {depth} nested lists"), Some(("FUZZ_NESTING".to_owned(), nesting)))
        }
        6 => {
            // A huge string, or a huge pattern beside it.
            let size = 1 + rng.below(200_000);
            let text: String = rng.pick(&["a", "😀", "[", "\\u0000"]).repeat(size);
            if let Some(node) = node_mut(document, &path) {
                if rng.below(2) == 0
                    && let Value::Mapping(map) = node
                {
                    map.insert("pattern".into(), text.into());
                } else {
                    *node = text.into();
                }
            }
            (format!("{path:?}: a string of {size} characters"), None)
        }
        7 => {
            // A key renamed to one that collides after case conversion with a sibling.
            let (Some((key, parent)), true) = (path.split_last(), path.len() > 1) else {
                return ("nothing".into(), None);
            };
            if let Some(Value::Mapping(map)) = node_mut(document, parent)
                && let (Some(old), Some(text)) = (map.remove(key), key.as_str())
            {
                let renamed =
                    rng.pick(&[text.to_uppercase(), text.replace('_', "-"), format!("{text}_"), "3D".into()]).clone();
                map.insert(key.clone(), old.clone());
                map.insert(renamed.clone().into(), old);
                return (format!("{path:?}: sibling {renamed:?}"), None);
            }
            (format!("{path:?}: not renamed"), None)
        }
        _ => {
            // A node removed.
            if let Some((key, parent)) = path.split_last()
                && let Some(node) = node_mut(document, parent)
            {
                match node {
                    Value::Mapping(map) => drop(map.remove(key)),
                    Value::Sequence(items) => {
                        let i = key.as_u64().unwrap_or(0) as usize;
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
            (format!("{path:?} removed"), None)
        }
    }
}

/// What went wrong in one case, if anything.
enum Finding {
    Panic,
    Slow(Duration),
    Unlocated(String),
}

fn run_case(text: &str) -> (Option<Finding>, bool) {
    // The default hook would print every caught panic; the findings are listed at the end.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let start = thread_cpu_time();
    let outcome = catch_unwind(AssertUnwindSafe(|| run_pipeline("specs/fuzz.yaml", text)));
    std::panic::set_hook(hook);
    let spent = thread_cpu_time() - start;
    let Ok(result) = outcome else { return (Some(Finding::Panic), false) };
    if spent > CPU_BOUND {
        return (Some(Finding::Slow(spent)), result.is_ok());
    }
    let diagnostics = match &result {
        Ok(generated) => generated.warnings.clone(),
        Err(errors) => errors.clone(),
    };
    // A diagnostic of the whole document must say where in it (a line), or
    // which top-level field it lacks.
    let unlocated = diagnostics.iter().find(|d| {
        d.location.file.as_os_str().is_empty()
            || (d.location.pointer.is_empty() && !d.message.contains("line ") && !d.message.contains(" field"))
    });
    (unlocated.map(|d| Finding::Unlocated(d.to_string())), result.is_ok())
}

#[test]
fn no_mutant_panics_hangs_or_loses_its_location() {
    let cases = env_number("FUZZ_CASES", DEFAULT_CASES as u64) as usize;
    let seed = env_number("FUZZ_SEED", 20_261_127);
    let mut rng = Rng(seed);
    let corpus = corpus();
    let (mut findings, mut generated, mut slowest) = (Vec::new(), 0usize, Duration::ZERO);
    for case in 0..cases {
        let (path, original) = rng.pick(&corpus);
        let mut document = original.clone();
        let mut described = Vec::new();
        let mut splices = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (description, splice) = mutate(&mut rng, &mut document);
            described.push(description);
            splices.extend(splice);
        }
        let mut text = serde_yaml::to_string(&document).expect("serializable");
        for (marker, replacement) in &splices {
            text = text.replacen(marker, replacement, 1);
        }
        let start = thread_cpu_time();
        let (finding, ok) = run_case(&text);
        slowest = slowest.max(thread_cpu_time() - start);
        generated += usize::from(ok);
        if let Some(finding) = finding {
            let what = match finding {
                Finding::Panic => "panic".to_owned(),
                Finding::Slow(spent) => format!("{spent:?} of CPU time"),
                Finding::Unlocated(d) => format!("diagnostic without a location: {d}"),
            };
            findings.push(format!("case {case} ({}): {what}: {}", path.display(), described.join("; ")));
        }
    }
    println!(
        "fuzz: seed {seed}, {cases} cases: {generated} generated, {} refused with located errors, {} findings \
         (panics, cases over {CPU_BOUND:?} of CPU, unlocated diagnostics); slowest case {slowest:?}",
        cases - generated,
        findings.len()
    );
    assert!(findings.is_empty(), "{} findings:\n{}", findings.len(), findings.join("\n"));
}
