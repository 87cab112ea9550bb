//! The derives of `oapi-runtime`, re-exported by it: generated models
//! crates derive `oapi_runtime::SerdeStruct` on their structs and
//! `oapi_runtime::StringEnum` on their string enums.
//!
//! Why not serde's own derive: in a models crate of thousands of structs,
//! type-checking and borrow-checking what it expands to dominated the
//! build (it also reads a struct from a sequence of its fields, and names
//! fields by index and bytes). This derive expands to a third of that
//! code, calling the helpers of `oapi_runtime::serde_struct`.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{Data, DataEnum, DeriveInput, Error, Expr, ExprLit, Fields, Ident, Lit, LitStr, parse_macro_input};

/// `Serialize` and `Deserialize` of a struct with named fields, as JSON
/// objects. Each field is a member named as the field (without `r#`),
/// or as `#[member(rename = "name")]` says, and is one of:
/// - required (no attribute): missing, an error, or `None` for an
///   `Option` field (a nullable member); always written;
/// - `#[member(optional)]`, an `Option` field: absent or `null` is `None`,
///   and `None` is not written;
/// - `#[member(nullable)]`, an `Option<Option<_>>` field: absent is
///   `None`, `null` is `Some(None)`, and each is written back as it was.
///
/// A member given twice is an error, an unknown one is skipped. The
/// crate deriving it names `oapi_runtime` among its dependencies.
#[proc_macro_derive(SerdeStruct, attributes(member))]
pub fn derive_serde_struct(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    serde_struct(&input).unwrap_or_else(Error::into_compile_error).into()
}

/// How a member is read and written: the `oapi_runtime::serde_struct`
/// module of that name holds its functions, and `Writer` has a method
/// of that name.
enum Kind {
    Required,
    Optional,
    Nullable,
}

impl Kind {
    /// The name of its runtime module and `Writer` method.
    fn name(&self) -> Ident {
        let name = match self {
            Kind::Required => "required",
            Kind::Optional => "optional",
            Kind::Nullable => "nullable",
        };
        Ident::new(name, Span::call_site())
    }
}

struct Member<'a> {
    field: &'a Ident,
    ty: &'a syn::Type,
    wire: String,
    kind: Kind,
}

fn members(input: &DeriveInput) -> syn::Result<Vec<Member<'_>>> {
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(&input.generics, "SerdeStruct does not take generic structs"));
    }
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => &fields.named,
            Fields::Unit => return Ok(Vec::new()),
            Fields::Unnamed(_) => return Err(Error::new_spanned(&input.ident, "SerdeStruct needs named fields")),
        },
        _ => return Err(Error::new_spanned(&input.ident, "SerdeStruct derives structs only")),
    };
    fields
        .iter()
        .map(|f| {
            let field = f.ident.as_ref().expect("named fields have names");
            let mut member = Member { field, ty: &f.ty, wire: field.unraw().to_string(), kind: Kind::Required };
            for attr in f.attrs.iter().filter(|a| a.path().is_ident("member")) {
                attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("optional") {
                        member.kind = Kind::Optional;
                    } else if meta.path.is_ident("nullable") {
                        member.kind = Kind::Nullable;
                    } else if meta.path.is_ident("rename") {
                        member.wire = meta.value()?.parse::<LitStr>()?.value();
                    } else {
                        return Err(meta.error("expected `optional`, `nullable` or `rename = \"...\"`"));
                    }
                    Ok(())
                })?;
            }
            Ok(member)
        })
        .collect()
}

/// A variable of an expansion: its name cannot clash with the input's.
fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

