//! No input makes the generator panic: every node of a spec that uses all
//! supported constructs is replaced, one at a time, by values of the wrong
//! kind, and every mapping key is renamed to one that starts with a digit
//! (names become identifiers); the whole pipeline (load, normalize, emit)
//! runs on each variant. Each run must end in output or in diagnostics, never in a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use generator::emit::{EmitOptions, emit};
use generator::{load, normalize};
use oapi_tests::{node_paths, workspace_root};
use serde_yaml::Value;

fn node_mut<'a>(value: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(value, |node, key| match node {
        Value::Sequence(items) => &mut items[key.as_u64().expect("index") as usize],
        other => other.get_mut(key).expect("path exists"),
    })
}

fn run(text: &str) {
    let options = EmitOptions { spec_path: "mutant.yaml".into(), runtime_path: "../../runtime".into() };
    if let Ok(spec) = load::load_str(Path::new("mutant.yaml"), text) {
        if let Ok((api, _)) = normalize::normalize(&spec) {
            let _ = emit(&api, &options);
        }
    }
}

#[test]
fn no_mutation_of_the_kitchen_sink_panics() {
    let original: Value = serde_yaml::from_str(
        &std::fs::read_to_string(workspace_root().join("tests/fixtures/valid/kitchen-sink.yaml")).expect("fixture"),
    )
    .expect("valid YAML");
    let mut paths = Vec::new();
    node_paths(&original, &mut Vec::new(), &mut paths);
    let replacements: Vec<Value> =
        ["~", "0", "-1", "'x'", "'*'", "[]", "{}", "true", "{$ref: '#/components/schemas/Nope'}"]
            .iter()
            .map(|y| serde_yaml::from_str(y).expect("replacement"))
            .collect();

    // The default hook would print every caught panic; keep the output to the summary.
    std::panic::set_hook(Box::new(|_| {}));
    let mut panics = Vec::new();
    for path in &paths {
        for replacement in &replacements {
            let mut mutant = original.clone();
            *node_mut(&mut mutant, path) = replacement.clone();
            let text = serde_yaml::to_string(&mutant).expect("serializable");
            if catch_unwind(AssertUnwindSafe(|| run(&text))).is_err() {
                panics.push(format!("{path:?} = {replacement:?}"));
            }
        }
    }
    // Names become identifiers: rename every key whose parent is a mapping.
    let awkward_keys = ["3D_KEY"];
    for path in paths.iter().filter(|p| !p.is_empty()) {
        let (key, parent_path) = path.split_last().expect("non-empty");
        let Value::Mapping(parent) = node_mut(&mut original.clone(), parent_path).clone() else { continue };
        for new_key in awkward_keys {
            let renamed: serde_yaml::Mapping = parent
                .iter()
                .map(|(k, v)| (if k == key { Value::from(new_key) } else { k.clone() }, v.clone()))
                .collect();
            let mut mutant = original.clone();
            *node_mut(&mut mutant, parent_path) = Value::Mapping(renamed);
            let text = serde_yaml::to_string(&mutant).expect("serializable");
            if catch_unwind(AssertUnwindSafe(|| run(&text))).is_err() {
                panics.push(format!("{parent_path:?}: key {key:?} renamed {new_key:?}"));
            }
        }
    }
    let _ = std::panic::take_hook();
    assert!(paths.len() > 300, "the fixture has {} nodes", paths.len());
    assert!(panics.is_empty(), "{} mutants panicked:\n{}", panics.len(), panics.join("\n"));
}
