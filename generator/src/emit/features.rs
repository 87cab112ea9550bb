//! Cargo features per tag: a user who needs a few operations of a large API
//! builds only those and the models they reach. Each tag of the spec is a
//! feature of the client and the models crate (all on by default); an
//! operation is compiled when a feature of one of its tags is on, a model
//! when a feature of an operation reaching it is on, and a model no
//! operation reaches (and what it reaches) under the feature
//! `unreferenced-models`. Operations without a tag, and the models they
//! reach, are always compiled. A spec with fewer than two tags gets no
//! features.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{Api, TypeId};
use crate::naming::{Scope, feature_name};

/// The feature of the models no operation reaches.
pub(crate) const UNREFERENCED: &str = "unreferenced-models";

/// Names a tag's feature cannot take: Cargo's own and the client's others.
const RESERVED: &[&str] = &["default", "tracing", UNREFERENCED];

/// When an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    Always,
    /// When one of these features (indexes into [`TagFeatures::features`]) is on.
    Any(BTreeSet<usize>),
}

/// One feature of the generated crates.
#[derive(Debug, Clone)]
pub(crate) struct Feature {
    /// The Cargo feature name.
    pub name: String,
    /// The tag it stands for; `None` for [`UNREFERENCED`].
    pub tag: Option<String>,
    /// How many operations it compiles (for the READMEs).
    pub operations: usize,
}

/// The features of one API and what each item is compiled under.
#[derive(Debug, Clone)]
pub(crate) struct TagFeatures {
    /// In order: the tags' features by name, then [`UNREFERENCED`] if any model needs it.
    pub features: Vec<Feature>,
    operations: Vec<Gate>,
    types: Vec<Gate>,
}

impl TagFeatures {
    /// The features of `api`; `None` when its operations have fewer than
    /// two tags, when there would be nothing to choose from.
    pub(crate) fn new(api: &Api) -> Option<Self> {
        let tags: BTreeSet<&str> = api.operations.iter().flat_map(|op| op.tags.iter().map(String::as_str)).collect();
        if tags.len() < 2 {
            return None;
        }
        // Claimed in the order of the tags, listed by name: deterministic.
        let mut scope = Scope::with_reserved(RESERVED.iter().copied());
        let mut named: Vec<(String, &str)> = tags.iter().map(|tag| (scope.claim(feature_name(tag)), *tag)).collect();
        named.sort();
        let index: BTreeMap<&str, usize> = named.iter().enumerate().map(|(i, (_, tag))| (*tag, i)).collect();
        let operations: Vec<Gate> = api
            .operations
            .iter()
            .map(|op| match op.tags.is_empty() {
                true => Gate::Always,
                false => Gate::Any(op.tags.iter().map(|tag| index[tag.as_str()]).collect()),
            })
            .collect();
        let mut features: Vec<Feature> = named
            .into_iter()
            .enumerate()
            .map(|(i, (name, tag))| Feature {
                name,
                tag: Some(tag.to_owned()),
                operations: operations.iter().filter(|g| matches!(g, Gate::Any(f) if f.contains(&i))).count(),
            })
            .collect();
        let mut types = reached(api, &operations);
        // The models no operation reaches, and what they reach in turn.
        let unreferenced: Vec<TypeId> = api
            .types
            .iter()
            .filter(|(id, _)| matches!(&types[id.0], Gate::Any(f) if f.is_empty()))
            .map(|(id, _)| id)
            .collect();
        if !unreferenced.is_empty() {
            let gate = Gate::Any(BTreeSet::from([features.len()]));
            features.push(Feature { name: UNREFERENCED.to_owned(), tag: None, operations: 0 });
            spread(api, &mut types, unreferenced, &gate);
        }
        Some(Self { features, operations, types })
    }

    /// `#[cfg(...)]` for the items of operation `position`, `None` when always compiled.
    pub(crate) fn operation_cfg(&self, position: usize) -> Option<TokenStream> {
        self.cfg(&self.operations[position])
    }

    /// `#[cfg(...)]` for items any of these operations use (a shared error enum).
    pub(crate) fn operations_cfg(&self, positions: &[usize]) -> Option<TokenStream> {
        let mut union = BTreeSet::new();
        for &position in positions {
            match &self.operations[position] {
                Gate::Always => return None,
                Gate::Any(features) => union.extend(features),
            }
        }
        self.cfg(&Gate::Any(union))
    }

