//! Request dispatch: recording, CORS, routing (custom and predefined routes), binding,
//! authentication, then the operation.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::response::Response;
use evovoice::schema::Described;
use evovoice::{AddConferenceMember, Authenticate, GetSession, InviteChatMember, ListSessions, NewSession, OperationInfo, OPERATIONS};
use http::{header, HeaderMap, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::binding::{self, Binder, Field, Source};
use crate::errors::{json_response, ApiError};
use crate::state::Shared;
use crate::util::{decode, parse_pairs};
use crate::{auth, cors, faults, ops, AuthStyle, RecordedRequest};

/// Bodies larger than this are refused.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// How a request reached its operation (decides how it binds).
#[derive(Clone, Copy, PartialEq, Eq)]
enum RouteKind {
    /// `/sessions/...`: body, then path, then query.
    Custom,
    /// `/api/Op`, `/json/reply/Op`: the body if there is one, else the query.
    Predefined,
}

/// What the router learned about a request.
struct Ctx {
    method: Method,
    headers: HeaderMap,
    query: String,
    body: Vec<u8>,
    kind: RouteKind,
    /// Path variables (decoded).
    path: Vec<(String, String)>,
}

/// The one handler behind every route.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let raw_path = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| parts.uri.path().to_owned());
    shared.record(RecordedRequest {
        method: parts.method.as_str().to_owned(),
        raw_path,
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
    });
    let origin = cors::allowed_origin(&shared.opts.allowed_origins, &parts.headers);
    if parts.method == Method::OPTIONS {
        return cors::preflight(&parts.headers, origin);
    }
    let attribute = shared.opts.auth_style == AuthStyle::Attribute;
    // Fault injection, only when enabled: the request may ask the emulator to misbehave.
    let fault = match shared.opts.faults.then(|| faults::requested(&parts.headers, parts.uri.query().unwrap_or(""))).flatten() {
        None => None,
        Some(Err(e)) => {
            let mut res = e.into_response(attribute);
            cors::decorate(&mut res, origin);
            return res;
        }
        Some(Ok(f)) => faults::take(&shared.fault_counts, &f).then_some(f),
    };
    let mut res = match to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            if let Some(wait) = fault.as_ref().and_then(faults::delay) {
                tokio::time::sleep(wait).await;
            }
            match fault.as_ref().and_then(faults::replace) {
                Some(res) => res,
                None => {
                    let ctx = Ctx {
                        method: parts.method.clone(),
                        headers: parts.headers.clone(),
                        query: parts.uri.query().unwrap_or("").to_owned(),
                        body: bytes.to_vec(),
                        kind: RouteKind::Custom,
                        path: Vec::new(),
                    };
                    let mut op = None;
                    let res = dispatch(&shared, parts.uri.path(), ctx, &mut op).unwrap_or_else(|e| e.into_response(attribute));
                    match &fault {
                        Some(f) => faults::mangle(f, res, op == Some("ListSessions")).await,
                        None => res,
                    }
                }
            }
        }
        Err(_) => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "RequestTooLarge", "The request body is too large or could not be read")
            .into_response(attribute),
    };
    cors::decorate(&mut res, origin);
    res
}

/// Literal segment match: case-insensitive, tolerating a `.json` suffix on the last segment.
fn is(segs: &[String], i: usize, name: &str) -> bool {
    let Some(s) = segs.get(i) else { return false };
    s.eq_ignore_ascii_case(name)
        || (i + 1 == segs.len() && s.len() == name.len() + 5 && s[..name.len()].eq_ignore_ascii_case(name) && s[name.len()..].eq_ignore_ascii_case(".json"))
}

/// A segment without a trailing `.json` (for operation and provider names).
fn strip_json(s: &str) -> &str {
    if s.len() > 5 && s.is_char_boundary(s.len() - 5) && s[s.len() - 5..].eq_ignore_ascii_case(".json") {
        &s[..s.len() - 5]
    } else {
        s
    }
}

/// Session id candidates for a path segment: as is, then without a `.json` format suffix.
fn id_candidates(seg: &str, last: bool) -> Vec<String> {
    let mut ids = vec![seg.to_owned()];
    if last && strip_json(seg).len() != seg.len() {
        ids.push(strip_json(seg).to_owned());
    }
    ids
}

