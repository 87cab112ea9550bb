//! The serde impls of generated structs: what the code of
//! [`SerdeStruct`](crate::SerdeStruct), derived by every struct of a models
//! crate, calls. A struct implements [`FromMap`] (a match of member names
//! to fields) and its `Deserialize` is [`from_map`]; each member is read,
//! finished and written by the module of its kind: [`required`],
//! [`optional`] or [`nullable`].
//!
//! Members are decided as serde's derive, with the attributes the
//! generator gave it, decided them: a required member missing is an error
//! (`None` for a nullable one), an optional one absent `None`, a member
//! given twice an error, an unknown one skipped; an absent optional member
//! is not written. Unlike the derive, a struct is read from a map only,
//! not from a sequence of its fields by position; its code is a third of
//! the derive's, which matters to a crate of thousands of structs.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{Deserialize, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;

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

/// Where the next member's name is in `fields` (`fields.len()` for a
/// name none of them is: not text, or unknown), or `None` after the last
/// member. A struct's code then matches numbers, one jump, rather than
/// comparing names arm by arm.
pub fn next_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    map.next_key_seed(MemberIndex(fields))
}

/// Reads a member's name as its position among a struct's fields.
struct MemberIndex(&'static [&'static str]);

impl MemberIndex {
    fn of(&self, name: &[u8]) -> usize {
        self.0.iter().position(|field| field.as_bytes() == name).unwrap_or(self.0.len())
    }
}

impl<'de> DeserializeSeed<'de> for MemberIndex {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for MemberIndex {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<usize, E> {
        Ok(self.of(name.as_bytes()))
    }

    fn visit_bytes<E: Error>(self, name: &[u8]) -> Result<usize, E> {
        Ok(self.of(name))
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<usize, E> {
        Ok(self.0.len())
    }
}

/// A member no field reads, skipped.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The value of member `name` into `slot`; a second one is an error.
fn read_once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
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

// The code a derive expands to is what a large models crate spends its
// build on, so each member costs one call per step, and no `?` (whose
// early return has to drop every other member's slot): a required
// member's missing value is settled by `fill` into one shared error, and
// members are written through a `Writer` that keeps the first error.

/// A member the struct cannot do without: missing, it is what its type
/// reads from nothing, as serde's derive decides (an error naming the
/// member, but `None` for an `Option`, a required nullable member). It is
/// always written (`null` when a nullable one is `None`).
pub mod required {
    use super::{Deserialize, Error, MapAccess, Missing, PhantomData};

    /// The member's value into `slot`; a second one is an error.
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        super::read_once(map, slot, name)
    }

    /// Once every member is read, an empty `slot` gets what its type reads
    /// from nothing, or the error of it goes into `error` (unless `error`
    /// holds one already, which the struct's reading then returns).
    pub fn fill<'de, T: Deserialize<'de>, E: Error>(slot: &mut Option<T>, name: &'static str, error: &mut Option<E>) {
        if slot.is_none() && error.is_none() {
            match T::deserialize(Missing(name, PhantomData)) {
                Ok(value) => *slot = Some(value),
                Err(missing) => *error = Some(missing),
            }
        }
    }

    /// The error of a required slot left empty without one recorded, which
    /// [`fill`] never does: an error all the same, not a panic.
    pub fn unfilled<E: Error>() -> E {
        E::custom("a required member was neither read nor filled")
    }
}

/// A member that may be absent (`None`); `null` reads as absent too.
pub mod optional {
    use super::{Deserialize, MapAccess};

    /// The member's value into `slot`; a second one is an error.
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<Option<T>>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        super::read_once(map, slot, name)
    }

    /// The field's value once every member is read: `None` if absent.
    pub fn finish<T>(slot: Option<Option<T>>) -> Option<T> {
        slot.flatten()
    }

    /// Whether the member is written: 1 or 0.
    pub fn count<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }
}

/// A member that may be absent (`None`) or `null` (`Some(None)`), the two
/// told apart both ways.
pub mod nullable {
    use super::{Deserialize, Error, MapAccess};

    /// The member's value into `slot`; a second one is an error.
    pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
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

    /// The field's value once every member is read: `None` if absent.
    pub fn finish<T>(slot: Option<Option<Option<T>>>) -> Option<Option<T>> {
        slot.flatten()
    }

    /// Whether the member is written: 1 or 0.
    pub fn count<T>(value: &Option<Option<T>>) -> usize {
        usize::from(value.is_some())
    }
}

/// A struct's members being written: after an error the others are
/// skipped, and [`Writer::end`] returns it.
pub struct Writer<S: SerializeStruct>(Result<S, S::Error>);

impl<S: SerializeStruct> Writer<S> {
    /// Members written into `state`, what `serialize_struct` returned.
    pub fn new(state: Result<S, S::Error>) -> Self {
        Self(state)
    }

