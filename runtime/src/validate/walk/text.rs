//! Validation of a request's JSON text as it is parsed, without building a
//! [`Value`] tree: what a server tries first for a JSON body.
//!
//! It answers one question: is the text valid JSON that [`check`](super::check)
//! would find no fault in and take nothing out of? Only a `true` is
//! binding: on `false` the caller builds the value and walks it, which
//! gives the errors and their pointers. So this pass stops at the first
//! fault, keeps no pointer and builds no message, and says `false` where it
//! cannot tell cheaply:
//! - a member the request direction removes (readOnly) is present: the
//!   model must not see it, and only the tree can lose it;
//! - an object or map with `minProperties` (the tree counts a repeated
//!   member once), an array with `uniqueItems`, a `oneOf`/`anyOf`: these
//!   parts alone are built as values and walked (a union's alternatives
//!   must each see the whole value), unless an alternative removes members;
//! - a nesting of schemas deeper than half the walker's limit.
//!
//! Scalars are judged by the walker's own rules (the same functions), so
//! the two cannot disagree on what a valid string or number is.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{MAX_DEPTH, Walker, drops_members};
use crate::validate::schema::{Object, Rules, Schema};
use crate::validate::{Direction, Findings, Place};

/// Whether `text` is one JSON value (surrounding whitespace allowed) that
/// is valid against `schema` travelling as a request, with no member the
/// request direction removes: `true` means that parsing it into a
/// [`Value`] and checking it would find nothing and change nothing.
pub(crate) fn accepts(text: &[u8], schema: &Schema<'_>) -> bool {
    let mut parser = serde_json::Deserializer::from_slice(text);
    Seed { schema, nullable: false, depth: 0 }.deserialize(&mut parser).is_ok() && parser.end().is_ok()
}

/// Whether `text`, as a string, is valid against `schema` (a request's
/// scalar parameter): judged as [`accepts`] judges a string member, no
/// value built; `false` where it cannot tell.
pub(crate) fn accepts_str(text: &str, schema: &Schema<'_>) -> bool {
    Seed::text(schema, text, 0)
}

/// The deepest schema nesting judged here; deeper ones go to the walker.
const DEPTH: usize = MAX_DEPTH / 2;

/// A walker whose findings only say whether a rule was broken, starting
/// `depth` schemas deep.
fn judge(depth: usize) -> Walker<'static> {
    Walker { place: Place::Body, field: "", direction: Direction::Request, found: Findings::default(), depth }
}

/// The error that ends the pass: its text is never read.
fn refuse<E: de::Error>() -> E {
    E::custom("refused")
}

/// A value to check against `schema`; `nullable` when its member is
/// `nullable: true` (a `null` is then valid whatever the schema).
#[derive(Clone, Copy)]
struct Seed<'s, 'a> {
    schema: &'s Schema<'a>,
    nullable: bool,
    depth: usize,
}

/// What a schema makes of a value before its first token is read.
enum Plan {
    /// Anything is valid: skip it.
    Skip,
    /// Build this part as a value and walk it.
    Build,
    /// Check it token by token.
    Stream,
}

/// The schema under its wrappers, with the rules of one
/// [`Schema::Constrained`] among them (`None` for a second one: a value to
/// build), and how many wrappers there were.
fn peel<'s, 'a>(schema: &'s Schema<'a>) -> Option<(&'s Schema<'a>, Option<&'s Rules<'a>>, usize)> {
    let (mut schema, mut rules, mut hops) = (schema, None, 0);
    loop {
        schema = match schema {
            Schema::Ref(inner) | Schema::Nullable(inner) => inner,
            Schema::Late(late) => match late.get() {
                Some(inner) => inner,
                None => return Some((&Schema::Any, rules, hops)),
            },
            Schema::Constrained(inner, own) => {
                if rules.replace(*own).is_some() {
                    return None;
                }
                inner
            }
            _ => return Some((schema, rules, hops)),
        };
        hops += 1;
        if hops >= DEPTH {
            // A cycle of wrappers: the walker reports it.
            return None;
        }
    }
}

fn plan(schema: &Schema<'_>) -> Plan {
    let Some((base, rules, _)) = peel(schema) else { return Plan::Build };
    let unique = rules.is_some_and(|r| r.unique_items);
    let min_properties = rules.is_some_and(|r| r.min_items.is_some());
    match base {
        Schema::Any | Schema::Binary if rules.is_none() => Plan::Skip,
        Schema::Union(_) => Plan::Build,
        Schema::Array(_, own) if unique || own.unique_items => Plan::Build,
        Schema::Map(_, own) if min_properties || own.min_items.is_some() => Plan::Build,
        Schema::Object(_) if min_properties => Plan::Build,
        _ => Plan::Stream,
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.depth >= DEPTH {
            return Err(refuse());
        }
        match plan(self.schema) {
            Plan::Skip => deserializer.deserialize_ignored_any(IgnoredAny).map(drop),
            Plan::Stream => deserializer.deserialize_any(self),
            Plan::Build => {
                if drops_members(self.schema, Direction::Request, &mut Vec::new()) {
                    return Err(refuse());
                }
                let value = Value::deserialize(deserializer)?;
                self.scalar(value)
            }
        }
    }
}

