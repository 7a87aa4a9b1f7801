//! Property tests: every DTO round-trips through JSON, and every request built from arbitrary
//! strings reads back (as the server reads it) to the same values.

use evovoice::schema::{request_types, response_types, Described, TypeSchema, ENUMS};
use evovoice::wire::query::{split_list, unquote_scalar};
use evovoice::*;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{0,12}",
        2 => any::<String>(),
        1 => prop::sample::select(vec!["a,b", "\"q\"", "[x]", "k:v", "{}", "..", "é/?#%", " lead", ""]).prop_map(str::to_owned),
    ]
    .boxed()
}

/// A JSON value of the wire shape `ty` (a field type from the schema), recursively.
fn value_of(ty: &str, depth: u32) -> BoxedStrategy<Value> {
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return prop::collection::vec(value_of(inner, depth + 1), 0..3).prop_map(Value::from).boxed();
    }
    match ty {
        "String" => text().prop_map(Value::from).boxed(),
        "bool" => any::<bool>().prop_map(Value::from).boxed(),
        "i32" => any::<i32>().prop_map(Value::from).boxed(),
        "i64" => any::<i64>().prop_map(Value::from).boxed(),
        "f64" => (-1e9f64..1e9).prop_map(Value::from).boxed(),
        "BTreeMap<String,String>" => prop::collection::btree_map(text(), text(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k, Value::from(v))).collect()))
            .boxed(),
        other => {
            if let Some(e) = ENUMS.iter().find(|e| e.name == other) {
                let known: Vec<&'static str> = e.values.to_vec();
                return prop_oneof![3 => prop::sample::select(known).prop_map(Value::from), 1 => "[A-Z][a-z]{1,8}".prop_map(Value::from)].boxed();
            }
            let t = response_types().into_iter().chain(request_types()).find(|t| t.name == other).unwrap_or_else(|| panic!("unknown type {other}"));
            object_of(t, depth + 1)
        }
    }
}

/// A JSON object with a random subset of the type's fields (absent, null or a value).
fn object_of(t: &TypeSchema, depth: u32) -> BoxedStrategy<Value> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = t
        .fields
        .iter()
        .map(|f| {
            let name = f.wire_name();
            let ty = f.ty();
            if depth > 3 {
                return Just(None).boxed();
            }
            prop_oneof![1 => Just(None), 1 => Just(Some((name.clone(), Value::Null))), 3 => value_of(&ty, depth).prop_map(move |v| Some((name.clone(), v)))].boxed()
        })
        .collect();
    fields.prop_map(|kv| Value::Object(kv.into_iter().flatten().collect::<Map<_, _>>())).boxed()
}

/// What the typed value must serialize back to: nulls dropped, everything else unchanged.
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), without_nulls(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn round_trips<T: Described + serde::de::DeserializeOwned + serde::Serialize>(json: &Value) -> Result<(), TestCaseError> {
    let typed: T = serde_json::from_value(json.clone()).map_err(|e| TestCaseError::fail(format!("{}: {e}", T::SCHEMA.name)))?;
    prop_assert_eq!(serde_json::to_value(&typed).unwrap(), without_nulls(json));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn session_info_round_trips(json in object_of(&SessionInfo::SCHEMA, 0)) {
        round_trips::<SessionInfo>(&json)?;
    }

    #[test]
    fn request_dtos_round_trip(
        ns in object_of(&NewSession::SCHEMA, 0), ls in object_of(&ListSessions::SCHEMA, 0),
        acm in object_of(&AddConferenceMember::SCHEMA, 0), icm in object_of(&InviteChatMember::SCHEMA, 0),
    ) {
        round_trips::<NewSession>(&ns)?;
        round_trips::<ListSessions>(&ls)?;
        round_trips::<AddConferenceMember>(&acm)?;
        round_trips::<InviteChatMember>(&icm)?;
    }

    #[test]
    fn path_parameters_read_back(id in any::<String>()) {
        let config = Config::default();
        match build_request(&config, &GetSession::new(id.clone())) {
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::InvalidRequest);
                prop_assert!(id.is_empty() || id.chars().any(char::is_control));
            }
            Ok(req) => {
                let path = req.uri().path();
                let got = if let Some(seg) = path.strip_prefix("/sessions/") {
                    prop_assert!(!seg.contains('/'), "one segment: {}", path);
                    percent_encoding::percent_decode_str(seg).decode_utf8().unwrap().into_owned()
                } else {
                    prop_assert_eq!(path, "/json/reply/GetSession");
                    let q = req.uri().query().unwrap().strip_prefix("sessionId=").unwrap();
                    percent_encoding::percent_decode_str(q).decode_utf8().unwrap().into_owned()
                };
                prop_assert_eq!(got, id);
            }
        }
    }

    #[test]
    fn query_values_read_back(ids in prop::collection::vec(any::<String>(), 0..5), from in any::<String>(), page in any::<i32>()) {
        let op = ListSessions::new().account_ids(ids.clone()).from(from.clone()).page(page);
        let req = build_request(&Config::default(), &op).unwrap();
        let query = req.uri().query().unwrap_or_default().to_owned();
        let mut seen = (None, None, None);
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap();
            // Only unreserved characters travel unescaped; `,` separates list elements.
            prop_assert!(v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%,".contains(&b)), "{}", v);
            let decoded = percent_encoding::percent_decode_str(v).decode_utf8().unwrap().into_owned();
            match k {
                "accountIds" => seen.0 = Some(split_list(&decoded)),
                "from" => seen.1 = Some(unquote_scalar(&decoded)),
                "page" => seen.2 = Some(decoded.parse::<i32>().unwrap()),
                other => prop_assert!(false, "unexpected key {}", other),
            }
        }
        prop_assert_eq!(seen.0.unwrap(), ids);
        prop_assert_eq!(seen.1.unwrap(), from);
        prop_assert_eq!(seen.2.unwrap(), page);
    }
}
