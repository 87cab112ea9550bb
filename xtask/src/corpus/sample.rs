//! Building a seeded sample of the generated crates: they are written into
//! one scratch cargo workspace outside the repository, with the vendored
//! runtime and this repository's `Cargo.lock` (so dependencies resolve to
//! the versions CI tests), and a target directory kept under the corpus
//! directory, so dependencies build once across crates and runs. Each crate
//! is then checked and linted alone (`-p`), so one failure names its crate.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::emit::{EmitOptions, GeneratedFile, runtime};

use super::packages::Spec;

/// One crate of the sample: a spec's client or server.
#[derive(Debug, Clone)]
pub struct Pick {
    /// The spec, by index in the run.
    pub spec: usize,
    /// `client` or `server`.
    pub side: &'static str,
}

/// What building one crate gave.
#[derive(Debug, Clone)]
pub struct Built {
    /// The crate's name.
    pub name: String,
    /// `cargo check`'s first error line, if it failed.
    pub check: Option<String>,
    /// `cargo clippy -D warnings`' first error line, if it failed.
    pub clippy: Option<String>,
}

/// `count` crates drawn with `seed` from the clients and servers of the
/// specs at `generated` (indices into the run).
pub fn pick(generated: &[usize], count: usize, seed: u64) -> Vec<Pick> {
    let mut pool: Vec<Pick> =
        generated.iter().flat_map(|&spec| [Pick { spec, side: "client" }, Pick { spec, side: "server" }]).collect();
    let mut rng = SplitMix(seed);
    // Fisher-Yates, the first `count` places only.
    for i in 0..count.min(pool.len()) {
        let j = i + (rng.next() % (pool.len() - i) as u64) as usize;
        pool.swap(i, j);
    }
    pool.truncate(count);
    pool.sort_by_key(|p| (p.spec, p.side));
    pool
}

/// splitmix64: a fixed seed gives the same sample everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Write the picked crates into a fresh workspace under `scratch`, then
/// check and lint each; `report` gets each result as it comes.
pub fn build(
    specs: &[Spec],
    picks: &[Pick],
    scratch: &Path,
    target: &Path,
    jobs: usize,
    mut report: impl FnMut(&Built),
) -> Result<Vec<Built>, String> {
    let root = scratch.join("workspace");
    let _ = fs::remove_dir_all(&root);
    let mut files = runtime::vendored_files("cargo xtask corpus");
    let mut members = vec![runtime::DIR.to_owned()];
    let mut names = Vec::new();
    for pick in picks {
        let spec = &specs[pick.spec];
        let options =
            EmitOptions { spec_path: spec.path.display().to_string(), runtime_path: format!("../{}", runtime::DIR) };
        let generated = generator::generate_named(&spec.path, Some(&spec.api_name()), &options)
            .map_err(|e| format!("{}: generated before, not now: {e}", spec.id))?;
        let name = generator::naming::crate_name(&format!("{}-{}", generated.api.name, pick.side));
        // The client and the server both depend on the spec's models crate.
        let models = generator::naming::crate_name(&format!("{}-models", generated.api.name));
        let first_of_spec = !members.contains(&models);
        files.extend(
            generated
                .files
                .into_iter()
                .filter(|f| f.path.starts_with(&name) || (first_of_spec && f.path.starts_with(&models))),
        );
        if first_of_spec {
            members.push(models.clone());
        }
        members.push(name.clone());
        names.push((name, models));
    }
    write_files(&root, &files)?;
    let manifest = format!(
        "# A scratch workspace of `cargo xtask corpus`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ")
    );
    write(&root.join("Cargo.toml"), &manifest)?;
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    fs::copy(&lock, root.join("Cargo.lock")).map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;

    let mut built = Vec::new();
    for (name, models) in names {
        let check = cargo(&root, target, jobs, &["check", "-p", &name, "--all-targets"]);
        let clippy = cargo(
            &root,
            target,
            jobs,
            &["clippy", "-p", &name, "-p", &models, "--all-targets", "--", "-D", "warnings"],
        );
        let result = Built { name, check, clippy };
        report(&result);
        built.push(result);
    }
    Ok(built)
}

/// Run cargo in the workspace; `None` on success, else its first error line.
fn cargo(root: &Path, target: &Path, jobs: usize, args: &[&str]) -> Option<String> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(&args[..1])
        .args(["--quiet", "--message-format", "short", "--jobs", &jobs.to_string()])
        .args(&args[1..])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output();
    match output {
        Ok(output) if output.status.success() => None,
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().find(|l| l.contains("error")).or_else(|| stderr.lines().next());
            Some(first.unwrap_or("failed without a message").trim().to_owned())
        }
        Err(e) => Some(format!("cannot run cargo: {e}")),
    }
}

fn write_files(root: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    files.iter().try_for_each(|f| write(&root.join(&f.path), &f.contents))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    let parent = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
    fs::create_dir_all(&parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_one_sample() {
        let specs: Vec<usize> = (0..100).collect();
        let a = pick(&specs, 10, 7);
        let b = pick(&specs, 10, 7);
        assert_eq!(a.len(), 10);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_ne!(format!("{a:?}"), format!("{:?}", pick(&specs, 10, 8)));
        assert_eq!(pick(&specs[..2], 10, 7).len(), 4, "no more than there are");
    }
}
