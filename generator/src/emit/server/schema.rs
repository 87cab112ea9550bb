//! The `schema` module of a server crate: one validation table (an
//! `oapi_runtime::server::Schema` static) per named type that a request or
//! a JSON response uses, and the schema expressions of inline types: the
//! tables of `emit/table.rs`, printed.

use std::cell::Cell;
use std::collections::BTreeMap;

use oapi_runtime::validate::{IntegerFormat, Rules, StringFormat};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs::doc_literal;
use crate::emit::rust::RustFile;
use crate::emit::table::{self, Table};
use crate::emit::uses::Uses;
use crate::ir::{Api, Constraints, MediaKind, TypeId, TypeKind, TypeRef};
use crate::naming::{Scope, const_ident};

/// The statics of the named types, by type, and where they are.
pub(super) struct SchemaNames {
    statics: BTreeMap<TypeId, Ident>,
    /// Path to the statics from the module the expression is used in:
    /// empty inside `schema.rs`, `schema::` elsewhere.
    prefix: TokenStream,
    /// Whether the spec has patterns (the module then holds `PATTERNS`).
    patterns: bool,
    /// Whether an expression written since the last [`SchemaNames::record_use`]
    /// named a static through `prefix`.
    named: Cell<bool>,
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
        Self { statics, prefix: quote!(schema::), patterns: !patterns(api).is_empty(), named: Cell::new(false) }
    }

    /// The same names, as seen from inside the schema module.
    fn local(&self) -> Self {
        Self {
            statics: self.statics.clone(),
            prefix: TokenStream::new(),
            patterns: self.patterns,
            named: Cell::new(false),
        }
    }

    /// Record in `uses` that its module names `schema`, if the schema
    /// expressions written for it since the last call did.
    pub(super) fn record_use(&self, uses: &Uses) {
        if self.named.take() {
            uses.need("schema");
        }
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
pub(super) fn schema_ref(ty: &TypeRef, constraints: &Constraints, names: &SchemaNames) -> TokenStream {
    table_ref(&table::lower(ty, constraints), names)
}

/// A `Schema` value expression (for a static, or behind `&`).
pub(super) fn schema_value(ty: &TypeRef, constraints: &Constraints, names: &SchemaNames) -> TokenStream {
    table_value(&table::lower(ty, constraints), names)
}

/// The `&'static Schema` expression of a table: a named type's static, or
/// a value behind `&`.
fn table_ref(table: &Table<'_>, names: &SchemaNames) -> TokenStream {
    match table {
        Table::Named(id) => named_ref(*id, names),
        other => {
            let value = table_value(other, names);
            quote!(&#value)
        }
    }
}

/// The static of a named type (any value, for a type the server has none of).
fn named_ref(id: TypeId, names: &SchemaNames) -> TokenStream {
    match names.statics.get(&id) {
        Some(name) => {
            let prefix = &names.prefix;
            names.named.set(names.named.get() || !prefix.is_empty());
            quote!(&#prefix #name)
        }
        None => quote!(&server::Schema::Any),
    }
}

/// The `Schema` value expression of a table, with the runtime's constants
/// for the schemas without rules.
fn table_value(table: &Table<'_>, names: &SchemaNames) -> TokenStream {
    let none = Rules::NONE;
    match table {
        Table::Named(id) => {
            let target = named_ref(*id, names);
            quote!(server::Schema::Ref(#target))
        }
        Table::Constrained(id, rules) => {
            let (target, rules) = (named_ref(*id, names), rules_tokens(rules));
            quote!(server::Schema::Constrained(#target, #rules))
        }
        Table::String(rules) => match rules.format {
            _ if *rules == none => quote!(server::Schema::STRING),
            Some(format @ (StringFormat::DateTime | StringFormat::Date | StringFormat::Uuid | StringFormat::Byte))
                if *rules == none.format(format) =>
            {
                let constant = match format {
                    StringFormat::DateTime => quote!(DATE_TIME),
                    StringFormat::Date => quote!(DATE),
                    StringFormat::Uuid => quote!(UUID),
                    _ => quote!(BYTE),
                };
                quote!(server::Schema::#constant)
            }
            _ => {
                let rules = rules_tokens(rules);
                quote!(server::Schema::String(#rules))
            }
        },
        Table::Integer(format, rules) => {
            let constant = matches!(format, IntegerFormat::I32 | IntegerFormat::I64);
            let format = match format {
                IntegerFormat::I8 => quote!(I8),
                IntegerFormat::I16 => quote!(I16),
                IntegerFormat::I32 => quote!(I32),
                IntegerFormat::I64 => quote!(I64),
                IntegerFormat::I128 => quote!(I128),
                IntegerFormat::U8 => quote!(U8),
                IntegerFormat::U16 => quote!(U16),
                IntegerFormat::U32 => quote!(U32),
                IntegerFormat::U64 => quote!(U64),
                IntegerFormat::U128 => quote!(U128),
            };
            if *rules == none && constant {
                quote!(server::Schema::#format)
            } else {
                let rules = rules_tokens(rules);
                quote!(server::Schema::Integer(server::IntegerFormat::#format, #rules))
            }
        }
        Table::Number(rules) if *rules == none => quote!(server::Schema::NUMBER),
        Table::Number(rules) => {
            let rules = rules_tokens(rules);
            quote!(server::Schema::Number(#rules))
        }
        Table::Boolean => quote!(server::Schema::Boolean),
        Table::Binary => quote!(server::Schema::Binary),
        Table::Any => quote!(server::Schema::Any),
        Table::JsonObject => quote!(server::Schema::JsonObject),
        Table::Array(items, rules) => {
            let (items, rules) = (table_ref(items, names), rules_tokens(rules));
            quote!(server::Schema::Array(#items, #rules))
        }
        Table::Map(values, rules) => {
            let (values, rules) = (table_ref(values, names), rules_tokens(rules));
            quote!(server::Schema::Map(#values, #rules))
        }
        Table::Nullable(inner) => {
            let inner = table_ref(inner, names);
            quote!(server::Schema::Nullable(#inner))
        }
        Table::StringEnum(values) => quote!(server::Schema::StringEnum(&[#(#values),*])),
        Table::IntegerEnum(values) => {
            let values = values.iter().map(|v| Literal::i64_unsuffixed(*v));
            quote!(server::Schema::IntegerEnum(&[#(#values),*]))
        }
        Table::Object(object) => {
            let fields = object.fields.iter().map(|f| {
                let name = f.name;
                let schema = table_ref(&f.schema, names);
                let flags = [
                    (f.required, quote!(.required())),
                    (f.nullable, quote!(.nullable())),
                    (f.read_only, quote!(.read_only())),
                    (f.write_only, quote!(.write_only())),
                ];
                let flags = flags.into_iter().filter(|(set, _)| *set).map(|(_, call)| call);
                quote!(server::Field::new(#name, #schema) #(#flags)*)
            });
            let additional = match &object.additional {
                Some(schema) => {
                    let schema = table_ref(schema, names);
                    quote!(Some(#schema))
                }
                None => quote!(None),
            };
            let deny_unknown = object.deny_unknown;
            let value = quote! {
                server::Schema::Object(&server::Object {
                    fields: &[#(#fields),*],
                    additional: #additional,
                    deny_unknown: #deny_unknown,
                })
            };
            if object.counts == none {
                value
            } else {
                let counts = rules_tokens(&object.counts);
                quote!(server::Schema::Constrained(&#value, #counts))
            }
        }
        Table::Union(union) => {
            let variants: Vec<TokenStream> = union.variants.iter().map(|v| table_ref(v, names)).collect();
            let discriminator = match &union.discriminator {
                Some((property, tags)) => {
                    let mapping = tags.iter().map(|(tag, i)| {
                        let schema = &variants[*i];
                        quote!((#tag, #schema))
                    });
                    quote!(Some((#property, &[#(#mapping),*])))
                }
                None => quote!(None),
            };
            let exclusive = union.exclusive;
            quote! {
                server::Schema::Union(&server::Union {
                    variants: &[#(#variants),*],
                    discriminator: #discriminator,
                    exclusive: #exclusive,
                })
            }
        }
    }
}

/// A `&Rules` expression: `&server::Rules::NONE` and a builder call per keyword.
fn rules_tokens(rules: &Rules<'_>) -> TokenStream {
    let count = |name: &str, value: Option<usize>| {
        value.map(|value| {
            let name = format_ident!("{name}");
            let value = Literal::usize_unsuffixed(value);
            quote!(.#name(#value))
        })
    };
    let mut calls: Vec<TokenStream> =
        [count("min_length", rules.min_length), count("max_length", rules.max_length)].into_iter().flatten().collect();
    if let Some(pattern) = rules.pattern {
        calls.push(quote!(.pattern(#pattern)));
    }
    if let Some(format) = rules.format {
        let format = format_ident!("{format:?}");
        calls.push(quote!(.format(server::StringFormat::#format)));
    }
    for (name, value) in [("minimum", rules.minimum), ("maximum", rules.maximum), ("multiple_of", rules.multiple_of)] {
        if let Some(value) = value {
            let name = format_ident!("{name}");
            let value = Literal::f64_suffixed(value);
            calls.push(quote!(.#name(#value)));
        }
    }
    for (name, set) in [("exclusive_minimum", rules.exclusive_minimum), ("exclusive_maximum", rules.exclusive_maximum)]
    {
        if set {
            let name = format_ident!("{name}");
            calls.push(quote!(.#name()));
        }
    }
    calls.extend(count("min_items", rules.min_items));
    calls.extend(count("max_items", rules.max_items));
    if rules.unique_items {
        calls.push(quote!(.unique_items()));
    }
    quote!(&server::Rules::NONE #(#calls)*)
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
pub(super) fn schema_module(api: &Api, names: &SchemaNames) -> RustFile {
    let local = names.local();
    let statics = names.statics.iter().map(|(id, name)| {
        let def = api.types.get(*id);
        let value = table_value(&table::lower_named(&def.kind), &local);
        let doc = doc_literal(&format!(" `{}` (`#{}`).", def.ident, def.pointer));
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
    let head = quote! {
        //! Validation tables: the schema of every named type the server
        //! validates (requests) or filters (writeOnly members of responses).
        #import
    };
    RustFile::new(head, statics.chain(patterns_static))
}
