//! Rust identifiers from spec names: case conversion (heck), keyword
//! escaping, leading digits, symbols and collisions. Every identifier the
//! emitters print comes from here.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// Strict and reserved keywords of every edition up to 2024, which cannot
/// be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either; they get a `_` suffix.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Prelude and std names a generated type must not shadow, because the
/// generated code names them unqualified.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Clone", "Copy", "Default", "Err", "Fn", "Into", "Iterator", "None", "Ok", "Option", "Result", "Self",
    "Send", "Sized", "Some", "String", "Sync", "ToString", "Vec",
];

/// Words for symbols that carry meaning on their own (enum values such as
/// `*` or `-1`), so that they still give distinct names.
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('*', "Star"),
    ('+', "Plus"),
    ('-', "Minus"),
    ('<', "Lt"),
    ('>', "Gt"),
    ('=', "Eq"),
    ('!', "Not"),
    ('@', "At"),
    ('#', "Hash"),
    ('$', "Dollar"),
    ('%', "Percent"),
    ('&', "And"),
    ('|', "Or"),
    ('~', "Tilde"),
    ('^', "Caret"),
    ('?', "Question"),
    ('/', "Slash"),
    ('.', "Dot"),
    (':', "Colon"),
];

/// The catch-all variant of generated enums, holding values the spec does
/// not list; reserved in every enum's scope.
pub const ENUM_CATCH_ALL: &str = "UnknownValue";

/// Characters that separate words when they sit after a letter or digit.
const SEPARATORS: &[char] = &['_', '-', '.', ':', '/', ' ', '\t'];

/// Split `raw` into space-separated ASCII words heck can case: separators
/// become word breaks, other symbols are spelled out when they are
/// meaningful (`*` is `Star`), anything else is dropped.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut seen_alnum = false;
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            seen_alnum = true;
        } else if seen_alnum && SEPARATORS.contains(&c) {
            out.push(' ');
        } else if let Some((_, word)) = SYMBOL_WORDS.iter().find(|(s, _)| *s == c) {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        } else {
            out.push(' ');
        }
    }
    out
}

/// A `snake_case` identifier (fields, functions, modules), escaped.
pub fn snake_ident(raw: &str) -> String {
    let snake = words(raw).to_snake_case();
    let snake = if snake.is_empty() { "value".to_owned() } else { snake };
    escape(if snake.starts_with(|c: char| c.is_ascii_digit()) { format!("_{snake}") } else { snake })
}

/// Whether heck's `PascalCase` of `word` (ASCII letters and digits, as
/// [`words`] leaves them) is `word` itself: it starts with a capital, and
/// every other capital starts one of the words heck splits it into, coming
/// after a lowercase letter (digits between), or before one.
fn already_pascal(word: &str) -> bool {
    let bytes = word.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    // Whether the last letter so far is a capital.
    let mut after_capital = true;
    for (at, byte) in bytes.iter().enumerate().skip(1) {
        if byte.is_ascii_uppercase() {
            if after_capital && !bytes.get(at + 1).is_some_and(u8::is_ascii_lowercase) {
                return false;
            }
            after_capital = true;
        } else if byte.is_ascii_lowercase() {
            after_capital = false;
        } else if !byte.is_ascii_digit() {
            return false;
        }
    }
    true
}

/// Whether clippy reads a method named `ident` (a spec's operation name)
/// as a conversion, which should take `self` by value (`into_*`,
/// `from_*`): generated methods of that name allow `wrong_self_convention`.
pub fn reads_as_conversion(ident: &str) -> bool {
    let name = ident.trim_start_matches("r#");
    name.starts_with("into_") || name.starts_with("from_")
}

/// A `PascalCase` identifier (types, enum variants), escaped.
pub fn pascal_ident(raw: &str) -> String {
    let words = words(raw);
    // Most names reaching here (hoisted types are named after their
    // parent's name) are already what heck would make of them; heck's
    // casing goes through the formatter character by character.
    let pascal = if already_pascal(&words) { words } else { words.to_pascal_case() };
    let pascal = if pascal.is_empty() { "Empty".to_owned() } else { pascal };
    escape(if pascal.starts_with(|c: char| c.is_ascii_digit()) { format!("V{pascal}") } else { pascal })
}

/// A `PascalCase` name for a generated type: like [`pascal_ident`], but
/// never shadowing a prelude type the generated code relies on.
pub fn type_ident(raw: &str) -> String {
    let name = pascal_ident(raw);
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) || name == "Self_" {
        format!("{}Model", name.trim_end_matches('_'))
    } else {
        name
    }
}

