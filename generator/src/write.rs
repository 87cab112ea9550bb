//! Stage 4, write: keep an output directory in sync with what the generator
//! produces: write
//! only files whose content changed, remove files it generated earlier
//! that are no longer produced, or, in check mode, only list all that.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::{GENERATED_MARKER, GeneratedFile};

/// What a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Produced but not on disk.
    Missing,
    /// On disk with other content.
    Stale,
    /// Generated earlier, no longer produced.
    Obsolete,
}

/// One file to write or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// Path under the output directory.
    pub path: PathBuf,
    /// New contents, for missing and stale files.
    pub contents: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.kind {
            ChangeKind::Missing => "missing: ",
            ChangeKind::Stale => "stale:   ",
            ChangeKind::Obsolete => "obsolete:",
        };
        write!(f, "{label} generated/{}", self.path.display())
    }
}

/// The difference between the disk and the generator's output.
#[derive(Debug, Default)]
pub struct Plan {
    changes: Vec<Change>,
    /// Files already as they should be.
    pub unchanged: usize,
    /// Unchanged files per crate directory, for the report.
    unchanged_by_crate: BTreeMap<String, usize>,
}

impl Plan {
    /// Whether the disk already matches.
    pub fn is_clean(&self) -> bool {
        self.changes.is_empty()
    }

    /// Every change, in path order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }
}

/// The crate directories (first path component) the files belong to.
pub fn crate_dirs(files: &[GeneratedFile]) -> Vec<String> {
    let mut dirs: Vec<String> = files.iter().filter_map(|f| first_component(&f.path)).collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

fn first_component(path: &Path) -> Option<String> {
    path.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned())
}

/// Compare `files` with `out_dir`. Files there that carry the generated
/// marker but are not produced any more are obsolete; with `scope`, only
/// those inside the listed crate directories.
pub fn plan(out_dir: &Path, files: &[GeneratedFile], scope: Option<&[String]>) -> io::Result<Plan> {
    let mut plan = Plan::default();
    for file in files {
        let target = out_dir.join(&file.path);
        let kind = match std::fs::read(&target) {
            Ok(existing) if existing == file.contents.as_bytes() => {
                plan.unchanged += 1;
                *plan.unchanged_by_crate.entry(first_component(&file.path).unwrap_or_default()).or_default() += 1;
                continue;
            }
            Ok(_) => ChangeKind::Stale,
            Err(e) if e.kind() == io::ErrorKind::NotFound => ChangeKind::Missing,
            Err(e) => return Err(io::Error::new(e.kind(), format!("cannot read {}: {e}", target.display()))),
        };
        plan.changes.push(Change { kind, path: file.path.clone(), contents: Some(file.contents.clone()) });
    }
    let produced: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for path in generated_files(out_dir)? {
        let in_scope = scope.is_none_or(|dirs| first_component(&path).is_some_and(|c| dirs.contains(&c)));
        if in_scope && !produced.contains(&path.as_path()) {
            plan.changes.push(Change { kind: ChangeKind::Obsolete, path, contents: None });
        }
    }
    plan.changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(plan)
}

/// Files under `dir` (relative paths) whose first line carries the marker.
fn generated_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = match std::fs::read_dir(dir.join(&relative)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && first_line_has_marker(&entry.path())? {
                found.push(path);
            }
        }
    }
    Ok(found)
}

fn first_line_has_marker(path: &Path) -> io::Result<bool> {
    use io::BufRead;
    let mut line = String::new();
    let file = std::fs::File::open(path)?;
    // A non-UTF-8 file is not one of ours.
    Ok(io::BufReader::new(file).read_line(&mut line).is_ok() && line.contains(GENERATED_MARKER))
}

/// What [`apply`] did, per crate directory.
#[derive(Debug, Default)]
pub struct Report {
    written: BTreeMap<String, usize>,
    removed: BTreeMap<String, usize>,
    unchanged: BTreeMap<String, usize>,
}

impl Report {
    /// One line per crate touched or checked.
    pub fn crate_lines(&self) -> Vec<String> {
        let mut crates: Vec<&String> =
            self.written.keys().chain(self.removed.keys()).chain(self.unchanged.keys()).collect();
        crates.sort();
        crates.dedup();
        crates
            .into_iter()
            .map(|name| {
                let get = |m: &BTreeMap<String, usize>| m.get(name).copied().unwrap_or(0);
                format!(
                    "  {name:<32} {} written, {} removed, {} unchanged",
                    get(&self.written),
                    get(&self.removed),
                    get(&self.unchanged)
                )
            })
            .collect()
    }

