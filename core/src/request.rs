//! Sans-IO request building: a DTO and a [`Config`] in, a request out.
//!
//! Two ways in, one way out: a typed DTO ([`build_request`], serialized by serde) or a DTO as
//! JSON text checked against its type's schema ([`build_request_json`], what the WebAssembly
//! package uses, without serde). Both become a JSON [`Value`] and go through the same
//! route, query, header and body rules into a [`WireRequest`].

use std::borrow::Cow;
use std::fmt;

use http::{Method, Request};

use crate::config::{is_header_value, Auth, Config};
use crate::json::{self, Value};
use crate::operations::Operation;
use crate::schema::TypeSchema;
use crate::wire::{path, query};
use crate::Error;

/// The media type of every request and response body.
pub const JSON: &str = "application/json";

/// Where an operation goes: its name, method and route template (what [`Operation`] says).
#[derive(Clone, Debug)]
pub struct Target {
    /// The operation's name (for ServiceStack's predefined routes).
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The route template, e.g. `/sessions/{sessionId}`.
    pub route: &'static str,
}

impl Target {
    /// The target of `Op`.
    pub const fn of<Op: Operation>() -> Self {
        Self { name: Op::NAME, method: Op::METHOD, route: Op::ROUTE }
    }

    fn has_body(&self) -> bool {
        !matches!(self.method, Method::GET | Method::HEAD | Method::DELETE)
    }
}

/// One header of a [`WireRequest`].
#[derive(Clone, PartialEq, Eq)]
pub struct WireHeader {
    /// The name, lower case.
    pub name: Cow<'static, str>,
    /// The value.
    pub value: String,
    /// True for credentials (never logged or shown).
    pub sensitive: bool,
}

/// A request as it goes on the wire, for any HTTP stack (see [`WireRequest::into_http`]).
/// `Debug` shows no sensitive header value.
#[derive(Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// The method.
    pub method: Method,
    /// The whole URL (base URL, route with path parameters, query string).
    pub url: String,
    /// The headers, in the order they are sent.
    pub headers: Vec<WireHeader>,
    /// The body (empty for none).
    pub body: Vec<u8>,
}

impl fmt::Debug for WireRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|h| (&*h.name, if h.sensitive { crate::REDACTED } else { h.value.as_str() })).collect();
        f.debug_struct("WireRequest").field("method", &self.method).field("url", &self.url).field("headers", &headers).finish()
    }
}

impl WireRequest {
    /// The same request as an `http::Request` (credential headers marked sensitive).
    pub fn into_http(self) -> Result<Request<Vec<u8>>, Error> {
        let mut req = Request::new(self.body);
        *req.method_mut() = self.method;
        *req.uri_mut() = self.url.parse().map_err(|_| Error::invalid(format!("`{}` is not a valid URL", self.url)))?;
        for h in self.headers {
            let name = http::HeaderName::try_from(&*h.name).map_err(|_| Error::invalid(format!("`{}` is not a valid header name", h.name)))?;
            let mut value = http::HeaderValue::try_from(h.value).map_err(|_| Error::invalid(format!("the value of `{name}` cannot travel in a header")))?;
            value.set_sensitive(h.sensitive);
            req.headers_mut().append(name, value);
        }
        Ok(req)
    }
}

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
    let target = Target::of::<Op>();
    let text = serde_json::to_vec(op).map_err(|e| Error::invalid(format!("{} could not be serialized: {e}", Op::NAME)))?;
    let fields = json::parse(&text).map_err(|_| Error::invalid(format!("{} did not serialize to JSON", Op::NAME)))?;
    let body = target.has_body().then_some(text);
    build(config, &target, &fields, body)?.into_http()
}

/// Builds the request for an operation whose DTO is given as JSON text (e.g. `JSON.stringify`
/// of a JavaScript object in the API's camelCase shape). The text is first checked against the
/// request type's `schema` with the typed decoder's rules ([`crate::json::transcode`]): a wrong
/// type or a member the type does not have is an [`Error::InvalidRequest`] naming the field
/// (`ListSessions: `page` must be a whole number, not string "1"`), nulls are dropped,
/// enum values are read as the server reads them. The body, for methods that send one, lists the
/// fields in the schema's order, as serde writes a typed DTO.
pub fn build_request_json(config: &Config, target: &Target, schema: &'static TypeSchema, text: &[u8]) -> Result<WireRequest, Error> {
    let fields = check_request_json(target, schema, text)?;
    let body = target.has_body().then(|| schema_ordered(schema, &fields).into_bytes());
    build(config, target, &fields, body)
}

