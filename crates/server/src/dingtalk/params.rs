//! The one parameter decoder of every topapi call. VENDOR: the gateway merges the query string
//! with a JSON or form body; scalars come as native values or as strings (the Java SDK sends
//! `"agent_id":"123"`); object and list parameters come as themselves or as JSON strings (always
//! in form bodies, and in the Java SDK's `useJsonString` mode). A top-level parameter that is
//! empty or `null` counts as absent (the Java SDK omits empty parameters, and a form body cannot
//! say null); inside an object an empty string stays, since an update clears a value with one.
//!
//! [`Params::parse`] reads the merged parameters into the call's `wire` request type through a
//! serde deserializer that accepts exactly these encodings. A missing required parameter is
//! errcode 40 naming it; a value of the wrong type errcode 41 naming the innermost parameter
//! (`task.priority` is `priority`, as the gateway names it).

use std::fmt;

use openwork_platform::error::GatewayError;
use serde::de::value::StringDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::{Map, Value};

/// The parameters of one call: the query's, then the body's over them.
#[derive(Clone, Debug, Default)]
pub struct Params {
    values: Map<String, Value>,
}

impl Params {
    /// Decodes a call: query pairs, then the body (JSON object, or form pairs) over them.
    pub fn decode(
        query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Self, GatewayError> {
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
                    _ => {
                        return Err(GatewayError::invalid(
                            "body",
                            "send a JSON object or a form-encoded body",
                        ));
                    }
                }
            }
        }
        values.retain(|_, value| !matches!(value, Value::Null) && value != "");
        Ok(Self { values })
    }

    /// A parameter given as text (or a number), e.g. `access_token`.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.values.get(name)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The parameters as the call's request type.
    pub fn parse<T: DeserializeOwned>(self) -> Result<T, GatewayError> {
        T::deserialize(Lenient(Value::Object(self.values))).map_err(GatewayError::from)
    }
}

/// Why parameters do not make a request: a required one is missing, or one has a value the call
/// cannot take.
#[derive(Debug)]
pub struct ParamError {
    /// The innermost parameter the error is about (`None` until a field names it).
    name: Option<String>,
    problem: Problem,
}

#[derive(Debug)]
enum Problem {
    Missing,
    Invalid(String),
}

impl ParamError {
    fn expected(what: &str) -> Self {
        Self {
            name: None,
            problem: Problem::Invalid(format!("{what} is expected")),
        }
    }

    /// Names the parameter, unless an inner one already is.
    fn within(mut self, name: &str) -> Self {
        self.name.get_or_insert_with(|| name.to_owned());
        self
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name.as_deref().unwrap_or("body");
        match &self.problem {
            Problem::Missing => write!(f, "missing required argument {name}"),
            Problem::Invalid(reason) => write!(f, "invalid argument {name}: {reason}"),
        }
    }
}

impl std::error::Error for ParamError {}

impl de::Error for ParamError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            name: None,
            problem: Problem::Invalid(msg.to_string()),
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            name: Some(field.to_owned()),
            problem: Problem::Missing,
        }
    }

    /// Says what arrived in the caller's terms, not in the request type's.
    fn invalid_type(unexpected: de::Unexpected, _expected: &dyn de::Expected) -> Self {
        Self {
            name: None,
            problem: Problem::Invalid(format!("{unexpected} is not a value this takes")),
        }
    }

    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::invalid_type(unexpected, expected)
    }
}

impl From<ParamError> for GatewayError {
    fn from(err: ParamError) -> Self {
        let name = err.name.unwrap_or_else(|| "body".to_owned());
        match err.problem {
            Problem::Missing => GatewayError::MissingArgument(name),
            Problem::Invalid(reason) => GatewayError::InvalidArgument { name, reason },
        }
    }
}

/// One parameter value, read leniently (see the module's documentation).
struct Lenient(Value);

impl Lenient {
    /// An object or list parameter sent as a JSON string is the value it holds.
    fn embedded(self) -> Value {
        match self.0 {
            Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
            other => other,
        }
    }

