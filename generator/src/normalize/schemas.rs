//! Schemas to types: component schemas become named types, inline
//! schemas that need a name (objects, enums, unions) are hoisted to
//! deterministic names derived from where they appear, everything else
//! becomes an anonymous [`TypeRef`].

mod all_of;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::keywords::{
    Member, Merged, describe, discriminator_values, format_name, integer_enum, integer_type, is_object_like,
    last_token, looks_secret, nullable_ref, number_format_note, pointer_hint, site_keywords, skipped_model,
    string_enum, string_type, structural, tighter_max, variant_ident_for,
};
use super::nulls;
use super::refs::{Resolver, Section, Target};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::ir::{
    Constraints, Field, Struct, StructAdditional, TypeDef, TypeId, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::naming::{ENUM_CATCH_ALL, Scope, pascal_ident, snake_ident, type_ident};

/// What a schema says about the place it is used: its type plus the
/// keywords that describe the value there.
#[derive(Debug, Clone, Default)]
pub(crate) struct UseSite {
    pub ty: Option<TypeRef>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub password: bool,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub example: Option<Value>,
    pub constraints: Constraints,
}

impl UseSite {
    /// The type; always set once conversion succeeded.
    pub(crate) fn into_type(self) -> TypeRef {
        self.ty.unwrap_or(TypeRef::Any)
    }
}

/// A converted schema: either an anonymous type expression, or a kind that
/// needs a name of its own.
enum Shape {
    Anonymous(TypeRef),
    Named(TypeKind),
}

/// A slot of the arena under construction.
struct Slot {
    ident: String,
    pointer: String,
    description: Option<String>,
    example: Option<Value>,
    /// `None` while pending or after a failure.
    kind: Option<TypeKind>,
    /// Hoisted from an inline schema (kept only if something uses it).
    hoisted: bool,
}

/// The arena of named types, built from one document's schemas.
pub(crate) struct TypeBuilder<'a> {
    resolver: Resolver<'a>,
    schemas: Option<&'a IndexMap<String, ReferenceOr<Schema>>>,
    root: Location,
    slots: Vec<Slot>,
    by_component: HashMap<String, TypeId>,
    /// Types of schemas reached through references to other pointers.
    by_pointer: HashMap<String, TypeId>,
    names: Scope,
    /// Each member name's field identifier and type-name part, worked out
    /// once: a spec repeats its member names over many schemas.
    member_idents: HashMap<&'a str, MemberIdents>,
    /// What conversion decided on its own, reported beside the types.
    warnings: Vec<Diagnostic>,
}

/// What a member name gives: the field's identifier (before its struct's
/// scope makes it unique) and the part of the name of a type hoisted from it.
struct MemberIdents {
    field: String,
    type_part: String,
}

/// The finished arena before pruning: slots whose conversion failed have no kind.
pub(crate) struct BuiltTypes {
    pub defs: Vec<Option<TypeDef>>,
    pub hoisted: Vec<bool>,
    /// Every slot's identifier, failed ones included, for messages.
    pub idents: Vec<String>,
}

impl<'a> TypeBuilder<'a> {
    /// Register every component schema under its name first, so components
    /// keep their own names and hoisted types yield to them.
    pub(crate) fn new(document: &'a openapiv3::OpenAPI, root: &'a Location, resolver: Resolver<'a>) -> Self {
        let schemas = document.components.as_ref().map(|c| &c.schemas);
        let mut builder = Self {
            resolver,
            schemas,
            root: root.clone(),
            slots: Vec::new(),
            by_component: HashMap::new(),
            by_pointer: HashMap::new(),
            warnings: Vec::new(),
            names: Scope::default(),
            member_idents: HashMap::new(),
        };
        for name in schemas.into_iter().flat_map(IndexMap::keys) {
            let pointer = root.join("components").join("schemas").join(name).pointer;
            let id = builder.allocate(type_ident(name), pointer, false);
            builder.by_component.insert(name.clone(), id);
        }
        builder
    }

    fn allocate(&mut self, ident: String, pointer: String, hoisted: bool) -> TypeId {
        let ident = self.names.claim(ident);
        self.slots.push(Slot { ident, pointer, description: None, example: None, kind: None, hoisted });
        TypeId(self.slots.len() - 1)
    }

