//! Error bodies in the spec's shape. The router answers some requests on
//! its own (400, 401, 404, 405, 413, 415, 500) with a JSON body of its
//! making: `{"status", "error", "message", "errors"}`. Where the spec
//! declares a schema for such a status and that body breaks it (an error
//! object with `additionalProperties: false`, or other required members),
//! [`finish`](super::finish) rewrites the body to fit: the members the schema
//! declares, taken from the error where they fit (its message in strings,
//! its status in integers), the required ones it cannot fill given the
//! simplest valid value. Answers that already fit pass untouched, and so
//! does every response an `Api` method builds.

use axum::body::{Body, to_bytes};
use axum::http::header;
use axum::response::Response;
use serde_json::{Map, Value};

use super::error::HttpError;
use crate::validate::{Direction, Rules, Schema, StringFormat, is_valid};

/// For each status the router answers on its own, the schemas the spec
/// declares for it; an answer must fit all of them.
pub type ErrorBodies = &'static [(u16, &'static [&'static Schema<'static>])];

/// `response`, if it is the router's own error answer, made to fit
/// `bodies` (see [`finish`](super::finish)).
pub(crate) async fn reshape(response: Response, bodies: ErrorBodies) -> Response {
    let Some(schemas) = schemas_to_fit(&response, bodies) else { return response };
    let status = response.status().as_u16();
    let Some(error) = response.extensions().get::<HttpError>().cloned() else { return response };
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else { return Response::from_parts(parts, Body::empty()) };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if schemas.iter().all(|schema| fits(&value, schema)) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let error = Answer::read(value, status, error);
    match schemas.iter().map(|schema| error.shape(schema)).find(|v| schemas.iter().all(|schema| fits(v, schema))) {
        Some(shaped) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(shaped.to_string()))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The schemas `response` must be made to fit, if it is the router's own
/// error answer with a status `bodies` lists; `None` for every other
/// response, which [`reshape`] passes untouched.
pub(crate) fn schemas_to_fit(response: &Response, bodies: ErrorBodies) -> Option<&'static [&'static Schema<'static>]> {
    // Only the router's own answers, which carry their `HttpError`: an
    // `Api` method's are the spec's types already. Looked up first: for a
    // response without extensions (most) that answers at once.
    response.extensions().get::<HttpError>()?;
    let status = response.status().as_u16();
    bodies.iter().find(|(code, _)| *code == status).map(|(_, schemas)| *schemas)
}

fn fits(value: &Value, schema: &Schema<'static>) -> bool {
    is_valid(value, schema, Direction::Request)
}

/// The router's own answer, read back from its body.
struct Answer {
    /// Its members: `status`, `error`, `message` and maybe `errors`.
    members: Map<String, Value>,
    message: String,
    status: u16,
    /// The error it was made from, to say it again in fewer characters.
    error: HttpError,
}

impl Answer {
    fn read(value: Value, status: u16, error: HttpError) -> Self {
        let members = match value {
            Value::Object(members) => members,
            _ => Map::new(),
        };
        let message = members.get("message").and_then(Value::as_str).unwrap_or("error").to_owned();
        Self { members, message, status, error }
    }

    /// A value of `schema` carrying as much of the answer as it allows.
    fn shape(&self, schema: &Schema<'static>) -> Value {
        match schema {
            Schema::Ref(inner) | Schema::Nullable(inner) => self.shape(inner),
            Schema::Object(object) => {
                let mut members = Map::new();
                for field in object.fields.iter().filter(|f| !f.write_only) {
                    match self.members.get(field.name) {
                        Some(value) if fits(value, field.schema) => {
                            members.insert(field.name.to_owned(), value.clone());
                        }
                        _ if field.required => {
                            members.insert(field.name.to_owned(), self.fill(field.schema, &Rules::NONE));
                        }
                        _ => {}
                    }
                }
                // Where the schema allows other members, keep the answer's details.
                if !object.deny_unknown && object.additional.is_none() {
                    for (name, value) in &self.members {
                        if !object.fields.iter().any(|f| f.name == name) {
                            members.insert(name.clone(), value.clone());
                        }
                    }
                }
                Value::Object(members)
            }
            other => self.fill(other, &Rules::NONE),
        }
    }