fn serde_struct(input: &DeriveInput) -> syn::Result<Tokens> {
    let members = members(input)?;
    let name = &input.ident;
    let type_name = name.unraw().to_string();
    let rt = quote!(::oapi_runtime::serde_struct);
    let serde = quote!(::oapi_runtime::__serde);
    // The expansion's own variables cannot clash with field names.
    let (map, index, read, error, writer, len, serializer) = (
        local("map"),
        local("index"),
        local("read"),
        local("error"),
        local("writer"),
        local("len"),
        local("serializer"),
    );
    let slots: Vec<Ident> = (0..members.len()).map(|i| format_ident!("slot{i}", span = Span::mixed_site())).collect();
    let fields: Vec<&Ident> = members.iter().map(|m| m.field).collect();
    let positions = (0..members.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let types = members.iter().map(|m| m.ty);
    let wires: Vec<&str> = members.iter().map(|m| m.wire.as_str()).collect();
    let kinds: Vec<Ident> = members.iter().map(|m| m.kind.name()).collect();
    let required: Vec<(&Ident, &str)> = members
        .iter()
        .zip(&slots)
        .filter(|(m, _)| matches!(m.kind, Kind::Required))
        .map(|(m, s)| (s, m.wire.as_str()))
        .collect();
    let (required_slots, required_wires): (Vec<&Ident>, Vec<&str>) = required.iter().copied().unzip();
    let required_count = required.len();
    let counted: Vec<&Member> = members.iter().filter(|m| !matches!(m.kind, Kind::Required)).collect();
    let counted_kinds = counted.iter().map(|m| m.kind.name());
    let counted_fields = counted.iter().map(|m| m.field);
    let finished = members.iter().zip(&slots).map(|(m, slot)| match m.kind {
        Kind::Required => quote!(#slot),
        Kind::Optional | Kind::Nullable => {
            let kind = m.kind.name();
            quote!(#rt::#kind::finish(#slot))
        }
    });
    // Every required slot is full once `fill` has run, or `fill` recorded
    // why one is not: one pattern for all of them, not one test per member.
    let settle = (!required.is_empty()).then(|| {
        quote! {
            let mut #error = ::core::option::Option::None;
            #(#rt::required::fill(&mut #required_slots, #required_wires, &mut #error);)*
            let (#(::core::option::Option::Some(#required_slots),)*) = (#(#required_slots,)*) else {
                return ::core::result::Result::Err(#error.unwrap_or_else(#rt::required::unfilled));
            };
        }
    });
    Ok(quote! {
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, #serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                // Required members are always written, the others when present.
                let #len = #required_count #(+ #rt::#counted_kinds::count(&self.#counted_fields))*;
                let mut #writer = #rt::Writer::new(#serializer.serialize_struct(#type_name, #len));
                #(#writer.#kinds(#wires, &self.#fields);)*
                #writer.end()
            }
        }

        impl<'de> #rt::FromMap<'de> for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];

            fn from_map<A: #serde::de::MapAccess<'de>>(mut #map: A) -> ::core::result::Result<Self, A::Error> {
                #(let mut #slots: ::core::option::Option<#types> = ::core::option::Option::None;)*
                while let ::core::option::Option::Some(#index) = #rt::next_member(&mut #map, Self::FIELDS)? {
                    let #read = match #index {
                        #(#positions => #rt::#kinds::read(&mut #map, &mut #slots, #wires),)*
                        _ => #rt::skip(&mut #map),
                    };
                    #read?;
                }
                #settle
                ::core::result::Result::Ok(Self { #(#fields: #finished,)* })
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::from_map(deserializer)
            }
        }
    })
}

/// `as_str`, `Display`, `Serialize` and `Deserialize` of a string enum:
/// each unit variant is the string its `#[value = "..."]` gives, and the
/// one `Variant(String)` holds any other string, kept as received. The
/// crate deriving it names `oapi_runtime` among its dependencies.
#[proc_macro_derive(StringEnum, attributes(value))]
pub fn derive_string_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    string_enum(&input).unwrap_or_else(Error::into_compile_error).into()
}

/// A string enum's listed variants (with their values) and the variant
/// holding the rest.
struct StringVariants<'a> {
    listed: Vec<(&'a Ident, LitStr)>,
    other: &'a Ident,
}

fn string_variants(input: &DeriveInput) -> syn::Result<StringVariants<'_>> {
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(&input.generics, "StringEnum does not take generic enums"));
    }
    let Data::Enum(DataEnum { variants, .. }) = &input.data else {
        return Err(Error::new_spanned(&input.ident, "StringEnum derives enums only"));
    };
    let mut listed: Vec<(&Ident, LitStr)> = Vec::new();
    let mut other = None;
    for variant in variants {
        match &variant.fields {
            Fields::Unit => {
                let value = variant_value(variant)?;
                if listed.iter().any(|(_, seen)| seen.value() == value.value()) {
                    return Err(Error::new_spanned(&value, "this value is another variant's already"));
                }
                listed.push((&variant.ident, value));
            }
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 && other.is_none() => other = Some(&variant.ident),
            _ => {
                return Err(Error::new_spanned(
                    &variant.ident,
                    "StringEnum takes unit variants and one `Variant(String)` for the values not listed",
                ));
            }
        }
    }
    let other = other.ok_or_else(|| {
        Error::new_spanned(&input.ident, "StringEnum needs one `Variant(String)` for the values not listed")
    })?;
    Ok(StringVariants { listed, other })
}

/// The string of `#[value = "..."]` on a unit variant.
fn variant_value(variant: &syn::Variant) -> syn::Result<LitStr> {
    let attr = variant
        .attrs
        .iter()
        .find(|a| a.path().is_ident("value"))
        .ok_or_else(|| Error::new_spanned(&variant.ident, "a listed variant needs `#[value = \"...\"]`"))?;
    match &attr.meta.require_name_value()?.value {
        Expr::Lit(ExprLit { lit: Lit::Str(value), .. }) => Ok(value.clone()),
        other => Err(Error::new_spanned(other, "expected `#[value = \"...\"]`")),
    }
}

