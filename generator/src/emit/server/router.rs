//! The `router` module of a server crate: one axum handler per operation
//! (authenticate, extract and validate, call the trait, answer), and the
//! `router` function that routes each path template to its handlers.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::auth::{Auth, SecurityNames};
use super::extract::{extraction, multipart_helper};
use super::operation_types::OpTypes;
use super::paths::{Route, needs_literal_colons, reads_by_template, routes};
use super::schema::SchemaNames;
use super::{imports, trait_def};
use crate::emit::docs::doc_literal;
use crate::emit::rust::RustFile;
use crate::ir::{Api, HttpMethod, TypeId, TypeRef};
use crate::naming::{Scope, snake_ident};

/// The router module.
pub(super) fn router_module(
    api: &Api,
    plans: &[OpTypes],
    schemas: &SchemaNames,
    security: &SecurityNames,
    body_limit: Option<u64>,
) -> RustFile {
    // What the code below names unqualified, recorded as it is written.
    let uses = imports::uses();
    let routes = routes(api);
    // Handlers and helpers must not take a name the module imports (E0255)
    // nor one `router` binds before naming them.
    let locals = ["router", "api", "authenticator", "state", "routes"];
    let mut scope = Scope::with_reserved(imports::importable_names().chain(locals));
    let handlers: Vec<Ident> =
        api.operations.iter().map(|op| format_ident!("{}", scope.claim(op.fn_ident.clone()))).collect();
    // Per operation, the template to read its path by, where it is not its
    // route's, and whether a dispatcher calls it.
    let mut templates: Vec<Option<&str>> = vec![None; api.operations.len()];
    let mut dispatched = vec![false; api.operations.len()];
    for route in &routes {
        for (_, candidates) in &route.methods {
            for &i in candidates {
                let op = &api.operations[i];
                templates[i] = reads_by_template(op, route).then_some(op.path.as_str());
                dispatched[i] = candidates.len() > 1;
            }
        }
    }

    // One helper per multipart model type with file parts.
    let mut helpers: BTreeMap<TypeId, (Ident, TokenStream)> = BTreeMap::new();
    for part in plans.iter().filter_map(|p| p.body.as_ref()).flat_map(|b| &b.contents) {
        if let (Some(TypeRef::Named(id)), false) = (&part.ty, part.files.is_empty()) {
            helpers.entry(*id).or_insert_with(|| {
                let type_name = &api.types.get(*id).ident;
                let name = format_ident!("{}", scope.claim(format!("{}_with_files", type_name.to_snake_case())));
                let ty = uses.model_type(&TypeRef::Named(*id), &api.types);
                (name.clone(), multipart_helper(&name, &ty, type_name, &part.files, &uses))
            });
        }
    }
    let helper_name = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => helpers.get(id).map(|(name, _)| name.clone()),
        _ => None,
    };

    let authenticated = !security.is_empty();
    let (api_trait, arc, server) = (uses.item("Api"), uses.item("Arc"), uses.item("server"));
    let authenticator = authenticated.then(|| uses.item("Authenticator"));
    let generics = if authenticated { quote!(<A, U>) } else { quote!(<A>) };
    let bounds = match &authenticator {
        Some(authenticator) => quote!(where A: #api_trait, U: #authenticator<Principal = A::Principal>),
        None => quote!(where A: #api_trait),
    };
    let state_ty = if authenticated { quote!(#arc<Shared<A, U>>) } else { quote!(#arc<A>) };
    let (state_var, api_expr) =
        if authenticated { (quote!(state), quote!(state.api)) } else { (quote!(api), quote!(api)) };

    let handler_fns = api.operations.iter().enumerate().zip(plans).zip(&handlers).map(|(((i, op), types), name)| {
        let template = templates[i];
        let extraction = extraction(types, op.body_limit.or(body_limit), &api.types, schemas, &helper_name, &uses);
        let statics = &extraction.statics;
        let statements = &extraction.statements;
        let principal = match security.auth(op) {
            Auth::None => None,
            Auth::Required(requirement) => {
                let security = uses.item("security");
                Some(quote! {
                    let principal = #server::authenticate(&state.authenticator, incoming.parts(), #security::#requirement).await?;
                })
            }
            Auth::Optional(requirement) => {
                let security = uses.item("security");
                Some(quote! {
                    let principal = #server::authenticate_optional(&state.authenticator, incoming.parts(), #security::#requirement).await?;
                })
            }
        };
        let args = trait_def::argument_names(op, types, security, &api.types);
        let binding = if extraction.reads_params { quote!(mut incoming) } else { quote!(incoming) };
        // Where neither a template nor a dispatcher needs the request itself,
        // axum takes it apart (`Incoming` is an extractor): an `async fn`
        // keeps its arguments as long as it runs, and its future (boxed by
        // axum) would hold the request beside what was made of it.
        let (argument, incoming) = if template.is_some() || dispatched[i] {
            let request = uses.item("Request");
            let new = match template {
                None => quote!(new(request)),
                Some(template) => quote!(with_template(request, #template)),
            };
            (quote!(request: #request), Some(quote!(let #binding = #server::Incoming::#new.await?;)))
        } else {
            (quote!(#binding: #server::Incoming), None)
        };
        let method = format_ident!("{}", op.fn_ident);
        let doc = doc_literal(&format!(" `{} {}`: calls [`Api::{}`].", op.method.as_str(), op.path, op.fn_ident.trim_start_matches("r#")));
        let (state, response) = (uses.item("State"), uses.item("Response"));
        uses.need("IntoResponse");
        if principal.is_none() && statements.is_empty() && template.is_none() && !dispatched[i] {
            // Nothing to read from the request.
            return quote! {
                #[doc = #doc]
                async fn #name #generics(#state(#state_var): #state<#state_ty>) -> #response
                #bounds
                {
                    #api_expr.#method().await.into_response()
                }
            };
        }
        quote! {
            #[doc = #doc]
            async fn #name #generics(#state(#state_var): #state<#state_ty>, #argument) -> Result<#response, #server::HttpError>
            #bounds
            {
                #(#statics)*
                #incoming
                #principal
                #(#statements)*
                Ok(#api_expr.#method(#(#args),*).await.into_response())
            }
        }
    });

    let turbofish = if authenticated { quote!(::<A, U>) } else { quote!(::<A>) };
    // The router's own error answers, made to fit the schemas the spec declares for them.
    let error_bodies = super::errors::error_bodies(api, schemas, &uses);
    let bodies = match &error_bodies {
        Some(_) => {
            let table = format_ident!("{}", super::errors::TABLE);
            quote!(#table)
        }
        None => quote!(&[]),
    };
    let mut dispatchers = Vec::new();
    let route_calls: Vec<TokenStream> = routes
        .iter()
        .map(|route| {
            let path = &route.path;
            let mut methods = route.methods.iter().map(|(method, candidates)| {
                let limit = own_body_limit(api, candidates);
                let handler = match candidates.as_slice() {
                    [one] => handlers[*one].clone(),
                    _ => {
                        let name = format_ident!("{}", scope.claim(dispatcher_name(*method, route)));
                        let (state, request, response) =
                            (uses.item("State"), uses.item("Request"), uses.item("Response"));
                        let signature = quote! {
                            async fn #name #generics(state: #state<#state_ty>, mut request: #request) -> Result<#response, #server::HttpError>
                            #bounds
                        };
                        dispatchers.push(dispatcher(api, signature, candidates, &handlers, &server));
                        name
                    }
                };
                // Each handler is finished on its own (see `server::finish_routes`).
                let handler = quote!(#server::finished(#handler #turbofish, #bodies));
                let handler = match limit {
                    Some(limit) => {
                        let limit = proc_macro2::Literal::u64_unsuffixed(limit);
                        quote! {
                            axum::handler::Handler::layer(#handler, axum::extract::DefaultBodyLimit::max(#limit))
                        }
                    }
                    None => handler,
                };
                (*method, handler)
            });
            // The first method's routing function is imported; the others are methods of what it returns.
            let first = methods.next().map(|(method, handler)| {
                let method = imports::routing_fn(method, &uses);
                quote!(#method(#handler))
            });
            let rest: Vec<TokenStream> = methods
                .map(|(method, handler)| {
                    let method = format_ident!("{}", method.as_str().to_ascii_lowercase());
                    quote!(.#method(#handler))
                })
                .collect();
            quote! { .route(#path, #first #(#rest)*) }
        })
        .collect();
    // The routes are OpenAPI templates, where a leading `:` or `*` is literal.
    let literal_colons = needs_literal_colons(&routes).then(|| quote!(.without_v07_checks()));

    let patterns = (!super::schema::patterns(api).is_empty()).then(|| {
        let schema = uses.item("schema");
        quote! { #server::check_patterns(#schema::PATTERNS); }
    });
    let router = uses.item("Router");
    let (signature, state) = match &authenticator {
        Some(authenticator) => (
            quote! {
                pub fn router<A, U>(api: A, authenticator: U) -> #router
                where A: #api_trait, U: #authenticator<Principal = A::Principal>
            },
            quote!(let state = #arc::new(Shared { api, authenticator });),
        ),
        None => (quote!(pub fn router<A: #api_trait>(api: A) -> #router), quote!(let state = #arc::new(api);)),
    };
    let shared = authenticated.then(|| {
        quote! {
            /// What every handler shares: the implementation and the authenticator.
            struct Shared<A, U> {
                api: A,
                authenticator: U,
            }
        }
    });
    let auth_doc = if authenticated {
        "Every request is authenticated with `authenticator` as its operation requires (401 otherwise), \
         then its parameters and body are checked against the spec (400, 413, 415) before `api` is called."
    } else {
        "Every request's parameters and body are checked against the spec (400, 413, 415) before `api` is called."
    };
    let limit_doc = body_limit.map(|limit| {
        format!(
            "A request body over {limit} bytes answers 413, unless its operation has a limit of its own (the \
             `maxLength` of a binary body, or the generator's options)."
        )
    });
    let docs = crate::emit::docs::doc_paragraphs([
        Some(format!("An axum router serving `api` at the paths of the spec ({}).", api.title).as_str()),
        Some(auth_doc),
        limit_doc.as_deref(),
        Some(
            "Unknown paths answer 404 and known paths with another method 405 with `Allow`, both with a JSON \
             body; a panicking handler answers 500 and the server keeps serving. Nest, layer and serve the \
             router like any other (for example `DefaultBodyLimit` sets the body limit).",
        ),
    ]);
    let body_limit = body_limit.map(|limit| {
        let limit = proc_macro2::Literal::u64_unsuffixed(limit);
        quote!(let routes = routes.layer(axum::extract::DefaultBodyLimit::max(#limit));)
    });
    let finish = quote!(#server::finish_routes(routes, #bodies));
    let shape_doc = error_bodies.as_ref().map(|_| {
        quote! {
            #[doc = ""]
            #[doc = " Its own error answers (all of the above) take the shape the spec declares for their status."]
        }
    });
    let router_fn = quote! {
        #shared

        #docs
        #shape_doc
        #signature
        {
            #error_bodies
            #patterns
            #state
            let routes = #router::new()
                #literal_colons
                #(#route_calls)*
                .with_state(state);
            #body_limit
            #finish
        }
    };
    let mut items = vec![router_fn];
    items.extend(dispatchers);
    items.extend(handler_fns);
    items.extend(helpers.into_values().map(|(_, tokens)| tokens));
    let imports = imports::use_lines(&uses);
    let head = quote! {
        //! The router: an axum handler per operation, and the routes.
        #imports
    };
    RustFile::new(head, items)
}

/// The body limit of the handler serving `candidates` (operations sharing
/// a route and method), where it is not the router's: theirs when each has
/// its own, the largest of them when they differ (the dispatcher reads the
/// body after choosing, so it cannot apply each one's own).
fn own_body_limit(api: &Api, candidates: &[usize]) -> Option<u64> {
    candidates.iter().map(|&i| api.operations[i].body_limit).collect::<Option<Vec<u64>>>()?.into_iter().max()
}

/// The name of the handler choosing among the operations of `method`
/// that share `route`.
fn dispatcher_name(method: HttpMethod, route: &Route) -> String {
    snake_ident(&format!("{} {}", method.as_str(), route.path))
}

/// A handler (with this signature) for operations of one method sharing a
/// route: it passes the request to the first whose template matches the path.
fn dispatcher(
    api: &Api,
    signature: TokenStream,
    candidates: &[usize],
    handlers: &[Ident],
    server: &Ident,
) -> TokenStream {
    let ops: Vec<_> = candidates.iter().map(|&i| &api.operations[i]).collect();
    let templates = ops.iter().map(|op| op.path.as_str());
    let listed: Vec<String> = ops.iter().map(|op| format!("`{}`", op.path)).collect();
    let doc = doc_literal(&format!(
        " `{}` on {}: the first of these templates that the path matches (most literal text first) serves the request.",
        ops[0].method.as_str(),
        listed.join(" or ")
    ));
    let last = candidates.len() - 1;
    let arms = candidates.iter().enumerate().map(|(position, &i)| {
        let handler = &handlers[i];
        let pattern = if position == last {
            quote!(_)
        } else {
            let index = proc_macro2::Literal::usize_unsuffixed(position);
            quote!(#index)
        };
        quote! { #pattern => #handler(state, request).await, }
    });
    quote! {
        #[doc = #doc]
        #signature
        {
            const TEMPLATES: &[&str] = &[#(#templates),*];
            match #server::select(&mut request, TEMPLATES).await? {
                #(#arms)*
            }
        }
    }
}
