//! Deserialisers for the loose typing vendors and their SDKs use on input: int64 values that
//! arrive as numbers or as strings, optional fields that may be `null`, and free-form text that
//! may arrive as JSON.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A request value that may be a JSON number or a string holding one (int64 IDs and millisecond
/// times: the Python SDK sends numbers, the Node and Go SDKs strings). Kept as the text received
/// so that a non-numeric string can be reported verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct NumberText(pub String);

impl NumberText {
    /// The value as an integer, `None` when the text is not one.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.trim().parse().ok()
    }
}

impl From<i64> for NumberText {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

/// Described as what it accepts: an integer, or a string of one.
impl JsonSchema for NumberText {
    fn schema_name() -> Cow<'static, str> {
        "NumberText".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An integer, as a JSON number or as a string holding one.",
            "type": ["integer", "string"],
            "pattern": "^-?[0-9]+$"
        })
    }
}

impl<'de> Deserialize<'de> for NumberText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberTextVisitor;
        impl Visitor<'_> for NumberTextVisitor {
            type Value = NumberText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberText, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(NumberText(format!("{}", v as i64)))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberText, E> {
                Ok(NumberText(v.to_owned()))
            }
        }
        deserializer.deserialize_any(NumberTextVisitor)
    }
}

/// For `Option<Option<T>>` fields: absent → `None`, `null` → `Some(None)`, value → `Some(Some)`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For free-form `Option<String>` fields: a string as it is; any other JSON value (an object, a
/// list) as its JSON text.
pub fn text_or_json<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(
        Option::<serde_json::Value>::deserialize(deserializer)?.map(|value| match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings() {
        let n: NumberText = serde_json::from_str("1630425599999").unwrap();
        let s: NumberText = serde_json::from_str("\"1630425599999\"").unwrap();
        assert_eq!(n, s);
        assert_eq!(n.as_i64(), Some(1_630_425_599_999));
        let bad: NumberText = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(bad.as_i64(), None);
        assert!(serde_json::from_str::<NumberText>("[1]").is_err());
    }

    #[test]
    fn free_form_text_takes_any_json() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(default, deserialize_with = "text_or_json")]
            other: Option<String>,
        }
        let read = |json: &str| serde_json::from_str::<Holder>(json).unwrap().other;
        assert_eq!(read(r#"{"other": "plain"}"#).as_deref(), Some("plain"));
        assert_eq!(
            read(r#"{"other": {"a": [1]}}"#).as_deref(),
            Some(r#"{"a":[1]}"#)
        );
        assert_eq!(read("{}"), None);
        assert_eq!(read(r#"{"other": null}"#), None);
    }
}
