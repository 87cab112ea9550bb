//! The command's warnings on stderr: each in the order found, but one given
//! at many places (an unknown `format` on hundreds of fields of a large
//! spec) only at its first few, then counted.

use std::collections::HashMap;
use std::io::Write;

use crate::diagnostics::Diagnostic;

/// How many places of one warning are printed before the rest is counted.
const PLACES_SHOWN: usize = 3;

/// Print `warnings` to `err`; every one of them with `all`.
pub(super) fn print(err: &mut dyn Write, warnings: &[Diagnostic], all: bool) {
    let mut places: HashMap<&str, usize> = HashMap::new();
    for warning in warnings {
        *places.entry(warning.message.as_str()).or_default() += 1;
    }
    let mut printed: HashMap<&str, usize> = HashMap::new();
    for warning in warnings {
        let seen = printed.entry(warning.message.as_str()).or_default();
        *seen += 1;
        if all || *seen <= PLACES_SHOWN {
            let _ = writeln!(err, "{warning}");
        }
        let total = places[warning.message.as_str()];
        if !all && *seen == PLACES_SHOWN && total > PLACES_SHOWN {
            let more = total - PLACES_SHOWN;
            let _ = writeln!(err, "  ... and {more} more places with the same warning (--all-warnings prints each)");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::print;
    use crate::diagnostics::{Diagnostic, Location};

    fn printed(warnings: &[Diagnostic], all: bool) -> Vec<String> {
        let mut err = Vec::new();
        print(&mut err, warnings, all);
        String::from_utf8(err).expect("UTF-8").lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_warning_at_many_places_prints_its_first_three_and_a_count() {
        let at = |i: usize| Location::root(Path::new("s.yaml")).join("f").join(i.to_string());
        let mut warnings: Vec<Diagnostic> =
            (0..5).map(|i| Diagnostic::warning(at(i), "format `x` is not known")).collect();
        warnings.insert(1, Diagnostic::warning(at(9), "another"));
        assert_eq!(
            printed(&warnings, false),
            [
                "warning: s.yaml#/f/0: format `x` is not known",
                "warning: s.yaml#/f/9: another",
                "warning: s.yaml#/f/1: format `x` is not known",
                "warning: s.yaml#/f/2: format `x` is not known",
                "  ... and 2 more places with the same warning (--all-warnings prints each)",
            ]
        );
        assert_eq!(printed(&warnings, true).len(), 6);
        assert_eq!(printed(&warnings[..4], false).len(), 4, "three places are printed as they are");
    }
}
