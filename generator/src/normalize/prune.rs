//! Pass: drop what could not be converted, and everything that depends on
//! it, then drop hoisted types nothing uses any more; renumber the rest.

use crate::diagnostics::{Diagnostics, Location};
use crate::ir::{Operation, TypeDef, TypeId, TypeSpace};

use super::schemas::BuiltTypes;

/// Remove failed types, their dependents and the operations using them,
/// with a warning for each model and operation skipped this way.
pub(crate) fn prune(
    built: BuiltTypes,
    operations: Vec<Operation>,
    root: &Location,
    diagnostics: &mut Diagnostics,
) -> (TypeSpace, Vec<Operation>) {
    let BuiltTypes { mut defs, hoisted, idents } = built;

    // Failures spread to every type that mentions a failed one.
    loop {
        let mut changed = false;
        for i in 0..defs.len() {
            let Some(def) = &defs[i] else { continue };
            let Some(bad) = first_missing(def.type_refs(), &defs) else { continue };
            if !hoisted[i] {
                diagnostics.warning(
                    root.at(def.pointer.clone()),
                    format!("model {:?} skipped: it uses model {:?}, which was skipped", def.ident, idents[bad.0]),
                );
            }
            defs[i] = None;
            changed = true;
        }
        if !changed {
            break;
        }
    }

    let mut kept_ops = Vec::with_capacity(operations.len());
    for op in operations {
        match first_missing(op.type_refs(), &defs) {
            Some(bad) => diagnostics.warning(
                root.at(op.pointer.clone()),
                format!("operation {:?} skipped: it uses model {:?}, which was skipped", op.id, idents[bad.0]),
            ),
            None => kept_ops.push(op),
        }
    }

    // Keep every surviving component, and hoisted types still in use.
    let mut keep = vec![false; defs.len()];
    let mut stack: Vec<TypeId> = (0..defs.len()).filter(|&i| !hoisted[i]).map(TypeId).collect();
    for op in &kept_ops {
        op.type_refs().iter().for_each(|t| t.named_ids(&mut stack));
    }
    while let Some(id) = stack.pop() {
        let Some(def) = &defs[id.0] else { continue };
        if !keep[id.0] {
            keep[id.0] = true;
            def.type_refs().iter().for_each(|t| t.named_ids(&mut stack));
        }
    }

    // Renumber.
    let mut new_ids = vec![None; defs.len()];
    let mut kept_defs = Vec::new();
    for (i, def) in defs.into_iter().enumerate() {
        if let (true, Some(def)) = (keep[i], def) {
            new_ids[i] = Some(TypeId(kept_defs.len()));
            kept_defs.push(def);
        }
    }
    let map = |id: TypeId| new_ids[id.0].expect("every type still referenced was kept");
    for def in &mut kept_defs {
        def.type_refs_mut().into_iter().for_each(|t| t.remap(&map));
    }
    for op in &mut kept_ops {
        op.type_refs_mut().into_iter().for_each(|t| t.remap(&map));
    }
    (TypeSpace::new(kept_defs), kept_ops)
}

fn first_missing(refs: Vec<&crate::ir::TypeRef>, defs: &[Option<TypeDef>]) -> Option<TypeId> {
    let mut ids = Vec::new();
    refs.iter().for_each(|t| t.named_ids(&mut ids));
    ids.into_iter().find(|id| defs[id.0].is_none())
}
