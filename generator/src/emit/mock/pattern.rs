//! Strings that match a `pattern`: the regular expression is parsed into
//! regex-syntax's HIR and walked deterministically, taking the first
//! alternative and the fewest repetitions, then as many more repetitions
//! as `minLength` needs. Every candidate is confirmed with the `regex`
//! crate, so a pattern this walk cannot satisfy (look-around, a boundary
//! in the wrong place) yields `None` rather than a wrong string.
//!
//! The pattern is ECMA-262: it is walked and checked as the runtime's
//! validator translates it for the `regex` crate (`\d` and `\w` ASCII).

use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest string the walk builds: a pattern that needs more (`a{100000}`) gets none.
const MAX_LEN: usize = 4096;

/// How many alternative choices are tried before giving up.
const ATTEMPTS: usize = 4;

/// A string matching `pattern`, with between `min_len` and `max_len`
/// characters. `hint` (a member name, say) is used as is when it fits.
pub(super) fn matching(pattern: &str, min_len: usize, max_len: Option<usize>, hint: &str) -> Option<String> {
    let regex = oapi_runtime::validate::compiled(pattern)?;
    let fits = |text: &str| {
        let len = text.chars().count();
        len >= min_len && max_len.is_none_or(|max| len <= max) && regex.is_match(text)
    };
    if fits(hint) {
        return Some(hint.to_owned());
    }
    let hir = regex_syntax::parse(&oapi_runtime::validate::translate(pattern).ok()?).ok()?;
    for attempt in 0..ATTEMPTS {
        let Some(shortest) = Walk::run(&hir, attempt, 0) else { continue };
        let missing = min_len.saturating_sub(shortest.chars().count());
        let candidate = if missing == 0 { Some(shortest) } else { Walk::run(&hir, attempt, missing) };
        if let Some(candidate) = candidate.filter(|c| fits(c)) {
            return Some(candidate);
        }
    }
    None
}

/// One deterministic walk over a HIR.
struct Walk {
    out: String,
    /// Which alternative each alternation takes (modulo its length).
    choice: usize,
    /// Characters still to add through extra repetitions.
    missing: usize,
}

impl Walk {
    fn run(hir: &Hir, choice: usize, missing: usize) -> Option<String> {
        let mut walk = Walk { out: String::new(), choice, missing };
        walk.visit(hir)?;
        // One literal can overshoot the bound in a single step.
        (walk.out.len() <= MAX_LEN).then_some(walk.out)
    }

    fn visit(&mut self, hir: &Hir) -> Option<()> {
        if self.out.len() > MAX_LEN {
            return None;
        }
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => self.out.push_str(std::str::from_utf8(&literal.0).ok()?),
            HirKind::Class(class) => self.out.push(pick(class)?),
            HirKind::Capture(capture) => self.visit(&capture.sub)?,
            HirKind::Concat(items) => {
                for item in items {
                    self.visit(item)?;
                }
            }
            HirKind::Alternation(alternatives) => {
                let chosen = alternatives.get(self.choice % alternatives.len().max(1))?;
                self.visit(chosen)?;
            }
            HirKind::Repetition(repetition) => {
                let start = self.out.len();
                let mut count = 0u32;
                while count < repetition.min {
                    self.visit(&repetition.sub)?;
                    count += 1;
                }
                // Repeat further while characters are missing and the
                // repetition allows it (and each repetition adds some).
                while self.missing > 0 && repetition.max.is_none_or(|max| count < max) {
                    let before = self.out.chars().count();
                    self.visit(&repetition.sub)?;
                    let added = self.out.chars().count() - before;
                    if added == 0 {
                        break;
                    }
                    self.missing = self.missing.saturating_sub(added);
                    count += 1;
                }
                if self.out.len() - start > MAX_LEN {
                    return None;
                }
            }
        }
        Some(())
    }
}

/// Characters a class is searched for, in order: those that read well
/// in an example and mean the same in ECMA-262 and Rust syntax.
const PREFERRED: &[(char, char)] =
    &[('a', 'z'), ('0', '9'), ('A', 'Z'), ('_', '_'), ('-', '-'), ('.', '.'), ('!', '~'), (' ', ' ')];

/// The first preferred character of a class, else its first character.
fn pick(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(class) => class.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
            .collect(),
    };
    let contains = |c: char| ranges.iter().any(|(start, end)| (*start..=*end).contains(&c));
    PREFERRED
        .iter()
        .find_map(|(first, last)| (*first..=*last).find(|c| contains(*c)))
        .or_else(|| ranges.first().map(|(start, _)| *start))
}

#[cfg(test)]
mod tests {
    use super::matching;

    /// Each case: pattern, minLength, maxLength, and the expected string.
    #[test]
    fn walks_take_the_first_alternative_and_fewest_repetitions() {
        let cases: &[(&str, usize, Option<usize>, &str)] = &[
            ("^[A-Za-z0-9_]{3,50}$", 0, Some(50), "aaa"),
            ("^[A-Za-z0-9]{10}$", 0, Some(10), "aaaaaaaaaa"),
            (r"^[\w.\-]+$", 0, None, "a"),
            (r"^\d{3}-\d{4}$", 0, None, "000-0000"),
            ("^(foo|bar)+$", 0, None, "foo"),
            ("^(foo|bar)+$", 7, None, "foofoofoo"),
            ("^[A-Z]{2,}[0-9]*$", 5, Some(6), "AAAAA"),
            ("abc", 0, None, "abc"),
            (r"^\u0041\x42$", 0, None, "AB"),
            ("^[^a-z]$", 0, None, "0"),
            (r"^\S+@\S+\.\S+$", 0, None, "a@a.a"),
            ("^(?:v[0-9]+)?$", 0, None, ""),
        ];
        for (pattern, min, max, expected) in cases {
            assert_eq!(matching(pattern, *min, *max, "").as_deref(), Some(*expected), "{pattern}");
        }
    }

    #[test]
    fn a_hint_that_fits_is_kept() {
        assert_eq!(matching(r"^[\w.\-]+$", 0, None, "user.name").as_deref(), Some("user.name"));
        assert_eq!(matching("^[a-z]{3}$", 0, None, "user").as_deref(), Some("aaa"));
    }

    #[test]
    fn later_alternatives_are_tried_when_the_first_cannot_fit() {
        assert_eq!(matching("^(a|bbbb)$", 3, None, "").as_deref(), Some("bbbb"));
    }

    #[test]
    fn impossible_or_unsupported_patterns_give_none() {
        assert_eq!(matching("^[a-z]{5}$", 0, Some(3), ""), None, "length and pattern conflict");
        assert_eq!(matching("(?=a)b", 0, None, ""), None, "look-ahead");
        assert_eq!(matching("(", 0, None, ""), None, "not a regex");
        assert_eq!(matching("^a{100000}$", 0, None, ""), None, "too long");
        assert_eq!(matching(r"a\bb", 0, None, ""), None, "a boundary the walk cannot honour");
    }
}
