//! Local `$ref` resolution for components (parameters, responses, request
//! bodies, headers, security schemes, schemas), with located errors for
//! dangling, external and cyclic references. Besides the usual
//! `#/components/<section>/<name>`, a reference may point at any node of the
//! document (`#/paths/~1pets/get/responses/200`): such nodes are typed on
//! first use and kept for the rest of the run.

use std::collections::HashSet;

use elsa::FrozenMap;
use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location};
use crate::pointer::{lookup, percent_decode};

/// The component sections a `$ref` can point into.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Section {
    Schemas,
    Parameters,
    Responses,
    RequestBodies,
    Headers,
    SecuritySchemes,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Self::Schemas => "schemas",
            Self::Parameters => "parameters",
            Self::Responses => "responses",
            Self::RequestBodies => "requestBodies",
            Self::Headers => "headers",
            Self::SecuritySchemes => "securitySchemes",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Schemas => "schema",
            Self::Parameters => "parameter",
            Self::Responses => "response",
            Self::RequestBodies => "request body",
            Self::Headers => "header",
            Self::SecuritySchemes => "security scheme",
        }
    }
}

/// Component types that can be looked up by section.
pub(crate) trait Component: Sized + DeserializeOwned {
    const SECTION: Section;
    fn table(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
    fn targets(targets: &PointerTargets) -> &FrozenMap<String, Box<ReferenceOr<Self>>>;
}

/// Nodes reached through references to arbitrary pointers, typed once.
#[derive(Default)]
pub(crate) struct PointerTargets {
    schemas: FrozenMap<String, Box<ReferenceOr<openapiv3::Schema>>>,
    parameters: FrozenMap<String, Box<ReferenceOr<openapiv3::Parameter>>>,
    responses: FrozenMap<String, Box<ReferenceOr<openapiv3::Response>>>,
    request_bodies: FrozenMap<String, Box<ReferenceOr<openapiv3::RequestBody>>>,
    headers: FrozenMap<String, Box<ReferenceOr<openapiv3::Header>>>,
    security_schemes: FrozenMap<String, Box<ReferenceOr<openapiv3::SecurityScheme>>>,
    /// Where each reference followed so far leads, by section and reference.
    chains: FrozenMap<String, Box<Chain>>,
}

macro_rules! component {
    ($ty:ty, $section:ident, $field:ident) => {
        impl Component for $ty {
            const SECTION: Section = Section::$section;
            fn table(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
            fn targets(targets: &PointerTargets) -> &FrozenMap<String, Box<ReferenceOr<Self>>> {
                &targets.$field
            }
        }
    };
}

component!(openapiv3::Schema, Schemas, schemas);
component!(openapiv3::Parameter, Parameters, parameters);
component!(openapiv3::Response, Responses, responses);
component!(openapiv3::RequestBody, RequestBodies, request_bodies);
component!(openapiv3::Header, Headers, headers);
component!(openapiv3::SecurityScheme, SecuritySchemes, security_schemes);

/// Where a local reference points.
#[derive(Clone)]
pub(crate) enum Target {
    /// `#/components/<section>/<name>`: the component's name.
    Component(String),
    /// Any other node: its JSON pointer (decoded from the URI fragment).
    Pointer(String),
}

/// Resolves references against one document.
#[derive(Clone, Copy)]
pub(crate) struct Resolver<'a> {
    components: Option<&'a Components>,
    root: &'a Location,
    raw: &'a serde_yaml::Value,
    targets: &'a PointerTargets,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(
        components: Option<&'a Components>,
        root: &'a Location,
        raw: &'a serde_yaml::Value,
        targets: &'a PointerTargets,
    ) -> Self {
        Self { components, root, raw, targets }
    }

