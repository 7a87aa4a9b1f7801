//! Path parameters of every operation that has one (GetSession, InviteChatMember,
//! AddConferenceMember): hostile ids stay inside their one path segment, as the raw path the
//! emulator received shows, and reach the server intact; control characters and empty ids are
//! refused before any I/O. (client.rs covers the basic GetSession cases.)

use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN};

/// Hostile ids and the raw segment they must travel as.
const IDS: &[(&str, &str)] = &[
    ("a/b", "a%2Fb"),
    ("a/../b", "a%2F..%2Fb"),
    ("../../auth/logout", "..%2F..%2Fauth%2Flogout"),
    ("./x", ".%2Fx"),
    ("...", "..."),
    ("?", "%3F"),
    ("#", "%23"),
    ("a?b=c&d#e", "a%3Fb%3Dc%26d%23e"),
    ("%", "%25"),
    ("%2F", "%252F"),
    ("%zz", "%25zz"),
    (" ", "%20"),
    ("  lead and trail  ", "%20%20lead%20and%20trail%20%20"),
    ("a+b", "a%2Bb"),
    ("é", "%C3%A9"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("🎧", "%F0%9F%8E%A7"),
    ("\u{200b}", "%E2%80%8B"),
    ("back\\slash", "back%5Cslash"),
    ("semi;colon,comma", "semi%3Bcolon%2Ccomma"),
    ("quote\"'<>", "quote%22%27%3C%3E"),
    ("sessions.json", "sessions.json"),
];

/// Refused before I/O: empty, and every kind of control character (C0, DEL, C1).
const BAD: &[&str] = &["", "\0", "a\nb", "a\rb", "\t", "x\u{1b}[0m", "del\u{7f}", "c1\u{85}", "c1\u{9f}"];

async fn setup() -> (Emulator, Client) {
    let emu = Emulator::start(Options::default()).await.unwrap();
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).build().unwrap();
    (emu, c)
}

fn check(emu: &Emulator, id: &str, e: &Error, want_path: &str) {
    assert!(e.is_not_found(), "{id:?}: {e:?}");
    let msg = e.response_status().unwrap().message.clone().unwrap();
    assert_eq!(msg, format!("Session '{id}' was not found"), "the server read back exactly the id");
    let seen = emu.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].raw_path, want_path, "{id:?}");
}

#[tokio::test]
async fn get_session() {
    let (emu, c) = setup().await;
    for (id, seg) in IDS {
        emu.clear_requests();
        let e = c.get_session(id).await.unwrap_err();
        check(&emu, id, &e, &format!("/sessions/{seg}"));
    }
}

#[tokio::test]
async fn invite_chat_member() {
    let (emu, c) = setup().await;
    for (id, seg) in IDS {
        emu.clear_requests();
        let op = InviteChatMember::new(*id, "+15550100");
        let e = c.invite_chat_member(&op).await.unwrap_err();
        check(&emu, id, &e, &format!("/sessions/{seg}/members"));
    }
}

#[tokio::test]
async fn add_conference_member() {
    let (emu, c) = setup().await;
    for (id, seg) in IDS {
        emu.clear_requests();
        let op = AddConferenceMember::new(*id, "+15550100");
        let e = c.add_conference_member(&op).await.unwrap_err();
        check(&emu, id, &e, &format!("/sessions/{seg}/conference/members"));
    }
}

#[tokio::test]
async fn dot_segments_travel_outside_the_path_for_posts_too() {
    let (emu, c) = setup().await;
    for id in [".", ".."] {
        emu.clear_requests();
        let op = InviteChatMember::new(id, "+15550100");
        let e = c.invite_chat_member(&op).await.unwrap_err();
        check(&emu, id, &e, "/json/reply/InviteChatMember");
        emu.clear_requests();
        let op = AddConferenceMember::new(id, "+1555");
        let e = c.add_conference_member(&op).await.unwrap_err();
        check(&emu, id, &e, "/json/reply/AddConferenceMember");
    }
}

#[tokio::test]
async fn control_characters_and_empty_ids_are_refused_before_io() {
    let (emu, c) = setup().await;
    for id in BAD {
        let e = c.get_session(id).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{id:?}");
        assert!(e.to_string().contains("sessionId"), "the message names the field: {e}");
        let invite = InviteChatMember::new(*id, "x");
        assert_eq!(c.invite_chat_member(&invite).await.unwrap_err().kind(), ErrorKind::InvalidRequest, "{id:?}");
        let conf = AddConferenceMember::new(*id, "x");
        assert_eq!(c.add_conference_member(&conf).await.unwrap_err().kind(), ErrorKind::InvalidRequest, "{id:?}");
    }
    // A missing id too.
    assert_eq!(c.invite_chat_member(&InviteChatMember::default()).await.unwrap_err().kind(), ErrorKind::InvalidRequest);
    assert_eq!(c.add_conference_member(&AddConferenceMember::default()).await.unwrap_err().kind(), ErrorKind::InvalidRequest);
    assert!(emu.requests().is_empty(), "nothing reached the server: {:?}", emu.requests());
}
