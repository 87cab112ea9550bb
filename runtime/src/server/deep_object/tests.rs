use serde_json::json;

use super::*;
use crate::server::body::form_value;
use crate::server::{Content, Style};
use crate::validate::{Field, Object, Rules};

static ITEM: Object = Object {
    fields: &[
        Field::new("price", &Schema::STRING),
        Field::new("quantity", &Schema::I64),
        Field::new("tax", &Schema::Array(&Schema::STRING, &Rules::NONE)),
    ],
    additional: None,
    deny_unknown: false,
};

static BILLING: Object = Object {
    fields: &[Field::new("threshold", &Schema::I64), Field::new("reset", &Schema::Boolean)],
    additional: None,
    deny_unknown: false,
};

static METADATA: Schema = Schema::Map(&Schema::STRING, &Rules::NONE);

/// Stripe's `metadata`: an object of strings, or `""` to clear it.
static METADATA_OR_EMPTY: Union =
    Union { variants: &[&METADATA, &Schema::StringEnum(&[""])], discriminator: None, exclusive: false };

static BODY: Schema = Schema::Object(&Object {
    fields: &[
        Field::new("metadata", &Schema::Union(&METADATA_OR_EMPTY)),
        Field::new("items", &Schema::Array(&Schema::Object(&ITEM), &Rules::NONE)),
        Field::new("expand", &Schema::Array(&Schema::STRING, &Rules::NONE)),
        Field::new("billing", &Schema::Object(&BILLING)),
        Field::new("name", &Schema::STRING),
        Field::new("a[b]", &Schema::STRING),
    ],
    additional: None,
    deny_unknown: false,
});

static DEEP: [(&str, Style); 4] = [
    ("metadata", Style::DeepObject),
    ("items", Style::DeepObject),
    ("expand", Style::DeepObject),
    ("billing", Style::DeepObject),
];

fn form(body: &str) -> Result<Value, HttpError> {
    form_value(body.as_bytes(), &Content::form_styled("application/x-www-form-urlencoded", &BODY, &DEEP))
}

/// The field and rule of a refused form's only error.
fn refused(body: &str) -> (String, &'static str, String) {
    let error = form(body).expect_err(body);
    assert_eq!(error.status, axum::http::StatusCode::BAD_REQUEST, "{body}");
    let [fault] = &error.errors[..] else { panic!("one error for {body}: {error:?}") };
    (fault.field.clone(), fault.rule, fault.message.clone())
}

#[test]
fn deep_fields_nest_along_the_schema() {
    let body = "metadata[order+id]=a%26b%3Dc&metadata[odd%5Dkey%5B]=1&metadata[0]=zero&items[0][price]=p_1&\
                items[0][quantity]=2&items[0][tax][0]=t1&items[0][tax][1]=t2&items[1][price]=p_2&expand[]=customer&\
                expand[]=invoice&billing[threshold]=10&billing[reset]=true&name=x+y&a[b]=raw";
    assert_eq!(
        form(body).expect("valid"),
        json!({
            "metadata": {"order id": "a&b=c", "odd]key[": "1", "0": "zero"},
            "items": [{"price": "p_1", "quantity": 2, "tax": ["t1", "t2"]}, {"price": "p_2"}],
            "expand": ["customer", "invoice"],
            "billing": {"threshold": 10, "reset": true},
            "name": "x y",
            "a[b]": "raw",
        }),
        "`[0]` is a key in a map and an index in an array; `a[b]` is no deepObject field"
    );
}

#[test]
fn escaped_brackets_are_read_after_decoding() {
    // As clients that escape every bracket (stripe-python's urlencode) send them.
    let body = "metadata%5Bk%5D=v&items%5B0%5D%5Bprice%5D=p&billing%5Breset%5D=false";
    assert_eq!(
        form(body).expect("valid"),
        json!({"metadata": {"k": "v"}, "items": [{"price": "p"}], "billing": {"reset": false}})
    );
}

#[test]
fn empty_values_and_flat_values_of_deep_fields() {
    // Stripe clears metadata with `metadata=`: the union's `""`.
    assert_eq!(form("metadata=").expect("valid"), json!({"metadata": ""}));
    assert_eq!(form("metadata[k]=&expand=a").expect("valid"), json!({"metadata": {"k": ""}, "expand": ["a"]}));
    // A later value at the same place replaces an earlier one, as for flat fields.
    assert_eq!(form("metadata[k]=1&metadata[k]=2").expect("valid"), json!({"metadata": {"k": "2"}}));
    // Without a deepObject encoding, a bracketed name is a field of its own.
    let plain = Content::form("application/x-www-form-urlencoded", &BODY);
    assert_eq!(form_value(b"metadata[k]=v", &plain).expect("valid"), json!({"metadata[k]": "v"}));
}

#[test]
fn items_keep_the_order_of_their_indices() {
    assert_eq!(form("expand[1]=b&expand[0]=a").expect("valid"), json!({"expand": ["a", "b"]}));
    // Gaps close up; `[]` items follow the numbered ones.
    assert_eq!(form("expand[2]=c&expand[]=d&expand[0]=a").expect("valid"), json!({"expand": ["a", "c", "d"]}));
    assert_eq!(
        form("items[1][price]=b&items[0][price]=a&items[0][quantity]=3").expect("valid"),
        json!({"items": [{"price": "a", "quantity": 3}, {"price": "b"}]})
    );
}

#[test]
fn indices_are_bounded_by_the_fields_sent() {
    // Two fields: an index of 2 or more cannot be an item sent.
    let (field, rule, message) = refused("expand[0]=a&expand[2]=c");
    assert_eq!((field.as_str(), rule), ("/expand", "form"), "{message}");
    assert!(message.contains("`[2]`") && message.contains("(2)"), "{message}");
    for index in ["1000000000000000000000000", "-1", "+1", "x", "1.0"] {
        let (field, rule, _) = refused(&format!("items[{index}][price]=p&name=a&name=b"));
        assert_eq!((field.as_str(), rule), ("/items", "form"), "{index}");
    }
}

