//! CORS for browser clients: allowed origins are echoed with credentials allowed.

use axum::body::Body;
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue, StatusCode};

/// Methods announced to preflights.
const ALLOW_METHODS: &str = "GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD";
/// Headers announced to preflights (requested ones are echoed as well).
const ALLOW_HEADERS: &str = "Content-Type, Authorization, Accept, X-ss-id, X-ss-pid, X-ss-opt, X-Evovoice-Fault";

/// Is `origin` allowed? Any http(s) origin on localhost, 127.0.0.1 or [::1] (any port) always
/// is; `*` in the list allows every origin; other entries add exact origins (ignoring case and a
/// trailing slash).
pub(crate) fn allowed(allow_list: &[String], origin: &str) -> bool {
    if is_local(origin) {
        return true;
    }
    let o = origin.trim_end_matches('/');
    allow_list.iter().any(|a| a == "*" || a.trim_end_matches('/').eq_ignore_ascii_case(o))
}

fn is_local(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let host = if let Some(v6) = rest.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, port)) => {
                if !port.is_empty() && !valid_port(port) {
                    return false;
                }
                return h == "::1";
            }
            None => return false,
        }
    } else {
        match rest.split_once(':') {
            Some((h, port)) if valid_port(&format!(":{port}")) => h,
            Some(_) => return false,
            None => rest,
        }
    };
    host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1"
}

fn valid_port(p: &str) -> bool {
    p.strip_prefix(':').is_some_and(|d| !d.is_empty() && d.len() <= 5 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The request's Origin, when it is allowed.
pub(crate) fn allowed_origin(allow_list: &[String], headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let text = origin.to_str().ok()?;
    allowed(allow_list, text).then(|| origin.clone())
}

/// Adds the CORS headers of an allowed origin to any response.
pub(crate) fn decorate(res: &mut Response, origin: Option<HeaderValue>) {
    let h = res.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("WWW-Authenticate, Retry-After"));
    }
}

/// The answer to an `OPTIONS` request (no authentication needed).
pub(crate) fn preflight(headers: &HeaderMap, origin: Option<HeaderValue>) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::NO_CONTENT;
    if origin.is_some() {
        let h = res.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
        let mut allow = ALLOW_HEADERS.to_owned();
        if let Some(req) = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS).and_then(|v| v.to_str().ok()) {
            for name in req.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                if !allow.split(", ").any(|a| a.eq_ignore_ascii_case(name)) {
                    allow.push_str(", ");
                    allow.push_str(name);
                }
            }
        }
        if let Ok(v) = HeaderValue::from_str(&allow) {
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
        }
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    }
    decorate(&mut res, origin);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_allows_local_origins_only() {
        for o in ["http://localhost:5173", "https://127.0.0.1:8443", "http://[::1]:3000", "http://localhost", "http://LOCALHOST:1"] {
            assert!(allowed(&[], o), "{o}");
        }
        for o in ["http://evil.example", "http://localhost.evil.example", "http://127.0.0.1.nip.io:80", "null", "file://", "http://localhost:abc"] {
            assert!(!allowed(&[], o), "{o}");
        }
        assert!(allowed(&["*".into()], "http://evil.example"));
        assert!(allowed(&["https://app.example".into()], "https://app.example"));
        assert!(allowed(&["https://app.example".into()], "http://localhost:1"));
        assert!(!allowed(&["https://app.example".into()], "https://other.example"));
    }
}
