//! Emit: every item of `oapi_runtime` that generated code names, in one
//! list per runtime module. The emitters take the names they re-export and
//! reserve from here; the tests below check that each listed item exists
//! in the runtime (a `use` of all of them) and that the emitters name no
//! runtime item the list lacks, so renaming an item in the runtime fails
//! the generator's unit tests rather than the build of generated crates.

macro_rules! runtime_items {
    ($( $(#[$doc:meta])* $name:ident = $($module:ident)::* { $($item:ident),* $(,)? }; )*) => {
        $(
            $(#[$doc])*
            // Lists of items the emitters write as `server::Item` paths are
            // read only by the completeness test below.
            #[cfg_attr(not(test), allow(dead_code))]
            pub(crate) const $name: &[&str] = &[$(stringify!($item)),*];
        )*

        /// Every listed item, imported from where the list says it is (a
        /// module per list: lists may share an item).
        #[cfg(test)]
        mod listed_items_exist {
            $(
                #[allow(non_snake_case, unused_imports)]
                mod $name {
                    use oapi_runtime::$($module::)*{$($item),*};
                }
            )*
        }

        /// Each list with the runtime module it names items of (`""` for the crate root).
        #[cfg(test)]
        pub(crate) const LISTS: &[(&str, &[&str])] = &[$( (stringify!($($module)::*), $name) ),*];
    };
}

runtime_items! {
    /// The crate root: byte types of models, and bodies as streams.
    ROOT = { Base64, Binary, ByteStream };
    /// The crate root: what models crates derive (their structs' serde impls, their string enums' impls).
    MODELS = { SerdeStruct, StringEnum };
    /// `oapi_runtime::client`: what client crates re-export at their root.
    CLIENT_REEXPORTS = client {
        ApiError, BuildError, Credentials, Error, InvalidRequest, MissingCredentials, Multipart, Response, RetryPolicy,
        TokenError, TokenFuture, TokenProvider, TokenRequest,
        Context, Extensions, Hook, Success,
    };
    /// `oapi_runtime::client`: what client code itself uses.
    CLIENT = client { ApiKeyLocation, Config, Core, JsonText, Scheme, Streamed, Style };
    /// `oapi_runtime::server`: what every server crate re-exports at its root.
    SERVER_SERVE_REEXPORTS = server { Limits, serve };
    /// `oapi_runtime::server`: what server crates of APIs that authenticate re-export.
    SERVER_AUTH_REEXPORTS = server { Authenticator, Credential, Credentials, Rejected, Scheme };
    /// `oapi_runtime::server`: what server code names as `server::...`.
    SERVER = server {
        BodySpec, Content, Decoded, ErrorBodies, Field, HttpError, Incoming, IntegerFormat, KeyLocation, Need, Object, Param,
        Reply, Requirement, Rules, Schema, SchemeKind, Style, StringFormat, Union, authenticate, authenticate_optional,
        check_patterns, finish_routes, finished, select,
    };
    /// `oapi_runtime::mock`: what the mock servers name as `mock::...`.
    MOCK = mock { Status, example, parse, run };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::LISTS;

    /// The items of runtime `module` named in `source`: `module::Item`
    /// paths and `module::{A, B}` groups. Generated servers and mocks import
    /// `server` and `mock` as modules; clients name `oapi_runtime::client`
    /// in full (a client crate has a `client` module of its own).
    fn named_items(source: &str, module: &str) -> BTreeSet<String> {
        let mut items = BTreeSet::new();
        let prefix = if module == "client" { "oapi_runtime::client::".to_owned() } else { format!("{module}::") };
        for (at, _) in source.match_indices(&prefix) {
            let head = &source[..at];
            // `my_server::`, `super::server::`: another module of that name.
            if head.ends_with(|c: char| c.is_alphanumeric() || c == '_')
                || (head.ends_with("::") && !head.ends_with("oapi_runtime::") && module != "client")
            {
                continue;
            }
            let rest = &source[at + prefix.len()..];
            let group = match rest.strip_prefix('{') {
                Some(group) => &group[..group.find('}').unwrap_or(0)],
                None => rest,
            };
            for name in group.split(',') {
                let name: String = name.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                // `server::self`, and a `#` of an interpolated list, are no items.
                if !name.is_empty() && name != "self" {
                    items.insert(name);
                }
                if rest.starts_with(|c: char| c != '{') {
                    break;
                }
            }
        }
        items
    }

    fn emitter_sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("the emitter sources").map(|e| e.expect("an entry").path()) {
            if entry.is_dir() {
                emitter_sources(&entry, out);
            } else if entry.extension().is_some_and(|e| e == "rs")
                && !entry.ends_with("tests.rs")
                && !entry.ends_with("runtime_items.rs")
            {
                let text = std::fs::read_to_string(&entry).expect("readable");
                out.push((entry.display().to_string(), text));
            }
        }
    }

    #[test]
    fn emitters_name_only_listed_runtime_items() {
        let mut sources = Vec::new();
        emitter_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit"), &mut sources);
        let mut unlisted = Vec::new();
        for module in ["server", "client", "mock"] {
            let listed: BTreeSet<&str> =
                LISTS.iter().filter(|(m, _)| *m == module).flat_map(|(_, items)| items.iter().copied()).collect();
            for (file, text) in &sources {
                for item in named_items(text, module) {
                    // Modules of the runtime crate are named by the lists' own module paths.
                    let is_module = ["client", "server", "mock", "validate"].contains(&item.as_str());
                    if !listed.contains(item.as_str()) && !is_module && item.starts_with(char::is_alphabetic) {
                        unlisted.push(format!("{file}: {module}::{item}"));
                    }
                }
            }
        }
        assert!(
            unlisted.is_empty(),
            "runtime items the emitters name but runtime_items.rs does not list:\n{}",
            unlisted.join("\n")
        );
    }

    #[test]
    fn named_items_reads_paths_and_groups() {
        let text = "quote!(server::Reply::json(1)); use oapi_runtime::server::{Limits, serve}; my_server::X; \
                    mock::{self, example}; pub use client::{Client}; oapi_runtime::client::Error";
        let items: Vec<String> = named_items(text, "server").into_iter().collect();
        assert_eq!(items, ["Limits", "Reply", "serve"]);
        assert_eq!(named_items(text, "mock").into_iter().collect::<Vec<_>>(), ["example"]);
        assert_eq!(named_items(text, "client").into_iter().collect::<Vec<_>>(), ["Error"]);
    }
}