#[test]
fn malformed_names_name_their_field() {
    for (body, why) in [
        ("metadata[a=1", "is not closed"),
        ("metadata[a]b=1", "text follows"),
        ("metadata[a]]=1", "text follows"),
        ("metadata[a[b]]=1", "is not closed"),
        ("metadata%5Ba=1", "is not closed"),
    ] {
        let (field, rule, message) = refused(body);
        assert_eq!((field.as_str(), rule), ("/metadata", "form"), "{body}");
        assert!(message.contains(why), "{body}: {message}");
    }
    // `metadata]` is no deepObject field's name with brackets: a field of its own.
    assert_eq!(form("metadata]=1").expect("valid"), json!({"metadata]": "1"}));
}

#[test]
fn nesting_is_bounded() {
    let name = |depth: usize| format!("billing{}", "[a]".repeat(depth));
    let deepest = form(&format!("{}=1", name(MAX_DEPTH))).expect("within the bound");
    let mut value = &deepest["billing"];
    for _ in 1..MAX_DEPTH {
        value = &value["a"];
    }
    assert_eq!(value, &json!({"a": "1"}));
    let (field, rule, message) = refused(&format!("{}=1", name(MAX_DEPTH + 1)));
    assert_eq!((field.as_str(), rule), ("/billing", "form"));
    assert!(message.contains("more than 32 brackets"), "{message}");
}

#[test]
fn values_and_members_in_one_place_are_refused() {
    for body in ["metadata[k]=1&metadata[k][j]=2", "metadata[k][j]=2&metadata[k]=1", "metadata=&metadata[k]=v"] {
        let (field, rule, _) = refused(body);
        assert_eq!((field.as_str(), rule), ("/metadata", "form"), "{body}");
    }
}

#[test]
fn values_are_typed_where_they_stand() {
    let cases = [
        ("items[0][quantity]=two", "/items/0/quantity", "type"),
        ("items[0]=p_1", "/items/0", "type"),
        ("billing[threshold][x]=1", "/billing/threshold", "type"),
        ("billing[reset]=yes", "/billing/reset", "type"),
        ("metadata[]=v", "/metadata", "type"),
        ("name=a&items[0][quantity]=99999999999999999999", "/items/0/quantity", "format"),
    ];
    for (body, pointer, expected) in cases {
        let (field, rule, message) = refused(body);
        assert_eq!((field.as_str(), rule), (pointer, expected), "{body}: {message}");
    }
}

#[test]
fn names_read_with_brackets_as_written() {
    let decode = |raw: &str| Ok(percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned());
    let deep = |name: &str| name == "m";
    let read = |raw: &str| read_name(raw, decode, deep).expect("readable");
    let key = |key: &str| Segment::Key(key.to_owned());
    assert_eq!(read("m[a%5Db][]"), Name::Deep { field: "m".to_owned(), path: vec![key("a]b"), Segment::Append] });
    assert_eq!(read("m%5Ba%5D"), Name::Deep { field: "m".to_owned(), path: vec![key("a")] });
    assert_eq!(read("m"), Name::Flat("m".to_owned()));
    assert_eq!(read("n[a]"), Name::Flat("n[a]".to_owned()));
}

#[test]
fn hostile_names_are_read_or_refused_never_a_panic() {
    let names = [
        "[",
        "]",
        "[]",
        "[a]",
        "metadata[]]",
        "metadata[][",
        "metadata[%",
        "metadata%5B%5D%5B",
        "metadata[%FF]",
        "items[0][0][0]",
        "items[][][]",
        "expand[0][x]",
        "expand[][]",
        "billing[][a]",
        "billing[address]",
        "items[0]]",
        "items[0][",
        "metadata[a][b",
        "%5B%5D",
        "metadata[\u{e9}]",
    ];
    for name in names {
        for value in ["", "1", "%FF", "a+b", "%5B%5D"] {
            let body = format!("{name}={value}&customer=c");
            if let Err(error) = form(&body) {
                assert_eq!(error.status, axum::http::StatusCode::BAD_REQUEST, "{body}: {error:?}");
                assert!(!error.errors.is_empty(), "{body}: a field is named");
            }
        }
    }
}

#[test]
fn members_in_brackets_need_a_schema_that_holds_members() {
    // `threshold` is an integer: a single value, not members.
    let (field, rule, message) = refused("billing[threshold][x]=1");
    assert_eq!((field.as_str(), rule), ("/billing/threshold", "type"), "{message}");
    assert!(message.contains("single value"), "{message}");

    // A union none of whose alternatives holds members is refused as a whole.
    static SCALARS: Union = Union { variants: &[&Schema::STRING, &Schema::I64], discriminator: None, exclusive: false };
    static CODE: Schema = Schema::Object(&Object {
        fields: &[Field::new("code", &Schema::Union(&SCALARS))],
        additional: None,
        deny_unknown: false,
    });
    let content = Content::form_styled("application/x-www-form-urlencoded", &CODE, &[("code", Style::DeepObject)]);
    let error = form_value(b"code[a]=1", &content).expect_err("members for scalars");
    let [fault] = &error.errors[..] else { panic!("one error: {error:?}") };
    assert_eq!((fault.field.as_str(), fault.rule), ("/code", "type"));
    assert!(fault.message.contains("one of the alternatives"), "{}", fault.message);
    // Its single value is read as one of them.
    assert_eq!(form_value(b"code=7", &content).expect("valid"), json!({"code": "7"}));
}