/// The first half of [`build_request_json`]: the request's JSON text checked against `schema`,
/// as a JSON value (nulls dropped, enum values as the server reads them; a member the type
/// does not have is refused).
pub fn check_request_json(target: &Target, schema: &'static TypeSchema, text: &[u8]) -> Result<Value, Error> {
    let checked = json::transcode::check_request(schema, text).map_err(|(path, words)| match path.as_str() {
        "." => Error::invalid(format!("{}: {words}", target.name)),
        _ => Error::invalid(format!("{}: `{path}` {words}", target.name)),
    })?;
    let canonical = checked.rewritten.as_deref().unwrap_or(text);
    json::parse(canonical).map_err(|_| Error::invalid(format!("{} is not JSON", target.name)))
}

/// The members of `fields` that `schema` declares, in its order, nulls left out.
fn schema_ordered(schema: &TypeSchema, fields: &Value) -> String {
    let mut out = String::from("{");
    for f in schema.fields {
        let name = f.wire_name();
        match fields.get(&name) {
            None | Some(Value::Null) => {}
            Some(v) => {
                if out.len() > 1 {
                    out.push(',');
                }
                json::write_string(&mut out, &name);
                out.push(':');
                v.write(&mut out);
            }
        }
    }
    out.push('}');
    out
}

/// Everything after the DTO became JSON: `fields` as a JSON value, `body` (the JSON text)
/// when the method sends one. One (non-generic) copy for every operation.
fn build(config: &Config, op: &Target, fields: &Value, body: Option<Vec<u8>>) -> Result<WireRequest, Error> {
    let Value::Object(members) = fields else {
        return Err(Error::invalid(format!("{} must serialize to a JSON object", op.name)));
    };
    let (route, used) = fill_route(op.name, op.route, fields)?;
    let mut url = String::with_capacity(config.base_url().len() + route.len() + 64);
    url.push_str(config.base_url());
    url.push_str(&route);

    let has_body = body.is_some();
    if !has_body {
        // Sorted by name, whatever order the members came in, so the URL is reproducible; a
        // name given twice counts once (its last value), as in `fields.get`.
        // Each name goes in at its place (the lists are short; a sort would bring the standard
        // library's sorting code into the WebAssembly).
        let mut names: Vec<&str> = Vec::new();
        for (name, _) in members {
            let name = name.as_str();
            if !used.contains(&name) {
                if let Err(at) = names.binary_search(&name) {
                    names.insert(at, name);
                }
            }
        }
        let mut qs = String::new();
        for name in names {
            if let Some(value) = fields.get(name) {
                query::push_pair(&mut qs, name, value)?;
            }
        }
        if !qs.is_empty() {
            url.push('?');
            url.push_str(&qs);
        }
    }

    if *config.auth() != Auth::None {
        config.check_credentials_transport()?;
    }
    let plain = |name: &'static str, value: &str| WireHeader { name: Cow::Borrowed(name), value: value.to_owned(), sensitive: false };
    let mut headers = vec![plain("accept", JSON)];
    if has_body {
        headers.push(plain("content-type", JSON));
    }
    for (name, value) in config.headers() {
        // Extra header values may be credentials too: never shown.
        headers.push(WireHeader { name: Cow::Owned(name.clone()), value: value.clone(), sensitive: true });
    }
    headers.extend(auth_headers(config.auth())?);
    Ok(WireRequest { method: op.method.clone(), url, headers, body: body.unwrap_or_default() })
}

/// Builds the credentials login request (`POST /auth/credentials`, `rememberMe: true`).
/// Feed its answer to [`parse_response::<Authenticate>`](crate::parse_response), then to
/// [`Config::apply_login`].
pub fn build_login_request(config: &Config, user_name: &str, password: &str) -> Result<Request<Vec<u8>>, Error> {
    build_login_wire(config, user_name, password)?.into_http()
}

/// [`build_login_request`] as a [`WireRequest`].
pub fn build_login_wire(config: &Config, user_name: &str, password: &str) -> Result<WireRequest, Error> {
    config.check_credentials_transport()?;
    let mut anonymous = config.clone();
    anonymous.set_auth(Auth::None)?;
    // The `Authenticate` DTO, written as serde writes it.
    let mut body = String::from("{\"userName\":");
    json::write_string(&mut body, user_name);
    body.push_str(",\"password\":");
    json::write_string(&mut body, password);
    body.push_str(",\"rememberMe\":true}");
    let fields = json::parse(body.as_bytes()).map_err(|_| Error::invalid("the login request is not JSON"))?;
    build(&anonymous, &Target::of::<crate::models::Authenticate>(), &fields, Some(body.into_bytes()))
}

/// Fills the route template; returns the path and the wire names of the fields it used.
fn fill_route(op_name: &str, route: &'static str, fields: &Value) -> Result<(String, Vec<&'static str>), Error> {
    let mut out = String::with_capacity(route.len() + 32);
    let mut used = Vec::new();
    let mut rest = route;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else {
            return Err(Error::invalid(format!("the route of {op_name} is not a template")));
        };
        out.push_str(before);
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
        rest = after;
    }
    out.push_str(rest);
    Ok((out, used))
}

