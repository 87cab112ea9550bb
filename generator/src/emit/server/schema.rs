//! The `schema` module of a server crate: one validation table (an
//! `oapi_runtime::server::Schema` static) per named type that a request or
//! a JSON response uses, and the schema expressions of inline types.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Number;

use crate::ir::{Api, Constraints, MediaKind, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::naming::{Scope, const_ident};

/// The statics of the named types, by type, and where they are.
pub(super) struct SchemaNames {
    statics: BTreeMap<TypeId, Ident>,
    /// Path to the statics from the module the expression is used in:
    /// empty inside `schema.rs`, `schema::` elsewhere.
    prefix: TokenStream,
    /// Whether the spec has patterns (the module then holds `PATTERNS`).
    patterns: bool,
}

impl SchemaNames {
    /// Names for the statics of every type reachable from the operations'
    /// parameters, request bodies and JSON response bodies.
    pub(super) fn new(api: &Api) -> Self {
        let mut scope = Scope::default();
        let statics = reachable(api)
            .into_iter()
            .map(|id| {
                let name = scope.claim(const_ident(&api.types.get(id).ident));
                (id, format_ident!("{name}"))
            })
            .collect();
        Self { statics, prefix: quote!(schema::), patterns: !patterns(api).is_empty() }
    }

    /// The same names, as seen from inside the schema module.
    fn local(&self) -> Self {
        Self { statics: self.statics.clone(), prefix: TokenStream::new(), patterns: self.patterns }
    }

    /// Whether the schema module would hold nothing: no type has a static
    /// and the spec has no pattern (the router then never names `schema`).
    pub(super) fn is_empty(&self) -> bool {
        self.statics.is_empty() && !self.patterns
    }
}

/// Named types the server validates or serializes, with everything they
/// reference, in type-space order.
fn reachable(api: &Api) -> Vec<TypeId> {
    let mut roots: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        roots.extend(op.parameters.iter().map(|p| &p.ty));
        roots.extend(op.body.iter().flat_map(|b| &b.contents).filter_map(|c| c.ty.as_ref()));
        let json = op.responses.iter().filter_map(|r| r.contents.first()).filter(|c| c.kind == MediaKind::Json);
        roots.extend(json.filter_map(|c| c.ty.as_ref()));
    }
    let mut stack = Vec::new();
    for root in roots {
        root.named_ids(&mut stack);
    }
    let mut seen = vec![false; api.types.len()];
    while let Some(id) = stack.pop() {
        if seen.get(id.0).copied().unwrap_or(true) {
            continue;
        }
        seen[id.0] = true;
        for ty in api.types.get(id).type_refs() {
            ty.named_ids(&mut stack);
        }
    }
    api.types.iter().map(|(id, _)| id).filter(|id| seen[id.0]).collect()
}

