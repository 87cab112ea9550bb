//! Validation tables: the shape of a JSON value and the rules it must
//! obey, as data the validator walks. Generated servers hold them as
//! `static`s (`Schema<'static>`, referring to each other directly, cycles
//! included); a program that builds them at run time (the generator checking
//! its mock examples) allocates them in an arena of its own and closes
//! cycles with [`Schema::Late`].

use std::sync::OnceLock;

/// One schema: the shape of a JSON value and the rules it must obey.
#[derive(Debug)]
pub enum Schema<'a> {
    /// Any JSON value.
    Any,
    /// `true` or `false`.
    Boolean,
    /// An integer; `i32` is range-checked as the `int32` format requires.
    Integer(IntegerFormat, &'a Rules<'a>),
    /// Any number.
    Number(&'a Rules<'a>),
    /// A string (its `format`, if any, is one of the rules).
    String(&'a Rules<'a>),
    /// One of the listed strings, nothing else.
    StringEnum(&'a [&'a str]),
    /// One of the listed integers, nothing else.
    IntegerEnum(&'a [i64]),
    /// An array of items.
    Array(&'a Schema<'a>, &'a Rules<'a>),
    /// An object with string keys and values of one schema.
    Map(&'a Schema<'a>, &'a Rules<'a>),
    /// Any JSON object.
    JsonObject,
    /// An object with known properties.
    Object(&'a Object<'a>),
    /// `oneOf` (exactly one alternative, unless a discriminator selects
    /// it) or `anyOf` (at least one).
    Union(&'a Union<'a>),
    /// `null` or a value of the inner schema.
    Nullable(&'a Schema<'a>),
    /// Another named schema (a schema that is an alias of another).
    Ref(&'a Schema<'a>),
    /// A schema with further rules: a property that refers to a named
    /// schema and adds keywords of its own.
    Constrained(&'a Schema<'a>, &'a Rules<'a>),
    /// A file: a multipart file part, or bytes of an octet stream.
    Binary,
    /// A named schema bound once the schemas that refer to it exist: how
    /// schemas built at run time refer to themselves (generated `static`s
    /// use [`Schema::Ref`] instead). Unbound, it accepts any value.
    Late(&'a Late<'a>),
}

/// The target of a [`Schema::Late`], set once. Being a cell, it makes
/// [`Schema`] invariant in its lifetime: a graph built at run time takes
/// all its parts from one arena (a `Schema<'static>` constant does not mix
/// into it; write the value out instead).
#[derive(Default)]
pub struct Late<'a>(OnceLock<Schema<'a>>);

impl<'a> Late<'a> {
    /// Not bound yet.
    pub const fn new() -> Self {
        Self(OnceLock::new())
    }

    /// Bind it; `false` (and no change) if it already was.
    pub fn bind(&self, schema: Schema<'a>) -> bool {
        self.0.set(schema).is_ok()
    }

    /// The schema it was bound to.
    pub fn get(&self) -> Option<&Schema<'a>> {
        self.0.get()
    }
}

/// Not the schema: a bound one may refer back to itself.
impl std::fmt::Debug for Late<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Late").field("bound", &self.0.get().is_some()).finish()
    }
}

/// A string `format` the validator checks: those the generated models
/// give a type of their own, whose parsing would refuse the value anyway,
/// and the text formats validators commonly check (the models keep those
/// as `String`). What each accepts is in the `format` module's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// `date-time`: an RFC 3339 `date-time`, offset included (`T` and `Z`
    /// in either case, as RFC 3339 allows).
    DateTime,
    /// `date`: an RFC 3339 `full-date`.
    Date,
    /// `uuid`: the hyphenated form of RFC 4122 (`8-4-4-4-12` hex digits).
    Uuid,
    /// `byte`: standard base64 with padding (RFC 4648).
    Byte,
    /// `email`: an RFC 5321 mailbox, `local-part@domain`, in ASCII: a
    /// dot-atom or quoted local part of at most 64 characters, a host name
    /// or an address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`), at
    /// most 254 characters in all. No comments, no display name, no
    /// internationalized addresses (RFC 6531).
    Email,
    /// `uri`: an absolute RFC 3986 URI: a scheme, `:`, then only the
    /// characters RFC 3986 allows, `%` only in `%XX` escapes, at most one
    /// `#`, and brackets only around an authority's IP literal.
    Uri,
    /// `ipv4`: RFC 2673 dotted-quad, four decimal octets without leading zeros.
    Ipv4,
    /// `ipv6`: an RFC 4291 text form (`::` once at most, an embedded IPv4
    /// address last), without a zone.
    Ipv6,
    /// `hostname`: an RFC 1123 host name: dot-separated labels of 1 to 63
    /// letters, digits and hyphens, none at a label's start or end, at
    /// most 253 characters, no trailing dot.
    Hostname,
}

