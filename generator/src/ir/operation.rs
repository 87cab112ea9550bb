//! Operations: one HTTP method on one path, with its parameters, body,
//! responses and security.

use super::{Constraints, Security, TypeRef};

/// One operation, ready to become a client method and a server handler.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or a deterministic one synthesized from method and path.
    pub id: String,
    /// snake_case method name.
    pub fn_ident: String,
    /// PascalCase prefix for the operation's own types (`GetUser`).
    pub type_ident: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template as written, e.g. `/users/{user_id}/`.
    pub path: String,
    /// The template split into literal and parameter segments.
    pub segments: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Path-item and operation parameters merged, in spec order.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// Responses: codes in ascending order, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// Effective security requirement (operation's own, else the document's).
    pub security: Security,
    /// The URL of the operation's own server (`servers` of the operation,
    /// else of its path item; the first, variables at their defaults), which
    /// replaces the API's default base URL; `None` for the API's servers.
    pub server: Option<String>,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// The largest request body the server takes for this operation, in
    /// bytes, where it is not the router's limit: a binary body's
    /// `maxLength`, or the options' limit for this operation.
    pub body_limit: Option<u64>,
}

/// HTTP methods OpenAPI 3.0 can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has no further effect (RFC 9110).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as is.
    Literal(String),
    /// A path parameter, by wire name.
    Param(String),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// OpenAPI serialization styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query, cookie default).
    Form,
    /// `simple` (path, header default).
    Simple,
    /// `label` (`.value`).
    Label,
    /// `matrix` (`;name=value`).
    Matrix,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Name on the wire.
    pub name: String,
    /// snake_case identifier, unique within the operation.
    pub ident: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// `required` (always true for path parameters).
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// `style`, defaulted per location.
    pub style: ParamStyle,
    /// `explode`, defaulted per style.
    pub explode: bool,
    /// The media type of a parameter declared with `content` instead of
    /// `schema` (a JSON one): its value travels as JSON text, encoded as a
    /// string in its location (`style` and `explode` are then unused).
    pub json: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Schema `default`.
    pub default: Option<serde_json::Value>,
    /// Validation keywords of the schema.
    pub constraints: Constraints,
    /// `example` of the parameter or its schema.
    pub example: Option<serde_json::Value>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// One entry per content type, in spec order.
    pub contents: Vec<BodyContent>,
}

/// One content type of a body or response.
#[derive(Debug, Clone)]
pub struct BodyContent {
    /// The media type as written, e.g. `application/json`.
    pub media_type: String,
    /// How it is encoded.
    pub kind: MediaKind,
    /// The schema's type; `None` when the spec gives no schema.
    pub ty: Option<TypeRef>,
    /// The fields of a form body that travel in a style of their own (the
    /// form's `encoding`), in spec order; the others travel as one field
    /// per item, objects as JSON text.
    pub styled: Vec<StyledField>,
}

/// A field of a form body that travels in a style of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledField {
    /// The field's name.
    pub name: String,
    /// How it travels.
    pub style: FieldStyle,
}

/// How a styled form field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldStyle {
    /// An array whose items travel joined in one field (`explode: false`,
    /// `spaceDelimited`, `pipeDelimited`).
    Joined(Delimiter),
    /// `deepObject`: `name[key]=value`, nested members `name[key][sub]`,
    /// arrays' items `name[0]`.
    DeepObject,
}

impl FieldStyle {
    /// The parameter style that writes it.
    pub fn param_style(self) -> ParamStyle {
        match self {
            Self::Joined(delimiter) => delimiter.style(),
            Self::DeepObject => ParamStyle::DeepObject,
        }
    }
}

/// What separates the items of an array sent as one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// `,` (`style: form`, `explode: false`).
    Comma,
    /// A space (`spaceDelimited`).
    Space,
    /// `|` (`pipeDelimited`).
    Pipe,
}

impl Delimiter {
    /// The style that joins items with it.
    pub fn style(self) -> ParamStyle {
        match self {
            Self::Comma => ParamStyle::Form,
            Self::Space => ParamStyle::SpaceDelimited,
            Self::Pipe => ParamStyle::PipeDelimited,
        }
    }
}

/// Encodings the generator knows how to send and receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` and `*+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`.
    Text,
    /// Anything else, carried as bytes.
    Binary,
}

/// Which statuses a response entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX`, by its first digit.
    Range(u8),
    /// `default`: every status not otherwise listed.
    Default,
}

impl StatusMatch {
    /// Whether a status in this entry means success (2XX).
    pub fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..300).contains(&code),
            Self::Range(class) => class == 2,
            Self::Default => false,
        }
    }
}

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// PascalCase name for the variant it becomes (`Ok`, `NotFound`, `Status418`, `Default`).
    pub ident: String,
    /// `description`.
    pub description: String,
    /// Declared response headers.
    pub headers: Vec<ResponseHeader>,
    /// Content types; empty for a response without a body.
    pub contents: Vec<BodyContent>,
}

/// A declared response header.
#[derive(Debug, Clone)]
pub struct ResponseHeader {
    /// Header name as declared.
    pub name: String,
    /// snake_case identifier.
    pub ident: String,
    /// `required`.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// `description`.
    pub description: Option<String>,
}

impl Operation {
    /// Every type expression the operation uses.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let params = self.parameters.iter().map(|p| &p.ty);
        let body = self.body.iter().flat_map(|b| &b.contents).filter_map(|c| c.ty.as_ref());
        let responses = self
            .responses
            .iter()
            .flat_map(|r| r.headers.iter().map(|h| &h.ty).chain(r.contents.iter().filter_map(|c| c.ty.as_ref())));
        params.chain(body).chain(responses).collect()
    }

    /// Every type expression the operation uses, for rewriting.
    pub(crate) fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let params = self.parameters.iter_mut().map(|p| &mut p.ty);
        let body = self.body.iter_mut().flat_map(|b| &mut b.contents).filter_map(|c| c.ty.as_mut());
        let responses = self.responses.iter_mut().flat_map(|r| {
            r.headers.iter_mut().map(|h| &mut h.ty).chain(r.contents.iter_mut().filter_map(|c| c.ty.as_mut()))
        });
        params.chain(body).chain(responses).collect()
    }
}
