//! The command line around the pipeline, shared by `cargo xtask gen` (this
//! workspace's entry) and the installable `oapi-gen` binary: pick the specs,
//! generate them all before touching the disk, then write (or check) the
//! output directory.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

mod flags;
mod warnings;

use crate::emit::{EmitOptions, GeneratedFile, runtime};
use crate::naming::{api_name_problem, crate_name};
use crate::options::Options;
use crate::{GenerateError, config, generate_with, write};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: a spec failed, or `--check` found stale files.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: the command line was wrong.
pub const EXIT_USAGE: u8 = 2;

/// What differs between the commands that run the generator.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The command as users type it, for usage and hints (`cargo xtask gen`).
    pub command: String,
    /// Where the specs are without `--specs`.
    pub specs_dir: PathBuf,
    /// Where the crates go without `--out`.
    pub out_dir: PathBuf,
    /// Spec paths in generated files are shown relative to this directory
    /// when they are inside it, so output does not depend on where it lives.
    pub display_root: PathBuf,
    /// An output directory whose crates depend on a runtime crate already
    /// there, and the path to it from a crate's directory; any other output
    /// directory gets its own copy of the runtime.
    pub runtime_in_place: Option<(PathBuf, String)>,
}

/// Which `oapi-runtime` the generated crates depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RuntimeChoice {
    /// Decided by the output directory (see [`Defaults::runtime_in_place`]).
    Default,
    /// A copy written next to the crates, as `oapi-runtime/`.
    Vendored,
    /// An existing runtime crate, at this path from each crate's directory.
    Path(String),
}

/// Parsed command line.
#[derive(Debug)]
struct Args {
    check: bool,
    all_warnings: bool,
    specs: Vec<String>,
    name: Option<String>,
    specs_dir: PathBuf,
    out_dir: PathBuf,
    runtime: RuntimeChoice,
    /// The spec options given here, laid over each spec's config file.
    flags: flags::Flags,
}

fn usage(defaults: &Defaults) -> String {
    format!(
        "usage: {} [--check] [--spec SPEC]... [--name API] [--specs DIR] [--out DIR] [--runtime vendored|path:DIR] [--all-warnings] [OPTIONS]

  --check             write nothing; list stale, missing and obsolete files and exit 1 if there are any
  --spec SPEC         only this spec: a file, or the name of one in the specs directory (e.g. hypto-iam); repeatable
  --name API          with one --spec: name the API (and its crates API-models, API-client, API-server) API
  --specs DIR         where the specs are (default: {})
  --out DIR           where the crates go (default: {})
  --runtime vendored  write a copy of the runtime crate, oapi-runtime {}, next to the crates (oapi-runtime/)
  --runtime path:DIR  depend on the runtime crate at DIR (relative to each crate's directory)
  --all-warnings      print a warning at every place it applies (by default at its first 3, then a count)

Options of the generated crates, also read from each spec's config file beside it (specs/NAME.toml for
specs/NAME.yaml; these flags win over it):
{}",
        defaults.command,
        defaults.specs_dir.display(),
        defaults.out_dir.display(),
        runtime::VERSION,
        flags::USAGE,
    )
}

/// Run the command with `args` (after the command itself), printing to
/// `out` and `err`; returns the exit status.
pub fn run(
    defaults: &Defaults,
    args: impl IntoIterator<Item = String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let args: Vec<String> = args.into_iter().collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        let _ = writeln!(out, "{}", usage(defaults));
        return EXIT_OK;
    }
    let args = match parse_args(defaults, args.into_iter()) {
        Ok(args) => args,
        Err(message) => {
            let _ = writeln!(err, "error: {message}\n\n{}", usage(defaults));
            return EXIT_USAGE;
        }
    };
    match generate_all(defaults, &args, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            EXIT_FAILED
        }
    }
}

