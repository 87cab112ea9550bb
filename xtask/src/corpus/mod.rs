//! `cargo xtask corpus`: the generator against real vendors' specs.
//!
//! Fetches the pinned packages (`packages`), generates every spec they
//! hold, each in a child process (`generate`), prints one line per spec
//! and a summary (`report`), then checks and lints a seeded sample of the
//! generated crates (`sample`). It fails on a panic, a crash or a hang, on
//! a diagnostic without a file and a JSON pointer, and on a sampled crate
//! that does not `cargo check`; specs the generator refuses and clippy
//! findings are reported, not failed. See CORPUS.md for the figures.

mod declared;
mod generate;
mod packages;
mod report;
mod sample;

use std::time::{Duration, Instant};

use generate::Status;
use packages::Spec;

pub use generate::one;

/// The command line of `cargo xtask corpus`.
#[derive(Debug)]
struct Options {
    limit: Option<usize>,
    slice: Option<(usize, usize)>,
    only: Vec<String>,
    sample: usize,
    seed: u64,
    jobs: usize,
    timeout: Duration,
}

const USAGE: &str = "usage: cargo xtask corpus [--limit N] [--slice K/N] [--spec ID]... [--sample N] [--seed S] [--jobs N] [--timeout SECS]

  --limit N       at most N specs, taken in turn from each version (2.0, 3.0, 3.1), spread evenly over each
  --slice K/N     part K (1..=N) of the corpus cut in N interleaved parts
  --spec ID       only the spec with this id (e.g. apideck.com/crm); repeatable
  --sample N      check and lint N generated crates, clients and servers drawn with the seed (default 40; 0: none)
  --seed S        the sample's seed (default 1)
  --jobs N        specs generated at once, and cargo's jobs (default: the number of CPUs)
  --timeout SECS  a spec still generating after SECS is killed and counted as a hang (default 300)

Packages are cached in $OAPI_CORPUS_DIR (default ~/.cache/oapi-corpus). Build in release for a full run:
  cargo run --release -p xtask -- corpus";

