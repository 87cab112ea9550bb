//! Other OpenAPI versions to 3.0, the version the typed model
//! (`openapiv3`) reads: the document is recognised from its own version
//! field, and a Swagger 2.0 or OpenAPI 3.1 tree is rewritten into a 3.0
//! tree before typing. What the rewrite decides is reported as located
//! warnings, and every pointer into the rewritten tree can be taken back
//! to the node the user wrote ([`Origin`]).

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::{openapi31, scalar_text, swagger2};
use crate::diagnostics::{Diagnostic, Location, SpecError};

/// The versions the loader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: 3.0.x`.
    OpenApi30,
    /// `openapi: 3.1.x`.
    OpenApi31,
}

/// Which version `document` is, from its `swagger` or `openapi` field.
pub fn detect(root: &Location, document: &Value) -> Result<Version, SpecError> {
    let Some(map) = document.as_mapping() else {
        return Err(SpecError::single(root.clone(), "expected an OpenAPI document (a mapping at the top level)"));
    };
    if let Some(swagger) = map.get("swagger") {
        let version = scalar_text(swagger);
        return if version == "2.0" || version == "2" {
            Ok(Version::Swagger2)
        } else {
            Err(SpecError::single(root.join("swagger"), format!("expected Swagger version 2.0, found `{version}`")))
        };
    }
    let Some(version) = map.get("openapi") else {
        return Err(SpecError::single(
            root.clone(),
            "expected an `openapi: 3.x.y` (or `swagger: \"2.0\"`) field at the top level (a file that specs \
             refer to, not a spec of its own, belongs in a sub-folder of the specs directory)",
        ));
    };
    let version = scalar_text(version);
    if version.starts_with("3.0.") || version == "3.0" {
        Ok(Version::OpenApi30)
    } else if version.starts_with("3.1.") || version == "3.1" {
        Ok(Version::OpenApi31)
    } else {
        Err(SpecError::single(
            root.join("openapi"),
            format!("expected an OpenAPI version 3.0.x or 3.1.x (or Swagger 2.0), found `{version}`"),
        ))
    }
}

