//! Authentication (all schemes, both failure styles) and CORS.
mod common;

use base64::Engine;
use common::*;
use evovoice_emulator::{AuthStyle, Emulator, Options};
use serde_json::json;

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn header_schemes() {
    let emu = emu();
    let ok = |h: &str| send(&emu, "GET", "/sessions", &[("Authorization", h)], None).status;
    assert_eq!(ok("Bearer evovoice-dev-token"), 200);
    assert_eq!(ok("bearer evovoice-dev-token"), 200);
    assert_eq!(ok(&format!("Basic {}", b64("dev@evovoice.local:dev"))), 200);
    assert_eq!(ok(&format!("Basic {}", b64("DEV@evovoice.local:dev"))), 200);
    assert_eq!(ok(&format!("Basic {}", b64("evovoice-dev-token:"))), 200);
    assert_eq!(ok("Bearer wrong"), 401);
    assert_eq!(ok(&format!("Basic {}", b64("dev@evovoice.local:wrong"))), 401);
    assert_eq!(ok("Basic !!!"), 401);
    let r = send(&emu, "GET", "/sessions", &[], None);
    assert_eq!(r.status, 401);
    assert_eq!(r.json(), json!({"responseStatus":{"errorCode":"Unauthorized","message":"Not Authenticated","errors":[]}}));
}

