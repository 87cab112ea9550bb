//! What a user chooses about one spec's crates beyond the spec itself: the
//! same options whether they come from the command line, from the spec's
//! config file (`specs/<name>.toml`, see [`crate::config`]) or from a build
//! script calling [`crate::generate_with`].

use std::collections::BTreeMap;

/// The crate version generated crates get unless [`Options::version`] says.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// How many operations a tag holds at most before its feature is split
/// into a feature per path resource, unless
/// [`Options::resource_features_above`] says.
pub const DEFAULT_RESOURCE_FEATURES_ABOVE: usize = 100;

/// Every option of one spec; [`Options::default`] generates what a run
/// without options does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The API's name (its crates are `<name>-models`, `-client`, `-server`);
    /// `None` names it after the spec file.
    pub name: Option<String>,
    /// The `[package] version` of the generated crates (and of the client's
    /// and server's dependency on the models crate); `None` for
    /// [`DEFAULT_VERSION`].
    pub version: Option<String>,
    /// Which crates to emit.
    pub crates: Crates,
    /// Which operations to generate.
    pub select: Selection,
    /// The generated router's request body limit in bytes; `None` keeps
    /// axum's default (2 MiB).
    pub body_limit: Option<u64>,
    /// Body limits of single operations, by `operationId`; they win over the
    /// spec's `maxLength` on a binary body and over [`Options::body_limit`].
    pub body_limit_per_operation: BTreeMap<String, u64>,
    /// New names for types and fields.
    pub rename: Renames,
    /// A tag with more operations than this gets, besides its feature, a
    /// feature per path resource its operations address, each at most this
    /// large where the paths allow; `None` for
    /// [`DEFAULT_RESOURCE_FEATURES_ABOVE`].
    pub resource_features_above: Option<usize>,
}

impl Options {
    /// The version of the generated crates.
    pub fn crate_version(&self) -> &str {
        self.version.as_deref().unwrap_or(DEFAULT_VERSION)
    }

    /// How many operations a tag or resource feature holds before it is split.
    pub fn resource_features_above(&self) -> usize {
        self.resource_features_above.unwrap_or(DEFAULT_RESOURCE_FEATURES_ABOVE)
    }
}

/// Which crates of a spec are emitted; the models crate always is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crates {
    /// The client crate.
    pub client: bool,
    /// The server crate.
    pub server: bool,
    /// The server crate's mock server (`examples/mock.rs`); only with the server.
    pub mock: bool,
}

impl Default for Crates {
    fn default() -> Self {
        Self { client: true, server: true, mock: true }
    }
}

impl Crates {
    /// The crates named in a list (`client`, `server`), the mock kept with
    /// the server: an error names an unknown entry, or a list with neither.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut crates = Self { client: false, server: false, mock: true };
        for name in names {
            match name {
                "client" => crates.client = true,
                "server" => crates.server = true,
                other => {
                    return Err(format!(
                        "unknown crate {other:?}: the crates are client and server (the models crate comes with \
                         either; the mock is turned off with mock = false or --no-mock)"
                    ));
                }
            }
        }
        if !crates.client && !crates.server {
            return Err("the crates must include client or server".into());
        }
        Ok(crates)
    }

    /// Whether the server crate's mock example is emitted.
    pub fn emits_mock(&self) -> bool {
        self.server && self.mock
    }
}

/// Which operations are generated: with an include list, only those it
/// names (by tag or by `operationId`); never those an exclude list names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operations with any of these tags are included.
    pub include_tags: Vec<String>,
    /// Operations with any of these tags are left out.
    pub exclude_tags: Vec<String>,
    /// These operations (by `operationId`) are included.
    pub include_ops: Vec<String>,
    /// These operations (by `operationId`) are left out.
    pub exclude_ops: Vec<String>,
}

impl Selection {
    /// Whether the selection keeps every operation.
    pub fn is_everything(&self) -> bool {
        *self == Self::default()
    }
}

/// New names: of a schema's type, by the schema's name under
/// `components/schemas` (`definitions` in Swagger 2.0), and of a property's
/// Rust field, by `"Schema.property"` (its name on the wire stays).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// Schema name → Rust type name.
    pub types: BTreeMap<String, String>,
    /// `"Schema.property"` → Rust field name.
    pub fields: BTreeMap<String, String>,
}
