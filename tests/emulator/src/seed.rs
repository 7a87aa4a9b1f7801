//! Deterministic seed data: `generate(n)` always returns the same `n` sessions (session `i` does
//! not depend on `n`, so a smaller seed is a prefix of a larger one). Reference date
//! 2026-11-01T00:00:00Z; creation dates spread over the previous 120 days, most of them in the
//! last 30 days.

use std::collections::BTreeMap;

use evovoice::*;

use crate::catalog::{self, Endpoint, ACCOUNTS, CUSTOMERS, ENDPOINTS};
use crate::state::StoredSession;
use crate::util::{days_from_civil, iso_millis, Rng};

/// The seed reference date, 2026-11-01T00:00:00Z, in milliseconds since the epoch.
pub(crate) fn reference_millis() -> i64 {
    days_from_civil(2026, 11, 1) * 86_400_000
}

/// Sessions that ended more than this long before the reference date are archived.
const ARCHIVE_AFTER_MS: i64 = 30 * 86_400_000;

const FIRST: &[&str] = &[
    "Maria", "James", "Priya", "Chen", "Olivia", "Mohammed", "Sofia", "Liam", "Aisha", "Noah", "Elena", "Lucas",
    "Hannah", "Mateo", "Grace", "Ethan", "Yuki", "Daniel", "Fatima", "Owen",
];
const LAST: &[&str] = &[
    "Garcia", "Smith", "Patel", "Wei", "Brown", "Hassan", "Rossi", "Murphy", "Khan", "Wilson", "Petrova", "Silva",
    "Schmidt", "Lopez", "Kim", "Clarke", "Tanaka", "Cohen", "Diallo", "Jensen",
];
const MAIL_DOMAINS: &[&str] = &["example.com", "mail.example", "customer.example", "example.org"];
const QUEUES: &[&str] = &["Support", "Sales", "Billing", "After Hours", "Dispatch", "Scheduling"];
const ANSWERED_OUTCOMES: &[&str] = &["Answered", "Completed", "Transferred", "Resolved"];
const MISSED_OUTCOMES: &[&str] = &["Missed", "Abandoned", "No Answer", "Voicemail", "Busy"];
const LANGUAGES: &[&str] = &["en-US", "en-US", "en-US", "es-US", "fr-CA"];
const TOPICS: &[&str] = &[
    "Billing question", "Appointment change", "Delivery status", "Order follow-up", "Technical support",
    "New account", "Refund request", "Prescription refill", "Route update", "Warranty claim",
];

/// The id of seed session `i` (24 lowercase hex characters).
fn session_id(i: usize) -> String {
    Rng::new(0x5EED_0000_0000_0000 ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D)).hex(24)
}

/// `n` seed sessions.
pub(crate) fn generate(n: usize) -> Vec<StoredSession> {
    (0..n).map(session).collect()
}

fn phone(rng: &mut Rng) -> String {
    format!("+1555{:07}", rng.below(10_000_000))
}

fn sid(rng: &mut Rng, prefix: &str) -> String {
    format!("{prefix}{}", rng.hex(32))
}

fn duration_text(ms: i64) -> String {
    let s = ms / 1000;
    format!("{}m {:02}s", s / 60, s % 60)
}

struct Person {
    name: String,
    phone: String,
    email: String,
}

fn person(rng: &mut Rng) -> Person {
    let (first, last) = (*rng.pick(FIRST), *rng.pick(LAST));
    Person {
        name: format!("{first} {last}"),
        phone: phone(rng),
        email: format!("{}.{}@{}", first.to_lowercase(), last.to_lowercase(), rng.pick(MAIL_DOMAINS)),
    }
}

fn agent_member(rng: &mut Rng, ep: &Endpoint, queue: &str, original: bool, state: SessionMemberCallState, with_sid: bool) -> SessionMemberInfo {
    let slug = ep.address.split('@').next().unwrap_or("agent").replace('.', "-");
    let mut data = BTreeMap::new();
    if rng.chance(50) {
        data.insert("queue".to_owned(), queue.to_owned());
    }
    with_fields!(SessionMemberInfo {
        identity: Some(ep.address.into()),
        endpoint_id: Some(ep.id.into()),
        display_name: Some(ep.name.into()),
        is_original_member: Some(original),
        avatar_url: rng.chance(20).then(|| format!("https://evovoice.io/avatars/{slug}.png")),
        application_data: (!data.is_empty()).then_some(data),
        call_state: Some(state),
        role: Some(SessionMemberRoles::Agent),
        call_sid: with_sid.then(|| sid(rng, "CA")),
        muted: Some(false),
    })
}

fn customer_member(rng: &mut Rng, p: &Person, identity: &str, state: SessionMemberCallState, with_sid: bool) -> SessionMemberInfo {
    let mut data = BTreeMap::new();
    if rng.chance(60) {
        data.insert("crmContactId".to_owned(), format!("C-{:06}", rng.below(1_000_000)));
    }
    if rng.chance(30) {
        data.insert("language".to_owned(), (*rng.pick(LANGUAGES)).to_owned());
    }
    with_fields!(SessionMemberInfo {
        identity: Some(identity.to_owned()),
        display_name: Some(p.name.clone()),
        is_original_member: Some(true),
        application_data: (!data.is_empty()).then_some(data),
        call_state: Some(state),
        role: Some(SessionMemberRoles::Caller),
        call_sid: with_sid.then(|| sid(rng, "CA")),
    })
}