    /// Whether operation `position` is compiled whenever the items the
    /// operations `positions` share are ([`Self::operations_cfg`]): when
    /// every feature that turns those on turns it on too.
    pub(crate) fn compiled_with(&self, position: usize, positions: &[usize]) -> bool {
        let Gate::Any(own) = &self.operations[position] else { return true };
        positions.iter().all(|&p| match &self.operations[p] {
            Gate::Always => false,
            Gate::Any(features) => features.is_subset(own),
        })
    }

    /// `#[cfg(...)]` for the items of model `id`.
    pub(crate) fn type_cfg(&self, id: TypeId) -> Option<TokenStream> {
        self.cfg(&self.types[id.0])
    }

    fn cfg(&self, gate: &Gate) -> Option<TokenStream> {
        let Gate::Any(features) = gate else { return None };
        let names: Vec<&str> = features.iter().map(|&i| self.features[i].name.as_str()).collect();
        Some(match names.as_slice() {
            [one] => quote! { #[cfg(feature = #one)] },
            names => quote! { #[cfg(any(#(feature = #names),*))] },
        })
    }
}

/// Each model's gate: the features of the operations that reach it,
/// through fields, items and alternatives; `Any` of none for a model no
/// operation reaches.
fn reached(api: &Api, operations: &[Gate]) -> Vec<Gate> {
    let mut gates = vec![Gate::Any(BTreeSet::new()); api.types.len()];
    for (op, gate) in api.operations.iter().zip(operations) {
        let mut roots = Vec::new();
        op.type_refs().iter().for_each(|t| t.named_ids(&mut roots));
        spread(api, &mut gates, roots, gate);
    }
    gates
}

/// Add `gate` to the gates of `roots` and of every model they reach.
fn spread(api: &Api, gates: &mut [Gate], mut stack: Vec<TypeId>, gate: &Gate) {
    while let Some(id) = stack.pop() {
        let grew = match (&mut gates[id.0], gate) {
            (Gate::Always, _) => false,
            (slot @ Gate::Any(_), Gate::Always) => {
                *slot = Gate::Always;
                true
            }
            (Gate::Any(have), Gate::Any(features)) => {
                let before = have.len();
                have.extend(features);
                have.len() > before
            }
        };
        // A model that already had these features passed them on then.
        if grew {
            api.types.get(id).type_refs().iter().for_each(|t| t.named_ids(&mut stack));
        }
    }
}

/// `items` with `cfg` on each top-level item, after its doc comments. An
/// item ends at a top-level `;`, or at a top-level `{ ... }` that no `;`
/// follows; generated code has no other kind of item.
pub(crate) fn gate_items(cfg: Option<&TokenStream>, items: TokenStream) -> TokenStream {
    let Some(cfg) = cfg else { return items };
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut i = 0;
    while i < tokens.len() {
        if at_start && is_doc(&tokens[i..]) {
            out.extend(tokens[i..i + 2].iter().cloned());
            i += 2;
            continue;
        }
        if at_start {
            out.extend(cfg.clone());
        }
        let token = &tokens[i];
        out.extend(std::iter::once(token.clone()));
        let next_is_semicolon = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ';');
        at_start = match token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && !next_is_semicolon,
            _ => false,
        };
        i += 1;
    }
    out
}

/// Whether `tokens` start with a doc comment (`#[doc = "..."]`).
fn is_doc(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Punct(hash), TokenTree::Group(group), ..] => {
            hash.as_char() == '#'
                && group.delimiter() == Delimiter::Bracket
                && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(name)) if name == "doc")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_cfg_once() {
        let cfg = quote! { #[cfg(feature = "pets")] };
        let items = quote! {
            /// Docs.
            #[derive(Debug)]
            pub struct A { pub a: u8 }
            pub struct B(u8);
            const C: Foo = Foo { a: 1 };
            impl A { fn f() { let x = { 1 }; } }
            pub type D = u8;
        };
        let gated = gate_items(Some(&cfg), items).to_string();
        let file = syn::parse_file(&gated).expect("still items");
        assert_eq!(file.items.len(), 5);
        for item in &file.items {
            let text = quote! { #item }.to_string();
            assert_eq!(text.matches("cfg").count(), 1, "{text}");
        }
        // After the doc comment, before the other attributes.
        let first = &file.items[0];
        let first = quote! { #first }.to_string();
        assert!(first.find("doc").unwrap() < first.find("cfg").unwrap(), "{first}");
        assert!(first.find("cfg").unwrap() < first.find("derive").unwrap(), "{first}");
        assert_eq!(gate_items(None, quote! { struct A; }).to_string(), quote! { struct A; }.to_string());
    }
}
