//! Security schemes and requirements to the IR's closed set of credential
//! shapes, with OR-of-AND requirements kept as written.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};

use super::refs::Resolver;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::ir::{
    ApiKeyLocation, AuthKind, OAuthFlow, OAuthFlowKind, SchemeOrigin, SchemeUse, Security, SecurityScheme,
};
use crate::naming::{Scope, type_ident};

/// Extension naming the text sent before an API key (`Api-Key` in
/// `Authorization: Api-Key <key>`); OpenAPI 3.0 has no keyword for it.
pub const PREFIX_EXTENSION: &str = "x-api-key-prefix";
/// Extension listing further prefixes a server should accept.
pub const PREFIX_ALIASES_EXTENSION: &str = "x-api-key-prefix-aliases";

/// HTTP authentication schemes that need a challenge-response exchange,
/// which a static credential cannot satisfy.
const CHALLENGE_SCHEMES: &[&str] =
    &["digest", "negotiate", "ntlm", "hoba", "mutual", "vapid", "scram-sha-1", "scram-sha-256"];

/// The document's security schemes, and what became of each.
pub(crate) struct Schemes {
    pub schemes: Vec<SecurityScheme>,
    /// Component key → index into `schemes`, or `None` for a scheme that was
    /// skipped as unsupported.
    by_key: Vec<(String, Option<usize>)>,
}

/// Normalize every scheme under `components/securitySchemes`.
pub(crate) fn schemes(
    document: &OpenAPI,
    root: &Location,
    resolver: Resolver<'_>,
    diagnostics: &mut Diagnostics,
) -> Schemes {
    let mut out = Schemes { schemes: Vec::new(), by_key: Vec::new() };
    let mut names = Scope::default();
    let declared = document.components.iter().flat_map(|c| c.security_schemes.iter());
    for (key, item) in declared {
        let at = root.join("components").join("securitySchemes").join(key);
        match scheme(item, &at, resolver) {
            Ok((kind, origin, description)) => {
                out.by_key.push((key.clone(), Some(out.schemes.len())));
                out.schemes.push(SecurityScheme {
                    key: key.clone(),
                    ident: names.claim(type_ident(key)),
                    kind,
                    origin,
                    description,
                });
            }
            Err(d) => {
                out.by_key.push((key.clone(), None));
                diagnostics.push(d);
            }
        }
    }
    out
}

fn scheme(
    item: &ReferenceOr<openapiv3::SecurityScheme>,
    at: &Location,
    resolver: Resolver<'_>,
) -> Result<(AuthKind, SchemeOrigin, Option<String>), Diagnostic> {
    let (scheme, at, _) = resolver.resolve(item, at)?;
    use openapiv3::SecurityScheme as S;
    Ok(match scheme {
        S::APIKey { location, name, description, extensions } => {
            let location = match location {
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            };
            let prefix = match extensions.get(PREFIX_EXTENSION) {
                None => None,
                Some(serde_json::Value::String(p)) if !p.trim().is_empty() => Some(p.trim().to_owned()),
                Some(_) => return Err(Diagnostic::error(at.join(PREFIX_EXTENSION), "expected a non-empty string")),
            };
            let prefix_aliases = match extensions.get(PREFIX_ALIASES_EXTENSION) {
                None => Vec::new(),
                Some(serde_json::Value::Array(items))
                    if items.iter().all(|i| i.as_str().is_some_and(|s| !s.trim().is_empty())) =>
                {
                    items.iter().filter_map(|i| i.as_str()).map(|s| s.trim().to_owned()).collect()
                }
                Some(_) => {
                    return Err(Diagnostic::error(
                        at.join(PREFIX_ALIASES_EXTENSION),
                        "expected a list of non-empty strings",
                    ));
                }
            };
            if !prefix_aliases.is_empty() && prefix.is_none() {
                return Err(Diagnostic::error(
                    at.join(PREFIX_ALIASES_EXTENSION),
                    format!("expected `{PREFIX_EXTENSION}` beside `{PREFIX_ALIASES_EXTENSION}`"),
                ));
            }
            let kind = AuthKind::ApiKey { location, name: name.clone(), prefix, prefix_aliases };
            (kind, SchemeOrigin::ApiKey, description.clone())
        }
        S::HTTP { scheme, bearer_format, description, .. } => {
            let lower = scheme.to_ascii_lowercase();
            let kind = match lower.as_str() {
                "bearer" => AuthKind::Bearer { format: bearer_format.clone() },
                "basic" => AuthKind::Basic,
                challenge if CHALLENGE_SCHEMES.contains(&challenge) => {
                    return Err(Diagnostic::warning(
                        at.join("scheme"),
                        format!(
                            "HTTP authentication scheme {scheme:?} is not supported (it needs a challenge-response exchange); operations that require only it are skipped"
                        ),
                    ));
                }
                // Any other scheme is a static credential after its name: `Authorization: <scheme> <credential>`.
                _ => AuthKind::ApiKey {
                    location: ApiKeyLocation::Header,
                    name: "Authorization".into(),
                    prefix: Some(scheme.clone()),
                    prefix_aliases: Vec::new(),
                },
            };
            (kind, SchemeOrigin::Http, description.clone())
        }
        S::OAuth2 { flows, description, .. } => {
            (AuthKind::OAuth2 { flows: oauth_flows(flows) }, SchemeOrigin::OAuth2, description.clone())
        }
        S::OpenIDConnect { open_id_connect_url, description, .. } => (
            AuthKind::OpenIdConnect { url: open_id_connect_url.clone() },
            SchemeOrigin::OpenIdConnect,
            description.clone(),
        ),
    })
}

