//! The type arena: every named type of an API, addressed by [`TypeId`],
//! and the anonymous type expressions ([`TypeRef`]) that point into it.

use serde_json::{Number, Value};

/// Index of a named type in its [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// All named types of one API, in a deterministic order: component
/// schemas in spec order, then hoisted inline schemas in discovery order.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    defs: Vec<TypeDef>,
}

impl TypeSpace {
    /// A space holding `defs`; every [`TypeRef::Named`] in them must index into `defs`.
    pub fn new(defs: Vec<TypeDef>) -> Self {
        Self { defs }
    }

    /// The type with this id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    /// Every type with its id, in order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs.iter().enumerate().map(|(i, def)| (TypeId(i), def))
    }

    /// How many types there are.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The types, in order, for a pass that rebuilds the space.
    pub(crate) fn into_defs(self) -> Vec<TypeDef> {
        self.defs
    }

    /// Mutable access for the normalization passes.
    pub(crate) fn defs_mut(&mut self) -> &mut [TypeDef] {
        &mut self.defs
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// PascalCase identifier, unique in the space.
    pub ident: String,
    /// `title`/`description` of the schema.
    pub description: Option<String>,
    /// JSON pointer of the schema it came from.
    pub pointer: String,
    /// `example` of the schema.
    pub example: Option<Value>,
    /// What it is.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum; unknown values are kept, not rejected.
    StringEnum(Vec<EnumVariant>),
    /// An integer enum; unknown values are kept, not rejected.
    IntegerEnum(Vec<IntegerEnumVariant>),
    /// `oneOf`/`anyOf`: exactly one (or at least one) of several types.
    Union(Union),
    /// Another name for a type expression (a component that is a primitive,
    /// an array, a map or a reference).
    Alias(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Struct {
    /// Properties in spec order (allOf members merged in member order).
    pub fields: Vec<Field>,
    /// Where `additionalProperties` allows extra members, their type.
    pub additional: Option<StructAdditional>,
    /// `additionalProperties: false`.
    pub deny_unknown: bool,
    /// `minProperties`: how many members a value has at least.
    pub min_properties: Option<usize>,
    /// `maxProperties`: how many members a value has at most.
    pub max_properties: Option<usize>,
    /// Members the type leaves out that the wire may still carry: the
    /// `readOnly` properties of a request shape (see
    /// `normalize/directions.rs`), which a server drops from requests.
    pub ignored: Vec<String>,
}

/// The catch-all map of extra object members.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StructAdditional {
    /// Field identifier, unique among the struct's fields.
    pub ident: String,
    /// Type of each extra member's value.
    pub ty: TypeRef,
}

/// A property of an object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// JSON member name.
    pub name: String,
    /// snake_case identifier, unique within the struct.
    pub ident: String,
    /// The value's type (without the optionality that `presence` adds).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `readOnly`: sent by servers only.
    pub read_only: bool,
    /// `writeOnly`: sent by clients only.
    pub write_only: bool,
    /// A credential or other secret, redacted in `Debug`.
    pub secret: bool,
    /// `description` (or `title`).
    pub description: Option<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `example`.
    pub example: Option<Value>,
    /// Validation keywords.
    pub constraints: Constraints,
}

/// How a field may appear in a JSON object: absent, null and a value are
/// three states where the spec allows all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null.
    Required,
    /// Always present, possibly null.
    RequiredNullable,
    /// May be absent, never null.
    Optional,
    /// May be absent, null, or a value.
    OptionalNullable,
}

impl Field {
    /// The field's presence as a model must type it: as the spec says. A
    /// readOnly field is absent from requests and a writeOnly field from
    /// responses, but no type serves both directions where they differ
    /// (normalize's directions pass gives each its own shape), so a
    /// required one is required in the shape it belongs to.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// Validation keywords of a schema, kept for server-side validation and docs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern` (ECMA 262 regular expression, as written).
    pub pattern: Option<String>,
    /// `minimum`.
    pub minimum: Option<Number>,
    /// `maximum`.
    pub maximum: Option<Number>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties` (of an object or a map).
    pub min_properties: Option<usize>,
    /// `maxProperties` (of an object or a map).
    pub max_properties: Option<usize>,
    /// `format` of a string, when it is one the validator checks and the
    /// type does not already say (`email`, `uri`, `ipv4`, `ipv6`,
    /// `hostname`; see [`CHECKED_FORMATS`]).
    pub format: Option<String>,
    /// The keywords of an array's items, or a map's values, where they are
    /// written inline (`items: {type: string, maxLength: 3}`): they hold
    /// for each item.
    pub items: Option<Box<Constraints>>,
}

/// The string formats a type of the IR does not stand for that the
/// validator checks (the runtime's `StringFormat`).
pub const CHECKED_FORMATS: [&str; 5] = ["email", "uri", "ipv4", "ipv6", "hostname"];

impl Constraints {
    /// Whether no keyword is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    /// PascalCase identifier, unique within the enum.
    pub ident: String,
    /// The value on the wire.
    pub value: String,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntegerEnumVariant {
    /// PascalCase identifier, unique within the enum.
    pub ident: String,
    /// The value on the wire.
    pub value: i64,
}

/// `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Union {
    /// Alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// `discriminator.propertyName`, when the spec gives one.
    pub discriminator: Option<String>,
    /// `oneOf` (a value is of exactly one alternative), not `anyOf` (of at
    /// least one).
    pub exclusive: bool,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// PascalCase identifier, unique within the union.
    pub ident: String,
    /// Its type.
    pub ty: TypeRef,
    /// The discriminator value selecting it, when there is a discriminator:
    /// the one written when a value is sent.
    pub tag: Option<String>,
    /// Further discriminator values that select it on reading (more
    /// mapping keys naming it, its component name beside a mapping key).
    pub aliases: Vec<String>,
}

impl UnionVariant {
    /// Every discriminator value that selects it, the written one first.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.tag.iter().chain(&self.aliases).map(String::as_str)
    }
}

