//! Guards around parsing, for input the parsers handle badly: flow nesting
//! deep enough to make the YAML parser slow before it gives up, and numbers
//! JSON cannot hold (`.nan`, `.inf`), which `openapiv3` panics on.

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Location, SpecError};

/// The deepest flow nesting (`[` and `{`) accepted before parsing. The YAML
/// parser refuses nesting past 128 levels anyway, but only after work that
/// grows with the square of the input; well past any real spec, this check
/// refuses such input in one linear pass.
pub const MAX_FLOW_DEPTH: usize = 1_000;

/// The longest `pattern` (in characters) the generator enforces. Matching
/// and synthesizing examples cost time that grows with the pattern's size;
/// a longer one is dropped with a warning. Real specs' longest patterns
/// (IANA time zone lists, say) stay well below.
pub const MAX_PATTERN_CHARS: usize = 10_000;

/// How many non-finite numbers one error lists; more are counted.
const MAX_REPORTED: usize = 20;

/// Refuse YAML text whose flow collections nest deeper than
/// [`MAX_FLOW_DEPTH`], naming the line. Brackets count only where a flow
/// collection can start (after indentation, `- `, `: `, `,` or another
/// opening bracket), so brackets inside plain or quoted text rarely count.
pub fn check_flow_depth(root: &Location, text: &str) -> Result<(), SpecError> {
    let mut depth = 0usize;
    for (line_index, line) in text.lines().enumerate() {
        // The last character on this line that is not a space, and whether a space followed it.
        let mut last: Option<char> = None;
        let mut spaced = false;
        for c in line.chars() {
            if c == ' ' || c == '\t' {
                spaced = true;
                continue;
            }
            let opens_here = match last {
                None | Some('[' | '{' | ',') => true,
                Some('-') => spaced,
                // Inside a flow collection JSON writes `"a":[`; in a block, YAML needs `: [`.
                Some(':') => spaced || depth > 0,
                _ => false,
            };
            match c {
                '[' | '{' if !opens_here => {
                    // Text, not a collection: it enables nothing after it.
                    last = Some('x');
                    spaced = false;
                    continue;
                }
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(SpecError::single(
                            root.clone(),
                            format!(
                                "not valid YAML or JSON at line {}: brackets nest more than {MAX_FLOW_DEPTH} levels deep",
                                line_index + 1
                            ),
                        ));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                '#' if last.is_none() || spaced => break,
                _ => {}
            }
            last = Some(c);
            spaced = false;
        }
    }
    Ok(())
}

