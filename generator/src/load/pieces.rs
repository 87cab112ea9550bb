//! Load stage, first step for large texts: a document's mapping entries
//! read in pieces, on threads, and joined. What is cut where is the text
//! format's ([`Cutter`]: `yaml_pieces`, `json_pieces`); the plan of the
//! pieces and their joining are the same for both.
//!
//! The root mapping's entries are cut into runs of about a piece's size;
//! an entry larger than that whose value is a mapping (a section: `paths`,
//! `components`, `schemas` in it) is cut the same way, up to [`DEEPEST`]
//! sections down. A piece is read inside its ancestors' keys, so it nests as
//! deep as in the document and meets the parser's limits alike. Joining
//! checks each piece's entry count and refuses a key given twice; the
//! caller then reads the text whole, which gives an error its place.

use std::ops::Range;

use serde_yaml::{Mapping, Value};

/// Texts shorter than this are read whole: threads cost more than they save.
const SMALLEST_SPLIT: usize = 256 * 1024;

/// How deep sections are cut: the root's entries, a section's (`paths`),
/// a section's sections' (`components` → `schemas`).
pub(super) const DEEPEST: usize = 3;

/// How large the pieces of `text` are: about a 32nd of it, at least
/// 32 KiB; `None` for a text to read whole.
pub(super) fn piece_bytes(text: &str) -> Option<usize> {
    (text.len() >= SMALLEST_SPLIT).then(|| (text.len() / 32).max(32 * 1024))
}

/// A text format's view of its mappings, for cutting.
pub(super) trait Cutter {
    /// Where a mapping's entries are (lines, or bytes).
    type Span;

    /// The entries of the mapping at `within`, in order; `None` where it is
    /// not plainly a mapping this format can cut.
    fn entries(&self, within: Self::Span) -> Option<Vec<Entry<Self::Span>>>;

    /// The text of a piece: the entries at `bytes`, inside the keys
    /// (`ancestors`, bytes of the text) of the sections holding them.
    fn piece_text(&self, ancestors: &[Range<usize>], bytes: Range<usize>) -> String;
}

/// An entry of a mapping.
pub(super) struct Entry<S> {
    /// Its key (what a piece of an entry inside it is read after).
    pub key: Range<usize>,
    /// All of it, key to value.
    pub bytes: Range<usize>,
    /// Where its value's entries are, when its value is a mapping that may be
    /// cut further.
    pub section: Option<S>,
}

/// The document the mapping at `body` holds, read in pieces of about
/// `piece_bytes` by `parse` on threads; `None` where it must be read whole.
pub(super) fn read<C: Cutter>(
    cutter: &C,
    body: C::Span,
    piece_bytes: usize,
    parse: impl Fn(&str) -> Option<Value> + Sync,
) -> Option<Value> {
    let mut pieces = Vec::new();
    let plans = plan(cutter, body, piece_bytes, 0, &mut Vec::new(), &mut pieces)?;
    let texts: Vec<String> =
        pieces.iter().map(|piece| cutter.piece_text(&piece.ancestors, piece.bytes.clone())).collect();
    let mut parsed: Vec<Option<Value>> = crate::parallel::map(&texts, |piece| parse(piece));
    if parsed.iter().any(Option::is_none) {
        return None;
    }
    join(plans, &pieces, &mut parsed, 0).map(Value::Mapping)
}

/// A run of consecutive entries of one mapping, read as one piece inside
/// its ancestors' keys.
struct Piece {
    ancestors: Vec<Range<usize>>,
    bytes: Range<usize>,
    entries: usize,
}

/// How a mapping is put back together from pieces: a piece's entries, or an
/// entry (a section) whose value is a mapping cut further.
enum Plan {
    Piece(usize),
    Section(Vec<Plan>),
}

/// The plan of the mapping at `within`, `depth` sections down, the pieces it
/// reads pushed onto `pieces`; `None` where the cutter cannot cut it.
fn plan<C: Cutter>(
    cutter: &C,
    within: C::Span,
    piece_bytes: usize,
    depth: usize,
    ancestors: &mut Vec<Range<usize>>,
    pieces: &mut Vec<Piece>,
) -> Option<Vec<Plan>> {
    let entries = cutter.entries(within)?;
    let mut plans = Vec::new();
    // Entries gathered for the next piece: their bytes and count.
    let mut run: Option<(Range<usize>, usize)> = None;
    for Entry { key, bytes, section } in entries {
        if let Some(inner) = section.filter(|_| depth + 1 < DEEPEST && bytes.len() > piece_bytes) {
            // The entries before the section are a piece before its pieces.
            flush(&mut run, ancestors, pieces, &mut plans);
            let mark = pieces.len();
            ancestors.push(key);
            let inner = plan(cutter, inner, piece_bytes, depth + 1, ancestors, pieces);
            ancestors.pop();
            match inner {
                // An empty section has no piece to take its key from: it is an entry.
                Some(inner) if !inner.is_empty() => {
                    plans.push(Plan::Section(inner));
                    continue;
                }
                _ => pieces.truncate(mark),
            }
        }
        match &mut run {
            Some((gathered, count)) if bytes.end - gathered.start <= piece_bytes => {
                gathered.end = bytes.end;
                *count += 1;
            }
            _ => {
                flush(&mut run, ancestors, pieces, &mut plans);
                run = Some((bytes, 1));
            }
        }
    }
    flush(&mut run, ancestors, pieces, &mut plans);
    Some(plans)
}

/// Close the run of entries gathered so far into a piece.
fn flush(
    run: &mut Option<(Range<usize>, usize)>,
    ancestors: &[Range<usize>],
    pieces: &mut Vec<Piece>,
    plans: &mut Vec<Plan>,
) {
    if let Some((bytes, entries)) = run.take() {
        plans.push(Plan::Piece(pieces.len()));
        pieces.push(Piece { ancestors: ancestors.to_vec(), bytes, entries });
    }
}

/// The mapping `plans` describe, from the pieces as parsed; `None` where an
/// entry count or a key shows the cuts were wrong, or a key is repeated.
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

/// What the formats' tests of their cuts share.
#[cfg(test)]
pub(super) mod checks {
    use std::sync::Mutex;

    use serde_yaml::Value;

    /// What `read` (a format's reading in pieces, given the parse of a
    /// piece) gives with each piece parsed by `parse`, and the pieces' texts.
    pub(in crate::load) fn recorded(
        read: impl FnOnce(&(dyn Fn(&str) -> Option<Value> + Sync)) -> Option<Value>,
        parse: impl Fn(&str) -> Option<Value> + Sync,
    ) -> (Option<Value>, Vec<String>) {
        let seen = Mutex::new(Vec::new());
        let document = read(&|piece: &str| {
            seen.lock().unwrap().push(piece.to_owned());
            parse(piece)
        });
        (document, seen.into_inner().unwrap())
    }

    /// Numbers below the one given, from `seed` (xorshift64: deterministic,
    /// so a failure repeats).
    pub(in crate::load) fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |below| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % below as u64).unwrap_or(0)
        }
    }

    /// Every spec with one of `extensions` under `OAPI_CORPUS_DIR` (see
    /// CORPUS.md): read in pieces, it must be the document read whole, or
    /// be left to the whole read.
    pub(in crate::load) fn corpus_reads_alike(
        extensions: &[&str],
        in_pieces: impl Fn(&str) -> Option<Value>,
        whole: impl Fn(&str) -> Result<Value, String>,
    ) {
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
            if path.extension().is_none_or(|e| !extensions.iter().any(|x| e == *x)) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            match (in_pieces(&text), whole(&text)) {
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