/// An anonymous type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// A recursive reference, boxed to give the type a finite size.
    Boxed(Box<TypeRef>),
    /// `type: string`.
    String,
    /// `type: integer, format: int32`.
    I32,
    /// `type: integer` (int64 or no format).
    I64,
    /// `format: int8`.
    I8,
    /// `format: int16`.
    I16,
    /// `format: uint8`.
    U8,
    /// `format: uint16`.
    U16,
    /// `format: uint32`.
    U32,
    /// `format: uint64`.
    U64,
    /// `format: int128` (a server reads it as far as a JSON value holds
    /// losslessly: `i64::MIN` to `u64::MAX`).
    I128,
    /// `format: uint128` (a server reads 0 to `u64::MAX`).
    U128,
    /// `type: number, format: float`.
    F32,
    /// `type: number` (double or no format).
    F64,
    /// `type: boolean`.
    Boolean,
    /// `format: date-time` (RFC 3339, offset kept).
    DateTime,
    /// `format: date`.
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: base64 in JSON.
    Bytes,
    /// `format: binary`: raw bytes (file uploads, octet streams).
    Binary,
    /// A schema without constraints: any JSON value.
    Any,
    /// `type: object` without properties: any JSON object.
    JsonObject,
    /// `type: array`.
    Array(Box<TypeRef>),
    /// `additionalProperties` without properties: string keys to values.
    Map(Box<TypeRef>),
    /// A nullable array item or map value.
    Nullable(Box<TypeRef>),
}

/// The pattern of every integer [`TypeRef`], of any width: the one list of
/// them, for `match` arms that treat all widths alike.
macro_rules! integer_type {
    () => {
        $crate::ir::TypeRef::I8
            | $crate::ir::TypeRef::I16
            | $crate::ir::TypeRef::I32
            | $crate::ir::TypeRef::I64
            | $crate::ir::TypeRef::I128
            | $crate::ir::TypeRef::U8
            | $crate::ir::TypeRef::U16
            | $crate::ir::TypeRef::U32
            | $crate::ir::TypeRef::U64
            | $crate::ir::TypeRef::U128
    };
}
pub(crate) use integer_type;

impl TypeRef {
    /// Whether it is an integer, of any width.
    pub fn is_integer(&self) -> bool {
        matches!(self, integer_type!())
    }

    /// Every named type this expression mentions.
    pub fn named_ids(&self, out: &mut Vec<TypeId>) {
        match self {
            Self::Named(id) => out.push(*id),
            Self::Boxed(inner) | Self::Array(inner) | Self::Map(inner) | Self::Nullable(inner) => inner.named_ids(out),
            _ => {}
        }
    }

    /// Named types reached without going through a heap indirection
    /// (`Vec`, map, `Box`): the edges that make a recursive type infinite.
    pub fn direct_ids(&self, out: &mut Vec<TypeId>) {
        match self {
            Self::Named(id) => out.push(*id),
            Self::Nullable(inner) => inner.direct_ids(out),
            _ => {}
        }
    }

    /// Rewrite every [`TypeId`] through `map`.
    pub(crate) fn remap(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            Self::Named(id) => *id = map(*id),
            Self::Boxed(inner) | Self::Array(inner) | Self::Map(inner) | Self::Nullable(inner) => inner.remap(map),
            _ => {}
        }
    }

    /// A Rust-like rendering for diagnostics and IR dumps.
    pub fn describe(&self, space: &TypeSpace) -> String {
        match self {
            Self::Named(id) => space.get(*id).ident.clone(),
            Self::Boxed(inner) => format!("Box<{}>", inner.describe(space)),
            Self::String => "String".into(),
            Self::I32 => "i32".into(),
            Self::I64 => "i64".into(),
            Self::I8 => "i8".into(),
            Self::I16 => "i16".into(),
            Self::U8 => "u8".into(),
            Self::U16 => "u16".into(),
            Self::U32 => "u32".into(),
            Self::U64 => "u64".into(),
            Self::I128 => "i128".into(),
            Self::U128 => "u128".into(),
            Self::F32 => "f32".into(),
            Self::F64 => "f64".into(),
            Self::Boolean => "bool".into(),
            Self::DateTime => "DateTime".into(),
            Self::Date => "Date".into(),
            Self::Uuid => "Uuid".into(),
            Self::Bytes => "Base64".into(),
            Self::Binary => "Binary".into(),
            Self::Any => "Any".into(),
            Self::JsonObject => "JsonObject".into(),
            Self::Array(inner) => format!("Vec<{}>", inner.describe(space)),
            Self::Map(inner) => format!("Map<{}>", inner.describe(space)),
            Self::Nullable(inner) => format!("Option<{}>", inner.describe(space)),
        }
    }
}

impl TypeDef {
    /// Every type expression inside this definition.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match &self.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter().map(|a| &a.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
        }
    }

    /// Every type expression inside this definition, for rewriting.
    pub(crate) fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match &mut self.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().map(|f| &mut f.ty).chain(s.additional.iter_mut().map(|a| &mut a.ty)).collect()
            }
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
        }
    }
}
