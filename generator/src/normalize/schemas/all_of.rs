//! `allOf`: members merged into one struct (or one primitive), following
//! references and nested `allOf`s; part of turning schemas into types.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::super::keywords::{Member, Merged, is_object_like, structural};
use super::{Shape, TypeBuilder};
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::TypeKind;

impl<'a> TypeBuilder<'a> {
    /// `allOf`: one member is that member; several object members merge
    /// into one struct, properties in member order.
    pub(super) fn all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        at: &Location,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let members = structural(all_of);
        if let [(i, single)] = members.as_slice() {
            let site = self.use_site(single, &at.join("allOf").join(i.to_string()), hint)?;
            return Ok(Shape::Anonymous(site.into_type()));
        }
        if let Some(shape) = self.same_primitive(&members, at, hint)? {
            return Ok(shape);
        }
        let mut merged = Merged::default();
        for (i, member) in members {
            self.collect_members(member, &at.join("allOf").join(i.to_string()), &mut merged, &mut Vec::new())?;
        }
        let required: Vec<String> = merged.required.clone();
        self.build_struct(merged.members, &required, merged.additional, at, hint)
            .map(|s| Shape::Named(TypeKind::Struct(s)))
    }

    /// `allOf` of schemas that are all the same primitive type (say a string
    /// and a string with a pattern) is that type; `None` for anything else.
    fn same_primitive(
        &mut self,
        members: &[(usize, &'a ReferenceOr<Schema>)],
        at: &Location,
        hint: &str,
    ) -> Result<Option<Shape>, Diagnostic> {
        let mut first = None;
        for (i, member) in members {
            let (schema, _, _) = self.resolver.resolve(member, &at.join("allOf").join(i.to_string()))?;
            let kind = match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => "string",
                SchemaKind::Type(Type::Integer(i)) if i.enumeration.is_empty() => "integer",
                SchemaKind::Type(Type::Number(_)) => "number",
                SchemaKind::Type(Type::Boolean(_)) => "boolean",
                _ => return Ok(None),
            };
            match first {
                None => first = Some((kind, *i, *member)),
                Some((k, _, _)) if k == kind => {}
                Some(_) => return Ok(None),
            }
        }
        let Some((_, i, member)) = first else { return Ok(None) };
        let site = self.use_site(member, &at.join("allOf").join(i.to_string()), hint)?;
        Ok(Some(Shape::Anonymous(site.into_type())))
    }

    /// Gather the properties of one allOf member, following references and
    /// nested allOfs. `trail` holds the references on the way here: one
    /// met again is a cycle; one met on two paths (a diamond) is not.
    pub(super) fn collect_members(
        &mut self,
        item: &'a ReferenceOr<Schema>,
        at: &Location,
        merged: &mut Merged<'a>,
        trail: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        let ReferenceOr::Reference { reference } = item else {
            return self.collect_resolved(item, at, merged, trail);
        };
        if trail.contains(reference) {
            return Err(Diagnostic::error(at.join("$ref"), format!("allOf includes itself through {reference:?}")));
        }
        trail.push(reference.clone());
        let collected = self.collect_resolved(item, at, merged, trail);
        trail.pop();
        collected
    }

    fn collect_resolved(
        &mut self,
        item: &'a ReferenceOr<Schema>,
        at: &Location,
        merged: &mut Merged<'a>,
        trail: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        let (schema, at, _) = self.resolver.resolve(item, at)?;
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for (i, member) in structural(all_of) {
                    self.collect_members(member, &at.join("allOf").join(i.to_string()), merged, trail)?;
                }
                return Ok(());
            }
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required, o.additional_properties.as_ref()),
            SchemaKind::Any(any) if is_object_like(any) => {
                for (i, member) in any.all_of.iter().enumerate() {
                    self.collect_members(member, &at.join("allOf").join(i.to_string()), merged, trail)?;
                }
                (&any.properties, &any.required, any.additional_properties.as_ref())
            }
            _ => {
                return Err(Diagnostic::warning(
                    at.clone(),
                    "allOf members other than objects cannot be merged into one type (only allOf of objects is supported)",
                ));
            }
        };
        for (name, schema) in properties {
            let member = Member { name, schema, at: at.join("properties").join(name) };
            match merged.members.iter_mut().find(|m| m.name == name) {
                Some(existing) => *existing = member,
                None => merged.members.push(member),
            }
        }
        for name in required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
        if additional.is_some() {
            merged.additional = additional;
        }
        Ok(())
    }
}
