//! Load stage, first step for large JSON: the text read in pieces, on threads.
//!
//! serde_json reads a document on one thread; for a large spec (GitHub's,
//! 13 MB) that is most of the load stage's own work. The root object's
//! members, and those of its large sections (`paths`, `components` and
//! `schemas` in it), are found by a scan that only follows strings and
//! brackets; each piece (a run of members) is read inside its ancestors'
//! keys (`{"paths":{` ... `}}`), so it nests as deep as in the document.
//!
//! Everything between the pieces (braces, colons, commas, whitespace) is
//! checked by the scan; everything else is in a piece, checked by the
//! parser. A name given twice shows when the pieces are joined (the parser
//! keeps the last value, as it does read whole). Anything out of the
//! ordinary, and the caller reads the text whole, which also gives an
//! error its line and column.

use std::ops::Range;

use serde_yaml::Value;

use super::pieces::{self, Cutter, Entry};

/// The document `text` holds, its pieces parsed by `parse` on threads, or
/// `None` where it must be read whole (see the module documentation).
pub(super) fn read(text: &str, parse: impl Fn(&str) -> Option<Value> + Sync) -> Option<Value> {
    read_in_pieces(text, pieces::piece_bytes(text)?, parse)
}

/// [`read`] with pieces of about `piece_bytes`, whatever the text's size.
fn read_in_pieces(text: &str, piece_bytes: usize, parse: impl Fn(&str) -> Option<Value> + Sync) -> Option<Value> {
    let bytes = text.as_bytes();
    let open = skip_space(bytes, 0);
    if bytes.get(open) != Some(&b'{') {
        return None;
    }
    // One scan of the document finds where every value the cut may ask
    // about ends: the root's, and those of the sections cut inside it.
    let mut shallow = Vec::new();
    let end = container_end(bytes, open, bytes.len(), pieces::DEEPEST + 1, &mut shallow)?;
    if skip_space(bytes, end) != bytes.len() {
        return None;
    }
    pieces::read(&Objects { text, shallow }, open + 1..end - 1, piece_bytes, parse)
}

/// JSON text, cut by bytes.
struct Objects<'a> {
    text: &'a str,
    /// The bytes of the objects and arrays that open a few levels down
    /// (see [`container_end`]), in order.
    shallow: Vec<Range<usize>>,
}

impl Objects<'_> {
    /// Just after the value that starts at `start`, if it ends before
    /// `limit`: looked up when the scan of the document recorded it.
    fn value_end(&self, start: usize, limit: usize) -> Option<usize> {
        match self.shallow.binary_search_by_key(&start, |container| container.start) {
            Ok(found) => Some(self.shallow[found].end).filter(|&end| end <= limit),
            Err(_) => value_end(self.text.as_bytes(), start, limit),
        }
    }
}

impl Cutter for Objects<'_> {
    /// The bytes between an object's braces.
    type Span = Range<usize>;

    /// The members of the object whose braces hold `within` (a member whose
    /// value is an object is a section).
    fn entries(&self, within: Range<usize>) -> Option<Vec<Entry<Range<usize>>>> {
        let bytes = self.text.as_bytes();
        let mut entries = Vec::new();
        let mut at = skip_space(bytes, within.start);
        if at == within.end {
            return Some(entries);
        }
        loop {
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let key = at..string_end(bytes, at, within.end)?;
            let colon = skip_space(bytes, key.end);
            if colon >= within.end || bytes[colon] != b':' {
                return None;
            }
            let value = skip_space(bytes, colon + 1);
            let end = self.value_end(value, within.end)?;
            let section = (bytes[value] == b'{').then(|| value + 1..end - 1);
            entries.push(Entry { key: key.clone(), bytes: key.start..end, section });
            at = skip_space(bytes, end);
            if at == within.end {
                return Some(entries);
            }
            if bytes[at] != b',' {
                return None;
            }
            at = skip_space(bytes, at + 1);
        }
    }

    /// `{` and its key for each ancestor, then its members in braces.
    fn piece_text(&self, ancestors: &[Range<usize>], bytes: Range<usize>) -> String {
        let mut text = String::with_capacity(bytes.len() + 64);
        for ancestor in ancestors {
            text.push('{');
            text.push_str(&self.text[ancestor.clone()]);
            text.push(':');
        }
        text.push('{');
        text.push_str(&self.text[bytes]);
        text.push('}');
        text.extend(std::iter::repeat_n('}', ancestors.len()));
        text
    }
}

/// The first byte from `at` on that is not JSON whitespace.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// Just after the string that starts (with its quote) at `start`, if it
/// ends before `limit`.
fn string_end(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let mut at = start + 1;
    loop {
        at += memchr::memchr2(b'"', b'\\', bytes.get(at..limit)?)?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        at += 2;
    }
}

