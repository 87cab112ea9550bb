//! Pass: hoisted inline schemas that are the same type (same shape, docs
//! and example) become one type, named after the words their uses share,
//! so a spec that repeats an inline enum at three operations gets one
//! enum, not three that a caller must convert between.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use serde_json::Value;

use crate::ir::{Field, Operation, Struct, StructAdditional, TypeDef, TypeId, TypeKind, TypeSpace};
use crate::naming::type_ident;

/// Merge identical hoisted types, until no two are identical (merging
/// some can make the types that use them identical in turn).
pub(crate) fn merge_identical(space: TypeSpace, operations: &mut [Operation]) -> TypeSpace {
    let mut defs = space.into_defs();
    // Types merged into another point at it; the others at themselves.
    let mut canonical: Vec<usize> = (0..defs.len()).collect();
    // The hash of what makes two hoisted types one (None for components,
    // never merged): computed once, and again only when the type's
    // references change. The ids in a type are ids of types that stay, so
    // equal types are the same type.
    let mut keys: Vec<Option<u64>> =
        defs.iter().map(|def| (!is_component(&def.pointer)).then(|| identity(def))).collect();
    loop {
        let mut candidates: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, key) in keys.iter().enumerate().filter(|&(i, _)| canonical[i] == i) {
            if let Some(key) = key {
                candidates.entry(*key).or_default().push(i);
            }
        }
        let mut merged: Vec<Vec<usize>> = candidates
            .into_values()
            .filter(|candidates| candidates.len() > 1)
            .flat_map(|candidates| identical(&candidates, &defs))
            .filter(|group| group.len() > 1)
            .collect();
        if merged.is_empty() {
            break;
        }
        merged.sort();
        for group in &merged {
            group.iter().for_each(|&i| canonical[i] = group[0]);
        }
        // The names of the types that stay; one at a time, so a name given
        // to one group is taken for the next.
        let mut taken: BTreeSet<String> =
            (0..defs.len()).filter(|&i| canonical[i] == i).map(|i| defs[i].ident.clone()).collect();
        for group in &merged {
            taken.remove(&defs[group[0]].ident);
            let name = shared_name(group, &defs, &taken);
            taken.insert(name.clone());
            defs[group[0]].ident = name;
        }
        // The types that stay point at the types that stay; those whose
        // references moved may now be identical to others.
        for i in (0..defs.len()).filter(|&i| canonical[i] == i) {
            let moved = Cell::new(false);
            let map = |id: TypeId| {
                let kept = kept(&canonical, id.0);
                moved.set(moved.get() || kept != id.0);
                TypeId(kept)
            };
            defs[i].type_refs_mut().into_iter().for_each(|t| t.remap(&map));
            if moved.get() && keys[i].is_some() {
                keys[i] = Some(identity(&defs[i]));
            }
        }
    }
    TypeSpace::new(renumber(defs, &canonical, operations))
}

/// A hash of a type's [`Shape`]: types with different hashes are
/// different, types with the same are compared (so a collision of the
/// fast hash used costs a comparison, nothing more).
fn identity(def: &TypeDef) -> u64 {
    let mut hasher = FxHasher::default();
    Shape::of(def).hash(&mut hasher);
    hasher.finish()
}

/// What makes a hoisted type the type it is: its shape (with the ids of
/// the types it uses), docs and example. An object's members are
/// taken in name order: the members of a JSON object have no order, so
/// two inline objects listing the same members differently are one type
/// (printed in the order of its first use).
#[derive(PartialEq, Eq, Hash)]
struct Shape<'a> {
    kind: ShapeKind<'a>,
    description: &'a Option<String>,
    example: &'a Option<Value>,
}

