//! Stage 2, normalize: turn a loaded OpenAPI document into the IR
//! ([`crate::ir::Api`]). Each concern is a module: reference resolution,
//! security, schemas to types, operations, and the passes over the type
//! graph (pruning what failed, breaking cycles, request and response
//! shapes).

mod aliases;
mod body_limits;
mod cycles;
mod dedup;
mod directions;
mod form_encoding;
mod keywords;
mod nulls;
mod operations;
mod parameters;
mod prune;
mod refs;
mod rename;
mod schemas;
mod security;
mod select;
mod unguarded;

pub use security::{PREFIX_ALIASES_EXTENSION, PREFIX_EXTENSION};

use crate::diagnostics::{Diagnostic, Diagnostics, SpecError};
use crate::ir::{Api, Server, ServerVariable};
use crate::load::LoadedSpec;
use crate::naming::{Scope, snake_ident};
use crate::options::Options;

/// Normalize `spec` into an [`Api`]. Warnings (skipped operations and
/// models) come back beside it; any error fails the whole spec.
pub fn normalize(spec: &LoadedSpec) -> Result<(Api, Vec<Diagnostic>), SpecError> {
    normalize_with(spec, &Options::default())
}

/// [`normalize`] with the user's options: the operations they select, the
/// body limits of single operations, their renames.
pub fn normalize_with(spec: &LoadedSpec, options: &Options) -> Result<(Api, Vec<Diagnostic>), SpecError> {
    let document = &spec.document;
    let root = spec.root();
    let mut diagnostics = Diagnostics::default();
    let targets = refs::PointerTargets::default();
    let resolver = refs::Resolver::new(document.components.as_ref(), &root, &spec.raw, &targets);

    let schemes = security::schemes(document, &root, resolver, &mut diagnostics);
    let mut types = schemas::TypeBuilder::new(document, &root, resolver);
    types.convert_components(&mut diagnostics);
    let operations = {
        let mut ctx =
            operations::OperationContext { document, root: &root, resolver, types: &mut types, schemes: &schemes };
        operations::operations(&mut ctx, &mut diagnostics)
    };
    for warning in types.take_warnings() {
        diagnostics.push(warning);
    }
    let mut operations = select::select(operations, &options.select, &root, &mut diagnostics);
    body_limits::set_body_limits(&mut operations, document, &options.body_limit_per_operation, &root, &mut diagnostics);
    let mut built = types.finish();
    unguarded::remove_unguarded_recursion(&mut built, &root, &mut diagnostics);
    let (space, mut operations) = prune::prune(built, operations, &root, &mut diagnostics);
    let mut space = dedup::merge_identical(space, &mut operations);
    aliases::shorten_chains(&mut space);
    cycles::break_cycles(&mut space);
    rename::rename(&mut space, &options.rename, &root, &mut diagnostics);
    // Last: the request shapes are named after the final names.
    let space = directions::split_directions(space, &mut operations);

    if diagnostics.has_errors() {
        return Err(SpecError { diagnostics: diagnostics.into_vec() });
    }
    let api = Api {
        name: spec.name.clone(),
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone().filter(|d| !d.trim().is_empty()),
        servers: servers(document),
        security_schemes: schemes.schemes,
        operations,
        types: space,
    };
    Ok((api, diagnostics.into_vec()))
}

/// Servers in spec order; OpenAPI's default is a single server at `/`.
fn servers(document: &openapiv3::OpenAPI) -> Vec<Server> {
    if document.servers.is_empty() {
        return vec![Server { url: "/".into(), description: None, variables: Vec::new() }];
    }
    document
        .servers
        .iter()
        .map(|server| {
            let mut scope = Scope::default();
            let variables = server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| ServerVariable {
                    name: name.clone(),
                    ident: scope.claim(snake_ident(name)),
                    default: variable.default.clone(),
                    allowed: variable.enumeration.clone(),
                    description: variable.description.clone(),
                })
                .collect();
            Server { url: server.url.clone(), description: server.description.clone(), variables }
        })
        .collect()
}