fn string_enum(input: &DeriveInput) -> syn::Result<Tokens> {
    let StringVariants { listed, other } = string_variants(input)?;
    let (name, vis) = (&input.ident, &input.vis);
    let serde = quote!(::oapi_runtime::__serde);
    let (variants, values): (Vec<&Ident>, Vec<&LitStr>) = listed.iter().map(|(v, value)| (*v, value)).unzip();
    let (value, formatter, serializer, deserializer) =
        (local("value"), local("formatter"), local("serializer"), local("deserializer"));
    Ok(quote! {
        impl #name {
            /// The value as sent on the wire.
            #vis fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#other(#value) => #value,
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, #formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #formatter.write_str(self.as_str())
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, #serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                #serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(#deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let #value = <::std::string::String as #serde::Deserialize>::deserialize(#deserializer)?;
                ::core::result::Result::Ok(match #value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::#other(#value),
                })
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    fn refused(input: DeriveInput) -> String {
        serde_struct(&input).expect_err("refused").to_string()
    }

    #[test]
    fn what_it_cannot_derive_is_an_error_naming_why() {
        assert_eq!(
            refused(parse_quote!(
                struct Pair(u8, u8);
            )),
            "SerdeStruct needs named fields"
        );
        assert_eq!(
            refused(parse_quote!(
                enum Kind {
                    A,
                }
            )),
            "SerdeStruct derives structs only"
        );
        assert_eq!(
            refused(parse_quote!(
                struct Page<T> {
                    items: Vec<T>,
                }
            )),
            "SerdeStruct does not take generic structs"
        );
        let unknown = refused(parse_quote!(
            struct Pet {
                #[member(default)]
                name: String,
            }
        ));
        assert_eq!(unknown, "expected `optional`, `nullable` or `rename = \"...\"`");
    }

    #[test]
    fn members_take_their_kind_and_name_from_the_attribute() {
        let input: DeriveInput = parse_quote! {
            struct Pet {
                r#type: String,
                #[member(optional, rename = "petName")]
                name: Option<String>,
                #[member(nullable)]
                tag: Option<Option<String>>,
            }
        };
        let members = members(&input).expect("members");
        let read: Vec<(&str, String)> = members.iter().map(|m| (m.wire.as_str(), m.kind.name().to_string())).collect();
        assert_eq!(read, [("type", "required".into()), ("petName", "optional".into()), ("tag", "nullable".into())]);
    }

    fn refused_enum(input: DeriveInput) -> String {
        string_enum(&input).expect_err("refused").to_string()
    }

    #[test]
    fn string_enums_it_cannot_derive_are_errors_naming_why() {
        assert_eq!(
            refused_enum(parse_quote!(
                struct S;
            )),
            "StringEnum derives enums only"
        );
        assert_eq!(
            refused_enum(parse_quote!(
                enum E {
                    #[value = "a"]
                    A,
                }
            )),
            "StringEnum needs one `Variant(String)` for the values not listed"
        );
        assert_eq!(
            refused_enum(parse_quote!(
                enum E {
                    A,
                    Other(String),
                }
            )),
            "a listed variant needs `#[value = \"...\"]`"
        );
        assert_eq!(
            refused_enum(parse_quote!(
                enum E {
                    #[value = "a"]
                    A,
                    #[value = "a"]
                    B,
                    Other(String),
                }
            )),
            "this value is another variant's already"
        );
        assert_eq!(
            refused_enum(parse_quote!(
                enum E {
                    #[value = 1]
                    A,
                    Other(String),
                }
            )),
            "expected `#[value = \"...\"]`"
        );
        assert_eq!(
            refused_enum(parse_quote!(
                enum E {
                    A { a: u8 },
                    Other(String),
                }
            )),
            "StringEnum takes unit variants and one `Variant(String)` for the values not listed"
        );
    }

    #[test]
    fn string_variants_take_their_values_from_the_attribute() {
        let input: DeriveInput = parse_quote! {
            enum Sort {
                /// `created`
                #[value = "created"]
                Created,
                #[value = "user:read"]
                UserRead,
                Unknown(String),
            }
        };
        let StringVariants { listed, other } = string_variants(&input).expect("variants");
        let listed: Vec<(String, String)> = listed.iter().map(|(v, value)| (v.to_string(), value.value())).collect();
        assert_eq!(listed, [("Created".into(), "created".into()), ("UserRead".into(), "user:read".into())]);
        assert_eq!(other, "Unknown");
    }
}
