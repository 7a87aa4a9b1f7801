//! Where requests go and how they authenticate. Secrets never appear in `Debug`.

use std::fmt;
use std::time::Duration;

use crate::models::AuthenticateResponse;
use crate::retry::RetryPolicy;
use crate::Error;

/// The default base URL of the API.
pub const DEFAULT_BASE_URL: &str = "https://evovoice.io";

/// Largest response body a transport accepts by default (a bigger one is a transport error,
/// [`Error::response_too_large`], not memory exhaustion).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// A secret string (token, password, session id). `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    /// The secret text. Handle with care.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::REDACTED)
    }
}

/// How requests authenticate. Non-exhaustive (a scheme may be added): a `match` needs a `_` arm.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`: a JWT or an API key.
    Bearer(Secret),
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        /// The user name.
        user_name: String,
        /// The password.
        password: Secret,
    },
    /// A ServiceStack session id from a credentials login, sent as `X-ss-id`/`X-ss-pid`.
    Session(Secret),
}

impl Auth {
    /// The credentials of a client's options, the one rule of the bindings: a bearer token, or
    /// a user name with a password (none given: empty), never both; a password needs a user
    /// name. `names` are the three options' names in the caller's language (token, user name,
    /// password), for the error. Their values are checked where they are set
    /// ([`Config::set_auth`]). Hidden: for the bindings, not covered by semver.
    #[doc(hidden)]
    pub fn from_options(token: Option<String>, user_name: Option<String>, password: Option<String>, names: [&str; 3]) -> Result<Auth, Error> {
        let [t, u, p] = names;
        Ok(match (token, user_name, password) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(Error::invalid(["give either ", t, " or ", u, " and ", p, ", not both"].concat()))
            }
            (Some(token), None, None) => Auth::Bearer(Secret::new(token)),
            (None, Some(user_name), password) => Auth::Basic { user_name, password: Secret::new(password.unwrap_or_default()) },
            (None, None, Some(_)) => return Err(Error::invalid([p, " needs a ", u].concat())),
            (None, None, None) => Auth::None,
        })
    }
}

/// Everything needed to build requests: base URL, authentication, timeout.
#[derive(Clone, PartialEq)]
pub struct Config {
    base_url: String,
    auth: Auth,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    /// Extra headers: lower-case names, values (checked when added).
    headers: Vec<(String, String)>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth: Auth::None,
            timeout: None,
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            headers: Vec::new(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            // Names only: a value may be a credential.
            .field("headers", &self.headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .finish()
    }
}

impl Config {
    /// A configuration for `base_url` (`https://host`, optionally with a path prefix such as
    /// `https://host/api`, with or without a trailing slash). No credentials.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Ok(Self { base_url: normalize_base_url(base_url)?, ..Self::default() })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sets the base URL (validated as in [`Config::new`]).
    pub fn set_base_url(&mut self, base_url: &str) -> Result<(), Error> {
        self.base_url = normalize_base_url(base_url)?;
        Ok(())
    }

    /// The authentication in use.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// Sets the authentication. Values that cannot travel in an HTTP header (control characters)
    /// are refused.
    pub fn set_auth(&mut self, auth: Auth) -> Result<(), Error> {
        let bad = |s: &str| s.chars().any(char::is_control);
        let invalid = match &auth {
            Auth::None => false,
            Auth::Bearer(t) => t.expose().is_empty() || bad(t.expose()),
            Auth::Basic { user_name, password } => {
                bad(user_name) || bad(password.expose()) || user_name.contains(':')
            }
            Auth::Session(id) => id.expose().is_empty() || bad(id.expose()),
        };
        if invalid {
            return Err(Error::invalid(
                "credentials must be non-empty, without control characters (and a user name without ':')",
            ));
        }
        self.auth = auth;
        Ok(())
    }

    /// Sets the credentials of a configured client (a rotated token, a new password): as
    /// [`Config::set_auth`], and refused where they would travel in clear text
    /// ([`Config::check_credentials_transport`]). On error nothing changes.
    pub fn set_credentials(&mut self, auth: Auth) -> Result<(), Error> {
        if auth != Auth::None {
            self.check_credentials_transport()?;
        }
        self.set_auth(auth)
    }

    /// Builder style: bearer token (JWT or API key).
    pub fn with_bearer_token(mut self, token: impl Into<String>) -> Result<Self, Error> {
        self.set_auth(Auth::Bearer(Secret::new(token)))?;
        Ok(self)
    }

    /// Builder style: HTTP basic authentication.
    pub fn with_basic_auth(mut self, user_name: impl Into<String>, password: impl Into<String>) -> Result<Self, Error> {
        self.set_auth(Auth::Basic { user_name: user_name.into(), password: Secret::new(password) })?;
        Ok(self)
    }

