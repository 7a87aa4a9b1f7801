//! Routes, binding and the session operations, against a running emulator.
mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn new_session_fills_defaults() {
    let emu = emu();
    let s = create(&emu, json!({"displayName": "Support", "channel": "Chat", "memberEmailAddresses": ["a@x.example", "b@x.example"]}));
    let id = s["id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(s["channel"], "Chat");
    assert_eq!(s["direction"], "Outgoing");
    assert_eq!(s["callState"], "Connected");
    assert_eq!(s["dialState"], "None");
    assert_eq!(s["queueState"], "None");
    assert_eq!(s["ended"], false);
    assert_eq!(s["fromAddress"], "dev@evovoice.local");
    assert_eq!(s["accountId"], "acc-dev");
    assert_eq!(s["accountName"], "Dev Account");
    assert_eq!(s["createdBy"], "dev@evovoice.local");
    assert_eq!(s["log"][0]["message"], "Session created by dev@evovoice.local");
    let created = s["dateCreated"].as_str().unwrap();
    assert!(created.len() == 24 && created.ends_with('Z') && created.as_bytes()[10] == b'T', "{created}");
    let members = s["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0]["identity"], "dev@evovoice.local");
    assert_eq!(members[0]["role"], "Agent");
    assert_eq!(members[0]["isOriginalMember"], true);
    assert_eq!(members[1]["callState"], "Ringing");
    assert_eq!(members[1]["isOriginalMember"], false);
    // Null fields are omitted, not sent as null.
    assert!(s.get("conferenceSid").is_none());
    assert!(!emu_text(&s).contains("null"));

    let r = get(&emu, &format!("/sessions/{id}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(r.json(), s);
}

fn emu_text(v: &Value) -> String {
    v.to_string()
}

#[test]
fn new_session_known_customer_and_with_address() {
    let emu = emu();
    let s = create(&emu, json!({"channel": "voice", "customerId": "cus-acme-boston-peds", "withAddress": "user:alice@acme.example", "parentSessionId": "p1"}));
    assert_eq!(s["channel"], "Voice");
    assert_eq!(s["customerName"], "Pediatrics");
    assert_eq!(s["customerBreadcrumb"].as_array().unwrap().len(), 3);
    assert_eq!(s["customerBreadcrumb"][0]["id"], "cus-acme-clinics");
    assert_eq!(s["members"][1]["identity"], "alice@acme.example");
    let l = get(&emu, "/sessions?parentSessionId=p1").json();
    assert_eq!(l["totalCount"], 1);
}

#[test]
fn new_session_validation() {
    let emu = emu();
    let r = post_json(&emu, "/sessions", &json!({"displayName": "x"}));
    assert_eq!(r.status, 400);
    let rs = &r.json()["responseStatus"];
    assert_eq!(rs["errorCode"], "NotEmpty");
    assert_eq!(rs["message"], "'Channel' must not be empty.");
    assert_eq!(rs["errors"][0], json!({"errorCode": "NotEmpty", "fieldName": "Channel", "message": "'Channel' must not be empty.", "meta": {}}));
    // Unknown enum name: a bind error.
    let r = post_json(&emu, "/sessions", &json!({"channel": "Pigeon"}));
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "SerializationException");
    assert_eq!(r.json()["responseStatus"]["message"], "Unable to bind to request 'NewSession'");
    // Malformed JSON.
    let auth = bearer(TOKEN);
    let r = send(&emu, "POST", "/sessions", &[("Authorization", &auth), ("Content-Type", "application/json")], Some("{nope"));
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "SerializationException");
}

#[test]
fn form_body_and_query_override() {
    let emu = emu();
    let auth = bearer(TOKEN);
    let r = send(
        &emu,
        "POST",
        "/sessions?DisplayName=fromquery",
        &[("Authorization", &auth), ("Content-Type", "application/x-www-form-urlencoded")],
        Some("CHANNEL=Fax&displayName=fromform&toAddress=%2B15551234567"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let s = r.json();
    assert_eq!(s["channel"], "Fax");
    assert_eq!(s["displayName"], "fromquery");
    assert_eq!(s["toAddress"], "+15551234567");
    // A body without Content-Type is ignored on custom routes.
    let r = send(&emu, "POST", "/sessions", &[("Authorization", &auth)], Some(r#"{"channel":"Chat"}"#));
    assert_eq!(r.status, 400);
    assert_eq!(r.error_code(), "NotEmpty");
}

#[test]
fn get_session_not_found_and_odd_ids() {
    let emu = emu();
    for id in ["nope", "a/b", "q?x=1", "h#f", "100%", "sp ace", "é", "a/b?c#d%e é"] {
        let path = format!("/sessions/{}", seg(id));
        let r = get(&emu, &path);
        assert_eq!(r.status, 404, "{id}");
        let rs = &r.json()["responseStatus"];
        assert_eq!(rs["errorCode"], "NotFound");
        assert_eq!(rs["message"], format!("Session '{id}' was not found"));
        assert_eq!(emu.requests().last().unwrap().raw_path, path);
    }
    // Via the predefined route with the id in the query.
    let r = get(&emu, &format!("/json/reply/GetSession?sessionId={}", seg("..")));
    assert_eq!(r.json()["responseStatus"]["message"], "Session '..' was not found");
}

#[test]
fn predefined_routes() {
    let emu = emu();
    let s = post_json(&emu, "/api/NewSession", &json!({"channel": "Chat"})).json();
    let id = s["id"].as_str().unwrap().to_owned();
    assert_eq!(get(&emu, &format!("/api/GetSession?sessionId={id}")).json()["id"], id.as_str());
    assert_eq!(get(&emu, &format!("/json/reply/getsession?SESSIONID={id}")).json()["id"], id.as_str());
    // Any method; a body binds from the body only (query ignored).
    let r = post_json(&emu, "/json/reply/GetSession?sessionId=ignored", &json!({"sessionId": id}));
    assert_eq!(r.json()["id"], id.as_str());
    let r = post_json(&emu, "/json/reply/InviteChatMember", &json!({"sessionId": id, "memberToAdd": "+15550001111"}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["members"].as_array().unwrap().len(), 2);
    let l = get(&emu, "/api/ListSessions?countPerPage=1").json();
    assert_eq!(l["totalCount"], 1);
    // `.json` suffix and ?format=json are harmless.
    assert_eq!(get(&emu, &format!("/sessions/{id}.json")).json()["id"], id.as_str());
    assert_eq!(get(&emu, &format!("/sessions/{id}?format=json")).json()["id"], id.as_str());
    assert_eq!(get(&emu, "/sessions.json").json()["totalCount"], 1);
    assert_eq!(get(&emu, "/api/ListSessions.json").json()["totalCount"], 1);
    // oneway answers 204.
    let r = post_json(&emu, "/json/oneway/NewSession", &json!({"channel": "Fax"}));
    assert_eq!(r.status, 204);
    assert_eq!(get(&emu, "/sessions").json()["totalCount"], 2);
}

#[test]
fn unknown_routes_are_plain_404() {
    let emu = emu();
    for path in ["/nope", "/api/Nope", "/sessions/a/b/c/d/e", "/"] {
        let r = get(&emu, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.header("content-type").unwrap().starts_with("text/plain"));
        assert!(r.text().contains("not found"));
    }
    let r = send(&emu, "DELETE", "/sessions", &[("Authorization", &bearer(TOKEN))], None);
    assert_eq!(r.status, 404);
}

#[test]
fn invite_chat_member() {
    let emu = emu();
    let chat = create(&emu, json!({"channel": "Chat"}));
    let id = chat["id"].as_str().unwrap();
    let r = post_json(&emu, &format!("/sessions/{id}/members"), &json!({"memberToAdd": "jane.doe@example.com", "callerId": "+15550100"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let s = r.json();
    let m = s["members"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(m["identity"], "jane.doe@example.com");
    assert_eq!(m["role"], "Agent");
    assert_eq!(m["callState"], "Ringing");
    assert_eq!(m["displayName"], "Jane Doe");
    assert!(s["log"].as_array().unwrap().last().unwrap()["message"].as_str().unwrap().contains("jane.doe@example.com"));
    // Phone numbers join as callers.
    let s = post_json(&emu, &format!("/sessions/{id}/members"), &json!({"memberToAdd": "+15551112222"})).json();
    assert_eq!(s["members"].as_array().unwrap().last().unwrap()["role"], "Caller");
    // Validation, not found, wrong channel.
    let r = post_json(&emu, &format!("/sessions/{id}/members"), &json!({}));
    assert_eq!((r.status, r.error_code()), (400, "NotEmpty".to_owned()));
    assert_eq!(r.json()["responseStatus"]["errors"][0]["fieldName"], "MemberToAdd");
    let r = post_json(&emu, "/sessions/missing/members", &json!({"memberToAdd": "x@y"}));
    assert_eq!((r.status, r.error_code()), (404, "NotFound".to_owned()));
    let voice = create(&emu, json!({"channel": "Voice"}));
    let r = post_json(&emu, &format!("/sessions/{}/members", voice["id"].as_str().unwrap()), &json!({"memberToAdd": "x@y"}));
    assert_eq!((r.status, r.error_code()), (400, "ArgumentException".to_owned()));
}

#[test]
fn add_conference_member() {
    let emu = emu();
    let voice = create(&emu, json!({"channel": "Voice"}));
    let id = voice["id"].as_str().unwrap();
    let call_sid = voice["callSid"].as_str().unwrap().to_owned();
    let r = post_json(&emu, &format!("/sessions/{id}/conference/members"), &json!({"destination": "+15557654321", "fromNumber": "+15550000001", "callSid": call_sid}));
    assert_eq!(r.status, 200, "{}", r.text());
    let s = r.json();
    let conf = s["conferenceSid"].as_str().unwrap();
    assert!(conf.starts_with("CF") && conf.len() == 34);
    assert_eq!(s["callSid"], call_sid.as_str());
    let m = s["members"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(m["identity"], "+15557654321");
    assert_eq!(m["role"], "Caller");
    assert_eq!(m["callState"], "Ringing");
    assert_eq!(s["mostRecentParticipantCallSid"], m["callSid"]);
    let msg = s["log"].as_array().unwrap().last().unwrap()["message"].as_str().unwrap().to_owned();
    assert_eq!(msg, "Added conference member +15557654321 from +15550000001");
    // A second member keeps the conference.
    let s2 = post_json(&emu, &format!("/sessions/{id}/conference/members"), &json!({"destination": "+15557654322"})).json();
    assert_eq!(s2["conferenceSid"], conf);
    // Errors.
    let r = post_json(&emu, &format!("/sessions/{id}/conference/members"), &json!({}));
    assert_eq!(r.json()["responseStatus"]["errors"][0]["fieldName"], "Destination");
    let chat = create(&emu, json!({"channel": "Chat"}));
    let r = post_json(&emu, &format!("/sessions/{}/conference/members", chat["id"].as_str().unwrap()), &json!({"destination": "+1555"}));
    assert_eq!((r.status, r.error_code()), (400, "ArgumentException".to_owned()));
    let r = post_json(&emu, "/sessions/zzz/conference/members", &json!({"destination": "+1555"}));
    assert_eq!(r.status, 404);
}

#[test]
fn ended_sessions_refuse_members() {
    let emu = emu_seeded(300);
    let l = get(&emu, "/sessions?all=true").json();
    let items = l["items"].as_array().unwrap();
    let ended_chat = items.iter().find(|s| s["ended"] == true && s["channel"] == "Chat").expect("an ended chat");
    let r = post_json(&emu, &format!("/sessions/{}/members", ended_chat["id"].as_str().unwrap()), &json!({"memberToAdd": "a@b"}));
    assert_eq!((r.status, r.error_code()), (400, "ArgumentException".to_owned()));
    let ended_voice = items.iter().find(|s| s["ended"] == true && s["channel"] == "Voice").unwrap();
    let r = post_json(&emu, &format!("/sessions/{}/conference/members", ended_voice["id"].as_str().unwrap()), &json!({"destination": "+1555"}));
    assert_eq!((r.status, r.error_code()), (400, "ArgumentException".to_owned()));
}

#[test]
fn requests_are_recorded_raw() {
    let emu = emu();
    let _ = get(&emu, "/sessions?from=%2B1%20555&accountIds=a,%22b%2Cc%22");
    let reqs = emu.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "GET");
    assert_eq!(reqs[0].raw_path, "/sessions?from=%2B1%20555&accountIds=a,%22b%2Cc%22");
    assert_eq!(reqs[0].header("authorization"), Some("Bearer evovoice-dev-token"));
    emu.clear_requests();
    assert!(emu.requests().is_empty());
}

#[test]
fn never_panics_on_garbage() {
    let emu = emu();
    let auth = bearer(TOKEN);
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("POST", "/sessions", Some("[1,2]")),
        ("POST", "/sessions", Some("\"str\"")),
        ("POST", "/sessions", Some(r#"{"channel": 5}"#)),
        ("POST", "/sessions", Some(r#"{"memberEmailAddresses": {"a": 1}}"#)),
        ("GET", "/sessions?page=99999999999", None),
        ("GET", "/sessions/%FF%FE", None),
        ("POST", "/json/reply/ListSessions", Some("not json")),
        ("GET", "/sessions?sortField=nope", None),
    ];
    for (m, p, b) in cases {
        let ct = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
        let r = send(&emu, m, p, &ct, *b);
        assert!(r.status >= 400 && r.status < 500, "{m} {p}: {} {}", r.status, r.text());
        if r.status != 404 {
            assert!(r.json()["responseStatus"]["errorCode"].is_string(), "{p}");
        }
    }
    // Unknown (even undecodable) query keys are ignored.
    assert_eq!(get(&emu, "/sessions?%ZZ=%C3%28").status, 200);
    // Still alive.
    assert_eq!(get(&emu, "/sessions").status, 200);
}
