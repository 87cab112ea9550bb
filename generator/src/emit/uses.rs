//! The names a generated module uses unqualified, recorded where the
//! emitter writes them, so that the module's `use` lines list exactly
//! what its code uses: no scan of the printed code afterwards.

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{TypeRef, TypeSpace};

/// What one generated module names unqualified.
pub(crate) struct Uses {
    /// Whether a name is one the module may import (a runtime item of
    /// `runtime_items.rs`, a module of the crate...).
    importable: fn(&str) -> bool,
    used: RefCell<BTreeSet<&'static str>>,
}

impl Uses {
    /// Nothing used yet, of the names `importable` accepts.
    pub(crate) fn new(importable: fn(&str) -> bool) -> Self {
        Self { importable, used: RefCell::default() }
    }

    /// `name`, to write unqualified: recorded as used.
    pub(crate) fn item(&self, name: &'static str) -> Ident {
        self.need(name);
        format_ident!("{name}")
    }

    /// Record `name` as used without writing it: a trait whose method the
    /// code calls, say.
    pub(crate) fn need(&self, name: &'static str) {
        debug_assert!((self.importable)(name), "`{name}` is not a name this module imports");
        self.used.borrow_mut().insert(name);
    }

    /// Whether `name` was used.
    pub(crate) fn is_used(&self, name: &str) -> bool {
        self.used.borrow().contains(name)
    }

    /// The Rust type of `ty` outside the models crate ([`model_type`]):
    /// records `models` when it names a model.
    ///
    /// [`model_type`]: crate::emit::types::model_type
    pub(crate) fn model_type(&self, ty: &TypeRef, space: &TypeSpace) -> TokenStream {
        let mut ids = Vec::new();
        ty.named_ids(&mut ids);
        if !ids.is_empty() {
            self.need("models");
        }
        crate::emit::types::model_type(ty, space)
    }

    /// `use <module>::{...};` for the names used that `module` holds, in
    /// name order; nothing when none is.
    pub(crate) fn use_line(&self, module: TokenStream, holds: impl Fn(&str) -> bool) -> TokenStream {
        let used = self.used.borrow();
        let names: Vec<Ident> = used.iter().filter(|name| holds(name)).map(|name| format_ident!("{name}")).collect();
        if names.is_empty() {
            return TokenStream::new();
        }
        quote! { use #module::{#(#names),*}; }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::Uses;
    use crate::ir::{TypeRef, TypeSpace};

    #[test]
    fn the_use_line_lists_what_was_written() {
        let uses = Uses::new(|name| ["Scheme", "Style", "models"].contains(&name));
        let all = |_: &str| true;
        assert!(uses.use_line(quote!(m), all).is_empty());
        let (style, scheme) = (uses.item("Style"), uses.item("Scheme"));
        uses.item("Style");
        assert_eq!(quote!(#style #scheme).to_string(), "Style Scheme");
        assert_eq!(
            uses.use_line(quote!(m), all).to_string(),
            quote!(
                use m::{Scheme, Style};
            )
            .to_string()
        );
        assert!(uses.use_line(quote!(m), |n| n == "models").is_empty());
        uses.model_type(&TypeRef::Array(Box::new(TypeRef::String)), &TypeSpace::default());
        assert!(!uses.is_used("models"), "no model is named");
    }
}
