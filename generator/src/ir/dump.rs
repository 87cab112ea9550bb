//! A plain-text outline of an [`Api`], for snapshot tests and for reading
//! what the normalizer made of a spec.

use std::fmt::Write as _;

use super::{
    Api, AuthKind, Constraints, FieldStyle, Parameter, Presence, Response, Security, StatusMatch, TypeDef, TypeKind,
    TypeSpace,
};

/// The whole API as an indented outline.
pub fn dump(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api {:?} ({}), version {}", api.title, api.name, api.version);
    for server in &api.servers {
        let _ = writeln!(out, "server {}", server.url);
        for v in &server.variables {
            let _ = writeln!(out, "  variable {} = {:?} of {:?}", v.name, v.default, v.allowed);
        }
    }
    for scheme in &api.security_schemes {
        let kind = match &scheme.kind {
            AuthKind::Bearer { .. } => "bearer".to_owned(),
            AuthKind::OAuth2 { flows } => {
                let flows: Vec<String> = flows
                    .iter()
                    .map(|f| {
                        let scopes: Vec<&str> = f.scopes.iter().map(|(name, _)| name.as_str()).collect();
                        let url = f.token_url.as_deref().or(f.authorization_url.as_deref()).unwrap_or_default();
                        format!("{:?} {url} scopes {scopes:?}", f.kind)
                    })
                    .collect();
                format!("oauth2 bearer token, flows [{}]", flows.join("; "))
            }
            AuthKind::OpenIdConnect { url } => format!("openIdConnect bearer token, {url}"),
            AuthKind::Basic => "basic".to_owned(),
            AuthKind::ApiKey { location, name, prefix, prefix_aliases } => {
                format!("api key in {location:?} {name:?}, prefix {prefix:?}, aliases {prefix_aliases:?}")
            }
        };
        let _ = writeln!(out, "security {} ({}, from {:?}): {kind}", scheme.key, scheme.ident, scheme.origin);
    }
    for op in &api.operations {
        let _ = writeln!(
            out,
            "\noperation {} {} {} -> fn {} / {}",
            op.id,
            op.method.as_str(),
            op.path,
            op.fn_ident,
            op.type_ident
        );
        let _ = writeln!(out, "  security: {}", security(api, &op.security));
        if let Some(server) = &op.server {
            let _ = writeln!(out, "  server: {server}");
        }
        for p in &op.parameters {
            let _ = writeln!(out, "  param {}", parameter(p, &api.types));
        }
        if let Some(body) = &op.body {
            let _ = writeln!(out, "  body (required: {})", body.required);
            for c in &body.contents {
                let ty = c.ty.as_ref().map(|t| t.describe(&api.types)).unwrap_or_else(|| "-".into());
                let _ = writeln!(out, "    {} ({:?}): {ty}", c.media_type, c.kind);
                for field in &c.styled {
                    let _ = match field.style {
                        FieldStyle::Joined(delimiter) => {
                            writeln!(out, "      {}: items joined by {delimiter:?}", field.name)
                        }
                        FieldStyle::DeepObject => writeln!(out, "      {}: deepObject", field.name),
                    };
                }
            }
        }
        for r in &op.responses {
            let _ = writeln!(out, "  {}", response(r, &api.types));
        }
    }
    for (_, def) in api.types.iter() {
        out.push('\n');
        type_def(&mut out, def, &api.types);
    }
    out
}

fn security(api: &Api, security: &Security) -> String {
    security.summary(&api.security_schemes)
}

fn parameter(p: &Parameter, space: &TypeSpace) -> String {
    let mut text = format!(
        "{} ({}) in {:?}: {}{}, style {:?}, explode {}",
        p.name,
        p.ident,
        p.location,
        p.ty.describe(space),
        if p.required { "" } else { "?" },
        p.style,
        p.explode
    );
    if let Some(media_type) = &p.json {
        let _ = write!(text, ", as {media_type} text");
    }
    if let Some(default) = &p.default {
        let _ = write!(text, ", default {default}");
    }
    if !p.constraints.is_empty() {
        let _ = write!(text, ", {}", constraints(&p.constraints));
    }
    text
}

