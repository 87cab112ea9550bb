//! Cargo features per tag: a user who needs a few operations of a large API
//! builds only those and the models they reach. Each tag of the spec is a
//! feature of the client and the models crate (all on by default); an
//! operation is compiled when a feature of one of its tags is on, a model
//! when a feature of an operation reaching it is on, and a model no
//! operation reaches (and what it reaches) under the feature
//! `unreferenced-models`. Operations without a tag, and the models they
//! reach, are always compiled. A spec whose tags give fewer than two
//! features to choose from (one tag, not split) gets none.
//!
//! A tag with more operations than a limit (a sixth of GitHub's API is one
//! tag) is split by the paths its operations address: a feature per path
//! resource (`repos-releases` for `/repos/{owner}/{repo}/releases/...`),
//! which the tag's feature turns on all of, so that a user of a few of its
//! operations need not compile the rest.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{Api, TypeId};
use crate::naming::{Scope, feature_name};

/// The feature of the models no operation reaches.
pub(crate) const UNREFERENCED: &str = "unreferenced-models";

/// The most features one tag is split into. An API whose every path is a
/// resource of its own (`/#Action=DescribeVolumes`, RPC over HTTP) would
/// get one per operation or two: a manifest of hundreds of features, and
/// models gated by lists of hundreds, which help nobody.
const MOST_RESOURCES: usize = 100;

/// Names a tag's feature cannot take: Cargo's own and the client's others.
const RESERVED: &[&str] = &["default", "tracing", UNREFERENCED];

/// When an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    Always,
    /// When one of these features (indexes into [`TagFeatures::features`]) is on.
    Any(BTreeSet<usize>),
}

/// One feature of the generated crates.
#[derive(Debug, Clone)]
pub(crate) struct Feature {
    /// The Cargo feature name.
    pub name: String,
    /// How many operations it compiles (for the READMEs); a split tag's,
    /// those of all its resources.
    pub operations: usize,
    /// What it stands for.
    pub kind: FeatureKind,
}

/// What a feature stands for.
#[derive(Debug, Clone)]
pub(crate) enum FeatureKind {
    /// The operations of a tag.
    Tag(String),
    /// A tag split by resource: it compiles nothing itself, and turns on
    /// the features of its resources (`parts`).
    SplitTag { tag: String, parts: Vec<String> },
    /// One resource of a split tag (whose feature is `part_of`): the
    /// operations at `paths`.
    TagResource { tag: String, part_of: String, paths: Vec<ResourcePath> },
    /// One resource of the operations without a tag: those at these paths.
    UntaggedResource(Vec<ResourcePath>),
    /// [`UNREFERENCED`]: the models no operation reaches.
    Unreferenced,
}

impl Feature {
    /// The tag it stands for, or one resource of.
    pub(crate) fn tag(&self) -> Option<&str> {
        match &self.kind {
            FeatureKind::Tag(tag) | FeatureKind::SplitTag { tag, .. } | FeatureKind::TagResource { tag, .. } => {
                Some(tag)
            }
            FeatureKind::UntaggedResource(_) | FeatureKind::Unreferenced => None,
        }
    }

    /// A split tag's features of its resources; none for another feature.
    pub(crate) fn parts(&self) -> &[String] {
        match &self.kind {
            FeatureKind::SplitTag { parts, .. } => parts,
            _ => &[],
        }
    }

    /// A split tag's resource: the split tag's feature.
    pub(crate) fn part_of(&self) -> Option<&str> {
        match &self.kind {
            FeatureKind::TagResource { part_of, .. } => Some(part_of),
            _ => None,
        }
    }

    /// A resource's paths; none for another feature.
    pub(crate) fn paths(&self) -> &[ResourcePath] {
        match &self.kind {
            FeatureKind::TagResource { paths, .. } | FeatureKind::UntaggedResource(paths) => paths,
            _ => &[],
        }
    }

    /// Whether it compiles code of its own: all but a split tag's, which
    /// only turns on its resources'.
    fn compiles(&self) -> bool {
        !matches!(self.kind, FeatureKind::SplitTag { .. })
    }
}

