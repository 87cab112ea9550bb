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
use super::schema::SchemaNames;
use super::{imports, model_type, trait_def};
use crate::emit::EmitError;
use crate::ir::{Api, HttpMethod, Operation, PathSegment, TypeId, TypeRef};
use crate::naming::Scope;

/// The axum route of an operation: its template with every parameter a
/// whole segment, as axum's router (matchit) requires.
fn route(op: &Operation) -> Result<String, String> {
    if !op.path.starts_with('/') {
        return Err("the path does not start with `/`".into());
    }
    let mut route = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, segment) in op.segments.iter().enumerate() {
        match segment {
            PathSegment::Literal(text) => route.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Param(name) => {
                let after_slash = route.ends_with('/');
                let before_slash = match op.segments.get(i + 1) {
                    None => true,
                    Some(PathSegment::Literal(next)) => next.starts_with('/'),
                    Some(PathSegment::Param(_)) => false,
                };
                if !after_slash || !before_slash {
                    return Err(format!("parameter `{name}` shares a path segment with other text, which the router cannot match"));
                }
                if name.is_empty() || name.contains(['/', '{', '}', '*']) {
                    return Err(format!("parameter name `{name}` cannot be routed"));
                }
                if seen.contains(&name.as_str()) {
                    return Err(format!("parameter `{name}` appears twice"));
                }
                seen.push(name);
                route.push('{');
                route.push_str(name);
                route.push('}');
            }
        }
    }
    Ok(route)
}

/// The route with its parameter names erased: templates equal after
/// this are the same path to the router.
fn shape(op: &Operation) -> String {
    op.segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => text.clone(),
            PathSegment::Param(_) => "{}".into(),
        })
        .collect()
}

fn method_fn(method: HttpMethod) -> Ident {
    format_ident!("{}", method.as_str().to_ascii_lowercase())
}

/// One route of the router, with its operations (indexes) in spec order.
struct Route {
    path: String,
    operations: Vec<usize>,
}

fn routes(api: &Api) -> Result<Vec<Route>, EmitError> {
    let error = |op: &Operation, message: String| EmitError {
        file: "src/router.rs".into(),
        message: format!("operation `{}` ({} {}): {message}", op.id, op.method.as_str(), op.path),
    };
    let mut routes: Vec<Route> = Vec::new();
    let mut by_shape: BTreeMap<String, usize> = BTreeMap::new();
    for (index, op) in api.operations.iter().enumerate() {
        let path = route(op).map_err(|m| error(op, m))?;
        match by_shape.get(&shape(op)) {
            Some(&existing) => {
                let route = &mut routes[existing];
                if route.path != path {
                    let other = format!("its path is the same template as `{}` with other parameter names", route.path);
                    return Err(error(op, other));
                }
                if let Some(&twin) = route.operations.iter().find(|&&i| api.operations[i].method == op.method) {
                    return Err(error(op, format!("operation `{}` has the same method and path", api.operations[twin].id)));
                }
                route.operations.push(index);
            }
            None => {
                by_shape.insert(shape(op), routes.len());
                routes.push(Route { path, operations: vec![index] });
            }
        }
    }
    Ok(routes)
}