    /// The per-request timeout the transport should apply.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Sets the per-request timeout.
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Adds a header sent with every request (e.g. a tracing id). Names and values must be valid
    /// HTTP; the SDK's own headers (`Accept`, `Content-Type`, authentication) cannot be replaced.
    /// Values are treated as sensitive: `Debug` shows header names only.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        if !is_header_name(name) {
            return Err(Error::invalid(format!("`{name}` is not a valid header name")));
        }
        let name = name.to_ascii_lowercase();
        if ["accept", "content-type", "authorization"].contains(&name.as_str()) || name.starts_with("x-ss-") {
            return Err(Error::invalid(format!("the `{name}` header is set by the SDK")));
        }
        if !is_header_value(value) {
            return Err(Error::invalid(format!("the value of `{name}` cannot travel in a header")));
        }
        self.headers.push((name, value.to_owned()));
        Ok(())
    }

    /// Removes every extra header named `name` (any case).
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// The extra headers sent with every request: (lower-case name, value).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// When and how often failed requests are retried (see [`RetryPolicy`]).
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// Sets the retry policy.
    pub fn set_retry_policy(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// Whether credentials may be sent over plain `http://` to a host that is not this machine.
    pub fn allow_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }

    /// Allows sending credentials over plain `http://` to a non-loopback host (they would travel
    /// in clear text). Off by default; loopback (`localhost`, `127.0.0.0/8`, `[::1]`) is always
    /// allowed.
    pub fn set_allow_insecure_http(&mut self, allow: bool) {
        self.allow_insecure_http = allow;
    }

    /// Fails unless credentials may travel to the base URL: `https://`, a loopback host, or the
    /// caller's explicit [`Config::set_allow_insecure_http`].
    pub fn check_credentials_transport(&self) -> Result<(), Error> {
        let Some(rest) = self.base_url.strip_prefix("http://") else { return Ok(()) };
        if self.allow_insecure_http || is_loopback(rest.split_once('/').map_or(rest, |(authority, _)| authority)) {
            return Ok(());
        }
        Err(Error::invalid(format!(
            "refusing to send credentials in clear text to {}; use https:// or allow insecure http explicitly",
            self.base_url
        )))
    }

    /// Adopts the result of a credentials login: its bearer token when the server issued one
    /// (JWT), otherwise its session id.
    pub fn apply_login(&mut self, response: &AuthenticateResponse) -> Result<(), Error> {
        let nonempty = |o: &Option<String>| o.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
        if let Some(token) = nonempty(&response.bearer_token) {
            self.set_auth(Auth::Bearer(Secret::new(token)))
        } else if let Some(id) = nonempty(&response.session_id) {
            self.set_auth(Auth::Session(Secret::new(id)))
        } else {
            Err(Error::invalid("the login answer carried neither a bearer token nor a session id"))
        }
    }
}

/// The environment variable of the base URL.
pub const ENV_BASE_URL: &str = "EVOVOICE_BASE_URL";
/// The environment variable of a bearer token or API key.
pub const ENV_TOKEN: &str = "EVOVOICE_TOKEN";
/// The environment variable of a user name (with [`ENV_PASSWORD`]: basic authentication).
pub const ENV_USER: &str = "EVOVOICE_USER";
/// The environment variable of the password that goes with [`ENV_USER`].
pub const ENV_PASSWORD: &str = "EVOVOICE_PASSWORD";

/// What the environment says about a client: the settings every language's client takes as its
/// defaults (an explicit argument always wins). Empty variables count as unset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvSettings {
    /// `EVOVOICE_BASE_URL`.
    pub base_url: Option<String>,
    /// `EVOVOICE_TOKEN`.
    pub token: Option<Secret>,
    /// `EVOVOICE_USER`.
    pub user_name: Option<String>,
    /// `EVOVOICE_PASSWORD`.
    pub password: Option<Secret>,
}

impl EnvSettings {
    /// Reads the process environment.
    pub fn read() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (for tests and embedders).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        Self {
            base_url: get(ENV_BASE_URL),
            token: get(ENV_TOKEN).map(Secret::new),
            user_name: get(ENV_USER),
            password: get(ENV_PASSWORD).map(Secret::new),
        }
    }

    /// The credentials they give: the token if set, else the user name and password (an empty
    /// password if unset); `None` when neither is set.
    pub fn auth(&self) -> Option<Auth> {
        if let Some(token) = &self.token {
            return Some(Auth::Bearer(token.clone()));
        }
        let user_name = self.user_name.clone()?;
        Some(Auth::Basic { user_name, password: self.password.clone().unwrap_or_else(|| Secret::new("")) })
    }
}