/// The features of one API and what each item is compiled under.
#[derive(Debug, Clone)]
pub(crate) struct TagFeatures {
    /// By name: the tags' features (a split tag's and its resources'), then
    /// [`UNREFERENCED`] if any model needs it.
    pub features: Vec<Feature>,
    operations: Vec<Gate>,
    types: Vec<Gate>,
}

impl TagFeatures {
    /// Whether some feature stands for a path resource (of a split tag, or
    /// of the operations without a tag).
    pub(crate) fn splits_resources(&self) -> bool {
        self.features
            .iter()
            .any(|f| matches!(f.kind, FeatureKind::TagResource { .. } | FeatureKind::UntaggedResource(_)))
    }

    /// Whether the operations without a tag are split into resources.
    pub(crate) fn splits_untagged(&self) -> bool {
        self.features.iter().any(|f| matches!(f.kind, FeatureKind::UntaggedResource(_)))
    }

    /// The features of `api`; `None` when they would leave nothing to
    /// choose (fewer than two). A tag of more than `split_above` operations
    /// gets a feature per path resource too, and so do the operations
    /// without a tag when there are more than `split_above` of them.
    pub(crate) fn new(api: &Api, split_above: usize) -> Option<Self> {
        let mut tagged: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut untagged = Vec::new();
        for (position, op) in api.operations.iter().enumerate() {
            if op.tags.is_empty() {
                untagged.push(position);
            }
            for tag in &op.tags {
                let positions = tagged.entry(tag.as_str()).or_default();
                // A tag listed twice is one.
                if positions.last() != Some(&position) {
                    positions.push(position);
                }
            }
        }
        let split = |positions: &[usize]| match positions.len() > split_above {
            true => resources(positions.iter().map(|&p| (p, api.operations[p].path.as_str())), split_above),
            false => Vec::new(),
        };
        // Claimed in the order of the tags, listed by name, then their
        // resources', then those of the operations without a tag:
        // deterministic, and a tag keeps its name when split.
        let mut scope = Scope::with_reserved(RESERVED.iter().copied());
        let names: Vec<String> = tagged.keys().map(|tag| scope.claim(feature_name(tag))).collect();
        let mut features = Vec::new();
        // The features each operation is compiled under, by name; none for
        // one that is always compiled.
        let mut compiled_under: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.operations.len()];
        let mut add = |feature: Feature, positions: &[usize]| {
            positions.iter().for_each(|&p| _ = compiled_under[p].insert(feature.name.clone()));
            features.push(feature);
        };
        for ((tag, positions), name) in tagged.iter().zip(names) {
            let tag = (*tag).to_owned();
            let resources = split(positions);
            if resources.is_empty() {
                add(Feature { name, operations: positions.len(), kind: FeatureKind::Tag(tag) }, positions);
                continue;
            }
            let mut parts = Vec::new();
            for resource in resources {
                let part = scope.claim(feature_name(&format!("{name} {}", resource.key)));
                parts.push(part.clone());
                let kind = FeatureKind::TagResource {
                    tag: tag.clone(),
                    part_of: name.clone(),
                    paths: resource.paths.into_iter().collect(),
                };
                add(Feature { name: part, operations: resource.operations.len(), kind }, &resource.operations);
            }
            parts.sort();
            // It compiles nothing itself: it turns its resources' on.
            add(Feature { name, operations: positions.len(), kind: FeatureKind::SplitTag { tag, parts } }, &[]);
        }
        // Many operations without a tag (an API that has none): a feature
        // per resource, named by it alone.
        for resource in split(&untagged) {
            let feature = Feature {
                name: scope.claim(feature_name(&resource.key)),
                operations: resource.operations.len(),
                kind: FeatureKind::UntaggedResource(resource.paths.into_iter().collect()),
            };
            add(feature, &resource.operations);
        }
        if features.iter().filter(|f| f.compiles()).count() < 2 {
            return None;
        }
        features.sort_by(|a, b| a.name.cmp(&b.name));
        let index: BTreeMap<&str, usize> = features.iter().enumerate().map(|(i, f)| (f.name.as_str(), i)).collect();
        let operations: Vec<Gate> = compiled_under
            .iter()
            .map(|names| match names.is_empty() {
                true => Gate::Always,
                false => Gate::Any(names.iter().map(|name| index[name.as_str()]).collect()),
            })
            .collect();
        let mut types = reached(api, &operations);
        // The models no operation reaches, and what they reach in turn.
        let unreferenced: Vec<TypeId> = api
            .types
            .iter()
            .filter(|(id, _)| matches!(&types[id.0], Gate::Any(f) if f.is_empty()))
            .map(|(id, _)| id)
            .collect();
        if !unreferenced.is_empty() {
            let gate = Gate::Any(BTreeSet::from([features.len()]));
            features.push(Feature { name: UNREFERENCED.to_owned(), operations: 0, kind: FeatureKind::Unreferenced });
            spread(api, &mut types, unreferenced, &gate);
        }
        Some(Self { features, operations, types })
    }

    /// The features that compile code of their own (all but split tags',
    /// which only turn on their resources'): with all of them on, every
    /// item is compiled.
    pub(crate) fn compiling(&self) -> impl Iterator<Item = &str> {
        self.features.iter().filter(|f| f.compiles()).map(|f| f.name.as_str())
    }

    /// `#[cfg(...)]` for the items of operation `position`, `None` when always compiled.
    pub(crate) fn operation_cfg(&self, position: usize) -> Option<TokenStream> {
        self.cfg(&self.operations[position])
    }

    /// `#[cfg(...)]` for items any of these operations use (a shared error enum).
    pub(crate) fn operations_cfg(&self, positions: &[usize]) -> Option<TokenStream> {
        let mut union = BTreeSet::new();
        for &position in positions {
            match &self.operations[position] {
                Gate::Always => return None,
                Gate::Any(features) => union.extend(features),
            }
        }
        self.cfg(&Gate::Any(union))
    }

    /// Whether operation `position` is compiled whenever the items the
    /// operations `positions` share are ([`Self::operations_cfg`]): when
    /// every feature that turns those on turns it on too.
    pub(crate) fn compiled_with(&self, position: usize, positions: &[usize]) -> bool {
        let Gate::Any(own) = &self.operations[position] else { return true };
        positions.iter().all(|&p| match &self.operations[p] {
            Gate::Always => false,
            Gate::Any(features) => features.is_subset(own),
        })
    }

    /// `#[cfg(...)]` for the items of model `id`.
    pub(crate) fn type_cfg(&self, id: TypeId) -> Option<TokenStream> {
        self.cfg(&self.types[id.0])
    }

    fn cfg(&self, gate: &Gate) -> Option<TokenStream> {
        let Gate::Any(features) = gate else { return None };
        let names: Vec<&str> = features.iter().map(|&i| self.features[i].name.as_str()).collect();
        Some(match names.as_slice() {
            [one] => quote! { #[cfg(feature = #one)] },
            names => quote! { #[cfg(any(#(feature = #names),*))] },
        })
    }
}

/// The operations of a split tag at or under one path resource.
struct Resource {
    /// The path segment naming it.
    key: String,
    /// Positions in [`Api::operations`].
    operations: Vec<usize>,
    /// The paths of its operations.
    paths: BTreeSet<ResourcePath>,
}

/// The paths of a resource's operations.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub(crate) struct ResourcePath {
    /// A path template, up to the resource's segment.
    pub path: String,
    /// Whether the operations' paths go on below it.
    pub below: bool,
}