/// The flows of an OAuth2 scheme, in the order OpenAPI lists them.
fn oauth_flows(flows: &openapiv3::OAuth2Flows) -> Vec<OAuthFlow> {
    type Scopes = indexmap::IndexMap<String, String>;
    let flow = |kind,
                authorization_url: Option<&String>,
                token_url: Option<&String>,
                refresh_url: &Option<String>,
                scopes: &Scopes| {
        OAuthFlow {
            kind,
            authorization_url: authorization_url.cloned(),
            token_url: token_url.cloned(),
            refresh_url: refresh_url.clone(),
            scopes: scopes.iter().map(|(name, text)| (name.clone(), text.clone())).collect(),
        }
    };
    let implicit = flows
        .implicit
        .as_ref()
        .map(|f| flow(OAuthFlowKind::Implicit, Some(&f.authorization_url), None, &f.refresh_url, &f.scopes));
    let password = flows
        .password
        .as_ref()
        .map(|f| flow(OAuthFlowKind::Password, None, Some(&f.token_url), &f.refresh_url, &f.scopes));
    let client_credentials = flows
        .client_credentials
        .as_ref()
        .map(|f| flow(OAuthFlowKind::ClientCredentials, None, Some(&f.token_url), &f.refresh_url, &f.scopes));
    let authorization_code = flows.authorization_code.as_ref().map(|f| {
        let (authorization, token) = (Some(&f.authorization_url), Some(&f.token_url));
        flow(OAuthFlowKind::AuthorizationCode, authorization, token, &f.refresh_url, &f.scopes)
    });
    [implicit, password, client_credentials, authorization_code].into_iter().flatten().collect()
}

impl Schemes {
    /// The effective requirement of an operation: its own `security`, else
    /// the document's. Alternatives that name an unsupported scheme are
    /// dropped; if that leaves none, the operation cannot be called.
    pub(crate) fn requirement(
        &self,
        own: Option<&Vec<SecurityRequirement>>,
        document: Option<&Vec<SecurityRequirement>>,
        at: &Location,
        root: &Location,
        diagnostics: &mut Diagnostics,
    ) -> Result<Security, Diagnostic> {
        let (list, list_at) = match own {
            Some(list) => (list.as_slice(), at.join("security")),
            None => (document.map(Vec::as_slice).unwrap_or_default(), root.join("security")),
        };
        let mut alternatives = Vec::new();
        let mut dropped = 0;
        let mut undefined = 0;
        'alternatives: for (i, requirement) in list.iter().enumerate() {
            let mut uses = Vec::new();
            for (key, scopes) in requirement {
                match self.by_key.iter().find(|(k, _)| k == key) {
                    None => {
                        // Said once per requirement, however many operations share it.
                        let warning = Diagnostic::warning(
                            list_at.join(i.to_string()).join(key),
                            format!(
                                "security requirement names {key:?}, which is not defined under \
                                 /components/securitySchemes; this alternative is left out"
                            ),
                        );
                        if !diagnostics.iter().any(|d| *d == warning) {
                            diagnostics.push(warning);
                        }
                        undefined += 1;
                        continue 'alternatives;
                    }
                    Some((_, None)) => {
                        dropped += 1;
                        continue 'alternatives;
                    }
                    Some((_, Some(index))) => uses.push(SchemeUse { scheme: *index, scopes: scopes.clone() }),
                }
            }
            alternatives.push(uses);
        }
        if alternatives.is_empty() && dropped == 0 && undefined > 0 {
            // Nothing any client could send: the operation asks for no credentials.
            let warning = Diagnostic::warning(
                list_at,
                "every alternative of this security requirement names an undefined scheme; the operations it \
                 applies to are generated without authentication",
            );
            if !diagnostics.iter().any(|d| *d == warning) {
                diagnostics.push(warning);
            }
            return Ok(Security { alternatives });
        }
        if alternatives.is_empty() && dropped > 0 {
            return Err(Diagnostic::warning(
                list_at,
                "every alternative of this security requirement uses an unsupported scheme",
            ));
        }
        Ok(Security { alternatives })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diagnostics::Severity;
    use crate::ir::{Api, ApiKeyLocation, AuthKind, OAuthFlow, OAuthFlowKind, SchemeOrigin};
    use crate::load::load_str;
    use crate::normalize::normalize;

