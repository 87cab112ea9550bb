//! The models crate's items: one Rust type per named type of the IR,
//! shared by the client and the server crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_literal, doc_paragraphs};
use super::features::{TagFeatures, gate_items};
use super::rust::RustFile;
use super::types::{Needs, ident, rust_type};
use crate::ir::{EnumVariant, Field, IntegerEnumVariant, Presence, Struct, TypeDef, TypeKind, TypeSpace, Union};
use crate::naming::ENUM_CATCH_ALL;

/// An identifier as written in source, without the `r#` of raw identifiers.
fn ident_text(ident: &str) -> &str {
    ident.trim_start_matches("r#")
}

/// The models module's items, and the crates they need; with `features`,
/// each model is compiled under the features of the operations reaching it.
pub(crate) fn models(space: &TypeSpace, features: Option<&TagFeatures>) -> (RustFile, Needs) {
    let mut needs = Needs::default();
    // Whether any struct, and any string enum, is the runtime's derive.
    let (mut serde_structs, mut string_enums) = (false, false);
    let items: Vec<TokenStream> = space
        .iter()
        .map(|(id, def)| {
            def.type_refs().into_iter().for_each(|t| needs.add(t));
            match &def.kind {
                TypeKind::Struct(s) => match s.additional {
                    // serde's derive, with serde_with's double option for nullable members.
                    Some(_) => needs.serde_with |= s.fields.iter().any(|f| f.presence() == Presence::OptionalNullable),
                    None => serde_structs = true,
                },
                // Decoded through a `serde_json::Value` to read the tag first.
                TypeKind::Union(u) => needs.serde_json |= u.discriminator.is_some(),
                TypeKind::StringEnum(_) => string_enums = true,
                _ => {}
            }
            gate_items(features.and_then(|f| f.type_cfg(id)).as_ref(), type_def(def, space))
        })
        .collect();
    // The structs' and string enums' impls are the runtime's derives.
    needs.runtime |= serde_structs || string_enums;
    let derives: Vec<_> = [(serde_structs, "SerdeStruct"), (string_enums, "StringEnum")]
        .into_iter()
        .filter(|&(used, _)| used)
        .map(|(_, derive)| ident(derive))
        .collect();
    // Features may leave every struct or enum out.
    let allow = features.map(|_| quote! { #[allow(unused_imports)] });
    let import = (!derives.is_empty()).then(|| quote! { #allow use oapi_runtime::{#(#derives),*}; });
    (RustFile::new(quote! { #import }, items), needs)
}

fn type_def(def: &TypeDef, space: &TypeSpace) -> TokenStream {
    let docs = doc_paragraphs([def.description.as_deref(), Some(&format!("Schema: `{}`", pointer_text(&def.pointer)))]);
    let name = ident(&def.ident);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&docs, &name, s, space),
        TypeKind::StringEnum(variants) => string_enum(&docs, &name, variants),
        TypeKind::IntegerEnum(variants) => integer_enum(&docs, &name, variants),
        TypeKind::Union(u) => union(&docs, &name, u, space),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, space);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

/// A JSON pointer as readers know it (`#/components/schemas/User`).
fn pointer_text(pointer: &str) -> String {
    format!("#{pointer}")
}

fn struct_def(docs: &TokenStream, name: &proc_macro2::Ident, s: &Struct, space: &TypeSpace) -> TokenStream {
    // Flattened members are serde's derive's to collect; other structs'
    // serde impls are the runtime's `SerdeStruct`, a third of the code to
    // compile (serde's derive was about 70% of a large models crate's
    // type-checking time).
    let serde_derived = s.additional.is_some();
    let fields = s.fields.iter().map(|f| field(f, space, serde_derived));
    let additional = s.additional.iter().map(|a| {
        let field_name = ident(&a.ident);
        let ty = rust_type(&a.ty, space);
        quote! {
            /// Members not listed among the properties.
            #[serde(flatten)]
            pub #field_name: std::collections::BTreeMap<String, #ty>,
        }
    });
    let all_optional = s.fields.iter().all(|f| f.presence() != Presence::Required);
    let secrets = s.fields.iter().any(|f| f.secret);
    let mut derives = vec![quote!(Clone)];
    if !secrets {
        derives.push(quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    if serde_derived {
        derives.extend([quote!(serde::Serialize), quote!(serde::Deserialize)]);
    } else {
        derives.push(quote!(SerdeStruct));
    }
    let debug = secrets.then(|| redacted_debug(name, s));
    let constructor = (!all_optional).then(|| constructor(name, s, space));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
            #(#additional)*
        }
        #constructor
        #debug
    }
}

/// `new` taking the required fields, every other one absent: code that
/// builds a model this way keeps compiling when the spec adds an optional
/// field (a struct literal would not).
fn constructor(name: &proc_macro2::Ident, s: &Struct, space: &TypeSpace) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.presence() == Presence::Required).collect();
    let params = required.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = rust_type(&f.ty, space);
        quote! { #field: #ty }
    });
    let values = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        if f.presence() == Presence::Required {
            quote! { #field }
        } else {
            quote! { #field: None }
        }
    });
    let additional = s.additional.iter().map(|a| {
        let field = ident(&a.ident);
        quote! { #field: std::collections::BTreeMap::new() }
    });
    // Clippy counts arguments; a schema decides how many fields are required.
    let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = doc_literal(&format!(" A `{name}` from its required fields; the optional ones are absent."));
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#values,)* #(#additional,)* }
            }
        }
    }
}

/// A struct's field, with the attributes serde's derive (`serde_derived`)
/// or else the runtime's `SerdeStruct` reads.
fn field(f: &Field, space: &TypeSpace, serde_derived: bool) -> TokenStream {
    let name = ident(&f.ident);
    let ty = rust_type(&f.ty, space);
    let mut notes = Vec::new();
    if f.read_only {
        notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_owned());
    }
    if let Some(default) = &f.default {
        notes.push(format!("Default: `{default}`."));
    }
    let docs = doc_paragraphs(std::iter::once(f.description.as_deref()).chain(notes.iter().map(|n| Some(n.as_str()))));
    let rename = (ident_text(&f.ident) != f.name).then(|| {
        let wire = &f.name;
        quote! { rename = #wire }
    });
    let ty = match f.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote! { Option<#ty> },
        Presence::OptionalNullable => quote! { Option<Option<#ty>> },
    };
    let args: Vec<TokenStream> = match (serde_derived, f.presence()) {
        (true, Presence::Optional) => vec![quote! { default, skip_serializing_if = "Option::is_none" }],
        (true, Presence::OptionalNullable) => vec![quote! {
            default, skip_serializing_if = "Option::is_none", with = "serde_with::rust::double_option"
        }],
        (false, Presence::Optional) => vec![quote!(optional)],
        (false, Presence::OptionalNullable) => vec![quote!(nullable)],
        (_, Presence::Required | Presence::RequiredNullable) => Vec::new(),
    };
    let args: Vec<TokenStream> = args.into_iter().chain(rename).collect();
    let serde_attr = match (args.is_empty(), serde_derived) {
        (true, _) => None,
        (false, true) => Some(quote! { #[serde(#(#args),*)] }),
        (false, false) => Some(quote! { #[member(#(#args),*)] }),
    };
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

/// `Debug` that prints secret fields as `"<redacted>"`.
fn redacted_debug(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let type_name = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.ident);
        let label = ident_text(&f.ident);
        if f.secret {
            quote! { .field(#label, &"<redacted>") }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    let additional = s.additional.iter().map(|a| {
        let field = ident(&a.ident);
        let label = &a.ident;
        quote! { .field(#label, &self.#field) }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* #(#additional)* .finish()
            }
        }
    }
}

fn string_enum(docs: &TokenStream, name: &proc_macro2::Ident, variants: &[EnumVariant]) -> TokenStream {
    let unknown = ident(ENUM_CATCH_ALL);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let value = &v.value;
        let doc = doc_literal(&format!(" `{}`", value.replace('`', "'")));
        quote! {
            #[doc = #doc]
            #[value = #value]
            #variant,
        }
    });
    // `as_str`, `Display` and the serde impls are the runtime's derive:
    // serde's derive of an enum with an untagged catch-all buffers every
    // value and tries each variant, code that costs type checking and
    // borrow checking per enum (hundreds in a large spec). On the wire it is
    // the same string either way.
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the spec does not list, kept as received.
            #unknown(String),
        }
    }
}

fn integer_enum(docs: &TokenStream, name: &proc_macro2::Ident, variants: &[IntegerEnumVariant]) -> TokenStream {
    let unknown = ident(ENUM_CATCH_ALL);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let doc = doc_literal(&format!(" `{}`", v.value));
        quote! { #[doc = #doc] #variant, }
    });
    let to_value = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote! { Self::#variant => #value, }
    });
    let from_value = variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let value = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the spec does not list, kept as received.
            #unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn union(docs: &TokenStream, name: &proc_macro2::Ident, u: &Union, space: &TypeSpace) -> TokenStream {
    let decls = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let ty = rust_type(&v.ty, space);
        let doc = match (&v.tag, v.aliases.as_slice()) {
            (Some(tag), []) => format!(" Selected by the discriminator value `{tag}`."),
            (Some(tag), aliases) => {
                format!(" Selected by the discriminator value `{tag}` (also read from `{}`).", aliases.join("`, `"))
            }
            (None, _) => format!(" A `{}`.", v.ty.describe(space)),
        };
        let doc = doc_literal(&doc);
        quote! { #[doc = #doc] #variant(#ty), }
    });
    // Alternatives are models of any size, which the spec decides; boxing
    // the large ones would only burden every match on the union.
    let allow = (u.variants.len() > 1).then(|| quote! { #[allow(clippy::large_enum_variant)] });
    let Some(property) = &u.discriminator else {
        return quote! {
            #docs
            #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #allow
            pub enum #name { #(#decls)* }
        };
    };
    // Dispatch on the discriminator but hand the variant the whole object:
    // its own type usually declares the discriminator property too.
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let tags = v.tags();
        quote! { #(#tags)|* => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom), }
    });
    // Writing a value sets the property to its variant's tag, whatever the
    // variant's own field says (its schema may not even declare it).
    let tagged = u.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let tag = v.tag.as_deref().unwrap_or_default();
        quote! { Self::#variant(value) => (serde_json::to_value(value), #tag), }
    });
    let unknown = ident(ENUM_CATCH_ALL);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #allow
        pub enum #name {
            #(#decls)*
            /// A value whose discriminator this version of the spec does not list, kept as received.
            #unknown(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (value, tag) = match self {
                    #(#tagged)*
                    Self::#unknown(value) => return serde::Serialize::serialize(value, serializer),
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let serde_json::Value::Object(members) = &mut value {
                    members.insert(#property.to_owned(), serde_json::Value::from(tag));
                }
                serde::Serialize::serialize(&value, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let Some(tag) = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned) else {
                    return Err(serde::de::Error::missing_field(#property));
                };
                match tag.as_str() {
                    #(#arms)*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}
