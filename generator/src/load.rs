//! Stage 1, load: read a spec file (YAML or JSON), recognize its OpenAPI
//! version, and parse it into `openapiv3` types with located errors.

mod bundle;
mod callbacks;
pub mod convert;
mod encoding;
mod json_pieces;
pub mod limits;
mod locate;
mod openapi31;
mod pieces;
mod swagger2;
mod tree;
mod typed;
mod yaml_pieces;

use std::path::{Path, PathBuf};

use serde_path_to_error::Segment;

use crate::diagnostics::{Diagnostic, Location, SpecError};

/// A parsed OpenAPI 3.0 document and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file it was read from.
    pub path: PathBuf,
    /// The API's short name: the file stem, e.g. `hypto-iam`.
    pub name: String,
    /// The parsed document.
    pub document: openapiv3::OpenAPI,
    /// The document as parsed before typing, for `$ref`s that point at any
    /// node (not only at components).
    pub raw: serde_yaml::Value,
    /// Located warnings about what loading left out or decided.
    pub warnings: Vec<Diagnostic>,
    /// The version the document was written in (it is 3.0 by now).
    pub version: convert::Version,
    /// Where the nodes of `document` and `raw` were in the file as written.
    pub origin: convert::Origin,
}

impl LoadedSpec {
    /// The root of this spec's file, for building locations.
    pub fn root(&self) -> Location {
        Location::root(&self.path)
    }
}

/// Read and parse the spec at `path`, naming the API after the file.
pub fn load_file(path: &Path) -> Result<LoadedSpec, SpecError> {
    load_file_named(path, None)
}

/// Read and parse the spec at `path`; the API is called `name`, or after
/// the file when `name` is `None`.
pub fn load_file_named(path: &Path, name: Option<&str>) -> Result<LoadedSpec, SpecError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SpecError::single(Location::root(path), format!("cannot read the file: {e}")))?;
    load_str_named(path, name, &text)
}

/// Parse `text` as the spec at `path` (the path is used for naming and
/// locations only).
pub fn load_str(path: &Path, text: &str) -> Result<LoadedSpec, SpecError> {
    load_str_named(path, None, text)
}

/// The name an API gets: `name`, or the file stem of `path`; it must be
/// able to name crates.
pub fn api_name(path: &Path, name: Option<&str>) -> Result<String, SpecError> {
    let root = Location::root(path);
    let name = match name {
        Some(name) => name,
        None => path.file_stem().and_then(|s| s.to_str()).filter(|s| !s.is_empty()).ok_or_else(|| {
            SpecError::single(root.clone(), "the file name must have a UTF-8 stem to name the API after")
        })?,
    };
    match crate::naming::api_name_problem(name) {
        None => Ok(name.to_owned()),
        Some(problem) => Err(SpecError::single(
            root,
            format!("cannot name the API's crates: {problem}; rename the file or give a name with `--name`"),
        )),
    }
}

fn load_str_named(path: &Path, name: Option<&str>, text: &str) -> Result<LoadedSpec, SpecError> {
    let root = Location::root(path);
    let name = api_name(path, name)?;

    let mut value = parse_tree(&root, text)?;
    // Most documents give the passes below nothing to do; one walk tells.
    let mut found = limits::scan(&value);
    let bundled = if found.external_ref {
        let bundled = bundle::inline_external(&root, path, &mut value)?;
        // What the referenced files brought in is checked as the rest is.
        found = limits::scan(&value);
        bundled
    } else {
        convert::Origin::default()
    };
    let in_files =
        |e: SpecError| SpecError { diagnostics: e.diagnostics.into_iter().map(|d| bundled.locate(d)).collect() };
    if found.non_finite {
        limits::check_finite(&root, &value).map_err(in_files)?;
    }
    let mut warnings = Vec::new();
    if found.long_pattern {
        let mut dropped = Vec::new();
        limits::drop_oversized_patterns(&root, &mut value, &mut dropped);
        warnings.extend(dropped.into_iter().map(|d| bundled.locate(d)));
    }
    let version = convert::detect(&root, &value)?;
    // The conversion's warnings point into the bundled tree: take them back to the files they came from.
    let mut converted = Vec::new();
    let origin =
        convert::to_openapi30(&root, version, &mut value, &mut converted).map_err(in_files)?.after(bundled.clone());
    warnings.extend(converted.into_iter().map(|d| bundled.locate(d)));
    encoding::fill_explode_defaults(&mut value);
    callbacks::drop_referenced(&root, &mut value)
        .map_err(|e| SpecError { diagnostics: e.diagnostics.into_iter().map(|d| origin.locate(d)).collect() })?;

    let document = typed(&root, &value)
        .map_err(|e| SpecError { diagnostics: e.diagnostics.into_iter().map(|d| origin.locate(d)).collect() })?;
    Ok(LoadedSpec { path: path.to_path_buf(), name, document, raw: value, warnings, version, origin })
}

