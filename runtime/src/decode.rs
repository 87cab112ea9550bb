//! Reading generated structs from maps: what every struct's `Deserialize`
//! in a models crate shares. A struct implements [`FromMap`] (a match of
//! member names to fields) and its `Deserialize` is [`from_map`]. Fields
//! are decided as serde's derive decides them: a required field missing is
//! an error (`None` for a nullable one, see [`required`]), an optional one
//! absent `None`, a member given twice an error, an unknown one skipped.
//! Unlike the derive, a struct is read from a map only, not from a
//! sequence of its fields by position; its code is a third of the derive's,
//! which matters to a crate of thousands of structs.

use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A struct read from the members of a map.
pub trait FromMap<'de>: Sized {
    /// The struct's name, for errors (`expected struct Pet`).
    const NAME: &'static str;
    /// The members it reads.
    const FIELDS: &'static [&'static str];
    /// The struct from `map`'s members.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `T`, read from a map: the body of a generated struct's `Deserialize`.
pub fn from_map<'de, D: Deserializer<'de>, T: FromMap<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A member's name, borrowed from the input where it can be.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped, or from a format that does not lend its text.
    Owned(String),
    /// Not text (an index, bytes that are not UTF-8): no field's name.
    Other,
}

impl Key<'_> {
    /// The name; empty for [`Key::Other`].
    pub fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(name) => name,
            Self::Owned(name) => name,
            Self::Other => "",
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(name))
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(name.to_owned()))
    }

    fn visit_string<E: Error>(self, name: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(name))
    }

    fn visit_bytes<E: Error>(self, name: &[u8]) -> Result<Key<'de>, E> {
        Ok(std::str::from_utf8(name).map_or(Key::Other, |name| Key::Owned(name.to_owned())))
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<Key<'de>, E> {
        Ok(Key::Other)
    }
}

/// The next member's name.
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// The value of member `name` into `slot`; a second one is an error.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// As [`field`], for a field that tells an absent member (`None`) from a
/// `null` one (`Some(None)`).
pub fn nullable<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<Option<T>>>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// A member no field reads, skipped.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A required field's value. Missing, it is what its type reads from
/// nothing, as serde's derive decides: an error naming the field, but
/// `None` for an `Option` (a required nullable field).
pub fn required<'de, T: Deserialize<'de>, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

/// The value of a missing member.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct as the generator writes one: `id` required, `note` nullable
    /// and required, `tag` optional, `extra` optional and nullable.
    #[derive(Debug, PartialEq)]
    struct Item {
        id: u32,
        note: Option<String>,
        tag: Option<String>,
        extra: Option<Option<String>>,
    }

    impl<'de> FromMap<'de> for Item {
        const NAME: &'static str = "Item";
        const FIELDS: &'static [&'static str] = &["id", "note", "tag", "extra"];

        fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut id, mut note, mut tag, mut extra) = (None, None, None, None);
            while let Some(key) = next_key(&mut map)? {
                match key.as_str() {
                    "id" => field(&mut map, &mut id, "id")?,
                    "note" => field(&mut map, &mut note, "note")?,
                    "tag" => field(&mut map, &mut tag, "tag")?,
                    "extra" => nullable(&mut map, &mut extra, "extra")?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Self {
                id: required(id, "id")?,
                note: required(note, "note")?,
                tag: tag.unwrap_or_default(),
                extra: extra.unwrap_or_default(),
            })
        }
    }

    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            from_map(deserializer)
        }
    }

    fn read(text: &str) -> Result<Item, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn members_are_decided_as_the_derive_decides_them() {
        let item = |id, note: Option<&str>, tag: Option<&str>, extra: Option<Option<&str>>| Item {
            id,
            note: note.map(str::to_owned),
            tag: tag.map(str::to_owned),
            extra: extra.map(|e| e.map(str::to_owned)),
        };
        assert_eq!(read(r#"{"id": 1}"#), Ok(item(1, None, None, None)), "a missing nullable field is None");
        assert_eq!(read(r#"{"id": 1, "extra": null}"#), Ok(item(1, None, None, Some(None))));
        assert_eq!(read(r#"{"id": 1, "extra": "e", "tag": "t"}"#), Ok(item(1, None, Some("t"), Some(Some("e")))));
        assert_eq!(read(r#"{"id": 1, "tag": null, "other": [1, {"a": null}]}"#), Ok(item(1, None, None, None)));
        assert_eq!(read(r#"{"\u0069d": 2, "note": "n"}"#), Ok(item(2, Some("n"), None, None)), "an escaped name");
        let value = serde_json::json!({"id": 3, "note": "n"});
        assert_eq!(
            serde_json::from_value::<Item>(value).map_err(|e| e.to_string()),
            Ok(item(3, Some("n"), None, None))
        );

        let error = read(r#"{"note": "n"}"#).expect_err("id is missing");
        assert!(error.starts_with("missing field `id`"), "{error}");
        let error = read(r#"{"id": 1, "id": 2}"#).expect_err("id twice");
        assert!(error.starts_with("duplicate field `id`"), "{error}");
        let error = read(r#"{"id": "1"}"#).expect_err("id is a string");
        assert!(error.starts_with("invalid type: string \"1\", expected u32"), "{error}");
        let error = read("[1]").expect_err("not a map");
        assert!(error.starts_with("invalid type: sequence, expected struct Item"), "{error}");
    }
}
