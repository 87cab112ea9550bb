//! Validation tables: what a generated server knows about the shape of
//! every request and response body, as `static` data the validator walks.

/// One schema: the shape of a JSON value and the rules it must obey.
#[derive(Debug)]
pub enum Schema {
    /// Any JSON value.
    Any,
    /// `true` or `false`.
    Boolean,
    /// An integer; `i32` is range-checked as the `int32` format requires.
    Integer(IntegerFormat, &'static Rules),
    /// Any number.
    Number(&'static Rules),
    /// A string; the format is checked when the typed value is built.
    String(&'static Rules),
    /// One of the listed strings, nothing else.
    StringEnum(&'static [&'static str]),
    /// One of the listed integers, nothing else.
    IntegerEnum(&'static [i64]),
    /// An array of items.
    Array(&'static Schema, &'static Rules),
    /// An object with string keys and values of one schema.
    Map(&'static Schema, &'static Rules),
    /// Any JSON object.
    JsonObject,
    /// An object with known properties.
    Object(&'static Object),
    /// `oneOf`/`anyOf`: the first alternative the value satisfies.
    Union(&'static Union),
    /// `null` or a value of the inner schema.
    Nullable(&'static Schema),
    /// Another named schema (a schema that is an alias of another).
    Ref(&'static Schema),
    /// A schema with further rules: a property that refers to a named
    /// schema and adds keywords of its own.
    Constrained(&'static Schema, &'static Rules),
    /// A file: a multipart file part, or bytes of an octet stream.
    Binary,
}

/// The width of an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerFormat {
    /// `int32`.
    I32,
    /// `int64` or none.
    I64,
}

/// An object's properties.
#[derive(Debug)]
pub struct Object {
    /// Properties in spec order.
    pub fields: &'static [Field],
    /// The schema of members not listed, when the spec allows them as a map.
    pub additional: Option<&'static Schema>,
    /// `additionalProperties: false`: members not listed are an error.
    pub deny_unknown: bool,
}

/// One property of an object.
#[derive(Debug)]
pub struct Field {
    /// Member name.
    pub name: &'static str,
    /// Its schema (with the field's own rules).
    pub schema: &'static Schema,
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
pub struct Union {
    /// Alternatives in spec order.
    pub variants: &'static [&'static Schema],
    /// The discriminator property and the alternative each of its values selects.
    pub discriminator: Option<(&'static str, &'static [(&'static str, &'static Schema)])>,
}

/// Validation keywords (`minLength`, `maximum`, `maxItems`...); a keyword
/// that does not apply to the value's type is ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`, an ECMA-262 regular expression as written in the spec.
    pub pattern: Option<&'static str>,
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

impl Field {
    /// An optional, non-nullable property that travels both ways.
    pub const fn new(name: &'static str, schema: &'static Schema) -> Self {
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

impl Rules {
    /// No keyword set.
    pub const NONE: Rules = Rules {
        min_length: None,
        max_length: None,
        pattern: None,
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
    pub const fn pattern(self, pattern: &'static str) -> Self {
        Self { pattern: Some(pattern), ..self }
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

impl Schema {
    /// A string without rules.
    pub const STRING: Schema = Schema::String(&Rules::NONE);
    /// A 64-bit integer without rules.
    pub const I64: Schema = Schema::Integer(IntegerFormat::I64, &Rules::NONE);
    /// A 32-bit integer without rules.
    pub const I32: Schema = Schema::Integer(IntegerFormat::I32, &Rules::NONE);
    /// A number without rules.
    pub const NUMBER: Schema = Schema::Number(&Rules::NONE);

    /// The schema behind any [`Schema::Nullable`], [`Schema::Ref`] and
    /// [`Schema::Constrained`] wrappers.
    pub(crate) fn inner(&self) -> &Schema {
        match self {
            Schema::Nullable(inner) | Schema::Ref(inner) | Schema::Constrained(inner, _) => inner.inner(),
            other => other,
        }
    }
}
