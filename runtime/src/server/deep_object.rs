//! The `deepObject` fields of a urlencoded form body: `name[key]=value`,
//! nested `name[key][sub]=value`, an array's items `name[0][price]=value`
//! or `name[]=value`. A field's pairs are gathered into a tree as they
//! come, and the tree is typed along the field's schema once the whole form
//! is read: whether `[0]` is an item or a member named `0` is the schema's
//! to say.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use serde_json::{Map, Value};

use super::error::{FieldError, HttpError, Place};
use super::params::coerce_text;
use crate::validate::{Direction, Object, Schema, Union, check, escape};

/// The most brackets one name may nest: a deeper name is refused before
/// anything is built for it.
pub(crate) const MAX_DEPTH: usize = 32;

/// What a form field's name says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Name {
    /// A field of its own: any name but a deepObject field's followed by
    /// brackets (so a field of another body literally named `a[b]` is
    /// that field).
    Flat(String),
    /// A place inside a deepObject field.
    Deep {
        /// The field.
        field: String,
        /// Where in it, outermost first; never empty.
        path: Vec<Segment>,
    },
}

/// One bracketed part of a name.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    /// `[key]`: a member, or an array's item when the key is an index.
    Key(String),
    /// `[]`: a new item at the end of an array.
    Append,
}

/// Why a deepObject field's name cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MalformedName {
    /// A `[` without its `]`, or a `[` inside brackets.
    Unbalanced,
    /// Text after a `]` that opens no other bracket.
    TextAfterBracket,
    /// More than [`MAX_DEPTH`] brackets.
    TooDeep,
}

impl MalformedName {
    fn message(self) -> String {
        match self {
            Self::Unbalanced => "a `[` is not closed by its `]`".to_owned(),
            Self::TextAfterBracket => "text follows a `]` outside brackets".to_owned(),
            Self::TooDeep => format!("more than {MAX_DEPTH} brackets"),
        }
    }
}

/// Read a field's name as written (still percent-encoded). Brackets written
/// as they are nest, and each key between them is decoded on its own, so a
/// key's own escaped `]` (`%5D`) stays in the key. A name whose brackets
/// are all escaped (`metadata%5Bkey%5D`, as clients that encode every
/// bracket send it) is decoded first and read as Rack and PHP read it.
pub(crate) fn read_name(
    raw: &str,
    decode: impl Fn(&str) -> Result<String, HttpError>,
    is_deep: impl Fn(&str) -> bool,
) -> Result<Name, HttpError> {
    let decoded = decode(raw)?;
    if is_deep(&decoded) {
        return Ok(Name::Flat(decoded));
    }
    let (field, brackets, literal) = match raw.find('[') {
        Some(at) => (decode(&raw[..at])?, &raw[at..], true),
        None => match decoded.find('[') {
            Some(at) => (decoded[..at].to_owned(), &decoded[at..], false),
            None => return Ok(Name::Flat(decoded)),
        },
    };
    if !is_deep(&field) {
        return Ok(Name::Flat(decoded));
    }
    let malformed = |why: MalformedName| {
        let message = format!("malformed form field name `{decoded}`: {}", why.message());
        HttpError::field(Place::Body, format!("/{}", escape(&field)), "form", message)
    };
    let keys = bracketed(brackets).map_err(malformed)?;
    let mut path = Vec::with_capacity(keys.len());
    for key in keys {
        path.push(match key {
            "" => Segment::Append,
            key if literal => Segment::Key(decode(key)?),
            key => Segment::Key(key.to_owned()),
        });
    }
    Ok(Name::Deep { field, path })
}

/// The keys of `[a][b]...`, as written.
fn bracketed(mut rest: &str) -> Result<Vec<&str>, MalformedName> {
    let mut keys = Vec::new();
    while !rest.is_empty() {
        let inside = rest.strip_prefix('[').ok_or(MalformedName::TextAfterBracket)?;
        let end = inside.find(']').ok_or(MalformedName::Unbalanced)?;
        let key = &inside[..end];
        if key.contains('[') {
            return Err(MalformedName::Unbalanced);
        }
        if keys.len() == MAX_DEPTH {
            return Err(MalformedName::TooDeep);
        }
        keys.push(key);
        rest = &inside[end + 1..];
    }
    Ok(keys)
}

#[derive(Debug, Clone)]
enum Node {
    Leaf(String),
    Branch(Branch),
}

/// The members given to one place: by key (members, or items by index)
/// and by `[]`, in order.
#[derive(Debug, Clone, Default)]
struct Branch {
    keyed: BTreeMap<String, Node>,
    appended: Vec<Node>,
}

