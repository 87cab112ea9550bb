//! Load stage, last step: the tree to `openapiv3` types, the paths and
//! components one entry at a time, on threads.
//!
//! Read whole, `openapiv3` copies the document into serde's buffer once per
//! level of `#[serde(flatten)]` on the way down (the root, `paths`,
//! `components`) before it reads a single path item or schema. Read entry by
//! entry, those copies are not made, and the entries, which are most of a
//! large spec, are read side by side. The result is the same document: an
//! entry is read by the same `Deserialize` either way, and the maps keep the
//! order written. Anything out of the ordinary (a failing entry, a key that
//! is not a string, a section that is not a mapping) gives `None`, and the
//! caller reads the document whole, which is also how a broken document
//! gets its located error. The caller also reads whole a document with YAML
//! tags: read whole, a tag anywhere fails it (serde's buffer holds no tags),
//! read by entries it might not.

use indexmap::IndexMap;
use openapiv3::{
    Callback, Components, Example, Header, Link, OpenAPI, Parameter, PathItem, Paths, ReferenceOr, RequestBody,
    Response, Schema, SecurityScheme,
};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// The document read entry by entry, or `None` where it must be read whole.
pub(super) fn piecewise(document: &Value) -> Option<OpenAPI> {
    let root = document.as_mapping()?;
    let mut pieces = Vec::new();
    let mut paths = Paths::default();
    let mut components = Components::default();
    // The root without its two large sections, which are read below.
    let mut rest = Mapping::with_capacity(root.len());
    for (key, value) in root {
        match key.as_str()? {
            "paths" => {
                paths.extensions =
                    sections(value, &mut pieces, |name| name.starts_with('/').then_some(Kind::PathItem))?;
                rest.insert(key.clone(), Value::Mapping(Mapping::new()));
            }
            "components" => {
                components.extensions = sections(value, &mut pieces, Kind::of_component_section)?;
                rest.insert(key.clone(), Value::Mapping(Mapping::new()));
            }
            _ => {
                rest.insert(key.clone(), value.clone());
            }
        }
    }
    let mut whole = OpenAPI::deserialize(&Value::Mapping(rest)).ok()?;
    let typed =
        crate::parallel::map(&pieces, |piece| std::panic::catch_unwind(|| piece.kind.read(piece.value)).ok().flatten());
    for (piece, typed) in pieces.iter().zip(typed) {
        let name = piece.name.to_owned();
        // A mapping's keys are unique: no insert replaces anything.
        match typed? {
            Typed::PathItem(item) => drop(paths.paths.insert(name, *item)),
            Typed::Schema(schema) => drop(components.schemas.insert(name, *schema)),
            Typed::Response(response) => drop(components.responses.insert(name, *response)),
            Typed::Parameter(parameter) => drop(components.parameters.insert(name, *parameter)),
            Typed::Example(example) => drop(components.examples.insert(name, *example)),
            Typed::RequestBody(body) => drop(components.request_bodies.insert(name, *body)),
            Typed::Header(header) => drop(components.headers.insert(name, *header)),
            Typed::SecurityScheme(scheme) => drop(components.security_schemes.insert(name, *scheme)),
            Typed::Link(link) => drop(components.links.insert(name, *link)),
            Typed::Callback(callback) => drop(components.callbacks.insert(name, *callback)),
        }
    }
    whole.paths = paths;
    if whole.components.is_some() {
        whole.components = Some(components);
    }
    Some(whole)
}

/// One entry to read: its name, what it is, its tree.
struct Piece<'a> {
    name: &'a str,
    kind: Kind,
    value: &'a Value,
}