/// An HTTP field name (RFC 9110 `token`).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A value that can travel in a header: visible characters, spaces and tabs (no CR, LF, NUL
/// or other controls), as `http::HeaderValue` accepts.
pub(crate) fn is_header_value(value: &str) -> bool {
    value.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// True for `localhost`, `*.localhost`, `127.x.y.z` and `[::1]`, with or without a port.
fn is_loopback(authority: &str) -> bool {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        return v6.split_once(']').map_or(v6, |(host, _)| host) == "::1";
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || is_ipv4_loopback(&host)
}

/// True for a dotted-quad IPv4 address in 127.0.0.0/8, read as `std::net::Ipv4Addr` reads it
/// (four decimal octets up to 255, no leading zeros), written out: in the WebAssembly the
/// standard address parser costs about half a kilobyte gzipped.
fn is_ipv4_loopback(host: &str) -> bool {
    let mut octets = 0;
    for (i, part) in host.split('.').enumerate() {
        let ok = (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.len() == 1 || !part.starts_with('0'))
            && part.bytes().fold(0u32, |n, d| n * 10 + u32::from(d & 0x0f)) <= 255;
        if !ok || (i == 0 && part != "127") {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

/// Checks and normalizes a base URL (`scheme://authority/path`, scheme lower case, no trailing
/// slash). Written out rather than parsed with `http::Uri`: the WebAssembly build carries this
/// small function instead of a general URI parser.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::invalid(format!("base URL `{raw}` {why}"));
    let trimmed = raw.trim();
    // RFC 3986 characters only (unreserved, reserved, `%`).
    let uri_char = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
    if trimmed.is_empty() || !trimmed.bytes().all(uri_char) {
        return Err(bad("is not a valid URL"));
    }
    // (What comes before the first `://`, in any case, must be `http` or `https`: looked up
    // with char patterns, which are lighter in the WebAssembly than a `&str` search.)
    let scheme = ["http", "https"].into_iter().find_map(|s| {
        let rest = trimmed.get(s.len()..)?.strip_prefix("://")?;
        trimmed.get(..s.len())?.eq_ignore_ascii_case(s).then_some((s, rest))
    });
    let Some((scheme, rest)) = scheme else {
        return Err(bad("must start with http:// or https://"));
    };
    if rest.contains(['?', '#']) {
        return Err(bad("must not have a query or fragment"));
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |at| (rest.get(..at).unwrap_or_default(), rest.get(at..).unwrap_or_default()));
    if authority.contains('@') {
        return Err(bad("must not contain credentials; use bearer_token or basic_auth"));
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, "")) => (h, None),
            Some((h, after)) => (h, Some(after.strip_prefix(':').ok_or_else(|| bad("is not a valid URL"))?)),
            None => return Err(bad("is not a valid URL")),
        },
        None => match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Err(bad("has no host"));
    }
    if port.is_some_and(|p| p.parse::<u16>().is_err() || !p.bytes().all(|b| b.is_ascii_digit())) || host.contains(['[', ']']) {
        return Err(bad("is not a valid URL"));
    }
    Ok(format!("{scheme}://{authority}{}", path.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_from_options() {
        let names = ["bearerToken", "userName", "password"];
        let s = |v: &str| Some(v.to_owned());
        let auth = |t, u, p| Auth::from_options(t, u, p, names);
        assert_eq!(auth(None, None, None).unwrap(), Auth::None);
        assert_eq!(auth(s("t"), None, None).unwrap(), Auth::Bearer(Secret::new("t")));
        assert_eq!(auth(None, s("u"), s("p")).unwrap(), Auth::Basic { user_name: "u".into(), password: Secret::new("p") });
        assert_eq!(auth(None, s("u"), None).unwrap(), Auth::Basic { user_name: "u".into(), password: Secret::new("") });
        let both = "invalid request: give either bearerToken or userName and password, not both";
        assert_eq!(auth(s("t"), s("u"), None).unwrap_err().to_string(), both);
        assert_eq!(auth(s("t"), None, s("p")).unwrap_err().to_string(), both);
        assert_eq!(auth(None, None, s("p")).unwrap_err().to_string(), "invalid request: password needs a userName");
    }

    #[test]
    fn base_urls() {
        assert_eq!(Config::new("https://h/api/").unwrap().base_url(), "https://h/api");
        assert_eq!(Config::new("http://127.0.0.1:8080").unwrap().base_url(), "http://127.0.0.1:8080");
        assert!(Config::new("ftp://h").is_err());
        assert!(Config::new("evovoice.io").is_err());
        assert!(Config::new("https://h?x=1").is_err());
        assert!(Config::new("https://u:p@h").is_err());
        assert_eq!(Config::new(" HTTPS://[::1]:8080/a//").unwrap().base_url(), "https://[::1]:8080/a");
        for bad in ["https://", "https://:80", "https://h:x", "https://h:99999", "https://h p", "https://h/é", "https://[::1", "https://a:1:2", "https://h#f"] {
            assert!(Config::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_url_schemes_and_messages() {
        assert_eq!(Config::new("HtTpS://h").unwrap().base_url(), "https://h");
        let message = |raw: &str| Config::new(raw).unwrap_err().to_string();
        for raw in ["http:/h", "xhttp://h", "httpx://h", "http//h", "ht:tp://h", "h://http://h", "://h", "http", "https:", "https:/", "a:b://h"] {
            assert_eq!(message(raw), format!("invalid request: base URL `{raw}` must start with http:// or https://"), "{raw}");
        }
        assert!(message("http:///x").ends_with("has no host"));
        assert!(message("https://h:1/x?").ends_with("must not have a query or fragment"));
        let loopback = |url: &str| Config::new(url).unwrap().check_credentials_transport().is_ok();
        assert!(loopback("http://[::1]") && loopback("http://[::1]/a") && loopback("http://localhost/a/b"));
        assert!(!loopback("http://[::2]:1/a") && !loopback("http://example/localhost"));
    }

    #[test]
    fn credentials_need_https_or_loopback() {
        for ok in ["https://evovoice.io", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9/api", "http://127.9.9.9"] {
            assert!(Config::new(ok).unwrap().check_credentials_transport().is_ok(), "{ok}");
        }
        let mut c = Config::new("http://evovoice.io").unwrap();
        assert!(c.check_credentials_transport().is_err());
        c.set_allow_insecure_http(true);
        assert!(c.check_credentials_transport().is_ok());
        assert!(Config::new("http://128.0.0.1").unwrap().check_credentials_transport().is_err());
        assert!(Config::new("http://localhost.evil.io").unwrap().check_credentials_transport().is_err());
    }

    #[test]
    fn ipv4_loopback_reads_as_std_does() {
        let std_reads = |h: &str| h.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
        let mut cases: Vec<String> = ["127.0.0.1", "127.255.255.255", "127.0.0.256", "127.0.0", "127.0.0.1.1", "127..0.1", "127.0.0.01", "127.0.0.0", "0127.0.0.1", "127.0.0.+1", "127.0.0.1 ", "128.0.0.1", "126.0.0.1", "127.0.0.1000", "", "127", "127.-1.0.0", "127.0x1.0.0", "１27.0.0.1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for a in ["0", "1", "9", "10", "99", "100", "255", "256", "00", "010", "999", "a"] {
            cases.push(format!("127.{a}.0.1"));
            cases.push(format!("{a}.0.0.1"));
        }
        for case in &cases {
            assert_eq!(is_ipv4_loopback(case), std_reads(case), "{case:?}");
        }
    }

    #[test]
    fn environment_settings() {
        let env = |vars: &'static [(&'static str, &'static str)]| EnvSettings::from_lookup(move |n| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v.to_string()));
        let e = env(&[(ENV_BASE_URL, "http://127.0.0.1:9"), (ENV_TOKEN, "tok"), (ENV_USER, "u")]);
        assert_eq!(e.base_url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(e.auth(), Some(Auth::Bearer(Secret::new("tok"))), "the token wins");
        assert!(!format!("{e:?}").contains("tok\""), "{e:?}");
        let e = env(&[(ENV_USER, "u"), (ENV_PASSWORD, "p"), (ENV_TOKEN, " ")]);
        assert_eq!(e.auth(), Some(Auth::Basic { user_name: "u".into(), password: Secret::new("p") }));
        assert_eq!(env(&[(ENV_PASSWORD, "p")]).auth(), None, "a password alone is no credential");
        assert_eq!(env(&[]), EnvSettings::default());
    }

    #[test]
    fn extra_headers() {
        let mut c = Config::default();
        c.add_header("X-Trace", "secret-ish").unwrap();
        assert_eq!(c.headers().len(), 1);
        assert!(!format!("{c:?}").contains("secret-ish"));
        assert!(c.add_header("Authorization", "x").is_err());
        assert!(c.add_header("X-ss-id", "x").is_err());
        assert!(c.add_header("bad name", "x").is_err());
        assert!(c.add_header("X-A", "a\nb").is_err());
    }

    #[test]
    fn secrets_do_not_show() {
        let c = Config::default().with_basic_auth("me", "hunter2").unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        let c = Config::default().with_bearer_token("tok-123").unwrap();
        assert!(!format!("{c:?}").contains("tok-123"));
        assert!(Config::default().with_bearer_token("a\r\nb").is_err());
    }
}
