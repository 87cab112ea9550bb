//! The `StringEnum` derive, as generated models crates use it.

use oapi_runtime::StringEnum;

/// A string enum as the generator writes one.
#[derive(Clone, Debug, PartialEq, StringEnum)]
pub enum Sort {
    #[value = "created"]
    Created,
    #[value = "user:read-write"]
    UserReadWrite,
    UnknownValue(String),
}

#[test]
fn listed_values_read_and_write_as_their_strings() {
    for (value, wire) in [(Sort::Created, "created"), (Sort::UserReadWrite, "user:read-write")] {
        assert_eq!(value.as_str(), wire);
        assert_eq!(value.to_string(), wire);
        assert_eq!(serde_json::to_string(&value).unwrap(), format!("\"{wire}\""));
        assert_eq!(serde_json::from_str::<Sort>(&format!("\"{wire}\"")).unwrap(), value);
    }
}

#[test]
fn other_strings_are_kept_as_received_and_written_back() {
    let read: Sort = serde_json::from_str("\"Created\"").unwrap();
    assert_eq!(read, Sort::UnknownValue("Created".into()), "values are case-sensitive");
    assert_eq!(read.as_str(), "Created");
    assert_eq!(serde_json::to_string(&read).unwrap(), "\"Created\"");
}

#[test]
fn what_is_not_a_string_is_refused() {
    for json in ["1", "null", "[\"created\"]", "{}"] {
        let error = serde_json::from_str::<Sort>(json).unwrap_err().to_string();
        assert!(error.contains("expected a string"), "{json}: {error}");
    }
}
