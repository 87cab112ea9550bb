//! `allOf`: members merged into one struct (or one primitive), following
//! references and nested `allOf`s; part of turning schemas into types.

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::super::keywords::{
    Member, Merged, constrains_members_only, is_object_like, kind_of, last_token, required_only, structural, value_type,
};
use super::{Alternative, Shape, TypeBuilder, tagged_union};
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::{TypeKind, TypeRef};
use crate::naming::type_ident;

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
        if let Some(shape) = self.distributed(&members, None, at, hint)? {
            return Ok(shape);
        }
        let mut merged = Merged::default();
        for (i, member) in members {
            self.collect_members(member, &at.join("allOf").join(i.to_string()), &mut merged, &mut Vec::new())?;
        }
        self.merged_struct(merged, at, hint)
    }

    /// [`Self::merged_kind`] as a shape.
    pub(super) fn merged_struct(&mut self, merged: Merged<'a>, at: &Location, hint: &str) -> Result<Shape, Diagnostic> {
        self.merged_kind(merged, at, hint).map(Shape::Named)
    }

    /// The struct of merged members. A name that `required` lists but no
    /// member declares has no field to make required: in vendors' specs it
    /// is a property left out or misspelt far more often than one of any
    /// type (DigitalOcean's uptime checks require an undeclared `method`),
    /// so it is left unchecked, as in a plain object, with a warning.
    fn merged_kind(&mut self, merged: Merged<'a>, at: &Location, hint: &str) -> Result<TypeKind, Diagnostic> {
        for (name, listed) in merged.undeclared() {
            self.warnings.push(Diagnostic::warning(
                listed,
                format!(
                    "required property {name:?} is declared by no allOf member; no field holds it, so it is not checked"
                ),
            ));
        }
        let required = merged.required_names();
        let mut merged_struct = self.build_struct(merged.members, &required, merged.additional, at, hint)?;
        merged_struct.min_properties = merged.min_properties;
        merged_struct.max_properties = merged.max_properties;
        Ok(TypeKind::Struct(merged_struct))
    }

    /// `allOf` whose one structural member is a `$ref`, beside keywords that
    /// add nothing to it, is the referenced type, as `allOf: [$ref]` alone
    /// is. Beside an object, no object keyword may stand (else it is a
    /// merge). Beside a scalar, an enum or an array, object keywords cannot
    /// apply (`{allOf: [{$ref: Enum}], type: object}`, as Lyft writes): the
    /// vendor means the referenced type, and a `type` that says otherwise is
    /// overridden with a warning; `properties` or `required` make it a
    /// merge, refused at the member.
    pub(super) fn lone_reference(
        &mut self,
        any: &'a AnySchema,
        at: &Location,
        hint: &str,
    ) -> Result<Option<Shape>, Diagnostic> {
        let [(i, member @ ReferenceOr::Reference { reference })] = structural(&any.all_of)[..] else {
            return Ok(None);
        };
        if !any.properties.is_empty() || !any.required.is_empty() {
            return Ok(None);
        }
        let member_at = at.join("allOf").join(i.to_string());
        let (target, _, _) = self.resolver.resolve(member, &member_at)?;
        match value_type(target) {
            Some(value) => {
                if let Some(typ) = any.typ.as_deref().filter(|typ| !agrees(typ, value)) {
                    self.warnings.push(Diagnostic::warning(
                        at.join("type"),
                        format!(
                            "`type: {typ}` is ignored: the only member of the allOf beside it, $ref {reference:?}, \
                             is {}, and that is the type generated",
                            kind_of(target)
                        ),
                    ));
                }
            }
            None if adds_to_object(any) => return Ok(None),
            None => {}
        }
        let site = self.use_site(member, &member_at, hint)?;
        Ok(Some(Shape::Anonymous(site.into_type())))
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

    /// `allOf` of objects and one `oneOf` or `anyOf` whose alternatives are
    /// objects: the value is one of the alternatives and all the objects, so
    /// the type is a union whose each variant is the objects merged with one
    /// alternative (`allOf: [Base, oneOf: [A, B]]` as `oneOf: [allOf: [Base,
    /// A], allOf: [Base, B]]`), tagged by the union's discriminator. `None`
    /// when the members are not of that form. `own` holds the object
    /// keywords of the schema holding the `allOf`, merged into every variant.
    pub(super) fn distributed(
        &mut self,
        members: &[(usize, &'a ReferenceOr<Schema>)],
        own: Option<&'a AnySchema>,
        at: &Location,
        hint: &str,
    ) -> Result<Option<Shape>, Diagnostic> {
        let mut found = None;
        for (position, &(i, member)) in members.iter().enumerate() {
            let (schema, union_at, _) = self.resolver.resolve(member, &at.join("allOf").join(i.to_string()))?;
            let Some(choice) = choice_of(schema) else { continue };
            if found.is_some() {
                return Ok(None);
            }
            found = Some((position, choice, schema.schema_data.discriminator.as_ref(), union_at));
        }
        let Some((union_position, Choice { keyword, alternatives, beside }, discriminator, union_at)) = found else {
            return Ok(None);
        };
        for (j, alternative) in alternatives.iter().enumerate() {
            let (schema, _, _) = self.resolver.resolve(alternative, &union_at.join(keyword).join(j.to_string()))?;
            if !is_object(schema) {
                return Ok(None);
            }
        }
        let mut variants = Vec::with_capacity(alternatives.len());
        for (j, alternative) in alternatives.iter().enumerate() {
            let alternative_at = union_at.join(keyword).join(j.to_string());
            let mut merged = Merged::default();
            for (position, &(i, member)) in members.iter().enumerate() {
                match position == union_position {
                    true => {
                        if let Some(any) = beside {
                            merged.add_own(any, &union_at);
                        }
                        self.collect_members(alternative, &alternative_at, &mut merged, &mut Vec::new())?;
                    }
                    false => {
                        let member_at = at.join("allOf").join(i.to_string());
                        self.collect_members(member, &member_at, &mut merged, &mut Vec::new())?;
                    }
                }
            }
            if let Some(any) = own {
                merged.add_own(any, at);
            }
            let (suffix, reference, which) = match alternative {
                ReferenceOr::Reference { reference } => {
                    let name = last_token(reference);
                    (name.clone(), reference.as_str(), format!("`{name}`"))
                }
                ReferenceOr::Item(_) => {
                    (format!("Variant{}", j + 1), "", format!("its {keyword} alternative {}", j + 1))
                }
            };
            let name = format!("{hint}{suffix}");
            let kind = self.merged_kind(merged, &alternative_at, &name)?;
            let id = self.hoist(&name, at, kind);
            self.describe(id, format!("One form of the value: the members of its allOf, with those of {which}."));
            // The variant is named by what the alternative adds, its type by both.
            variants.push(Alternative { ident: type_ident(&suffix), ty: TypeRef::Named(id), reference });
        }
        Ok(Some(tagged_union(variants, keyword, discriminator)))
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
        member_at: &Location,
        merged: &mut Merged<'a>,
        trail: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        let (schema, at, _) = self.resolver.resolve(item, member_at)?;
        let (properties, required, additional, bounds) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for (i, member) in structural(all_of) {
                    self.collect_members(member, &at.join("allOf").join(i.to_string()), merged, trail)?;
                }
                return Ok(());
            }
            SchemaKind::OneOf { one_of: alternatives } | SchemaKind::AnyOf { any_of: alternatives } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                if self.required_alternatives(alternatives, keyword, &at, merged)? {
                    return Ok(());
                }
                return Err(not_mergeable(item, member_at, schema));
            }
            SchemaKind::Type(Type::Object(o)) => {
                (&o.properties, &o.required, o.additional_properties.as_ref(), (o.min_properties, o.max_properties))
            }
            SchemaKind::Any(any) if is_object_like(any) || constrains_members_only(any) => {
                for (i, member) in structural(&any.all_of) {
                    self.collect_members(member, &at.join("allOf").join(i.to_string()), merged, trail)?;
                }
                for (keyword, alternatives) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
                    if !alternatives.is_empty() && !self.required_alternatives(alternatives, keyword, &at, merged)? {
                        return Err(not_mergeable(item, member_at, schema));
                    }
                }
                (
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    (any.min_properties, any.max_properties),
                )
            }
            _ => return Err(not_mergeable(item, member_at, schema)),
        };
        for (name, schema) in properties {
            let member = Member { name, schema, at: at.join("properties").join(name) };
            match merged.members.iter_mut().find(|m| m.name == name) {
                Some(existing) => *existing = member,
                None => merged.members.push(member),
            }
        }
        for (k, name) in required.iter().enumerate() {
            merged.require(name, at.join("required").join(k.to_string()));
        }
        if additional.is_some() {
            merged.additional = additional;
        }
        merged.bound(bounds.0, bounds.1);
        Ok(())
    }

    /// `anyOf` or `oneOf` alternatives that only list required names
    /// (`[{required: [a]}, {required: [b]}]`) say which members must be
    /// present, not what type the value is: the names every alternative
    /// requires are required; which of the others must be present is not
    /// checked, and a warning says so. `false` when an alternative says
    /// more (then the alternatives are types, which cannot be merged).
    fn required_alternatives(
        &mut self,
        alternatives: &'a [ReferenceOr<Schema>],
        keyword: &str,
        at: &Location,
        merged: &mut Merged<'a>,
    ) -> Result<bool, Diagnostic> {
        let mut lists: Vec<&'a [String]> = Vec::with_capacity(alternatives.len());
        for (i, alternative) in alternatives.iter().enumerate() {
            let (schema, _, _) = self.resolver.resolve(alternative, &at.join(keyword).join(i.to_string()))?;
            match required_only(schema) {
                Some(names) => lists.push(names),
                None => return Ok(false),
            }
        }
        let Some(first) = lists.first() else { return Ok(false) };
        let everywhere = |name: &String| lists.iter().all(|names| names.contains(name));
        for (k, name) in first.iter().enumerate().filter(|(_, name)| everywhere(name)) {
            merged.require(name, at.join(keyword).join("0").join("required").join(k.to_string()));
        }
        let choices: Vec<String> = lists
            .iter()
            .map(|names| {
                names.iter().filter(|name| !everywhere(name)).map(|name| format!("{name:?}")).collect::<Vec<_>>()
            })
            .filter(|names| !names.is_empty())
            .map(|names| names.join(" and "))
            .collect();
        if !choices.is_empty() {
            self.warnings.push(Diagnostic::warning(
                at.join(keyword),
                format!(
                    "{keyword} alternatives that only list required properties are not checked: which of {} must be \
                     present is left to the receiver; each stays as optional as declared",
                    choices.join(" | ")
                ),
            ));
        }
        Ok(true)
    }
}