/// A `SCREAMING_SNAKE_CASE` identifier (constants and statics), escaped.
pub fn const_ident(raw: &str) -> String {
    let shouty = words(raw).to_shouty_snake_case();
    let shouty = if shouty.is_empty() { "VALUE".to_owned() } else { shouty };
    // No keyword is upper case, so only a leading digit needs escaping.
    if shouty.starts_with(|c: char| c.is_ascii_digit()) { format!("_{shouty}") } else { shouty }
}

/// A crate or package name in kebab-case, e.g. `hypto-iam-client`: the
/// ASCII letters and digits of `raw`, in words (symbols and other
/// characters separate words and are dropped; see [`api_name_problem`]).
/// Cargo refuses package names that start with a digit, so those get an
/// `api-` prefix (`1forge.com` → `api-1forge-com`).
pub fn crate_name(raw: &str) -> String {
    let spaced: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let name = spaced.to_kebab_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{name}") } else { name }
}

/// A Cargo feature name for a tag, in kebab-case (`Actions Permissions` →
/// `actions-permissions`); `tag` when no letter or digit is left.
pub fn feature_name(raw: &str) -> String {
    let name = words(raw).to_kebab_case();
    if name.is_empty() { "tag".to_owned() } else { name }
}

/// Why `name` cannot name an API's crates, if it cannot: crate names hold
/// ASCII letters, digits and `-` only, and a name whose other characters
/// were dropped would be unreadable or collide with another's.
pub fn api_name_problem(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| !c.is_ascii()) {
        return Some(format!("{name:?} has a character crate names cannot hold ({c:?})"));
    }
    if !name.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Some(format!("{name:?} has no letter or digit to name crates after"));
    }
    None
}

