//! Sans-IO request building: a DTO and a [`Config`] in, an `http::Request` out.

use http::{header, HeaderName, HeaderValue, Method, Request};
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
    let has_body = !matches!(Op::METHOD, Method::GET | Method::HEAD | Method::DELETE);
    let serialize_error = |e: serde_json::Error| Error::invalid(format!("{} could not be serialized: {e}", Op::NAME));
    let fields = serde_json::to_value(op).map_err(serialize_error)?;
    let body = if has_body { Some(serde_json::to_vec(op).map_err(serialize_error)?) } else { None };
    // Everything else is the same for every operation: one (non-generic) copy of it.
    build(config, Target { name: Op::NAME, method: Op::METHOD, route: Op::ROUTE }, fields, body)
}

/// What an [`Operation`] says about where it goes.
struct Target {
    name: &'static str,
    method: Method,
    route: &'static str,
}

/// `build_request` once the DTO is serialized: `fields` as a JSON value, `body` (the JSON text)
/// when the method sends one.
fn build(config: &Config, op: Target, fields: Value, body: Option<Vec<u8>>) -> Result<Request<Vec<u8>>, Error> {
    let Value::Object(fields) = fields else {
        return Err(Error::invalid(format!("{} must serialize to a JSON object", op.name)));
    };
    let (route, used) = fill_route(op.name, op.route, &fields)?;
    let mut uri = String::with_capacity(config.base_url().len() + route.len() + 64);
    uri.push_str(config.base_url());
    uri.push_str(&route);

    let has_body = body.is_some();
    if !has_body {
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
    }

    if *config.auth() != Auth::None {
        config.check_credentials_transport()?;
    }
    let mut builder = Request::builder().method(op.method).uri(&uri).header(header::ACCEPT, JSON);
    if has_body {
        builder = builder.header(header::CONTENT_TYPE, JSON);
    }
    for (name, value) in config.headers() {
        builder = builder.header(name, value);
    }
    for (name, value) in auth_headers(config.auth())? {
        builder = builder.header(name, value);
    }
    builder
        .body(body.unwrap_or_default())
        .map_err(|e| Error::invalid(format!("could not build the request for {}: {e}", op.name)))
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
fn fill_route(op_name: &str, route: &'static str, fields: &Map<String, Value>) -> Result<(String, Vec<&'static str>), Error> {
    let mut out = String::with_capacity(route.len() + 32);
    let mut used = Vec::new();
    let mut rest = route;
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
            let mut predefined = String::from("/json/reply/");
            predefined.push_str(op_name);
            return Ok((predefined, Vec::new()));
        }
        path::push_segment(&mut out, value);
        used.push(name);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok((out, used))
}

/// ServiceStack's session headers (names as constants: no header-name parsing at run time).
const X_SS_ID: HeaderName = HeaderName::from_static("x-ss-id");
const X_SS_PID: HeaderName = HeaderName::from_static("x-ss-pid");
const X_SS_OPT: HeaderName = HeaderName::from_static("x-ss-opt");

fn auth_headers(auth: &Auth) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    use base64::Engine as _;
    let sensitive = |s: String| {
        let mut v = HeaderValue::try_from(s).map_err(|_| Error::invalid("credentials contain characters that cannot travel in a header"))?;
        v.set_sensitive(true);
        Ok::<_, Error>(v)
    };
    Ok(match auth {
        Auth::None => Vec::new(),
        Auth::Bearer(token) => vec![(header::AUTHORIZATION, sensitive(["Bearer ", token.expose()].concat())?)],
        Auth::Basic { user_name, password } => {
            let raw = [user_name.as_str(), ":", password.expose()].concat();
            let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
            vec![(header::AUTHORIZATION, sensitive(["Basic ", &encoded].concat())?)]
        }
        Auth::Session(id) => vec![
            (X_SS_ID, sensitive(id.expose().to_owned())?),
            (X_SS_PID, sensitive(id.expose().to_owned())?),
            (X_SS_OPT, HeaderValue::from_static("perm")),
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
