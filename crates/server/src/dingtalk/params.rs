//! The one parameter decoder of every topapi call. VENDOR: the gateway merges the query string
//! with a JSON or form body; scalars come as native values or as strings (the Java SDK sends
//! `"agent_id":"123"`); object parameters come as objects or as JSON strings (always in form
//! bodies, and in the Java SDK's `useJsonString` mode).

use openwork_core::error::PlatformError as Error;
use openwork_platform::error::GatewayError;
use openwork_wire::dingtalk::date;
use serde_json::{Map, Value};

/// Named values (the top-level parameters, or the fields of an object parameter).
#[derive(Clone, Debug, Default)]
pub struct Values {
    values: Map<String, Value>,
    /// Top-level parameters: an empty string counts as absent (the Java SDK omits empty
    /// parameters, and form bodies cannot say null).
    empty_is_absent: bool,
}

fn invalid(name: &str, reason: &str) -> Error {
    GatewayError::invalid(name, reason).into()
}

impl Values {
    /// Decodes a call: query pairs, then the body (JSON object, or form pairs) over them.
    pub fn decode(
        query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Self, Error> {
        let mut values = Map::new();
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            values.insert(key.into_owned(), Value::String(value.into_owned()));
        }
        // A JSON object sent under a form content type (curl's default) is still JSON.
        let looks_like_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let is_form = !looks_like_json
            && content_type.is_some_and(|t| t.contains("application/x-www-form-urlencoded"));
        if !body.iter().all(u8::is_ascii_whitespace) {
            if is_form {
                for (key, value) in form_urlencoded::parse(body) {
                    values.insert(key.into_owned(), Value::String(value.into_owned()));
                }
            } else {
                match serde_json::from_slice::<Value>(body) {
                    Ok(Value::Object(object)) => values.extend(object),
                    _ => return Err(invalid("body", "a JSON object or a form body is expected")),
                }
            }
        }
        Ok(Self {
            values,
            empty_is_absent: true,
        })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        match self.values.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if self.empty_is_absent && s.is_empty() => None,
            Some(value) => Some(value),
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A text value; numbers and booleans as their text.
    pub fn text(&self, name: &str) -> Result<Option<String>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(invalid(name, "a text value is expected")),
        }
    }

    /// Free-form text: a string as is; an object or list given instead as its JSON text.
    pub fn text_or_json(&self, name: &str) -> Result<Option<String>, Error> {
        match self.get(name) {
            Some(value @ (Value::Object(_) | Value::Array(_))) => Ok(Some(value.to_string())),
            _ => self.text(name),
        }
    }

    /// VENDOR: a missing required argument is errcode 40 naming it.
    pub fn required_text(&self, name: &str) -> Result<String, Error> {
        self.text(name)?
            .filter(|text| !text.is_empty())
            .ok_or_else(|| GatewayError::MissingArgument(name.to_owned()).into())
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| invalid(name, "an integer is expected")),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| invalid(name, "an integer is expected")),
            Some(_) => Err(invalid(name, "an integer is expected")),
        }
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" => Ok(Some(true)),
            Some(Value::String(s)) if s == "false" => Ok(Some(false)),
            Some(_) => Err(invalid(name, "true or false is expected")),
        }
    }

    /// A date: `yyyy-MM-dd HH:mm:ss` (UTC+8), RFC 3339, or epoch milliseconds.
    pub fn date(&self, name: &str) -> Result<Option<i64>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| invalid(name, "a date is expected")),
            Some(Value::String(s)) => date::parse(s).map(Some).ok_or_else(|| {
                invalid(
                    name,
                    "a date (yyyy-MM-dd HH:mm:ss, RFC 3339 or epoch ms) is expected",
                )
            }),
            Some(_) => Err(invalid(name, "a date is expected")),
        }
    }

    /// A list of texts: a JSON array, or a string holding one.
    pub fn text_list(&self, name: &str) -> Result<Option<Vec<String>>, Error> {
        let items = match self.get(name) {
            None => return Ok(None),
            Some(Value::Array(items)) => items.clone(),
            Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Array(items)) => items,
                _ => return Err(invalid(name, "a list is expected")),
            },
            Some(_) => return Err(invalid(name, "a list is expected")),
        };
        items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(invalid(name, "a list of texts is expected")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// An object parameter: a JSON object, or a string holding one. Its own fields keep empty
    /// strings (an update clears a field with one).
    pub fn object(&self, name: &str) -> Result<Option<Values>, Error> {
        let object = match self.get(name) {
            None => return Ok(None),
            Some(Value::Object(object)) => object.clone(),
            Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Object(object)) => object,
                _ => return Err(invalid(name, "an object is expected")),
            },
            Some(_) => return Err(invalid(name, "an object is expected")),
        };
        Ok(Some(Values {
            values: object,
            empty_is_absent: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_json_and_form_bodies_merge() {
        let json = Values::decode(
            Some("access_token=t&x=1"),
            Some("application/json"),
            br#"{"x": "2", "n": 5}"#,
        )
        .unwrap();
        assert_eq!(json.text("access_token").unwrap().as_deref(), Some("t"));
        assert_eq!(
            json.int("x").unwrap(),
            Some(2),
            "the body wins, strings become numbers"
        );
        assert_eq!(json.int("n").unwrap(), Some(5));
        let form = Values::decode(
            None,
            Some("application/x-www-form-urlencoded"),
            b"task=%7B%22subject%22%3A%22s%22%7D&flag=true",
        )
        .unwrap();
        let task = form.object("task").unwrap().unwrap();
        assert_eq!(task.text("subject").unwrap().as_deref(), Some("s"));
        assert_eq!(form.bool("flag").unwrap(), Some(true));
        assert!(Values::decode(None, None, b"[1]").is_err());
    }

    #[test]
    fn missing_and_invalid_arguments() {
        let values = Values::decode(Some("a=&b=x"), None, b"").unwrap();
        assert!(matches!(
            values.required_text("a"),
            Err(Error::Gateway(GatewayError::MissingArgument(name))) if name == "a"
        ));
        assert!(matches!(
            values.int("b"),
            Err(Error::Gateway(GatewayError::InvalidArgument { .. }))
        ));
    }

    #[test]
    fn objects_keep_empty_strings_and_read_dates() {
        let values = Values::decode(None, None, br#"{"task": "{\"description\": \"\", \"d\": \"2020-01-14 14:39:51\", \"ids\": [\"u1\"]}"}"#).unwrap();
        let task = values.object("task").unwrap().unwrap();
        assert_eq!(task.text("description").unwrap().as_deref(), Some(""));
        assert_eq!(task.date("d").unwrap(), Some(1_578_983_991_000));
        assert_eq!(task.text_list("ids").unwrap(), Some(vec!["u1".to_owned()]));
    }
}
