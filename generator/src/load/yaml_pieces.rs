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

use serde_yaml::{Mapping, Value};

/// Texts shorter than this are read whole: threads cost more than they save.
const SMALLEST_SPLIT: usize = 256 * 1024;

/// How deep sections are cut: the root's entries, a section's (`paths`),
/// a section's sections' (`components` → `schemas`).
const DEEPEST: usize = 3;

/// The document `text` holds, its pieces parsed by `parse` on threads, or
/// `None` where it must be read whole (see the module documentation).
pub(super) fn read(text: &str, parse: impl Fn(&str) -> Option<Value> + Sync) -> Option<Value> {
    if text.len() < SMALLEST_SPLIT {
        return None;
    }
    read_in_pieces(text, (text.len() / 32).max(32 * 1024), parse)
}

/// [`read`] with pieces of about `piece_bytes`, whatever the text's size.
fn read_in_pieces(text: &str, piece_bytes: usize, parse: impl Fn(&str) -> Option<Value> + Sync) -> Option<Value> {
    let lines = lines(text);
    let body = body_start(text, &lines)?;
    let cutter = Cutter { text, lines: &lines, piece_bytes };
    let mut pieces = Vec::new();
    let plans = cutter.plan(body..lines.len(), 0, &mut Vec::new(), &mut pieces)?;
    let texts: Vec<String> = pieces.iter().map(|piece| cutter.piece_text(piece)).collect();
    let mut parsed: Vec<Option<Value>> = crate::parallel::map(&texts, |piece| parse(piece));
    if parsed.iter().any(Option::is_none) {
        return None;
    }
    join(plans, &pieces, &mut parsed, 0).map(Value::Mapping)
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

/// An entry of a block mapping: its key's line, its lines (comments
/// before the first entry included), and whether the key line is a header
/// (its value on the lines below).
struct Entry {
    key: usize,
    lines: Range<usize>,
    header: bool,
}

/// A run of consecutive entries of one mapping, read as one piece after its
/// ancestors' key lines.
struct Piece {
    ancestors: Vec<usize>,
    lines: Range<usize>,
    entries: usize,
}

/// How a mapping is put back together from pieces: a piece's entries, or an
/// entry (a section) whose value is a mapping cut further.
enum Plan {
    Piece(usize),
    Section(Vec<Plan>),
}

struct Cutter<'a> {
    text: &'a str,
    lines: &'a [Line],
    piece_bytes: usize,
}

impl Cutter<'_> {
    fn own(&self, line: usize) -> &str {
        &self.text[self.lines[line].bytes.clone()]
    }

    fn bytes(&self, lines: &Range<usize>) -> usize {
        match (self.lines.get(lines.start), self.lines.get(lines.end.saturating_sub(1))) {
            (Some(first), Some(last)) if !lines.is_empty() => last.bytes.end - first.bytes.start,
            _ => 0,
        }
    }

    /// The plan of the mapping whose entries are the lines `within`, at
    /// `depth` sections down, the pieces it reads pushed onto `pieces`; `None`
    /// where those lines are not plainly a block mapping.
    fn plan(
        &self,
        within: Range<usize>,
        depth: usize,
        ancestors: &mut Vec<usize>,
        pieces: &mut Vec<Piece>,
    ) -> Option<Vec<Plan>> {
        let entries = self.entries(within)?;
        let mut plans = Vec::new();
        // Entries gathered for the next piece.
        let mut run: Option<(Range<usize>, usize)> = None;
        for Entry { key, lines: entry, header } in entries {
            if header && depth + 1 < DEEPEST && self.bytes(&entry) > self.piece_bytes {
                // The entries before the section are a piece before its pieces.
                flush(&mut run, ancestors, pieces, &mut plans);
                let mark = pieces.len();
                ancestors.push(key);
                let inner = self.plan(key + 1..entry.end, depth + 1, ancestors, pieces);
                ancestors.pop();
                match inner {
                    Some(inner) => {
                        plans.push(Plan::Section(inner));
                        continue;
                    }
                    None => pieces.truncate(mark),
                }
            }
            match &mut run {
                Some((lines, count)) if self.bytes(&(lines.start..entry.end)) <= self.piece_bytes => {
                    lines.end = entry.end;
                    *count += 1;
                }
                _ => {
                    flush(&mut run, ancestors, pieces, &mut plans);
                    run = Some((entry, 1));
                }
            }
        }
        flush(&mut run, ancestors, pieces, &mut plans);
        Some(plans)
    }

    /// The entries of the block mapping on the lines `within`. `None` unless
    /// every line with content is indented at least as much as the first,
    /// and each so indented starts a plain or quoted key or a sequence item
    /// (`- `, a compact sequence under the key before).
    fn entries(&self, within: Range<usize>) -> Option<Vec<Entry>> {
        let first = within.clone().find(|&i| self.lines[i].content)?;
        let indent = self.lines[first].indent;
        let mut entries: Vec<Entry> = Vec::new();
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
                entries.last()?;
                continue;
            }
            let header = key_line(own)?;
            if let Some(last) = entries.last_mut() {
                last.lines.end = i;
            }
            entries.push(Entry { key: i, lines: i..within.end, header });
        }
        // The first entry takes the comments and blank lines before it.
        if let Some(head) = entries.first_mut() {
            head.lines.start = within.start;
        }
        Some(entries)
    }

    /// The text of `piece`: its ancestors' key lines, then its own.
    fn piece_text(&self, piece: &Piece) -> String {
        let mut text = String::with_capacity(self.bytes(&piece.lines) + 64);
        for &ancestor in &piece.ancestors {
            text.push_str(self.own(ancestor));
            text.push('\n');
        }
        if let (Some(first), Some(last)) = (self.lines.get(piece.lines.start), piece.lines.end.checked_sub(1)) {
            text.push_str(&self.text[first.bytes.start..self.lines[last].bytes.end]);
            text.push('\n');
        }
        text
    }
}

