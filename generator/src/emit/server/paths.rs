//! How the router reaches each operation. axum's router (matchit) captures
//! only whole path segments and gives each capture of a route one name,
//! while OpenAPI lets a parameter share its segment with literal text
//! (`/files/{name}.json`, `/v1/{id}:cancel`) and real specs have templates
//! equal but for their parameter names (`/items/{id}` beside `/items/{slug}`).
//! So every segment holding parameters is routed as one capture; an
//! operation whose template is not its route's reads its parameters out of
//! the captures by position (`server::Incoming::with_template`), and the
//! operations of one method sharing a route are told apart at run time
//! (`server::select`), the one with most literal text first.
//!
//! An operation that cannot be routed this way is left out of the server
//! crate with a warning, never failing the whole spec.

use std::collections::BTreeMap;

use crate::ir::{Api, HttpMethod, Operation, PathSegment};

/// A route of the router: its axum path and, per method, the operations
/// sharing it.
#[derive(Debug, PartialEq)]
pub(super) struct Route {
    /// The path as axum takes it: literal segments, and `{name}` for each
    /// segment holding parameters.
    pub path: String,
    /// Per method, in the order of their first operation: the operations
    /// (indexes into the API's operations), most literal text first.
    pub methods: Vec<(HttpMethod, Vec<usize>)>,
}

/// The routes of `api` (whose operations must all be routable, see
/// [`routable`]), in the order of their first operation.
pub(super) fn routes(api: &Api) -> Vec<Route> {
    let mut routes: Vec<Route> = Vec::new();
    // Literal segments, and `None` for each segment holding parameters.
    let mut by_shape: BTreeMap<Vec<Option<String>>, usize> = BTreeMap::new();
    for (index, op) in api.operations.iter().enumerate() {
        let shape = split(op).iter().map(|s| s.literal().map(str::to_owned)).collect();
        let route = *by_shape.entry(shape).or_insert_with(|| {
            routes.push(Route { path: String::new(), methods: Vec::new() });
            routes.len() - 1
        });
        let methods = &mut routes[route].methods;
        match methods.iter_mut().find(|(method, _)| *method == op.method) {
            Some((_, candidates)) => candidates.push(index),
            None => methods.push((op.method, vec![index])),
        }
    }
    for route in &mut routes {
        let mut ops: Vec<usize> = route.methods.iter().flat_map(|(_, candidates)| candidates).copied().collect();
        ops.sort_unstable();
        let ops: Vec<Vec<Segment<'_>>> = ops.iter().map(|&i| split(&api.operations[i])).collect();
        route.path = route_path(&ops);
        for (_, candidates) in &mut route.methods {
            // Stable: spec order among equals.
            candidates.sort_by_key(|&i| std::cmp::Reverse(literal_weight(&api.operations[i])));
        }
    }
    routes
}

/// Whether the handler of `op` must read its parameters by position from
/// its route's captures: when its template is not the route's path.
pub(super) fn reads_by_template(op: &Operation, route: &Route) -> bool {
    op.path != route.path
}

/// Whether some literal segment starts with `:` or `*`, which axum takes
/// for the route syntax of its 0.7 versions unless told otherwise.
pub(super) fn needs_literal_colons(routes: &[Route]) -> bool {
    routes.iter().any(|r| r.path.split('/').any(|s| !s.starts_with('{') && s.starts_with([':', '*'])))
}

/// The operations of `api` that can be routed, and why each other one
/// cannot (its index and the reason), in spec order.
pub(super) fn routable(api: &Api) -> (Vec<usize>, Vec<(usize, String)>) {
    let mut kept: Vec<usize> = Vec::new();
    let mut skipped = Vec::new();
    // The kept operations by method and template with names erased.
    let mut seen: BTreeMap<(HttpMethod, Vec<Option<&str>>), &Operation> = BTreeMap::new();
    for (index, op) in api.operations.iter().enumerate() {
        let problem = match seen.get(&(op.method, erased(op))) {
            Some(other) => Some(format!("it has the same method and path as `{}` ({})", other.id, other.path)),
            None => unroutable(op),
        };
        match problem {
            Some(reason) => skipped.push((index, reason)),
            None => {
                seen.insert((op.method, erased(op)), op);
                kept.push(index);
            }
        }
    }
    (kept, skipped)
}

