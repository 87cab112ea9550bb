//! The form of the OpenAPI 3.0 grammar (object kinds, fields, what each field holds) and lookups into its table.
//!
//! Everything the search knows comes from [`GRAMMAR`]: which children of a
//! node to probe, what each keyword's value must be, which fields are
//! required, where a null is refused, and which openapiv3 type parses a node.

pub(super) use super::table::{GRAMMAR, TYPES};

/// The OpenAPI 3.0 object kinds; each is the index of its entry in [`GRAMMAR`]
/// (`Callback` stays last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Tag,
    ExternalDocs,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    Discriminator,
    Components,
    SecurityScheme,
    OAuthFlows,
    ImplicitFlow,
    PasswordFlow,
    ClientCredentialsFlow,
    AuthorizationCodeFlow,
    SecurityRequirement,
    Example,
    Link,
    Callback,
}

/// A node's kind, and whether its position allows a `$ref` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Node {
    pub kind: Kind,
    pub refable: bool,
}

impl Node {
    pub const fn plain(kind: Kind) -> Self {
        Self { kind, refable: false }
    }

    pub const fn or_ref(kind: Kind) -> Self {
        Self { kind, refable: true }
    }
}

/// What a field's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Text,
    Flag,
    /// A non-negative integer.
    Count,
    /// A finite number.
    Number,
    /// One of these strings.
    Word(&'static [&'static str]),
    /// Any value (examples, defaults).
    Any,
    Object(Node),
    ListOf(Item),
    /// A mapping from names (strings) to items.
    MapOf(Item),
    /// A boolean or an object (`additionalProperties`).
    FlagOr(Node),
}

/// What the entries of a list or mapping must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    Text,
    Any,
    Object(Node),
}

/// Whether a field may be left out, and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Presence {
    /// Must be there, and not null.
    Required,
    /// May be left out or null (an `Option` in openapiv3).
    Optional,
    /// May be left out (openapiv3 uses a default), but where serde buffers the
    /// input a null is not the default: it is refused.
    Defaulted,
}

/// A fixed field of an object.
#[derive(Debug, Clone, Copy)]
pub(super) struct Field {
    pub key: &'static str,
    pub shape: Shape,
    pub presence: Presence,
}

/// Fields that exist only when another field (`in`, `type`) has a given value.
pub(super) struct Selector {
    pub key: &'static str,
    pub cases: &'static [(&'static str, &'static [Field])],
}

/// What the keys of an object that are not fixed fields hold.
pub(super) struct Patterned {
    /// Which keys are patterned (extensions and fixed fields aside).
    pub keys: fn(&str) -> bool,
    /// A key that matches, for the grammar's own tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
    pub shape: Shape,
}

/// How openapiv3 parses a node of a kind: whether it parses (`buffered`:
/// read from serde's buffered content), and where serde stopped when not.
#[derive(Clone, Copy)]
pub(super) struct Parser {
    pub parses: fn(&serde_yaml::Value, Node, bool) -> bool,
    pub failure_path: fn(&serde_yaml::Value, Node) -> Vec<String>,
}

/// One object kind of the grammar.
pub(super) struct ObjectGrammar {
    pub kind: Kind,
    /// What it is called, for "not a valid ...".
    pub name: &'static str,
    /// What a node of this kind must be, for "expected X to be ...", when
    /// more than "a <name> (a mapping)".
    pub shape: Option<&'static str>,
    pub fields: &'static [Field],
    pub selector: Option<Selector>,
    pub patterned: Option<Patterned>,
    /// At least one of these fields must be there.
    pub any_of: &'static [&'static str],
    /// Whether openapiv3 reads its fields from buffered content (they are
    /// flattened into it), wherever the object is.
    pub buffered: bool,
    pub parser: Parser,
}

impl ObjectGrammar {
    /// The shape of the value under `key` in `map`, a node of this kind.
    pub fn shape_of(&self, key: &str, map: &serde_yaml::Mapping) -> Option<Shape> {
        self.presence_and_shape(key, map).map(|(_, shape)| shape)
    }

    /// Whether the value under `key` may be left out or null, and what it must be.
    /// openapiv3 never reads a patterned key's value as an `Option`.
    pub fn presence_and_shape(&self, key: &str, map: &serde_yaml::Mapping) -> Option<(Presence, Shape)> {
        if let Some(field) = self.fields.iter().chain(self.selected(map)).find(|f| f.key == key) {
            return Some((field.presence, field.shape));
        }
        self.patterned.as_ref().filter(|p| (p.keys)(key)).map(|p| (Presence::Defaulted, p.shape))
    }

    /// The fields the selector's value in `map` adds.
    pub fn selected(&self, map: &serde_yaml::Mapping) -> &'static [Field] {
        let Some(selector) = &self.selector else { return &[] };
        let value = map.get(selector.key).and_then(serde_yaml::Value::as_str);
        selector.cases.iter().find(|(case, _)| Some(*case) == value).map_or(&[], |(_, fields)| fields)
    }
}

/// The entry of a kind.
pub(super) fn grammar(kind: Kind) -> &'static ObjectGrammar {
    &GRAMMAR[kind as usize]
}

// Indexing by kind is checked when compiling: one entry per kind, in order.
const _: () = {
    assert!(GRAMMAR.len() == Kind::Callback as usize + 1, "`Kind::Callback` must be the last kind");
    let mut i = 0;
    while i < GRAMMAR.len() {
        assert!(GRAMMAR[i].kind as usize == i, "GRAMMAR must list the kinds in the order of `Kind`");
        i += 1;
    }
};
