//! Pass: hoisted inline schemas that are the same type (same shape, docs
//! and example) become one type, named after the words their uses share,
//! so a spec that repeats an inline enum at three operations gets one
//! enum, not three that a caller must convert between.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};

use crate::ir::{Operation, TypeDef, TypeId, TypeSpace};
use crate::naming::type_ident;

/// Merge identical hoisted types, until no two are identical (merging
/// some can make the types that use them identical in turn).
pub(crate) fn merge_identical(space: TypeSpace, operations: &mut [Operation]) -> TypeSpace {
    let mut defs = space.into_defs();
    // Types merged into another point at it; the others at themselves.
    let mut canonical: Vec<usize> = (0..defs.len()).collect();
    // What makes two hoisted types one (None for components, never
    // merged): written once, and again only when the type's references
    // change. The ids in it are ids of types that stay, so equal text is
    // the same type.
    let mut keys: Vec<Option<String>> =
        crate::parallel::map(&defs, |def| (!is_component(&def.pointer)).then(|| identity(def)));
    loop {
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, key) in keys.iter().enumerate().filter(|&(i, _)| canonical[i] == i) {
            if let Some(key) = key {
                groups.entry(key).or_default().push(i);
            }
        }
        let mut merged: Vec<Vec<usize>> = groups.into_values().filter(|group| group.len() > 1).collect();
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
        let mut moved_types = Vec::new();
        for i in (0..defs.len()).filter(|&i| canonical[i] == i) {
            let moved = Cell::new(false);
            let map = |id: TypeId| {
                let kept = kept(&canonical, id.0);
                moved.set(moved.get() || kept != id.0);
                TypeId(kept)
            };
            defs[i].type_refs_mut().into_iter().for_each(|t| t.remap(&map));
            if moved.get() && keys[i].is_some() {
                moved_types.push(i);
            }
        }
        let rekeyed = crate::parallel::map(&moved_types, |&i| identity(&defs[i]));
        for (i, key) in moved_types.into_iter().zip(rekeyed) {
            keys[i] = Some(key);
        }
    }
    TypeSpace::new(renumber(defs, &canonical, operations))
}

/// The text two hoisted types share exactly when they are the same type:
/// shape (with the ids of the types they use), docs and example.
fn identity(def: &TypeDef) -> String {
    format!("{:?}|{:?}|{:?}", def.kind, def.description, def.example)
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

    use super::words;
    use crate::ir::{TypeKind, TypeRef};
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
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{}{}{}{}",
            op("/a", "a", "x"),
            op("/b", "b", "x"),
            op("/c", "c", "y"),
            op("/d", "d", "y")
        );
        let loaded = load_str(Path::new("t.yaml"), &spec).expect("loads");
        let (api, _) = normalize(&loaded).expect("normalizes");
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
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{}{}",
            op("/a", "a", &format!("{{type: object, properties: {{self: {link}}}}}")),
            op(
                "/b",
                "b",
                &format!("{{type: object, properties: {{links: {{type: object, properties: {{self: {link}}}}}}}}}")
            )
        );
        let loaded = load_str(Path::new("t.yaml"), &spec).expect("loads");
        let (api, _) = normalize(&loaded).expect("normalizes");
        let names: Vec<&str> = api.types.iter().map(|(_, def)| def.ident.as_str()).collect();
        assert!(names.contains(&"SelfModel"), "{names:?}");
        assert!(!names.contains(&"Self"), "{names:?}");
    }
}
