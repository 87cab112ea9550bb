//! Defaults of optional parameters: the schema's `default` as a Rust
//! expression of the parameter's type, which the handler passes when a
//! request lacks the parameter, so that the trait takes the plain type
//! rather than an `Option`. A default the generator cannot write as such
//! an expression (objects, unions, dates, a value of the wrong type)
//! leaves the parameter an `Option`.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};
use serde_json::Value;

use crate::emit::uses::Uses;
use crate::ir::{ParamLocation, Parameter, TypeKind, TypeRef, TypeSpace};
use crate::naming::ENUM_CATCH_ALL;

/// How a handler fills in an absent parameter.
pub(super) enum Fallback {
    /// The type's own default is the spec's: `unwrap_or_default()`.
    TypeDefault,
    /// A constant: `unwrap_or(value)`.
    Constant(Expression),
    /// A value built at each use: `unwrap_or_else(|| value)`.
    Built(Expression),
}

impl Fallback {
    /// The method call that applies the fallback to an `Option`.
    pub(super) fn call(&self, uses: &Uses) -> TokenStream {
        let value = match self {
            Self::TypeDefault => return quote!(.unwrap_or_default()),
            Self::Constant(value) | Self::Built(value) => value,
        };
        if value.names_models {
            uses.need("models");
        }
        let tokens = &value.tokens;
        match self {
            Self::Constant(_) => quote!(.unwrap_or(#tokens)),
            _ => quote!(.unwrap_or_else(|| #tokens)),
        }
    }
}

/// The fallback of `p`, when it is optional and has a default the
/// generator can write for its type.
pub(super) fn fallback(p: &Parameter, space: &TypeSpace) -> Option<Fallback> {
    if p.required || p.location == ParamLocation::Path {
        return None;
    }
    let default = p.default.as_ref()?;
    let value = expression(default, &p.ty, space, 0)?;
    Some(if value.is_type_default {
        Fallback::TypeDefault
    } else if value.constant {
        Fallback::Constant(value)
    } else {
        Fallback::Built(value)
    })
}

/// A Rust expression for a JSON value.
pub(super) struct Expression {
    tokens: TokenStream,
    /// Whether it is a constant (no call, no allocation).
    constant: bool,
    /// Whether it equals `Default::default()` of its type.
    is_type_default: bool,
    /// Whether it names a model (`models::Order::Asc`).
    names_models: bool,
}

impl Expression {
    fn constant(tokens: TokenStream, is_type_default: bool) -> Self {
        Self { tokens, constant: true, is_type_default, names_models: false }
    }

    fn built(tokens: TokenStream, is_type_default: bool) -> Self {
        Self { tokens, constant: false, is_type_default, names_models: false }
    }

    fn of_model(self) -> Self {
        Self { names_models: true, ..self }
    }
}

/// Aliases may refer to aliases; a chain this long is a cycle.
const MAX_DEPTH: usize = 16;

/// `value` as an expression of type `ty`; `None` when it does not have
/// that type or the type has no literal form here.
fn expression(value: &Value, ty: &TypeRef, space: &TypeSpace, depth: usize) -> Option<Expression> {
    if depth > MAX_DEPTH {
        return None;
    }
    match ty {
        TypeRef::String => {
            let text = value.as_str()?;
            Some(Expression::built(quote!(#text.to_owned()), text.is_empty()))
        }
        TypeRef::I32 => {
            let number = i32::try_from(value.as_i64()?).ok()?;
            Some(Expression::constant(Literal::i32_unsuffixed(number).into_token_stream(), number == 0))
        }
        TypeRef::I64 => {
            let number = value.as_i64()?;
            Some(Expression::constant(Literal::i64_unsuffixed(number).into_token_stream(), number == 0))
        }
        TypeRef::I8
        | TypeRef::I16
        | TypeRef::I128
        | TypeRef::U8
        | TypeRef::U16
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::U128 => {
            let number = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from))?;
            let (low, high) = crate::emit::table::integer_format(ty)?.range();
            let literal = (low..=high).contains(&number).then(|| Literal::i128_unsuffixed(number))?;
            Some(Expression::constant(literal.into_token_stream(), number == 0))
        }
        TypeRef::F32 | TypeRef::F64 => {
            let number = value.as_f64()?;
            // The literal constructors panic on infinities (an `f32` overflows sooner).
            let literal = if *ty == TypeRef::F32 {
                let narrow = number as f32;
                narrow.is_finite().then(|| Literal::f32_unsuffixed(narrow))?
            } else {
                number.is_finite().then(|| Literal::f64_unsuffixed(number))?
            };
            Some(Expression::constant(literal.into_token_stream(), number == 0.0))
        }
        TypeRef::Boolean => {
            let flag = value.as_bool()?;
            Some(Expression::constant(quote!(#flag), !flag))
        }
        TypeRef::Array(item) => {
            let items = value.as_array()?;
            let items: Vec<Expression> =
                items.iter().map(|v| expression(v, item, space, depth + 1)).collect::<Option<_>>()?;
            let names_models = items.iter().any(|e| e.names_models);
            let tokens = items.iter().map(|e| &e.tokens);
            let array = Expression::built(quote!(vec![#(#tokens),*]), items.is_empty());
            Some(if names_models { array.of_model() } else { array })
        }
        TypeRef::Named(id) => {
            let def = space.get(*id);
            let name = format_ident!("{}", def.ident);
            let unknown = format_ident!("{ENUM_CATCH_ALL}");
            match &def.kind {
                TypeKind::StringEnum(variants) => {
                    let text = value.as_str()?;
                    Some(
                        match variants.iter().find(|v| v.value == text) {
                            Some(variant) => {
                                let variant = crate::emit::types::ident(&variant.ident);
                                Expression::constant(quote!(models::#name::#variant), false)
                            }
                            None => Expression::built(quote!(models::#name::#unknown(#text.to_owned())), false),
                        }
                        .of_model(),
                    )
                }
                TypeKind::IntegerEnum(variants) => {
                    let number = value.as_i64()?;
                    Some(
                        match variants.iter().find(|v| v.value == number) {
                            Some(variant) => {
                                let variant = crate::emit::types::ident(&variant.ident);
                                Expression::constant(quote!(models::#name::#variant), false)
                            }
                            None => {
                                let number = Literal::i64_unsuffixed(number);
                                Expression::constant(quote!(models::#name::#unknown(#number)), false)
                            }
                        }
                        .of_model(),
                    )
                }
                TypeKind::Alias(inner) => expression(value, inner, space, depth + 1),
                TypeKind::Struct(_) | TypeKind::Union(_) => None,
            }
        }
        // Dates, UUIDs and bytes would need parsing at run time; nullable,
        // boxed, maps and free-form values have no use as a parameter default.
        TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid
        | TypeRef::Bytes
        | TypeRef::Binary
        | TypeRef::Any
        | TypeRef::JsonObject
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Boxed(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ir::{EnumVariant, IntegerEnumVariant, TypeDef, TypeId};

    fn space() -> TypeSpace {
        let def = |ident: &str, kind| TypeDef {
            ident: ident.into(),
            description: None,
            pointer: String::new(),
            example: None,
            kind,
        };
        TypeSpace::new(vec![
            def("Order", TypeKind::StringEnum(vec![EnumVariant { ident: "Asc".into(), value: "asc".into() }])),
            def("Level", TypeKind::IntegerEnum(vec![IntegerEnumVariant { ident: "V1".into(), value: 1 }])),
            def("Name", TypeKind::Alias(TypeRef::String)),
            def("Loop", TypeKind::Alias(TypeRef::Named(TypeId(3)))),
            def("Thing", TypeKind::Struct(Default::default())),
        ])
    }

    fn call(default: Value, ty: TypeRef) -> Option<String> {
        let p = Parameter {
            name: "p".into(),
            ident: "p".into(),
            location: ParamLocation::Query,
            required: false,
            ty,
            style: crate::ir::ParamStyle::Form,
            explode: true,
            json: None,
            description: None,
            deprecated: false,
            default: Some(default),
            constraints: Default::default(),
            example: None,
        };
        let uses = crate::emit::server::imports::uses();
        let call = fallback(&p, &space()).map(|f| f.call(&uses).to_string().replace(' ', ""));
        // `models` is recorded exactly when the call names it.
        assert_eq!(uses.is_used("models"), call.as_ref().is_some_and(|c| c.contains("models::")), "{call:?}");
        call
    }

    #[test]
    fn scalar_defaults_are_literals() {
        assert_eq!(call(json!(20), TypeRef::I32).as_deref(), Some(".unwrap_or(20)"));
        assert_eq!(call(json!(-3), TypeRef::I64).as_deref(), Some(".unwrap_or(-3)"));
        assert_eq!(call(json!(0), TypeRef::I64).as_deref(), Some(".unwrap_or_default()"));
        assert_eq!(call(json!(2.5), TypeRef::F64).as_deref(), Some(".unwrap_or(2.5)"));
        assert_eq!(call(json!(1), TypeRef::F32).as_deref(), Some(".unwrap_or(1.0)"));
        assert_eq!(call(json!(true), TypeRef::Boolean).as_deref(), Some(".unwrap_or(true)"));
        assert_eq!(call(json!(false), TypeRef::Boolean).as_deref(), Some(".unwrap_or_default()"));
        assert_eq!(call(json!("a\"b"), TypeRef::String).as_deref(), Some(r#".unwrap_or_else(||"a\"b".to_owned())"#));
        assert_eq!(call(json!(""), TypeRef::String).as_deref(), Some(".unwrap_or_default()"));
    }

    #[test]
    fn enums_aliases_and_arrays() {
        let named = |i| TypeRef::Named(TypeId(i));
        assert_eq!(call(json!("asc"), named(0)).as_deref(), Some(".unwrap_or(models::Order::Asc)"));
        assert_eq!(
            call(json!("up"), named(0)).as_deref(),
            Some(r#".unwrap_or_else(||models::Order::UnknownValue("up".to_owned()))"#)
        );
        assert_eq!(call(json!(1), named(1)).as_deref(), Some(".unwrap_or(models::Level::V1)"));
        assert_eq!(call(json!(7), named(1)).as_deref(), Some(".unwrap_or(models::Level::UnknownValue(7))"));
        assert_eq!(call(json!("x"), named(2)).as_deref(), Some(r#".unwrap_or_else(||"x".to_owned())"#));
        let list = TypeRef::Array(Box::new(TypeRef::I32));
        assert_eq!(call(json!([1, 2]), list.clone()).as_deref(), Some(".unwrap_or_else(||vec![1,2])"));
        assert_eq!(call(json!([]), list).as_deref(), Some(".unwrap_or_default()"));
    }

    #[test]
    fn defaults_that_do_not_fit_stay_optional() {
        assert_eq!(call(json!("20"), TypeRef::I32), None);
        assert_eq!(call(json!(3_000_000_000_i64), TypeRef::I32), None);
        assert_eq!(call(json!(1.5), TypeRef::I64), None);
        assert_eq!(call(json!(1), TypeRef::String), None);
        assert_eq!(call(json!([1, "a"]), TypeRef::Array(Box::new(TypeRef::I32))), None);
        assert_eq!(call(json!("2020-01-01"), TypeRef::Date), None);
        assert_eq!(call(json!({}), TypeRef::Named(TypeId(4))), None);
        assert_eq!(call(json!("x"), TypeRef::Named(TypeId(3))), None, "an alias cycle ends");
        assert_eq!(call(json!(null), TypeRef::Nullable(Box::new(TypeRef::I32))), None);
        assert_eq!(call(json!(1e300), TypeRef::F32), None, "out of range for f32");
    }
}
