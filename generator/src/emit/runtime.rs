//! The runtime crate, `oapi-runtime`, as files: generated crates depend on
//! it, and where they are written away from this repository (`--out`
//! elsewhere, or `--runtime vendored`) a copy of it goes next to them, so
//! they build anywhere without a registry. The copy is this generator's own
//! runtime, of the version it was built with.

use std::path::PathBuf;

use super::{GENERATED_MARKER, GeneratedFile};

/// The runtime's version: every generated manifest asks for it.
pub const VERSION: &str = "0.1.0";

/// The directory of the copy, next to the generated crates.
pub const DIR: &str = "oapi-runtime";

/// The runtime's sources, by path inside its crate.
const SOURCES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../../runtime/Cargo.toml")),
    ("macros/Cargo.toml", include_str!("../../../runtime/macros/Cargo.toml")),
    ("macros/src/lib.rs", include_str!("../../../runtime/macros/src/lib.rs")),
    ("src/bytes.rs", include_str!("../../../runtime/src/bytes.rs")),
    ("src/client/base_url.rs", include_str!("../../../runtime/src/client/base_url.rs")),
    ("src/client/body.rs", include_str!("../../../runtime/src/client/body.rs")),
    ("src/client/config.rs", include_str!("../../../runtime/src/client/config.rs")),
    ("src/client/credentials.rs", include_str!("../../../runtime/src/client/credentials.rs")),
    ("src/client/error.rs", include_str!("../../../runtime/src/client/error.rs")),
    ("src/client/hooks.rs", include_str!("../../../runtime/src/client/hooks.rs")),
    ("src/client/mod.rs", include_str!("../../../runtime/src/client/mod.rs")),
    ("src/client/params.rs", include_str!("../../../runtime/src/client/params.rs")),
    ("src/client/request.rs", include_str!("../../../runtime/src/client/request.rs")),
    ("src/client/response.rs", include_str!("../../../runtime/src/client/response.rs")),
    ("src/client/retry.rs", include_str!("../../../runtime/src/client/retry.rs")),
    ("src/client/success.rs", include_str!("../../../runtime/src/client/success.rs")),
    ("src/lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("src/mock.rs", include_str!("../../../runtime/src/mock.rs")),
    ("src/serde_struct.rs", include_str!("../../../runtime/src/serde_struct.rs")),
    ("src/server/auth.rs", include_str!("../../../runtime/src/server/auth.rs")),
    ("src/server/body.rs", include_str!("../../../runtime/src/server/body.rs")),
    ("src/server/deep_object.rs", include_str!("../../../runtime/src/server/deep_object.rs")),
    ("src/server/deep_object/tests.rs", include_str!("../../../runtime/src/server/deep_object/tests.rs")),
    ("src/server/drain.rs", include_str!("../../../runtime/src/server/drain.rs")),
    ("src/server/error.rs", include_str!("../../../runtime/src/server/error.rs")),
    ("src/server/mod.rs", include_str!("../../../runtime/src/server/mod.rs")),
    ("src/server/params.rs", include_str!("../../../runtime/src/server/params.rs")),
    ("src/server/path.rs", include_str!("../../../runtime/src/server/path.rs")),
    ("src/server/reply.rs", include_str!("../../../runtime/src/server/reply.rs")),
    ("src/server/request.rs", include_str!("../../../runtime/src/server/request.rs")),
    ("src/server/router.rs", include_str!("../../../runtime/src/server/router.rs")),
    ("src/server/serve.rs", include_str!("../../../runtime/src/server/serve.rs")),
    ("src/server/shape.rs", include_str!("../../../runtime/src/server/shape.rs")),
    ("src/stream.rs", include_str!("../../../runtime/src/stream.rs")),
    ("src/validate/format.rs", include_str!("../../../runtime/src/validate/format.rs")),
    ("src/validate/mod.rs", include_str!("../../../runtime/src/validate/mod.rs")),
    ("src/validate/pattern.rs", include_str!("../../../runtime/src/validate/pattern.rs")),
    ("src/validate/schema.rs", include_str!("../../../runtime/src/validate/schema.rs")),
    ("src/validate/walk.rs", include_str!("../../../runtime/src/validate/walk.rs")),
    ("src/validate/walk/tests.rs", include_str!("../../../runtime/src/validate/walk/tests.rs")),
    ("src/validate/walk/text.rs", include_str!("../../../runtime/src/validate/walk/text.rs")),
    ("src/validate/walk/text/model.rs", include_str!("../../../runtime/src/validate/walk/text/model.rs")),
    ("src/validate/walk/text/model/tests.rs", include_str!("../../../runtime/src/validate/walk/text/model/tests.rs")),
    ("src/validate/walk/text/tests.rs", include_str!("../../../runtime/src/validate/walk/text/tests.rs")),
];

/// The runtime's files for `DIR/`, each starting with the generated-file
/// marker (so the writer owns and prunes them), naming `command`.
pub fn vendored_files(command: &str) -> Vec<GeneratedFile> {
    let rustfmt = ("rustfmt.toml", super::crates::RUSTFMT_TOML);
    SOURCES
        .iter()
        .chain([&rustfmt])
        .map(|(path, source)| {
            let comment = if path.ends_with(".rs") { "//" } else { "#" };
            let contents = format!(
                "{comment} {GENERATED_MARKER}: a copy of oapi-runtime {VERSION}, written by `{command}`. Do not edit: \
                 changes are overwritten.\n{source}"
            );
            GeneratedFile { path: PathBuf::from(DIR).join(path), contents }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Every file of the runtime crate is in the copy, and nothing else.
    #[test]
    fn the_copy_lists_every_runtime_source() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
        let mut on_disk = vec!["Cargo.toml".to_owned(), "macros/Cargo.toml".to_owned()];
        let mut pending = vec![root.join("src"), root.join("macros/src")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    on_disk.push(path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(path, _)| (*path).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "add the runtime's new files to SOURCES");
    }

    #[test]
    fn the_version_is_the_runtime_crate_s() {
        let manifest = SOURCES[0].1;
        assert!(manifest.contains(&format!("\nversion = \"{VERSION}\"\n")), "runtime/Cargo.toml says another version");
        assert!(!manifest.contains(".workspace = true"), "the runtime's manifest must stand alone");
    }

    #[test]
    fn copies_are_marked_as_generated() {
        let files = vendored_files("oapi-gen");
        assert_eq!(files.len(), SOURCES.len() + 1, "the sources and a rustfmt.toml");
        assert!(files.iter().all(|f| f.contents.lines().next().unwrap().contains(GENERATED_MARKER)));
        assert!(files[0].contents.starts_with("# @generated"), "{}", &files[0].contents[..40]);
    }
}