/// Seed session `i`.
fn session(i: usize) -> StoredSession {
    let mut rng = Rng::new(0xE70_0000_0001 ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let reference = reference_millis();

    // Where: account (the dev account gets a good share), customer, endpoints.
    let account = if rng.chance(30) { &ACCOUNTS[0] } else { &ACCOUNTS[1 + rng.below(3) as usize] };
    let customers: Vec<_> = CUSTOMERS.iter().filter(|c| c.account == account.id).collect();
    let customer = (!rng.chance(12)).then(|| *rng.pick(&customers));
    let numbers: Vec<_> = ENDPOINTS.iter().filter(|e| e.account == account.id && !e.is_user).collect();
    let users: Vec<_> = ENDPOINTS.iter().filter(|e| e.account == account.id && e.is_user).collect();
    let line = *rng.pick(&numbers);
    let agent = *rng.pick(&users);

    // When: 88% in the last 30 days, the rest 30..120 days back.
    let offset = if rng.chance(88) {
        rng.range(60_000, 30 * 86_400_000)
    } else {
        rng.range(30 * 86_400_000, 120 * 86_400_000)
    };
    let created = reference - offset;
    let duration = rng.range(15_000, 40 * 60_000);
    let recent = offset < 2 * 86_400_000;
    let ended = !(recent && rng.chance(45));
    let completed = created + duration;

    let channel = match rng.below(100) {
        0..=74 => FlowChannels::Voice,
        75..=92 => FlowChannels::Chat,
        _ => FlowChannels::Fax,
    };
    let voice = channel == FlowChannels::Voice;
    let direction = if rng.chance(60) { SessionDirections::Incoming } else { SessionDirections::Outgoing };
    let incoming = direction == SessionDirections::Incoming;
    let party = person(&mut rng);
    let queue = *rng.pick(QUEUES);
    let topic = *rng.pick(TOPICS);
    let missed = incoming && ended && rng.chance(18);
    let outcome = if !ended {
        None
    } else if missed {
        Some(*rng.pick(MISSED_OUTCOMES))
    } else {
        Some(*rng.pick(ANSWERED_OUTCOMES))
    };
    let sms_chat = channel == FlowChannels::Chat && rng.chance(50);
    let party_address = if channel == FlowChannels::Chat && !sms_chat { party.email.clone() } else { party.phone.clone() };

    // Addresses.
    let (from_address, from_name, to_address) = if incoming {
        (party_address.clone(), party.name.clone(), line.address.to_owned())
    } else {
        (line.address.to_owned(), agent.name.to_owned(), party_address.clone())
    };
    let destination = if incoming { line.address.to_owned() } else { party_address.clone() };
    let display_name = match (&channel, incoming) {
        (FlowChannels::Voice, true) => format!("Call from {}", party.name),
        (FlowChannels::Voice, false) => format!("{topic}: {}", party.name),
        (FlowChannels::Chat, _) => format!("Chat with {} ({topic})", party.name),
        _ => format!("Fax {} {} ({topic})", if incoming { "from" } else { "to" }, party.name),
    };

    // Members.
    let member_state = |connected: bool| {
        if ended {
            SessionMemberCallState::None
        } else if connected {
            SessionMemberCallState::Connected
        } else {
            SessionMemberCallState::Ringing
        }
    };
    let conference = voice && !missed && rng.chance(15);
    let mut members = Vec::new();
    if channel != FlowChannels::Fax {
        members.push(customer_member(&mut rng, &party, &party_address, member_state(true), conference));
    }
    if !missed {
        members.push(agent_member(&mut rng, agent, queue, true, member_state(true), conference));
    }
    let extra = if conference { rng.range(1, 2) } else if rng.chance(4) { 1 } else { 0 };
    for k in 0..extra {
        let other = ENDPOINTS.iter().filter(|e| e.is_user && e.id != agent.id).nth((i + k as usize) % 6);
        if let Some(other) = other {
            let mut m = agent_member(&mut rng, other, queue, false, member_state(false), conference);
            if k == 1 || !conference {
                m.role = Some(SessionMemberRoles::Transfer);
            }
            members.push(m);
        }
    }

    // Log.
    let mut log = Vec::new();
    let mut t = created;
    let mut entry = |t: i64, message: String| log.push(with_fields!(SessionLogInfo { date: Some(iso_millis(t)), message: Some(message) }));
    let verb = match channel {
        FlowChannels::Voice => "call",
        FlowChannels::Chat => "chat",
        _ => "fax",
    };
    if incoming {
        entry(t, format!("Incoming {verb} from {party_address}"));
    } else {
        entry(t, format!("Outgoing {verb} to {party_address}"));
    }
    t += rng.range(500, 8_000);
    if incoming && channel != FlowChannels::Fax && rng.chance(40) {
        entry(t, format!("Queued in {queue}"));
        t += rng.range(2_000, 60_000);
    }
    if missed {
        entry(t, format!("Not answered in {queue}"));
    } else if channel != FlowChannels::Fax && (incoming || channel == FlowChannels::Chat) {
        entry(t, format!("Connected to {}", agent.name));
    }
    if conference {
        entry(t + duration / 3, "Converted to a conference".to_owned());
    }
    if ended {
        entry(completed, format!("Ended: {} ({})", outcome.unwrap_or("Completed"), duration_text(duration)));
    }

    let archived = ended && completed < reference - ARCHIVE_AFTER_MS;
    let call_sid = voice.then(|| sid(&mut rng, "CA"));
    let conference_sid = conference.then(|| sid(&mut rng, "CF"));
    let most_recent = if conference { members.last().and_then(|m| m.call_sid.clone()) } else { None };
    let answered = !missed && channel != FlowChannels::Fax;
    let parent_session_id = (i >= 10 && rng.chance(4)).then(|| session_id(rng.below(i as u64) as usize));
    let by = if incoming { "system".to_owned() } else { agent.address.to_owned() };
    let modified = if ended { completed + rng.range(100, 5_000) } else { t };

    let info = with_fields!(SessionInfo {
        dial_state: Some(if !ended && !incoming && rng.chance(30) { SessionDialState::Active } else { SessionDialState::None }),
        call_state: Some(if ended {
            SessionCallState::Disconnected
        } else {
            rng.pick(&[SessionCallState::Connected, SessionCallState::Connected, SessionCallState::Ringing, SessionCallState::Hold]).clone()
        }),
        queue_state: Some(if ended {
            SessionQueueStates::Disconnected
        } else if incoming {
            SessionQueueStates::Connected
        } else {
            SessionQueueStates::None
        }),
        account_id: Some(account.id.into()),
        account_name: Some(account.name.into()),
        customer_id: customer.map(|c| c.id.into()),
        customer_breadcrumb: customer.map(catalog::breadcrumb),
        customer_name: customer.map(|c| c.name.into()),
        endpoint_id: Some(line.id.into()),
        endpoint_name: Some(line.name.into()),
        date_completed: ended.then(|| iso_millis(completed)),
        destination: Some(destination),
        to_address: Some(to_address),
        from_address: Some(from_address),
        from_name: Some(from_name),
        answered_by_name: answered.then(|| agent.name.into()),
        queue_member_id: (incoming && answered && rng.chance(40)).then(|| format!("qm-{}", rng.hex(8))),
        channel: Some(channel.clone()),
        ended: Some(ended),
        outcome: outcome.map(str::to_owned),
        call_sid,
        console_data: rng.chance(25).then(|| format!("{{\"ticket\":\"T-{:05}\",\"priority\":\"{}\"}}", rng.below(100_000), rng.pick(&["low", "normal", "high"]))),
        hold_queue_name: (incoming && voice && rng.chance(20)).then(|| format!("{queue} Hold")),
        held_by_user_id: None,
        hold_reason: Some(SessionHoldReasons::None),
        conference_sid,
        display_name: Some(display_name),
        log: Some(log),
        members: Some(members),
        callback_number: (voice && incoming && rng.chance(40)).then(|| party.phone.clone()),
        answered_by_id: answered.then(|| agent.id.into()),
        direction: Some(direction),
        from_phone_number: sms_chat.then(|| if incoming { party.phone.clone() } else { line.address.to_owned() }),
        most_recent_participant_call_sid: most_recent,
        was_missed: Some(missed),
        ring_queue_id: (incoming && channel != FlowChannels::Fax).then(|| format!("rq-{}", queue.to_lowercase().replace(' ', "-"))),
        id: Some(session_id(i)),
        date_created: Some(iso_millis(created)),
        date_last_modified: Some(iso_millis(modified)),
        created_by: Some(by.clone()),
        last_modified_by: Some(if ended && !missed { agent.address.to_owned() } else { by }),
    });
    StoredSession { info, parent_session_id, archived }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = serde_json::to_string(&generate(200).into_iter().map(|s| s.info).collect::<Vec<_>>()).unwrap();
        let b = serde_json::to_string(&generate(200).into_iter().map(|s| s.info).collect::<Vec<_>>()).unwrap();
        assert_eq!(a, b);
        let avg = a.len() / 200;
        assert!((1300..=1600).contains(&avg), "average session size {avg}");
        eprintln!("average session size {avg}");
    }

    #[test]
    fn mix() {
        let all = generate(1000);
        let archived = all.iter().filter(|s| s.archived).count();
        assert!(archived > 50 && archived < 250, "{archived}");
        assert!(all.iter().any(|s| s.parent_session_id.is_some()));
        assert!(all.iter().any(|s| s.info.conference_sid.is_some()));
        assert!(all.iter().any(|s| s.info.ended == Some(false)));
        let ids: std::collections::HashSet<_> = all.iter().map(|s| s.info.id.clone()).collect();
        assert_eq!(ids.len(), 1000);
    }
}