/// Operations (position, path template) grouped by the path resource they address:
/// past the literal segments all their paths share, the next literal one
/// (`branches` of `/repos/{owner}/{repo}/branches/{branch}` among other
/// `/repos/{owner}/{repo}/...`), again within a group of more than
/// `split_above`. Operations at the shared segments themselves are a
/// resource named by the last of them; groups of one name are one resource.
/// None when that gives fewer than two, or more than [`MOST_RESOURCES`].
fn resources<'a>(operations: impl Iterator<Item = (usize, &'a str)>, split_above: usize) -> Vec<Resource> {
    let addressed = operations.map(|(position, path)| Addressed::new(position, path)).collect();
    let mut found = BTreeMap::new();
    group(addressed, 0, split_above, &mut found);
    match found.len() {
        2..=MOST_RESOURCES => found.into_values().collect(),
        _ => Vec::new(),
    }
}

/// An operation's path as its `/`-separated segments; literal ones hold
/// no parameter.
struct Addressed<'a> {
    position: usize,
    path: &'a str,
    segments: Vec<&'a str>,
    /// Indexes into `segments`.
    literals: Vec<usize>,
}

impl<'a> Addressed<'a> {
    fn new(position: usize, path: &'a str) -> Self {
        let segments: Vec<&str> = path.split('/').collect();
        let literals = (0..segments.len()).filter(|&i| !segments[i].is_empty() && !segments[i].contains('{')).collect();
        Self { position, path, segments, literals }
    }

