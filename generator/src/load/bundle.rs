//! Multi-file specs: every `$ref` to another file (`./schemas/pet.yaml`,
//! `common.yaml#/components/schemas/Error`) is resolved at load time, so
//! the rest of the pipeline sees one document. A schema from another file
//! becomes a component schema of the entry document, named after the
//! pointer's last token or the file's stem, and every reference to it a
//! local one, so recursion across files stays recursion; any other node
//! (a parameter, a response, a path item) is copied where it is used. Each
//! file is read once, whatever the number of references to it, and every
//! diagnostic about a node that came from another file names that file and
//! the node's pointer in it ([`Origin`]).
//!
//! Remote references (`http://`, `https://`) are refused with a located
//! error: the generator never reaches the network.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::convert::Origin;
use crate::diagnostics::{Diagnostic, Location, SpecError};
use crate::pointer::{escape, lookup, percent_decode, unescape};

/// What a referenced node is, from where the `$ref` stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    /// Parameters, responses, request bodies, headers, path items and the rest: copied in place.
    Other,
}

/// Resolve every reference to another file in `document` (read from
/// `path`), in place. References within the document (`#...`) stay as
/// written; the caller bundles where `limits::scan` finds another.
pub fn inline_external(root: &Location, path: &Path, document: &mut Value) -> Result<Origin, SpecError> {
    if !document.is_mapping() {
        // Not a document at all: the version check says so.
        return Ok(Origin::default());
    }
    let mut bundler = Bundler {
        base: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        schemas_pointer: if document.get("swagger").is_some() { "/definitions" } else { "/components/schemas" },
        entry: normalized(path),
        files: HashMap::new(),
        placed: HashMap::new(),
        names_taken: component_schema_names(document),
        new_schemas: BTreeMap::new(),
        origin: Origin::default(),
        errors: Vec::new(),
    };
    let mut stack = Vec::new();
    bundler.rewrite(document, root, &bundler.entry.clone(), "", &mut Vec::new(), &mut stack);
    if !bundler.errors.is_empty() {
        return Err(SpecError { diagnostics: bundler.errors });
    }
    if !bundler.new_schemas.is_empty() {
        let Some(schemas) = schemas_table(document) else {
            let table = if document.get("swagger").is_some() { "definitions" } else { "components" };
            return Err(SpecError::single(
                root.join(table),
                format!("expected `{table}` to be a mapping, to hold the schemas of the files this spec refers to"),
            ));
        };
        // In the order their files were first referenced: deterministic.
        let mut placed: Vec<(usize, String, Value)> =
            bundler.new_schemas.into_iter().map(|(name, (order, value))| (order, name, value)).collect();
        placed.sort_by_key(|(order, ..)| *order);
        for (_, name, value) in placed {
            schemas.insert(Value::String(name), value);
        }
    }
    Ok(bundler.origin)
}

struct Bundler {
    /// The entry document's directory.
    base: PathBuf,
    /// Where the entry document keeps its schemas (`/components/schemas`, or Swagger 2.0's `/definitions`).
    schemas_pointer: &'static str,
    /// The entry document's path.
    entry: PathBuf,
    /// Every file read so far, by normalized path.
    files: HashMap<PathBuf, Value>,
    /// Schemas already placed in the entry document: (file, pointer) → component name.
    placed: HashMap<(PathBuf, String), String>,
    names_taken: Vec<String>,
    /// Schemas to add to the entry's component schemas: name → (order, schema).
    new_schemas: BTreeMap<String, (usize, Value)>,
    origin: Origin,
    errors: Vec<Diagnostic>,
}