/// Strings up to this length (bytes) are kept whole when a document is
/// first type-checked: quoting one in each message of a failing parse
/// costs a tenth of a second at most (64 KiB of emoji, escaped one by one).
/// Real specs' longest descriptions are shorter (GitHub's: 17 KB), so
/// they are read once.
const QUOTABLE_STRING: usize = 64 * 1024;

/// The document as `openapiv3` types, or the deepest node at fault.
fn typed(root: &Location, value: &serde_yaml::Value) -> Result<openapiv3::OpenAPI, SpecError> {
    let survey = limits::survey(value);
    // A failing parse formats the value at fault into serde's message, once
    // per form an untagged enum tries: with megabytes of text where an
    // object belongs, that costs seconds. Strings' lengths never decide
    // whether a document is well-typed, so such a document is first
    // checked with its strings cut short.
    if survey.longest_string > QUOTABLE_STRING {
        let abridged = locate::abridged(value);
        parse_typed(root, &abridged)?;
    }
    let document = if survey.tagged { None } else { typed::piecewise(value) };
    match document {
        Some(document) => Ok(document),
        None => parse_typed(root, value),
    }
}

fn parse_typed(root: &Location, value: &serde_yaml::Value) -> Result<openapiv3::OpenAPI, SpecError> {
    // serde's path stops at the nearest untagged enum or flattened field of
    // openapiv3; `locate` drills down from there to the node at fault.
    // openapiv3 has `expect`s in its hand-written deserializers: input they
    // trip on still gets a located error, found by `locate` too.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value)
    }));
    let locate::Finding { pointer, message } = match parsed {
        Ok(Ok(document)) => return Ok(document),
        Ok(Err(e)) => locate::locate(value, &pointer_of(e.path())),
        Err(_) => locate::locate(value, ""),
    };
    Err(SpecError::single(root.at(pointer), message))
}

/// The document as an untyped tree, every number read (see `tree`). JSON
/// is read by a JSON parser: YAML's rejects some valid JSON, such as C1
/// control characters in strings.
pub fn parse_tree(root: &Location, text: &str) -> Result<serde_yaml::Value, SpecError> {
    let mut value = if text.trim_start().starts_with('{') {
        tree::from_json(text).map_err(|(message, line, column)| {
            let place = if line > 0 { format!(" at line {line}, column {column}") } else { String::new() };
            SpecError::single(root.clone(), format!("not valid JSON{place}: {message}"))
        })?
    } else {
        // The JSON parser refuses nesting past 128 levels in one pass; the
        // YAML parser's work before it does grows with the square of the input.
        limits::check_flow_depth(root, text)?;
        tree::from_yaml(text).map_err(|e| {
            let place =
                e.location().map(|l| format!(" at line {}, column {}", l.line(), l.column())).unwrap_or_default();
            SpecError::single(
                root.clone(),
                format!("not valid YAML or JSON{place}: {}", strip_location(&e.to_string())),
            )
        })?
    };
    tree::fit_numbers(root, &mut value)?;
    Ok(value)
}

pub(crate) fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Tagged(tagged) => scalar_text(&tagged.value),
        other => format!("{other:?}"),
    }
}

/// A JSON pointer from the path serde_path_to_error recorded.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    tokens_of(path).iter().map(|token| format!("/{}", crate::pointer::escape(token))).collect()
}

