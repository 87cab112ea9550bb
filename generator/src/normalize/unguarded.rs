//! Pass: remove recursion that never enters the value. A union member
//! that leads back to its own union without entering any part of the
//! value (`A: {oneOf: [{$ref: A}, B]}`, directly or through aliases and
//! other unions) can only be matched by asking the same question again,
//! so validating or decoding it would never end: it is dropped, and what
//! is left is the union the spec can mean. A union left with no member,
//! and an alias that names itself (`E: {allOf: [{$ref: E}]}`), describe no
//! value at all: they are skipped, with their users.

use super::cycles::strongly_connected;
use super::schemas::BuiltTypes;
use crate::diagnostics::{Diagnostics, Location};
use crate::ir::{TypeId, TypeKind};

/// Drop every union member that is unguarded recursion, then every type
/// left naming only itself, with a warning each.
pub(crate) fn remove_unguarded_recursion(built: &mut BuiltTypes, root: &Location, diagnostics: &mut Diagnostics) {
    drop_union_members(built, root, diagnostics);
    let component = unguarded_components(built);
    for (i, slot) in built.defs.iter_mut().enumerate() {
        let Some(def) = slot else { continue };
        let TypeKind::Alias(ty) = &def.kind else { continue };
        let mut direct = Vec::new();
        ty.direct_ids(&mut direct);
        if direct.iter().any(|target| component[target.0] == component[i]) {
            diagnostics.warning(
                root.at(def.pointer.clone()),
                format!("model {:?} skipped: it only names itself, so it describes no value", def.ident),
            );
            *slot = None;
        }
    }
}

/// The strongly connected component of each type in the graph of edges
/// that do not enter the value: a union to its members, an alias to what it names.
fn unguarded_components(built: &BuiltTypes) -> Vec<usize> {
    let graph: Vec<Vec<TypeId>> = built
        .defs
        .iter()
        .map(|def| {
            let mut direct = Vec::new();
            if let Some(def) = def
                && matches!(def.kind, TypeKind::Union(_) | TypeKind::Alias(_))
            {
                def.type_refs().iter().for_each(|t| t.direct_ids(&mut direct));
            }
            direct
        })
        .collect();
    strongly_connected(&graph)
}

/// Drop every union member that leads back to its union, with a warning each.
fn drop_union_members(built: &mut BuiltTypes, root: &Location, diagnostics: &mut Diagnostics) {
    let component = unguarded_components(built);
    for (i, slot) in built.defs.iter_mut().enumerate() {
        let Some(def) = slot else { continue };
        let TypeKind::Union(union) = &mut def.kind else { continue };
        let looping = |ty: &crate::ir::TypeRef| {
            let mut direct = Vec::new();
            ty.direct_ids(&mut direct);
            direct.iter().any(|target| component[target.0] == component[i])
        };
        let (kept, dropped): (Vec<_>, Vec<_>) =
            std::mem::take(&mut union.variants).into_iter().partition(|v| !looping(&v.ty));
        union.variants = kept;
        for variant in &dropped {
            diagnostics.warning(
                root.at(def.pointer.clone()),
                format!(
                    "member {:?} of {:?} dropped: it leads back to {:?} without entering any part of the value, \
                     so no value could ever be matched against it",
                    variant.ident, def.ident, def.ident
                ),
            );
        }
        if union.variants.is_empty() {
            diagnostics.warning(
                root.at(def.pointer.clone()),
                format!("model {:?} skipped: every member of it leads back to itself", def.ident),
            );
            *slot = None;
        }
    }
}
