//! The crates of one spec: a models crate (one type per schema), and a
//! client crate and a server-stub crate that re-export it as `models`,
//! each with its manifest and README (from templates) and its Rust sources.

use minijinja::{Environment, context};
use quote::quote;

use super::client::ClientCrate;
use super::docs::inner_doc_attrs;
use super::features::TagFeatures;
use super::models::models;
use super::parts::{CrateParts, FileJob};
use super::rust::{RustFile, format_file};
use super::server::ServerCrate;
use super::types::{Needs, ident};
use super::{EmitError, EmitOptions, Emitted, GENERATED_MARKER, GeneratedFile};
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::Api;
use crate::naming::crate_name;
use crate::options::Options;

/// The two kinds of crate generated per spec.
#[derive(Debug, Clone, Copy)]
enum CrateKind {
    Client,
    Server,
}

impl CrateKind {
    const ALL: [Self; 2] = [Self::Client, Self::Server];

    /// Its position in [`Self::ALL`].
    fn index(self) -> usize {
        self as usize
    }

    fn suffix(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Server => "server",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Client => "Client",
            Self::Server => "Server stubs",
        }
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    ("models/Cargo.toml", include_str!("../../../templates/models/Cargo.toml.j2")),
    ("models/README.md", include_str!("../../../templates/models/README.md.j2")),
    ("client/Cargo.toml", include_str!("../../../templates/client/Cargo.toml.j2")),
    ("client/README.md", include_str!("../../../templates/client/README.md.j2")),
    ("server/Cargo.toml", include_str!("../../../templates/server/Cargo.toml.j2")),
    ("server/README.md", include_str!("../../../templates/server/README.md.j2")),
];

/// One piece of emitting a spec's crates, done by whichever thread is free.
enum Job<'a> {
    /// The models crate, whole: its `lib.rs` is its one Rust file.
    Models,
    /// The client crate's manifest, README, `rustfmt.toml` and `lib.rs`.
    ClientHead(&'a ClientCrate<'a>),
    /// The server crate's.
    ServerHead(&'a ServerCrate<'a>),
    /// Another Rust file of a client or server crate.
    File(CrateKind, FileJob<'a>),
}

impl Job<'_> {
    /// Whether it grows with the API, rather than being a few items.
    fn large(&self) -> bool {
        match self {
            Self::Models => true,
            Self::ClientHead(_) | Self::ServerHead(_) => false,
            Self::File(_, file) => file.large,
        }
    }
}

pub(crate) fn emit_crates(api: &Api, options: &EmitOptions, chosen: &Options) -> Result<Emitted, EmitError> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(|e| EmitError { file: (*name).to_owned(), message: e.to_string() })?;
    }
    // Parameters and bodies may use types no model does (an inline `format: date` query parameter).
    let mut needs = Needs::default();
    api.operations.iter().flat_map(|op| op.type_refs()).for_each(|ty| needs.add(ty));
    let models_crate = crate_name(&format!("{}-models", api.name));
    let features = TagFeatures::new(api, chosen.resource_features_above());
    let names = CrateKind::ALL.map(|kind| crate_name(&format!("{}-{}", api.name, kind.suffix())));
    // The server crate's mock server runs as an example named after the
    // API: example names must be unique across a workspace.
    let mock_name = crate_name(&format!("{}-mock", api.name));
    let client = chosen.crates.client.then(|| ClientCrate::new(api, features.as_ref()));
    let mock = chosen.crates.emits_mock().then_some(mock_name.as_str());
    let server =
        chosen.crates.server.then(|| ServerCrate::new(api, &names[CrateKind::Server.index()], mock, chosen.body_limit));
    let shared = &Shared {
        options,
        chosen,
        env: &env,
        models_crate: &models_crate,
        features: features.as_ref(),
        names: &names,
        mock_name: &mock_name,
        needs,
    };

    // The jobs in the order their files come out: the models crate, then
    // the client's, then the server's, each crate's head first.
    let mut jobs = vec![Job::Models];
    if let Some(client) = &client {
        jobs.push(Job::ClientHead(client));
        jobs.extend(client.files().into_iter().map(|file| Job::File(CrateKind::Client, file)));
    }
    if let Some(server) = &server {
        jobs.push(Job::ServerHead(server));
        jobs.extend(server.files().into_iter().map(|file| Job::File(CrateKind::Server, file)));
    }
    // Done large ones first, so that the last to finish are small and
    // both threads stay busy to the end.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| !jobs[i].large());
    let done = crate::parallel::map(&order, |&i| match &jobs[i] {
        Job::Models => {
            let (models, models_needs) = models(&api.types, features.as_ref());
            emit_models_crate(api, shared, models, models_needs)
        }
        Job::ClientHead(client) => emit_head(api, shared, CrateKind::Client, client.parts()?),
        Job::ServerHead(server) => emit_head(api, shared, CrateKind::Server, server.parts()),
        Job::File(kind, file) => {
            let name = &names[kind.index()];
            Ok(vec![rust_file(name, file.path, &preamble(options), (file.build)()?)?])
        }
    });
    let mut done: Vec<_> = order.into_iter().zip(done).collect();
    done.sort_by_key(|&(i, _)| i);
    let mut emitted = Emitted::default();
    for (_, files) in done {
        emitted.files.extend(files?);
    }
    emitted.warnings.extend(server.iter().flat_map(ServerCrate::skipped).map(|s| {
        Diagnostic::warning(
            Location::root(std::path::Path::new(&options.spec_path)).at(s.pointer.clone()),
            s.message.clone(),
        )
    }));
    Ok(emitted)
}

