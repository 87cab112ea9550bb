//! `cargo xtask gen`: regenerate the crates under `generated/` from the
//! specs under `specs/`, or check that they are up to date. The binary is a
//! thin wrapper around [`run`], which tests call directly.

pub mod sync;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use generator::emit::{EmitOptions, GeneratedFile};
use generator::naming::{api_name_problem, crate_name};
use generator::{GenerateError, generate_named};

const USAGE: &str = "\
usage: cargo xtask gen [--check] [--spec NAME [--name API]] [--specs DIR] [--out DIR]

  --check       write nothing; list stale, missing and obsolete files and exit 1 if there are any
  --spec NAME   only the spec NAME (file stem, e.g. hypto-iam)
  --name API    with --spec: name the API (and its crates API-client, API-server) API instead of NAME
  --specs DIR   where the specs are (default: specs/ at the workspace root)
  --out DIR     where the crates go (default: generated/ at the workspace root)";

/// Parsed command line.
#[derive(Debug)]
struct Args {
    check: bool,
    spec: Option<String>,
    name: Option<String>,
    specs_dir: PathBuf,
    out_dir: PathBuf,
}

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: a spec failed, or `--check` found stale files.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: the command line was wrong.
pub const EXIT_USAGE: u8 = 2;

/// Run `cargo xtask` with `args` (without the program name), printing to
/// `out` and `err`; returns the exit status.
pub fn run(args: impl IntoIterator<Item = String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let args = match parse_args(args.into_iter()) {
        Ok(args) => args,
        Err(message) => {
            let _ = writeln!(err, "error: {message}\n\n{USAGE}");
            return EXIT_USAGE;
        }
    };
    match generate_all(&args, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            EXIT_FAILED
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf()
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("gen") => {}
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("expected a command".into()),
    }
    let root = workspace_root();
    let mut parsed =
        Args { check: false, spec: None, name: None, specs_dir: root.join("specs"), out_dir: root.join("generated") };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(value("--spec")?),
            "--name" => parsed.name = Some(value("--name")?),
            "--specs" => parsed.specs_dir = value("--specs")?.into(),
            "--out" => parsed.out_dir = value("--out")?.into(),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if parsed.name.is_some() && parsed.spec.is_none() {
        return Err("--name names one API: give its spec with --spec".into());
    }
    Ok(parsed)
}

/// Spec files in `dir`, sorted by name.
fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("error: cannot read the specs directory {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    specs.sort();
    Ok(specs)
}

/// An error for each spec whose crates would have the same names as an
/// earlier spec's (`a-b.yaml` and `a_b.yaml` both give `a-b-client`): one
/// would silently replace the other.
fn crate_name_collisions(specs: &[PathBuf]) -> Vec<String> {
    let mut first: BTreeMap<String, &Path> = BTreeMap::new();
    let mut errors = Vec::new();
    for spec in specs {
        // Names that cannot name crates are reported by the generator.
        let Some(stem) = spec.file_stem().and_then(|s| s.to_str()).filter(|s| api_name_problem(s).is_none()) else {
            continue;
        };
        let name = crate_name(stem);
        match first.get(&name) {
            Some(earlier) => errors.push(format!(
                "error: {} and {} would both generate the crates {name}-client and {name}-server: rename one of them",
                display_path(earlier),
                display_path(spec)
            )),
            None => {
                first.insert(name, spec);
            }
        }
    }
    errors
}

/// How a spec is named in generated files: relative to the workspace root
/// when it is inside it, so output does not depend on where the repo lives.
fn display_path(path: &Path) -> String {
    let root = workspace_root();
    let shown = path.strip_prefix(&root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

fn generate_all(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let mut specs = spec_files(&args.specs_dir)?;
    if let Some(name) = &args.spec {
        specs.retain(|p| p.file_stem().and_then(|s| s.to_str()) == Some(name.as_str()));
        if specs.is_empty() {
            return Err(format!("error: no spec named {name:?} in {}", args.specs_dir.display()));
        }
    }
    if specs.is_empty() {
        return Err(format!("error: no specs (*.yaml, *.yml, *.json) in {}", args.specs_dir.display()));
    }

    // Generate everything before touching the disk: one bad spec writes nothing.
    let mut files: Vec<GeneratedFile> = Vec::new();
    let mut failures = crate_name_collisions(&specs);
    for spec in &specs {
        let options = EmitOptions { spec_path: display_path(spec), runtime_path: "../../runtime".into() };
        match generate_named(spec, args.name.as_deref(), &options) {
            Ok(generated) => {
                generated.warnings.iter().for_each(|w| {
                    let _ = writeln!(err, "{w}");
                });
                files.extend(generated.files);
            }
            Err(GenerateError::Spec(e)) => failures.push(e.to_string()),
            Err(e @ GenerateError::Emit(_)) => failures.push(format!("error: {e}")),
        }
    }
    if !failures.is_empty() {
        for failure in &failures {
            let _ = writeln!(err, "{failure}");
        }
        let _ = writeln!(err, "{} of {} specs failed; nothing was written", failures.len(), specs.len());
        return Ok(EXIT_FAILED);
    }

    // Only the crates of the selected specs are ours to prune with --spec.
    let scope = args.spec.as_ref().map(|_| sync::crate_dirs(&files));
    let plan = sync::plan(&args.out_dir, &files, scope.as_deref()).map_err(|e| format!("error: {e}"))?;
    if args.check {
        if plan.is_clean() {
            let _ = writeln!(out, "generated/ is up to date ({} files)", plan.unchanged);
            return Ok(EXIT_OK);
        }
        for change in plan.changes() {
            let _ = writeln!(out, "{change}");
        }
        let _ = writeln!(out, "generated/ is out of date: run `cargo xtask gen`");
        return Ok(EXIT_FAILED);
    }
    let report = sync::apply(&args.out_dir, &plan).map_err(|e| format!("error: {e}"))?;
    for line in report.crate_lines() {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", report.summary(specs.len()));
    Ok(EXIT_OK)
}
