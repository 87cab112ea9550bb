//! Example values of the IR's types, valid against their schemas: the
//! spec's own `example` (or `default`) where it has a valid one, else a
//! value synthesized deterministically from the schema.
//!
//! Each named type has one example, computed once; a value that contains
//! a struct or a union refers to that type's example ([`Sample::Named`]),
//! which the mock writes as a function. References only go to examples
//! finished earlier, so those functions never call each other in a cycle:
//! a reference back to a type still being built is cut instead (an
//! optional member is left out, an array left empty, a nullable `null`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::check::Checker;
use super::scalars;
use crate::ir::{Constraints, Struct, TypeId, TypeKind, TypeRef, TypeSpace, Union};
use crate::naming::snake_ident;

/// A value as the mock writes it: JSON in which a named struct or union
/// is a reference to that type's example.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sample {
    /// A scalar, or a value taken whole from the spec.
    Json(Value),
    /// An array.
    Array(Vec<Sample>),
    /// An object's members, in schema order.
    Object(Vec<(String, Sample)>),
    /// The example of a named type.
    Named(TypeId),
}

/// How many steps the synthesis may take for one API: a bound on
/// pathological type graphs, far above what real specs need.
const BUDGET: usize = 100_000;

/// How deeply examples of named types may nest: deeper types (say a chain
/// of thousands of objects, each a member of the last) get no example
/// rather than exhausting the stack.
const MAX_DEPTH: usize = 64;

/// The most items an array example gets, however large its `minItems`.
const MAX_ITEMS: usize = 1000;

/// The examples of an API's types, built on demand.
pub(crate) struct Samples<'a> {
    space: &'a TypeSpace,
    /// What is valid.
    checker: &'a Checker<'a>,
    /// The example of each named type finished so far.
    done: BTreeMap<TypeId, Sample>,
    /// Types whose example is being built.
    visiting: Vec<TypeId>,
    /// Structs with a member taken from the spec's `example` or `default`.
    member_examples: BTreeSet<TypeId>,
    budget: usize,
}

impl<'a> Samples<'a> {
    pub(crate) fn new(space: &'a TypeSpace, checker: &'a Checker<'a>) -> Self {
        Self {
            space,
            checker,
            done: BTreeMap::new(),
            visiting: Vec::new(),
            member_examples: BTreeSet::new(),
            budget: BUDGET,
        }
    }

    /// What is valid: the runtime's rules over the server's tables.
    pub(crate) fn checker(&self) -> &'a Checker<'a> {
        self.checker
    }

