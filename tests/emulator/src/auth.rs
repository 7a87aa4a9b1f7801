//! Authentication: Bearer API keys, Basic (user:password or apikey:), and credentials login
//! sessions (`ss-id` / `ss-pid` / `ss-opt`, as cookies or `X-ss-*` headers).

use axum::response::Response;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use evovoice::{Authenticate, AuthenticateResponse};
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::errors::{json_response, not_empty, status_body, ApiError};
use crate::state::{lock, Login, Shared};
use crate::User;

/// Cookie attributes of every session cookie.
const COOKIE_ATTRS: &str = "Path=/; HttpOnly; SameSite=Lax";

/// The user (index into `Options::users`) a request authenticates as, if any.
pub(crate) fn current_user(shared: &Shared, headers: &HeaderMap) -> Option<usize> {
    if let Some(u) = from_authorization(&shared.opts.users, headers) {
        return Some(u);
    }
    let logins = lock(&shared.logins);
    session_ids(headers).iter().find_map(|id| logins.get(id).map(|l| l.user))
}

fn from_authorization(users: &[User], headers: &HeaderMap) -> Option<usize> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, cred) = value.split_once(' ')?;
    let cred = cred.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return users.iter().position(|u| u.api_key.as_deref() == Some(cred));
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = STANDARD.decode(cred).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (name, password) = text.split_once(':').unwrap_or((text.as_str(), ""));
        if let Some(i) = users.iter().position(|u| u.user_name.eq_ignore_ascii_case(name) && u.password == password) {
            return Some(i);
        }
        if password.is_empty() {
            return users.iter().position(|u| u.api_key.as_deref() == Some(name));
        }
    }
    None
}

fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// Candidate session ids, the active one first: `X-ss-*` headers, then cookies.
fn session_ids(headers: &HeaderMap) -> Vec<String> {
    let jar = cookies(headers);
    let cookie = |name: &str| jar.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let hdr = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_owned());
    let mut out = Vec::new();
    for (id, pid, opt) in [
        (hdr("x-ss-id"), hdr("x-ss-pid"), hdr("x-ss-opt")),
        (cookie("ss-id"), cookie("ss-pid"), cookie("ss-opt")),
    ] {
        let perm = opt.as_deref().is_some_and(|o| o.eq_ignore_ascii_case("perm"));
        let pair = if perm { [pid, id] } else { [id, pid] };
        out.extend(pair.into_iter().flatten().filter(|s| !s.is_empty()));
    }
    out
}

/// 20 URL-safe base64 characters.
fn new_session_id(shared: &Shared) -> String {
    URL_SAFE_NO_PAD.encode(shared.random_bytes(15))
}

fn user_response(shared: &Shared, user: usize, session_id: Option<String>) -> AuthenticateResponse {
    let u = &shared.opts.users[user];
    with_fields!(AuthenticateResponse {
        user_id: Some((user + 1).to_string()),
        session_id,
        user_name: Some(u.user_name.clone()),
        display_name: Some(u.display_name.clone()),
        roles: Some(u.roles.clone()),
        permissions: Some(Vec::new()),
    })
}

fn set_cookie(res: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// `POST /auth/credentials` (and aliases): checks the credentials, starts a login session.
pub(crate) fn login(shared: &Shared, req: Authenticate) -> Result<Response, ApiError> {
    let mut errors = Vec::new();
    if req.user_name.as_deref().unwrap_or("").is_empty() {
        errors.push(not_empty("UserName"));
    }
    if req.password.as_deref().unwrap_or("").is_empty() {
        errors.push(not_empty("Password"));
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let name = req.user_name.unwrap_or_default();
    let password = req.password.unwrap_or_default();
    let Some(user) =
        shared.opts.users.iter().position(|u| u.user_name.eq_ignore_ascii_case(&name) && u.password == password)
    else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "Unauthorized", "Invalid Username or Password"));
    };
    let remember = req.remember_me.unwrap_or(false);
    let (id, pid) = (new_session_id(shared), new_session_id(shared));
    {
        let mut logins = lock(&shared.logins);
        logins.insert(id.clone(), Login { user });
        logins.insert(pid.clone(), Login { user });
    }
    let active = if remember { pid.clone() } else { id.clone() };
    let body = serde_json::to_vec(&user_response(shared, user, Some(active))).unwrap_or_default();
    let mut res = json_response(StatusCode::OK, body);
    set_cookie(&mut res, format!("ss-id={id}; {COOKIE_ATTRS}"));
    set_cookie(&mut res, format!("ss-pid={pid}; Max-Age=630720000; {COOKIE_ATTRS}"));
    let opt = if remember { "perm" } else { "temp" };
    set_cookie(&mut res, format!("ss-opt={opt}; Max-Age=630720000; {COOKIE_ATTRS}"));
    Ok(res)
}

/// `/auth/logout`: ends every login session the request names and clears the cookies.
pub(crate) fn logout(shared: &Shared, headers: &HeaderMap) -> Response {
    {
        let mut logins = lock(&shared.logins);
        for id in session_ids(headers) {
            logins.remove(&id);
        }
    }
    let mut res = json_response(StatusCode::OK, b"{}".to_vec());
    for name in ["ss-id", "ss-pid", "ss-opt"] {
        set_cookie(&mut res, format!("{name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; {COOKIE_ATTRS}"));
    }
    res
}

/// `GET /auth`: who am I (401 when not authenticated).
pub(crate) fn whoami(shared: &Shared, headers: &HeaderMap) -> Response {
    match current_user(shared, headers) {
        Some(user) => {
            let sid = session_ids(headers).into_iter().find(|id| lock(&shared.logins).contains_key(id));
            json_response(StatusCode::OK, serde_json::to_vec(&user_response(shared, user, sid)).unwrap_or_default())
        }
        None => json_response(StatusCode::UNAUTHORIZED, status_body("Unauthorized", "Not Authenticated", Vec::new())),
    }
}
