//! Pass: box the references that make a type contain itself, so every
//! type has a finite size. Only edges inside a strongly connected
//! component of the "contains directly" graph are boxed.

use crate::ir::{TypeId, TypeKind, TypeRef, TypeSpace};

/// Box every direct reference from a type to another type of its own
/// strongly connected component (including itself).
pub(crate) fn break_cycles(space: &mut TypeSpace) {
    let graph: Vec<Vec<TypeId>> = space
        .iter()
        .map(|(_, def)| {
            let mut direct = Vec::new();
            def.type_refs().iter().for_each(|t| t.direct_ids(&mut direct));
            direct
        })
        .collect();
    let component = strongly_connected(&graph);
    for (i, def) in space.defs_mut().iter_mut().enumerate() {
        // An alias in a cycle is a second name for a type whose own edge gets boxed.
        if matches!(def.kind, TypeKind::Alias(_)) {
            continue;
        }
        for ty in def.type_refs_mut() {
            box_within(ty, &|target| component[target.0] == component[i]);
        }
    }
}

/// Box the direct references in `ty` that `same_component` selects.
fn box_within(ty: &mut TypeRef, same_component: &impl Fn(TypeId) -> bool) {
    match ty {
        TypeRef::Named(id) if same_component(*id) => *ty = TypeRef::Boxed(Box::new(ty.clone())),
        TypeRef::Nullable(inner) => box_within(inner, same_component),
        _ => {}
    }
}

/// Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
/// Returns the component number of every node.
pub(super) fn strongly_connected(graph: &[Vec<TypeId>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // (node, position of the next edge to follow)
        let mut work = vec![(start, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&TypeId(next)) = graph[node].get(*edge) {
                *edge += 1;
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_a_small_graph() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let graph = vec![vec![TypeId(1)], vec![TypeId(2)], vec![TypeId(0)], vec![TypeId(3)], vec![TypeId(0)]];
        let c = strongly_connected(&graph);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