/// What every crate of one spec is emitted with.
struct Shared<'a> {
    options: &'a EmitOptions,
    chosen: &'a Options,
    env: &'a Environment<'a>,
    models_crate: &'a str,
    /// The features per tag of the client and models crates.
    features: Option<&'a TagFeatures>,
    /// The client's and the server's crate names, by [`CrateKind::index`].
    names: &'a [String; 2],
    /// The example name of the server crate's mock server.
    mock_name: &'a str,
    /// What the client and server crates' operations need beyond the models.
    needs: Needs,
}

/// The models crate: its `lib.rs` is the models, one type per schema.
fn emit_models_crate(
    api: &Api,
    shared: &Shared<'_>,
    models: RustFile,
    needs: Needs,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let Shared { options, chosen, env, models_crate: name, features, .. } = *shared;
    let description = format!("Models of the {}: one type per schema of its OpenAPI spec.", api_phrase(&api.title));
    let ctx = context! {
        model_count => api.types.len(),
        client_crate => chosen.crates.client.then(|| crate_name(&format!("{}-client", api.name))),
        server_crate => chosen.crates.server.then(|| crate_name(&format!("{}-server", api.name))),
        needs => needs_context(needs),
        features => features_context(features),
        untagged_resources => features.is_some_and(TagFeatures::splits_untagged),
        ..crate_context(api, options, chosen, name, &description)
    };
    let lib_docs = inner_doc_attrs(&format!(
        "Models of the **{}** (version {}): one type per schema of the spec, shared by its client and server crates \
         (each re-exports this crate as `models`).\n\nGenerated from `{}`; see the README for regenerating.",
        api_phrase(&api.title),
        api.version,
        options.spec_path
    ));
    Ok(vec![
        render(env, "models/Cargo.toml", &ctx, name, "Cargo.toml")?,
        render(env, "models/README.md", &ctx, name, "README.md")?,
        rustfmt_toml(name, options),
        rust_file(name, "src/lib.rs", &preamble(options), models.headed(&lib_docs))?,
    ])
}

/// What every crate's templates know: the spec, the runtime, the crate.
fn crate_context(
    api: &Api,
    options: &EmitOptions,
    chosen: &Options,
    name: &str,
    description: &str,
) -> minijinja::Value {
    context! {
        marker => GENERATED_MARKER,
        spec_path => options.spec_path,
        spec_link => format!("../../{}", options.spec_path),
        runtime_path => options.runtime_path,
        runtime_version => super::runtime::VERSION,
        crate_name => name,
        crate_version => chosen.crate_version(),
        description => description,
        title => api.title,
        version => api.version,
    }
}

fn needs_context(needs: Needs) -> minijinja::Value {
    context! {
        chrono => needs.chrono,
        uuid => needs.uuid,
        runtime => needs.runtime,
        serde_with => needs.serde_with,
        serde_json => needs.serde_json,
    }
}

/// The features per tag, for the manifests and READMEs of the client and
/// models crates: each one's name, tag (none for the models no operation
/// reaches), number of operations and, for a split tag, its resources'.
fn features_context(features: Option<&TagFeatures>) -> Vec<minijinja::Value> {
    features
        .map(|f| &f.features)
        .into_iter()
        .flatten()
        .map(|f| {
            context! {
                name => f.name,
                tag => f.tag(),
                operations => f.operations,
                parts => f.parts(),
                part_of => f.part_of(),
                paths => f.paths(),
            }
        })
        .collect()
}