    /// A required member: always written.
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(state) = &mut self.0 {
            if let Err(error) = state.serialize_field(name, value) {
                self.0 = Err(error);
            }
        }
    }

    /// An optional member: written unless absent.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// A nullable member: written unless absent, `null` for `Some(None)`.
    pub fn nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<Option<T>>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// The struct written, or the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0?.end()
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
    use serde::de::{Deserialize, Deserializer, IgnoredAny};

    /// A struct as the generator writes one: `id` required, `note` nullable
    /// and required, `tag` optional, `more` optional and nullable (member
    /// `extra`).
    #[derive(Debug, PartialEq, crate::SerdeStruct)]
    struct Item {
        id: u32,
        note: Option<String>,
        #[member(optional)]
        tag: Option<String>,
        #[member(nullable, rename = "extra")]
        more: Option<Option<String>>,
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
            more: extra.map(|e| e.map(str::to_owned)),
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

    #[test]
    fn absent_members_are_not_written_and_null_ones_are() {
        let write = |item: &Item| serde_json::to_string(item).expect("serializes");
        let item = Item { id: 1, note: None, tag: None, more: None };
        assert_eq!(write(&item), r#"{"id":1,"note":null}"#, "a required nullable member is written as null");
        let item = Item { id: 2, note: Some("n".into()), tag: Some("t".into()), more: Some(None) };
        assert_eq!(write(&item), r#"{"id":2,"note":"n","tag":"t","extra":null}"#);
        let item = Item { more: Some(Some("e".into())), ..item };
        assert_eq!(write(&item), r#"{"id":2,"note":"n","tag":"t","extra":"e"}"#);
        assert_eq!(read(&write(&item)), Ok(item), "what is written reads back");
    }

    /// Fields named as the expansion's own variables are still the
    /// struct's; a raw identifier is a member named without its `r#`.
    #[test]
    fn field_names_do_not_clash_with_the_expansion() {
        #[derive(Debug, PartialEq, crate::SerdeStruct)]
        struct Clash {
            map: u8,
            key: u8,
            #[member(optional)]
            state: Option<u8>,
            #[member(optional)]
            len: Option<u8>,
            #[member(nullable)]
            value: Option<Option<u8>>,
            r#type: Option<u8>,
        }
        let text = r#"{"map":1,"key":2,"state":3,"value":null,"type":4}"#;
        let clash: Clash = serde_json::from_str(text).expect("reads");
        assert_eq!(clash, Clash { map: 1, key: 2, state: Some(3), len: None, value: Some(None), r#type: Some(4) });
        assert_eq!(serde_json::to_string(&clash).expect("writes"), text);
    }

    #[test]
    fn a_struct_without_members_reads_any_object() {
        #[derive(Debug, PartialEq, crate::SerdeStruct)]
        struct Empty {}
        assert_eq!(serde_json::from_str::<Empty>(r#"{"a": [1]}"#).expect("reads"), Empty {});
        assert_eq!(serde_json::to_string(&Empty {}).expect("writes"), "{}");
    }

    /// A value that cannot be written.
    #[derive(Debug, PartialEq)]
    struct Unwritable;

    impl serde::Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("unwritable"))
        }
    }

    /// Counts the members written.
    struct Counted(std::rc::Rc<std::cell::Cell<u32>>);

    // Read as anything, to be a field of a struct with `SerdeStruct`.
    impl<'de> Deserialize<'de> for Unwritable {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            IgnoredAny::deserialize(deserializer).map(|_| Self)
        }
    }

    impl<'de> Deserialize<'de> for Counted {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            u32::deserialize(deserializer).map(|n| Self(std::rc::Rc::new(std::cell::Cell::new(n))))
        }
    }

    impl serde::Serialize for Counted {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            serializer.serialize_u32(self.0.get())
        }
    }

    #[test]
    fn the_first_error_in_writing_is_returned_and_the_rest_skipped() {
        #[derive(crate::SerdeStruct)]
        struct Faulty {
            before: Counted,
            #[member(optional)]
            bad: Option<Unwritable>,
            after: Counted,
        }
        let count = std::rc::Rc::new(std::cell::Cell::new(0));
        let faulty = Faulty { before: Counted(count.clone()), bad: Some(Unwritable), after: Counted(count.clone()) };
        let error = serde_json::to_string(&faulty).expect_err("a member cannot be written");
        assert_eq!(error.to_string(), "unwritable");
        assert_eq!(count.get(), 1, "the member after the error is not written");

        let fine = Faulty { bad: None, ..faulty };
        assert_eq!(serde_json::to_string(&fine).expect("writes"), r#"{"before":2,"after":3}"#);
    }
}