/// Rewrite `document` (of `version`) into an OpenAPI 3.0 tree, in place.
/// Returns where its nodes came from; decisions go to `warnings`, located
/// in the document as written.
pub fn to_openapi30(
    root: &Location,
    version: Version,
    document: &mut Value,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Origin, SpecError> {
    match version {
        Version::OpenApi30 => Ok(Origin::default()),
        Version::Swagger2 => swagger2::convert(root, document, warnings),
        Version::OpenApi31 => openapi31::convert(root, document, warnings),
    }
}

/// Where the nodes of a rewritten document came from: pairs of pointer
/// prefixes, rewritten → as written (in another file, for nodes taken from
/// one). A pointer is taken back through the longest prefix that matches it
/// whole (up to a `/` or its end). Rewrites made one after the other are
/// layers, taken back from the last to the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    moves: Vec<Move>,
    /// The layer rewritten before this one, if any.
    earlier: Option<Box<Origin>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Move {
    rewritten: String,
    file: Option<PathBuf>,
    written: String,
}

impl Origin {
    /// Record that the subtree now at `rewritten` was written at `written`.
    pub fn record(&mut self, rewritten: impl Into<String>, written: impl Into<String>) {
        let (rewritten, written) = (rewritten.into(), written.into());
        if rewritten != written {
            self.moves.push(Move { rewritten, file: None, written });
        }
    }

    /// Record that the subtree now at `rewritten` was written in `file`, at `written`.
    pub fn record_file(&mut self, rewritten: impl Into<String>, file: &Path, written: impl Into<String>) {
        self.moves.push(Move { rewritten: rewritten.into(), file: Some(file.to_path_buf()), written: written.into() });
    }

    /// This layer, with `earlier` (the rewrite made before it) beneath it.
    pub fn after(mut self, earlier: Origin) -> Origin {
        self.earlier = match self.earlier.take() {
            Some(mine) => Some(Box::new(mine.after(earlier))),
            None if earlier == Origin::default() => None,
            None => Some(Box::new(earlier)),
        };
        self
    }

    /// The pointer, in the document as written, of the node at `pointer`
    /// in the rewritten one (in this layer only).
    pub fn written(&self, pointer: &str) -> String {
        self.take_back(pointer).1
    }

    fn take_back(&self, pointer: &str) -> (Option<&Path>, String) {
        let matching = self
            .moves
            .iter()
            .filter(|m| {
                pointer.strip_prefix(m.rewritten.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|m| m.rewritten.len());
        match matching {
            Some(m) => (m.file.as_deref(), format!("{}{}", m.written, &pointer[m.rewritten.len()..])),
            None => (None, pointer.to_owned()),
        }
    }

    /// `diagnostic` located in the file and document as written.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        let (file, pointer) = self.take_back(&diagnostic.location.pointer);
        let moved_to_file = file.map(std::sync::Arc::<Path>::from);
        diagnostic.location.pointer = pointer;
        if let Some(file) = moved_to_file {
            // Taken from another file: the layers beneath knew nothing of it.
            diagnostic.location.file = file;
            return diagnostic;
        }
        match &self.earlier {
            Some(earlier) => earlier.locate(diagnostic),
            None => diagnostic,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn versions_are_recognised_from_the_document() {
        let root = Location::root(Path::new("t.yaml"));
        let detect_text = |text: &str| detect(&root, &serde_yaml::from_str(text).unwrap());
        assert_eq!(detect_text("swagger: '2.0'").unwrap(), Version::Swagger2);
        assert_eq!(detect_text("openapi: 3.0.3").unwrap(), Version::OpenApi30);
        assert_eq!(detect_text("openapi: 3.1.0").unwrap(), Version::OpenApi31);
        assert_eq!(
            detect_text("openapi: 4.0.0").unwrap_err().diagnostics[0].to_string(),
            "error: t.yaml#/openapi: expected an OpenAPI version 3.0.x or 3.1.x (or Swagger 2.0), found `4.0.0`"
        );
    }

    #[test]
    fn pointers_go_back_through_the_longest_whole_prefix() {
        let mut origin = Origin::default();
        origin.record("/components/schemas", "/definitions");
        origin.record("/paths/~1a/get/requestBody", "/paths/~1a/get/parameters/1");
        origin.record(
            "/paths/~1a/get/requestBody/content/application~1json/schema",
            "/paths/~1a/get/parameters/1/schema",
        );
        assert_eq!(origin.written("/components/schemas/Pet/properties/id"), "/definitions/Pet/properties/id");
        assert_eq!(origin.written("/components/schemasX"), "/components/schemasX", "a whole token only");
        assert_eq!(
            origin.written("/paths/~1a/get/requestBody/content/application~1json/schema/type"),
            "/paths/~1a/get/parameters/1/schema/type"
        );
        assert_eq!(origin.written("/paths/~1a/get/requestBody"), "/paths/~1a/get/parameters/1");
        assert_eq!(origin.written("/info/title"), "/info/title");
    }

    #[test]
    fn layers_are_taken_back_last_first_and_files_named() {
        let root = Location::root(Path::new("specs/api.yaml"));
        let mut bundled = Origin::default();
        // A 2.0 spec: the bundler placed the other file's schema under /definitions, then conversion moved it.
        bundled.record_file("/definitions/Pet", Path::new("specs/schemas/pet.yaml"), "");
        let mut converted = Origin::default();
        converted.record("/components/schemas", "/definitions");
        let origin = converted.after(bundled);
        let at = |pointer: &str| origin.locate(Diagnostic::error(root.at(pointer), "x")).location.to_string();
        assert_eq!(at("/components/schemas/Pet/properties/id"), "specs/schemas/pet.yaml#/properties/id");
        assert_eq!(at("/components/schemas/Owner"), "specs/api.yaml#/definitions/Owner");
    }
}