    /// The types of the API.
    pub(crate) fn space(&self) -> &'a TypeSpace {
        self.space
    }

    /// A value of `ty` where it is used with `constraints`, for a member,
    /// parameter or header called `hint`; `None` when the schema allows
    /// no finite value (or none this synthesis finds).
    pub(crate) fn sample(&mut self, ty: &TypeRef, constraints: &Constraints, hint: &str) -> Option<Sample> {
        self.nth(ty, constraints, hint, 0)
    }

    /// The finished example of a named type (for a [`Sample::Named`]).
    pub(crate) fn example(&self, id: TypeId) -> Option<&Sample> {
        self.done.get(&id)
    }

    /// Whether the example of a struct takes members from the spec's examples (or defaults).
    pub(crate) fn uses_member_examples(&self, id: TypeId) -> bool {
        self.member_examples.contains(&id)
    }

    /// Whether a named type's example is referred to rather than written
    /// out: structs and unions, the types worth a function of their own.
    pub(crate) fn is_referred(&self, id: TypeId) -> bool {
        matches!(self.space.get(id).kind, TypeKind::Struct(_) | TypeKind::Union(_))
    }

    /// A sample as plain JSON.
    pub(crate) fn json(&self, sample: &Sample) -> Value {
        match sample {
            Sample::Json(value) => value.clone(),
            Sample::Array(items) => Value::Array(items.iter().map(|item| self.json(item)).collect()),
            Sample::Object(members) => Value::Object(members.iter().map(|(k, v)| (k.clone(), self.json(v))).collect()),
            Sample::Named(id) => self.done.get(id).map_or(Value::Null, |example| self.json(example)),
        }
    }

    /// The `variant`-th distinct value (for unique array items).
    fn nth(&mut self, ty: &TypeRef, c: &Constraints, hint: &str, variant: usize) -> Option<Sample> {
        self.budget = self.budget.checked_sub(1)?;
        let json = |value: Value| Some(Sample::Json(value));
        let text = |value: &str| string_within(value, c);
        match ty {
            TypeRef::Named(id) => match &self.space.get(*id).kind {
                // The use site's keywords constrain the aliased value itself.
                TypeKind::Alias(inner) if !c.is_empty() => self.within(*id, |s| s.nth(inner, c, hint, variant)),
                _ => self.named(*id),
            },
            TypeRef::Boxed(inner) => self.nth(inner, c, hint, variant),
            TypeRef::Nullable(inner) => self.nth(inner, c, hint, variant).or_else(|| json(Value::Null)),
            TypeRef::String => scalars::string(hint, c, variant).map(|s| Sample::Json(Value::String(s))),
            crate::ir::integer_type!() => {
                let format = crate::emit::table::integer_format(ty)?;
                scalars::integer(c, format.range(), variant).map(Sample::Json)
            }
            TypeRef::F32 | TypeRef::F64 => scalars::number(c, variant).map(Sample::Json),
            TypeRef::Boolean => json(Value::Bool(variant % 2 == 0)),
            TypeRef::DateTime => text(scalars::DATE_TIME),
            TypeRef::Date => text(scalars::DATE),
            TypeRef::Uuid => text(scalars::UUID),
            TypeRef::Bytes => text(scalars::BYTES_BASE64),
            TypeRef::Binary => text(scalars::BYTES),
            TypeRef::Any | TypeRef::JsonObject => {
                // As many members as `minProperties` asks (of a free-form object).
                let count = c.min_properties.unwrap_or(0).min(c.max_properties.unwrap_or(usize::MAX));
                if count > MAX_ITEMS {
                    return None;
                }
                let members = (0..count).map(|i| (format!("key{i}"), Value::String("value".into())));
                json(Value::Object(members.collect()))
            }
            TypeRef::Array(item) => {
                let count = c.min_items.unwrap_or(0).max(1).min(c.max_items.unwrap_or(usize::MAX));
                if count > MAX_ITEMS {
                    return None;
                }
                let mut items = Vec::with_capacity(count);
                let none = Constraints::default();
                let each = c.items.as_deref().unwrap_or(&none);
                for i in 0..count {
                    let nth = if c.unique_items { i } else { 0 };
                    match self.nth(item, each, hint, nth) {
                        Some(sample) => items.push(sample),
                        None if c.min_items.unwrap_or(0) == 0 => return Some(Sample::Array(Vec::new())),
                        None => return None,
                    }
                }
                Some(Sample::Array(items))
            }
            TypeRef::Map(value) => {
                let (min, max) = (c.min_items.or(c.min_properties), c.max_items.or(c.max_properties));
                let count = min.unwrap_or(0).max(1).min(max.unwrap_or(usize::MAX));
                if count > MAX_ITEMS {
                    return None;
                }
                let none = Constraints::default();
                let each = c.items.as_deref().unwrap_or(&none);
                let mut members = Vec::with_capacity(count);
                for i in 0..count {
                    let key = if i == 0 { "key".to_owned() } else { format!("key{i}") };
                    match self.nth(value, each, "value", 0) {
                        Some(sample) => members.push((key, sample)),
                        None if min.unwrap_or(0) == 0 => return Some(Sample::Object(Vec::new())),
                        None => return None,
                    }
                }
                Some(Sample::Object(members))
            }
        }
    }

    /// A struct's example with as many members as its `minProperties` and
    /// `maxProperties` ask: optional members left out beyond the maximum,
    /// extra members (where the struct allows them) added up to the
    /// minimum; `None` when it cannot be done.
    fn counted(&mut self, example: Sample, s: &Struct) -> Option<Sample> {
        let Value::Object(mut members) = self.json(&example) else { return Some(example) };
        let max = s.max_properties.unwrap_or(usize::MAX);
        for field in s.fields.iter().rev().filter(|f| !f.required) {
            if members.len() <= max {
                break;
            }
            members.remove(&field.name);
        }
        let min = s.min_properties.unwrap_or(0);
        if members.len() < min {
            let additional = s.additional.as_ref()?;
            for i in 0.. {
                if members.len() >= min || i > MAX_ITEMS {
                    break;
                }
                let key = format!("extra{i}");
                if members.contains_key(&key) || s.fields.iter().any(|f| f.name == key) {
                    continue;
                }
                let value = self.sample(&additional.ty, &Constraints::default(), "value")?;
                members.insert(key, self.json(&value));
            }
        }
        (min..=max).contains(&members.len()).then_some(Sample::Json(Value::Object(members)))
    }

    /// Run `f` with `id` marked as being built; `None` if it already is.
    fn within(&mut self, id: TypeId, f: impl FnOnce(&mut Self) -> Option<Sample>) -> Option<Sample> {
        if self.visiting.len() >= MAX_DEPTH || self.visiting.contains(&id) {
            return None;
        }
        self.visiting.push(id);
        let result = f(self);
        self.visiting.pop();
        result
    }

    /// The example of a named type: a reference to it, or (for enums and
    /// aliases) the value itself.
    fn named(&mut self, id: TypeId) -> Option<Sample> {
        if !self.done.contains_key(&id) {
            let example = self.within(id, |s| s.build(id))?;
            self.done.insert(id, example);
        }
        if self.is_referred(id) { Some(Sample::Named(id)) } else { self.done.get(&id).cloned() }
    }

    fn build(&mut self, id: TypeId) -> Option<Sample> {
        let def = self.space.get(id);
        if let Some(example) = self.valid(def.example.as_ref(), &TypeRef::Named(id), &Constraints::default()) {
            return Some(example);
        }
        match &def.kind {
            TypeKind::Alias(ty) => self.sample(ty, &Constraints::default(), &snake_ident(&def.ident)),
            TypeKind::StringEnum(variants) => variants.first().map(|v| Sample::Json(Value::String(v.value.clone()))),
            TypeKind::IntegerEnum(variants) => variants.first().map(|v| Sample::Json(Value::from(v.value))),
            TypeKind::Struct(s) => self.object(id, s),
            TypeKind::Union(u) => self.union(id, u, &def.ident),
        }
    }

    /// `value`, if there is one and it is valid.
    fn valid(&self, value: Option<&Value>, ty: &TypeRef, c: &Constraints) -> Option<Sample> {
        let value = value?;
        self.checker.is_valid(value, ty, c).then(|| Sample::Json(value.clone()))
    }

    /// Every member a response carries (writeOnly ones never are), each
    /// from its example, else its default, else synthesized; an optional
    /// member without a value is left out.
    fn object(&mut self, id: TypeId, s: &Struct) -> Option<Sample> {
        let mut members = Vec::new();
        let mut from_spec = false;
        for field in s.fields.iter().filter(|f| !f.write_only) {
            let ty = if field.nullable { TypeRef::Nullable(Box::new(field.ty.clone())) } else { field.ty.clone() };
            let given = self
                .valid(field.example.as_ref(), &ty, &field.constraints)
                .or_else(|| self.valid(field.default.as_ref(), &ty, &field.constraints));
            from_spec |= given.is_some();
            match given.or_else(|| self.sample(&ty, &field.constraints, &field.name)) {
                Some(value) => members.push((field.name.clone(), value)),
                None if field.required => return None,
                None => {}
            }
        }
        if from_spec {
            self.member_examples.insert(id);
        }
        if s.min_properties.is_some() || s.max_properties.is_some() {
            return self.counted(Sample::Object(members), s);
        }
        Some(Sample::Object(members))
    }

    /// The first alternative whose value is valid against it and against
    /// the union (for `oneOf`, against no other alternative), with the
    /// discriminator set to the alternative's tag; else the first
    /// alternative that has a value at all.
    fn union(&mut self, id: TypeId, u: &Union, ident: &str) -> Option<Sample> {
        let mut fallback = None;
        for variant in &u.variants {
            let Some(mut sample) = self.sample(&variant.ty, &Constraints::default(), &snake_ident(ident)) else {
                continue;
            };
            if let (Some(property), Some(tag)) = (&u.discriminator, &variant.tag) {
                sample = self.with_member(sample, property, tag);
            }
            let json = self.json(&sample);
            let none = Constraints::default();
            if self.checker.is_valid(&json, &TypeRef::Named(id), &none)
                && self.checker.is_valid(&json, &variant.ty, &none)
            {
                return Some(sample);
            }
            fallback.get_or_insert(sample);
        }
        fallback
    }

    /// An object sample with `property` set to the string `value`.
    fn with_member(&self, sample: Sample, property: &str, value: &str) -> Sample {
        let members = match sample {
            Sample::Named(id) => match self.done.get(&id) {
                Some(example) => return self.with_member(example.clone(), property, value),
                None => return sample,
            },
            Sample::Object(members) => members,
            Sample::Json(Value::Object(members)) => members.into_iter().map(|(k, v)| (k, Sample::Json(v))).collect(),
            other => return other,
        };
        let tag = Sample::Json(Value::String(value.to_owned()));
        let mut members: Vec<(String, Sample)> = members;
        match members.iter_mut().find(|(k, _)| k == property) {
            Some((_, member)) => *member = tag,
            None => members.insert(0, (property.to_owned(), tag)),
        }
        Sample::Object(members)
    }
}

/// A fixed string, if the use site's keywords allow it.
fn string_within(value: &str, c: &Constraints) -> Option<Sample> {
    super::check::string_ok(value, c).then(|| Sample::Json(Value::String(value.to_owned())))
}

#[cfg(test)]
mod tests;