impl Bundler {
    /// Rewrite the references in `node` (at `pointer` in `file`, `keys`
    /// being the keys from the node of known kind down to it); `copying`
    /// holds the non-schema nodes being copied, to stop cycles among them.
    fn rewrite(
        &mut self,
        node: &mut Value,
        at: &Location,
        file: &Path,
        pointer: &str,
        keys: &mut Vec<String>,
        copying: &mut Vec<(PathBuf, String)>,
    ) {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str).map(str::to_owned) {
            if let Some(replacement) = self.resolve(&reference, at, file, keys, copying) {
                *node = replacement;
            }
            return;
        }
        match node {
            Value::Mapping(map) => {
                for (key, child) in map.iter_mut() {
                    let token = match key {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    // Examples are data: a `$ref` key in them is not a reference.
                    if matches!(token.as_str(), "example" | "examples" | "default" | "enum" | "const") {
                        continue;
                    }
                    keys.push(token.clone());
                    self.rewrite(
                        child,
                        &at.join(&token),
                        file,
                        &format!("{pointer}/{}", escape(&token)),
                        keys,
                        copying,
                    );
                    keys.pop();
                }
            }
            Value::Sequence(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    keys.push(i.to_string());
                    self.rewrite(child, &at.join(i.to_string()), file, &format!("{pointer}/{i}"), keys, copying);
                    keys.pop();
                }
            }
            _ => {}
        }
    }

    /// What a `$ref` in `file` becomes: `None` to keep it as written (a
    /// local reference of the entry document).
    fn resolve(
        &mut self,
        reference: &str,
        at: &Location,
        file: &Path,
        keys: &[String],
        copying: &mut Vec<(PathBuf, String)>,
    ) -> Option<Value> {
        let (target_path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, fragment.to_owned()),
            None => (reference, String::new()),
        };
        if target_path.contains("://") {
            self.errors.push(Diagnostic::error(
                at.join("$ref"),
                format!("$ref {reference:?} is remote; the generator reads local files only (download it beside the spec and refer to it by a relative path)"),
            ));
            return None;
        }
        let target_file = if target_path.is_empty() {
            file.to_path_buf()
        } else {
            normalized(&file.parent().unwrap_or(&self.base).join(target_path))
        };
        if target_file == self.entry {
            // A reference into the entry document: local, as `#...`.
            return (!target_path.is_empty()).then(|| ref_value(&format!("#{fragment}")));
        }
        if !self.load(&target_file, reference, at) {
            return None;
        }
        let pointer = percent_decode(&fragment);
        let key = (target_file.clone(), pointer.clone());
        let Some(mut target) = self.files.get(&target_file).and_then(|doc| lookup(doc, &pointer)).cloned() else {
            self.errors.push(Diagnostic::error(
                at.join("$ref"),
                format!("$ref {reference:?} points to nothing: {} has no node at {pointer:?}", target_file.display()),
            ));
            return None;
        };
        let file_location = Location::root(&target_file).at(pointer.clone());
        match kind_of(keys) {
            Kind::Schema => {
                if let Some(name) = self.placed.get(&key) {
                    return Some(ref_value(&format!("#{}/{}", self.schemas_pointer, escape(name))));
                }
                let name = self.fresh_name(&target_file, &pointer);
                // Claimed before its own references are followed, so a cycle finds it.
                self.placed.insert(key, name.clone());
                let order = self.new_schemas.len();
                self.new_schemas.insert(name.clone(), (order, Value::Null));
                self.rewrite(&mut target, &file_location, &target_file, &pointer, &mut Vec::new(), copying);
                self.origin.record_file(format!("{}/{}", self.schemas_pointer, escape(&name)), &target_file, &pointer);
                self.new_schemas.insert(name.clone(), (order, target));
                Some(ref_value(&format!("#{}/{}", self.schemas_pointer, escape(&name))))
            }
            Kind::Other => {
                if copying.contains(&key) {
                    self.errors.push(Diagnostic::error(
                        at.join("$ref"),
                        format!("$ref {reference:?} includes itself through other files"),
                    ));
                    return None;
                }
                copying.push(key);
                let mut inner_keys: Vec<String> = Vec::new();
                self.rewrite(&mut target, &file_location, &target_file, &pointer, &mut inner_keys, copying);
                copying.pop();
                self.origin.record_file(at.pointer.clone(), &target_file, &pointer);
                Some(target)
            }
        }
    }

    /// Read and parse `file` once; false (with an error) when it cannot be.
    fn load(&mut self, file: &Path, reference: &str, at: &Location) -> bool {
        if self.files.contains_key(file) {
            return true;
        }
        let parsed = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))
            .and_then(|text| {
                super::parse_tree(&Location::root(file), &text)
                    .map_err(|e| e.diagnostics.first().map(ToString::to_string).unwrap_or_default())
            });
        match parsed {
            Ok(value) => {
                self.files.insert(file.to_path_buf(), value);
                true
            }
            Err(why) => {
                self.errors.push(Diagnostic::error(at.join("$ref"), format!("$ref {reference:?}: {why}")));
                false
            }
        }
    }

    /// A component name for the schema at `pointer` in `file`: the
    /// pointer's last token, or the file's stem, made unique.
    fn fresh_name(&mut self, file: &Path, pointer: &str) -> String {
        let from_pointer = pointer.rsplit('/').next().filter(|t| !t.is_empty()).map(unescape);
        let from_file =
            || file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "External".into());
        let base = from_pointer.unwrap_or_else(from_file);
        let mut name = base.clone();
        let mut n = 2;
        while self.names_taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.names_taken.push(name.clone());
        name
    }
}

/// Whether the node a `$ref` stands for is a schema, from the keys that
/// lead to it (from the root of the document or of the copied node).
fn kind_of(keys: &[String]) -> Kind {
    let last = |n: usize| keys.len().checked_sub(n).and_then(|i| keys.get(i)).map(String::as_str);
    // Inside a schema, any key may be a property name: `properties/parameters/...` is still a schema.
    let in_schema =
        keys.iter().any(|k| matches!(k.as_str(), "schema" | "schemas" | "definitions" | "properties" | "items"));
    let other = matches!(
        (last(2), last(1)),
        (Some("parameters"), _)
            | (_, Some("requestBody"))
            | (
                Some(
                    "responses" | "headers" | "securitySchemes" | "requestBodies" | "pathItems" | "callbacks" | "paths"
                ),
                _
            )
    );
    if other && !in_schema { Kind::Other } else { Kind::Schema }
}

/// The entry document's component schemas, created where missing; `None`
/// where the spec holds something else there.
fn schemas_table(document: &mut Value) -> Option<&mut Mapping> {
    // Swagger 2.0 keeps schemas under `definitions`.
    let is_swagger = document.get("swagger").is_some();
    let root = document.as_mapping_mut()?;
    let table = if is_swagger {
        root.entry("definitions".into()).or_insert_with(|| Value::Mapping(Mapping::new()))
    } else {
        let components = root.entry("components".into()).or_insert_with(|| Value::Mapping(Mapping::new()));
        components.as_mapping_mut()?.entry("schemas".into()).or_insert_with(|| Value::Mapping(Mapping::new()))
    };
    table.as_mapping_mut()
}

fn component_schema_names(document: &Value) -> Vec<String> {
    let table = document.get("components").and_then(|c| c.get("schemas")).or_else(|| document.get("definitions"));
    table
        .and_then(Value::as_mapping)
        .map(|m| m.keys().filter_map(|k| k.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn ref_value(reference: &str) -> Value {
    let mut map = Mapping::new();
    map.insert("$ref".into(), reference.into());
    Value::Mapping(map)
}

/// `path` without `.` and `..` components, so one file has one name.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if !matches!(out.components().next_back(), None | Some(Component::ParentDir)) => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