/// The deepObject fields of one form, as read so far: its members are the
/// fields.
#[derive(Debug, Default)]
pub(crate) struct DeepFields {
    root: Branch,
}

impl DeepFields {
    /// `value` at `path` in `field`. A later value at the same place
    /// replaces an earlier one, as for flat fields; a place given both a
    /// value and members is refused.
    pub(crate) fn insert(&mut self, field: String, path: Vec<Segment>, value: String) -> Result<(), HttpError> {
        let conflict = || {
            let message = format!("form field `{field}` gives one place both a value and members");
            HttpError::field(Place::Body, format!("/{}", escape(&field)), "form", message)
        };
        // Where the value goes, in `branch`: each segment of the path
        // makes the place before it a branch to go into.
        let mut place = Segment::Key(field.clone());
        let mut branch = &mut self.root;
        for segment in path {
            let node = match place {
                Segment::Key(key) => branch.keyed.entry(key).or_insert_with(|| Node::Branch(Branch::default())),
                Segment::Append => appended(&mut branch.appended, Node::Branch(Branch::default())),
            };
            branch = match node {
                Node::Branch(inner) => inner,
                Node::Leaf(_) => return Err(conflict()),
            };
            place = segment;
        }
        match place {
            Segment::Append => branch.appended.push(Node::Leaf(value)),
            Segment::Key(key) => match branch.keyed.entry(key) {
                Entry::Vacant(vacant) => {
                    vacant.insert(Node::Leaf(value));
                }
                Entry::Occupied(mut occupied) => match occupied.get_mut() {
                    Node::Leaf(text) => *text = value,
                    Node::Branch(_) => return Err(conflict()),
                },
            },
        }
        Ok(())
    }

    /// Each field as a JSON value typed along its schema (`schema_of` the
    /// field's, `None` for a field the schema does not know: its values
    /// stay strings). An array index must be below `index_limit`, the
    /// number of fields in the form: no more items can have been sent, and
    /// items are kept in order of their indices without the gaps, so no
    /// index makes the server allocate more than the request holds.
    pub(crate) fn typed(
        self,
        schema_of: impl Fn(&str) -> Option<&'static Schema<'static>>,
        index_limit: usize,
    ) -> Result<Vec<(String, Value)>, HttpError> {
        self.root
            .keyed
            .into_iter()
            .map(|(field, node)| {
                let pointer = format!("/{}", escape(&field));
                let value = typed(node, schema_of(&field), &pointer, index_limit);
                value.map(|value| (field, value)).map_err(|error| HttpError::invalid(vec![error]))
            })
            .collect()
    }
}

/// `node` pushed onto `nodes`, to go into.
fn appended(nodes: &mut Vec<Node>, node: Node) -> &mut Node {
    nodes.push(node);
    let at = nodes.len() - 1;
    &mut nodes[at]
}

fn field_error(pointer: &str, rule: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { place: Place::Body, field: pointer.to_owned(), rule, message: message.into() }
}

fn typed(node: Node, schema: Option<&Schema<'static>>, pointer: &str, index_limit: usize) -> Result<Value, FieldError> {
    match node {
        Node::Leaf(text) => leaf_value(&text, schema, pointer),
        Node::Branch(branch) => branch_value(branch, schema, pointer, index_limit),
    }
}

/// A value, coerced as a flat field's is; where the schema wants an array,
/// an array of that one item.
fn leaf_value(text: &str, schema: Option<&Schema<'static>>, pointer: &str) -> Result<Value, FieldError> {
    let Some(schema) = schema else {
        return Ok(Value::String(text.to_owned()));
    };
    let coerce = |schema| coerce_text(text, schema).map_err(|m| field_error(pointer, m.rule(), m.message(text)));
    match schema.inner() {
        Schema::Array(items, _) => Ok(Value::Array(vec![coerce(items)?])),
        _ => coerce(schema),
    }
}

fn branch_value(
    branch: Branch,
    schema: Option<&Schema<'static>>,
    pointer: &str,
    index_limit: usize,
) -> Result<Value, FieldError> {
    let Some(schema) = schema else {
        return untyped(branch, pointer, index_limit);
    };
    match Holder::of(schema) {
        Some(Holder::Items(items)) => items_value(branch, Some(items), pointer, index_limit),
        Some(Holder::Object(object)) => {
            let member =
                |key: &str| object.fields.iter().find(|f| f.name == key).map(|f| f.schema).or(object.additional);
            members_value(branch, member, pointer, index_limit)
        }
        Some(Holder::Map(values)) => members_value(branch, |_| Some(values), pointer, index_limit),
        Some(Holder::Untyped) => untyped(branch, pointer, index_limit),
        Some(Holder::Union(union)) => union_value(branch, union, pointer, index_limit),
        None => Err(field_error(pointer, "type", "expected a single value, found members in brackets")),
    }
}

