//! JSON pointers (RFC 6901) into untyped spec trees, and URI fragments
//! that carry them: the one place the load and normalize stages escape,
//! decode and follow them.

/// A reference token escaped for a pointer (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// `token` escaped (as [`escape`] does) onto the end of `pointer`.
pub(crate) fn push_escaped(pointer: &mut String, token: &str) {
    let mut rest = token;
    // A byte search: `find` with a set of chars decodes every character, and
    // normalize escapes a token for every node it visits.
    while let Some(at) = rest.bytes().position(|b| b == b'~' || b == b'/') {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' { "~0" } else { "~1" });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
}

/// A pointer's reference token unescaped.
pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The node at an RFC 6901 pointer. Mapping keys that YAML typed as numbers
/// or booleans (`200:` under `responses`) match their text.
pub(crate) fn lookup<'v>(root: &'v serde_yaml::Value, pointer: &str) -> Option<&'v serde_yaml::Value> {
    pointer.split('/').skip(1).try_fold(root, |node, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        let node = if let serde_yaml::Value::Tagged(tagged) = node { &tagged.value } else { node };
        match node {
            serde_yaml::Value::Mapping(map) => {
                map.iter().find(|(key, _)| key_text(key).as_deref() == Some(&token)).map(|(_, v)| v)
            }
            serde_yaml::Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
    })
}

pub(crate) fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A URI fragment's `%XX` escapes decoded (invalid escapes kept as written).
pub fn percent_decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_find_nodes_by_text_keys() {
        let doc: serde_yaml::Value = serde_yaml::from_str(
            "paths:\n  /a/{id}:\n    get:\n      responses:\n        200: {description: ok}\n      tags: [x, y]\n",
        )
        .unwrap();
        let found = lookup(&doc, "/paths/~1a~1{id}/get/responses/200/description").unwrap();
        assert_eq!(found.as_str(), Some("ok"));
        assert_eq!(lookup(&doc, "/paths/~1a~1{id}/get/tags/1").unwrap().as_str(), Some("y"));
        assert!(lookup(&doc, "/paths/~1a~1{id}/get/tags/2").is_none());
        assert!(lookup(&doc, "/nope").is_none());
        assert_eq!(lookup(&doc, "").unwrap(), &doc);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(percent_decode("/paths/~1a~1%7Bid%7D"), "/paths/~1a~1{id}");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/caf%C3%A9"), "/café");
    }

    #[test]
    fn tokens_round_trip() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape(&escape("a/b~c~1")), "a/b~c~1");
    }
}