fn parse(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let mut options = Options {
        limit: None,
        slice: None,
        only: Vec::new(),
        sample: 40,
        seed: 1,
        jobs: cpus,
        timeout: Duration::from_secs(300),
    };
    let mut args = args;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        let number =
            |flag: &str, text: String| text.parse::<u64>().map_err(|_| format!("{flag} takes a number, not {text:?}"));
        match arg.as_str() {
            "--limit" => options.limit = Some(number("--limit", value("--limit")?)? as usize),
            "--sample" => options.sample = number("--sample", value("--sample")?)? as usize,
            "--seed" => options.seed = number("--seed", value("--seed")?)?,
            "--jobs" => options.jobs = (number("--jobs", value("--jobs")?)? as usize).max(1),
            "--timeout" => options.timeout = Duration::from_secs(number("--timeout", value("--timeout")?)?),
            "--spec" => options.only.push(value("--spec")?),
            "--slice" => {
                let text = value("--slice")?;
                let parsed = text.split_once('/').and_then(|(k, n)| Some((k.parse().ok()?, n.parse().ok()?)));
                match parsed {
                    Some((k, n)) if k >= 1 && k <= n => options.slice = Some((k, n)),
                    _ => return Err(format!("--slice takes K/N with 1 <= K <= N, not {text:?}")),
                }
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

/// Run `cargo xtask corpus` with `args`; returns the exit status.
pub fn run(args: impl Iterator<Item = String>) -> u8 {
    let args: Vec<String> = args.collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let options = match parse(args.into_iter()) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return 2;
        }
    };
    match corpus(&options) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}

/// The run; `Ok(false)` when it found what fails it.
fn corpus(options: &Options) -> Result<bool, String> {
    let cache = packages::cache_dir();
    let all = packages::fetch_all(&cache)?;
    let specs = choose(all, options)?;
    let scratch = std::env::temp_dir().join(format!("oapi-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let result = run_in(options, &specs, &scratch, &cache);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn run_in(
    options: &Options,
    specs: &[Spec],
    scratch: &std::path::Path,
    cache: &std::path::Path,
) -> Result<bool, String> {
    let started = Instant::now();
    println!("corpus: {} specs, {} at a time", specs.len(), options.jobs);
    let base = cache.join("unpacked");
    let outcomes = generate::generate_all(specs, options.jobs, options.timeout, (&base, scratch), |i, outcome| {
        println!("{}", report::spec_line(&specs[i], outcome));
    });
    let summary = report::Summary::of(&outcomes);
    println!("{}", summary.line(started.elapsed()));

    let generated: Vec<usize> = (0..specs.len()).filter(|&i| outcomes[i].status == Status::Generated).collect();
    let picks = sample::pick(&generated, options.sample, options.seed);
    let mut check_failures = 0;
    if !picks.is_empty() {
        let started = Instant::now();
        println!(
            "sample: {} crates (seed {}), cargo check and cargo clippy -D warnings each",
            picks.len(),
            options.seed
        );
        let built = sample::build(specs, &picks, scratch, &cache.join("target"), options.jobs, |built| {
            println!("{}", report::built_line(built));
        })?;
        check_failures = built.iter().filter(|b| b.check.is_some()).count();
        println!("{}", report::sample_line(&built, started.elapsed()));
    }
    let passed = summary.fatal() == 0 && check_failures == 0;
    if !passed {
        println!(
            "corpus: FAILED: {} panics, crashes or hangs, {} diagnostics without a file and pointer, {check_failures} sampled crates failing cargo check",
            summary.aborted, summary.unlocated
        );
    }
    Ok(passed)
}

/// The specs of this run, by `--spec`, `--slice` and `--limit`.
fn choose(all: Vec<Spec>, options: &Options) -> Result<Vec<Spec>, String> {
    let mut specs = all;
    if !options.only.is_empty() {
        if let Some(missing) = options.only.iter().find(|id| !specs.iter().any(|s| &s.id == *id)) {
            return Err(format!("no spec with the id {missing:?} in the corpus"));
        }
        specs.retain(|s| options.only.contains(&s.id));
    }
    if let Some((k, n)) = options.slice {
        specs = specs.into_iter().enumerate().filter(|(i, _)| i % n == k - 1).map(|(_, s)| s).collect();
    }
    if let Some(limit) = options.limit {
        specs = spread(specs, limit);
    }
    Ok(specs)
}

/// At most `limit` specs: the versions take turns, and within each version
/// the specs taken are evenly spaced over the sorted list.
fn spread(specs: Vec<Spec>, limit: usize) -> Vec<Spec> {
    let mut groups: std::collections::BTreeMap<&'static str, Vec<Spec>> = Default::default();
    for spec in specs {
        let head = std::fs::read(&spec.path).map(|b| String::from_utf8_lossy(&b[..b.len().min(4096)]).into_owned());
        groups.entry(declared::sniff_version(&head.unwrap_or_default())).or_default().push(spec);
    }
    // How many each version gets: in turns, one at a time.
    let mut quota: Vec<usize> = vec![0; groups.len()];
    let sizes: Vec<usize> = groups.values().map(Vec::len).collect();
    let mut left = limit.min(sizes.iter().sum());
    while left > 0 {
        for (q, size) in quota.iter_mut().zip(&sizes) {
            if left > 0 && *q < *size {
                *q += 1;
                left -= 1;
            }
        }
    }
    let mut chosen: Vec<Spec> = groups
        .into_values()
        .zip(quota)
        .flat_map(|(group, q)| {
            let len = group.len();
            let wanted: Vec<usize> = (0..q).map(|i| i * len / q.max(1)).collect();
            group.into_iter().enumerate().filter(move |(i, _)| wanted.contains(i)).map(|(_, s)| s)
        })
        .collect();
    chosen.sort_by(|a, b| (&a.package, &a.id).cmp(&(&b.package, &b.id)));
    chosen
}