fn parse_args(defaults: &Defaults, mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        check: false,
        all_warnings: false,
        specs: Vec::new(),
        name: None,
        specs_dir: defaults.specs_dir.clone(),
        out_dir: defaults.out_dir.clone(),
        runtime: RuntimeChoice::Default,
        flags: flags::Flags::default(),
    };
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--all-warnings" => parsed.all_warnings = true,
            "--spec" => parsed.specs.push(value("--spec")?),
            "--name" => parsed.name = Some(value("--name")?),
            "--specs" => parsed.specs_dir = value("--specs")?.into(),
            "--out" => parsed.out_dir = value("--out")?.into(),
            "--runtime" => {
                let choice = value("--runtime")?;
                parsed.runtime = match choice.strip_prefix("path:") {
                    _ if choice == "vendored" => RuntimeChoice::Vendored,
                    Some(path) if !path.is_empty() => RuntimeChoice::Path(path.to_owned()),
                    _ => return Err(format!("--runtime takes `vendored` or `path:DIR`, not {choice:?}")),
                };
            }
            other => {
                if !parsed.flags.take(other, &mut value)? {
                    return Err(format!("unknown argument {other:?}"));
                }
            }
        }
    }
    if parsed.name.is_some() && parsed.specs.len() != 1 {
        return Err("--name names one API: give its spec with one --spec".into());
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

/// The specs to generate: those named with `--spec` (files, or names of
/// specs in the specs directory), else every spec in the directory.
fn selected_specs(args: &Args) -> Result<Vec<PathBuf>, String> {
    if args.specs.is_empty() {
        let specs = spec_files(&args.specs_dir)?;
        if specs.is_empty() {
            return Err(format!("error: no specs (*.yaml, *.yml, *.json) in {}", args.specs_dir.display()));
        }
        return Ok(specs);
    }
    let mut in_dir: Option<Vec<PathBuf>> = None;
    let mut selected = Vec::new();
    for spec in &args.specs {
        let as_file = Path::new(spec);
        if as_file.is_file() {
            selected.push(as_file.to_path_buf());
            continue;
        }
        let candidates = match &mut in_dir {
            Some(found) => found,
            None => in_dir.insert(spec_files(&args.specs_dir)?),
        };
        match candidates.iter().find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(spec.as_str())) {
            Some(found) => selected.push(found.clone()),
            None => return Err(format!("error: no spec named {spec:?} in {}", args.specs_dir.display())),
        }
    }
    Ok(selected)
}

/// An error for each spec whose crates would have the same names as an
/// earlier spec's (`a-b.yaml` and `a_b.yaml` both give `a-b-client`): one
/// would silently replace the other. `named` pairs each spec with its
/// API's name (from the options, else the file stem).
fn crate_name_collisions(named: &[(&Path, String)], shown: &impl Fn(&Path) -> String) -> Vec<String> {
    let mut first: BTreeMap<String, &Path> = BTreeMap::new();
    let mut errors = Vec::new();
    for (spec, name) in named {
        // Names that cannot name crates are reported by the generator.
        if api_name_problem(name).is_some() {
            continue;
        }
        let name = crate_name(name);
        match first.get(&name) {
            Some(earlier) => errors.push(format!(
                "error: {} and {} would both generate the crates {name}-models, {name}-client and {name}-server: rename one of them",
                shown(earlier),
                shown(spec)
            )),
            None => {
                first.insert(name, spec);
            }
        }
    }
    errors
}

/// Each spec's options: its config file, the command line over it.
fn spec_options(args: &Args, spec: &Path, shown: &impl Fn(&Path) -> String) -> Result<Options, String> {
    let mut options = args.flags.over(config::load_beside(spec, &shown(&config::path_beside(spec)))?);
    if let Some(name) = &args.name {
        options.name = Some(name.clone());
    }
    Ok(options)
}

