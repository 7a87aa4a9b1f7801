//! A session stored and read back keeps what this SDK does not know: members a newer server
//! sent (at the top and nested, in members, logs and breadcrumbs) and enum values.

use evovoice::*;
use serde_json::{json, Value};

/// A session as a newer server could send it.
fn newer_session() -> Value {
    json!({
        "id": "s1",
        "channel": "Sms",
        "displayName": "Support",
        "members": [
            {"identity": "a@x.io", "role": "Supervisor", "muted": false, "brandNewFlag": true, "nested": {"deep": [1, 2.5, "x", null]}},
            {"identity": "b@x.io"}
        ],
        "log": [{"date": "2026-01-01", "message": "m", "severity": "info"}],
        "customerBreadcrumb": [{"id": "c1", "name": "Acme", "depth": 2}],
        "futureField": {"nested": [1, 2]},
        "futureNumber": 12345678901234567890u64,
        "futureNull": null
    })
}

#[test]
fn stored_then_reloaded_session_keeps_unknown_fields() {
    let body = serde_json::to_vec(&newer_session()).unwrap();
    let session: SessionInfo = decode_json(200, &body).unwrap();
    assert_eq!(session.id.as_deref(), Some("s1"));
    assert_eq!(session.channel, Some(FlowChannels::Unknown("Sms".into())));
    assert_eq!(session.extra.len(), 3);
    assert_eq!(session.extra.get("futureField"), Some(r#"{"nested":[1,2]}"#));
    assert_eq!(session.extra.get("futureNumber"), Some("12345678901234567890"), "kept as written, not as an f64");
    assert_eq!(session.extra.get("futureNull"), Some("null"));
    assert_eq!(session.extra.value("futureField"), Some(json!({"nested": [1, 2]})));
    let members = session.members.as_deref().unwrap();
    assert_eq!(members[0].role, Some(SessionMemberRoles::Unknown("Supervisor".into())));
    assert_eq!(members[0].extra.get("brandNewFlag"), Some("true"));
    assert_eq!(members[0].extra.value("nested"), Some(json!({"deep": [1, 2.5, "x", null]})));
    assert!(members[1].extra.is_empty());
    assert_eq!(session.log.as_deref().unwrap()[0].extra.get("severity"), Some(r#""info""#));
    assert_eq!(session.customer_breadcrumb.as_deref().unwrap()[0].extra.get("depth"), Some("2"));

    // Stored (as JSON text) and read back: the same value, and the same JSON as the server's.
    let stored = serde_json::to_string(&session).unwrap();
    let reloaded: SessionInfo = serde_json::from_str(&stored).unwrap();
    assert_eq!(reloaded, session);
    assert_eq!(serde_json::from_str::<Value>(&stored).unwrap(), newer_session());

    // Through serde_json::Value (as the Python package converts): the same.
    let as_value = serde_json::to_value(&session).unwrap();
    assert_eq!(as_value, newer_session());
    assert_eq!(serde_json::from_value::<SessionInfo>(as_value).unwrap(), session);

    // In a page too.
    let page = json!({"items": [newer_session()], "totalCount": 1});
    let list: ListResponse<SessionInfo> = decode_json(200, &serde_json::to_vec(&page).unwrap()).unwrap();
    assert_eq!(list.items()[0], session);
    assert_eq!(serde_json::to_value(&list).unwrap(), page);
}

#[test]
fn unknown_members_are_written_after_the_known_ones_and_can_be_set() {
    let mut s = SessionInfo::default().id("s1");
    s.extra.insert("zNew", &json!([1]));
    s.extra.insert("aNew", &json!({"k": "v"}));
    assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"id":"s1","zNew":[1],"aNew":{"k":"v"}}"#, "in the order they came");
    assert_eq!(s.extra.remove("zNew").as_deref(), Some("[1]"));
    assert_eq!(s.extra.iter().collect::<Vec<_>>(), [("aNew", r#"{"k":"v"}"#)]);
    // A request keeps them too: they are sent.
    let mut r = NewSession::new(FlowChannels::Chat);
    r.extra.insert("priority", &json!("high"));
    let req = build_request(&Config::default(), &r).unwrap();
    assert_eq!(std::str::from_utf8(req.body()).unwrap(), r#"{"channel":"Chat","priority":"high"}"#);
}

#[test]
fn known_fields_keep_their_rules() {
    // A known field twice is refused, as serde's derived decoder refuses it; a wrong type too.
    let e = decode_json::<SessionInfo>(200, br#"{"id":"a","id":"b"}"#).unwrap_err();
    assert!(e.to_string().contains("duplicate field `id`"), "{e}");
    let e = decode_json::<SessionInfo>(200, br#"{"members":[{"muted":"yes"}]}"#).unwrap_err();
    assert_eq!(e.decode_path(), Some("members[0].muted"));
    // An unknown member repeated: the last is kept, as in a map.
    let s: SessionInfo = decode_json(200, br#"{"x":1,"x":2}"#).unwrap();
    assert_eq!(s.extra.get("x"), Some("2"));
    // A value serde_json skips but cannot read back (a lone surrogate, a number out of range)
    // is dropped, as unknown members were before.
    let s: SessionInfo = decode_json(200, br#"{"id":"a","bad":"\uD800","huge":1e999,"ok":1}"#).unwrap();
    assert_eq!(s.extra.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["ok"]);
    // The decoder's wire names are the schema's (every field of these types named: none is
    // taken for an unknown member).
    fn all_known<T: serde::de::DeserializeOwned + serde::Serialize>(schema: &evovoice::schema::TypeSchema) {
        let object: serde_json::Map<String, Value> = schema.fields.iter().map(|f| (f.wire_name(), Value::Null)).collect();
        let value: T = serde_json::from_value(Value::Object(object)).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), "{}", "{}", schema.name);
    }
    use evovoice::schema::Described;
    all_known::<SessionInfo>(&SessionInfo::SCHEMA);
    all_known::<SessionMemberInfo>(&SessionMemberInfo::SCHEMA);
    all_known::<AccountInfo>(&AccountInfo::SCHEMA);
    all_known::<ListSessions>(&ListSessions::SCHEMA);
}

#[test]
fn unknown_members_compare_as_json() {
    // The same members in another order, with other spacing: the same session (Python's
    // from_dict reads them back through a serde_json::Value, compact).
    let a: SessionInfo = serde_json::from_str(r#"{"id":"s","x": [1, 2],"y":{"k": true}}"#).unwrap();
    let b: SessionInfo = serde_json::from_str(r#"{"y":{"k":true},"id":"s","x":[1,2]}"#).unwrap();
    assert_eq!(a, b);
    let c: SessionInfo = serde_json::from_str(r#"{"id":"s","x":[1,3],"y":{"k":true}}"#).unwrap();
    assert_ne!(a, c);
}