/// What a schema that takes members in brackets holds: the one list of
/// those schemas, for reading a branch and for picking a union's
/// alternatives that can.
enum Holder<'s> {
    /// An array of these items.
    Items(&'s Schema<'static>),
    /// An object with known members.
    Object(&'s Object<'static>),
    /// An object whose values are of this schema.
    Map(&'s Schema<'static>),
    /// Any value, or any object: members as the brackets give them.
    Untyped,
    /// Alternatives, tried in turn.
    Union(&'s Union<'static>),
}

impl<'s> Holder<'s> {
    /// What `schema` holds, or `None` for a schema of single values.
    fn of(schema: &'s Schema<'static>) -> Option<Self> {
        match schema.inner() {
            Schema::Array(items, _) => Some(Self::Items(items)),
            Schema::Object(object) => Some(Self::Object(object)),
            Schema::Map(values, _) => Some(Self::Map(values)),
            Schema::Any | Schema::JsonObject => Some(Self::Untyped),
            Schema::Union(union) => Some(Self::Union(union)),
            _ => None,
        }
    }
}

/// Members of no known schema: an array if given by `[]` alone, else an
/// object, its values strings.
fn untyped(branch: Branch, pointer: &str, index_limit: usize) -> Result<Value, FieldError> {
    if branch.keyed.is_empty() {
        items_value(branch, None, pointer, index_limit)
    } else {
        members_value(branch, |_| None, pointer, index_limit)
    }
}

fn members_value<'s>(
    branch: Branch,
    member: impl Fn(&str) -> Option<&'s Schema<'static>>,
    pointer: &str,
    index_limit: usize,
) -> Result<Value, FieldError> {
    if !branch.appended.is_empty() {
        return Err(field_error(
            pointer,
            "type",
            "expected an object, whose members are named: `[]` adds an array's item",
        ));
    }
    let mut members = Map::new();
    for (key, node) in branch.keyed {
        let value = typed(node, member(&key), &format!("{pointer}/{}", escape(&key)), index_limit)?;
        members.insert(key, value);
    }
    Ok(Value::Object(members))
}

/// The items by index, in order, then those added by `[]`.
fn items_value(
    branch: Branch,
    items: Option<&Schema<'static>>,
    pointer: &str,
    index_limit: usize,
) -> Result<Value, FieldError> {
    let mut numbered = Vec::with_capacity(branch.keyed.len());
    for (key, node) in branch.keyed {
        let index = key.bytes().all(|b| b.is_ascii_digit()).then(|| key.parse::<usize>().ok()).flatten();
        let index = index.filter(|index| *index < index_limit).ok_or_else(|| {
            let message = format!(
                "`[{key}]` is not an item's index: items are numbered from 0, below the number of fields in the form \
                 ({index_limit})"
            );
            field_error(pointer, "form", message)
        })?;
        numbered.push((index, node));
    }
    numbered.sort_by_key(|(index, _)| *index);
    let nodes = numbered.into_iter().map(|(_, node)| node).chain(branch.appended);
    let values = nodes.enumerate().map(|(i, node)| typed(node, items, &format!("{pointer}/{i}"), index_limit));
    values.collect::<Result<_, _>>().map(Value::Array)
}

/// The first alternative that can hold members and whose reading of them
/// is valid; failing that, the first one's reading, whose faults the
/// validator then reports.
fn union_value(branch: Branch, union: &Union<'static>, pointer: &str, index_limit: usize) -> Result<Value, FieldError> {
    let mut first = None;
    for variant in union.variants.iter().filter(|variant| Holder::of(variant).is_some()) {
        let reading = branch_value(branch.clone(), Some(variant), pointer, index_limit);
        let valid = reading
            .as_ref()
            .is_ok_and(|value| check(&mut value.clone(), variant, Direction::Request, Place::Body, "").is_empty());
        if valid {
            return reading;
        }
        first.get_or_insert(reading);
    }
    first.unwrap_or_else(|| {
        Err(field_error(pointer, "type", "expected a value of one of the alternatives, found members in brackets"))
    })
}

#[cfg(test)]
mod tests;
