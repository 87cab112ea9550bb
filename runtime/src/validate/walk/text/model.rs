//! A model read straight from JSON text, each value checked against its
//! schema as the model's `Deserialize` asks for it: one pass over the text,
//! no [`Value`] tree (see [`read`]).
//!
//! [`Checked`] wraps the parser: every value the model reads goes through
//! it with the schema of the place the value is at, its visitor sees the
//! value first ([`Checking`]), members and items are handed out wrapped in
//! turn ([`CheckedMap`], [`CheckedSeq`]), and a member's name picks its
//! schema ([`Name`]). A value that the model skips is checked all the
//! same. What the judging pass (`super::accepts`) refuses or builds, this
//! reader refuses or builds too, with the same rules: any doubt ends the
//! read, and the caller takes the long way.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize as _;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{DEPTH, Plan, Seed, peel, plan, refuse};
use crate::validate::Direction;
use crate::validate::schema::{Object, Rules, Schema};
use crate::validate::walk::drops_members;

/// `T` read from `text`, checked against `schema` as a request body as it
/// is read; `None` when the text is not one JSON value valid against the
/// schema with no member the request direction removes, when it is not a
/// `T`, or when this reader cannot tell (see `super::accepts`). `Some`
/// means that parsing the text into a [`Value`], checking it and reading
/// the model from it would give the same `T`.
pub(crate) fn read<T: DeserializeOwned>(text: &[u8], schema: &Schema<'_>) -> Option<T> {
    let mut parser = serde_json::Deserializer::from_slice(text);
    let model =
        T::deserialize(Checked { inner: &mut parser, seed: Seed { schema, nullable: false, depth: 0 } }).ok()?;
    parser.end().ok()?;
    Some(model)
}

/// A deserializer whose values are checked against `seed` as they are read.
struct Checked<'s, 'a, D> {
    inner: D,
    seed: Seed<'s, 'a>,
}

/// A part of the text built as a value and walked (see [`Plan::Build`]).
fn built<'de, D: Deserializer<'de>>(inner: D, seed: Seed<'_, '_>) -> Result<Value, D::Error> {
    if drops_members(seed.schema, Direction::Request, &mut Vec::new()) {
        return Err(refuse());
    }
    let value = Value::deserialize(inner)?;
    seed.scalar(value.clone())?;
    Ok(value)
}