/// A `&'static Schema` expression for a type with the given rules.
pub(super) fn schema_ref(
    ty: &TypeRef,
    constraints: &Constraints,
    space: &TypeSpace,
    names: &SchemaNames,
) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let named = match names.statics.get(id) {
                Some(name) => {
                    let prefix = &names.prefix;
                    quote!(&#prefix #name)
                }
                None => quote!(&server::Schema::Any),
            };
            if constraints.is_empty() {
                named
            } else {
                // Rules written beside a reference apply on top of it.
                let rules = rules(constraints);
                quote!(&server::Schema::Constrained(#named, #rules))
            }
        }
        TypeRef::Boxed(inner) => schema_ref(inner, constraints, space, names),
        other => {
            let value = schema_value(other, constraints, space, names);
            quote!(&#value)
        }
    }
}

/// A `Schema` value expression (for a static, or behind `&`).
pub(super) fn schema_value(
    ty: &TypeRef,
    constraints: &Constraints,
    space: &TypeSpace,
    names: &SchemaNames,
) -> TokenStream {
    let none = Constraints::default();
    let rules = || rules(constraints);
    match ty {
        TypeRef::Named(_) | TypeRef::Boxed(_) => {
            let target = schema_ref(ty, constraints, space, names);
            quote!(server::Schema::Ref(#target))
        }
        TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Bytes => {
            if constraints.is_empty() {
                quote!(server::Schema::STRING)
            } else {
                let rules = rules();
                quote!(server::Schema::String(#rules))
            }
        }
        TypeRef::I32 | TypeRef::I64 => {
            let format = if *ty == TypeRef::I32 { quote!(I32) } else { quote!(I64) };
            if constraints.is_empty() {
                quote!(server::Schema::#format)
            } else {
                let rules = rules();
                quote!(server::Schema::Integer(server::IntegerFormat::#format, #rules))
            }
        }
        TypeRef::F32 | TypeRef::F64 => {
            if constraints.is_empty() {
                quote!(server::Schema::NUMBER)
            } else {
                let rules = rules();
                quote!(server::Schema::Number(#rules))
            }
        }
        TypeRef::Boolean => quote!(server::Schema::Boolean),
        TypeRef::Binary => quote!(server::Schema::Binary),
        TypeRef::Any => quote!(server::Schema::Any),
        TypeRef::JsonObject => quote!(server::Schema::JsonObject),
        TypeRef::Array(items) => {
            let items = schema_ref(items, &none, space, names);
            let rules = rules();
            quote!(server::Schema::Array(#items, #rules))
        }
        TypeRef::Map(values) => {
            let values = schema_ref(values, &none, space, names);
            let rules = rules();
            quote!(server::Schema::Map(#values, #rules))
        }
        TypeRef::Nullable(inner) => {
            let inner = schema_ref(inner, constraints, space, names);
            quote!(server::Schema::Nullable(#inner))
        }
    }
}

/// A `&Rules` expression: `&server::Rules::NONE` and a builder call per keyword.
fn rules(c: &Constraints) -> TokenStream {
    let count = |name: &str, value: Option<usize>| {
        value.map(|value| {
            let name = format_ident!("{name}");
            let value = Literal::usize_unsuffixed(value);
            quote!(.#name(#value))
        })
    };
    let mut calls: Vec<TokenStream> =
        [count("min_length", c.min_length), count("max_length", c.max_length)].into_iter().flatten().collect();
    if let Some(pattern) = &c.pattern {
        calls.push(quote!(.pattern(#pattern)));
    }
    for (name, value) in [("minimum", &c.minimum), ("maximum", &c.maximum), ("multiple_of", &c.multiple_of)] {
        if let Some(value) = value.as_ref().and_then(float) {
            let name = format_ident!("{name}");
            calls.push(quote!(.#name(#value)));
        }
    }
    for (name, set) in [("exclusive_minimum", c.exclusive_minimum), ("exclusive_maximum", c.exclusive_maximum)] {
        if set {
            let name = format_ident!("{name}");
            calls.push(quote!(.#name()));
        }
    }
    calls.extend(count("min_items", c.min_items));
    calls.extend(count("max_items", c.max_items));
    if c.unique_items {
        calls.push(quote!(.unique_items()));
    }
    quote!(&server::Rules::NONE #(#calls)*)
}

fn float(number: &Number) -> Option<Literal> {
    number.as_f64().filter(|f| f.is_finite()).map(Literal::f64_suffixed)
}

/// Every `pattern` the named types and the operations' parameters use,
/// once each, in order of first use.
pub(super) fn patterns(api: &Api) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |c: &Constraints| {
        if let Some(p) = &c.pattern {
            if !found.contains(p) {
                found.push(p.clone());
            }
        }
    };
    for (_, def) in api.types.iter() {
        if let TypeKind::Struct(s) = &def.kind {
            s.fields.iter().for_each(|f| add(&f.constraints));
        }
    }
    api.operations.iter().flat_map(|op| &op.parameters).for_each(|p| add(&p.constraints));
    found
}

/// The schema module: a static per reachable named type, and the list of
/// patterns to check at startup.
pub(super) fn schema_module(api: &Api, names: &SchemaNames) -> TokenStream {
    let local = names.local();
    let statics = names.statics.iter().map(|(id, name)| {
        let def = api.types.get(*id);
        let value = named_value(&def.kind, &api.types, &local);
        let doc = format!(" `{}` (`#{}`).", def.ident, def.pointer);
        quote! {
            #[doc = #doc]
            pub(crate) static #name: server::Schema = #value;
        }
    });
    let patterns = patterns(api);
    let patterns_static = (!patterns.is_empty()).then(|| {
        quote! {
            /// Every `pattern` of the spec, compiled when the router is built.
            pub(crate) static PATTERNS: &[&str] = &[#(#patterns),*];
        }
    });
    let import = (!names.statics.is_empty()).then(|| {
        quote!(
            use oapi_runtime::server;
        )
    });
    quote! {
        //! Validation tables: the schema of every named type the server
        //! validates (requests) or filters (writeOnly members of responses).
        #import
        #(#statics)*
        #patterns_static
    }
}

fn named_value(kind: &TypeKind, space: &TypeSpace, names: &SchemaNames) -> TokenStream {
    match kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|f| {
                let name = &f.name;
                let schema = schema_ref(&f.ty, &f.constraints, space, names);
                let flags = [
                    (f.required, quote!(.required())),
                    (f.nullable, quote!(.nullable())),
                    (f.read_only, quote!(.read_only())),
                    (f.write_only, quote!(.write_only())),
                ];
                let flags = flags.into_iter().filter(|(set, _)| *set).map(|(_, call)| call);
                quote!(server::Field::new(#name, #schema) #(#flags)*)
            });
            let additional = match &s.additional {
                Some(a) => {
                    let schema = schema_ref(&a.ty, &Constraints::default(), space, names);
                    quote!(Some(#schema))
                }
                None => quote!(None),
            };
            let deny_unknown = s.deny_unknown;
            quote! {
                server::Schema::Object(&server::Object {
                    fields: &[#(#fields),*],
                    additional: #additional,
                    deny_unknown: #deny_unknown,
                })
            }
        }
        TypeKind::StringEnum(variants) => {
            let values = variants.iter().map(|v| &v.value);
            quote!(server::Schema::StringEnum(&[#(#values),*]))
        }
        TypeKind::IntegerEnum(variants) => {
            let values = variants.iter().map(|v| Literal::i64_unsuffixed(v.value));
            quote!(server::Schema::IntegerEnum(&[#(#values),*]))
        }
        TypeKind::Union(u) => {
            let variants: Vec<TokenStream> =
                u.variants.iter().map(|v| schema_ref(&v.ty, &Constraints::default(), space, names)).collect();
            let discriminator = match &u.discriminator {
                Some(property) => {
                    let mapping = u.variants.iter().zip(&variants).filter_map(|(v, schema)| {
                        let tag = v.tag.as_ref()?;
                        Some(quote!((#tag, #schema)))
                    });
                    quote!(Some((#property, &[#(#mapping),*])))
                }
                None => quote!(None),
            };
            quote! {
                server::Schema::Union(&server::Union {
                    variants: &[#(#variants),*],
                    discriminator: #discriminator,
                })
            }
        }
        TypeKind::Alias(ty) => schema_value(ty, &Constraints::default(), space, names),
    }
}