    /// The closing line.
    pub fn summary(&self, specs: usize) -> String {
        let sum = |m: &BTreeMap<String, usize>| m.values().sum::<usize>();
        format!(
            "{specs} specs: {} files written, {} removed, {} unchanged",
            sum(&self.written),
            sum(&self.removed),
            sum(&self.unchanged)
        )
    }
}

/// Carry out `plan` in `out_dir`. Each file is written whole (temporary
/// file, then rename), so an interrupted run leaves no half-written file.
pub fn apply(out_dir: &Path, plan: &Plan) -> io::Result<Report> {
    let mut report = Report { unchanged: plan.unchanged_by_crate.clone(), ..Report::default() };
    for change in &plan.changes {
        let target = out_dir.join(&change.path);
        let crate_dir = first_component(&change.path).unwrap_or_default();
        match &change.contents {
            Some(contents) => {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let temporary = target.with_extension("xtask-tmp");
                std::fs::write(&temporary, contents)?;
                std::fs::rename(&temporary, &target)?;
                *report.written.entry(crate_dir).or_default() += 1;
            }
            None => {
                std::fs::remove_file(&target)?;
                remove_empty_parents(out_dir, &target)?;
                *report.removed.entry(crate_dir).or_default() += 1;
            }
        }
    }
    Ok(report)
}

/// Remove directories left empty by a removal, up to (not including) `root`.
fn remove_empty_parents(root: &Path, removed: &Path) -> io::Result<()> {
    let mut dir = removed.parent();
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) {
            break;
        }
        if std::fs::read_dir(current)?.next().is_some() {
            break;
        }
        std::fs::remove_dir(current)?;
        dir = current.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: format!("// {GENERATED_MARKER}\n{contents}") }
    }

    #[test]
    fn writes_only_changes_and_removes_obsolete_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let first =
            [file("a-client/src/lib.rs", "1"), file("a-client/src/old.rs", "x"), file("b-client/Cargo.toml", "b")];
        apply(out, &plan(out, &first, None).unwrap()).unwrap();
        std::fs::write(out.join("a-client/notes.txt"), "hand-written").unwrap();

        let second = [file("a-client/src/lib.rs", "2"), file("b-client/Cargo.toml", "b")];
        let plan2 = plan(out, &second, None).unwrap();
        let summary: Vec<String> = plan2.changes().iter().map(ToString::to_string).collect();
        assert_eq!(summary, ["stale:    generated/a-client/src/lib.rs", "obsolete: generated/a-client/src/old.rs"]);
        assert_eq!(plan2.unchanged, 1);

        let before = std::fs::metadata(out.join("b-client/Cargo.toml")).unwrap().modified().unwrap();
        apply(out, &plan2).unwrap();
        assert!(!out.join("a-client/src/old.rs").exists());
        assert!(out.join("a-client/notes.txt").exists(), "files without the marker are never removed");
        assert_eq!(std::fs::metadata(out.join("b-client/Cargo.toml")).unwrap().modified().unwrap(), before);
        assert!(plan(out, &second, None).unwrap().is_clean());
    }

    #[test]
    fn scope_limits_removals_to_the_selected_crates() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let all = [file("a-client/src/lib.rs", "a"), file("b-client/src/lib.rs", "b")];
        apply(out, &plan(out, &all, None).unwrap()).unwrap();

        let only_a = [file("a-client/src/lib.rs", "a")];
        let scope = crate_dirs(&only_a);
        assert!(plan(out, &only_a, Some(&scope)).unwrap().is_clean());
        let unscoped = plan(out, &only_a, None).unwrap();
        assert_eq!(unscoped.changes().len(), 1);
        assert_eq!(unscoped.changes()[0].kind, ChangeKind::Obsolete);
    }

    #[test]
    fn emptied_directories_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        apply(out, &plan(out, &[file("gone-client/src/lib.rs", "x")], None).unwrap()).unwrap();
        apply(out, &plan(out, &[], None).unwrap()).unwrap();
        assert!(!out.join("gone-client").exists());
        assert!(out.exists());
    }
}