/// Escape a keyword: raw identifier where Rust allows it, `_` suffix
/// where it does not.
fn escape(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Hands out names that are unique within one scope (the fields of one
/// struct, the variants of one enum, the types of one module), in the
/// order they are asked for, so the result is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Self { taken: reserved.into_iter().map(str::to_owned).collect() }
    }

    /// `ident`, or `ident` with the smallest numeric suffix that makes it
    /// unique (`name_2` for snake case, `Name2` for Pascal case).
    pub fn claim(&mut self, ident: String) -> String {
        if self.taken.insert(ident.clone()) {
            return ident;
        }
        // A suffix makes a keyword an ordinary identifier again.
        let stem = ident.strip_prefix("r#").unwrap_or_else(|| ident.trim_end_matches('_'));
        let snake = stem.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        (2..)
            .map(|n| if snake { format!("{stem}_{n}") } else { format!("{stem}{n}") })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of up to seven letters, digits and spaces from a small
    /// alphabet (both cases, capitals in runs) that `already_pascal` takes
    /// is left as it is by heck.
    #[test]
    fn already_pascal_names_are_what_heck_makes_of_them() {
        const ALPHABET: &[u8] = b"aAB1 ";
        let mut texts = vec![Vec::new()];
        let (mut taken, mut checked) = (0, 0);
        for _ in 0..7 {
            texts = texts
                .iter()
                .flat_map(|text: &Vec<u8>| {
                    ALPHABET.iter().map(move |&c| {
                        let mut longer = text.clone();
                        longer.push(c);
                        longer
                    })
                })
                .collect();
            for text in &texts {
                let text = std::str::from_utf8(text).expect("ASCII");
                checked += 1;
                if already_pascal(text) {
                    assert_eq!(text.to_pascal_case(), text);
                    taken += 1;
                }
            }
        }
        assert!(taken > 1_000 && checked > 90_000, "{taken} of {checked}");
        for name in ["CvssSeveritiesCvssV3", "V2Beta", "ABcDe", "Foo2Bar", "GetX"] {
            assert!(already_pascal(name), "{name}");
        }
        for name in ["ABC", "V2B", "fooBar", "Foo Bar", "Foo_bar", ""] {
            assert!(!already_pascal(name), "{name}");
        }
    }

    #[test]
    fn snake_idents() {
        let cases = [
            ("userId", "user_id"),
            ("user_id", "user_id"),
            ("X-TILEDB-REST-API-KEY", "x_tiledb_rest_api_key"),
            ("type", "r#type"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("Self", "self_"),
            ("1st", "_1st"),
            ("200", "_200"),
            ("$filter", "dollar_filter"),
            ("*", "star"),
            ("", "value"),
            ("café", "caf"),
            ("日本", "value"),
            ("page[size]", "page_size"),
            ("ABCDef", "abc_def"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake_ident(raw), expected, "snake_ident({raw:?})");
        }
    }

    #[test]
    fn pascal_idents() {
        let cases = [
            ("user", "User"),
            ("user:read-write", "UserReadWrite"),
            ("user:*", "UserStar"),
            ("*", "Star"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("1", "V1"),
            ("2xx", "V2xx"),
            ("", "Empty"),
            ("ACTIVE", "Active"),
            ("read_write", "ReadWrite"),
            ("Self", "Self_"),
            ("a.b.c", "ABC"),
            (">=", "GtEq"),
        ];
        for (raw, expected) in cases {
            assert_eq!(pascal_ident(raw), expected, "pascal_ident({raw:?})");
        }
    }

    #[test]
    fn type_idents_do_not_shadow_the_prelude() {
        let cases = [
            ("Result", "ResultModel"),
            ("option", "OptionModel"),
            ("Self", "SelfModel"),
            ("string", "StringModel"),
            ("Error", "Error"),
            ("user_response", "UserResponse"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_ident(raw), expected, "type_ident({raw:?})");
        }
    }

    #[test]
    fn const_idents() {
        let cases = [
            ("3DCART_PRIVATE_KEY", "_3DCART_PRIVATE_KEY"),
            ("bearerAuth", "BEARER_AUTH"),
            ("X-TILEDB-REST-API-KEY", "X_TILEDB_REST_API_KEY"),
            ("self", "SELF"),
            ("*", "STAR"),
            ("", "VALUE"),
        ];
        for (raw, expected) in cases {
            assert_eq!(const_ident(raw), expected, "const_ident({raw:?})");
        }
    }

    #[test]
    fn crate_names() {
        assert_eq!(crate_name("hypto-iam-client"), "hypto-iam-client");
        assert_eq!(crate_name("My API v2"), "my-api-v2");
        assert_eq!(crate_name("type"), "type");
        assert_eq!(crate_name("1forge.com-client"), "api-1forge-com-client");
        // Names that differ only in separators or case give one crate name: callers check for collisions.
        assert_eq!(crate_name("a_b"), "a-b");
        assert_eq!(crate_name("Foo Bar"), "foo-bar");
        assert_eq!(crate_name("petStore+v2"), "pet-store-v2");
    }

    #[test]
    fn feature_names() {
        assert_eq!(feature_name("repos"), "repos");
        assert_eq!(feature_name("User Credential Management"), "user-credential-management");
        assert_eq!(feature_name("code-scanning"), "code-scanning");
        assert_eq!(feature_name("userAdmin"), "user-admin");
        assert_eq!(feature_name("1st party"), "1st-party");
        assert_eq!(feature_name("日本"), "tag");
    }

    #[test]
    fn api_names_must_be_ascii_with_a_letter_or_digit() {
        assert_eq!(api_name_problem("hypto-iam"), None);
        assert_eq!(api_name_problem("1forge.com"), None);
        assert_eq!(api_name_problem("café"), Some("\"café\" has a character crate names cannot hold ('é')".into()));
        assert_eq!(api_name_problem("-日本"), Some("\"-日本\" has a character crate names cannot hold ('日')".into()));
        assert_eq!(api_name_problem("--"), Some("\"--\" has no letter or digit to name crates after".into()));
    }

    #[test]
    fn scope_deduplicates_names_equal_after_conversion() {
        let mut scope = Scope::default();
        let names: Vec<_> =
            ["userId", "user_id", "UserID", "user-id"].iter().map(|n| scope.claim(snake_ident(n))).collect();
        assert_eq!(names, ["user_id", "user_id_2", "user_id_3", "user_id_4"]);

        let mut scope = Scope::default();
        let names: Vec<_> = ["active", "ACTIVE", "Active"].iter().map(|n| scope.claim(pascal_ident(n))).collect();
        assert_eq!(names, ["Active", "Active2", "Active3"]);

        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake_ident("type")), "r#type");
        assert_eq!(scope.claim(snake_ident("type")), "type_2");

        let mut scope = Scope::with_reserved(["client"]);
        assert_eq!(scope.claim(snake_ident("client")), "client_2");
    }
}
