//! The command line's spec options (crate version, crates, operation
//! filters, body limits, renames): parsed flag by flag, then laid over each
//! spec's config file, the command line winning key by key (lists and
//! tables are extended, a key given in both takes the command line's value).

use std::collections::BTreeMap;

use crate::config::check_version;
use crate::options::{Crates, Options, Renames, Selection};

/// The spec options given on the command line.
#[derive(Debug, Default)]
pub(super) struct Flags {
    version: Option<String>,
    crates: Option<Crates>,
    no_mock: bool,
    select: Selection,
    body_limit: Option<u64>,
    body_limit_per_operation: BTreeMap<String, u64>,
    resource_features_above: Option<usize>,
    rename: Renames,
}

/// The usage lines of these flags.
pub(super) const USAGE: &str = "  --crate-version V   the generated crates' version (default 0.1.0)
  --crates LIST       which crates: client, server or client,server (the models crate comes with either)
  --no-mock           no mock server example in the server crate
  --include-tag TAG   only operations with this tag (or one --include-op names); repeatable
  --exclude-tag TAG   no operations with this tag; repeatable
  --include-op ID     this operation (by operationId), with those --include-tag selects; repeatable
  --exclude-op ID     not this operation; repeatable
  --body-limit BYTES  the router's request body limit (default 2 MiB)
  --body-limit-op ID=BYTES  the body limit of one operation; repeatable
  --resource-features-above N  split a tag's feature into a feature per path resource above N operations (default 100)
  --rename-type SCHEMA=NAME       name the type of a schema (by its name in the spec); repeatable
  --rename-field SCHEMA.PROP=NAME name the field of a property (its wire name stays); repeatable";

impl Flags {
    /// Take `flag` if it is one of these, reading its value with `value`:
    /// whether it was.
    pub(super) fn take(
        &mut self,
        flag: &str,
        value: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<bool, String> {
        match flag {
            "--crate-version" => {
                let version = value(flag)?;
                check_version(&version).map_err(|e| format!("--crate-version: {e}"))?;
                self.version = Some(version);
            }
            "--crates" => {
                let list = value(flag)?;
                self.crates =
                    Some(Crates::from_names(list.split(',').map(str::trim)).map_err(|e| format!("--crates: {e}"))?);
            }
            "--no-mock" => self.no_mock = true,
            "--include-tag" => self.select.include_tags.push(value(flag)?),
            "--exclude-tag" => self.select.exclude_tags.push(value(flag)?),
            "--include-op" => self.select.include_ops.push(value(flag)?),
            "--exclude-op" => self.select.exclude_ops.push(value(flag)?),
            "--body-limit" => self.body_limit = Some(bytes(flag, &value(flag)?)?),
            "--body-limit-op" => {
                let (id, limit) = pair(flag, &value(flag)?)?;
                self.body_limit_per_operation.insert(id, bytes(flag, &limit)?);
            }
            "--resource-features-above" => {
                let text = value(flag)?;
                let limit = text.parse().map_err(|_| format!("{flag} takes a number of operations, not {text:?}"))?;
                self.resource_features_above = Some(limit);
            }
            "--rename-type" => {
                let (schema, name) = pair(flag, &value(flag)?)?;
                self.rename.types.insert(schema, name);
            }
            "--rename-field" => {
                let (key, name) = pair(flag, &value(flag)?)?;
                self.rename.fields.insert(key, name);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `file` (a spec's config) with these flags laid over it.
    pub(super) fn over(&self, mut file: Options) -> Options {
        if let Some(version) = &self.version {
            file.version = Some(version.clone());
        }
        if let Some(crates) = self.crates {
            file.crates = Crates { mock: file.crates.mock, ..crates };
        }
        if self.no_mock {
            file.crates.mock = false;
        }
        let select = &mut file.select;
        select.include_tags.extend(self.select.include_tags.iter().cloned());
        select.exclude_tags.extend(self.select.exclude_tags.iter().cloned());
        select.include_ops.extend(self.select.include_ops.iter().cloned());
        select.exclude_ops.extend(self.select.exclude_ops.iter().cloned());
        file.body_limit = self.body_limit.or(file.body_limit);
        file.body_limit_per_operation.extend(self.body_limit_per_operation.clone());
        file.resource_features_above = self.resource_features_above.or(file.resource_features_above);
        file.rename.types.extend(self.rename.types.clone());
        file.rename.fields.extend(self.rename.fields.clone());
        file
    }
}

fn pair(flag: &str, text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("{flag} takes KEY=VALUE, not {text:?}")),
    }
}

fn bytes(flag: &str, text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{flag} takes a number of bytes (at least 1), not {text:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Flags, String> {
        let mut flags = Flags::default();
        let mut args = args.iter().map(|a| (*a).to_owned());
        while let Some(flag) = args.next() {
            let mut value = |f: &str| args.next().ok_or_else(|| format!("{f} needs a value"));
            assert!(flags.take(&flag, &mut value)?, "{flag} is a flag");
        }
        Ok(flags)
    }

    #[test]
    fn flags_win_over_the_file_key_by_key() {
        let flags = parse(&[
            "--crate-version",
            "2.0.0",
            "--crates",
            "client",
            "--include-tag",
            "b",
            "--body-limit-op",
            "up=9",
            "--rename-type",
            "Pet=Beast",
            "--resource-features-above",
            "30",
        ])
        .expect("valid");
        let mut file = Options { body_limit: Some(5), resource_features_above: Some(8), ..Options::default() };
        file.select.include_tags.push("a".into());
        file.rename.types.insert("Pet".into(), "Animal".into());
        file.rename.types.insert("Tag".into(), "Label".into());
        let merged = flags.over(file);
        assert_eq!(merged.crate_version(), "2.0.0");
        assert_eq!(merged.crates, Crates { client: true, server: false, mock: true });
        assert_eq!(merged.select.include_tags, ["a", "b"]);
        assert_eq!((merged.body_limit, merged.body_limit_per_operation["up"]), (Some(5), 9));
        assert_eq!(merged.resource_features_above(), 30);
        assert_eq!((merged.rename.types["Pet"].as_str(), merged.rename.types["Tag"].as_str()), ("Beast", "Label"));
        assert!(!parse(&["--no-mock"]).expect("valid").over(Options::default()).crates.emits_mock());
    }

    #[test]
    fn wrong_values_are_refused() {
        for (args, expected) in [
            (&["--crates", "client,mocks"][..], "unknown crate \"mocks\""),
            (&["--body-limit", "0"], "--body-limit takes a number of bytes"),
            (&["--body-limit-op", "up"], "--body-limit-op takes KEY=VALUE"),
            (&["--crate-version", "1"], "not a crate version"),
            (&["--resource-features-above", "-1"], "takes a number of operations, not \"-1\""),
        ] {
            let error = parse(args).expect_err("refused");
            assert!(error.contains(expected), "{args:?}: {error}");
        }
    }
}