/// Config files in the specs directory whose spec is missing: a warning
/// each, since nothing reads them.
fn orphan_configs(dir: &Path, specs: &[PathBuf], shown: &impl Fn(&Path) -> String) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut orphans: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !specs.iter().any(|spec| config::path_beside(spec) == *p))
        .map(|p| format!("warning: {}: no spec beside it with its name (.yaml, .yml or .json): not read", shown(&p)))
        .collect();
    orphans.sort();
    orphans
}

/// The runtime dependency of the generated crates, and the runtime's files
/// when they are written with them.
fn runtime_for(defaults: &Defaults, args: &Args) -> (String, Vec<GeneratedFile>) {
    let in_place = defaults.runtime_in_place.as_ref().filter(|(dir, _)| same_dir(dir, &args.out_dir));
    match (&args.runtime, in_place) {
        (RuntimeChoice::Path(path), _) => (path.clone(), Vec::new()),
        (RuntimeChoice::Default, Some((_, path))) => (path.clone(), Vec::new()),
        (RuntimeChoice::Default | RuntimeChoice::Vendored, _) => {
            (format!("../{}", runtime::DIR), runtime::vendored_files(&defaults.command))
        }
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn generate_all(defaults: &Defaults, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, String> {
    let specs = selected_specs(args)?;
    let shown = |path: &Path| {
        let shown = path.strip_prefix(&defaults.display_root).unwrap_or(path);
        shown.to_string_lossy().replace('\\', "/")
    };
    let (runtime_path, runtime_files) = runtime_for(defaults, args);

    if args.specs.is_empty() {
        for warning in orphan_configs(&args.specs_dir, &specs, &shown) {
            let _ = writeln!(err, "{warning}");
        }
    }

    // Generate everything before touching the disk: one bad spec writes nothing.
    let mut files: Vec<GeneratedFile> = runtime_files;
    let mut failures = Vec::new();
    let mut chosen = Vec::new();
    for spec in &specs {
        match spec_options(args, spec, &shown) {
            Ok(options) => chosen.push((spec.as_path(), options)),
            Err(e) => failures.push(e),
        }
    }
    let named: Vec<(&Path, String)> = chosen
        .iter()
        .filter_map(|(spec, options)| {
            let stem = spec.file_stem().and_then(|s| s.to_str());
            options.name.as_deref().or(stem).map(|name| (*spec, name.to_owned()))
        })
        .collect();
    failures.extend(crate_name_collisions(&named, &shown));
    let generated = crate::parallel::map(&chosen, |(spec, options)| {
        let emit = EmitOptions { spec_path: shown(spec), runtime_path: runtime_path.clone() };
        generate_with(spec, options, &emit)
    });
    for generated in generated {
        match generated {
            Ok(generated) => {
                warnings::print(err, &generated.warnings, args.all_warnings);
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

    // Only the crates of the selected specs are ours to prune with --spec:
    // all three of each, so a crate no longer chosen goes.
    let scope = (!args.specs.is_empty()).then(|| {
        let crates = named
            .iter()
            .flat_map(|(_, name)| ["models", "client", "server"].map(|kind| crate_name(&format!("{name}-{kind}"))));
        let mut scope = write::crate_dirs(&files);
        scope.extend(crates);
        scope
    });
    let plan = write::plan(&args.out_dir, &files, scope.as_deref()).map_err(|e| format!("error: {e}"))?;
    let out_name = match args.out_dir.file_name() {
        Some(name) => format!("{}/", name.to_string_lossy()),
        None => shown(&args.out_dir),
    };
    if args.check {
        if plan.is_clean() {
            let _ = writeln!(out, "{out_name} is up to date ({} files)", plan.unchanged);
            return Ok(EXIT_OK);
        }
        for change in plan.changes() {
            let _ = writeln!(out, "{change}");
        }
        let _ = writeln!(out, "{out_name} is out of date: run `{}`", defaults.command);
        return Ok(EXIT_FAILED);
    }
    let report = write::apply(&args.out_dir, &plan).map_err(|e| format!("error: {e}"))?;
    for line in report.crate_lines() {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", report.summary(specs.len()));
    Ok(EXIT_OK)
}
