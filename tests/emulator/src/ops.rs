//! The five operations of the API, on the in-memory state.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use evovoice::schema::Described;
use evovoice::*;
use serde::Serialize;
use serde_json::Value;

use crate::catalog::{self, DEV_ACCOUNT};
use crate::errors::{field_error, not_empty, ApiError};
use crate::state::{lock, Shared, StoredSession};
use crate::util::{day_of_iso, iso_millis, now_millis, parse_ymd};

/// Largest page size honoured (larger requests are capped).
pub(crate) const MAX_COUNT_PER_PAGE: i32 = 5000;
/// Default page size.
pub(crate) const DEFAULT_COUNT_PER_PAGE: i32 = 25;

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Session '{id}' was not found"))
}

/// `John.Smith@x` -> `John Smith`; a phone number stays as it is.
fn display_from_identity(identity: &str) -> String {
    if let Some(ep) = catalog::user_endpoint(identity) {
        return ep.name.to_owned();
    }
    match identity.split_once('@') {
        Some((local, _)) => local
            .split(['.', '_', '-'])
            .filter(|p| !p.is_empty())
            .map(|p| {
                let mut c = p.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
        None => identity.to_owned(),
    }
}

fn member(identity: &str, role: SessionMemberRoles, state: SessionMemberCallState, original: bool) -> SessionMemberInfo {
    with_fields!(SessionMemberInfo {
        identity: Some(identity.to_owned()),
        endpoint_id: catalog::user_endpoint(identity).map(|e| e.id.to_owned()),
        display_name: Some(display_from_identity(identity)),
        is_original_member: Some(original),
        application_data: Some(BTreeMap::new()),
        call_state: Some(state),
        role: Some(role),
        muted: Some(false),
    })
}

fn log_entry(s: &mut SessionInfo, at: &str, message: String) {
    s.log.get_or_insert_with(Vec::new).push(with_fields!(SessionLogInfo { date: Some(at.to_owned()), message: Some(message) }));
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

/// NewSession: validates, fills defaults, stores.
pub(crate) fn new_session(shared: &Shared, user: usize, req: NewSession) -> Result<SessionInfo, ApiError> {
    let Some(channel) = req.channel.clone() else {
        return Err(ApiError::fields(vec![not_empty("Channel")]));
    };
    let u = &shared.opts.users[user];
    let now = iso_millis(now_millis());
    let mut sessions = lock(&shared.sessions);
    let id = loop {
        let id = shared.random_hex(24);
        if !sessions.contains(&id) {
            break id;
        }
    };
    let user_ep = catalog::user_endpoint(&u.user_name);
    let customer = non_empty(&req.customer_id).and_then(catalog::customer);

    let mut me = member(&u.user_name, SessionMemberRoles::Agent, SessionMemberCallState::Connected, true);
    me.display_name = Some(u.display_name.clone());
    let mut members = vec![me];
    let mut s = with_fields!(SessionInfo {
        dial_state: Some(SessionDialState::None),
        call_state: Some(req.call_state.clone().unwrap_or(SessionCallState::Connected)),
        queue_state: Some(SessionQueueStates::None),
        account_id: Some(DEV_ACCOUNT.id.into()),
        account_name: Some(DEV_ACCOUNT.name.into()),
        customer_id: non_empty(&req.customer_id).map(str::to_owned),
        customer_breadcrumb: customer.map(catalog::breadcrumb),
        customer_name: customer.map(|c| c.name.to_owned()),
        endpoint_id: user_ep.map(|e| e.id.to_owned()),
        endpoint_name: user_ep.map(|e| e.name.to_owned()),
        destination: req.destination.clone(),
        to_address: req.to_address.clone(),
        from_address: Some(non_empty(&req.from_address).unwrap_or(&u.user_name).to_owned()),
        from_name: req.from_name.clone(),
        channel: Some(channel.clone()),
        ended: Some(false),
        call_sid: (channel == FlowChannels::Voice).then(|| format!("CA{}", shared.random_hex(32))),
        hold_reason: Some(SessionHoldReasons::None),
        display_name: req.display_name.clone(),
        direction: Some(req.direction.clone().unwrap_or(SessionDirections::Outgoing)),
        from_phone_number: req.from_phone_number.clone(),
        was_missed: Some(false),
        id: Some(id.clone()),
        date_created: Some(now.clone()),
        date_last_modified: Some(now.clone()),
        created_by: Some(u.user_name.clone()),
        last_modified_by: Some(u.user_name.clone()),
    });
    log_entry(&mut s, &now, format!("Session created by {}", u.user_name));
    for email in req.member_email_addresses.iter().flatten().filter(|e| !e.trim().is_empty()) {
        members.push(member(email.trim(), SessionMemberRoles::Agent, SessionMemberCallState::Ringing, false));
        log_entry(&mut s, &now, format!("Invited {} to the session", email.trim()));
    }
    if let Some(with) = non_empty(&req.with_address) {
        let m = match with.split_once(':') {
            Some((kind, who)) if kind.eq_ignore_ascii_case("user") => {
                member(who, SessionMemberRoles::Agent, SessionMemberCallState::Ringing, false)
            }
            Some((kind, who)) if kind.eq_ignore_ascii_case("team") => {
                let mut m = member(with, SessionMemberRoles::Agent, SessionMemberCallState::Ringing, false);
                m.display_name = Some(format!("Team {who}"));
                m
            }
            _ => member(with, SessionMemberRoles::Agent, SessionMemberCallState::Ringing, false),
        };
        log_entry(&mut s, &now, format!("Started with {with}"));
        members.push(m);
    }
    if req.start_session == Some(true) {
        log_entry(&mut s, &now, "Flow started".to_owned());
    }
    s.members = Some(members);
    sessions.insert(StoredSession {
        info: s.clone(),
        parent_session_id: non_empty(&req.parent_session_id).map(str::to_owned),
        archived: false,
    });
    Ok(s)
}

/// GetSession. `ids` are candidates in order (the second is the id without a `.json` suffix).
pub(crate) fn get_session(shared: &Shared, ids: &[String]) -> Result<SessionInfo, ApiError> {
    let sessions = lock(&shared.sessions);
    ids.iter()
        .find_map(|id| sessions.get(id))
        .map(|s| s.info.clone())
        .ok_or_else(|| not_found(ids.first().map(String::as_str).unwrap_or("")))
}

/// GetSessionLog (the SDK's test-only operation): the session's log, oldest entry first.
#[cfg(feature = "test-operation")]
pub(crate) fn get_session_log(shared: &Shared, ids: &[String]) -> Result<evovoice::SessionLog, ApiError> {
    let session = get_session(shared, ids)?;
    let entries = session.log.unwrap_or_default();
    let mut log = evovoice::SessionLog::default();
    (log.session_id, log.total, log.entries) = (session.id, i32::try_from(entries.len()).ok(), Some(entries));
    Ok(log)
}

/// Resolves the session id among candidates (see [`get_session`]).
fn resolve<'a>(shared: &Shared, ids: &'a [String]) -> Result<&'a str, ApiError> {
    let sessions = lock(&shared.sessions);
    ids.iter()
        .find(|id| sessions.contains(id))
        .map(String::as_str)
        .ok_or_else(|| not_found(ids.first().map(String::as_str).unwrap_or("")))
}

/// InviteChatMember.
pub(crate) fn invite_chat_member(shared: &Shared, user: usize, req: InviteChatMember, ids: &[String]) -> Result<SessionInfo, ApiError> {
    let Some(who) = non_empty(&req.member_to_add).map(|s| s.trim().to_owned()) else {
        return Err(ApiError::fields(vec![not_empty("MemberToAdd")]));
    };
    let id = resolve(shared, ids)?;
    let u = &shared.opts.users[user];
    let mut sessions = lock(&shared.sessions);
    let s = &mut sessions.get_mut(id).ok_or_else(|| not_found(id))?.info;
    let channel = s.channel.clone();
    if channel != Some(FlowChannels::Chat) {
        let ch = channel.as_ref().map(|c| c.as_str()).unwrap_or("none");
        return Err(ApiError::argument(format!("Session '{id}' is not a chat session (channel: {ch})")));
    }
    if s.ended == Some(true) {
        return Err(ApiError::argument(format!("Session '{id}' has ended")));
    }
    let role = if who.contains('@') { SessionMemberRoles::Agent } else { SessionMemberRoles::Caller };
    let mut m = member(&who, role, SessionMemberCallState::Ringing, false);
    if let Some(caller_id) = non_empty(&req.caller_id) {
        m.application_data.get_or_insert_with(BTreeMap::new).insert("callerId".into(), caller_id.to_owned());
    }
    s.members.get_or_insert_with(Vec::new).push(m);
    let now = iso_millis(now_millis());
    let via = non_empty(&req.caller_id).map(|c| format!(" using caller ID {c}")).unwrap_or_default();
    log_entry(s, &now, format!("{} invited {who} to the chat{via}", u.user_name));
    s.date_last_modified = Some(now);
    s.last_modified_by = Some(u.user_name.clone());
    Ok(s.clone())
}

/// AddConferenceMember.
pub(crate) fn add_conference_member(shared: &Shared, user: usize, req: AddConferenceMember, ids: &[String]) -> Result<SessionInfo, ApiError> {
    let Some(dest) = non_empty(&req.destination).map(|s| s.trim().to_owned()) else {
        return Err(ApiError::fields(vec![not_empty("Destination")]));
    };
    let id = resolve(shared, ids)?;
    let u = &shared.opts.users[user];
    let (call_sid, conf_sid) = (format!("CA{}", shared.random_hex(32)), format!("CF{}", shared.random_hex(32)));
    let fallback_session_sid = non_empty(&req.call_sid).map(str::to_owned).unwrap_or_else(|| format!("CA{}", shared.random_hex(32)));
    let mut sessions = lock(&shared.sessions);
    let s = &mut sessions.get_mut(id).ok_or_else(|| not_found(id))?.info;
    if s.channel != Some(FlowChannels::Voice) {
        let ch = s.channel.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_else(|| "none".into());
        return Err(ApiError::argument(format!("Session '{id}' is not a voice session (channel: {ch})")));
    }
    if s.ended == Some(true) {
        return Err(ApiError::argument(format!("Session '{id}' has ended")));
    }
    let now = iso_millis(now_millis());
    if s.call_sid.is_none() {
        s.call_sid = Some(fallback_session_sid);
    }
    if s.conference_sid.is_none() {
        s.conference_sid = Some(conf_sid);
        log_entry(s, &now, "Converted to a conference".into());
    }
    let role = if dest.contains('@') { SessionMemberRoles::Agent } else { SessionMemberRoles::Caller };
    let mut m = member(&dest, role, SessionMemberCallState::Ringing, false);
    m.call_sid = Some(call_sid.clone());
    s.members.get_or_insert_with(Vec::new).push(m);
    s.most_recent_participant_call_sid = Some(call_sid);
    let from = non_empty(&req.from_number).map(|f| format!(" from {f}")).unwrap_or_default();
    log_entry(s, &now, format!("Added conference member {dest}{from}"));
    s.date_last_modified = Some(now);
    s.last_modified_by = Some(u.user_name.clone());
    Ok(s.clone())
}

/// The ListSessions answer, serialized straight from borrowed sessions.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListOut<'a> {
    items: Vec<&'a SessionInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_pages: Option<i64>,
    has_more_pages: bool,
}