/// A crate file rendered from a template.
fn render(
    env: &Environment<'_>,
    template: &str,
    ctx: &minijinja::Value,
    crate_name: &str,
    file: &str,
) -> Result<GeneratedFile, EmitError> {
    let contents = env
        .get_template(template)
        .and_then(|t| t.render(ctx))
        .map_err(|e| EmitError { file: format!("{crate_name}/{file}"), message: e.to_string() })?;
    Ok(GeneratedFile { path: format!("{crate_name}/{file}").into(), contents })
}

fn rustfmt_toml(crate_name: &str, options: &EmitOptions) -> GeneratedFile {
    GeneratedFile {
        path: format!("{crate_name}/rustfmt.toml").into(),
        contents: format!(
            "# {GENERATED_MARKER} from {}. Do not edit: changes are overwritten.\n{RUSTFMT_TOML}",
            options.spec_path
        ),
    }
}

fn preamble(options: &EmitOptions) -> String {
    format!("{GENERATED_MARKER} from {}. Do not edit: changes are overwritten.", options.spec_path)
}

/// A client or server crate's manifest, README, `rustfmt.toml` and
/// `lib.rs` (with `parts`, its kind's own items and template values).
fn emit_head(
    api: &Api,
    shared: &Shared<'_>,
    kind: CrateKind,
    parts: CrateParts,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let Shared { options, chosen, env, models_crate, features, names, mock_name, needs } = *shared;
    let name = &names[kind.index()];
    let description = format!("{} for the {}, generated from its OpenAPI spec.", kind.noun(), api_phrase(&api.title));
    let operations: Vec<_> = api
        .operations
        .iter()
        .map(|op| context! { id => op.id, method => op.method.as_str(), path => op.path })
        .collect();
    let ctx = context! {
        api_description => api.description,
        model_count => api.types.len(),
        models_crate => models_crate,
        shared => chosen.crates.client && chosen.crates.server,
        operations => operations,
        needs => needs_context(needs),
        features => features_context(features),
        resource_features => features.is_some_and(TagFeatures::splits_resources),
        untagged_resources => features.is_some_and(TagFeatures::splits_untagged),
        resource_features_above => chosen.resource_features_above(),
        parts => parts.template_context,
        mock_example => chosen.crates.emits_mock().then_some(mock_name),
        ..crate_context(api, options, chosen, name, &description)
    };
    let lib_docs = inner_doc_attrs(&format!(
        "{} for the **{}** (version {}).\n\nGenerated from `{}`; see the README for regenerating.",
        kind.noun(),
        api_phrase(&api.title),
        api.version,
        options.spec_path
    ));
    let (lib_attrs, lib_items) = (&parts.lib_attrs, &parts.lib_items);
    let models = ident(&models_crate.replace('-', "_"));
    let lib = quote! {
        #lib_docs
        #lib_attrs
        /// The models: one type per schema of the spec, from the models crate
        /// the client and the server share.
        pub use #models as models;
        #lib_items
    };
    Ok(vec![
        render(env, &format!("{}/Cargo.toml", kind.suffix()), &ctx, name, "Cargo.toml")?,
        render(env, &format!("{}/README.md", kind.suffix()), &ctx, name, "README.md")?,
        rustfmt_toml(name, options),
        rust_file(name, "src/lib.rs", &preamble(options), lib.into())?,
    ])
}

/// Every generated crate's `rustfmt.toml`: its code is printed by
/// prettyplease, and `cargo fmt` must leave it as written, or the next
/// `--check` would find it changed.
pub(super) const RUSTFMT_TOML: &str =
    "# Printed by prettyplease: `cargo fmt` leaves generated code as the generator wrote it.
disable_all_formatting = true
";

fn rust_file(crate_name: &str, file: &str, preamble: &str, source: RustFile) -> Result<GeneratedFile, EmitError> {
    let path = format!("{crate_name}/{file}");
    let contents = format_file(&path, preamble, source)?;
    Ok(GeneratedFile { path: path.into(), contents })
}

/// The API named by its title, without saying "API" twice ("Petstore" →
/// "Petstore API", "TileDB User API" stays as it is).
fn api_phrase(title: &str) -> String {
    let last_word = title.split_whitespace().last().unwrap_or_default();
    if last_word.eq_ignore_ascii_case("api") { title.to_owned() } else { format!("{title} API") }
}

#[cfg(test)]
mod tests {
    use super::api_phrase;

    #[test]
    fn api_is_said_once() {
        assert_eq!(api_phrase("Hypto IAM"), "Hypto IAM API");
        assert_eq!(api_phrase("ibl.ai Credentials API"), "ibl.ai Credentials API");
        assert_eq!(api_phrase("Rapid api"), "Rapid api");
        assert_eq!(api_phrase("Capital"), "Capital API");
    }
}