/// Just after the value that starts at `start`, if it ends before `limit`:
/// a string, an object or array (to its closing bracket, strings inside
/// skipped), or a scalar (to the next delimiter). What the value holds is
/// the parser's to check.
fn value_end(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    match *bytes.get(start).filter(|_| start < limit)? {
        b'"' => string_end(bytes, start, limit),
        b'{' | b'[' => container_end(bytes, start, limit, 0, &mut Vec::new()),
        _ => {
            let scalar = &bytes[start..limit];
            let end = scalar.iter().position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'));
            Some(start + end.unwrap_or(scalar.len()))
        }
    }
}

/// Just after the object or array that starts at `start`, if it ends
/// before `limit`; the bytes of every object and array inside it that
/// opens at most `levels` down (itself one down) are pushed onto
/// `shallow`, in the order they open.
fn container_end(
    bytes: &[u8],
    start: usize,
    limit: usize,
    levels: usize,
    shallow: &mut Vec<Range<usize>>,
) -> Option<usize> {
    // Where each recorded container still open is in `shallow`.
    let mut open = Vec::new();
    let mut depth = 0usize;
    let mut at = start;
    // Only quotes and brackets matter: the next of each kind is searched
    // for (memchr), not every byte looked at (a large spec's bytes are
    // half indentation), and kept until the scan passes it.
    let (mut next_quote_or_brace, mut next_square) = (start, start);
    loop {
        if next_quote_or_brace < at {
            let found = memchr::memchr3(b'"', b'{', b'}', &bytes[at..limit]);
            next_quote_or_brace = found.map_or(limit, |offset| at + offset);
        }
        if next_square < at {
            let found = memchr::memchr2(b'[', b']', &bytes[at..limit]);
            next_square = found.map_or(limit, |offset| at + offset);
        }
        at = next_quote_or_brace.min(next_square);
        if at >= limit {
            return None;
        }
        match bytes[at] {
            b'"' => {
                at = string_end(bytes, at, limit)?;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth <= levels {
                    open.push(shallow.len());
                    shallow.push(at..at);
                }
            }
            // `}` or `]`: the only other bytes searched for.
            _ => {
                if depth <= levels {
                    let closed = open.pop()?;
                    shallow[closed].end = at + 1;
                }
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use serde_yaml::Value;

    use super::read_in_pieces;
    use crate::load::pieces::checks;
    use crate::load::tree::whole_json;

    /// The document read in pieces of about `piece_bytes`, and the pieces'
    /// texts; the document is `None` where it is left to a whole read.
    fn pieces(text: &str, piece_bytes: usize) -> (Option<Value>, Vec<String>) {
        checks::recorded(|parse| read_in_pieces(text, piece_bytes, parse), |piece| whole_json(piece).ok())
    }

    const SPEC: &str = r#"
{"openapi": "3.0.3", "info": {"title": "Pets \"quoted\" {not a brace}", "version": "1"},
 "tags": [{"name": "pets"}, {"name": "a ] b"}],
 "paths": {
   "/pets": {"get": {"operationId": "list", "responses": {"200": {"description": "ok \\"}}},
             "post": {"responses": {"204": {"description": "made"}}}},
   "/pets/{id}": {"get": {"description": "a \u007b brace", "responses": {"200": {"description": "ok"}}}},
   "/owners" : { "get" : { "responses" : { } } }
 },
 "components": {"schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
                            "Owner's": {"type": "string", "maximum": 1e3, "x-big": 123456789012345678901234567890}},
                "responses": {}},
 "x-trailer": null, "x-empty": {}, "x-list": [], "x-true": true
}
"#;

    #[test]
    fn pieces_read_as_the_document_read_whole() {
        let whole = whole_json(SPEC).unwrap();
        for piece_bytes in [1, 100, 300, 100_000] {
            let (document, texts) = pieces(SPEC, piece_bytes);
            assert_eq!(document.as_ref(), Some(&whole), "pieces of {piece_bytes} bytes: {texts:#?}");
        }
        // Cut finely, each schema and each operation of a path is a piece of
        // its own, inside its ancestors' keys.
        let texts = pieces(SPEC, 1).1;
        assert!(
            texts.contains(
                &r#"{"paths":{"/pets":{"post": {"responses": {"204": {"description": "made"}}}}}}"#.to_owned()
            )
        );
        assert!(texts.iter().any(|t| t.starts_with(r#"{"paths":{"/pets/{id}":{"get": {"description""#)), "{texts:#?}");
        assert!(texts.iter().any(|t| t.starts_with(r#"{"components":{"schemas":{"Owner's": {"type""#)), "{texts:#?}");
        // Cut coarsely, neighbours share a piece.
        assert_eq!(pieces(SPEC, 100_000).1.len(), 1);
    }

    #[test]
    fn text_the_scan_or_the_parser_refuses_is_left_to_a_whole_read() {
        let cases = [
            (r#"{"a": 1, "b": 2, "a": 3}"#, "repeated name"),
            (r#"{"p": {"x": 1, "y": 2}, "q": 0, "p": {"z": 1}}"#, "repeated section"),
            (r#"{"a": 1 "b": 2}"#, "missing comma"),
            (r#"{"a": 1,, "b": 2}"#, "double comma"),
            (r#"{"a": 1, "b": 2,}"#, "trailing comma"),
            (r#"{"a" 1}"#, "missing colon"),
            (r#"{"a": {"b": 1}"#, "unclosed"),
            (r#"{"a": {"b": 1}}}"#, "closed twice"),
            (r#"{"a": [1}, "b": 2}"#, "mismatched brackets"),
            (r#"{"a": "unterminated}"#, "unterminated string"),
            (r#"{"a": tru e}"#, "split scalar"),
            (r#"{a: 1}"#, "unquoted name"),
            (r#"{"a": 1} {"b": 2}"#, "two documents"),
            ("[1, 2]", "root array"),
            ("{\"a\": 1,\u{a0}\"b\": 2}", "not JSON whitespace"),
            (r#"{"a": "\x"}"#, "bad escape"),
            ("", "empty"),
        ];
        for (text, what) in cases {
            assert_eq!(pieces(text, 1).0, None, "{what}: {text:?}");
        }
        assert_eq!(pieces("{}", 1).0, Some(Value::Mapping(serde_yaml::Mapping::new())));
    }

    #[test]
    fn the_scan_records_where_shallow_containers_end() {
        let text = r#"{"a": [1, {"b": {}}], "c": {"d": "}"}, "e": 2}"#;
        let mut shallow = Vec::new();
        let end = super::container_end(text.as_bytes(), 0, text.len(), 2, &mut shallow);
        assert_eq!(end, Some(text.len()));
        let recorded: Vec<&str> = shallow.iter().map(|r| &text[r.clone()]).collect();
        // The root and its members' values; `{"b": {}}`, three down, is not recorded.
        assert_eq!(recorded, [text, r#"[1, {"b": {}}]"#, r#"{"d": "}"}"#]);
        assert_eq!(super::container_end(text.as_bytes(), 0, text.len() - 1, 2, &mut Vec::new()), None);
    }

    #[test]
    fn small_texts_are_read_whole() {
        assert_eq!(super::read(SPEC, |_| panic!("a small text is not cut")), None);
    }

    /// Text mutated byte by byte (bytes dropped, repeated or swapped;
    /// quotes, brackets, commas, colons, escapes and spaces put in) reads in
    /// pieces as it reads whole, or is left to the whole read: never
    /// another document.
    #[test]
    fn mutated_specs_read_in_pieces_as_whole_or_not_at_all() {
        const INSERTS: &[&str] = &["\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\"a\":1,", "{}", "1e999"];
        let mut next = checks::numbers(0x2545_f491_4f6c_dd1d);
        let base = kitchen_sink_json();
        let (mut compared, mut left_whole) = (0, 0);
        for _ in 0..1_000 {
            let mut mutated = base.clone().into_bytes();
            for _ in 0..1 + next(3) {
                let at = next(mutated.len());
                match next(4) {
                    0 => drop(mutated.remove(at)),
                    1 => mutated.insert(at, mutated[at]),
                    2 if at + 1 < mutated.len() => mutated.swap(at, at + 1),
                    _ => drop(mutated.splice(at..at, INSERTS[next(INSERTS.len())].bytes())),
                }
            }
            let Ok(mutated) = String::from_utf8(mutated) else { continue };
            let whole = whole_json(&mutated).ok();
            match pieces(&mutated, 1 + next(3_000)).0 {
                Some(document) => {
                    assert_eq!(Some(&document), whole.as_ref(), "mutated:\n{mutated}");
                    compared += 1;
                }
                None => left_whole += 1,
            }
        }
        assert!(compared > 100 && left_whole > 100, "{compared} read in pieces, {left_whole} left whole");
    }

    /// A spec of the fixtures, written as JSON.
    fn kitchen_sink_json() -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join("tests/fixtures/valid/kitchen-sink.yaml")).expect("fixture");
        let value: serde_json::Value = serde_yaml::from_str(&text).expect("YAML");
        serde_json::to_string_pretty(&value).expect("JSON")
    }

    /// Every JSON spec under `OAPI_CORPUS_DIR` (see CORPUS.md) read in small
    /// pieces against read whole: `OAPI_CORPUS_DIR=... cargo test -p
    /// oapi-generator --release json_pieces -- --ignored`.
    #[test]
    #[ignore = "needs the corpus; run on demand"]
    fn corpus_specs_read_alike_in_pieces() {
        checks::corpus_reads_alike(
            &["json"],
            |text| pieces(text, 4096).0,
            |text| whole_json(text).map_err(|e| e.to_string()),
        );
    }
}
