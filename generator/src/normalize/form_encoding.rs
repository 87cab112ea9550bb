//! Which array fields of a urlencoded form body travel as one field of
//! joined items: the body's `encoding` object, read per field.

use openapiv3::{MediaType, QueryStyle};

use crate::diagnostics::{Diagnostics, Location};
use crate::ir::{Delimiter, JoinedField};

/// The joined fields of a form body's media type. `explode` here is as the
/// document wrote it: the load stage fills in the default `openapiv3`
/// cannot tell from `false` (`load/encoding.rs`).
pub(super) fn joined_fields(media: &MediaType, at: &Location, diagnostics: &mut Diagnostics) -> Vec<JoinedField> {
    let mut joined = Vec::new();
    for (name, encoding) in &media.encoding {
        let delimiter = match (encoding.style.as_ref(), encoding.explode) {
            (None | Some(QueryStyle::Form), true) => continue,
            (None | Some(QueryStyle::Form), false) => Delimiter::Comma,
            (Some(QueryStyle::SpaceDelimited), _) => Delimiter::Space,
            (Some(QueryStyle::PipeDelimited), _) => Delimiter::Pipe,
            (Some(QueryStyle::DeepObject), _) => {
                diagnostics.warning(
                    at.join(name).join("style"),
                    format!(
                        "form field {name:?}: `deepObject` is not supported in a form body; an array is sent as one \
                         field per item, an object as JSON text"
                    ),
                );
                continue;
            }
        };
        joined.push(JoinedField { name: name.clone(), delimiter });
    }
    joined
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::{Delimiter, JoinedField};
    use crate::load::load_str;
    use crate::normalize::normalize;

    #[test]
    fn encodings_say_which_fields_are_joined_as_openapi_defaults_them() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /f:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              properties:\n                a: {type: array, items: {type: string}}\n                b: {type: array, items: {type: string}}\n                c: {type: array, items: {type: string}}\n                d: {type: array, items: {type: string}}\n                e: {type: object}\n            encoding:\n              a: {style: form}\n              b: {explode: false}\n              c: {style: spaceDelimited}\n              d: {style: pipeDelimited, explode: false}\n              e: {style: deepObject}\n      responses:\n        '204': {description: done}\n";
        let loaded = load_str(Path::new("t.yaml"), text).expect("loads");
        let (api, warnings) = normalize(&loaded).unwrap_or_else(|e| panic!("{e}"));
        let field = |name: &str, delimiter| JoinedField { name: name.to_owned(), delimiter };
        assert_eq!(
            api.operations[0].body.as_ref().expect("a body").contents[0].joined,
            [field("b", Delimiter::Comma), field("c", Delimiter::Space), field("d", Delimiter::Pipe)],
            "`style: form` alone explodes"
        );
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("/encoding/e/style") && warnings[0].contains("deepObject"), "{warnings:?}");
    }
}
