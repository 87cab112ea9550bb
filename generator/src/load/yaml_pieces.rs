//! Load stage, first step for large YAML: the text read in pieces, on threads.
//!
//! libyaml reads a document on one thread at about 10 MB/s, most of the load
//! stage for a large YAML spec. Block-style YAML, as specs are written, shows
//! its structure by indentation: the entries of the root mapping, and those
//! of its large sections (`paths`, `components` and `schemas` in it), start at
//! lines a look at each line's first characters finds. Each piece (a run of
//! such entries) is read with its ancestors' key lines before it, so it nests
//! as deep as in the document and meets the parser's limits alike.
//!
//! When every piece parses, the pieces joined are the document: a cut inside
//! a quoted or flow scalar leaves a piece unterminated, an alias to an anchor
//! in another piece is unknown in its own, an entry the cuts miscounted or a
//! key given twice shows when the pieces are joined. Any of these, or text
//! that is not plainly block-style, and the caller reads the text whole,
//! which also gives an error its line and column.

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
    let lines = lines(text);
    let body = body_start(text, &lines)?;
    pieces::read(&Blocks { text, lines: &lines }, body..lines.len(), piece_bytes, parse)
}

/// One line of the text: where it starts and ends (its newline excluded),
/// its indentation in spaces, whether it holds anything but blanks and a
/// comment, and whether a tab follows the spaces.
struct Line {
    bytes: Range<usize>,
    indent: usize,
    content: bool,
    tab: bool,
}

/// The text's lines.
fn lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let own = &text[start..end];
        let indent = own.len() - own.trim_start_matches(' ').len();
        let rest = &own[indent..];
        let content = !rest.trim().is_empty() && !rest.starts_with('#');
        lines.push(Line { bytes: start..end, indent, content, tab: rest.starts_with('\t') });
        start += line.len();
    }
    lines
}

/// The first line of the root mapping: after a leading `---` (the only
/// document marker taken), `None` for a directive (`%YAML`) or no content.
fn body_start(text: &str, lines: &[Line]) -> Option<usize> {
    let first = lines.iter().position(|line| line.content)?;
    let own = &text[lines[first].bytes.clone()];
    match own.strip_prefix("---") {
        Some(rest) if rest.trim().is_empty() || rest.trim_start().starts_with('#') => Some(first + 1),
        _ if own.starts_with('%') => None,
        _ => Some(first),
    }
}

/// Block-style YAML, cut by lines.
struct Blocks<'a> {
    text: &'a str,
    lines: &'a [Line],
}

impl Blocks<'_> {
    fn own(&self, line: usize) -> &str {
        &self.text[self.lines[line].bytes.clone()]
    }

    /// The bytes of the lines `lines`, newlines between them included.
    fn bytes(&self, lines: Range<usize>) -> Range<usize> {
        self.lines[lines.start].bytes.start..self.lines[lines.end - 1].bytes.end
    }
}

impl Cutter for Blocks<'_> {
    /// The lines of a block mapping.
    type Span = Range<usize>;

    /// The entries of the block mapping on the lines `within` (a header
    /// entry, its value on the lines below, is a section). `None` unless
    /// every line with content is indented at least as much as the first,
    /// and each so indented starts a plain or quoted key or a sequence item
    /// (`- `, a compact sequence under the key before).
    fn entries(&self, within: Range<usize>) -> Option<Vec<Entry<Range<usize>>>> {
        let first = within.clone().find(|&i| self.lines[i].content)?;
        let indent = self.lines[first].indent;
        // Each entry's key line, lines and whether it is a header.
        let mut found: Vec<(usize, Range<usize>, bool)> = Vec::new();
        for i in first..within.end {
            let line = &self.lines[i];
            if !line.content || line.indent > indent {
                continue;
            }
            // A tab where indentation may be: YAML forbids it, and read
            // whole the parser says so.
            if line.indent < indent || line.tab {
                return None;
            }
            let own = &self.own(i)[indent..];
            if own == "-" || own.starts_with("- ") {
                // An item of a sequence written at its key's indentation.
                found.last()?;
                continue;
            }
            let header = key_line(own)?;
            if let Some(last) = found.last_mut() {
                last.1.end = i;
            }
            found.push((i, i..within.end, header));
        }
        // The first entry takes the comments and blank lines before it.
        if let Some(head) = found.first_mut() {
            head.1.start = within.start;
        }
        let entries = found.into_iter().map(|(key, lines, header)| Entry {
            key: self.lines[key].bytes.clone(),
            bytes: self.bytes(lines.clone()),
            section: header.then(|| key + 1..lines.end),
        });
        Some(entries.collect())
    }

    /// Its ancestors' key lines, then its own.
    fn piece_text(&self, ancestors: &[Range<usize>], bytes: Range<usize>) -> String {
        let mut text = String::with_capacity(bytes.len() + 64);
        for ancestor in ancestors {
            text.push_str(&self.text[ancestor.clone()]);
            text.push('\n');
        }
        text.push_str(&self.text[bytes]);
        text.push('\n');
        text
    }
}

