//! Pass: the user's renames of types and fields (the options'
//! [`Renames`]), applied once every name is decided. A type is named by its
//! schema's name in the spec (`components/schemas`, or `definitions` in
//! Swagger 2.0), a field by `"Schema.property"` with the property's wire
//! name, which stays on the wire. A new name taken already is an error
//! naming both; a rename of something that does not exist is a warning.

use crate::diagnostics::{Diagnostics, Location};
use crate::ir::{TypeDef, TypeKind, TypeSpace};
use crate::naming::{snake_ident, type_ident};
use crate::options::Renames;
use crate::pointer::escape;

/// Apply `renames` to the types of `space`.
pub(crate) fn rename(space: &mut TypeSpace, renames: &Renames, root: &Location, diagnostics: &mut Diagnostics) {
    for (schema, new) in &renames.types {
        rename_type(space.defs_mut(), schema, new, root, diagnostics);
    }
    for (key, new) in &renames.fields {
        let Some((schema, property)) = key.split_once('.') else {
            diagnostics.error(root.clone(), format!("rename.fields {key:?}: write the key as \"Schema.property\""));
            continue;
        };
        rename_field(space.defs_mut(), (schema, property), new, root, diagnostics);
    }
}

fn schema_pointer(schema: &str) -> String {
    format!("/components/schemas/{}", escape(schema))
}

fn rename_type(defs: &mut [TypeDef], schema: &str, new: &str, root: &Location, diagnostics: &mut Diagnostics) {
    let pointer = schema_pointer(schema);
    let Some(index) = defs.iter().position(|def| def.pointer == pointer) else {
        diagnostics.warning(root.clone(), format!("rename.types {schema:?}: there is no schema named {schema:?}"));
        return;
    };
    if type_ident(new) != new {
        diagnostics.error(
            root.at(pointer),
            format!(
                "rename.types {schema:?} = {new:?}: not a type name the generator can use (such as {:?})",
                type_ident(new)
            ),
        );
        return;
    }
    if let Some(other) = defs.iter().position(|def| def.ident == new).filter(|&other| other != index) {
        let message = format!(
            "rename.types {schema:?} = {new:?}: the type of {} is named {new:?} already",
            describe(&defs[other].pointer)
        );
        diagnostics.error(root.at(pointer), message);
        return;
    }
    defs[index].ident = new.to_owned();
}

fn rename_field(
    defs: &mut [TypeDef],
    (schema, property): (&str, &str),
    new: &str,
    root: &Location,
    diagnostics: &mut Diagnostics,
) {
    let key = format!("{schema}.{property}");
    let pointer = schema_pointer(schema);
    let Some(def) = defs.iter_mut().find(|def| def.pointer == pointer) else {
        diagnostics.warning(root.clone(), format!("rename.fields {key:?}: there is no schema named {schema:?}"));
        return;
    };
    let TypeKind::Struct(fields) = &mut def.kind else {
        diagnostics
            .warning(root.at(pointer), format!("rename.fields {key:?}: {schema:?} is not an object with properties"));
        return;
    };
    let Some(index) = fields.fields.iter().position(|f| f.name == property) else {
        diagnostics
            .warning(root.at(pointer), format!("rename.fields {key:?}: {schema:?} has no property {property:?}"));
        return;
    };
    let at = root.at(format!("{pointer}/properties/{}", escape(property)));
    if snake_ident(new) != new {
        diagnostics.error(
            at,
            format!(
                "rename.fields {key:?} = {new:?}: not a field name the generator can use (such as {:?})",
                snake_ident(new)
            ),
        );
        return;
    }
    let taken =
        fields.fields.iter().enumerate().find(|(i, f)| *i != index && f.ident == new).map(|(_, f)| f.name.clone());
    let taken = taken
        .or_else(|| fields.additional.as_ref().filter(|a| a.ident == new).map(|_| "additional properties".to_owned()));
    if let Some(other) = taken {
        diagnostics.error(
            at,
            format!("rename.fields {key:?} = {new:?}: the field of {schema}.{other} is named {new:?} already"),
        );
        return;
    }
    fields.fields[index].ident = new.to_owned();
}

/// A type by where it comes from: `schema "Pet"`, or its pointer when it
/// is not a component schema.
fn describe(pointer: &str) -> String {
    match pointer.strip_prefix("/components/schemas/") {
        Some(name) if !name.contains('/') => format!("schema {:?}", crate::pointer::unescape(name)),
        _ => format!("the inline schema at {pointer}"),
    }
}
