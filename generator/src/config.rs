//! A spec's config file: `specs/<name>.toml` beside `specs/<name>.yaml`
//! (same stem; never read as a spec, which are `.yaml`, `.yml` and `.json`),
//! holding the [`Options`] of that spec. Every key is optional; an unknown
//! key or a wrong value is an error naming the file, the line and the key.
//!
//! ```toml
//! name = "pets"
//! version = "1.2.0"
//! crates = ["client", "server"]
//! mock = false
//! include_tags = ["pets"]
//! exclude_ops = ["deletePet"]
//! body_limit = 10485760
//! resource_features_above = 100
//!
//! [body_limit_per_operation]
//! uploadImage = 52428800
//!
//! [rename.types]
//! Pet = "Animal"
//!
//! [rename.fields]
//! "Pet.type" = "kind"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::options::{Crates, Options, Renames, Selection};

/// The keys of the file; `None` where the file does not say.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Option<String>,
    version: Option<String>,
    crates: Option<Vec<String>>,
    mock: Option<bool>,
    #[serde(default)]
    include_tags: Vec<String>,
    #[serde(default)]
    exclude_tags: Vec<String>,
    #[serde(default)]
    include_ops: Vec<String>,
    #[serde(default)]
    exclude_ops: Vec<String>,
    body_limit: Option<u64>,
    #[serde(default)]
    body_limit_per_operation: BTreeMap<String, u64>,
    resource_features_above: Option<usize>,
    #[serde(default)]
    rename: RenameFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameFile {
    #[serde(default)]
    types: BTreeMap<String, String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

/// The config file of the spec at `spec`: same directory, same stem, `.toml`.
pub fn path_beside(spec: &Path) -> PathBuf {
    spec.with_extension("toml")
}

/// The options in the config file beside `spec` (shown to users as
/// `shown`), or the defaults when there is none.
pub fn load_beside(spec: &Path, shown: &str) -> Result<Options, String> {
    let path = path_beside(spec);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, shown),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Options::default()),
        Err(e) => Err(format!("error: cannot read {shown}: {e}")),
    }
}

/// The options a config file's `text` holds; errors name `file`, the line
/// and the key.
pub fn parse(text: &str, file: &str) -> Result<Options, String> {
    let deserializer = toml::Deserializer::new(text);
    let parsed: File = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner();
        let at = inner.span().map(|span| line_col(text, span.start)).unwrap_or_default();
        let key = if key == "." { String::new() } else { format!(" (key `{key}`)") };
        format!("error: {file}{at}{key}: {}", inner.message().trim())
    })?;
    let wrong = |key: &str, message: String| format!("error: {file} (key `{key}`): {message}");
    let mut crates = match &parsed.crates {
        Some(names) => Crates::from_names(names.iter().map(String::as_str)).map_err(|e| wrong("crates", e))?,
        None => Crates::default(),
    };
    if let Some(mock) = parsed.mock {
        crates.mock = mock;
    }
    if let Some(version) = &parsed.version {
        check_version(version).map_err(|e| wrong("version", e))?;
    }
    if parsed.body_limit == Some(0) {
        return Err(wrong("body_limit", "a body limit is at least 1 byte".into()));
    }
    if let Some((op, _)) = parsed.body_limit_per_operation.iter().find(|(_, limit)| **limit == 0) {
        return Err(wrong(&format!("body_limit_per_operation.{op}"), "a body limit is at least 1 byte".into()));
    }
    Ok(Options {
        name: parsed.name,
        version: parsed.version,
        crates,
        select: Selection {
            include_tags: parsed.include_tags,
            exclude_tags: parsed.exclude_tags,
            include_ops: parsed.include_ops,
            exclude_ops: parsed.exclude_ops,
        },
        body_limit: parsed.body_limit,
        body_limit_per_operation: parsed.body_limit_per_operation,
        rename: Renames { types: parsed.rename.types, fields: parsed.rename.fields },
        resource_features_above: parsed.resource_features_above,
    })
}

/// `:line:column` (1-based) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.len(), |nl| before.len() - nl - 1) + 1;
    format!(":{line}:{column}")
}

/// A crate version cargo accepts: `MAJOR.MINOR.PATCH`, optionally with
/// `-prerelease` and `+build` of ASCII letters, digits, `.` and `-`.
pub fn check_version(version: &str) -> Result<(), String> {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let numbers: Vec<&str> = core.split('.').collect();
    let numeric = |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    let suffix_ok = version[core.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b"-+.".contains(&b));
    if numbers.len() == 3 && numbers.iter().all(numeric) && suffix_ok {
        Ok(())
    } else {
        Err(format!("{version:?} is not a crate version: write MAJOR.MINOR.PATCH, such as \"1.2.0\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read() {
        let text = r#"
name = "pets"
version = "1.2.0"
crates = ["client"]
include_tags = ["a"]
exclude_tags = ["b"]
include_ops = ["c"]
exclude_ops = ["d"]
body_limit = 10
resource_features_above = 40
[body_limit_per_operation]
up = 20
[rename.types]
Pet = "Animal"
[rename.fields]
"Pet.type" = "kind"
"#;
        let options = parse(text, "specs/pets.toml").expect("valid");
        assert_eq!(options.name.as_deref(), Some("pets"));
        assert_eq!(options.crate_version(), "1.2.0");
        assert_eq!(options.crates, Crates { client: true, server: false, mock: true });
        assert_eq!(options.select.include_tags, ["a"]);
        assert_eq!(options.select.exclude_ops, ["d"]);
        assert_eq!((options.body_limit, options.body_limit_per_operation["up"]), (Some(10), 20));
        assert_eq!(options.resource_features_above(), 40);
        assert_eq!(options.rename.types["Pet"], "Animal");
        assert_eq!(options.rename.fields["Pet.type"], "kind");
        assert_eq!(parse("", "x.toml").expect("empty"), Options::default());
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_key() {
        let error = parse("version = \"1.0.0\"\nbody_limits = 3\n", "specs/pets.toml").expect_err("unknown key");
        assert!(error.starts_with("error: specs/pets.toml:2:1"), "{error}");
        assert!(error.contains("unknown field `body_limits`"), "{error}");
        let error = parse("[rename.types]\nPet = 3\n", "specs/pets.toml").expect_err("wrong type");
        assert!(error.contains("specs/pets.toml:2:7") && error.contains("rename.types.Pet"), "{error}");
        let error = parse("[rename]\nfield = {}\n", "p.toml").expect_err("unknown nested key");
        assert!(error.contains("unknown field `field`"), "{error}");
        let error = parse("crates = [\"clients\"]", "p.toml").expect_err("unknown crate");
        assert!(error.contains("(key `crates`)") && error.contains("\"clients\""), "{error}");
        let error = parse("version = \"1.2\"", "p.toml").expect_err("short version");
        assert!(error.contains("(key `version`)"), "{error}");
        let error = parse("body_limit = 0", "p.toml").expect_err("zero");
        assert!(error.contains("(key `body_limit`)"), "{error}");
    }

    #[test]
    fn versions() {
        for good in ["0.1.0", "1.2.3-beta.1", "10.0.0+build-5"] {
            assert!(check_version(good).is_ok(), "{good}");
        }
        for bad in ["1.2", "1.2.x", "", "1.2.3 ", "v1.2.3"] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }
}