    /// Convert every component schema. A schema that cannot be converted is
    /// reported and left without a kind; pruning removes it and its users.
    pub(crate) fn convert_components(&mut self, diagnostics: &mut Diagnostics) {
        let Some(schemas) = self.schemas else { return };
        for (name, item) in schemas {
            let id = self.by_component[name];
            let at = self.root.join("components").join("schemas").join(name);
            match self.convert_component(item, &at, id) {
                Ok(()) => {}
                Err(d) => diagnostics.push(skipped_model(d, name)),
            }
        }
    }

    fn convert_component(
        &mut self,
        item: &'a ReferenceOr<Schema>,
        at: &Location,
        id: TypeId,
    ) -> Result<(), Diagnostic> {
        let (kind, data) = match item {
            ReferenceOr::Reference { reference } => {
                // Validates the whole chain (dangling refs, cycles) up front.
                self.resolver.resolve(item, at)?;
                (TypeKind::Alias(TypeRef::Named(self.component_id(reference, at)?)), None)
            }
            ReferenceOr::Item(schema) => {
                let hint = self.slots[id.0].ident.clone();
                let kind = match self.convert(schema, at, &hint)? {
                    Shape::Anonymous(ty) => TypeKind::Alias(ty),
                    Shape::Named(kind) => kind,
                };
                (kind, Some(&schema.schema_data))
            }
        };
        let slot = &mut self.slots[id.0];
        slot.kind = Some(kind);
        if let Some(data) = data {
            slot.description = describe(data);
            slot.example = data.example.clone();
        }
        Ok(())
    }

    /// The id of the type a schema `$ref` names: a component, or a schema
    /// elsewhere in the document, which gets a type of its own on first use.
    fn component_id(&mut self, reference: &str, at: &Location) -> Result<TypeId, Diagnostic> {
        let pointer = match self.resolver.target(reference, Section::Schemas, at)? {
            Target::Component(name) => {
                return self.by_component.get(&name).copied().ok_or_else(|| {
                    Diagnostic::error(
                        at.join("$ref"),
                        format!("$ref {reference:?} points to nothing: there is no schema named {name:?} under /components/schemas"),
                    )
                });
            }
            Target::Pointer(pointer) => pointer,
        };
        if let Some(id) = self.by_pointer.get(&pointer) {
            return Ok(*id);
        }
        let target = self.resolver.pointer_target::<Schema>(&pointer, reference, at)?;
        // Registered before converting, so a schema that refers to itself finds its type.
        let id = self.allocate(type_ident(&pointer_hint(&pointer)), pointer.clone(), true);
        self.by_pointer.insert(pointer.clone(), id);
        self.convert_component(target, &self.root.at(pointer), id)?;
        Ok(id)
    }

    /// The type of a schema used at `at`, hoisting it under a name made
    /// from `hint` if it needs one.
    pub(crate) fn use_site(
        &mut self,
        item: &'a ReferenceOr<Schema>,
        at: &Location,
        hint: &str,
    ) -> Result<UseSite, Diagnostic> {
        match item {
            ReferenceOr::Reference { reference } => self.reference_site(reference, at),
            ReferenceOr::Item(schema) => self.inline_site(schema, at, hint),
        }
    }

    /// [`Self::use_site`] for the boxed schemas of properties and items.
    fn boxed_site(
        &mut self,
        item: &'a ReferenceOr<Box<Schema>>,
        at: &Location,
        hint: &str,
    ) -> Result<UseSite, Diagnostic> {
        match item {
            ReferenceOr::Reference { reference } => self.reference_site(reference, at),
            ReferenceOr::Item(schema) => self.inline_site(schema, at, hint),
        }
    }

    fn reference_site(&mut self, reference: &str, at: &Location) -> Result<UseSite, Diagnostic> {
        let id = self.component_id(reference, at)?;
        // The referenced schema's keywords (nullable, constraints) apply here too.
        let target = ReferenceOr::<Schema>::Reference { reference: reference.to_owned() };
        let (schema, _, _) = self.resolver.resolve(&target, at)?;
        let mut site = site_keywords(schema);
        site.description = None; // the type documents itself
        site.ty = Some(TypeRef::Named(id));
        Ok(site)
    }