/// Queue the entries of `section` (the paths, or the components) as pieces,
/// `kind_of` telling what each key holds (`None`: not read, as
/// `openapiv3` ignores it); return its `x-` extensions. In `components`,
/// each key is a map of entries in turn.
fn sections<'a>(
    section: &'a Value,
    pieces: &mut Vec<Piece<'a>>,
    kind_of: impl Fn(&str) -> Option<Kind>,
) -> Option<IndexMap<String, serde_json::Value>> {
    let mut extensions = IndexMap::new();
    for (key, value) in section.as_mapping()? {
        let key = key.as_str()?;
        match kind_of(key) {
            Some(Kind::PathItem) => pieces.push(Piece { name: key, kind: Kind::PathItem, value }),
            Some(kind) => {
                for (name, value) in value.as_mapping()? {
                    pieces.push(Piece { name: name.as_str()?, kind, value });
                }
            }
            None if key.starts_with("x-") => {
                extensions.insert(key.to_owned(), serde_json::Value::deserialize(value).ok()?);
            }
            None => {}
        }
    }
    Some(extensions)
}

/// What an entry of the paths or the components holds, and the same once
/// read.
macro_rules! kinds {
    ($($kind:ident: $ty:ty $(= $section:literal)?),* $(,)?) => {
        #[derive(Clone, Copy)]
        enum Kind {
            $($kind),*
        }

        enum Typed {
            $($kind(Box<ReferenceOr<$ty>>)),*
        }

        impl Kind {
            /// The kind of the entries of a section of `components`.
            fn of_component_section(section: &str) -> Option<Self> {
                match section {
                    $($($section => Some(Self::$kind),)?)*
                    _ => None,
                }
            }

            fn read(self, value: &Value) -> Option<Typed> {
                match self {
                    $(Self::$kind => ReferenceOr::<$ty>::deserialize(value).ok().map(|read| Typed::$kind(Box::new(read)))),*
                }
            }
        }
    };
}

kinds! {
    // Not a section of `components`: the paths' entries.
    PathItem: PathItem,
    Schema: Schema = "schemas",
    Response: Response = "responses",
    Parameter: Parameter = "parameters",
    Example: Example = "examples",
    RequestBody: RequestBody = "requestBodies",
    Header: Header = "headers",
    SecurityScheme: SecurityScheme = "securitySchemes",
    Link: Link = "links",
    Callback: Callback = "callbacks",
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> (Value, OpenAPI) {
        let tree: Value = serde_yaml::from_str(text).unwrap();
        let document = OpenAPI::deserialize(&tree).unwrap();
        (tree, document)
    }

    #[test]
    fn reads_as_the_whole_document_reads() {
        let (tree, document) = whole(
            "openapi: 3.0.3\ninfo: {title: T, version: '1', x-logo: {url: l}}\nx-top: 1\n\
             paths:\n  /b: {get: {responses: {'200': {description: ok}}}}\n  x-p: [1]\n  other: ignored\n  \
             /a: {$ref: '#/x'}\n\
             components:\n  x-c: {a: b}\n  unknown: {k: v}\n  '': {}\n  \
             schemas: {Z: {type: string}, A: {$ref: '#/components/schemas/Z'}}\n  \
             parameters: {p: {name: p, in: query, schema: {type: integer}}}\n  \
             securitySchemes: {k: {type: apiKey, in: header, name: X-Key}}\n  \
             responses: {r: {description: d}}\n  requestBodies: {b: {content: {}}}\n  headers: {h: {schema: {}}}\n  \
             examples: {e: {value: 1}}\n  links: {l: {operationId: o}}\n  callbacks: {c: {'{$url}': {}}}\n",
        );
        let read = piecewise(&tree).unwrap();
        assert_eq!(read, document);
        assert_eq!(read.paths.paths.keys().collect::<Vec<_>>(), ["/b", "/a"], "in the order written");
        assert_eq!(read.components.as_ref().unwrap().schemas.keys().collect::<Vec<_>>(), ["Z", "A"]);
    }

    #[test]
    fn a_document_without_components_has_none() {
        let (tree, document) = whole("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert_eq!(piecewise(&tree), Some(document));
    }

    #[test]
    fn what_is_not_ordinary_is_left_to_the_whole_reading() {
        for text in [
            // A failing entry, a section that is not a mapping, a key that is not a string.
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {/a: 7}\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: [1]}\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {1: {}}}\n",
            "openapi: 3.0.3\npaths: {}\n",
            "[1]",
        ] {
            let tree: Value = serde_yaml::from_str(text).unwrap();
            assert!(piecewise(&tree).is_none(), "{text}");
        }
    }
}