/// The width of an integer: the Rust type the models give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerFormat {
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `int64` or none.
    I64,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
    /// `int128`. The models hold it as an `i128`, but a server reads JSON
    /// through `serde_json::Value`, whose numbers are 64-bit (without the
    /// `arbitrary_precision` feature a longer integer becomes a rounded
    /// float), so a server accepts [`i64::MIN`] to [`u64::MAX`] and refuses
    /// the rest as out of range rather than rounding it.
    I128,
    /// `uint128`: as [`I128`](Self::I128), a server accepts 0 to [`u64::MAX`].
    U128,
}

impl IntegerFormat {
    /// The smallest and largest value a server accepts.
    pub const fn range(self) -> (i128, i128) {
        match self {
            Self::I8 => (i8::MIN as i128, i8::MAX as i128),
            Self::I16 => (i16::MIN as i128, i16::MAX as i128),
            Self::I32 => (i32::MIN as i128, i32::MAX as i128),
            Self::I64 => (i64::MIN as i128, i64::MAX as i128),
            Self::U8 => (0, u8::MAX as i128),
            Self::U16 => (0, u16::MAX as i128),
            Self::U32 => (0, u32::MAX as i128),
            Self::U64 | Self::U128 => (0, u64::MAX as i128),
            Self::I128 => (i64::MIN as i128, u64::MAX as i128),
        }
    }

    /// The format as a spec names it (`int64` for an integer without one).
    pub const fn name(self) -> &'static str {
        match self {
            Self::I8 => "int8",
            Self::I16 => "int16",
            Self::I32 => "int32",
            Self::I64 => "int64",
            Self::U8 => "uint8",
            Self::U16 => "uint16",
            Self::U32 => "uint32",
            Self::U64 => "uint64",
            Self::I128 => "int128",
            Self::U128 => "uint128",
        }
    }
}

/// An object's properties.
#[derive(Debug)]
pub struct Object<'a> {
    /// Properties in spec order.
    pub fields: &'a [Field<'a>],
    /// The schema of members not listed, when the spec allows them as a map.
    pub additional: Option<&'a Schema<'a>>,
    /// `additionalProperties: false`: members not listed are an error.
    pub deny_unknown: bool,
}

/// One property of an object.
#[derive(Debug)]
pub struct Field<'a> {
    /// Member name.
    pub name: &'a str,
    /// Its schema (with the field's own rules).
    pub schema: &'a Schema<'a>,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `readOnly`: not required in requests, and ignored there.
    pub read_only: bool,
    /// `writeOnly`: never sent in responses.
    pub write_only: bool,
}