/// The router module.
pub(super) fn router_module(
    api: &Api,
    plans: &[OpTypes],
    schemas: &SchemaNames,
    security: &SecurityNames,
) -> Result<TokenStream, EmitError> {
    let routes = routes(api)?;
    let mut scope = Scope::with_reserved(["router"]);
    let handlers: Vec<Ident> = api.operations.iter().map(|op| format_ident!("{}", scope.claim(op.fn_ident.clone()))).collect();

    // One helper per multipart model type with file parts.
    let mut helpers: BTreeMap<TypeId, (Ident, TokenStream)> = BTreeMap::new();
    for part in plans.iter().filter_map(|p| p.body.as_ref()).flat_map(|b| &b.contents) {
        if let (Some(TypeRef::Named(id)), false) = (&part.ty, part.files.is_empty()) {
            helpers.entry(*id).or_insert_with(|| {
                let type_name = &api.types.get(*id).ident;
                let name = format_ident!("{}", scope.claim(format!("{}_with_files", type_name.to_snake_case())));
                let ty = model_type(&TypeRef::Named(*id), &api.types);
                (name.clone(), multipart_helper(&name, &ty, type_name, &part.files))
            });
        }
    }
    let helper_name = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => helpers.get(id).map(|(name, _)| name.clone()),
        _ => None,
    };

    let authenticated = !security.is_empty();
    let generics = if authenticated {
        quote!(<A, U>)
    } else {
        quote!(<A>)
    };
    let bounds = if authenticated {
        quote!(where A: Api, U: Authenticator<Principal = A::Principal>)
    } else {
        quote!(where A: Api)
    };
    let state_ty = if authenticated { quote!(Arc<Shared<A, U>>) } else { quote!(Arc<A>) };
    let (state_var, api_expr) = if authenticated { (quote!(state), quote!(state.api)) } else { (quote!(api), quote!(api)) };

    let handler_fns = api.operations.iter().zip(plans).zip(&handlers).map(|((op, types), name)| {
        let extraction = extraction(types, &api.types, schemas, &helper_name);
        let statics = &extraction.statics;
        let statements = &extraction.statements;
        let principal = match security.auth(op) {
            Auth::None => None,
            Auth::Required(requirement) => Some(quote! {
                let principal = server::authenticate(&state.authenticator, incoming.parts(), security::#requirement).await?;
            }),
            Auth::Optional(requirement) => Some(quote! {
                let principal = server::authenticate_optional(&state.authenticator, incoming.parts(), security::#requirement).await?;
            }),
        };
        let args = trait_def::arguments(op, types, security).into_iter().map(|(name, _)| name);
        let method = format_ident!("{}", op.fn_ident);
        let doc = format!(" `{} {}`: calls [`Api::{}`].", op.method.as_str(), op.path, op.fn_ident.trim_start_matches("r#"));
        if principal.is_none() && statements.is_empty() {
            // Nothing to read from the request.
            return quote! {
                #[doc = #doc]
                async fn #name #generics(State(#state_var): State<#state_ty>) -> Response
                #bounds
                {
                    #api_expr.#method().await.into_response()
                }
            };
        }
        quote! {
            #[doc = #doc]
            async fn #name #generics(State(#state_var): State<#state_ty>, request: Request) -> Result<Response, server::HttpError>
            #bounds
            {
                #(#statics)*
                let incoming = server::Incoming::new(request).await?;
                #principal
                #(#statements)*
                Ok(#api_expr.#method(#(#args),*).await.into_response())
            }
        }
    });

    let turbofish = if authenticated { quote!(::<A, U>) } else { quote!(::<A>) };
    let route_calls = routes.iter().map(|r| {
        let path = &r.path;
        let mut methods = r.operations.iter().map(|&i| {
            let method = method_fn(api.operations[i].method);
            let handler = &handlers[i];
            (method, quote!(#handler #turbofish))
        });
        let first = methods.next().map(|(method, handler)| quote!(#method(#handler)));
        let rest = methods.map(|(method, handler)| quote!(.#method(#handler)));
        quote! { .route(#path, #first #(#rest)*) }
    });

    let patterns = (!super::schema::patterns(api).is_empty()).then(|| {
        quote! { server::check_patterns(schema::PATTERNS); }
    });
    let (signature, state) = if authenticated {
        (
            quote! {
                pub fn router<A, U>(api: A, authenticator: U) -> Router
                where A: Api, U: Authenticator<Principal = A::Principal>
            },
            quote!(let state = Arc::new(Shared { api, authenticator });),
        )
    } else {
        (quote!(pub fn router<A: Api>(api: A) -> Router), quote!(let state = Arc::new(api);))
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
    let docs = crate::emit::docs::doc_paragraphs([
        Some(format!("An axum router serving `api` at the paths of the spec ({}).", api.title).as_str()),
        Some(auth_doc),
        Some(
            "Unknown paths answer 404 and known paths with another method 405 with `Allow`, both with a JSON \
             body; a panicking handler answers 500 and the server keeps serving. Nest, layer and serve the \
             router like any other (for example `DefaultBodyLimit` sets the body limit).",
        ),
    ]);
    let helper_fns = helpers.values().map(|(_, tokens)| tokens);
    let items = quote! {
        #shared

        #docs
        #signature
        {
            #patterns
            #state
            let routes = Router::new()
                #(#route_calls)*
                .with_state(state);
            server::finish(routes)
        }

        #(#handler_fns)*
        #(#helper_fns)*
    };
    let imports = imports(&items);
    Ok(quote! {
        //! The router: an axum handler per operation, and the routes.
        #imports
        #items
    })
}
