//! Pass: point every alias of an alias at the end of its chain
//! (`A0 = A1 = ... = Struct` becomes `A0 = Struct`), so no later pass or
//! emitter walks a chain as long as the spec's: each alias is one step
//! from a type that is not a plain rename.

use crate::ir::{TypeId, TypeKind, TypeRef, TypeSpace};

/// Shorten every chain of aliases, in one linear pass.
pub(crate) fn shorten_chains(space: &mut TypeSpace) {
    let next: Vec<Option<TypeId>> = space
        .iter()
        .map(|(_, def)| match &def.kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some(*target),
            _ => None,
        })
        .collect();
    // The end of each chain, found once per type.
    let mut end: Vec<Option<TypeId>> = vec![None; next.len()];
    let mut on_path = vec![false; next.len()];
    for start in 0..next.len() {
        let mut path = Vec::new();
        let mut at = TypeId(start);
        let last = loop {
            if let Some(known) = end[at.0] {
                break known;
            }
            match next[at.0] {
                // Reference cycles are refused when references are resolved; stop at one anyway.
                Some(target) if !on_path[at.0] => {
                    on_path[at.0] = true;
                    path.push(at);
                    at = target;
                }
                _ => break at,
            }
        };
        for id in path {
            on_path[id.0] = false;
            end[id.0] = Some(last);
        }
        end[start].get_or_insert(last);
    }
    for (i, def) in space.defs_mut().iter_mut().enumerate() {
        if let TypeKind::Alias(TypeRef::Named(target)) = &mut def.kind
            && let Some(last) = end[i]
            && last.0 != i
        {
            *target = last;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Struct, TypeDef};

    fn def(ident: &str, kind: TypeKind) -> TypeDef {
        TypeDef { ident: ident.into(), description: None, pointer: String::new(), example: None, kind }
    }

    #[test]
    fn chains_point_at_their_end() {
        let alias = |to: usize| TypeKind::Alias(TypeRef::Named(TypeId(to)));
        let mut space = TypeSpace::new(vec![
            def("A0", alias(1)),
            def("A1", alias(2)),
            def("A2", alias(3)),
            def("End", TypeKind::Struct(Struct::default())),
            def("List", TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Named(TypeId(0)))))),
        ]);
        shorten_chains(&mut space);
        for i in 0..3 {
            assert!(matches!(space.get(TypeId(i)).kind, TypeKind::Alias(TypeRef::Named(TypeId(3)))), "A{i}");
        }
        // Only plain renames are shortened.
        assert!(
            matches!(&space.get(TypeId(4)).kind, TypeKind::Alias(TypeRef::Array(item)) if **item == TypeRef::Named(TypeId(0)))
        );
    }
}
