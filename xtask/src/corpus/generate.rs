//! Generating every spec, each in a child process of its own (this program,
//! `xtask corpus-one`): a panic is caught and reported, and a crash (a stack
//! overflow aborts) or a hang (killed after the timeout) ends only that spec.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use generator::diagnostics::{Diagnostic, Severity};
use generator::emit::{EmitOptions, runtime};
use generator::{GenerateError, generate_named};
use serde::{Deserialize, Serialize};

use super::declared;
use super::packages::Spec;

/// How generating one spec ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub enum Status {
    /// The crates were generated.
    Generated,
    /// The generator refused the spec: the first line of its first error.
    Failed(String),
    /// The generator panicked: the panic's message and place.
    Panicked(String),
    /// The child process died (a signal, an abort such as a stack overflow):
    /// the first line it printed.
    Crashed(String),
    /// Killed after the timeout.
    TimedOut,
}

/// What one spec gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    /// The version the spec is written in (`2.0`, `3.0`, `3.1`).
    pub version: String,
    /// How generating it ended.
    pub status: Status,
    /// Warnings of a generated spec.
    pub warnings: usize,
    /// Operations of a generated spec (its IR's).
    pub kept: usize,
    /// Operations the document declares, if it could be read as JSON/YAML.
    pub declared: Option<usize>,
    /// Diagnostics (warnings or errors) without a file or without a JSON
    /// pointer, and emitter errors (which have neither).
    pub unlocated: Vec<String>,
}

impl Outcome {
    fn aborted(version: &str, status: Status) -> Self {
        Self { version: version.into(), status, warnings: 0, kept: 0, declared: None, unlocated: Vec::new() }
    }
}

/// `xtask corpus-one PATH NAME`: generate one spec in this process and print
/// its `Outcome` as JSON.
pub fn one(args: &[String]) -> u8 {
    let [path, name] = args else {
        eprintln!("usage: xtask corpus-one SPEC_PATH API_NAME");
        return 2;
    };
    let (path, name) = (PathBuf::from(path), name.clone());
    std::panic::set_hook(Box::new(|info| {
        *PANIC.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(info.to_string());
    }));
    // Real specs nest deeply; a big stack keeps recursion from being the
    // difference between the corpus and a user's machine.
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(move || generate_one(&path, &name));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(outcome)) => {
            println!("{}", serde_json::to_string(&outcome).unwrap_or_default());
            0
        }
        _ => 1,
    }
}

static PANIC: Mutex<Option<String>> = Mutex::new(None);

fn generate_one(path: &Path, name: &str) -> Outcome {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    let document: Option<serde_json::Value> =
        if is_yaml { serde_yaml::from_str(&text).ok() } else { serde_json::from_str(&text).ok() };
    drop(text);
    let version = document.as_ref().map_or_else(|| "?".into(), declared::version);
    let declared = document.as_ref().map(declared::operations);
    drop(document);

    let options = EmitOptions { spec_path: path.display().to_string(), runtime_path: format!("../{}", runtime::DIR) };
    let result = std::panic::catch_unwind(|| generate_named(path, Some(name), &options));
    let mut outcome = Outcome { declared, ..Outcome::aborted(&version, Status::Generated) };
    match result {
        Ok(Ok(generated)) => {
            outcome.warnings = generated.warnings.len();
            outcome.kept = generated.api.operations.len();
            outcome.unlocated = unlocated(&generated.warnings);
        }
        Ok(Err(GenerateError::Spec(e))) => {
            let first = e.diagnostics.iter().find(|d| d.severity == Severity::Error).or(e.diagnostics.first());
            outcome.status = Status::Failed(first.map_or_else(|| "error without a diagnostic".into(), first_line));
            outcome.unlocated = unlocated(&e.diagnostics);
        }
        Ok(Err(e @ GenerateError::Emit(_))) => {
            let message = first_line(&format!("error: {e}"));
            outcome.unlocated.push(message.clone());
            outcome.status = Status::Failed(message);
        }
        Err(payload) => {
            let recorded = PANIC.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
            let message = recorded
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a panic without a message".into());
            outcome.status = Status::Panicked(first_line(&message));
        }
    }
    outcome
}

fn unlocated(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.location.file.as_os_str().is_empty() || d.location.pointer.is_empty())
        .map(first_line)
        .collect()
}

fn first_line(text: &impl ToString) -> String {
    text.to_string().lines().next().unwrap_or_default().to_owned()
}

/// Generate every spec with `jobs` children at a time, each run in `base`
/// and naming its spec relative to it (so diagnostics stay short); `report`
/// gets each outcome in spec order, as soon as it and those before it are
/// known.
pub fn generate_all(
    specs: &[Spec],
    jobs: usize,
    timeout: Duration,
    (base, scratch): (&Path, &Path),
    mut report: impl FnMut(usize, &Outcome),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::channel();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; specs.len()];
    std::thread::scope(|scope| {
        for worker in 0..jobs.max(1) {
            let (send, next) = (send.clone(), &next);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(spec) = specs.get(i) else { break };
                    let outcome = run_child(spec, timeout, base, &scratch.join(format!("worker-{worker}")));
                    if send.send((i, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut printed = 0;
        for (i, outcome) in receive {
            outcomes[i] = Some(outcome);
            while let Some(Some(outcome)) = outcomes.get(printed) {
                report(printed, outcome);
                printed += 1;
            }
        }
    });
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::aborted("?", Status::Crashed("no result".into()))))
        .collect()
}

fn run_child(spec: &Spec, timeout: Duration, base: &Path, scratch: &Path) -> Outcome {
    let head = std::fs::read(&spec.path).map(|b| String::from_utf8_lossy(&b[..b.len().min(4096)]).into_owned());
    let version = declared::sniff_version(&head.unwrap_or_default());
    let crashed = |message: String| Outcome::aborted(version, Status::Crashed(message));
    let (out_path, err_path) = (scratch.with_extension("out"), scratch.with_extension("err"));
    let files = File::create(&out_path).and_then(|out| Ok((out, File::create(&err_path)?)));
    let Ok((out, err)) = files else { return crashed(format!("cannot write {}", out_path.display())) };
    let exe = std::env::current_exe().unwrap_or_else(|_| "xtask".into());
    let child = Command::new(exe)
        .arg("corpus-one")
        .arg(spec.path.strip_prefix(base).unwrap_or(&spec.path))
        .current_dir(base)
        .arg(spec.api_name())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return crashed(format!("cannot start: {e}")),
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::aborted(version, Status::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return crashed(format!("cannot wait: {e}")),
        }
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    match serde_json::from_str::<Outcome>(stdout.trim()) {
        Ok(outcome) if status.success() => outcome,
        _ => {
            let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
            let said = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("").to_owned();
            crashed(format!("{status}{}{said}", if said.is_empty() { "" } else { ": " }))
        }
    }
}