#[test]
fn roles_thrown_style() {
    let emu = emu();
    let viewer = bearer(VIEWER);
    let r = send(&emu, "POST", "/sessions", &[("Authorization", &viewer), ("Content-Type", "application/json")], Some(r#"{"channel":"Chat"}"#));
    assert_eq!(r.status, 403);
    assert_eq!(r.json(), json!({"responseStatus":{"errorCode":"Forbidden","message":"Invalid Role","errors":[]}}));
    // Viewers may read.
    assert_eq!(send(&emu, "GET", "/sessions", &[("Authorization", &viewer)], None).status, 200);
}

#[test]
fn attribute_style() {
    let emu = Emulator::start_background(Options { auth_style: AuthStyle::Attribute, ..Options::default() }).unwrap();
    let r = send(&emu, "GET", "/sessions", &[], None);
    assert_eq!(r.status, 401);
    assert!(r.body.is_empty());
    assert_eq!(r.header("www-authenticate"), Some("basic realm=\"/auth/basic\""));
    let viewer = bearer(VIEWER);
    let r = send(&emu, "POST", "/sessions", &[("Authorization", &viewer), ("Content-Type", "application/json")], Some(r#"{"channel":"Chat"}"#));
    assert_eq!(r.status, 403);
    assert_eq!(r.reason, "Invalid Role");
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    assert!(r.text().starts_with("Forbidden"));
    // Failed logins stay JSON.
    let r = send(&emu, "POST", "/auth/credentials", &[("Content-Type", "application/json")], Some(r#"{"userName":"dev@evovoice.local","password":"x"}"#));
    assert_eq!(r.status, 401);
    assert_eq!(r.error_code(), "Unauthorized");
}

fn cookie_value<'a>(r: &'a Resp, name: &str) -> &'a str {
    r.headers_named("set-cookie")
        .into_iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

#[test]
fn credentials_login_cookies_and_headers() {
    let emu = emu();
    for path in ["/auth/credentials", "/auth/login", "/auth"] {
        let r = send(
            &emu,
            "POST",
            path,
            &[("Content-Type", "application/json")],
            Some(r#"{"provider":"credentials","UserName":"dev@evovoice.local","password":"dev","rememberMe":true}"#),
        );
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        let body = r.json();
        assert_eq!(body["userName"], "dev@evovoice.local");
        assert_eq!(body["displayName"], "Dev User");
        assert_eq!(body["roles"], json!(["User"]));
        assert!(body.get("bearerToken").is_none());
        let (id, pid, opt) = (cookie_value(&r, "ss-id"), cookie_value(&r, "ss-pid"), cookie_value(&r, "ss-opt"));
        assert_eq!(opt, "perm");
        assert_eq!(body["sessionId"], pid);
        for v in [id, pid] {
            assert_eq!(v.len(), 20);
            assert!(v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
        assert!(r.headers_named("set-cookie").iter().all(|c| c.contains("Path=/") && c.contains("HttpOnly") && c.contains("SameSite=Lax")));
        // Cookie session.
        let cookie = format!("ss-id={id}; ss-pid={pid}; ss-opt=perm");
        assert_eq!(send(&emu, "GET", "/sessions", &[("Cookie", &cookie)], None).status, 200);
        // X-ss-* headers.
        assert_eq!(send(&emu, "GET", "/sessions", &[("X-ss-pid", pid), ("X-ss-opt", "perm")], None).status, 200);
        assert_eq!(send(&emu, "GET", "/sessions", &[("X-ss-id", id)], None).status, 200);
        // Logged-in users may create sessions.
        let r = send(&emu, "POST", "/sessions", &[("Cookie", &cookie), ("Content-Type", "application/json")], Some(r#"{"channel":"Chat"}"#));
        assert_eq!(r.status, 200);
        // Logout ends it.
        assert_eq!(send(&emu, "POST", "/auth/logout", &[("Cookie", &cookie)], None).status, 200);
        assert_eq!(send(&emu, "GET", "/sessions", &[("Cookie", &cookie)], None).status, 401);
        assert_eq!(send(&emu, "GET", "/sessions", &[("X-ss-id", id)], None).status, 401);
    }
}

#[test]
fn temp_login_form_body_and_failures() {
    let emu = emu();
    let r = send(&emu, "POST", "/auth/credentials", &[("Content-Type", "application/x-www-form-urlencoded")], Some("username=dev%40evovoice.local&password=dev"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(cookie_value(&r, "ss-opt"), "temp");
    assert_eq!(r.json()["sessionId"], cookie_value(&r, "ss-id"));
    // GET /auth tells who is logged in.
    let who = send(&emu, "GET", "/auth", &[("X-ss-id", cookie_value(&r, "ss-id"))], None);
    assert_eq!(who.json()["userName"], "dev@evovoice.local");
    let r = send(&emu, "POST", "/auth/credentials", &[("Content-Type", "application/json")], Some(r#"{"userName":"dev@evovoice.local","password":"nope"}"#));
    assert_eq!(r.status, 401);
    assert_eq!(r.json(), json!({"responseStatus":{"errorCode":"Unauthorized","message":"Invalid Username or Password","errors":[]}}));
    assert!(r.headers_named("set-cookie").is_empty());
    let r = send(&emu, "POST", "/auth/credentials", &[("Content-Type", "application/json")], Some("{}"));
    assert_eq!(r.status, 400);
    // Unknown session ids do not authenticate.
    assert_eq!(send(&emu, "GET", "/sessions", &[("X-ss-id", "AAAAAAAAAAAAAAAAAAAA")], None).status, 401);
}

#[test]
fn cors() {
    let emu = Emulator::start_background(Options { allowed_origins: vec!["https://app.example".into()], ..Options::default() }).unwrap();
    let pre = send(
        &emu,
        "OPTIONS",
        "/sessions/abc/members",
        &[("Origin", "http://localhost:5173"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type, authorization, x-custom")],
        None,
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin"), Some("http://localhost:5173"));
    assert_eq!(pre.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(pre.header("access-control-allow-methods"), Some("GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD"));
    let allow = pre.header("access-control-allow-headers").unwrap();
    assert!(allow.starts_with("Content-Type, Authorization, Accept, X-ss-id, X-ss-pid, X-ss-opt"));
    assert!(allow.contains("x-custom"));
    assert_eq!(pre.header("access-control-max-age"), Some("600"));
    // Actual requests, including errors, carry the headers.
    let r = send(&emu, "GET", "/sessions", &[("Origin", "http://127.0.0.1:9000")], None);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("access-control-allow-origin"), Some("http://127.0.0.1:9000"));
    assert_eq!(r.header("access-control-expose-headers"), Some("WWW-Authenticate, Retry-After"));
    assert!(r.headers_named("vary").iter().any(|v| v.contains("Origin")));
    let r = send(&emu, "GET", "/sessions", &[("Origin", "https://app.example"), ("Authorization", &bearer(TOKEN))], None);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://app.example"));
    // Disallowed origins get nothing.
    let r = send(&emu, "OPTIONS", "/sessions", &[("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")], None);
    assert!(r.header("access-control-allow-origin").is_none());
    let r = send(&emu, "GET", "/sessions", &[("Origin", "https://evil.example"), ("Authorization", &bearer(TOKEN))], None);
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    // "*" allows any origin (echoed, with credentials).
    let any = Emulator::start_background(Options { allowed_origins: vec!["*".into()], ..Options::default() }).unwrap();
    let r = send(&any, "GET", "/sessions", &[("Origin", "https://evil.example")], None);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://evil.example"));
}