/// Whether `own` (a line from its indentation on) is a mapping key followed
/// by nothing but a comment (`true`, its value below), a key with its value
/// (`false`), or `None`: something else (a complex key, an anchor or tag
/// before the key, a document marker, a plain scalar's continuation).
fn key_line(own: &str) -> Option<bool> {
    let after_key = match own.chars().next()? {
        '"' => quoted_end(own, '"')?,
        '\'' => quoted_end(own, '\'')?,
        c if "-?:,[]{}#&*!|>%@`".contains(c) => return None,
        _ => {
            let colon = own
                .match_indices(':')
                .map(|(at, _)| at)
                .find(|&at| own[at + 1..].is_empty() || own[at + 1..].starts_with([' ', '\t']))?;
            if own[..colon].contains(" #") || own[..colon].contains("\t#") {
                return None;
            }
            colon
        }
    };
    let rest = own[after_key..].strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    Some(rest.is_empty() || rest.starts_with('#'))
}

/// Where a key quoted with `quote` ends (just after its closing quote).
fn quoted_end(own: &str, quote: char) -> Option<usize> {
    let mut chars = own.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                // `''` is a quote inside single quotes.
                if quote == '\'' && own[at + 1..].starts_with('\'') {
                    chars.next();
                    continue;
                }
                return Some(at + 1);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_yaml::Value;

    use super::read_in_pieces;
    use crate::load::pieces::checks;
    use crate::load::tree::whole_yaml;

    /// The document read in pieces of about `piece_bytes`, and the pieces'
    /// texts; the document is `None` where it is left to a whole read.
    fn pieces(text: &str, piece_bytes: usize) -> (Option<Value>, Vec<String>) {
        checks::recorded(|parse| read_in_pieces(text, piece_bytes, parse), |piece| whole_yaml(piece).ok())
    }

    const SPEC: &str = "\
# A spec as people write them.
---
openapi: 3.0.3
info:
  title: Pets
  description: |
    Several lines,

    # not a comment: text of the block scalar
    paths: not a key either
  version: '1'
tags:
- name: pets
- {name: owners}
paths:
  # comment before the first path
  /pets:
    get:
      operationId: list
      parameters: &shared
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
    post:
      # An alias to an anchor in the same piece.
      parameters: *shared
      responses: {'204': {description: ok}}
  '/pets/{id}':
    get:
      description: a plain scalar
        continued below
      responses:
        '200':
          description: \"quoted: with a colon\"
  \"/owners\": {get: {responses: {'204': {description: none}}}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    'Owner''s':
      type: string
  responses: {}
x-trailer: end
";

    #[test]
    fn pieces_read_as_the_document_read_whole() {
        let whole = whole_yaml(SPEC).unwrap();
        for piece_bytes in [300, 600, 100_000] {
            let (document, texts) = pieces(SPEC, piece_bytes);
            assert_eq!(document.as_ref(), Some(&whole), "pieces of {piece_bytes} bytes: {texts:#?}");
            assert!(piece_bytes > SPEC.len() || texts.len() > 1, "pieces of {piece_bytes} bytes: {texts:#?}");
        }
        // Cut finely, the paths and the schemas are pieces of their own, each
        // after its ancestors' key lines so it nests as in the document; so
        // are the operations of `/pets`, and then `*shared` names an anchor
        // in another piece.
        let (document, texts) = pieces(SPEC, 1);
        assert_eq!(document, None);
        assert!(texts.iter().any(|t| t.starts_with("paths:\n  /pets:\n    post:\n")), "{texts:#?}");
        assert!(texts.iter().any(|t| t.starts_with("paths:\n  '/pets/{id}':\n")), "{texts:#?}");
        assert!(texts.iter().any(|t| t.starts_with("components:\n  schemas:\n    'Owner''s':\n")), "{texts:#?}");
        assert!(texts.iter().any(|t| t.starts_with("tags:\n- name: pets\n")), "{texts:#?}");
        // Cut coarsely, neighbours share a piece.
        assert_eq!(pieces(SPEC, 100_000).1.len(), 1);
    }

    #[test]
    fn text_the_cuts_could_misread_is_left_to_a_whole_read() {
        let cases = [
            // An alias to an anchor in another piece.
            ("a: &x 1\nb: *x\n", "alias"),
            // A key given twice, as entries and as sections.
            ("a: 1\nb: 2\na: 3\n", "repeated key"),
            ("p:\n  x: 1\n  y: 2\nq: 0\np:\n  z: 1\n  w: 2\n", "repeated section"),
            // A quoted scalar running over a line that looks like a key.
            ("a: \"one\nb: two\"\nc: 3\n", "quoted scalar"),
            ("a: [1,\nb: 2]\nc: 3\n", "flow sequence"),
            // Not a plain block mapping at the root.
            ("%YAML 1.2\n---\na: 1\nb: 2\n", "directive"),
            ("- a\n- b\n", "root sequence"),
            ("? complex\n: key\nb: 2\n", "complex key"),
            ("a: 1\n---\nb: 2\n", "second document"),
            ("a:\n\tb: 1\nc: 2\n", "tab"),
            ("", "empty"),
        ];
        for (text, what) in cases {
            assert_eq!(pieces(text, 1).0, None, "{what}: {text:?}");
        }
        // Sections that are not plain mappings are read as one entry.
        let text = "list:\n  - a\n  - b\nmap:\n  k: v\n";
        assert_eq!(pieces(text, 1).0, Some(whole_yaml(text).unwrap()));
    }

    #[test]
    fn small_texts_are_read_whole() {
        assert_eq!(super::read(SPEC, |_| panic!("a small text is not cut")), None);
    }

    /// Text mutated line by line (lines dropped, repeated, swapped or
    /// re-indented; quotes, brackets, anchors, aliases, tags and document
    /// markers put in) reads in pieces as it reads whole, or is left to the
    /// whole read: never another document.
    #[test]
    fn mutated_specs_read_in_pieces_as_whole_or_not_at_all() {
        const INSERTS: &[&str] =
            &["\"", "'", "[", "{", "&a ", "*a", "!t ", "? ", "- ", "--- ", "... ", "# ", "|", "\t"];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut next = checks::numbers(0x9e37_79b9_7f4a_7c15);
        let (mut compared, mut left_whole) = (0, 0);
        for spec in ["specs/iblai-credentials.yaml", "specs/tiledb-user.yaml", "tests/fixtures/valid/kitchen-sink.yaml"]
        {
            let text = std::fs::read_to_string(root.join(spec)).expect("spec");
            let lines: Vec<&str> = text.lines().collect();
            for _ in 0..250 {
                let mut mutated: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
                for _ in 0..1 + next(3) {
                    let at = next(mutated.len());
                    match next(6) {
                        0 => drop(mutated.remove(at)),
                        1 => mutated.insert(at, mutated[at].clone()),
                        2 if at + 1 < mutated.len() => mutated.swap(at, at + 1),
                        3 => mutated[at].insert_str(0, &" ".repeat(1 + next(2))),
                        4 => {
                            let line = &mut mutated[at];
                            let cut = line.char_indices().nth(1 + next(2)).map_or(line.len(), |(i, _)| i);
                            drop(line.drain(..cut));
                        }
                        _ => {
                            let line = &mut mutated[at];
                            let place =
                                line.char_indices().map(|(i, _)| i).nth(next(line.len() + 1)).unwrap_or(line.len());
                            line.insert_str(place, INSERTS[next(INSERTS.len())]);
                        }
                    }
                }
                let mutated = mutated.join("\n") + "\n";
                let whole = whole_yaml(&mutated).ok();
                match pieces(&mutated, 1 + next(2_000)).0 {
                    Some(document) => {
                        assert_eq!(Some(&document), whole.as_ref(), "{spec}, mutated:\n{mutated}");
                        compared += 1;
                    }
                    None => left_whole += 1,
                }
            }
        }
        assert!(compared > 100 && left_whole > 10, "{compared} read in pieces, {left_whole} left whole");
    }

    /// Every YAML spec under `OAPI_CORPUS_DIR` (see CORPUS.md) read in small
    /// pieces against read whole: `OAPI_CORPUS_DIR=... cargo test -p
    /// oapi-generator --release yaml_pieces -- --ignored`.
    #[test]
    #[ignore = "needs the corpus; run on demand"]
    fn corpus_specs_read_alike_in_pieces() {
        checks::corpus_reads_alike(
            &["yaml", "yml"],
            |text| pieces(text, 4096).0,
            |text| whole_yaml(text).map_err(|e| e.to_string()),
        );
    }
}