    /// A spec with the given `securitySchemes` and one operation per entry
    /// of `operations` (its `security` YAML, or `~` to inherit `global`).
    fn spec(schemes: &str, global: &str, operations: &[&str]) -> String {
        let mut paths = String::new();
        for (i, security) in operations.iter().enumerate() {
            let security = if *security == "~" { String::new() } else { format!("      security: {security}\n") };
            paths.push_str(&format!(
                "  /op{i}:\n    get:\n      operationId: op{i}\n{security}      responses:\n        '200': {{description: ok}}\n"
            ));
        }
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nsecurity: {global}\npaths:\n{paths}components:\n  securitySchemes:\n{schemes}"
        )
    }

    fn normalized(text: &str) -> (Api, Vec<String>) {
        let loaded = load_str(Path::new("t.yaml"), text).expect("loads");
        match normalize(&loaded) {
            Ok((api, warnings)) => (api, warnings.iter().map(ToString::to_string).collect()),
            Err(e) => panic!("{e}"),
        }
    }

    fn kinds(text: &str) -> Vec<(String, AuthKind, SchemeOrigin)> {
        normalized(text).0.security_schemes.into_iter().map(|s| (s.key, s.kind, s.origin)).collect()
    }

    #[test]
    fn schemes_normalize_to_the_closed_set() {
        // No line continuation here: it would eat the first line's indentation.
        let schemes = concat!(
            "    bearer: {type: http, scheme: bearer, bearerFormat: JWT}\n",
            "    basic: {type: http, scheme: Basic}
    header: {type: apiKey, in: header, name: X-Key}
    query: {type: apiKey, in: query, name: key}
    cookie: {type: apiKey, in: cookie, name: session}
    prefixed: {type: apiKey, in: header, name: Authorization, x-api-key-prefix: Api-Key, x-api-key-prefix-aliases: [Api-Token]}
    token: {type: http, scheme: Token}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://a.example/t', scopes: {}}}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://a.example/.well-known'}
",
        );
        let api_key = |location, name: &str, prefix: Option<&str>, aliases: &[&str]| AuthKind::ApiKey {
            location,
            name: name.into(),
            prefix: prefix.map(Into::into),
            prefix_aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        };
        let expected = vec![
            ("bearer".into(), AuthKind::Bearer { format: Some("JWT".into()) }, SchemeOrigin::Http),
            ("basic".into(), AuthKind::Basic, SchemeOrigin::Http),
            ("header".into(), api_key(ApiKeyLocation::Header, "X-Key", None, &[]), SchemeOrigin::ApiKey),
            ("query".into(), api_key(ApiKeyLocation::Query, "key", None, &[]), SchemeOrigin::ApiKey),
            ("cookie".into(), api_key(ApiKeyLocation::Cookie, "session", None, &[]), SchemeOrigin::ApiKey),
            (
                "prefixed".into(),
                api_key(ApiKeyLocation::Header, "Authorization", Some("Api-Key"), &["Api-Token"]),
                SchemeOrigin::ApiKey,
            ),
            ("token".into(), api_key(ApiKeyLocation::Header, "Authorization", Some("Token"), &[]), SchemeOrigin::Http),
            (
                "oauth".into(),
                AuthKind::OAuth2 {
                    flows: vec![OAuthFlow {
                        kind: OAuthFlowKind::ClientCredentials,
                        authorization_url: None,
                        token_url: Some("https://a.example/t".into()),
                        refresh_url: None,
                        scopes: Vec::new(),
                    }],
                },
                SchemeOrigin::OAuth2,
            ),
            (
                "oidc".into(),
                AuthKind::OpenIdConnect { url: "https://a.example/.well-known".into() },
                SchemeOrigin::OpenIdConnect,
            ),
        ];
        assert_eq!(kinds(&spec(schemes, "[]", &[])), expected);
    }

    #[test]
    fn requirements_keep_or_of_and() {
        let schemes = "    a: {type: http, scheme: bearer}\n    b: {type: http, scheme: basic}\n    c: {type: apiKey, in: header, name: X-C}\n";
        let operations = ["~", "[]", "[{a: []}, {b: []}]", "[{a: [], c: []}]", "[{}, {c: []}]"];
        let (api, warnings) = normalized(&spec(schemes, "[{c: []}]", &operations));
        assert!(warnings.is_empty());
        let shapes: Vec<Vec<Vec<usize>>> = api
            .operations
            .iter()
            .map(|op| op.security.alternatives.iter().map(|alt| alt.iter().map(|u| u.scheme).collect()).collect())
            .collect();
        assert_eq!(
            shapes,
            vec![vec![vec![2]], vec![], vec![vec![0], vec![1]], vec![vec![0, 2]], vec![vec![], vec![2]]]
        );
        assert!(api.operations[1].security.is_none());
        assert!(!api.operations[4].security.is_none(), "anonymous OR a key still sends the key when it has one");
    }

    #[test]
    fn unsupported_schemes_drop_their_alternatives() {
        let schemes = "    digest: {type: http, scheme: digest}\n    key: {type: apiKey, in: header, name: X-K}\n";
        let (api, warnings) = normalized(&spec(schemes, "[]", &["[{digest: []}, {key: []}]", "[{digest: []}]"]));
        assert_eq!(api.operations.len(), 1, "the operation that only digest can satisfy is skipped");
        assert_eq!(api.operations[0].security.alternatives.len(), 1);
        assert_eq!(
            warnings,
            [
                "warning: t.yaml#/components/securitySchemes/digest/scheme: HTTP authentication scheme \"digest\" is not supported (it needs a challenge-response exchange); operations that require only it are skipped",
                "warning: t.yaml#/paths/~1op1/get/security: operation \"op1\" skipped: every alternative of this security requirement uses an unsupported scheme",
            ]
        );
    }

    #[test]
    fn undefined_schemes_drop_their_alternatives_with_a_warning() {
        let schemes = "    a: {type: http, scheme: bearer}\n";
        let (api, warnings) = normalized(&spec(schemes, "[{b: []}]", &["~", "~", "[{b: []}, {a: []}]"]));
        assert_eq!(api.operations.len(), 3, "every operation is generated");
        assert!(api.operations[0].security.is_none() && api.operations[1].security.is_none());
        let kept: Vec<Vec<usize>> =
            api.operations[2].security.alternatives.iter().map(|a| a.iter().map(|u| u.scheme).collect()).collect();
        assert_eq!(kept, vec![vec![0]]);
        assert_eq!(
            warnings,
            [
                "warning: t.yaml#/security/0/b: security requirement names \"b\", which is not defined under /components/securitySchemes; this alternative is left out",
                "warning: t.yaml#/security: every alternative of this security requirement names an undefined scheme; the operations it applies to are generated without authentication",
                "warning: t.yaml#/paths/~1op2/get/security/0/b: security requirement names \"b\", which is not defined under /components/securitySchemes; this alternative is left out",
            ],
            "each said once, however many operations share the requirement"
        );
    }

    #[test]
    fn bad_extensions_are_errors() {
        let cases = [
            (
                spec("    a: {type: apiKey, in: header, name: A, x-api-key-prefix: 7}\n", "[]", &[]),
                "error: t.yaml#/components/securitySchemes/a/x-api-key-prefix: expected a non-empty string",
            ),
            (
                spec("    a: {type: apiKey, in: header, name: A, x-api-key-prefix-aliases: [Tok]}\n", "[]", &[]),
                "error: t.yaml#/components/securitySchemes/a/x-api-key-prefix-aliases: expected `x-api-key-prefix` beside `x-api-key-prefix-aliases`",
            ),
        ];
        for (text, expected) in cases {
            let loaded = load_str(Path::new("t.yaml"), &text).expect("loads");
            let error = normalize(&loaded).expect_err("must fail");
            assert_eq!(error.diagnostics[0].severity, Severity::Error);
            assert_eq!(error.diagnostics[0].to_string(), expected);
        }
    }
}