/// Close the run of entries gathered so far into a piece.
fn flush(run: &mut Option<(Range<usize>, usize)>, ancestors: &[usize], pieces: &mut Vec<Piece>, plans: &mut Vec<Plan>) {
    if let Some((lines, entries)) = run.take() {
        plans.push(Plan::Piece(pieces.len()));
        pieces.push(Piece { ancestors: ancestors.to_vec(), lines, entries });
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

/// The mapping `plans` describe, from the pieces as parsed; `None` where an
/// entry count or a key shows the cuts were wrong, or a key is repeated
/// (read whole, the parser refuses that with its place).
fn join(plans: Vec<Plan>, pieces: &[Piece], parsed: &mut [Option<Value>], depth: usize) -> Option<Mapping> {
    let mut mapping = Mapping::new();
    for plan in plans {
        match plan {
            Plan::Piece(index) => {
                let entries = entries_of(parsed[index].take()?, depth)?;
                if entries.len() != pieces[index].entries {
                    return None;
                }
                for (key, value) in entries {
                    if mapping.insert(key, value).is_some() {
                        return None;
                    }
                }
            }
            Plan::Section(inner) => {
                let key = section_key(&inner, parsed, depth)?;
                let value = join(inner, pieces, parsed, depth + 1)?;
                if mapping.insert(key, Value::Mapping(value)).is_some() {
                    return None;
                }
            }
        }
    }
    Some(mapping)
}

/// The mapping `depth` single-entry mappings down in a piece.
fn entries_of(value: Value, depth: usize) -> Option<Mapping> {
    let Value::Mapping(mut mapping) = value else { return None };
    for _ in 0..depth {
        if mapping.len() != 1 {
            return None;
        }
        let (_, inner) = mapping.into_iter().next()?;
        let Value::Mapping(inner) = inner else { return None };
        mapping = inner;
    }
    Some(mapping)
}

/// The key of the section at `depth` whose plans are `inner`, as its first
/// piece parsed it.
fn section_key(inner: &[Plan], parsed: &[Option<Value>], depth: usize) -> Option<Value> {
    let mut plan = inner.first()?;
    let index = loop {
        match plan {
            Plan::Piece(index) => break *index,
            Plan::Section(deeper) => plan = deeper.first()?,
        }
    };
    let mut mapping = parsed[index].as_ref()?.as_mapping()?;
    for _ in 0..depth {
        mapping = mapping.values().next()?.as_mapping()?;
    }
    if mapping.len() != 1 {
        return None;
    }
    mapping.keys().next().cloned()
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_yaml::Value;

    use super::read_in_pieces;
    use crate::load::tree::whole_yaml;

    /// The document read in pieces of about `piece_bytes`, and the pieces'
    /// texts; the document is `None` where it is left to a whole read.
    fn pieces(text: &str, piece_bytes: usize) -> (Option<Value>, Vec<String>) {
        let seen = Mutex::new(Vec::new());
        let document = read_in_pieces(text, piece_bytes, |piece| {
            seen.lock().unwrap().push(piece.to_owned());
            whole_yaml(piece).ok()
        });
        (document, seen.into_inner().unwrap())
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
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |below: usize| {
            // xorshift64: deterministic, so a failure repeats.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % below as u64).unwrap_or(0)
        };
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
        let root = std::env::var("OAPI_CORPUS_DIR").expect("OAPI_CORPUS_DIR names the unpacked corpus");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let (mut cut, mut whole_only) = (0, 0);
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                let mut entries: Vec<_> = std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()).collect();
                entries.sort();
                stack.extend(entries);
                continue;
            }
            if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            match (pieces(&text, 4096).0, whole_yaml(&text)) {
                (Some(document), Ok(whole)) => {
                    assert!(document == whole, "{} reads otherwise in pieces", path.display());
                    cut += 1;
                }
                (Some(_), Err(e)) => panic!("{}: read in pieces, but whole: {e}", path.display()),
                (None, _) => whole_only += 1,
            }
        }
        eprintln!("{cut} specs read alike in pieces, {whole_only} left whole");
        assert!(cut > 0);
    }
}
