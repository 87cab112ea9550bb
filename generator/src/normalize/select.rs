//! Pass: keep the operations the options select (by tag and by
//! `operationId`), before pruning, so every emitter sees the filtered API.
//! Component schemas stay whether or not a kept operation uses them; the
//! inline types of left-out operations go with them.

use crate::diagnostics::{Diagnostics, Location};
use crate::ir::Operation;
use crate::options::Selection;

/// The operations `selection` keeps, with a warning for each tag or
/// `operationId` it names that no operation has.
pub(crate) fn select(
    operations: Vec<Operation>,
    selection: &Selection,
    root: &Location,
    diagnostics: &mut Diagnostics,
) -> Vec<Operation> {
    if selection.is_everything() {
        return operations;
    }
    let tag_lists = [
        ("include_tags/--include-tag", &selection.include_tags),
        ("exclude_tags/--exclude-tag", &selection.exclude_tags),
    ];
    for (option, tags) in tag_lists {
        for tag in tags.iter().filter(|tag| !operations.iter().any(|op| op.tags.contains(tag))) {
            diagnostics.warning(root.clone(), format!("{option} {tag:?}: no operation has this tag"));
        }
    }
    let id_lists =
        [("include_ops/--include-op", &selection.include_ops), ("exclude_ops/--exclude-op", &selection.exclude_ops)];
    for (option, ids) in id_lists {
        for id in ids.iter().filter(|id| !operations.iter().any(|op| &op.id == *id)) {
            diagnostics.warning(root.clone(), format!("{option} {id:?}: no operation has this operationId"));
        }
    }
    operations.into_iter().filter(|op| keeps(selection, op)).collect()
}

fn keeps(selection: &Selection, op: &Operation) -> bool {
    let tagged = |tags: &[String]| op.tags.iter().any(|tag| tags.contains(tag));
    let included = (selection.include_tags.is_empty() && selection.include_ops.is_empty())
        || tagged(&selection.include_tags)
        || selection.include_ops.contains(&op.id);
    included && !tagged(&selection.exclude_tags) && !selection.exclude_ops.contains(&op.id)
}
