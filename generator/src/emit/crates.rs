//! The crates of one spec: a models crate (one type per schema), and a
//! client crate and a server-stub crate that re-export it as `models`,
//! each with its manifest and README (from templates) and its Rust sources.

use minijinja::{Environment, context};
use quote::quote;

use super::client::client;
use super::docs::inner_doc_attrs;
use super::features::TagFeatures;
use super::models::models;
use super::parts::CrateParts;
use super::rust::{RustFile, format_file};
use super::server::{Skipped, server};
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
    fn suffix(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Server => "server",
        }
    }

    /// The kind's own code, and the operations it leaves out.
    fn parts(
        self,
        api: &Api,
        crate_name: &str,
        example_name: &str,
        options: &Options,
        features: Option<&TagFeatures>,
    ) -> Result<(CrateParts, Vec<Skipped>), EmitError> {
        match self {
            Self::Client => Ok((client(api, features)?, Vec::new())),
            Self::Server => {
                let mock = options.crates.emits_mock().then_some(example_name);
                server(api, crate_name, mock, options.body_limit)
            }
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
    let features = TagFeatures::new(api);
    let shared = &Shared { options, chosen, env: &env, models_crate: &models_crate, features: features.as_ref() };
    // Each crate kind and the models crate (`None`), side by side (token
    // streams cannot cross threads, the files they print can), the largest
    // first; their files come out models, client, server.
    let kinds = [(CrateKind::Server, chosen.crates.server), (CrateKind::Client, chosen.crates.client)];
    let jobs: Vec<Option<CrateKind>> = kinds
        .into_iter()
        .filter_map(|(kind, wanted)| wanted.then_some(Some(kind)))
        .chain(std::iter::once(None))
        .collect();
    let crates = crate::parallel::map(&jobs, |job| match *job {
        None => {
            let (models, models_needs) = models(&api.types, features.as_ref());
            emit_models_crate(api, shared, models, models_needs).map(|files| (files, Vec::new()))
        }
        Some(kind) => emit_crate(api, shared, kind, needs),
    });
    let mut emitted = Emitted::default();
    for emitted_crate in crates.into_iter().rev() {
        let (files, skipped) = emitted_crate?;
        emitted.files.extend(files);
        emitted.warnings.extend(skipped.into_iter().map(|s| {
            Diagnostic::warning(Location { file: options.spec_path.clone().into(), pointer: s.pointer }, s.message)
        }));
    }
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
}

/// The models crate: its `lib.rs` is the models, one type per schema.
fn emit_models_crate(
    api: &Api,
    shared: &Shared<'_>,
    models: RustFile,
    needs: Needs,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let Shared { options, chosen, env, models_crate: name, features } = *shared;
    let description = format!("Models of the {}: one type per schema of its OpenAPI spec.", api_phrase(&api.title));
    let ctx = context! {
        model_count => api.types.len(),
        client_crate => chosen.crates.client.then(|| crate_name(&format!("{}-client", api.name))),
        server_crate => chosen.crates.server.then(|| crate_name(&format!("{}-server", api.name))),
        needs => needs_context(needs),
        features => features_context(features),
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
/// reaches) and number of operations.
fn features_context(features: Option<&TagFeatures>) -> Vec<minijinja::Value> {
    features
        .map(|f| &f.features)
        .into_iter()
        .flatten()
        .map(|f| context! { name => f.name, tag => f.tag, operations => f.operations })
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

fn emit_crate(
    api: &Api,
    shared: &Shared<'_>,
    kind: CrateKind,
    needs: Needs,
) -> Result<(Vec<GeneratedFile>, Vec<Skipped>), EmitError> {
    let Shared { options, chosen, env, models_crate, features } = *shared;
    let name = crate_name(&format!("{}-{}", api.name, kind.suffix()));
    let preamble = preamble(options);
    let description = format!("{} for the {}, generated from its OpenAPI spec.", kind.noun(), api_phrase(&api.title));
    let operations: Vec<_> = api
        .operations
        .iter()
        .map(|op| context! { id => op.id, method => op.method.as_str(), path => op.path })
        .collect();
    // The server crate's mock server runs as an example named after the
    // API: example names must be unique across a workspace.
    let mock_name = crate_name(&format!("{}-mock", api.name));
    let (parts, skipped) = kind.parts(api, &name, &mock_name, chosen, features)?;
    let ctx = context! {
        api_description => api.description,
        model_count => api.types.len(),
        models_crate => models_crate,
        shared => chosen.crates.client && chosen.crates.server,
        operations => operations,
        needs => needs_context(needs),
        features => features_context(features),
        parts => parts.template_context,
        mock_example => chosen.crates.emits_mock().then_some(mock_name),
        ..crate_context(api, options, chosen, &name, &description)
    };
    let lib_docs = inner_doc_attrs(&format!(
        "{} for the **{}** (version {}).\n\nGenerated from `{}`; see the README for regenerating.",
        kind.noun(),
        api_phrase(&api.title),
        api.version,
        options.spec_path
    ));
    let lib_items = &parts.lib_items;
    let models = ident(&models_crate.replace('-', "_"));
    let lib = quote! {
        #lib_docs
        /// The models: one type per schema of the spec, from the models crate
        /// the client and the server share.
        pub use #models as models;
        #lib_items
    };
    let mut files = vec![
        render(env, &format!("{}/Cargo.toml", kind.suffix()), &ctx, &name, "Cargo.toml")?,
        render(env, &format!("{}/README.md", kind.suffix()), &ctx, &name, "README.md")?,
        rustfmt_toml(&name, options),
        rust_file(&name, "src/lib.rs", &preamble, lib.into())?,
    ];
    for (file, tokens) in parts.files {
        files.push(rust_file(&name, &file, &preamble, tokens)?);
    }
    Ok((files, skipped))
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