    /// The simplest value of `schema` that says something about the
    /// answer: its message in a string, its status in a number.
    fn fill(&self, schema: &Schema<'static>, rules: &Rules) -> Value {
        match schema {
            Schema::Ref(inner) => self.fill(inner, rules),
            Schema::Late(late) => late.get().map_or(Value::Null, |inner| self.fill(inner, rules)),
            Schema::Constrained(inner, own) => self.fill(inner, own),
            Schema::String(Rules { format: Some(format), .. }) => Value::String(example(*format).to_owned()),
            Schema::Nullable(_) => Value::Null,
            Schema::Object(_) => self.shape(schema),
            Schema::String(own) => Value::String(self.text(if *own == &Rules::NONE { rules } else { own })),
            Schema::Any | Schema::Binary => Value::String(self.text(rules)),
            Schema::Integer(_, own) => Value::from(self.number(if *own == &Rules::NONE { rules } else { own }) as i64),
            Schema::Number(own) => {
                serde_json::Number::from_f64(self.number(if *own == &Rules::NONE { rules } else { own }))
                    .map_or(Value::Null, Value::Number)
            }
            Schema::Boolean => Value::Bool(false),
            Schema::StringEnum(values) => values.first().map_or(Value::Null, |v| Value::String((*v).to_owned())),
            Schema::IntegerEnum(values) => {
                let status = i64::from(self.status);
                Value::from(if values.contains(&status) { status } else { values.first().copied().unwrap_or(status) })
            }
            Schema::Array(..) => Value::Array(Vec::new()),
            Schema::Map(..) | Schema::JsonObject => Value::Object(Map::new()),
            Schema::Union(union) => union
                .variants
                .iter()
                .map(|variant| self.fill(variant, rules))
                .find(|value| fits(value, schema))
                .unwrap_or(Value::Null),
        }
    }

    /// The status, if the bounds allow it; else the nearest bound.
    fn number(&self, rules: &Rules) -> f64 {
        let status = f64::from(self.status);
        let status = rules.minimum.map_or(status, |min| status.max(min.ceil()));
        rules.maximum.map_or(status, |max| status.min(max.floor()))
    }

    /// The message, said within `maxLength` (naming as many of a 400's
    /// fields as fit) and padded to `minLength`.
    fn text(&self, rules: &Rules) -> String {
        let mut text = match rules.max_length {
            Some(max) if self.message.chars().count() > max => self.error.message_within(max),
            _ => self.message.clone(),
        };
        let min = rules.min_length.unwrap_or(0);
        while text.chars().count() < min {
            text.push('.');
        }
        text
    }
}

/// A value of a checked string format: the answer has none to give.
fn example(format: StringFormat) -> &'static str {
    match format {
        StringFormat::DateTime => "1970-01-01T00:00:00Z",
        StringFormat::Date => "1970-01-01",
        StringFormat::Uuid => "00000000-0000-0000-0000-000000000000",
        StringFormat::Byte => "",
        StringFormat::Email => "error@example.com",
        StringFormat::Uri => "about:blank",
        StringFormat::Ipv4 => "0.0.0.0",
        StringFormat::Ipv6 => "::",
        StringFormat::Hostname => "localhost",
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::extract::Request;
    use axum::http::StatusCode;
    use axum::routing::get;
    use serde_json::json;
    use tower::ServiceExt as _;

    use super::*;
    use crate::validate::{Field, IntegerFormat, Object};

    /// `{message}` only, at most 20 characters, as a strict spec declares it.
    static STRICT: Schema = Schema::Object(&Object {
        fields: &[Field::new("message", &Schema::String(&Rules::NONE.max_length(20))).required()],
        additional: None,
        deny_unknown: true,
    });
    /// `{code, detail}`, both required, other members allowed.
    static OTHER: Schema = Schema::Object(&Object {
        fields: &[
            Field::new("code", &Schema::Integer(IntegerFormat::I32, &Rules::NONE)).required(),
            Field::new("detail", &Schema::STRING).required(),
        ],
        additional: None,
        deny_unknown: false,
    });
    static BODIES: ErrorBodies = &[(400, &[&STRICT]), (404, &[&OTHER]), (401, &[&STRICT, &OTHER])];

    async fn answer(uri: &str) -> (StatusCode, Value) {
        let app = Router::new()
            .route("/bad", get(|| async { HttpError::new(StatusCode::BAD_REQUEST, "invalid request: a long message") }))
            .route("/auth", get(|| async { HttpError::new(StatusCode::UNAUTHORIZED, "missing") }))
            .route("/typed", get(|| async { (StatusCode::BAD_REQUEST, axum::Json(json!({"other": 1}))) }));
        let response = crate::server::finish(app, BODIES)
            .oneshot(Request::builder().uri(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let status = response.status();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("body");
        (status, serde_json::from_slice(&bytes).expect("json"))
    }

    #[tokio::test]
    async fn answers_are_cut_to_a_strict_schema() {
        assert_eq!(answer("/bad").await, (StatusCode::BAD_REQUEST, json!({"message": "invalid request: a l"})));
    }

    #[tokio::test]
    async fn required_members_are_filled_and_details_kept_where_allowed() {
        let (status, body) = answer("/nowhere").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body,
            json!({"code": 404, "detail": "no operation has this path", "status": 404, "error": "Not Found", "message": "no operation has this path"})
        );
    }

    #[tokio::test]
    async fn an_answer_must_fit_every_schema_declared_for_its_status() {
        // No single body fits both: the router's own is kept.
        let (_, body) = answer("/auth").await;
        assert_eq!(body, json!({"status": 401, "error": "Unauthorized", "message": "missing"}));
    }

    #[tokio::test]
    async fn responses_that_are_not_the_routers_own_pass_untouched() {
        assert_eq!(answer("/typed").await, (StatusCode::BAD_REQUEST, json!({"other": 1})));
    }
}
