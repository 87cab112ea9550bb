//! Which fields of a urlencoded form body travel in a style of their own
//! (arrays as one field of joined items, `deepObject` fields as
//! `name[key]=value`): the body's `encoding` object, read per field.

use openapiv3::{MediaType, QueryStyle};

use crate::ir::{Delimiter, FieldStyle, StyledField};

/// The styled fields of a form body's media type. `explode` here is as the
/// document wrote it: the load stage fills in the default `openapiv3`
/// cannot tell from `false` (`load/encoding.rs`). `deepObject` is read
/// whatever `explode` says: OpenAPI defines it exploded only.
pub(super) fn styled_fields(media: &MediaType) -> Vec<StyledField> {
    let mut styled = Vec::new();
    for (name, encoding) in &media.encoding {
        let style = match (encoding.style.as_ref(), encoding.explode) {
            (None | Some(QueryStyle::Form), true) => continue,
            (None | Some(QueryStyle::Form), false) => FieldStyle::Joined(Delimiter::Comma),
            (Some(QueryStyle::SpaceDelimited), _) => FieldStyle::Joined(Delimiter::Space),
            (Some(QueryStyle::PipeDelimited), _) => FieldStyle::Joined(Delimiter::Pipe),
            (Some(QueryStyle::DeepObject), _) => FieldStyle::DeepObject,
        };
        styled.push(StyledField { name: name.clone(), style });
    }
    styled
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::{Delimiter, FieldStyle, StyledField};
    use crate::load::load_str;
    use crate::normalize::normalize;

    #[test]
    fn encodings_say_which_fields_are_styled_as_openapi_defaults_them() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /f:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              properties:\n                a: {type: array, items: {type: string}}\n                b: {type: array, items: {type: string}}\n                c: {type: array, items: {type: string}}\n                d: {type: array, items: {type: string}}\n                e: {type: object}\n                f: {type: array, items: {type: object}}\n            encoding:\n              a: {style: form}\n              b: {explode: false}\n              c: {style: spaceDelimited}\n              d: {style: pipeDelimited, explode: false}\n              e: {style: deepObject, explode: true}\n              f: {style: deepObject}\n      responses:\n        '204': {description: done}\n";
        let loaded = load_str(Path::new("t.yaml"), text).expect("loads");
        let (api, warnings) = normalize(&loaded).unwrap_or_else(|e| panic!("{e}"));
        let field = |name: &str, style| StyledField { name: name.to_owned(), style };
        assert_eq!(
            api.operations[0].body.as_ref().expect("a body").contents[0].styled,
            [
                field("b", FieldStyle::Joined(Delimiter::Comma)),
                field("c", FieldStyle::Joined(Delimiter::Space)),
                field("d", FieldStyle::Joined(Delimiter::Pipe)),
                field("e", FieldStyle::DeepObject),
                field("f", FieldStyle::DeepObject),
            ],
            "`style: form` alone explodes"
        );
        assert!(warnings.is_empty(), "deepObject is supported: {warnings:?}");
    }
}