/// Routes and runs the request; `op` learns which operation it reached.
fn dispatch(shared: &Shared, raw_path: &str, mut ctx: Ctx, op_name: &mut Option<&'static str>) -> Result<Response, ApiError> {
    let trimmed = raw_path.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let segs: Vec<String> = if trimmed.is_empty() { Vec::new() } else { trimmed.split('/').map(|s| decode(s, false)).collect() };
    let n = segs.len();
    let m = ctx.method.clone();

    if let Some((op, params)) = match_route(&m, &segs) {
        let name = op.name();
        *op_name = Some(name);
        // A route ending in a parameter (`/sessions/{sessionId}`) may carry a `.json` format
        // suffix: its id candidates are the segment as is, then without it.
        let path_ids = op.target.route.ends_with('}').then(|| id_candidates(&segs[n - 1], true));
        ctx.path = params;
        return run_op(shared, name, ctx, path_ids);
    }
    let predefined = if n == 2 && is(&segs, 0, "api") {
        Some((strip_json(&segs[1]), false))
    } else if n == 3 && is(&segs, 0, "json") && (is(&segs, 1, "reply") || is(&segs, 1, "oneway")) {
        Some((strip_json(&segs[2]), is(&segs, 1, "oneway")))
    } else {
        None
    };
    if let Some((op, oneway)) = predefined {
        ctx.kind = RouteKind::Predefined;
        let Some(op) = OPERATIONS.iter().map(OperationInfo::name).chain(["Authenticate"]).find(|name| name.eq_ignore_ascii_case(op))
        else {
            return Err(ApiError::NoRoute);
        };
        *op_name = Some(op);
        let res = if op == "Authenticate" { auth_route(shared, None, ctx)? } else { run_op(shared, op, ctx, None)? };
        if oneway && res.status().is_success() {
            let mut empty = Response::new(Body::empty());
            *empty.status_mut() = StatusCode::NO_CONTENT;
            return Ok(empty);
        }
        return Ok(res);
    }
    if n >= 1 && is(&segs, 0, "auth") && n <= 2 {
        let provider = segs.get(1).map(|p| strip_json(p).to_owned());
        return auth_route(shared, provider, ctx);
    }
    Err(ApiError::NoRoute)
}

/// The body as a binding source, by Content-Type (`None`: no usable body).
fn body_source(op: &str, ctx: &Ctx) -> Result<Option<Source>, ApiError> {
    if ctx.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let ct = ctx
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let json = match ct.as_deref() {
        Some("application/x-www-form-urlencoded") => {
            return Ok(Some(Source::Pairs(parse_pairs(&String::from_utf8_lossy(&ctx.body)))));
        }
        Some(t) if t == "application/json" || t.ends_with("+json") || t == "text/json" => true,
        // Predefined JSON routes read the body as JSON whatever it is labelled.
        _ => ctx.kind == RouteKind::Predefined,
    };
    if !json {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(&ctx.body) {
        Ok(Value::Object(map)) => Ok(Some(Source::Json(map))),
        Ok(Value::Null) => Ok(None),
        Ok(_) | Err(_) => Err(ApiError::bind(
            static_name(op),
            vec![crate::errors::field_error("SerializationException", "", "The request body is not a JSON object")],
        )),
    }
}

fn static_name(op: &str) -> &'static str {
    OPERATIONS.iter().map(OperationInfo::name).find(|name| *name == op).unwrap_or("Authenticate")
}

/// The operation whose route template (the core's list is the route table) matches the path
/// segments `segs` for `method`, and the route's parameters as (wire name, segment). Literal
/// segments match in any case, the last one also with a `.json` suffix; HEAD matches GET.
fn match_route(method: &Method, segs: &[String]) -> Option<(&'static OperationInfo, Vec<(String, String)>)> {
    let get = *method == Method::GET || *method == Method::HEAD;
    OPERATIONS.iter().find_map(|op| {
        let wanted = &op.target.method;
        if !(wanted == method || (get && *wanted == Method::GET)) {
            return None;
        }
        let template: Vec<&str> = op.target.route.trim_start_matches('/').split('/').collect();
        if template.len() != segs.len() {
            return None;
        }
        let mut params = Vec::new();
        for (i, t) in template.iter().enumerate() {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => params.push((name.to_owned(), segs[i].clone())),
                None if is(segs, i, t) => {}
                None => return None,
            }
        }
        Some((op, params))
    })
}

/// Binds the request DTO `T` from the request as ServiceStack would for this route kind.
fn bind_dto<T: DeserializeOwned + Described>(op: &'static str, ctx: &Ctx) -> Result<T, ApiError> {
    bind(op, binding::fields_of(&T::SCHEMA), ctx)
}

/// Binds `T` from the request as ServiceStack would for this route kind.
fn bind<T: DeserializeOwned>(op: &'static str, fields: &'static [Field], ctx: &Ctx) -> Result<T, ApiError> {
    let mut b = Binder::new(op, fields);
    let body = body_source(op, ctx)?;
    match ctx.kind {
        RouteKind::Predefined => match body {
            Some(src) => b.apply(src),
            None => b.apply(Source::Pairs(parse_pairs(&ctx.query))),
        },
        RouteKind::Custom => {
            if let Some(src) = body {
                b.apply(src);
            }
            b.apply(Source::Pairs(ctx.path.clone()));
            b.apply(Source::Pairs(parse_pairs(&ctx.query)));
        }
    }
    b.finish()
}

