//! Located errors and warnings, shared by every stage of the pipeline.
//!
//! A diagnostic always names the spec file and a JSON pointer into it, so a
//! user can go straight to the construct at fault.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// A place in a spec: the file and an RFC 6901 JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The spec file, as the user named it (shared: a location is made
    /// for every node a stage visits, and each one names the file).
    pub file: Arc<Path>,
    /// JSON pointer, `""` for the whole document.
    pub pointer: String,
}

impl Location {
    /// The root of `file`.
    pub fn root(file: &Path) -> Self {
        Self { file: file.into(), pointer: String::new() }
    }

    /// This location extended by one reference token, escaped per RFC 6901.
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + token.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        crate::pointer::push_escaped(&mut pointer, token);
        Self { file: Arc::clone(&self.file), pointer }
    }

    /// The same file at another pointer.
    pub fn at(&self, pointer: impl Into<String>) -> Self {
        Self { file: Arc::clone(&self.file), pointer: pointer.into() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{}#{}", self.file.display(), pointer)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be generated.
    Error,
    /// Something was skipped; the rest of the spec is generated.
    Warning,
}

/// One located message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in which spec.
    pub location: Location,
    /// What is wrong, phrased as what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, location, message: message.into() }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, location, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}: {}", self.location, self.message)
    }
}

/// Diagnostics collected while processing one spec.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Record a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Record an error.
    pub fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(Diagnostic::error(location, message));
    }

    /// Record a warning.
    pub fn warning(&mut self, location: Location, message: impl Into<String>) {
        self.push(Diagnostic::warning(location, message));
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in the order they were recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Take ownership of the diagnostics.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Why a spec could not be generated: its error diagnostics (and any
/// warnings found on the way).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct SpecError {
    /// At least one of these is an error.
    pub diagnostics: Vec<Diagnostic>,
}

impl SpecError {
    /// A failure with one error.
    pub fn single(location: Location, message: impl Into<String>) -> Self {
        Self { diagnostics: vec![Diagnostic::error(location, message)] }
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        let loc = Location::root(Path::new("a.yaml")).join("paths").join("/users/{id}").join("a~b");
        assert_eq!(loc.pointer, "/paths/~1users~1{id}/a~0b");
        assert_eq!(loc.to_string(), "a.yaml#/paths/~1users~1{id}/a~0b");
        assert_eq!(Location::root(Path::new("a.yaml")).to_string(), "a.yaml#/");
    }
}