/// `$each! { ... }` over every `Deserializer` method but
/// `deserialize_ignored_any`, each with its arguments before the visitor:
/// the wrappers below forward them all, each its own way.
macro_rules! deserialize_methods {
    ($each:ident) => {
        $each! {
            deserialize_any();
            deserialize_bool();
            deserialize_i8();
            deserialize_i16();
            deserialize_i32();
            deserialize_i64();
            deserialize_i128();
            deserialize_u8();
            deserialize_u16();
            deserialize_u32();
            deserialize_u64();
            deserialize_u128();
            deserialize_f32();
            deserialize_f64();
            deserialize_char();
            deserialize_str();
            deserialize_string();
            deserialize_bytes();
            deserialize_byte_buf();
            deserialize_option();
            deserialize_unit();
            deserialize_unit_struct(name: &'static str);
            deserialize_newtype_struct(name: &'static str);
            deserialize_seq();
            deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize);
            deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
            deserialize_identifier();
        }
    };
}

macro_rules! checked_methods {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            if self.seed.depth >= DEPTH {
                return Err(refuse());
            }
            match plan(self.seed.schema) {
                Plan::Skip => self.inner.$method($($arg,)* visitor),
                Plan::Stream => self.inner.$method($($arg,)* Checking { inner: visitor, seed: self.seed }),
                Plan::Build => built(self.inner, self.seed)?.$method($($arg,)* visitor).map_err(de::Error::custom),
            }
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<'_, '_, D> {
    type Error = D::Error;

    deserialize_methods!(checked_methods);

    /// A value the model skips is checked all the same.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if self.seed.depth >= DEPTH {
            return Err(refuse());
        }
        match plan(self.seed.schema) {
            Plan::Skip => self.inner.deserialize_ignored_any(visitor),
            Plan::Stream => self.inner.deserialize_any(Checking { inner: visitor, seed: self.seed }),
            Plan::Build => built(self.inner, self.seed)?.deserialize_ignored_any(visitor).map_err(de::Error::custom),
        }
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The model's visitor, behind a check of each value it is given.
struct Checking<'s, 'a, V> {
    inner: V,
    seed: Seed<'s, 'a>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Checking<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        self.seed.scalar(Value::Bool(v))?;
        self.inner.visit_bool(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.seed.scalar(Value::from(v))?;
        self.inner.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.seed.scalar(Value::from(v))?;
        self.inner.visit_u64(v)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        // Within 64 bits, as a value holds it; beyond, a value is a float.
        let value = match (i64::try_from(v), u64::try_from(v)) {
            (Ok(v), _) => Value::from(v),
            (_, Ok(v)) => Value::from(v),
            _ => return Err(refuse()),
        };
        self.seed.scalar(value)?;
        self.inner.visit_i128(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        let value = Value::from(u64::try_from(v).map_err(|_| refuse::<E>())?);
        self.seed.scalar(value)?;
        self.inner.visit_u128(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.seed.scalar(Value::from(v))?;
        self.inner.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.seed.string(v)?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.seed.string(v)?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.seed.string(&v)?;
        self.inner.visit_string(v)
    }

    /// Bytes are not text as a value holds it (escapes are not decoded).
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<V::Value, E> {
        Err(refuse())
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.seed.scalar(Value::Null)?;
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.seed.scalar(Value::Null)?;
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Checked { inner: deserializer, seed: self.seed })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Checked { inner: deserializer, seed: self.seed })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let Some((Schema::Array(items, own), rules, hops)) = peel(self.seed.schema) else { return Err(refuse()) };
        let count = Cell::new(0);
        let items = self.seed.within(items, false, hops);
        let model = self.inner.visit_seq(CheckedSeq { inner: seq, items, count: &count })?;
        let count = count.get();
        let valid =
            Seed::count_rules(count, own, "items") && rules.is_none_or(|r| Seed::count_rules(count, r, "items"));
        if valid { Ok(model) } else { Err(refuse()) }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let Some((base, rules, hops)) = peel(self.seed.schema) else { return Err(refuse()) };
        let members = match base {
            Schema::Object(object) => Members::Object(object),
            Schema::Map(values, own) => Members::Map(values, own),
            Schema::JsonObject | Schema::Any | Schema::Binary => Members::Any,
            _ => return Err(refuse()),
        };
        let state =
            MapState { count: Cell::new(0), seen: Cell::new(0), seen_more: Default::default(), at: Cell::new(None) };
        if let Members::Object(object) = members {
            if object.fields.len() > 64 {
                state.seen_more.replace(vec![false; object.fields.len()]);
            }
        }
        let checked = CheckedMap { inner: map, seed: self.seed, hops, members, state: &state };
        let model = self.inner.visit_map(checked)?;
        let count = state.count.get();
        let valid = match members {
            Members::Object(object) => !object
                .fields
                .iter()
                .enumerate()
                .any(|(at, field)| field.required && !field.read_only && !state.was_seen(at)),
            Members::Map(_, own) => Seed::count_rules(count, own, "properties"),
            Members::Any => true,
        };
        if valid && rules.is_none_or(|r| Seed::count_rules(count, r, "properties")) { Ok(model) } else { Err(refuse()) }
    }

    /// Enums are read from strings by the models; anything else is left to
    /// the long way.
    fn visit_enum<A: EnumAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
        Err(refuse())
    }
}

/// The items of an array, each checked against `items`.
struct CheckedSeq<'c, 's, 'a, A> {
    inner: A,
    items: Seed<'s, 'a>,
    count: &'c Cell<usize>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for CheckedSeq<'_, '_, '_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        let item = self.inner.next_element_seed(CheckedSeed { inner: seed, seed: self.items })?;
        if item.is_some() {
            self.count.set(self.count.get() + 1);
        }
        Ok(item)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// The model's seed of a value, to be read through [`Checked`].
struct CheckedSeed<'s, 'a, T> {
    inner: T,
    seed: Seed<'s, 'a>,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for CheckedSeed<'_, '_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        self.inner.deserialize(Checked { inner: deserializer, seed: self.seed })
    }
}

/// What the members of an object are checked against.
#[derive(Clone, Copy)]
enum Members<'s, 'a> {
    /// Known properties.
    Object(&'s Object<'a>),
    /// Values of one schema, with the map's own rules.
    Map(&'s Schema<'a>, &'s Rules<'a>),
    /// Anything.
    Any,
}