/// Refuse every number JSON cannot represent (`.nan`, `.inf`, `-.inf`),
/// as a value or a key, each at its own pointer. The walk builds a pointer
/// per node: [`scan`] tells first whether there is anything to find.
pub fn check_finite(root: &Location, document: &Value) -> Result<(), SpecError> {
    let mut found = Vec::new();
    let mut count = 0usize;
    // (node, its location): iterative, so deep documents cannot overflow the stack.
    let mut pending = vec![(document, root.clone())];
    while let Some((node, place)) = pending.pop() {
        let mut report = |place: Location, what: &str| {
            count += 1;
            if found.len() < MAX_REPORTED {
                found.push(Diagnostic::error(
                    place,
                    format!("{what} is not a number JSON can hold; OpenAPI documents allow finite numbers only"),
                ));
            }
        };
        match node {
            Value::Number(n) if !n.is_finite() => report(place, &format!("`{n}`")),
            Value::Mapping(map) => {
                let entries: Vec<_> = map.iter().collect();
                for (key, value) in entries.into_iter().rev() {
                    let token = key_token(key);
                    if let Value::Number(n) = key
                        && !n.is_finite()
                    {
                        report(place.join(&token), &format!("the key `{n}`"));
                    }
                    pending.push((value, place.join(token)));
                }
            }
            Value::Sequence(items) => {
                pending.extend(items.iter().enumerate().rev().map(|(i, item)| (item, place.join(i.to_string()))));
            }
            Value::Tagged(tagged) => pending.push((&tagged.value, place)),
            _ => {}
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    if count > found.len() {
        let (last, unlisted) = (found.len() - 1, count - found.len());
        found[last].message.push_str(&format!(" ({unlisted} more non-finite numbers not listed)"));
    }
    Err(SpecError { diagnostics: found })
}

/// Remove every `pattern` longer than [`MAX_PATTERN_CHARS`], with a
/// warning each. Example values (`example`, `examples`, `default`, `enum`)
/// are data, not schemas, and are left alone. Like [`check_finite`], worth
/// running where [`scan`] finds something.
pub fn drop_oversized_patterns(root: &Location, document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut pending = vec![(document, root.clone())];
    while let Some((node, place)) = pending.pop() {
        match node {
            Value::Mapping(map) => {
                let long = map.get("pattern").and_then(Value::as_str).filter(|p| oversized(p));
                if let Some(chars) = long.map(|p| p.chars().count()) {
                    map.remove("pattern");
                    warnings.push(Diagnostic::warning(
                        place.join("pattern"),
                        format!(
                            "`pattern` not enforced: it is {chars} characters long, and the generator enforces \
                             patterns of up to {MAX_PATTERN_CHARS}"
                        ),
                    ));
                }
                for (key, value) in map.iter_mut() {
                    let token = key_token(key);
                    if !matches!(token.as_str(), "example" | "examples" | "default" | "enum") {
                        pending.push((value, place.join(token)));
                    }
                }
            }
            Value::Sequence(items) => {
                pending.extend(items.iter_mut().enumerate().map(|(i, item)| (item, place.join(i.to_string()))));
            }
            Value::Tagged(tagged) => pending.push((&mut tagged.value, place)),
            _ => {}
        }
    }
    warnings.sort_by(|a, b| a.location.cmp(&b.location));
}

/// Every node of `document`, keys included, without building a pointer
/// for each (depth first, on a stack: deep documents cannot overflow).
fn nodes(document: &Value) -> impl Iterator<Item = &Value> {
    let mut pending = vec![document];
    std::iter::from_fn(move || {
        let node = pending.pop()?;
        match node {
            Value::Sequence(items) => pending.extend(items),
            Value::Mapping(map) => map.iter().for_each(|(k, v)| pending.extend([k, v])),
            Value::Tagged(tagged) => pending.push(&tagged.value),
            _ => {}
        }
        Some(node)
    })
}

/// What the guarded passes of loading look for, found in one walk of the
/// tree (most documents have none of it).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// A number JSON cannot hold (see [`check_finite`]).
    pub non_finite: bool,
    /// A `pattern` longer than [`MAX_PATTERN_CHARS`] (see [`drop_oversized_patterns`]).
    pub long_pattern: bool,
    /// A `$ref` to another file.
    pub external_ref: bool,
}

/// Scan every node of `document`, keys included.
pub fn scan(document: &Value) -> Scan {
    let mut found = Scan::default();
    for node in nodes(document) {
        match node {
            Value::Number(n) => found.non_finite |= !n.is_finite(),
            Value::Mapping(map) => {
                // One pass over the entries: cheaper than hashing both keys for a lookup.
                for (key, value) in map {
                    match (key.as_str(), value.as_str()) {
                        (Some("pattern"), Some(pattern)) => found.long_pattern |= oversized(pattern),
                        (Some("$ref"), Some(target)) => found.external_ref |= !target.starts_with('#'),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether `pattern` is longer than the generator enforces.
fn oversized(pattern: &str) -> bool {
    pattern.len() > MAX_PATTERN_CHARS && pattern.chars().count() > MAX_PATTERN_CHARS
}

/// What the typed reading needs to know of a whole tree before it starts.
pub struct Survey {
    /// The length in bytes of the longest string (keys included).
    pub longest_string: usize,
    /// Whether any node has a YAML tag.
    pub tagged: bool,
}

/// Survey `document` in one pass.
pub fn survey(document: &Value) -> Survey {
    nodes(document).fold(Survey { longest_string: 0, tagged: false }, |survey, node| match node {
        Value::String(s) => Survey { longest_string: survey.longest_string.max(s.len()), ..survey },
        Value::Tagged(_) => Survey { tagged: true, ..survey },
        _ => survey,
    })
}

/// A mapping key as a JSON pointer token.
fn key_token(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        _ => "?".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn root() -> Location {
        Location::root(Path::new("t.yaml"))
    }

    fn depth_error(text: &str) -> Option<String> {
        check_flow_depth(&root(), text).err().map(|e| e.diagnostics[0].message.clone())
    }

    #[test]
    fn deep_flow_nesting_is_refused_with_its_line() {
        let text = format!("openapi: 3.0.3\nx: {}\n", "[".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(
            depth_error(&text).as_deref(),
            Some("not valid YAML or JSON at line 2: brackets nest more than 1000 levels deep")
        );
        let deep_json = format!("{}{}", "[".repeat(MAX_FLOW_DEPTH + 1), "]".repeat(MAX_FLOW_DEPTH + 1));
        assert!(depth_error(&deep_json).is_some());
    }

    #[test]
    fn nesting_within_the_limit_and_brackets_in_text_pass() {
        let nested = format!("x: {}{}\n", "[".repeat(MAX_FLOW_DEPTH), "]".repeat(MAX_FLOW_DEPTH));
        assert_eq!(depth_error(&nested), None);
        // Brackets inside text, which never open a collection.
        let prose = format!(
            "description: see {}\npattern: '^a{}'\n# {}\n",
            "[".repeat(2000),
            "[".repeat(2000),
            "{".repeat(2000)
        );
        assert_eq!(depth_error(&prose), None);
        // Sibling collections do not add up.
        let siblings = "x: [1]\n".repeat(5000);
        assert_eq!(depth_error(&siblings), None);
    }

    #[test]
    fn non_finite_numbers_are_located() {
        let document: Value =
            serde_yaml::from_str("a: {minimum: .nan}\nb: [1, -.inf]\nc: {.inf: x}\nd: {description: .NaN}\n").unwrap();
        let errors = check_finite(&root(), &document).unwrap_err();
        let lines: Vec<String> = errors.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "error: t.yaml#/a/minimum: `.nan` is not a number JSON can hold; OpenAPI documents allow finite numbers only",
                "error: t.yaml#/b/1: `-.inf` is not a number JSON can hold; OpenAPI documents allow finite numbers only",
                "error: t.yaml#/c/.inf: the key `.inf` is not a number JSON can hold; OpenAPI documents allow finite \
                 numbers only",
                "error: t.yaml#/d/description: `.nan` is not a number JSON can hold; OpenAPI documents allow finite \
                 numbers only",
            ]
        );
        let finite: Value = serde_yaml::from_str("a: [1, 2.5, -3e10]").unwrap();
        assert!(check_finite(&root(), &finite).is_ok());
    }

    #[test]
    fn oversized_patterns_are_dropped_with_a_warning() {
        let long = "a".repeat(MAX_PATTERN_CHARS + 1);
        let fits = "b".repeat(MAX_PATTERN_CHARS);
        let mut document: Value = serde_yaml::from_str(&format!(
            "s: {{type: string, pattern: '{long}'}}\nt: {{type: string, pattern: '{fits}'}}\n\
             u: {{example: {{pattern: '{long}'}}}}\np: {{properties: {{pattern: {{type: string}}}}}}\n"
        ))
        .unwrap();
        let mut warnings = Vec::new();
        drop_oversized_patterns(&root(), &mut document, &mut warnings);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "warning: t.yaml#/s/pattern: `pattern` not enforced: it is 10001 characters long, and the generator \
             enforces patterns of up to 10000"
        );
        assert!(document["s"].get("pattern").is_none());
        assert_eq!(document["t"]["pattern"].as_str(), Some(fits.as_str()));
        assert_eq!(document["u"]["example"]["pattern"].as_str(), Some(long.as_str()), "examples are data");
        assert!(document["p"]["properties"]["pattern"].is_mapping());
    }

    #[test]
    fn one_scan_finds_what_each_guarded_pass_looks_for() {
        let scan_of = |text: &str| scan(&serde_yaml::from_str(text).unwrap());
        let long = "a".repeat(MAX_PATTERN_CHARS + 1);
        assert_eq!(scan_of("a: {$ref: '#/b'}\nb: {pattern: x, maximum: 3, example: {$ref: 7}}\n"), Scan::default());
        assert!(scan_of("a: [{b: .nan}]").non_finite);
        assert!(scan_of("a: {.inf: x}").non_finite, "keys count");
        assert!(scan_of(&format!("a: {{pattern: '{long}'}}")).long_pattern);
        assert!(scan_of("a: [{$ref: 'other.yaml#/X'}]").external_ref);
    }

    #[test]
    fn many_non_finite_numbers_are_counted_not_all_listed() {
        let document: Value = serde_yaml::from_str(&format!("a: [{}]", vec![".nan"; 50].join(", "))).unwrap();
        let errors = check_finite(&root(), &document).unwrap_err();
        assert_eq!(errors.diagnostics.len(), MAX_REPORTED);
        assert!(errors.diagnostics[MAX_REPORTED - 1].message.ends_with("(30 more non-finite numbers not listed)"));
    }
}
