//! The lines `cargo xtask corpus` prints.

use std::time::Duration;

use super::generate::{Outcome, Status};
use super::packages::Spec;
use super::sample::Built;

/// One spec: status, id, package, version, warnings, operations kept /
/// declared, and the first line of what went wrong.
pub fn spec_line(spec: &Spec, outcome: &Outcome) -> String {
    let declared = outcome.declared.map_or_else(|| "?".into(), |d| d.to_string());
    let (label, detail) = match &outcome.status {
        Status::Generated => ("ok", String::new()),
        Status::Failed(first) => ("FAILED", format!("  {first}")),
        Status::Panicked(message) => ("PANIC", format!("  {message}")),
        Status::Crashed(message) => ("CRASH", format!("  {message}")),
        Status::TimedOut => ("TIMEOUT", String::new()),
    };
    let unlocated = match outcome.unlocated.first() {
        Some(first) => format!("  unlocated {}: {first}", outcome.unlocated.len()),
        None => String::new(),
    };
    format!(
        "{label:<7} {} ({} {}) warnings {} ops {}/{declared}{detail}{unlocated}",
        spec.id, spec.package, outcome.version, outcome.warnings, outcome.kept
    )
}

/// The figures of a run.
#[derive(Debug, Default)]
pub struct Summary {
    specs: usize,
    generated: usize,
    warnings: usize,
    kept: usize,
    declared: usize,
    /// Panics, crashes and hangs.
    pub aborted: usize,
    panics: usize,
    /// Diagnostics without a file and a pointer (and emitter errors).
    pub unlocated: usize,
}

impl Summary {
    /// Add up `outcomes`. Operations are counted over every spec: those of
    /// a spec that failed count as declared and not kept.
    pub fn of(outcomes: &[Outcome]) -> Self {
        let mut s = Self { specs: outcomes.len(), ..Self::default() };
        for o in outcomes {
            s.generated += usize::from(o.status == Status::Generated);
            s.warnings += o.warnings;
            s.kept += o.kept;
            s.declared += o.declared.unwrap_or(0);
            s.panics += usize::from(matches!(o.status, Status::Panicked(_)));
            s.aborted += usize::from(matches!(o.status, Status::Panicked(_) | Status::Crashed(_) | Status::TimedOut));
            s.unlocated += o.unlocated.len();
        }
        s
    }

    /// What fails the run: aborted specs and unlocated diagnostics.
    pub fn fatal(&self) -> usize {
        self.aborted + self.unlocated
    }

    /// The summary line.
    pub fn line(&self, took: Duration) -> String {
        format!(
            "summary: specs {}, generated {} ({}), warnings {}, ops kept {}/{} ({}), panics {}, crashes and hangs {}, diagnostics without a file+pointer {} ({:.0} s)",
            self.specs,
            self.generated,
            percent(self.generated, self.specs),
            self.warnings,
            self.kept,
            self.declared,
            percent(self.kept, self.declared),
            self.panics,
            self.aborted - self.panics,
            self.unlocated,
            took.as_secs_f64()
        )
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "-".into() } else { format!("{:.1}%", part as f64 * 100.0 / whole as f64) }
}

/// One sampled crate.
pub fn built_line(built: &Built) -> String {
    match (&built.check, &built.clippy) {
        (None, None) => format!("ok      {}", built.name),
        (Some(error), _) => format!("CHECK   {}  {error}", built.name),
        (None, Some(error)) => format!("CLIPPY  {}  {error}", built.name),
    }
}

/// The sample's summary line.
pub fn sample_line(built: &[Built], took: Duration) -> String {
    let compiled = built.iter().filter(|b| b.check.is_none()).count();
    let clean = built.iter().filter(|b| b.check.is_none() && b.clippy.is_none()).count();
    let failed: Vec<&str> =
        built.iter().filter(|b| b.check.is_some() || b.clippy.is_some()).map(|b| b.name.as_str()).collect();
    format!(
        "sample summary: crates {}, compiled {compiled}, clippy-clean {clean}{} ({:.0} s)",
        built.len(),
        if failed.is_empty() { String::new() } else { format!(", failing: {}", failed.join(" ")) },
        took.as_secs_f64()
    )
}