/// Standard base64 with padding (RFC 4648 section 4), for Basic authentication. Written out
/// (the `base64` crate weighed 2.3 KB gzipped in the WebAssembly for this one use).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= chunk.len() { char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]) } else { '=' });
        }
    }
    out
}

fn auth_headers(auth: &Auth) -> Result<Vec<WireHeader>, Error> {
    let sensitive = |name: &'static str, value: String| {
        if !is_header_value(&value) {
            return Err(Error::invalid("credentials contain characters that cannot travel in a header"));
        }
        Ok(WireHeader { name: Cow::Borrowed(name), value, sensitive: true })
    };
    Ok(match auth {
        Auth::None => Vec::new(),
        Auth::Bearer(token) => vec![sensitive("authorization", ["Bearer ", token.expose()].concat())?],
        Auth::Basic { user_name, password } => {
            let raw = [user_name.as_str(), ":", password.expose()].concat();
            let encoded = base64(raw.as_bytes());
            vec![sensitive("authorization", ["Basic ", &encoded].concat())?]
        }
        // ServiceStack's session headers.
        Auth::Session(id) => vec![
            sensitive("x-ss-id", id.expose().to_owned())?,
            sensitive("x-ss-pid", id.expose().to_owned())?,
            WireHeader { name: Cow::Borrowed("x-ss-opt"), value: "perm".to_owned(), sensitive: false },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::*;
    use crate::schema::Described;
    use http::header;

    fn cfg() -> Config {
        Config::new("https://h/api/").unwrap()
    }

    #[test]
    fn a_request_in_the_wrong_shape_is_refused_in_the_sdks_words() {
        let list = Target::of::<ListSessions>();
        let new = Target::of::<NewSession>();
        let message = |target: &Target, schema, text: &str| check_request_json(target, schema, text.as_bytes()).unwrap_err().to_string();
        let cases = [
            (&list, r#"{"page":"1"}"#, r#"ListSessions: `page` must be a whole number, not string "1""#),
            (&list, r#"{"page":3000000000}"#, "ListSessions: `page` must be a whole number in range, not integer `3000000000`"),
            (&list, r#"{"page":1.5}"#, "ListSessions: `page` must be a whole number, not floating point `1.5`"),
            (&list, r#"{"chanel":"Chat"}"#, "ListSessions: `chanel` is not a field of this request"),
            (&list, r#"{"specificIds":["a",2]}"#, "ListSessions: `specificIds[1]` must be a string, not integer `2`"),
            (&list, r#"{"accountIds":"a"}"#, r#"ListSessions: `accountIds` must be an array, not string "a""#),
            (&list, r#"{"all":"yes"}"#, r#"ListSessions: `all` must be true or false, not string "yes""#),
            (&list, r#"{"sortOrder":{}}"#, "ListSessions: `sortOrder` must be one of the SortOrders values (a string), not an object"),
            (&new, r#"{"channel":5}"#, "NewSession: `channel` must be one of the FlowChannels values (a string), not integer `5`"),
            (&new, r#""x""#, r#"NewSession: must be an object (NewSession), not string "x""#),
        ];
        for (target, text, want) in cases {
            let schema = if target.name == "ListSessions" { &ListSessions::SCHEMA } else { &NewSession::SCHEMA };
            assert_eq!(message(target, schema, text), format!("invalid request: {want}"), "{text}");
        }
        // Nulls are "not given"; unknown enum values travel (the server decides).
        assert!(check_request_json(&new, &NewSession::SCHEMA, br#"{"channel":"Sms","displayName":null}"#).is_ok());
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
    fn query_names_are_sorted_and_a_repeated_name_counts_once() {
        let fields = json::parse(br#"{"zeta":"1","sessionId":"s","alpha":true,"mid":[1,2],"Beta":0,"alpha":false}"#).unwrap();
        let req = build(&cfg(), &Target::of::<GetSession>(), &fields, None).unwrap();
        assert_eq!(req.url, "https://h/api/sessions/s?Beta=0&alpha=false&mid=1,2&zeta=1");
    }

    #[test]
    fn base64_is_the_standard_padded_one() {
        use base64::Engine as _;
        let mut bytes = Vec::new();
        for n in 0..=300u32 {
            assert_eq!(base64(&bytes), base64::engine::general_purpose::STANDARD.encode(&bytes), "{bytes:?}");
            bytes.push((n.wrapping_mul(167) ^ (n >> 3)) as u8);
        }
        assert_eq!(base64(b"dev@evovoice.local:dev"), "ZGV2QGV2b3ZvaWNlLmxvY2FsOmRldg==");
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
