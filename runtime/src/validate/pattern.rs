//! `pattern` keywords: ECMA-262 regular expressions run with the `regex`
//! crate, translated so that they mean what they mean in ECMA (`\d` and
//! `\w` are ASCII there, Unicode in `regex`), compiled once and cached.
//! A pattern that `regex` cannot run (look-around, back-references) is not
//! enforced, rather than failing every value (servers report those
//! patterns when they start: `server::check_patterns`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock, RwLock};

use regex::Regex;

type Cache = RwLock<HashMap<String, Option<Arc<Regex>>, FastHash>>;

/// FNV-1a, for maps looked up on every request whose keys the spec or the
/// program chooses, never a client (the cached patterns; a server's response
/// schemas): short keys hash several times faster than with the default
/// hasher, whose resistance to chosen keys these maps do not need.
pub(crate) type FastHash = BuildHasherDefault<Fnv>;

/// The state of an FNV-1a hash.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The most patterns the cache holds; when full it is emptied. A server
/// has the few patterns of its spec; a program that validates against
/// ever new schemas (the generator, fuzzed) must not grow without bound.
const CACHE_CAPACITY: usize = 1024;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The compiled form of `pattern` (translated, see [`translate`]), or
/// `None` when it cannot be run.
pub fn compiled(pattern: &str) -> Option<Arc<Regex>> {
    if let Some(found) = cache().read().ok().and_then(|map| map.get(pattern).cloned()) {
        return found;
    }
    let result = compile(pattern).ok().map(Arc::new);
    if let Ok(mut map) = cache().write() {
        if map.len() >= CACHE_CAPACITY {
            map.clear();
        }
        map.insert(pattern.to_owned(), result.clone());
    }
    result
}

/// The patterns a thread used last, and their compiled forms.
type Recent = Vec<(Box<str>, Option<Arc<Regex>>)>;

/// The most patterns each thread keeps at hand for [`is_match`].
const RECENT_CAPACITY: usize = 32;

/// Whether `text` matches `pattern` (compiled as [`compiled`] compiles it);
/// `None` when the pattern cannot be run. Each thread keeps the patterns it
/// used last at hand, found by comparing their text: no lock, no hashing
/// and no reference count per call, where a server checks the same few
/// patterns on every request.
pub(crate) fn is_match(pattern: &str, text: &str) -> Option<bool> {
    thread_local! {
        static RECENT: RefCell<Recent> = const { RefCell::new(Vec::new()) };
    }
    RECENT.with(|recent| {
        let Ok(mut recent) = recent.try_borrow_mut() else {
            return compiled(pattern).map(|regex| regex.is_match(text));
        };
        if let Some((_, regex)) = recent.iter().find(|(known, _)| **known == *pattern) {
            return regex.as_ref().map(|regex| regex.is_match(text));
        }
        let regex = compiled(pattern);
        if recent.len() >= RECENT_CAPACITY {
            recent.clear();
        }
        recent.push((pattern.into(), regex.clone()));
        regex.map(|regex| regex.is_match(text))
    })
}

/// Translate and compile an ECMA-262 pattern.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern)?;
    Regex::new(&translated).map_err(|e| e.to_string())
}

/// Rewrite ECMA-262 syntax whose meaning differs in the `regex` crate:
/// the ASCII classes `\d`, `\w` (and negations) and `\b`, `\uXXXX`
/// escapes, and `[^]`. Unsupported constructs are left for `regex` to
/// reject.
pub fn translate(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    return Err("pattern ends with a lone backslash".into());
                };
                match (escaped, in_class) {
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('D', false) => out.push_str("[^0-9]"),
                    ('D', true) => out.push_str("[^0-9]"),
                    ('w', false) => out.push_str("[0-9A-Za-z_]"),
                    ('w', true) => out.push_str("0-9A-Za-z_"),
                    ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                    ('W', true) => out.push_str("[^0-9A-Za-z_]"),
                    ('b', false) => out.push_str(r"(?-u:\b)"),
                    ('B', false) => out.push_str(r"(?-u:\B)"),
                    ('b', true) => out.push_str(r"\x08"),
                    ('u', _) => {
                        let hex: String = chars.clone().take(4).collect();
                        if hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            chars.nth(3);
                            out.push_str(&format!("\\x{{{hex}}}"));
                        } else {
                            out.push_str("\\u");
                        }
                    }
                    ('/', _) => out.push('/'),
                    (other, _) => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' if !in_class => {
                if chars.peek() == Some(&'^') {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek() == Some(&']') {
                        // `[^]` matches any character in ECMA.
                        chars.nth(1);
                        out.push_str(r"[\s\S]");
                        continue;
                    }
                }
                in_class = true;
                out.push('[');
                // A `]` first in an ECMA class closes it (`[]` matches nothing);
                // in `regex` it would be a literal.
                if chars.peek() == Some(&']') {
                    chars.next();
                    in_class = false;
                    out.push_str(r"^\s\S]");
                }
            }
            '[' => out.push_str(r"\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_hash_is_fnv_1a() {
        let hash = |bytes: &[u8]| {
            let mut hasher = Fnv::default();
            hasher.write(bytes);
            hasher.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    fn is_match(pattern: &str, text: &str) -> bool {
        compile(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")).is_match(text)
    }

    #[test]
    fn ascii_classes_mean_ascii() {
        assert!(is_match(r"^\d+$", "123"));
        assert!(!is_match(r"^\d+$", "١٢٣"), "Arabic-Indic digits are not ECMA \\d");
        assert!(is_match(r"^[\w.\-]+$", "user.name-1"));
        assert!(!is_match(r"^[\w.\-]+$", "usér"), "é is not ECMA \\w");
        assert!(!is_match(r"^\w+$", "日本"));
        assert!(is_match(r"^\W$", "é"));
        assert!(is_match(r"^[\D]+$", "abc"));
        assert!(!is_match(r"^[\D]+$", "a1"));
    }

    #[test]
    fn spec_patterns_behave_as_in_ecma() {
        assert!(is_match("^[A-Za-z0-9_]{3,50}$", "abc_1"));
        assert!(!is_match("^[A-Za-z0-9_]{3,50}$", "ab"));
        assert!(is_match(r"^\u0041$", "A"));
        assert!(is_match(r"^a\/b$", "a/b"));
        assert!(is_match("^[^]$", "\n"));
        assert!(!is_match("a[]", "a"));
        assert!(is_match(r"\bfoo\b", "a foo b"));
        assert!(is_match(r"[a\]]", "]"));
    }

    #[test]
    fn unsupported_patterns_are_errors_not_panics() {
        assert!(compile("(?=a)b").is_err(), "look-ahead");
        assert!(compile(r"(a)\1").is_err(), "back-reference");
        assert!(compile("a\\").is_err());
        assert!(compile("(").is_err());
        assert!(compiled("(?<!x)y").is_none());
        assert!(compiled("^a$").is_some());
    }
}