    /// What a `$ref` expected to hold a `section` item points at. An
    /// external reference is unsupported (a warning); one that is not a
    /// JSON pointer is an error.
    pub(crate) fn target(&self, reference: &str, section: Section, at: &Location) -> Result<Target, Diagnostic> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(Diagnostic::warning(
                at.join("$ref"),
                format!(
                    "$ref {reference:?} points outside this document; only local references (\"#/...\") are supported"
                ),
            ));
        };
        let pointer = percent_decode(fragment);
        if !pointer.starts_with('/') {
            return Err(Diagnostic::error(
                at.join("$ref"),
                format!("expected a $ref to a {} as a JSON pointer (\"#/...\"), found {reference:?}", section.noun()),
            ));
        }
        let prefix = format!("/components/{}/", section.key());
        Ok(match pointer.strip_prefix(&prefix) {
            Some(token) if !token.is_empty() && !token.contains('/') => {
                Target::Component(token.replace("~1", "/").replace("~0", "~"))
            }
            _ => Target::Pointer(pointer),
        })
    }

    /// The node at `pointer`, typed as a `T` (or a reference to one), once per run.
    pub(crate) fn pointer_target<T: Component>(
        &self,
        pointer: &str,
        reference: &str,
        at: &Location,
    ) -> Result<&'a ReferenceOr<T>, Diagnostic> {
        let cache = T::targets(self.targets);
        if let Some(found) = cache.get(pointer) {
            return Ok(found);
        }
        let node = lookup(self.raw, pointer).ok_or_else(|| {
            Diagnostic::error(
                at.join("$ref"),
                format!("$ref {reference:?} points to nothing: the document has no node at {pointer}"),
            )
        })?;
        let typed: ReferenceOr<T> = serde_yaml::from_value(node.clone()).map_err(|e| {
            Diagnostic::error(
                at.join("$ref"),
                format!("$ref {reference:?} points to a node that is not a valid {}: {e}", T::SECTION.noun()),
            )
        })?;
        Ok(cache.insert(pointer.to_owned(), Box::new(typed)))
    }

    /// Follow `item` through `$ref`s to the component it stands for. Returns
    /// the item and its location, and the component name when it was reached
    /// through a reference. Each chain of references is walked once per run:
    /// later uses of any reference on it jump to its end.
    pub(crate) fn resolve<'s, T: Component>(
        &self,
        item: &'s ReferenceOr<T>,
        at: &Location,
    ) -> Result<(&'s T, Location, Option<String>), Diagnostic>
    where
        'a: 's,
    {
        let mut trail: Vec<&'s str> = Vec::new();
        let walked = self.walk(item, at, &mut trail);
        // Remember where every reference on the way leads, so no chain is walked twice.
        let chain = match &walked {
            Ok((_, _, Some(name))) if !trail.is_empty() => Chain::Ends(Target::Component(name.clone())),
            Ok((_, location, None)) if !trail.is_empty() => Chain::Ends(Target::Pointer(location.pointer.clone())),
            Ok(_) => return walked,
            Err(e) => Chain::Broken(e.message.clone()),
        };
        for reference in trail {
            let key = chain_key(T::SECTION, reference);
            if self.targets.chains.get(&key).is_none() {
                self.targets.chains.insert(key, Box::new(chain.clone()));
            }
        }
        walked
    }

    /// [`Self::resolve`]'s walk, recording the references it follows in `trail`.
    fn walk<'s, T: Component>(
        &self,
        item: &'s ReferenceOr<T>,
        at: &Location,
        trail: &mut Vec<&'s str>,
    ) -> Result<(&'s T, Location, Option<String>), Diagnostic>
    where
        'a: 's,
    {
        let mut current = item;
        let mut location = at.clone();
        let mut name: Option<String> = None;
        let mut seen: HashSet<&'s str> = HashSet::new();
        loop {
            let reference = match current {
                ReferenceOr::Item(value) => return Ok((value, location, name)),
                ReferenceOr::Reference { reference } => reference.as_str(),
            };
            let target = match self.targets.chains.get(&chain_key(T::SECTION, reference)) {
                Some(Chain::Ends(end)) => end.clone(),
                Some(Chain::Broken(why)) => {
                    return Err(Diagnostic::error(
                        at.join("$ref"),
                        format!("$ref {reference:?} cannot be resolved: {why}"),
                    ));
                }
                None => {
                    if !seen.insert(reference) {
                        trail.push(reference);
                        return Err(Diagnostic::error(
                            at.join("$ref"),
                            format!("$ref cycle: {}", describe_trail(trail)),
                        ));
                    }
                    trail.push(reference);
                    self.target(reference, T::SECTION, &location)?
                }
            };
            match target {
                Target::Component(target) => {
                    let table = self.components.map(T::table);
                    let Some(next) = table.and_then(|t| t.get(&target)) else {
                        return Err(Diagnostic::error(
                            location.join("$ref"),
                            format!(
                                "$ref {reference:?} points to nothing: there is no {} named {target:?} under /components/{}",
                                T::SECTION.noun(),
                                T::SECTION.key()
                            ),
                        ));
                    };
                    location = self.root.join("components").join(T::SECTION.key()).join(&target);
                    name = Some(target);
                    current = next;
                }
                Target::Pointer(pointer) => {
                    current = self.pointer_target::<T>(&pointer, reference, &location)?;
                    location = self.root.at(pointer);
                    name = None;
                }
            }
        }
    }
}

/// Where a followed reference leads.
#[derive(Clone)]
enum Chain {
    /// The item at the end of its chain.
    Ends(Target),
    /// Into a dangling reference or a cycle: the message it was reported with.
    Broken(String),
}

fn chain_key(section: Section, reference: &str) -> String {
    format!("{}\0{reference}", section.key())
}

/// A cycle's references for a message: all of a short one, the ends of a long one.
fn describe_trail(trail: &[&str]) -> String {
    const SHOWN: usize = 4;
    if trail.len() <= 2 * SHOWN {
        return trail.join(" -> ");
    }
    format!(
        "{} -> ... ({} more) ... -> {}",
        trail[..SHOWN].join(" -> "),
        trail.len() - 2 * SHOWN,
        trail[trail.len() - SHOWN..].join(" -> ")
    )
}