/// The reference tokens (unescaped) of the path serde_path_to_error recorded.
fn tokens_of(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

/// serde_yaml appends " at line L column C" to messages; locations are
/// reported separately, so drop it.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<LoadedSpec, SpecError> {
        load_str(Path::new("specs/t.yaml"), text)
    }

    fn first_error(text: &str) -> String {
        load(text).unwrap_err().diagnostics[0].to_string()
    }

    #[test]
    fn swagger_2_is_converted_to_3_0_and_errors_point_into_it() {
        let spec = load(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /v1\nconsumes: [application/json]\npaths:\n\
             \x20 /a:\n    post:\n      parameters: [{name: b, in: body, schema: {$ref: '#/definitions/A'}}]\n\
             \x20     responses: {200: {description: ok}}\ndefinitions: {A: {type: string}}\n",
        )
        .unwrap();
        assert_eq!(spec.version, convert::Version::Swagger2);
        assert_eq!(spec.document.openapi, "3.0.3");
        assert_eq!(spec.document.servers[0].url, "/v1");
        assert!(spec.document.components.as_ref().is_some_and(|c| c.schemas.contains_key("A")));
        let body = spec.document.paths.paths["/a"]
            .as_item()
            .and_then(|item| item.post.as_ref())
            .and_then(|op| op.request_body.as_ref());
        assert!(
            matches!(body, Some(openapiv3::ReferenceOr::Item(body)) if body.content.contains_key("application/json"))
        );
        assert_eq!(
            first_error(
                "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n\
                 definitions: {A: {type: string, maxLength: long}}\n"
            ),
            "error: specs/t.yaml#/definitions/A/maxLength: expected `maxLength` to be a non-negative integer, found a \
             string"
        );
    }

    #[test]
    fn openapi_3_1_is_converted_to_3_0() {
        let spec = load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n\
             \x20   A: {type: [string, 'null'], const: x, examples: [y]}\n",
        )
        .unwrap();
        assert_eq!(spec.version, convert::Version::OpenApi31);
        assert_eq!(spec.document.openapi, "3.0.3");
        let schemas = spec.document.components.map(|c| c.schemas).unwrap_or_default();
        let Some(openapiv3::ReferenceOr::Item(a)) = schemas.get("A") else { panic!("A is inline: {schemas:?}") };
        assert!(a.schema_data.nullable);
        assert_eq!(a.schema_data.example, Some(serde_json::json!("y")));
        let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &a.schema_kind else {
            panic!("A is a string: {a:?}")
        };
        assert_eq!(string.enumeration, [Some("x".to_owned())]);
    }

    #[test]
    fn errors_in_moved_3_1_nodes_point_into_the_file_as_written() {
        // `properties` moved into the object member of an `anyOf`; it is reported where it was written.
        let error = first_error(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n\
             \x20   A: {type: [object, string], properties: 7}\n",
        );
        assert!(error.starts_with("error: specs/t.yaml#/components/schemas/A/properties: "), "{error}");
    }

    #[test]
    fn integers_beyond_64_bits_load_from_yaml_and_json() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n\
                    \x20   I: {type: integer, minimum: -9223372036854776000, maximum: 18446744073709551616}\n\
                    \x20   N: {type: number, minimum: -1000000000000000000000000000000}\n";
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components":
            {"schemas": {"I": {"type": "integer", "minimum": -9223372036854776000, "maximum": 18446744073709551616},
            "N": {"type": "number", "minimum": -1000000000000000000000000000000}}}}"#;
        for text in [yaml, json] {
            let spec = load(text).unwrap();
            let schemas = spec.document.components.map(|c| c.schemas).unwrap_or_default();
            let kind = |name: &str| match schemas.get(name) {
                Some(openapiv3::ReferenceOr::Item(schema)) => schema.schema_kind.clone(),
                other => panic!("{name}: {other:?}"),
            };
            let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) = kind("I") else { panic!("I") };
            assert_eq!((i.minimum, i.maximum), (Some(i64::MIN), Some(i64::MAX)), "saturated to the i64 range");
            let openapiv3::SchemaKind::Type(openapiv3::Type::Number(n)) = kind("N") else { panic!("N") };
            assert_eq!(n.minimum, Some(-1e30));
        }
    }

    #[test]
    fn floats_beyond_64_bits_are_refused_where_they_are() {
        assert_eq!(
            first_error(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n\
                 \x20   N: {type: number, maximum: 1e400}\n"
            ),
            "error: specs/t.yaml#/components/schemas/N/maximum: `1e400` is beyond the largest 64-bit float, so not a \
             number JSON can hold; OpenAPI documents allow finite numbers only"
        );
        assert_eq!(
            first_error("{\"openapi\": \"3.0.3\",\n \"x\": -1e400}"),
            "error: specs/t.yaml#/: not valid JSON at line 2, column 12: number out of range (beyond the largest \
             64-bit float, so not a number JSON can hold; OpenAPI documents allow finite numbers only)"
        );
    }

    #[test]
    fn json_with_characters_yaml_forbids_is_accepted() {
        let text =
            "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\\u0085\u{85}\", \"version\": \"1\"}, \"paths\": {}}";
        let spec = load(text).unwrap();
        assert_eq!(spec.document.info.title, "t\u{85}\u{85}");
    }

    #[test]
    fn bad_json_is_located_by_line_and_column() {
        assert_eq!(
            first_error("{\"openapi\": \"3.0.3\",\n \"info\": }"),
            "error: specs/t.yaml#/: not valid JSON at line 2, column 10: expected value"
        );
    }

    #[test]
    fn an_operation_may_refer_to_a_callback() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      callbacks:\n\
                    \x20       done: {$ref: '#/components/callbacks/done'}\n      responses: {'200': {description: ok}}\n\
                    components:\n  callbacks:\n    done:\n      '{$url}':\n        post:\n\
                    \x20         responses: {'200': {description: ok}}\n";
        let loaded = load(spec).expect("a reference to a callback is valid OpenAPI");
        assert_eq!(loaded.document.components.expect("components").callbacks.len(), 1);
        // A 3.1 document's errors go through the same place: an error points into the file as written.
        let error = first_error(&spec.replace("3.0.3", "3.1.0").replace("#/components/callbacks/done", "#/nowhere"));
        assert_eq!(
            error,
            "error: specs/t.yaml#/paths/~1a/post/callbacks/done/$ref: a callback's $ref \"#/nowhere\" names no node of \
             this document"
        );
    }

    #[test]
    fn json_is_accepted() {
        let spec = load(r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#).unwrap();
        assert_eq!(spec.name, "t");
        assert_eq!(spec.document.info.title, "t");
    }

    #[test]
    fn wrong_type_is_located() {
        assert_eq!(
            first_error(
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n"
            ),
            "error: specs/t.yaml#/paths/~1a/get/responses: expected `responses` to be a mapping of status codes \
             to responses, found an integer"
        );
    }

    #[test]
    fn documents_read_by_entries_read_as_whole_ones() {
        use serde::Deserialize;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files: Vec<PathBuf> = ["specs", "tests/fixtures/valid"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap().map(|entry| entry.unwrap().path()))
            .chain(
                ["tests/fixtures/multifile/api.yaml", "tests/fixtures/openapi31-pydantic.json"].map(|f| root.join(f)),
            )
            .collect();
        files.sort();
        assert!(files.len() > 12, "{files:?}");
        for file in files {
            let spec = load_file(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let by_entries = typed::piecewise(&spec.raw).unwrap_or_else(|| panic!("{}", file.display()));
            let whole = openapiv3::OpenAPI::deserialize(&spec.raw).unwrap();
            assert!(by_entries == whole, "{}", file.display());
        }
    }

    #[test]
    fn a_yaml_tag_is_refused_as_before() {
        // Read whole, a tag fails the document; read by entries, it might not.
        let error = first_error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: !tag {}\n");
        assert!(error.starts_with("error: specs/t.yaml#"), "{error}");
    }

    #[test]
    fn deep_json_is_refused_by_its_parser_with_the_place() {
        let text = format!("{{\"openapi\": {}", "[".repeat(100_000));
        let error = first_error(&text);
        assert_eq!(error, "error: specs/t.yaml#/: not valid JSON at line 1, column 139: recursion limit exceeded");
    }
}