/// The warning for an allOf member that is no object, at the member (a
/// `$ref` to a string is at fault where it is used, not where the string is
/// declared).
fn not_mergeable(item: &ReferenceOr<Schema>, at: &Location, schema: &Schema) -> Diagnostic {
    let member = match item {
        ReferenceOr::Reference { reference } => format!("$ref {reference:?}"),
        ReferenceOr::Item(_) => "this member".to_owned(),
    };
    Diagnostic::warning(
        at.clone(),
        format!(
            "allOf members other than objects cannot be merged into one type (only allOf of objects is supported): \
             {member} is {}",
            kind_of(schema)
        ),
    )
}

/// A `oneOf` or `anyOf` member of an `allOf`.
struct Choice<'a> {
    keyword: &'static str,
    alternatives: &'a [ReferenceOr<Schema>],
    /// The object keywords beside the alternatives (`type: object`,
    /// `required`, `additionalProperties`), if any.
    beside: Option<&'a AnySchema>,
}

/// The choice a schema is, when it is a `oneOf` or an `anyOf`.
fn choice_of(schema: &Schema) -> Option<Choice<'_>> {
    let (keyword, alternatives, beside) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => ("oneOf", one_of, None),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of, None),
        SchemaKind::Any(any)
            if any.properties.is_empty()
                && any.all_of.is_empty()
                && any.typ.as_deref().is_none_or(|typ| typ == "object") =>
        {
            match (any.one_of.is_empty(), any.any_of.is_empty()) {
                (false, true) => ("oneOf", &any.one_of, Some(any)),
                (true, false) => ("anyOf", &any.any_of, Some(any)),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(Choice { keyword, alternatives, beside })
}

/// Whether a schema is an object whose members can merge: `type: object`,
/// an `allOf`, or object keywords without a `type`; one that only lists
/// required names is not (it merges as a constraint, see
/// `required_alternatives`).
fn is_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => is_object_like(any) && required_only(schema).is_none(),
        _ => false,
    }
}

/// Whether a schema beside an `allOf` constrains the object it merges
/// (then the merge is a type of its own).
fn adds_to_object(any: &AnySchema) -> bool {
    any.additional_properties.is_some() || any.min_properties.is_some() || any.max_properties.is_some()
}

/// Whether `type: {typ}` beside an allOf agrees with the JSON type of its
/// only member (an integer is a number; an enum may be of any scalar).
fn agrees(typ: &str, value: &str) -> bool {
    typ == value || (typ == "number" && value == "integer") || (value == "enum" && !matches!(typ, "object" | "array"))
}
