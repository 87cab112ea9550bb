//! Samples as Rust expressions of their model types: struct literals,
//! enum variants, `vec![...]`, `Some(...)`, string and number literals;
//! a named type's example is a call to its function. Only values the
//! models keep as JSON (`serde_json::Value`, free-form objects) are
//! `json!` literals.

use std::cell::Cell;
use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::{Number, Value};

use super::values::{Sample, Samples};
use crate::emit::types::ident;
use crate::emit::uses::Uses;
use crate::ir::{Constraints, Presence, Struct, TypeId, TypeKind, TypeRef, TypeSpace, Union};

/// The function that returns each referred type's example.
pub(super) type Functions = BTreeMap<TypeId, Ident>;

/// A value to write: part of a sample, or part of a JSON value in one.
#[derive(Clone, Copy)]
enum View<'s> {
    Sample(&'s Sample),
    Json(&'s Value),
}

/// Writes samples as expressions.
pub(super) struct Writer<'a> {
    samples: &'a Samples<'a>,
    functions: &'a Functions,
    /// What the file names unqualified, recorded as it is written.
    uses: &'a Uses,
    /// The most elements any `json!` literal written so far has.
    largest_json: Cell<usize>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(samples: &'a Samples<'a>, functions: &'a Functions, uses: &'a Uses) -> Self {
        Self { samples, functions, uses, largest_json: Cell::new(0) }
    }

    /// What the file names unqualified, for the code written beside these values.
    pub(super) fn uses(&self) -> &'a Uses {
        self.uses
    }

    /// How many elements (members and items, at every depth) the largest
    /// `json!` literal written has: the macro recurses once or more per element.
    pub(super) fn largest_json(&self) -> usize {
        self.largest_json.get()
    }

    fn space(&self) -> &'a TypeSpace {
        self.samples.space()
    }

    /// An expression of the Rust type for `ty` holding `sample`.
    pub(super) fn typed(&self, sample: &Sample, ty: &TypeRef) -> TokenStream {
        self.view(View::Sample(sample), ty)
    }

    /// The body of the function returning the example of `id`.
    pub(super) fn example_of(&self, id: TypeId) -> TokenStream {
        match self.samples.example(id) {
            Some(sample) => self.named(View::Sample(sample), id),
            None => quote!(unreachable!("every referred type has an example")),
        }
    }

    fn view(&self, view: View<'_>, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => match (view, self.functions.get(id)) {
                (View::Sample(Sample::Named(named)), Some(function)) if named == id => quote!(#function()),
                _ => self.named(view, *id),
            },
            TypeRef::Boxed(inner) => {
                let inner = self.view(view, inner);
                quote!(Box::new(#inner))
            }
            TypeRef::Nullable(_) if self.json(view).is_null() => quote!(None),
            TypeRef::Nullable(inner) => {
                let inner = self.view(view, inner);
                quote!(Some(#inner))
            }
            TypeRef::String => match self.json(view) {
                Value::String(text) => quote!(#text.to_owned()),
                _ => self.decoded(view),
            },
            crate::ir::integer_type!() => match self.json(view) {
                Value::Number(n) if n.is_i64() || n.is_u64() => number(&n),
                _ => self.decoded(view),
            },
            // An `f32` is written as the `f32` nearest the example, in as
            // few digits as name it: an `f64`'s digits would be more than an
            // `f32` holds (clippy's `excessive_precision`).
            TypeRef::F32 => match self.json(view).as_f64().map(|x| x as f32).filter(|x| x.is_finite()) {
                Some(x) => {
                    let literal = Literal::f32_unsuffixed(x);
                    quote!(#literal)
                }
                None => self.decoded(view),
            },
            TypeRef::F64 => match self.json(view).as_f64() {
                Some(x) => float(x),
                None => self.decoded(view),
            },
            TypeRef::Boolean => match self.json(view) {
                Value::Bool(b) => quote!(#b),
                _ => self.decoded(view),
            },
            TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => match self.json(view) {
                Value::String(text) => quote!(mock::parse(#text)),
                _ => self.decoded(view),
            },
            TypeRef::Bytes => match self.json(view).as_str().and_then(base64_bytes) {
                Some(bytes) => {
                    let bytes = Literal::byte_string(&bytes);
                    quote!(oapi_runtime::Base64(#bytes.to_vec()))
                }
                None => self.decoded(view),
            },
            TypeRef::Binary => self.decoded(view),
            TypeRef::Any => self.json_literal(view),
            TypeRef::JsonObject => match self.members(view) {
                Some(members) if members.is_empty() => quote!(serde_json::Map::new()),
                _ => self.decoded(view),
            },
            TypeRef::Array(item) => match self.items(view) {
                Some(items) => {
                    let items = items.into_iter().map(|i| self.view(i, item));
                    quote!(vec![#(#items),*])
                }
                None => self.decoded(view),
            },
            TypeRef::Map(value) => match self.members(view) {
                Some(members) => self.map(&members, value),
                None => self.decoded(view),
            },
        }
    }

    /// A value of a named type, written out.
    fn named(&self, view: View<'_>, id: TypeId) -> TokenStream {
        let def = self.space().get(id);
        let name = ident(&def.ident);
        match &def.kind {
            TypeKind::Alias(inner) => self.view(view, inner),
            TypeKind::Struct(s) => self.structure(view, &name, s),
            TypeKind::StringEnum(variants) => {
                let json = self.json(view);
                let text = json.as_str().unwrap_or_default();
                match variants.iter().find(|v| v.value == text) {
                    Some(variant) => {
                        let (models, variant) = (self.uses.item("models"), ident(&variant.ident));
                        quote!(#models::#name::#variant)
                    }
                    None => self.decoded(view),
                }
            }
            TypeKind::IntegerEnum(variants) => {
                let n = self.json(view).as_i64();
                match variants.iter().find(|v| Some(v.value) == n) {
                    Some(variant) => {
                        let (models, variant) = (self.uses.item("models"), ident(&variant.ident));
                        quote!(#models::#name::#variant)
                    }
                    None => self.decoded(view),
                }
            }
            TypeKind::Union(u) => self.union(view, &name, u),
        }
    }

    fn structure(&self, view: View<'_>, name: &Ident, s: &Struct) -> TokenStream {
        let Some(members) = self.members(view) else { return self.decoded(view) };
        let fields = s.fields.iter().map(|f| {
            let field = ident(&f.ident);
            let member = members.iter().find(|(name, _)| *name == f.name).map(|(_, v)| *v);
            let is_null = member.is_some_and(|m| self.json(m).is_null());
            let value = |m: View<'_>| self.view(m, &f.ty);
            let value = match (f.presence(), member) {
                (Presence::Required, Some(m)) => value(m),
                // A valid example has every required member; the type's default stands in otherwise.
                (Presence::Required, None) => quote!(Default::default()),
                (Presence::RequiredNullable | Presence::Optional, None) => quote!(None),
                (Presence::RequiredNullable | Presence::Optional, Some(_)) if is_null => quote!(None),
                (Presence::RequiredNullable | Presence::Optional, Some(m)) => {
                    let value = value(m);
                    quote!(Some(#value))
                }
                (Presence::OptionalNullable, None) => quote!(None),
                (Presence::OptionalNullable, Some(_)) if is_null => quote!(Some(None)),
                (Presence::OptionalNullable, Some(m)) => {
                    let value = value(m);
                    quote!(Some(Some(#value)))
                }
            };
            quote!(#field: #value)
        });
        let additional = s.additional.iter().map(|a| {
            let field = ident(&a.ident);
            let extra: Vec<(&str, View<'_>)> =
                members.iter().filter(|(name, _)| !s.fields.iter().any(|f| f.name == *name)).copied().collect();
            let map = self.map(&extra, &a.ty);
            quote!(#field: #map)
        });
        let models = self.uses.item("models");
        quote!(#models::#name { #(#fields,)* #(#additional,)* })
    }

    /// The alternative the value is valid against (alone, if one is).
    fn union(&self, view: View<'_>, name: &Ident, u: &Union) -> TokenStream {
        let json = self.json(view);
        let none = Constraints::default();
        let checker = self.samples.checker();
        let valid: Vec<bool> = u.variants.iter().map(|v| checker.is_valid(&json, &v.ty, &none)).collect();
        let chosen = if valid.iter().filter(|v| **v).count() == 1 { valid.iter().position(|v| *v) } else { None };
        match chosen.or_else(|| valid.iter().position(|v| *v)).map(|i| &u.variants[i]) {
            Some(variant) => {
                let inner = self.view(view, &variant.ty);
                let (models, variant) = (self.uses.item("models"), ident(&variant.ident));
                quote!(#models::#name::#variant(#inner))
            }
            None => self.decoded(view),
        }
    }

    fn map(&self, members: &[(&str, View<'_>)], ty: &TypeRef) -> TokenStream {
        if members.is_empty() {
            return quote!(std::collections::BTreeMap::new());
        }
        let entries = members.iter().map(|(name, value)| {
            let value = self.view(*value, ty);
            quote!((#name.to_owned(), #value))
        });
        quote!(std::collections::BTreeMap::from([#(#entries),*]))
    }

    /// A value decoded from JSON at run time, for the few model types
    /// without a literal (bytes, and values that do not fit their type).
    fn decoded(&self, view: View<'_>) -> TokenStream {
        let json = self.json_literal(view);
        let example = self.uses.item("example");
        quote!(#example(#json))
    }

    /// A `json!` literal; examples of named types inside are calls.
    fn json_literal(&self, view: View<'_>) -> TokenStream {
        self.largest_json.set(self.largest_json.get().max(elements(view)));
        let tokens = self.json_tokens(view);
        let json = self.uses.item("json");
        quote!(#json!(#tokens))
    }

    fn json_tokens(&self, view: View<'_>) -> TokenStream {
        if let View::Sample(Sample::Named(id)) = view {
            if let Some(function) = self.functions.get(id) {
                return quote!(#function());
            }
        }
        if let Some(items) = self.items(view) {
            let items = items.into_iter().map(|i| self.json_tokens(i));
            return quote!([#(#items),*]);
        }
        if let Some(members) = self.members(view) {
            let members = members.into_iter().map(|(name, value)| {
                let value = self.json_tokens(value);
                quote!(#name: #value)
            });
            return quote!({ #(#members),* });
        }
        match self.json(view) {
            Value::Null => quote!(null),
            Value::Bool(b) => quote!(#b),
            Value::Number(n) => number(&n),
            Value::String(text) => quote!(#text),
            // Arrays and objects were handled above.
            Value::Array(_) | Value::Object(_) => quote!(null),
        }
    }

    /// The value as plain JSON.
    fn json(&self, view: View<'_>) -> Value {
        match view {
            View::Sample(sample) => self.samples.json(sample),
            View::Json(value) => value.clone(),
        }
    }

    /// The items, if the value is an array.
    fn items<'s>(&self, view: View<'s>) -> Option<Vec<View<'s>>>
    where
        'a: 's,
    {
        match view {
            View::Sample(Sample::Array(items)) => Some(items.iter().map(View::Sample).collect()),
            View::Sample(Sample::Json(value)) | View::Json(value) => {
                value.as_array().map(|items| items.iter().map(View::Json).collect())
            }
            View::Sample(Sample::Named(id)) => self.samples.example(*id).and_then(|s| self.items(View::Sample(s))),
            View::Sample(Sample::Object(_)) => None,
        }
    }

    /// The members, if the value is an object.
    fn members<'s>(&self, view: View<'s>) -> Option<Vec<(&'s str, View<'s>)>>
    where
        'a: 's,
    {
        match view {
            View::Sample(Sample::Object(members)) => {
                Some(members.iter().map(|(k, v)| (k.as_str(), View::Sample(v))).collect())
            }
            View::Sample(Sample::Json(value)) | View::Json(value) => {
                value.as_object().map(|members| members.iter().map(|(k, v)| (k.as_str(), View::Json(v))).collect())
            }
            View::Sample(Sample::Named(id)) => self.samples.example(*id).and_then(|s| self.members(View::Sample(s))),
            View::Sample(Sample::Array(_)) => None,
        }
    }
}

/// How many elements (members and items, at every depth) a `json!`
/// literal of the value has; examples written as calls count as none.
fn elements(view: View<'_>) -> usize {
    match view {
        View::Sample(Sample::Array(items)) => items.iter().map(|i| 1 + elements(View::Sample(i))).sum(),
        View::Sample(Sample::Object(members)) => members.iter().map(|(_, v)| 1 + elements(View::Sample(v))).sum(),
        View::Sample(Sample::Named(_)) => 0,
        View::Sample(Sample::Json(value)) | View::Json(value) => match value {
            Value::Array(items) => items.iter().map(|i| 1 + elements(View::Json(i))).sum(),
            Value::Object(members) => members.values().map(|v| 1 + elements(View::Json(v))).sum(),
            _ => 0,
        },
    }
}

/// The bytes of standard base64 text, or `None` if it is not.
fn base64_bytes(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(bytes)
}

/// A number literal (negative ones are one token, printed as `-2`).
fn number(n: &Number) -> TokenStream {
    let literal = if let Some(u) = n.as_u64() {
        Literal::u64_unsuffixed(u)
    } else if let Some(i) = n.as_i64() {
        Literal::i64_unsuffixed(i)
    } else {
        return float(n.as_f64().unwrap_or_default());
    };
    quote!(#literal)
}

/// A float literal (always with a fraction or exponent).
fn float(x: f64) -> TokenStream {
    let literal = Literal::f64_unsuffixed(x);
    quote!(#literal)
}

#[cfg(test)]
mod tests;