fn contains_ci(hay: &Option<String>, needle: &str) -> bool {
    hay.as_deref().is_some_and(|h| h.to_lowercase().contains(needle))
}

fn in_list(list: &Option<Vec<String>>, v: &Option<String>) -> bool {
    match list {
        Some(l) if !l.is_empty() => v.as_ref().is_some_and(|v| l.contains(v)),
        _ => true,
    }
}

fn date_filter(v: &Option<String>, field: &str) -> Result<Option<i64>, ApiError> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => parse_ymd(s.trim()).map(Some).ok_or_else(|| {
            ApiError::fields(vec![field_error(
                "Predicate",
                field,
                format!("'{}' must be a date in the format YYYY-MM-DD, not '{s}'.", crate::errors::spaced(field)),
            )])
        }),
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn cmp_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => {
            x.as_f64().unwrap_or(0.0).partial_cmp(&y.as_f64().unwrap_or(0.0)).unwrap_or(Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()).then_with(|| x.cmp(y)),
        (Value::Array(x), Value::Array(y)) => x.len().cmp(&y.len()),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn sort_value(s: &SessionInfo, field: &str) -> Value {
    let text = |o: &Option<String>| o.clone().map(Value::String).unwrap_or(Value::Null);
    match field {
        "id" => text(&s.id),
        "dateCreated" => text(&s.date_created),
        "dateLastModified" => text(&s.date_last_modified),
        "dateCompleted" => text(&s.date_completed),
        _ => match serde_json::to_value(s) {
            Ok(Value::Object(mut m)) => m.remove(field).unwrap_or(Value::Null),
            _ => Value::Null,
        },
    }
}

/// ListSessions: filters, sorts, pages (0-based); returns the JSON body.
pub(crate) fn list_sessions(shared: &Shared, req: ListSessions) -> Result<Vec<u8>, ApiError> {
    let mut errors = Vec::new();
    if req.page.is_some_and(|p| p < 0) {
        errors.push(field_error("GreaterThanOrEqual", "Page", "'Page' must be greater than or equal to '0'."));
    }
    if req.count_per_page.is_some_and(|c| c <= 0) {
        errors.push(field_error("GreaterThan", "CountPerPage", "'Count Per Page' must be greater than '0'."));
    }
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let start = date_filter(&req.start_date, "StartDate")?;
    let end = date_filter(&req.end_date, "EndDate")?;
    // Valid sort fields: SessionInfo's wire names (any case), from core's schema of the DTO.
    let sort_field = match non_empty(&req.sort_field) {
        None => "dateCreated".to_owned(),
        Some(f) => <SessionInfo as Described>::SCHEMA
            .fields
            .iter()
            .map(|field| field.wire_name())
            .find(|n| n.eq_ignore_ascii_case(f.trim()))
            .ok_or_else(|| {
                ApiError::fields(vec![field_error("ArgumentException", "SortField", format!("'{f}' is not a field of SessionInfo"))])
            })?,
    };
    let descending = req.sort_order.as_ref() != Some(&SortOrders::Ascend);
    let archive = req.search_archive.unwrap_or(false);
    let from = non_empty(&req.from).map(str::to_lowercase);
    let to = non_empty(&req.to).map(str::to_lowercase);
    let log = non_empty(&req.log).map(str::to_lowercase);
    let parent = non_empty(&req.parent_session_id);
    let endpoint_ids = req.endpoint_ids.as_ref().filter(|l| !l.is_empty());
    let specific = req.specific_ids.as_ref().filter(|l| !l.is_empty());

    let sessions = lock(&shared.sessions);
    let mut hits: Vec<&StoredSession> = sessions
        .all()
        .iter()
        .filter(|st| {
            let s = &st.info;
            st.archived == archive
                && in_list(&req.account_ids, &s.account_id)
                && in_list(&req.customer_ids, &s.customer_id)
                && specific.map_or(true, |l| s.id.as_ref().is_some_and(|id| l.contains(id)))
                && endpoint_ids.map_or(true, |l| {
                    s.endpoint_id.as_ref().is_some_and(|e| l.contains(e))
                        || s.members.iter().flatten().any(|m| m.endpoint_id.as_ref().is_some_and(|e| l.contains(e)))
                })
                && from.as_deref().map_or(true, |f| {
                    contains_ci(&s.from_address, f) || contains_ci(&s.from_name, f) || contains_ci(&s.from_phone_number, f)
                })
                && to.as_deref().map_or(true, |t| contains_ci(&s.to_address, t) || contains_ci(&s.destination, t))
                && log.as_deref().map_or(true, |q| s.log.iter().flatten().any(|e| contains_ci(&e.message, q)))
                && parent.map_or(true, |p| st.parent_session_id.as_deref() == Some(p))
                && (start.is_none() && end.is_none() || {
                    let day = s.date_created.as_deref().and_then(day_of_iso);
                    day.is_some_and(|d| start.map_or(true, |a| d >= a) && end.map_or(true, |b| d <= b))
                })
        })
        .collect();

    let mut keyed: Vec<(Value, &StoredSession)> = hits.drain(..).map(|st| (sort_value(&st.info, &sort_field), st)).collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        let ord = cmp_values(ka, kb).then_with(|| a.info.id.cmp(&b.info.id));
        if descending {
            ord.reverse()
        } else {
            ord
        }
    });
    let total = keyed.len() as i64;
    let simplified = req.simplified_paging.unwrap_or(false);
    let (items, pages, more): (Vec<&SessionInfo>, i64, bool) = if req.all.unwrap_or(false) {
        (keyed.iter().map(|(_, s)| &s.info).collect(), i64::from(total > 0), false)
    } else {
        let per = i64::from(req.count_per_page.unwrap_or(DEFAULT_COUNT_PER_PAGE).min(MAX_COUNT_PER_PAGE));
        let page = i64::from(req.page.unwrap_or(0));
        let skip = page.saturating_mul(per).min(total) as usize;
        let take = per.min(total - skip as i64) as usize;
        let items = keyed[skip..skip + take].iter().map(|(_, s)| &s.info).collect();
        (items, (total + per - 1) / per, ((skip + take) as i64) < total)
    };
    let out = ListOut {
        items,
        total_count: (!simplified).then_some(total),
        total_pages: (!simplified).then_some(pages),
        has_more_pages: more,
    };
    serde_json::to_vec(&out).map_err(|e| ApiError::new(http::StatusCode::INTERNAL_SERVER_ERROR, "SerializationException", e.to_string()))
}