/// `oneOf`/`anyOf`.
#[derive(Debug)]
pub struct Union<'a> {
    /// Alternatives in spec order.
    pub variants: &'a [&'a Schema<'a>],
    /// The discriminator property and the alternative each of its values
    /// selects: the value must be valid against that alternative.
    pub discriminator: Option<(&'a str, &'a [(&'a str, &'a Schema<'a>)])>,
    /// `oneOf`: without a discriminator, the value must be valid against
    /// exactly one alternative (`anyOf`: at least one).
    pub exclusive: bool,
}

/// Validation keywords (`minLength`, `maximum`, `maxItems`...); a keyword
/// that does not apply to the value's type is ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules<'a> {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`, an ECMA-262 regular expression as written in the spec.
    pub pattern: Option<&'a str>,
    /// `format`, for the formats the validator checks.
    pub format: Option<StringFormat>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems` (or `minProperties` of a map).
    pub min_items: Option<usize>,
    /// `maxItems` (or `maxProperties` of a map).
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

impl<'a> Field<'a> {
    /// An optional, non-nullable property that travels both ways.
    pub const fn new(name: &'a str, schema: &'a Schema<'a>) -> Self {
        Self { name, schema, required: false, nullable: false, read_only: false, write_only: false }
    }

    /// Listed in `required`.
    pub const fn required(self) -> Self {
        Self { required: true, ..self }
    }

    /// `nullable: true`.
    pub const fn nullable(self) -> Self {
        Self { nullable: true, ..self }
    }

    /// `readOnly: true`.
    pub const fn read_only(self) -> Self {
        Self { read_only: true, ..self }
    }

    /// `writeOnly: true`.
    pub const fn write_only(self) -> Self {
        Self { write_only: true, ..self }
    }
}

impl<'a> Rules<'a> {
    /// No keyword set.
    pub const NONE: Rules<'a> = Rules {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
        min_items: None,
        max_items: None,
        unique_items: false,
    };

    /// With `minLength`.
    pub const fn min_length(self, min: usize) -> Self {
        Self { min_length: Some(min), ..self }
    }

    /// With `maxLength`.
    pub const fn max_length(self, max: usize) -> Self {
        Self { max_length: Some(max), ..self }
    }

    /// With `pattern`.
    pub const fn pattern(self, pattern: &'a str) -> Self {
        Self { pattern: Some(pattern), ..self }
    }

    /// With `format`.
    pub const fn format(self, format: StringFormat) -> Self {
        Self { format: Some(format), ..self }
    }

    /// With `minimum`.
    pub const fn minimum(self, minimum: f64) -> Self {
        Self { minimum: Some(minimum), ..self }
    }

    /// With `maximum`.
    pub const fn maximum(self, maximum: f64) -> Self {
        Self { maximum: Some(maximum), ..self }
    }

    /// With `exclusiveMinimum`.
    pub const fn exclusive_minimum(self) -> Self {
        Self { exclusive_minimum: true, ..self }
    }

    /// With `exclusiveMaximum`.
    pub const fn exclusive_maximum(self) -> Self {
        Self { exclusive_maximum: true, ..self }
    }

    /// With `multipleOf`.
    pub const fn multiple_of(self, factor: f64) -> Self {
        Self { multiple_of: Some(factor), ..self }
    }

    /// With `minItems`.
    pub const fn min_items(self, min: usize) -> Self {
        Self { min_items: Some(min), ..self }
    }

    /// With `maxItems`.
    pub const fn max_items(self, max: usize) -> Self {
        Self { max_items: Some(max), ..self }
    }

    /// With `uniqueItems`.
    pub const fn unique_items(self) -> Self {
        Self { unique_items: true, ..self }
    }
}

impl Schema<'static> {
    /// A string without rules.
    pub const STRING: Schema<'static> = Schema::String(&Rules::NONE);
    /// A 64-bit integer without rules.
    pub const I64: Schema<'static> = Schema::Integer(IntegerFormat::I64, &Rules::NONE);
    /// A 32-bit integer without rules.
    pub const I32: Schema<'static> = Schema::Integer(IntegerFormat::I32, &Rules::NONE);
    /// A number without rules.
    pub const NUMBER: Schema<'static> = Schema::Number(&Rules::NONE);
    /// A `date-time` string.
    pub const DATE_TIME: Schema<'static> = Schema::String(&Rules::NONE.format(StringFormat::DateTime));
    /// A `date` string.
    pub const DATE: Schema<'static> = Schema::String(&Rules::NONE.format(StringFormat::Date));
    /// A `uuid` string.
    pub const UUID: Schema<'static> = Schema::String(&Rules::NONE.format(StringFormat::Uuid));
    /// A `byte` (base64) string.
    pub const BYTE: Schema<'static> = Schema::String(&Rules::NONE.format(StringFormat::Byte));
}

impl<'a> Schema<'a> {
    /// The schema behind any [`Schema::Nullable`], [`Schema::Ref`],
    /// [`Schema::Constrained`] and bound [`Schema::Late`] wrappers.
    pub fn inner(&self) -> &Schema<'a> {
        match self {
            Schema::Nullable(inner) | Schema::Ref(inner) | Schema::Constrained(inner, _) => inner.inner(),
            Schema::Late(late) => late.get().map_or(self, Schema::inner),
            other => other,
        }
    }
}