    fn inline_site(&mut self, schema: &'a Schema, at: &Location, hint: &str) -> Result<UseSite, Diagnostic> {
        let mut site = site_keywords(schema);
        // `allOf: [$ref]` (beside members that only annotate) is how 3.0
        // attaches nullable or a description to a reference.
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            if let [(i, ReferenceOr::Reference { reference })] = structural(all_of).as_slice() {
                let inner = self.reference_site(reference, &at.join("allOf").join(i.to_string()))?;
                site.ty = inner.ty;
                site.nullable |= inner.nullable;
                // What the annotating members say applies here too.
                for member in all_of.iter().filter_map(|m| if let ReferenceOr::Item(s) = m { Some(s) } else { None }) {
                    site.nullable |= member.schema_data.nullable;
                    site.description = site.description.take().or_else(|| describe(&member.schema_data));
                }
                if site.constraints.is_empty() {
                    site.constraints = inner.constraints;
                }
                return Ok(site);
            }
        }
        // The same node may be reached again through a pointer `$ref` (or
        // was reached through one first): it is one type.
        if let Some(&id) = self.by_pointer.get(&at.pointer) {
            site.ty = Some(TypeRef::Named(id));
            return Ok(site);
        }
        site.ty = Some(match self.convert(schema, at, hint)? {
            Shape::Anonymous(ty) => ty,
            Shape::Named(kind) => {
                let id = self.hoist(hint, at, kind);
                self.by_pointer.insert(at.pointer.clone(), id);
                let slot = &mut self.slots[id.0];
                slot.description = describe(&schema.schema_data);
                slot.example = schema.schema_data.example.clone();
                TypeRef::Named(id)
            }
        });
        Ok(site)
    }

    /// A type of its own for `kind`, hoisted from `at` and named after `hint`.
    fn hoist(&mut self, hint: &str, at: &Location, kind: TypeKind) -> TypeId {
        let id = self.allocate(type_ident(hint), at.pointer.clone(), true);
        self.slots[id.0].kind = Some(kind);
        id
    }

    fn ident_of(&self, id: TypeId) -> String {
        self.slots[id.0].ident.clone()
    }

    fn describe(&mut self, id: TypeId, description: String) {
        self.slots[id.0].description = Some(description);
    }

    fn convert(&mut self, schema: &'a Schema, at: &Location, hint: &str) -> Result<Shape, Diagnostic> {
        let mut shape = self.convert_kind(schema, at, hint)?;
        // An object's member counts belong to its type (a map's, being no
        // type of its own, to the places that use it: see `site_keywords`).
        // Those of merged allOf members hold too: the tighter bound wins.
        if let Shape::Named(TypeKind::Struct(s)) = &mut shape {
            let (min, max) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (o.min_properties, o.max_properties),
                SchemaKind::Any(any) => (any.min_properties, any.max_properties),
                _ => (None, None),
            };
            s.min_properties = s.min_properties.max(min);
            s.max_properties = tighter_max(s.max_properties, max);
        }
        Ok(shape)
    }

    /// The integer type of `format`, warning where it is not exact.
    fn integer(&mut self, format: &str, at: &Location) -> TypeRef {
        let (ty, note) = integer_type(format);
        if let Some(note) = note {
            self.warnings.push(Diagnostic::warning(at.join("format"), note));
        }
        ty
    }

    fn convert_kind(&mut self, schema: &'a Schema, at: &Location, hint: &str) -> Result<Shape, Diagnostic> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&String> = s.enumeration.iter().flatten().collect();
                if values.is_empty() {
                    Ok(Shape::Anonymous(string_type(&format_name(&s.format))))
                } else {
                    Ok(Shape::Named(string_enum(values)))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if values.is_empty() {
                    let format = match &i.format {
                        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "int32",
                        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => "",
                        VariantOrUnknownOrEmpty::Unknown(format) => format,
                    };
                    Ok(Shape::Anonymous(self.integer(format, at)))
                } else {
                    Ok(Shape::Named(integer_enum(values)))
                }
            }
            SchemaKind::Type(Type::Number(n)) => {
                if let VariantOrUnknownOrEmpty::Unknown(format) = &n.format {
                    self.warnings.push(Diagnostic::warning(at.join("format"), number_format_note(format)));
                }
                let float = matches!(n.format, VariantOrUnknownOrEmpty::Item(NumberFormat::Float));
                Ok(Shape::Anonymous(if float { TypeRef::F32 } else { TypeRef::F64 }))
            }
            SchemaKind::Type(Type::Boolean(_)) => Ok(Shape::Anonymous(TypeRef::Boolean)),
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), at, hint),
            SchemaKind::Type(Type::Object(o)) => {
                self.object(&o.properties, &o.required, o.additional_properties.as_ref(), at, hint)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, at, hint),
            SchemaKind::OneOf { one_of } => {
                self.union(one_of, "oneOf", schema.schema_data.discriminator.as_ref(), at, hint)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(any_of, "anyOf", schema.schema_data.discriminator.as_ref(), at, hint)
            }
            SchemaKind::Not { .. } => {
                self.warnings.push(not_unchecked(at));
                Ok(Shape::Anonymous(TypeRef::Any))
            }
            SchemaKind::Any(any) => self.any(any, schema.schema_data.discriminator.as_ref(), at, hint),
        }
    }

    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &Location,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let item = match items {
            None => TypeRef::Any,
            Some(items) => nullable_ref(self.boxed_site(items, &at.join("items"), &format!("{hint}Item"))?),
        };
        Ok(Shape::Anonymous(TypeRef::Array(Box::new(item))))
    }

    fn object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        at: &Location,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        if properties.is_empty() {
            return Ok(match additional {
                None | Some(AdditionalProperties::Any(true)) => Shape::Anonymous(TypeRef::JsonObject),
                Some(AdditionalProperties::Any(false)) => {
                    Shape::Named(TypeKind::Struct(Struct { deny_unknown: true, ..Struct::default() }))
                }
                Some(AdditionalProperties::Schema(values)) => {
                    let values = nullable_ref(self.use_site(
                        values,
                        &at.join("additionalProperties"),
                        &format!("{hint}Value"),
                    )?);
                    Shape::Anonymous(TypeRef::Map(Box::new(values)))
                }
            });
        }
        let members: Vec<Member<'a>> = properties
            .iter()
            .map(|(name, schema)| Member { name, schema, at: at.join("properties").join(name) })
            .collect();
        self.build_struct(members, required, additional, at, hint).map(|s| Shape::Named(TypeKind::Struct(s)))
    }

    fn build_struct(
        &mut self,
        members: Vec<Member<'a>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        at: &Location,
        hint: &str,
    ) -> Result<Struct, Diagnostic> {
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(members.len());
        for member in members {
            let idents = self.member_idents.entry(member.name).or_insert_with(|| MemberIdents {
                field: snake_ident(member.name),
                type_part: pascal_ident(member.name),
            });
            let (field, member_hint) = (idents.field.clone(), format!("{hint}{}", idents.type_part));
            let mut site = self.boxed_site(member.schema, &member.at, &member_hint)?;
            let ident = scope.claim(field);
            fields.push(Field {
                name: member.name.clone(),
                secret: site.write_only || site.password || looks_secret(&ident),
                ident,
                required: required.iter().any(|r| r == member.name),
                // `nullable` only qualifies an explicit `type`: a schema without
                // one admits null already, so absent and null stay apart.
                nullable: site.nullable || site.ty == Some(TypeRef::Any),
                read_only: site.read_only,
                write_only: site.write_only,
                description: site.description.take(),
                default: site.default.take(),
                example: site.example.take(),
                constraints: std::mem::take(&mut site.constraints),
                ty: site.into_type(),
            });
        }
        let (extra, deny_unknown) = match additional {
            None | Some(AdditionalProperties::Any(true)) => (None, false),
            Some(AdditionalProperties::Any(false)) => (None, true),
            Some(AdditionalProperties::Schema(values)) => {
                let site = self.use_site(values, &at.join("additionalProperties"), &format!("{hint}Value"))?;
                (Some(nullable_ref(site)), false)
            }
        };
        let additional = extra.map(|ty| StructAdditional { ident: scope.claim("additional_properties".into()), ty });
        Ok(Struct { fields, additional, deny_unknown, ..Struct::default() })
    }

    fn union(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        keyword: &str,
        discriminator: Option<&Discriminator>,
        at: &Location,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        // `{type: "null"}` members make the schema nullable (see `site_keywords`).
        let nulls: Vec<usize> = (0..members.len()).filter(|&i| nulls::is_null_schema(&members[i])).collect();
        if let Some(&first) = nulls.first() {
            self.warnings.push(Diagnostic::warning(
                at.join(keyword).join(first.to_string()),
                format!(
                    "`type: \"null\"` is not an OpenAPI 3.0 type; as a member of {keyword} it is read as \
                     `nullable: true` on the schema"
                ),
            ));
        }
        let kept: Vec<(usize, &'a ReferenceOr<Schema>)> =
            members.iter().enumerate().filter(|(i, _)| !nulls.contains(i)).collect();
        if let [(i, single)] = kept.as_slice() {
            let site = self.use_site(single, &at.join(keyword).join(i.to_string()), hint)?;
            return Ok(Shape::Anonymous(site.into_type()));
        }
        if kept.is_empty() && !members.is_empty() {
            return Ok(Shape::Anonymous(TypeRef::Any));
        }
        if members.is_empty() {
            return Err(Diagnostic::error(at.join(keyword), format!("expected at least one schema in {keyword}")));
        }
        let mut alternatives = Vec::with_capacity(members.len());
        for (i, member) in kept {
            let member_at = at.join(keyword).join(i.to_string());
            let site = self.use_site(member, &member_at, &format!("{hint}Variant{}", i + 1))?;
            let alternative = match (member, &site.ty) {
                (ReferenceOr::Reference { reference }, Some(TypeRef::Named(id))) => {
                    Alternative { ident: self.ident_of(*id), ty: nullable_ref(site), reference }
                }
                _ => {
                    Alternative { ident: variant_ident_for(site.ty.as_ref(), i), ty: nullable_ref(site), reference: "" }
                }
            };
            alternatives.push(alternative);
        }
        Ok(tagged_union(alternatives, keyword, discriminator))
    }

    /// A schema openapiv3 could not classify (no `type`, or mixed keywords):
    /// go by the keywords present.
    fn any(
        &mut self,
        any: &'a AnySchema,
        discriminator: Option<&Discriminator>,
        at: &Location,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, "oneOf", discriminator, at, hint);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, "anyOf", discriminator, at, hint);
        }
        if !any.all_of.is_empty() {
            if let Some(shape) = self.lone_reference(any, at, hint)? {
                return Ok(shape);
            }
            let members = structural(&any.all_of);
            if let Some(shape) = self.distributed(&members, Some(any), at, hint)? {
                return Ok(shape);
            }
            let mut merged = Merged::default();
            for (i, member) in members {
                self.collect_members(member, &at.join("allOf").join(i.to_string()), &mut merged, &mut Vec::new())?;
            }
            merged.add_own(any, at);
            return self.merged_struct(merged, at, hint);
        }
        if any.not.is_some() {
            self.warnings.push(not_unchecked(at));
        }
        let typ = any.typ.as_deref();
        if is_object_like(any) {
            return self.object(&any.properties, &any.required, any.additional_properties.as_ref(), at, hint);
        }
        if any.items.is_some() || typ == Some("array") {
            return self.array(any.items.as_ref(), at, hint);
        }
        let values: Vec<&Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
        let strings: Option<Vec<&String>> =
            values.iter().map(|v| if let Value::String(s) = v { Some(s) } else { None }).collect();
        match typ {
            Some("string") | None if !values.is_empty() && strings.is_some() => {
                Ok(Shape::Named(string_enum(strings.unwrap_or_default())))
            }
            Some("string") => Ok(Shape::Anonymous(string_type(any.format.as_deref().unwrap_or("")))),
            Some("integer") => Ok(Shape::Anonymous(self.integer(any.format.as_deref().unwrap_or(""), at))),
            Some("number") => {
                Ok(Shape::Anonymous(if any.format.as_deref() == Some("float") { TypeRef::F32 } else { TypeRef::F64 }))
            }
            Some("boolean") => Ok(Shape::Anonymous(TypeRef::Boolean)),
            None => Ok(Shape::Anonymous(TypeRef::Any)),
            Some(other) => Err(Diagnostic::error(
                at.join("type"),
                format!(
                    "expected `type` to be one of string, number, integer, boolean, array, object; found {other:?}"
                ),
            )),
        }
    }

    /// The warnings about decisions made so far, each once.
    pub(crate) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::new();
        for warning in std::mem::take(&mut self.warnings) {
            if !out.contains(&warning) {
                out.push(warning);
            }
        }
        out
    }

    /// The arena, with failed slots left empty.
    pub(crate) fn finish(self) -> BuiltTypes {
        let hoisted = self.slots.iter().map(|s| s.hoisted).collect();
        let idents = self.slots.iter().map(|s| s.ident.clone()).collect();
        let defs = self
            .slots
            .into_iter()
            .map(|slot| {
                slot.kind.map(|kind| TypeDef {
                    ident: slot.ident,
                    description: slot.description,
                    pointer: slot.pointer,
                    example: slot.example,
                    kind,
                })
            })
            .collect();
        BuiltTypes { defs, hoisted, idents }
    }
}

