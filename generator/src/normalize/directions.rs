//! Pass: a request shape and a response shape for each type whose values
//! differ by direction. A `readOnly` property is sent by servers only and
//! a `writeOnly` one by clients only, so one struct serving both sides
//! could require neither. Each struct with such properties, and each type
//! that contains one (through fields, items, map values, union
//! alternatives or aliases), gets a twin for requests:
//!
//! - the type keeps its name and becomes the response shape: its
//!   `writeOnly` fields are gone and its required `readOnly` ones are
//!   required;
//! - the twin, `<Name>Request` (claimed among every type name, so it never
//!   collides), is the request shape: its `readOnly` fields are gone (the
//!   validator still drops them from requests, [`Struct::ignored`]) and
//!   its required `writeOnly` ones are required.
//!
//! Request bodies and parameters then name the twins, so the emitters need
//! no notion of direction. Types without such properties keep one type.

use crate::ir::{Operation, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::naming::Scope;

/// Split the types that differ by direction, and point every request
/// body and parameter at the request shapes.
pub(crate) fn split_directions(space: TypeSpace, operations: &mut [Operation]) -> TypeSpace {
    let mut defs = space.into_defs();
    let split = differ_by_direction(&defs);
    if !split.iter().any(|s| *s) {
        return TypeSpace::new(defs);
    }
    let mut names = Scope::with_reserved(defs.iter().map(|def| def.ident.as_str()));
    // The twins follow every type, in the order of their types.
    let mut twin_of: Vec<Option<TypeId>> = vec![None; defs.len()];
    let split_ids = (0..defs.len()).filter(|&i| split[i]);
    for (twin, i) in (defs.len()..).zip(split_ids) {
        twin_of[i] = Some(TypeId(twin));
    }
    let to_request = |id: TypeId| twin_of[id.0].unwrap_or(id);
    let mut twins = Vec::new();
    for (_, def) in defs.iter_mut().enumerate().filter(|(i, _)| split[*i]) {
        let mut twin = def.clone();
        twin.ident = names.claim(format!("{}Request", def.ident));
        let note = format!(
            "The request shape of `{}`: its readOnly properties (and those of the types it contains) left out.",
            def.ident
        );
        twin.description = Some(match &def.description {
            Some(description) => format!("{description}\n\n{note}"),
            None => note,
        });
        if let TypeKind::Struct(request) = &mut twin.kind {
            request.ignored.extend(request.fields.iter().filter(|f| f.read_only).map(|f| f.name.clone()));
            request.fields.retain(|f| !f.read_only);
        }
        twin.type_refs_mut().into_iter().for_each(|ty| ty.remap(&to_request));
        if let TypeKind::Struct(response) = &mut def.kind {
            response.fields.retain(|f| !f.write_only);
        }
        twins.push(twin);
    }
    defs.extend(twins);
    for op in operations {
        let params = op.parameters.iter_mut().map(|p| &mut p.ty);
        let bodies = op.body.iter_mut().flat_map(|b| &mut b.contents).filter_map(|c| c.ty.as_mut());
        params.chain(bodies).for_each(|ty| ty.remap(&to_request));
    }
    TypeSpace::new(defs)
}

/// Which types differ by direction: structs with a `readOnly` or
/// `writeOnly` field, and every type that reaches one.
fn differ_by_direction(defs: &[TypeDef]) -> Vec<bool> {
    let mut split: Vec<bool> = defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.read_only || f.write_only),
            _ => false,
        })
        .collect();
    // Until no type is added: each round adds the users of the last ones.
    loop {
        let mut changed = false;
        for (i, def) in defs.iter().enumerate() {
            if split[i] {
                continue;
            }
            let mut ids = Vec::new();
            def.type_refs().into_iter().for_each(|ty: &TypeRef| ty.named_ids(&mut ids));
            if ids.iter().any(|id| split[id.0]) {
                split[i] = true;
                changed = true;
            }
        }
        if !changed {
            return split;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Presence, Struct, TypeRef};

    fn field(name: &str, read_only: bool, write_only: bool) -> Field {
        Field {
            name: name.into(),
            ident: name.into(),
            ty: TypeRef::String,
            required: true,
            nullable: false,
            read_only,
            write_only,
            secret: false,
            description: None,
            default: None,
            example: None,
            constraints: Default::default(),
        }
    }

    fn def(ident: &str, kind: TypeKind) -> TypeDef {
        TypeDef { ident: ident.into(), description: None, pointer: String::new(), example: None, kind }
    }

    fn fields(space: &TypeSpace, id: usize) -> Vec<(&str, Presence)> {
        let TypeKind::Struct(s) = &space.get(TypeId(id)).kind else { panic!("a struct") };
        s.fields.iter().map(|f| (f.name.as_str(), f.presence())).collect()
    }

    #[test]
    fn users_of_split_types_are_split_and_names_never_collide() {
        let user = Struct {
            fields: vec![field("id", true, false), field("name", false, false), field("password", false, true)],
            ..Struct::default()
        };
        let plain = Struct { fields: vec![field("note", false, false)], ..Struct::default() };
        let space = TypeSpace::new(vec![
            def("User", TypeKind::Struct(user)),
            def("Users", TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Named(TypeId(0)))))),
            def("UserRequest", TypeKind::Struct(plain)),
        ]);
        let space = split_directions(space, &mut []);
        let idents: Vec<&str> = space.iter().map(|(_, def)| def.ident.as_str()).collect();
        assert_eq!(idents, ["User", "Users", "UserRequest", "UserRequest2", "UsersRequest"]);
        assert_eq!(fields(&space, 0), [("id", Presence::Required), ("name", Presence::Required)]);
        assert_eq!(fields(&space, 3), [("name", Presence::Required), ("password", Presence::Required)]);
        let TypeKind::Struct(request) = &space.get(TypeId(3)).kind else { panic!("a struct") };
        assert_eq!(request.ignored, ["id"]);
        let TypeKind::Alias(users) = &space.get(TypeId(4)).kind else { panic!("an alias") };
        assert_eq!(*users, TypeRef::Array(Box::new(TypeRef::Named(TypeId(3)))));
    }
}