impl Seed<'_, '_> {
    /// A value the walker judges (a scalar, or a part built as a value).
    fn scalar<E: de::Error>(self, mut value: Value) -> Result<(), E> {
        if self.nullable && value.is_null() {
            return Ok(());
        }
        let mut walker = judge(self.depth);
        walker.check(&mut value, self.schema, &mut String::new());
        if walker.found.is_empty() { Ok(()) } else { Err(refuse()) }
    }

    /// Whether `text` is valid, as the walker would judge a string
    /// `depth` schemas deep.
    fn text(schema: &Schema<'_>, text: &str, depth: usize) -> bool {
        if depth >= DEPTH {
            return false;
        }
        match schema {
            Schema::Any | Schema::Binary => true,
            Schema::Ref(inner) | Schema::Nullable(inner) => Self::text(inner, text, depth + 1),
            Schema::Late(late) => late.get().is_none_or(|inner| Self::text(inner, text, depth + 1)),
            Schema::Constrained(inner, rules) => Self::text(inner, text, depth + 1) && Self::string_rules(text, rules),
            Schema::String(rules) => Self::string_rules(text, rules),
            Schema::StringEnum(allowed) => allowed.contains(&text),
            Schema::Union(_) => {
                let mut walker = judge(depth);
                walker.check(&mut Value::String(text.to_owned()), schema, &mut String::new());
                walker.found.is_empty()
            }
            _ => false,
        }
    }

    /// A string, judged as [`Seed::text`] judges it.
    fn string<E: de::Error>(self, text: &str) -> Result<(), E> {
        if Self::text(self.schema, text, self.depth) { Ok(()) } else { Err(refuse()) }
    }

    fn string_rules(text: &str, rules: &Rules<'_>) -> bool {
        let mut walker = judge(0);
        walker.string_rules(text, rules, "");
        walker.found.is_empty()
    }

    fn count_rules(count: usize, rules: &Rules<'_>, noun: &str) -> bool {
        let mut walker = judge(0);
        walker.count_rules(count, rules, noun, "");
        walker.found.is_empty()
    }

    /// The seed of a value within this one.
    fn within<'s, 'a>(&self, schema: &'s Schema<'a>, nullable: bool, hops: usize) -> Seed<'s, 'a> {
        Seed { schema, nullable, depth: self.depth + hops + 1 }
    }

    fn object<'de, A: MapAccess<'de>>(self, mut map: A, object: &Object<'_>, hops: usize) -> Result<usize, A::Error> {
        // Which fields were seen: a bit each, in a word for up to 64 of them.
        let mut seen_word = 0_u64;
        let mut seen_more = if object.fields.len() > 64 { vec![false; object.fields.len()] } else { Vec::new() };
        let mut count = 0;
        while let Some(Key(name)) = map.next_key()? {
            count += 1;
            match object.fields.iter().position(|field| field.name == name) {
                Some(at) => {
                    let field = &object.fields[at];
                    if field.read_only {
                        return Err(refuse());
                    }
                    map.next_value_seed(self.within(field.schema, field.nullable, hops))?;
                    match seen_more.get_mut(at) {
                        Some(seen) => *seen = true,
                        None => seen_word |= 1 << at,
                    }
                }
                None => match object.additional {
                    Some(schema) => map.next_value_seed(self.within(schema, false, hops))?,
                    None if object.deny_unknown => return Err(refuse()),
                    None => map.next_value::<IgnoredAny>().map(drop)?,
                },
            }
        }
        let seen = |at: usize| seen_more.get(at).copied().unwrap_or(seen_word & (1 << at) != 0);
        let missing =
            object.fields.iter().enumerate().any(|(at, field)| field.required && !field.read_only && !seen(at));
        if missing { Err(refuse()) } else { Ok(count) }
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if Self::text(self.schema, v, self.depth) { Ok(()) } else { Err(refuse()) }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Schema::Array(items, own), rules, hops)) = peel(self.schema) else { return Err(refuse()) };
        let mut count = 0;
        while seq.next_element_seed(self.within(items, false, hops))?.is_some() {
            count += 1;
        }
        let valid =
            Self::count_rules(count, own, "items") && rules.is_none_or(|r| Self::count_rules(count, r, "items"));
        if valid { Ok(()) } else { Err(refuse()) }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((base, rules, hops)) = peel(self.schema) else { return Err(refuse()) };
        let count = match base {
            Schema::Object(object) => self.object(map, object, hops)?,
            Schema::Map(values, own) => {
                let mut count = 0;
                while map.next_key::<IgnoredAny>()?.is_some() {
                    map.next_value_seed(self.within(values, false, hops))?;
                    count += 1;
                }
                if !Self::count_rules(count, own, "properties") {
                    return Err(refuse());
                }
                count
            }
            Schema::JsonObject | Schema::Any | Schema::Binary => {
                let mut count = 0;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
                    count += 1;
                }
                count
            }
            _ => return Err(refuse()),
        };
        if rules.is_none_or(|r| Self::count_rules(count, r, "properties")) { Ok(()) } else { Err(refuse()) }
    }
}

/// A member name, borrowed from the text unless it has escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

mod model;

pub(crate) use model::read;

#[cfg(test)]
mod tests;