/// Why `op`'s template cannot be matched, if it cannot.
fn unroutable(op: &Operation) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    for name in op.segments.iter().filter_map(param_name) {
        if name.contains('/') {
            return Some(format!("its parameter name `{name}` contains `/`"));
        }
        if names.contains(&name) {
            return Some(format!("its parameter `{name}` appears twice in the path"));
        }
        names.push(name);
    }
    let adjacent = op.segments.windows(2).find_map(|pair| match pair {
        [PathSegment::Param(a), PathSegment::Param(b)] => Some((a, b)),
        _ => None,
    });
    adjacent.map(|(a, b)| format!("its parameters `{a}` and `{b}` are adjacent, so no request tells where one ends"))
}

fn param_name(segment: &PathSegment) -> Option<&str> {
    match segment {
        PathSegment::Param(name) => Some(name),
        PathSegment::Literal(_) => None,
    }
}

/// `op`'s template with its parameter names erased: templates equal but
/// for their names are equal after this.
fn erased(op: &Operation) -> Vec<Option<&str>> {
    op.segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => Some(text.as_str()),
            PathSegment::Param(_) => None,
        })
        .collect()
}

/// One `/`-separated segment of a template.
#[derive(Debug)]
enum Segment<'a> {
    /// Literal text only.
    Literal(String),
    /// Parameters, possibly with literal text around them.
    Params {
        /// Their names, in order.
        names: Vec<&'a str>,
        /// The length of the literal text around them.
        literal_len: usize,
    },
}

impl Segment<'_> {
    /// The text of a literal segment; `None` for a segment that holds parameters.
    fn literal(&self) -> Option<&str> {
        match self {
            Self::Literal(text) => Some(text),
            Self::Params { .. } => None,
        }
    }
}

/// `op`'s template split at `/` (after the leading one).
fn split(op: &Operation) -> Vec<Segment<'_>> {
    /// The segment made of the pieces collected so far.
    fn take<'a>(literal: &mut String, names: &mut Vec<&'a str>) -> Segment<'a> {
        if names.is_empty() {
            Segment::Literal(std::mem::take(literal))
        } else {
            Segment::Params { names: std::mem::take(names), literal_len: std::mem::take(literal).len() }
        }
    }
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut names: Vec<&str> = Vec::new();
    for (i, piece) in op.segments.iter().enumerate() {
        match piece {
            PathSegment::Param(name) => names.push(name),
            PathSegment::Literal(text) => {
                let text = if i == 0 { text.strip_prefix('/').unwrap_or(text) } else { text };
                let mut parts = text.split('/');
                literal.push_str(parts.next().unwrap_or_default());
                for part in parts {
                    segments.push(take(&mut literal, &mut names));
                    literal.push_str(part);
                }
            }
        }
    }
    segments.push(take(&mut literal, &mut names));
    segments
}