fn ok_json<T: Serialize>(v: &T) -> Result<Response, ApiError> {
    serde_json::to_vec(v)
        .map(|body| json_response(StatusCode::OK, body))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "SerializationException", e.to_string()))
}

/// Authentication and role checks (after binding, as ServiceStack's filters run).
fn require(shared: &Shared, ctx: &Ctx, role: Option<&str>) -> Result<usize, ApiError> {
    let user = auth::current_user(shared, &ctx.headers).ok_or(ApiError::Unauthenticated)?;
    if let Some(role) = role {
        let roles = &shared.opts.users[user].roles;
        if !roles.iter().any(|r| r == role || r == "Admin") {
            return Err(ApiError::Forbidden);
        }
    }
    Ok(user)
}

/// Session id candidates: the path's, or the bound `sessionId` on predefined routes.
fn ids_or(path_ids: Option<Vec<String>>, bound: &Option<String>) -> Vec<String> {
    path_ids.unwrap_or_else(|| vec![bound.clone().unwrap_or_default()])
}

/// Binds, authenticates and runs one operation. `path_ids`: GetSession's id candidates from the
/// path (the id as is, then without a `.json` suffix).
fn run_op(shared: &Shared, op: &'static str, ctx: Ctx, path_ids: Option<Vec<String>>) -> Result<Response, ApiError> {
    match op {
        "NewSession" => {
            let req: NewSession = bind_dto(op, &ctx)?;
            let user = require(shared, &ctx, Some("User"))?;
            ok_json(&ops::new_session(shared, user, req)?)
        }
        "ListSessions" => {
            let req: ListSessions = bind_dto(op, &ctx)?;
            require(shared, &ctx, None)?;
            Ok(json_response(StatusCode::OK, ops::list_sessions(shared, req)?))
        }
        "GetSession" => {
            let req: GetSession = bind_dto(op, &ctx)?;
            require(shared, &ctx, None)?;
            // A query `sessionId` overrides the path (ServiceStack's order), so prefer the bound one.
            let mut ids = ids_or(path_ids, &req.session_id);
            if let Some(bound) = req.session_id.filter(|b| !ids.contains(b)) {
                ids.insert(0, bound);
            }
            ok_json(&ops::get_session(shared, &ids)?)
        }
        "AddConferenceMember" => {
            let req: AddConferenceMember = bind_dto(op, &ctx)?;
            let user = require(shared, &ctx, None)?;
            let ids = vec![req.session_id.clone().unwrap_or_default()];
            ok_json(&ops::add_conference_member(shared, user, req, &ids)?)
        }
        "InviteChatMember" => {
            let req: InviteChatMember = bind_dto(op, &ctx)?;
            let user = require(shared, &ctx, Some("User"))?;
            let ids = vec![req.session_id.clone().unwrap_or_default()];
            ok_json(&ops::invite_chat_member(shared, user, req, &ids)?)
        }
        #[cfg(feature = "test-operation")]
        "GetSessionLog" => {
            let req: evovoice::GetSessionLog = bind_dto(op, &ctx)?;
            require(shared, &ctx, None)?;
            ok_json(&ops::get_session_log(shared, &ids_or(path_ids, &req.session_id))?)
        }
        _ => Err(ApiError::NoRoute),
    }
}

/// `/auth`, `/auth/{provider}` and the predefined `Authenticate` operation.
fn auth_route(shared: &Shared, provider: Option<String>, ctx: Ctx) -> Result<Response, ApiError> {
    #[derive(serde::Deserialize, Default)]
    #[serde(rename_all = "camelCase", default)]
    struct Auth {
        provider: Option<String>,
        user_name: Option<String>,
        password: Option<String>,
        remember_me: Option<bool>,
    }
    let bound: Auth = bind("Authenticate", binding::AUTHENTICATE, &ctx)?;
    let provider = provider.or(bound.provider.clone()).filter(|p| !p.is_empty());
    let has_credentials = bound.user_name.is_some() || bound.password.is_some();
    let login = |b: Auth| {
        auth::login(shared, with_fields!(Authenticate { user_name: b.user_name, password: b.password, remember_me: b.remember_me }))
    };
    match provider.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("credentials") | Some("login") => {
            if ctx.method == Method::GET && !has_credentials {
                Ok(auth::whoami(shared, &ctx.headers))
            } else {
                login(bound)
            }
        }
        Some("logout") => Ok(auth::logout(shared, &ctx.headers)),
        Some("basic") if !has_credentials => Ok(auth::whoami(shared, &ctx.headers)),
        Some("basic") => login(bound),
        Some(other) => Err(ApiError::not_found(format!("No configuration was added for OAuth provider '{other}'"))),
        None if has_credentials => login(bound),
        None => Ok(auth::whoami(shared, &ctx.headers)),
    }
}