    /// Its `n`th literal segment.
    fn literal(&self, n: usize) -> Option<&'a str> {
        self.literals.get(n).map(|&i| self.segments[i])
    }

    /// Its path up to its `n`th literal segment, or whole without one.
    fn up_to(&self, n: usize) -> ResourcePath {
        match self.literals.get(n) {
            Some(&i) => ResourcePath { path: self.segments[..=i].join("/"), below: true },
            None => ResourcePath { path: self.path.to_owned(), below: false },
        }
    }
}

/// Group `ops`, whose paths share their first `shared` literal segments,
/// into `found` by resource name (see [`resources`]).
fn group<'a>(ops: Vec<Addressed<'a>>, mut shared: usize, split_above: usize, found: &mut BTreeMap<String, Resource>) {
    while let Some(next) = ops[0].literal(shared)
        && ops.iter().all(|op| op.literal(shared) == Some(next))
    {
        shared += 1;
    }
    let mut by_next: BTreeMap<Option<&str>, Vec<Addressed<'a>>> = BTreeMap::new();
    for op in ops {
        by_next.entry(op.literal(shared)).or_default().push(op);
    }
    for (next, ops) in by_next {
        if next.is_some() && ops.len() > split_above {
            group(ops, shared + 1, split_above, found);
            continue;
        }
        // Operations at the shared segments are named by the last of them.
        let key = next.or_else(|| shared.checked_sub(1).and_then(|last| ops[0].literal(last))).unwrap_or("root");
        let resource = found.entry(key.to_owned()).or_insert_with(|| Resource {
            key: key.to_owned(),
            operations: Vec::new(),
            paths: BTreeSet::new(),
        });
        for op in ops {
            resource.operations.push(op.position);
            resource.paths.insert(op.up_to(shared));
        }
    }
}

/// Each model's gate: the features of the operations that reach it,
/// through fields, items and alternatives; `Any` of none for a model no
/// operation reaches.
fn reached(api: &Api, operations: &[Gate]) -> Vec<Gate> {
    let mut gates = vec![Gate::Any(BTreeSet::new()); api.types.len()];
    for (op, gate) in api.operations.iter().zip(operations) {
        let mut roots = Vec::new();
        op.type_refs().iter().for_each(|t| t.named_ids(&mut roots));
        spread(api, &mut gates, roots, gate);
    }
    gates
}

/// Add `gate` to the gates of `roots` and of every model they reach.
fn spread(api: &Api, gates: &mut [Gate], mut stack: Vec<TypeId>, gate: &Gate) {
    while let Some(id) = stack.pop() {
        let grew = match (&mut gates[id.0], gate) {
            (Gate::Always, _) => false,
            (slot @ Gate::Any(_), Gate::Always) => {
                *slot = Gate::Always;
                true
            }
            (Gate::Any(have), Gate::Any(features)) => {
                let before = have.len();
                have.extend(features);
                have.len() > before
            }
        };
        // A model that already had these features passed them on then.
        if grew {
            api.types.get(id).type_refs().iter().for_each(|t| t.named_ids(&mut stack));
        }
    }
}

