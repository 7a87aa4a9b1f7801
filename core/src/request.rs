//! Sans-IO request building: a DTO and a [`Config`] in, an `http::Request` out.

use http::{header, HeaderValue, Method, Request};
use serde_json::{Map, Value};

use crate::config::{Auth, Config};
use crate::models::Authenticate;
use crate::operations::Operation;
use crate::wire::{path, query};
use crate::Error;

/// The media type of every request and response body.
pub const JSON: &str = "application/json";

/// Builds the HTTP request for `op`: method, URL (base URL + route with path parameters filled,
/// plus the query string for GET), headers (`Accept`, authentication) and, for POST, the JSON
/// body (the whole DTO, path parameters included, as the API's samples show).
///
/// Fails with [`Error::InvalidRequest`] before any I/O when a path parameter is missing, empty
/// or holds control characters. A path parameter that is exactly `.` or `..` (which URL parsers
/// would collapse) sends the operation to ServiceStack's predefined route `/json/reply/{Name}`
/// instead, with the value in the query (GET) or body (POST).
///
/// ```
/// use evovoice::{build_request, Config, GetSession};
/// let config = Config::new("https://evovoice.io")?.with_bearer_token("t0ken")?;
/// let req = build_request(&config, &GetSession::new("a/b"))?;
/// assert_eq!(req.uri(), "https://evovoice.io/sessions/a%2Fb");
/// assert_eq!(req.headers()["authorization"], "Bearer t0ken");
/// # Ok::<(), evovoice::Error>(())
/// ```
pub fn build_request<Op: Operation>(config: &Config, op: &Op) -> Result<Request<Vec<u8>>, Error> {
    let fields = match serde_json::to_value(op) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(Error::invalid(format!("{} must serialize to a JSON object", Op::NAME))),
        Err(e) => return Err(Error::invalid(format!("{} could not be serialized: {e}", Op::NAME))),
    };
    let (route, used) = fill_route::<Op>(&fields)?;
    let mut uri = String::with_capacity(config.base_url().len() + route.len() + 64);
    uri.push_str(config.base_url());
    uri.push_str(&route);

    let has_body = !matches!(Op::METHOD, Method::GET | Method::HEAD | Method::DELETE);
    let body = if has_body {
        serde_json::to_vec(op).map_err(|e| Error::invalid(format!("{} could not be serialized: {e}", Op::NAME)))?
    } else {
        // Sorted by name, whatever order serde_json's map keeps, so the URL is reproducible.
        let mut pairs: Vec<(&String, &Value)> = fields.iter().filter(|(n, _)| !used.contains(&n.as_str())).collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut qs = String::new();
        for (name, value) in pairs {
            query::push_pair(&mut qs, name, value)?;
        }
        if !qs.is_empty() {
            uri.push('?');
            uri.push_str(&qs);
        }
        Vec::new()
    };

    if *config.auth() != Auth::None {
        config.check_credentials_transport()?;
    }
    let mut builder = Request::builder().method(Op::METHOD).uri(&uri).header(header::ACCEPT, JSON);
    if has_body {
        builder = builder.header(header::CONTENT_TYPE, JSON);
    }
    for (name, value) in auth_headers(config.auth())? {
        builder = builder.header(name, value);
    }
    builder.body(body).map_err(|e| Error::invalid(format!("could not build the request for {}: {e}", Op::NAME)))
}

/// Builds the credentials login request (`POST /auth/credentials`, `rememberMe: true`).
/// Feed its answer to [`parse_response::<Authenticate>`](crate::parse_response), then to
/// [`Config::apply_login`].
pub fn build_login_request(config: &Config, user_name: &str, password: &str) -> Result<Request<Vec<u8>>, Error> {
    config.check_credentials_transport()?;
    let mut anonymous = config.clone();
    anonymous.set_auth(Auth::None)?;
    let op = Authenticate {
        user_name: Some(user_name.to_owned()),
        password: Some(password.to_owned()),
        remember_me: Some(true),
    };
    build_request(&anonymous, &op)
}