/// The axum path of a route shared by operations with these segments (in
/// spec order, at least one): each segment holding parameters is one
/// capture, named after the first operation's parameter there, preferring
/// one that has the whole segment, so that its operation reads it by name.
fn route_path(ops: &[Vec<Segment<'_>>]) -> String {
    let mut taken: Vec<String> = Vec::new();
    let parts: Vec<String> = ops[0]
        .iter()
        .enumerate()
        .map(|(position, segment)| match segment {
            Segment::Literal(text) => text.clone(),
            Segment::Params { names, .. } => {
                let whole = ops.iter().find_map(|segments| match segments.get(position) {
                    Some(Segment::Params { names, literal_len: 0 }) if names.len() == 1 => Some(names[0]),
                    _ => None,
                });
                let base = whole.map_or_else(|| names.join("_"), str::to_owned);
                // A leading `*` would make a catch-all.
                let base = base.trim_start_matches('*').to_owned();
                let base = if base.is_empty() { "param".to_owned() } else { base };
                let mut name = base.clone();
                let mut n = 1;
                while taken.contains(&name) {
                    n += 1;
                    name = format!("{base}_{n}");
                }
                taken.push(name.clone());
                format!("{{{name}}}")
            }
        })
        .collect();
    format!("/{}", parts.join("/"))
}

/// How much literal text surrounds `op`'s parameters: where operations of
/// one method share a route, the one with more is tried first, as it
/// matches fewer paths.
fn literal_weight(op: &Operation) -> usize {
    split(op)
        .iter()
        .map(|segment| match segment {
            Segment::Params { literal_len, .. } => *literal_len,
            Segment::Literal(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::load_str;
    use crate::normalize::normalize;

    /// An API with one operation per `(method, path)` (the operations of a
    /// path listed together), every template parameter declared as a string.
    fn api(operations: &[(&str, &str)]) -> Api {
        let mut by_path: Vec<(&str, String)> = Vec::new();
        for (i, (method, path)) in operations.iter().enumerate() {
            let mut names: Vec<&str> =
                path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name).collect();
            names.dedup();
            let params: Vec<String> = names
                .iter()
                .map(|name| format!("{{name: '{name}', in: path, required: true, schema: {{type: string}}}}"))
                .collect();
            let yaml = format!(
                "    {method}:\n      operationId: op{i}\n      parameters: [{}]\n      responses: {{'204': {{description: ok}}}}\n",
                params.join(", ")
            );
            match by_path.iter_mut().find(|(p, _)| p == path) {
                Some((_, methods)) => methods.push_str(&yaml),
                None => by_path.push((path, yaml)),
            }
        }
        let paths: String = by_path.iter().map(|(path, methods)| format!("  '{path}':\n{methods}")).collect();
        let spec = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}");
        let loaded = load_str(Path::new("t.yaml"), &spec).expect("loads");
        normalize(&loaded).unwrap_or_else(|e| panic!("{e}")).0
    }

    fn route(path: &str, methods: &[(HttpMethod, &[usize])]) -> Route {
        Route { path: path.into(), methods: methods.iter().map(|(m, c)| (*m, c.to_vec())).collect() }
    }

    /// Which operations read their path by template.
    fn by_template(api: &Api, routes: &[Route]) -> Vec<usize> {
        let mut found: Vec<usize> = routes
            .iter()
            .flat_map(|r| r.methods.iter().flat_map(move |(_, c)| c.iter().map(move |&i| (i, r))))
            .filter(|(i, r)| reads_by_template(&api.operations[*i], r))
            .map(|(i, _)| i)
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn templates_equal_but_for_parameter_names_share_a_route() {
        let api =
            api(&[("get", "/orgs/{org}/items/{id}"), ("delete", "/orgs/{org}/items/{slug}"), ("get", "/orgs/{org}")]);
        let routes = routes(&api);
        assert_eq!(
            routes,
            [
                route("/orgs/{org}/items/{id}", &[(HttpMethod::Get, &[0]), (HttpMethod::Delete, &[1])]),
                route("/orgs/{org}", &[(HttpMethod::Get, &[2])]),
            ]
        );
        assert_eq!(by_template(&api, &routes), [1]);
        assert!(routable(&api).1.is_empty());
    }

    #[test]
    fn a_parameter_with_literal_text_is_routed_on_its_whole_segment() {
        let api = api(&[("get", "/files/{name}.json"), ("post", "/v1/{id}:cancel/"), ("get", "/c/{base}...{head}/x")]);
        let routes = routes(&api);
        let paths: Vec<&str> = routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/files/{name}", "/v1/{id}/", "/c/{base_head}/x"]);
        assert_eq!(by_template(&api, &routes), [0, 1, 2]);
    }

    #[test]
    fn operations_of_one_method_on_a_route_are_tried_most_literal_text_first() {
        let api = api(&[
            ("get", "/files/{path}"),
            ("get", "/files/{name}.json"),
            ("get", "/files/{name}.{ext}"),
            ("get", "/files/raw-{name}.json"),
            ("put", "/files/{name}.json"),
        ]);
        let routes = routes(&api);
        // Named after the operation with the whole segment, which reads it by name.
        // Operations are numbered in spec order: by path, then method.
        assert_eq!(routes, [route("/files/{path}", &[(HttpMethod::Get, &[4, 1, 3, 0]), (HttpMethod::Put, &[2])])]);
        assert_eq!(by_template(&api, &routes), [1, 2, 3, 4]);
    }

    #[test]
    fn only_the_operations_that_cannot_be_routed_are_left_out() {
        let api = api(&[
            ("get", "/a/{x}"),
            ("get", "/a/{y}"),
            ("post", "/a/{y}"),
            ("get", "/pairs/{left}{right}"),
            ("get", "/twice/{x}/{x}"),
            ("get", "/b/{x}.json"),
            ("get", "/b/{y}.json"),
        ]);
        let (kept, skipped) = routable(&api);
        assert_eq!(kept, [0, 2, 5]);
        let skipped: Vec<(usize, &str)> = skipped.iter().map(|(i, reason)| (*i, reason.as_str())).collect();
        assert_eq!(
            skipped,
            [
                (1, "it has the same method and path as `op0` (/a/{x})"),
                (3, "its parameters `left` and `right` are adjacent, so no request tells where one ends"),
                (4, "its parameter `x` appears twice in the path"),
                (6, "it has the same method and path as `op5` (/b/{x}.json)"),
            ]
        );
    }

    #[test]
    fn capture_names_are_unique_and_never_catch_alls() {
        let api = api(&[("get", "/a/{*x}/{x}"), ("get", "/b/{p}.{q}/{p_q}")]);
        let paths: Vec<String> = routes(&api).into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/a/{x}/{x_2}", "/b/{p_q}/{p_q_2}"]);
    }

    #[test]
    fn route_tables_insert_into_axums_router() {
        let api = api(&[
            ("get", "/"),
            ("get", "/a/{x}"),
            ("delete", "/a/{y}"),
            ("get", "/a/{x}/"),
            ("get", "/a/b"),
            ("get", "/a/{x}.json"),
            ("get", "/a/{x}/{y}"),
            ("get", "/a/{z}/c"),
            ("get", "/{root}"),
            ("get", "/{root}:x/y"),
            ("get", "/b/{*rest}"),
            ("get", "/b/{x y}/{x.y}/{x-y}"),
            ("get", "/c/{p}.{q}/{p_q}"),
            ("post", "/:batch"),
            ("get", "/*/{a}"),
        ]);
        let (kept, skipped) = routable(&api);
        assert_eq!((kept.len(), skipped.len()), (api.operations.len(), 0));
        let mut router = matchit::Router::new();
        for route in routes(&api) {
            router.insert(route.path.as_str(), ()).unwrap_or_else(|e| panic!("{}: {e}", route.path));
        }
        assert!(router.at("/a/k.json").is_ok() && router.at("/b/anything").is_ok() && router.at("/b/x/y").is_err());
    }

    #[test]
    fn literal_segments_like_old_axum_captures_are_flagged() {
        assert!(!needs_literal_colons(&routes(&api(&[("get", "/"), ("get", "/v1/{id}:cancel"), ("get", "/a:b/c*")]))));
        assert!(needs_literal_colons(&routes(&api(&[("post", "/:batch")]))));
        assert!(needs_literal_colons(&routes(&api(&[("get", "/a/*/b")]))));
        assert_eq!(routes(&api(&[("get", "/")]))[0].path, "/");
    }
}