/// One alternative of a union under construction: its variant's name, its
/// type, and the `$ref` it was given by (empty for an inline schema), which
/// a discriminator's values name.
struct Alternative<'r> {
    ident: String,
    ty: TypeRef,
    reference: &'r str,
}

/// The union of `alternatives`, tagged by `discriminator` where every
/// alternative has a value: a component is tagged by its name unless the
/// mapping says otherwise.
fn tagged_union(alternatives: Vec<Alternative<'_>>, keyword: &str, discriminator: Option<&Discriminator>) -> Shape {
    // The catch-all of a discriminated union's unknown tags.
    let mut scope = Scope::with_reserved([ENUM_CATCH_ALL]);
    let mut variants = Vec::with_capacity(alternatives.len());
    let mut component_names = Vec::with_capacity(alternatives.len());
    for Alternative { ident, ty, reference } in alternatives {
        let component = (!reference.is_empty()).then(|| last_token(reference));
        let tags = match (discriminator, &component) {
            (Some(d), Some(name)) => discriminator_values(d, reference, name),
            _ => Vec::new(),
        };
        let mut tags = tags.into_iter();
        let (tag, aliases) = (tags.next(), tags.collect());
        variants.push(UnionVariant { ident: scope.claim(ident), ty, tag, aliases });
        component_names.push(component);
    }
    // A component's own name selects it too (implicit mapping), unless
    // the mapping gives that value to another alternative.
    for (i, name) in component_names.into_iter().enumerate() {
        let Some(name) = name.filter(|_| variants[i].tag.is_some()) else { continue };
        if !variants.iter().any(|v| v.tags().any(|t| t == name)) {
            variants[i].aliases.push(name);
        }
    }
    // A discriminator can only dispatch when every variant has a tag.
    let discriminator =
        discriminator.filter(|_| variants.iter().all(|v| v.tag.is_some())).map(|d| d.property_name.clone());
    Shape::Named(TypeKind::Union(Union { variants, discriminator, exclusive: keyword == "oneOf" }))
}

/// What a schema's `not` leaves unchecked: its type is the rest of the
/// schema (any JSON value when `not` is all it says).
fn not_unchecked(at: &Location) -> Diagnostic {
    Diagnostic::warning(
        at.join("not"),
        "`not` is not checked: values it excludes are accepted; the type is what the rest of the schema says",
    )
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn pointer_hints() {
        use super::pointer_hint;
        assert_eq!(pointer_hint("/components/schemas/User/properties/address"), "User address");
        assert_eq!(pointer_hint("/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema"), "pets  id");
        assert_eq!(
            pointer_hint("/paths/~1pets/get/responses/200/content/application~1json/schema/items/properties/tag"),
            "pets tag"
        );
        assert_eq!(pointer_hint("/components/schemas"), "Schema");
    }

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "client_secret",
            "token",
            "api_key",
            "access_key",
            "private_key",
            "apikey",
            "aws_secret_access_key",
        ] {
            assert!(looks_secret(name), "{name} should be secret");
        }
        for name in ["name", "key_id", "tokens_count_total", "keyboard", "username", "secretary"] {
            assert!(!looks_secret(name), "{name} should not be secret");
        }
    }
}