/// Fills the route template; returns the path and the wire names of the fields it used.
fn fill_route<Op: Operation>(fields: &Map<String, Value>) -> Result<(String, Vec<&'static str>), Error> {
    let mut out = String::with_capacity(Op::ROUTE.len() + 32);
    let mut used = Vec::new();
    let mut rest = Op::ROUTE;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).expect("route templates are well formed");
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = match fields.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => return Err(Error::invalid(format!("`{name}` must be a string"))),
        };
        path::check_param(name, value)?;
        let value = value.unwrap_or_default();
        if path::is_dot_segment(value) {
            return Ok((format!("/json/reply/{}", Op::NAME), Vec::new()));
        }
        path::push_segment(&mut out, value);
        used.push(name);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok((out, used))
}

fn auth_headers(auth: &Auth) -> Result<Vec<(&'static str, HeaderValue)>, Error> {
    use base64::Engine as _;
    let sensitive = |s: String| {
        let mut v = HeaderValue::try_from(s).map_err(|_| Error::invalid("credentials contain characters that cannot travel in a header"))?;
        v.set_sensitive(true);
        Ok::<_, Error>(v)
    };
    Ok(match auth {
        Auth::None => Vec::new(),
        Auth::Bearer(token) => vec![("authorization", sensitive(format!("Bearer {}", token.expose()))?)],
        Auth::Basic { user_name, password } => {
            let raw = format!("{user_name}:{}", password.expose());
            let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
            vec![("authorization", sensitive(format!("Basic {encoded}"))?)]
        }
        Auth::Session(id) => vec![
            ("x-ss-id", sensitive(id.expose().to_owned())?),
            ("x-ss-pid", sensitive(id.expose().to_owned())?),
            ("x-ss-opt", HeaderValue::from_static("perm")),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::*;

    fn cfg() -> Config {
        Config::new("https://h/api/").unwrap()
    }

    #[test]
    fn get_with_path_and_query() {
        let op = ListSessions { account_ids: Some(vec!["a".into(), "b,c".into()]), page: Some(2), ..Default::default() };
        let req = build_request(&cfg(), &op).unwrap();
        assert_eq!(req.method(), Method::GET);
        assert_eq!(req.uri(), "https://h/api/sessions?accountIds=a,%22b%2Cc%22&page=2");
        assert!(req.headers().get(header::CONTENT_TYPE).is_none());
        assert!(req.body().is_empty());
    }

    #[test]
    fn post_keeps_path_param_in_body() {
        let op = InviteChatMember { session_id: Some("s 1".into()), member_to_add: Some("+1555".into()), ..Default::default() };
        let req = build_request(&cfg(), &op).unwrap();
        assert_eq!(req.uri(), "https://h/api/sessions/s%201/members");
        assert_eq!(req.body(), br#"{"sessionId":"s 1","memberToAdd":"+1555"}"#);
        assert_eq!(req.headers()[header::CONTENT_TYPE], JSON);
    }

    #[test]
    fn dot_segments_use_the_predefined_route() {
        let req = build_request(&cfg(), &GetSession::new("..")).unwrap();
        assert_eq!(req.uri(), "https://h/api/json/reply/GetSession?sessionId=..");
    }

    #[test]
    fn empty_id_is_refused() {
        let e = build_request(&cfg(), &GetSession::new("")).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidRequest);
        assert!(build_request(&cfg(), &GetSession::default()).is_err());
    }

    #[test]
    fn auth_headers_are_sensitive() {
        let c = cfg().with_basic_auth("dev@evovoice.local", "dev").unwrap();
        let req = build_request(&c, &GetSession::new("x")).unwrap();
        let h = &req.headers()["authorization"];
        assert_eq!(h, "Basic ZGV2QGV2b3ZvaWNlLmxvY2FsOmRldg==");
        assert!(h.is_sensitive());
        let login = build_login_request(&c, "u", "p").unwrap();
        let plain = Config::new("http://evovoice.io").unwrap();
        assert_eq!(build_login_request(&plain, "u", "p").unwrap_err().kind(), crate::ErrorKind::InvalidRequest);
        assert!(build_request(&plain, &GetSession::new("x")).is_ok(), "no credentials, nothing to protect");
        let plain = plain.with_bearer_token("t").unwrap();
        assert!(build_request(&plain, &GetSession::new("x")).is_err());
        assert!(login.headers().get("authorization").is_none());
        assert_eq!(login.uri(), "https://h/api/auth/credentials");
    }
}
