//! Local `$ref` resolution for components (parameters, responses, request
//! bodies, headers, security schemes, schemas), with located errors for
//! dangling, external and cyclic references.

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};

use crate::diagnostics::{Diagnostic, Location};

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
pub(crate) trait Component: Sized {
    const SECTION: Section;
    fn table(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $section:ident, $field:ident) => {
        impl Component for $ty {
            const SECTION: Section = Section::$section;
            fn table(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
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

/// Resolves references against one document's components.
#[derive(Clone, Copy)]
pub(crate) struct Resolver<'a> {
    components: Option<&'a Components>,
    root: &'a Location,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(components: Option<&'a Components>, root: &'a Location) -> Self {
        Self { components, root }
    }

    /// The component name a `$ref` to `section` names, checking that the
    /// reference is local and well formed. An external reference is
    /// unsupported (a warning); a malformed one is an error.
    pub(crate) fn component_name(&self, reference: &str, section: Section, at: &Location) -> Result<String, Diagnostic> {
        let prefix = format!("#/components/{}/", section.key());
        match reference.strip_prefix(&prefix) {
            Some(token) if !token.is_empty() && !token.contains('/') => {
                Ok(token.replace("~1", "/").replace("~0", "~"))
            }
            _ if !reference.starts_with('#') => Err(Diagnostic::warning(
                at.join("$ref"),
                format!("$ref {reference:?} points outside this document; only local references (\"#/...\") are supported"),
            )),
            _ => Err(Diagnostic::error(
                at.join("$ref"),
                format!("expected a $ref to a {} of the form \"{prefix}<name>\", found {reference:?}", section.noun()),
            )),
        }
    }

    /// Follow `item` through `$ref`s to the component it stands for. Returns
    /// the item and its location, and the component name when it was reached
    /// through a reference.
    pub(crate) fn resolve<'s, T: Component>(
        &self,
        item: &'s ReferenceOr<T>,
        at: &Location,
    ) -> Result<(&'s T, Location, Option<String>), Diagnostic>
    where
        'a: 's,
    {
        let mut current = item;
        let mut location = at.clone();
        let mut name = None;
        let mut trail: Vec<String> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(value) => return Ok((value, location, name)),
                ReferenceOr::Reference { reference } => {
                    if trail.contains(reference) {
                        trail.push(reference.clone());
                        return Err(Diagnostic::error(
                            at.join("$ref"),
                            format!("$ref cycle: {}", trail.join(" -> ")),
                        ));
                    }
                    trail.push(reference.clone());
                    let target = self.component_name(reference, T::SECTION, &location)?;
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
            }
        }
    }
}