/// What a [`CheckedMap`] has seen.
struct MapState {
    count: Cell<usize>,
    /// Which fields were seen: a bit each, for up to 64 of them.
    seen: Cell<u64>,
    /// Which fields were seen, for more than 64.
    seen_more: std::cell::RefCell<Vec<bool>>,
    /// The field whose value comes next: its index, or `usize::MAX` for a
    /// member no field lists.
    at: Cell<Option<usize>>,
}

impl MapState {
    fn was_seen(&self, at: usize) -> bool {
        self.seen_more.borrow().get(at).copied().unwrap_or(at < 64 && self.seen.get() & (1 << at) != 0)
    }

    fn see(&self, at: usize) {
        if let Some(seen) = self.seen_more.borrow_mut().get_mut(at) {
            *seen = true;
        } else if at < 64 {
            self.seen.set(self.seen.get() | 1 << at);
        }
    }
}

/// The members of an object: each name picks the schema its value is
/// checked against.
struct CheckedMap<'c, 's, 'a, A> {
    inner: A,
    seed: Seed<'s, 'a>,
    hops: usize,
    members: Members<'s, 'a>,
    state: &'c MapState,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CheckedMap<'_, '_, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let key = match self.members {
            Members::Object(object) => {
                self.inner.next_key_seed(NameSeed { inner: seed, object, at: &self.state.at })?
            }
            Members::Map(..) | Members::Any => self.inner.next_key_seed(seed)?,
        };
        if key.is_some() {
            self.state.count.set(self.state.count.get() + 1);
        }
        Ok(key)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let schema = match self.members {
            Members::Object(object) => match self.state.at.take() {
                Some(at) if at < object.fields.len() => {
                    let field = &object.fields[at];
                    self.state.see(at);
                    Some((field.schema, field.nullable))
                }
                Some(_) => object.additional.map(|schema| (schema, false)),
                // A value before its name: not something to vouch for.
                None => return Err(refuse()),
            },
            Members::Map(values, _) => Some((values, false)),
            Members::Any => None,
        };
        match schema {
            Some((schema, nullable)) => {
                let seed = CheckedSeed { inner: seed, seed: self.seed.within(schema, nullable, self.hops) };
                self.inner.next_value_seed(seed)
            }
            None => self.inner.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// The model's seed of a member name: the name picks the field (`at`).
struct NameSeed<'c, 's, 'a, K> {
    inner: K,
    object: &'s Object<'a>,
    at: &'c Cell<Option<usize>>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for NameSeed<'_, '_, '_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        self.inner.deserialize(Name { inner: deserializer, object: self.object, at: self.at })
    }
}

/// A member name's deserializer: its visitor learns the name after
/// [`Name::pick`] has picked the field.
struct Name<'c, 's, 'a, D> {
    inner: D,
    object: &'s Object<'a>,
    at: &'c Cell<Option<usize>>,
}

macro_rules! name_methods {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* Naming { inner: visitor, object: self.object, at: self.at })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Name<'_, '_, '_, D> {
    type Error = D::Error;

    deserialize_methods!(name_methods);
    name_methods! {
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The model's visitor of a member name; only text names a member.
struct Naming<'c, 's, 'a, V> {
    inner: V,
    object: &'s Object<'a>,
    at: &'c Cell<Option<usize>>,
}

impl<V> Naming<'_, '_, '_, V> {
    /// The field `name` is (`usize::MAX` for none); an error for a member
    /// the object refuses or the request direction removes.
    fn pick<E: de::Error>(&self, name: &str) -> Result<(), E> {
        let at = match self.object.fields.iter().position(|field| field.name == name) {
            Some(at) if self.object.fields[at].read_only => return Err(refuse()),
            Some(at) => at,
            None if self.object.deny_unknown && self.object.additional.is_none() => return Err(refuse()),
            None => usize::MAX,
        };
        self.at.set(Some(at));
        Ok(())
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Naming<'_, '_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.pick(v)?;
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.pick(v)?;
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.pick(&v)?;
        self.inner.visit_string(v)
    }

    /// A name read as anything but text (a number): left to the long way.
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<V::Value, E> {
        Err(refuse())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<V::Value, E> {
        Err(refuse())
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<V::Value, E> {
        Err(refuse())
    }
}

#[cfg(test)]
mod tests;