    fn integer(self) -> Result<i64, ParamError> {
        let integer = match &self.0 {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        integer.ok_or_else(|| ParamError::expected("an integer"))
    }
}

/// Integer targets of any width: the visitor checks the range.
macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
            visitor.visit_i64(self.integer()?)
        }
    )*};
}

impl<'de> Deserializer<'de> for Lenient {
    type Error = ParamError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(flag) => visitor.visit_bool(flag),
            Value::Number(number) => match (number.as_i64(), number.as_u64()) {
                (Some(integer), _) => visitor.visit_i64(integer),
                (None, Some(integer)) => visitor.visit_u64(integer),
                (None, None) => visitor.visit_f64(number.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(text) => visitor.visit_string(text),
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            Value::Object(fields) => visitor.visit_map(Fields::new(fields, &[])),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        match &self.0 {
            Value::Bool(flag) => visitor.visit_bool(*flag),
            Value::String(text) if text == "true" => visitor.visit_bool(true),
            Value::String(text) if text == "false" => visitor.visit_bool(false),
            _ => Err(ParamError::expected("true or false")),
        }
    }

    integers!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        let number = match &self.0 {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        visitor.visit_f64(number.ok_or_else(|| ParamError::expected("a number"))?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_string(visitor)
    }

    /// Text, or a number or flag as its text.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        match self.0 {
            Value::String(text) => visitor.visit_string(text),
            Value::Number(number) => visitor.visit_string(number.to_string()),
            Value::Bool(flag) => visitor.visit_string(flag.to_string()),
            _ => Err(ParamError::expected("a text value")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            _ => Err(ParamError::expected("no value")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        match self.embedded() {
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            _ => Err(ParamError::expected("a list")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        self.deserialize_struct("", &[], visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        match self.embedded() {
            Value::Object(values) => visitor.visit_map(Fields::new(values, fields)),
            _ => Err(ParamError::expected("an object")),
        }
    }

    /// A unit variant by its name.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ParamError> {
        match self.0 {
            Value::String(text) => {
                let variant: StringDeserializer<ParamError> = text.into_deserializer();
                visitor.visit_enum(variant)
            }
            _ => Err(ParamError::expected("a name")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ParamError> {
        visitor.visit_unit()
    }
}

/// A list's items; an item's error is named by the list's parameter.
struct Items(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Items {
    type Error = ParamError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ParamError> {
        self.0
            .next()
            .map(|item| seed.deserialize(Lenient(item)))
            .transpose()
    }
}

/// An object's fields, in the order the request type declares them (so that the first bad
/// parameter of a call is the same whatever order the client sent them in), then the rest.
struct Fields {
    entries: std::vec::IntoIter<(String, Value)>,
    /// The field whose value is next, and that value.
    current: Option<(String, Value)>,
}

impl Fields {
    fn new(values: Map<String, Value>, declared: &[&str]) -> Self {
        let mut entries: Vec<(String, Value)> = values.into_iter().collect();
        entries.sort_by_key(|(name, _)| {
            declared
                .iter()
                .position(|field| field == name)
                .unwrap_or(declared.len())
        });
        Self {
            entries: entries.into_iter(),
            current: None,
        }
    }
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ParamError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ParamError> {
        let Some((name, value)) = self.entries.next() else {
            return Ok(None);
        };
        let key = seed.deserialize(name.clone().into_deserializer())?;
        self.current = Some((name, value));
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ParamError> {
        let (name, value) = self
            .current
            .take()
            .expect("serde asks for a value after its key");
        seed.deserialize(Lenient(value))
            .map_err(|err| err.within(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openwork_wire::dingtalk::workspace::{
        CreateTaskRequest, GetTaskBySourceRequest, UpdateTaskRequest,
    };

    fn json(body: &str) -> Params {
        Params::decode(None, Some("application/json"), body.as_bytes()).unwrap()
    }

    fn missing(err: GatewayError) -> String {
        match err {
            GatewayError::MissingArgument(name) => name,
            other => panic!("not a missing argument: {other:?}"),
        }
    }

    fn invalid(err: GatewayError) -> String {
        match err {
            GatewayError::InvalidArgument { name, .. } => name,
            other => panic!("not an invalid argument: {other:?}"),
        }
    }

    #[test]
    fn query_json_and_form_bodies_merge() {
        let params = Params::decode(
            Some("access_token=t&source_id=q"),
            Some("application/json"),
            br#"{"source_id": 12, "source": "tb"}"#,
        )
        .unwrap();
        assert_eq!(params.text("access_token").as_deref(), Some("t"));
        let request: GetTaskBySourceRequest = params.parse().unwrap();
        assert_eq!(
            (request.source_id.as_str(), request.source.as_deref()),
            ("12", Some("tb")),
            "the body wins; a number is text when text is expected"
        );
        let form = Params::decode(
            None,
            Some("application/x-www-form-urlencoded"),
            b"operator_userid=u1&task=%7B%22subject%22%3A%22s%22%2C%22priority%22%3A%2240%22%2C%22is_archived%22%3A%22true%22%7D",
        )
        .unwrap();
        let request: CreateTaskRequest = form.parse().unwrap();
        let task = request.task.unwrap();
        assert_eq!(task.subject.as_deref(), Some("s"));
        assert_eq!(task.priority, Some(40), "a number sent as a string");
        assert_eq!(task.is_archived, Some(true));
        assert!(Params::decode(None, None, b"[1]").is_err());
    }

    #[test]
    fn empty_top_level_parameters_are_absent_but_empty_fields_stay() {
        let params = Params::decode(
            Some("operator_userid="),
            None,
            br#"{"task_id": "1", "task": "{\"description\": \"\", \"tracker_userids\": [\"u1\", 2]}"}"#,
        )
        .unwrap();
        let request: UpdateTaskRequest = params.parse().unwrap();
        assert_eq!(request.operator_userid, None);
        let task = request.task.unwrap();
        assert_eq!(
            task.description.as_deref(),
            Some(""),
            "an update clears with it"
        );
        assert_eq!(
            task.tracker_userids,
            Some(vec!["u1".to_owned(), "2".to_owned()])
        );
        let missing_id = json(r#"{"task_id": "", "task": {}}"#)
            .parse::<UpdateTaskRequest>()
            .unwrap_err();
        assert_eq!(missing(missing_id), "task_id");
    }

    #[test]
    fn errors_name_the_innermost_parameter() {
        let bad = |body| invalid(json(body).parse::<CreateTaskRequest>().unwrap_err());
        assert_eq!(
            bad(r#"{"operator_userid": "u1", "task": {"priority": "urgent"}}"#),
            "priority"
        );
        assert_eq!(
            bad(r#"{"operator_userid": "u1", "task": "not json"}"#),
            "task"
        );
        assert_eq!(
            bad(r#"{"operator_userid": "u1", "task": {"tracker_userids": [{}]}}"#),
            "tracker_userids"
        );
        assert_eq!(bad(r#"{"operator_userid": ["u1"]}"#), "operator_userid");
        assert_eq!(
            missing(
                json(r#"{"task": {}}"#)
                    .parse::<CreateTaskRequest>()
                    .unwrap_err()
            ),
            "operator_userid"
        );
    }

    #[test]
    fn free_form_text_and_messages_speak_the_callers_terms() {
        let request: CreateTaskRequest =
            json(r#"{"operator_userid": "u1", "task": {"extension": {"other": {"k": [1]}}}}"#)
                .parse()
                .unwrap();
        assert_eq!(
            request.task.unwrap().extension.unwrap().other.as_deref(),
            Some(r#"{"k":[1]}"#)
        );
        let err = json(r#"{"operator_userid": "u1", "task": {"is_archived": 3}}"#)
            .parse::<CreateTaskRequest>()
            .unwrap_err();
        let GatewayError::InvalidArgument { name, reason } = err else {
            panic!("an invalid argument")
        };
        assert_eq!(
            (name.as_str(), reason.as_str()),
            ("is_archived", "true or false is expected")
        );
    }
}