/// The keywords that are set, as `name=value`.
fn constraints(c: &Constraints) -> String {
    let mut parts = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{name}={value}"));
        }
    };
    add("minLength", c.min_length.map(|v| v.to_string()));
    add("maxLength", c.max_length.map(|v| v.to_string()));
    add("pattern", c.pattern.as_ref().map(|p| format!("{p:?}")));
    // OpenAPI 3.0's exclusive flags qualify the bound, so name the bound after them.
    add(if c.exclusive_minimum { "exclusiveMinimum" } else { "minimum" }, c.minimum.as_ref().map(ToString::to_string));
    add(if c.exclusive_maximum { "exclusiveMaximum" } else { "maximum" }, c.maximum.as_ref().map(ToString::to_string));
    add("multipleOf", c.multiple_of.as_ref().map(ToString::to_string));
    add("minItems", c.min_items.map(|v| v.to_string()));
    add("maxItems", c.max_items.map(|v| v.to_string()));
    add("uniqueItems", c.unique_items.then(|| "true".to_owned()));
    add("minProperties", c.min_properties.map(|v| v.to_string()));
    add("maxProperties", c.max_properties.map(|v| v.to_string()));
    add("format", c.format.clone());
    add("items", c.items.as_deref().map(constraints));
    format!("{{{}}}", parts.join(", "))
}

fn response(r: &Response, space: &TypeSpace) -> String {
    let status = match r.status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{class}XX"),
        StatusMatch::Default => "default".into(),
    };
    let contents: Vec<String> = r
        .contents
        .iter()
        .map(|c| {
            format!("{}: {}", c.media_type, c.ty.as_ref().map(|t| t.describe(space)).unwrap_or_else(|| "-".into()))
        })
        .collect();
    let headers: Vec<String> = r.headers.iter().map(|h| format!("{}: {}", h.name, h.ty.describe(space))).collect();
    let mut text = format!("response {status} ({})", r.ident);
    if !contents.is_empty() {
        let _ = write!(text, " {}", contents.join(", "));
    }
    if !headers.is_empty() {
        let _ = write!(text, " headers [{}]", headers.join(", "));
    }
    text
}

fn type_def(out: &mut String, def: &TypeDef, space: &TypeSpace) {
    match &def.kind {
        TypeKind::Struct(s) => {
            let counts = Constraints {
                min_properties: s.min_properties,
                max_properties: s.max_properties,
                ..Constraints::default()
            };
            let counts = if counts.is_empty() { String::new() } else { format!(" {}", constraints(&counts)) };
            let _ = writeln!(out, "struct {} ({}){counts}", def.ident, def.pointer);
            for f in &s.fields {
                let presence = match f.presence() {
                    Presence::Required => "required",
                    Presence::RequiredNullable => "required, nullable",
                    Presence::Optional => "optional",
                    Presence::OptionalNullable => "optional, nullable",
                };
                let mut flags = Vec::new();
                f.read_only.then(|| flags.push("readOnly"));
                f.write_only.then(|| flags.push("writeOnly"));
                f.secret.then(|| flags.push("secret"));
                let _ = write!(out, "  {} ({}): {} [{presence}", f.name, f.ident, f.ty.describe(space));
                for flag in flags {
                    let _ = write!(out, ", {flag}");
                }
                out.push(']');
                if !f.constraints.is_empty() {
                    let _ = write!(out, " {}", constraints(&f.constraints));
                }
                out.push('\n');
            }
            if let Some(a) = &s.additional {
                let _ = writeln!(out, "  ...{}: {}", a.ident, a.ty.describe(space));
            }
            for name in &s.ignored {
                let _ = writeln!(out, "  {name}: ignored [readOnly]");
            }
            if s.deny_unknown {
                let _ = writeln!(out, "  (no other members)");
            }
        }
        TypeKind::StringEnum(variants) => {
            let _ = writeln!(out, "string enum {} ({})", def.ident, def.pointer);
            for v in variants {
                let _ = writeln!(out, "  {} = {:?}", v.ident, v.value);
            }
        }
        TypeKind::IntegerEnum(variants) => {
            let _ = writeln!(out, "integer enum {} ({})", def.ident, def.pointer);
            for v in variants {
                let _ = writeln!(out, "  {} = {}", v.ident, v.value);
            }
        }
        TypeKind::Union(u) => {
            let keyword = if u.exclusive { "oneOf" } else { "anyOf" };
            let _ =
                writeln!(out, "union {} ({}), {keyword}, discriminator {:?}", def.ident, def.pointer, u.discriminator);
            for v in &u.variants {
                let _ = write!(out, "  {}: {} tag {:?}", v.ident, v.ty.describe(space), v.tag);
                let _ = if v.aliases.is_empty() { writeln!(out) } else { writeln!(out, ", also {:?}", v.aliases) };
            }
        }
        TypeKind::Alias(ty) => {
            let _ = writeln!(out, "alias {} = {} ({})", def.ident, ty.describe(space), def.pointer);
        }
    }
}