/// `items` with `cfg` on each top-level item, after its doc comments. An
/// item ends at a top-level `;`, or at a top-level `{ ... }` that no `;`
/// follows; generated code has no other kind of item.
pub(crate) fn gate_items(cfg: Option<&TokenStream>, items: TokenStream) -> TokenStream {
    let Some(cfg) = cfg else { return items };
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut i = 0;
    while i < tokens.len() {
        if at_start && is_doc(&tokens[i..]) {
            out.extend(tokens[i..i + 2].iter().cloned());
            i += 2;
            continue;
        }
        if at_start {
            out.extend(cfg.clone());
        }
        let token = &tokens[i];
        out.extend(std::iter::once(token.clone()));
        let next_is_semicolon = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ';');
        at_start = match token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && !next_is_semicolon,
            _ => false,
        };
        i += 1;
    }
    out
}

/// Whether `tokens` start with a doc comment (`#[doc = "..."]`).
fn is_doc(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Punct(hash), TokenTree::Group(group), ..] => {
            hash.as_char() == '#'
                && group.delimiter() == Delimiter::Bracket
                && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(name)) if name == "doc")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The resources of `paths` (positions in order): key, positions, paths
    /// (`...` where they go on below).
    fn split(paths: &[&str], split_above: usize) -> Vec<(String, Vec<usize>, Vec<String>)> {
        let found = resources(paths.iter().copied().enumerate(), split_above);
        let shown = |p: &ResourcePath| if p.below { format!("{}/...", p.path) } else { p.path.clone() };
        found.into_iter().map(|r| (r.key, r.operations, r.paths.iter().map(shown).collect())).collect()
    }

    #[test]
    fn resources_are_the_first_segments_paths_do_not_share() {
        let paths = [
            "/repos/{owner}/{repo}",
            "/repos/{owner}/{repo}/releases",
            "/repos/{owner}/{repo}/releases/{id}/assets",
            "/repos/{owner}/{repo}/branches/{branch}",
            "/orgs/{org}/repos",
            "/repos/{owner}/{repo}/",
        ];
        // Within the limit: the first segment, and `repos` as a whole.
        assert_eq!(
            split(&paths, 5),
            [
                ("orgs".into(), vec![4], vec!["/orgs/...".into()]),
                ("repos".into(), vec![0, 1, 2, 3, 5], vec!["/repos/...".into()]),
            ]
        );
        // Over it, `repos` again by what follows; the repository itself (with
        // and without its trailing slash) is named by the shared segment.
        assert_eq!(
            split(&paths, 2),
            [
                ("branches".into(), vec![3], vec!["/repos/{owner}/{repo}/branches/...".into()]),
                ("orgs".into(), vec![4], vec!["/orgs/...".into()]),
                ("releases".into(), vec![1, 2], vec!["/repos/{owner}/{repo}/releases/...".into()]),
                ("repos".into(), vec![0, 5], vec!["/repos/{owner}/{repo}".into(), "/repos/{owner}/{repo}/".into()]),
            ]
        );
        // `root` for paths without a literal segment.
        assert_eq!(
            split(&["/{x}", "/a"], 0),
            [("a".into(), vec![1], vec!["/a".into()]), ("root".into(), vec![0], vec!["/{x}".into()])]
        );
        // No split: paths that differ in parameters only (one resource), or
        // every path a resource of its own beyond `MOST_RESOURCES`.
        assert!(split(&["/a/{x}", "/a/{y}/"], 0).is_empty());
        let actions: Vec<String> = (0..=MOST_RESOURCES).map(|i| format!("/#Action=A{i}")).collect();
        let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
        assert!(split(&actions, 1).is_empty());
        assert_eq!(split(&actions[1..], 1).len(), MOST_RESOURCES);
    }

    fn features_of(paths: &[(&str, &str)], split_above: usize) -> Option<TagFeatures> {
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for (i, (path, tag)) in paths.iter().enumerate() {
            let tags = if tag.is_empty() { String::new() } else { format!("      tags: [{tag}]\n") };
            text += &format!(
                "  {path}:\n    get:\n      operationId: op{i}\n{tags}      responses: {{'204': {{description: ok}}}}\n"
            );
        }
        let loaded = crate::load::load_str(std::path::Path::new("t.yaml"), &text).expect("loads");
        let (api, _) = crate::normalize::normalize(&loaded).expect("normalizes");
        TagFeatures::new(&api, split_above)
    }

    #[test]
    fn operations_without_a_tag_are_split_by_resource_when_many() {
        let paths = [("/a", ""), ("/a/{id}", ""), ("/b", ""), ("/c", "c")];
        assert!(features_of(&paths, 3).is_none(), "three without a tag are few; one tag is no choice");
        let features = features_of(&paths, 2).expect("the three without a tag split");
        let names: Vec<&str> = features.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        let a = &features.features[0];
        assert_eq!((a.tag(), a.part_of(), a.operations), (None, None, 2));
        assert_eq!(a.paths(), [ResourcePath { path: "/a".into(), below: true }]);
        assert!(matches!(a.kind, FeatureKind::UntaggedResource(_)));
        assert_eq!(
            features.operation_cfg(1).map(|c| c.to_string()),
            Some(quote! { #[cfg(feature = "a")] }.to_string())
        );
        assert_eq!(
            features.operation_cfg(3).map(|c| c.to_string()),
            Some(quote! { #[cfg(feature = "c")] }.to_string())
        );
        // A tag's feature keeps its name; a resource named as it is suffixed.
        let features = features_of(&[("/c", ""), ("/c/{id}", ""), ("/d", ""), ("/e", "c")], 2).expect("split");
        let names: Vec<&str> = features.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["c", "c_2", "d"]);
        assert_eq!(features.features[1].operations, 2);
    }

    #[test]
    fn a_large_tag_turns_on_its_resources_features() {
        let paths = [("/x", "t"), ("/x/{id}", "t"), ("/y", "t"), ("/z", "u")];
        let features = features_of(&paths, 2).expect("features");
        let rows: Vec<_> = features
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.tag(), f.parts(), f.part_of(), f.operations))
            .collect();
        let parts = ["t-x".to_owned(), "t-y".to_owned()];
        assert_eq!(
            rows,
            [
                ("t", Some("t"), &parts[..], None, 3),
                ("t-x", Some("t"), &[][..], Some("t"), 2),
                ("t-y", Some("t"), &[][..], Some("t"), 1),
                ("u", Some("u"), &[][..], None, 1),
            ]
        );
        assert!(matches!(features.features[0].kind, FeatureKind::SplitTag { .. }));
        assert!(matches!(features.features[3].kind, FeatureKind::Tag(_)));
        // The split tag's feature compiles nothing of its own.
        assert_eq!(features.compiling().collect::<Vec<_>>(), ["t-x", "t-y", "u"]);
        assert!(features.splits_resources() && !features.splits_untagged());
    }

    #[test]
    fn every_item_gets_the_cfg_once() {
        let cfg = quote! { #[cfg(feature = "pets")] };
        let items = quote! {
            /// Docs.
            #[derive(Debug)]
            pub struct A { pub a: u8 }
            pub struct B(u8);
            const C: Foo = Foo { a: 1 };
            impl A { fn f() { let x = { 1 }; } }
            pub type D = u8;
        };
        let gated = gate_items(Some(&cfg), items).to_string();
        let file = syn::parse_file(&gated).expect("still items");
        assert_eq!(file.items.len(), 5);
        for item in &file.items {
            let text = quote! { #item }.to_string();
            assert_eq!(text.matches("cfg").count(), 1, "{text}");
        }
        // After the doc comment, before the other attributes.
        let first = &file.items[0];
        let first = quote! { #first }.to_string();
        assert!(first.find("doc").unwrap() < first.find("cfg").unwrap(), "{first}");
        assert!(first.find("cfg").unwrap() < first.find("derive").unwrap(), "{first}");
        assert_eq!(gate_items(None, quote! { struct A; }).to_string(), quote! { struct A; }.to_string());
    }
}