#[derive(PartialEq, Eq, Hash)]
enum ShapeKind<'a> {
    /// A struct: its fields by name, then everything else it says.
    Struct(Vec<&'a Field>, &'a Option<StructAdditional>, bool, Option<usize>, Option<usize>, &'a [String]),
    Other(&'a TypeKind),
}

impl<'a> Shape<'a> {
    fn of(def: &'a TypeDef) -> Self {
        let kind = match &def.kind {
            TypeKind::Struct(Struct { fields, additional, deny_unknown, min_properties, max_properties, ignored }) => {
                let mut by_name: Vec<&Field> = fields.iter().collect();
                by_name.sort_by(|a, b| a.name.cmp(&b.name));
                ShapeKind::Struct(by_name, additional, *deny_unknown, *min_properties, *max_properties, ignored)
            }
            kind => ShapeKind::Other(kind),
        };
        Self { kind, description: &def.description, example: &def.example }
    }
}

/// `candidates` (type indexes, in order) split into groups of the same
/// type, each in order.
fn identical(candidates: &[usize], defs: &[TypeDef]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(Shape<'_>, Vec<usize>)> = Vec::new();
    for &i in candidates {
        let shape = Shape::of(&defs[i]);
        match groups.iter_mut().find(|(first, _)| *first == shape) {
            Some((_, group)) => group.push(i),
            None => groups.push((shape, vec![i])),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// The type that stays of the one at `index`, through every merge.
fn kept(canonical: &[usize], mut index: usize) -> usize {
    while canonical[index] != index {
        index = canonical[index];
    }
    index
}

/// Keep each type that is its own canonical one, in order, and point
/// every reference (in types and operations) at the kept ones.
fn renumber(defs: Vec<TypeDef>, canonical: &[usize], operations: &mut [Operation]) -> Vec<TypeDef> {
    let mut new_index = vec![0; defs.len()];
    let mut kept_defs = Vec::new();
    for (i, def) in defs.into_iter().enumerate() {
        if canonical[i] == i {
            new_index[i] = kept_defs.len();
            kept_defs.push(def);
        }
    }
    let map = |id: TypeId| TypeId(new_index[kept(canonical, id.0)]);
    for def in &mut kept_defs {
        def.type_refs_mut().into_iter().for_each(|t| t.remap(&map));
    }
    for op in operations {
        op.type_refs_mut().into_iter().for_each(|t| t.remap(&map));
    }
    kept_defs
}

/// A component schema's own node (`/components/schemas/Name`): its type
/// is the spec's, named by the spec, never merged.
fn is_component(pointer: &str) -> bool {
    pointer.strip_prefix("/components/schemas/").is_some_and(|name| !name.contains('/'))
}

/// The name of the type `group` becomes: the words all its names start
/// with and the words they all end with (`UsersAssertionsFormat`,
/// `UsersCoursesFormat` → `UsersFormat`); the end alone if that is taken;
/// else the first name.
fn shared_name(group: &[usize], defs: &[TypeDef], taken: &BTreeSet<String>) -> String {
    let first = &defs[group[0]].ident;
    let words: Vec<Vec<&str>> = group.iter().map(|&i| words(&defs[i].ident)).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    fn at<'a>(w: &[&'a str], k: usize, from_end: bool) -> &'a str {
        if from_end { w[w.len() - 1 - k] } else { w[k] }
    }
    let common = |from_end: bool| -> Vec<&str> {
        let same = |k: usize| words.iter().all(|w| at(w, k, from_end) == at(&words[0], k, from_end));
        let n = (0..shortest).take_while(|&k| same(k)).count();
        let mut common: Vec<&str> = (0..n).map(|k| at(&words[0], k, from_end)).collect();
        if from_end {
            common.reverse();
        }
        common
    };
    let (prefix, suffix) = (common(false), common(true));
    if suffix.is_empty() || prefix.len() + suffix.len() >= shortest {
        // Nothing shared but a stem, or one name holds all the shared words: it says it best.
        return first.clone();
    }
    // Through the naming rules, as every type name: `Self` becomes `SelfModel`.
    [format!("{}{}", prefix.concat(), suffix.concat()), suffix.concat()]
        .into_iter()
        .map(|name| type_ident(&name))
        .find(|name| name.starts_with(|c: char| c.is_ascii_uppercase()) && !taken.contains(name))
        .unwrap_or_else(|| first.clone())
}

/// The words of a PascalCase identifier: each starts at an upper-case
/// letter (`V2Format` → `V2`, `Format`).
fn words(ident: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = ident.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.iter().zip(starts.iter().skip(1).chain([&ident.len()])).map(|(&a, &b)| &ident[a..b]).collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{identical, identity, words};
    use crate::ir::{Api, EnumVariant, TypeDef, TypeKind, TypeRef};
    use crate::load::load_str;
    use crate::normalize::normalize;

    /// Three operations with the same inline enum, and one with another.
    const SPEC: &str = concat!(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n",
        "  /a: {get: {operationId: usersListA, parameters: [{name: format, in: query, schema: {type: string, enum: [json, csv]}}], responses: {'204': {description: ok}}}}\n",
        "  /b: {get: {operationId: usersListB, parameters: [{name: format, in: query, schema: {type: string, enum: [json, csv]}}], responses: {'204': {description: ok}}}}\n",
        "  /c: {get: {operationId: usersListC, parameters: [{name: format, in: query, schema: {type: string, enum: [json]}}], responses: {'204': {description: ok}}}}\n",
        "  /d: {get: {operationId: other, responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {format: {type: string, enum: [json, csv]}}}}}}}}}\n",
    );

    /// The API of a spec whose paths are `paths` (YAML lines).
    fn api_of(paths: &[String]) -> Api {
        let spec = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{}", paths.concat());
        let loaded = load_str(Path::new("t.yaml"), &spec).expect("loads");
        normalize(&loaded).expect("normalizes").0
    }

    #[test]
    fn identical_inline_types_become_one_named_from_their_shared_words() {
        let loaded = load_str(Path::new("t.yaml"), SPEC).expect("loads");
        let (api, _) = normalize(&loaded).expect("normalizes");
        let enums: Vec<&str> = api
            .types
            .iter()
            .filter(|(_, def)| matches!(def.kind, TypeKind::StringEnum(_)))
            .map(|(_, def)| def.ident.as_str())
            .collect();
        // a, b and d's property share one type, named after the words their
        // names share (`UsersListAFormat`, `UsersListBFormat`,
        // `OtherOkResponseFormat`); c's differs and keeps its name.
        assert_eq!(enums, ["Format", "UsersListCFormat"], "{}", crate::ir::dump(&api));
        let ty = |op: usize| api.operations[op].parameters[0].ty.clone();
        assert_eq!(ty(0), ty(1));
        assert_ne!(ty(0), ty(2));
        let TypeRef::Named(id) = ty(0) else { panic!("a named enum") };
        let object = api.types.iter().find(|(_, def)| matches!(def.kind, TypeKind::Struct(_))).expect("the object");
        assert!(object.1.type_refs().iter().any(|t| **t == TypeRef::Named(id)), "the property uses it too");
    }

    #[test]
    fn candidates_of_one_hash_are_grouped_by_what_they_are() {
        let def = |ident: &str, description: Option<&str>, values: &[&str]| TypeDef {
            ident: ident.to_owned(),
            description: description.map(str::to_owned),
            pointer: format!("/paths/~1{ident}"),
            example: None,
            kind: TypeKind::StringEnum(
                values.iter().map(|v| EnumVariant { ident: v.to_uppercase(), value: (*v).to_owned() }).collect(),
            ),
        };
        let defs = [
            def("A", None, &["x", "y"]),
            def("B", None, &["x"]),
            def("C", None, &["x", "y"]),
            def("D", Some("Docs."), &["x", "y"]),
            def("E", None, &["x"]),
        ];
        // As if all five had one hash: only equal types are grouped, in order.
        assert_eq!(identical(&[0, 1, 2, 3, 4], &defs), [vec![0, 2], vec![1, 4], vec![3]]);
        assert_eq!(identity(&defs[0]), identity(&defs[2]));
    }

    #[test]
    fn objects_listing_the_same_members_in_another_order_are_one_type() {
        let op = |path: &str, id: &str, properties: &str| {
            format!(
                "  {path}: {{get: {{operationId: {id}, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{stats: {{type: object, properties: {{{properties}}}}}}}}}}}}}}}}}}}}}\n"
            )
        };
        let api = api_of(&[
            op("/a", "a", "total: {type: integer}, added: {type: integer}"),
            op("/b", "b", "added: {type: integer}, total: {type: integer}"),
            op("/c", "c", "added: {type: integer}, total: {type: string}"),
        ]);
        let stats: Vec<(&str, Vec<&str>)> = api
            .types
            .iter()
            .filter_map(|(_, def)| match &def.kind {
                TypeKind::Struct(s) if def.ident.ends_with("Stats") => {
                    Some((def.ident.as_str(), s.fields.iter().map(|f| f.name.as_str()).collect()))
                }
                _ => None,
            })
            .collect();
        // a's and b's are one, in a's order; c's total is another type.
        assert_eq!(stats, [("OkResponseStats", vec!["total", "added"]), ("COkResponseStats", vec!["added", "total"])]);
    }

    #[test]
    fn identifiers_split_into_words() {
        assert_eq!(words("CredentialsOrgsUsersRetrieveFormat"), ["Credentials", "Orgs", "Users", "Retrieve", "Format"]);
        assert_eq!(words("V2Format"), ["V2", "Format"]);
        assert_eq!(words("x"), ["x"]);
    }

    #[test]
    fn two_merged_types_never_take_one_name() {
        let op = |path: &str, id: &str, values: &str| {
            format!(
                "  {path}: {{get: {{operationId: {id}, parameters: [{{name: status, in: query, schema: {{type: string, enum: [{values}]}}}}], responses: {{'204': {{description: ok}}}}}}}}\n"
            )
        };
        let api = api_of(&[op("/a", "a", "x"), op("/b", "b", "x"), op("/c", "c", "y"), op("/d", "d", "y")]);
        let names: Vec<&str> = api.types.iter().map(|(_, def)| def.ident.as_str()).collect();
        assert_eq!(names, ["Status", "CStatus"]);
    }

    #[test]
    fn a_shared_name_follows_the_naming_rules() {
        // `AOkResponseSelf` and `BOkResponseLinksSelf` share only `Self`.
        let link = "{type: object, properties: {href: {type: string}}}";
        let op = |path: &str, id: &str, schema: &str| {
            format!(
                "  {path}: {{get: {{operationId: {id}, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}}}}}\n"
            )
        };
        let api = api_of(&[
            op("/a", "a", &format!("{{type: object, properties: {{self: {link}}}}}")),
            op(
                "/b",
                "b",
                &format!("{{type: object, properties: {{links: {{type: object, properties: {{self: {link}}}}}}}}}"),
            ),
        ]);
        let names: Vec<&str> = api.types.iter().map(|(_, def)| def.ident.as_str()).collect();
        assert!(names.contains(&"SelfModel"), "{names:?}");
        assert!(!names.contains(&"Self"), "{names:?}");
    }
}
