//! `evovoice::Client` against the emulator: every operation, every filter, paging, auth
//! failures, errors, path safety, timeouts.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use evovoice::*;
use evovoice_emulator::{AuthStyle, Emulator, Options, DEV_PASSWORD, DEV_TOKEN, DEV_USER, VIEWER_TOKEN};
use futures_util::TryStreamExt;

async fn emulator(seed: usize, auth_style: AuthStyle) -> Emulator {
    Emulator::start(Options { seed, auth_style, ..Default::default() }).await.expect("emulator starts")
}

fn client(emu: &Emulator, token: &str) -> Client {
    Client::builder().base_url(emu.url()).bearer_token(token).build().unwrap()
}

fn chat(name: &str) -> NewSession {
    NewSession::new(FlowChannels::Chat).display_name(name)
}

async fn all_live(c: &Client) -> Vec<SessionInfo> {
    c.list_sessions(&ListSessions::new().all(true)).await.unwrap().items.unwrap()
}

#[tokio::test]
async fn every_operation() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let c = client(&emu, DEV_TOKEN);

    let created = c
        .new_session(&chat("Support").member_email_addresses(vec!["a@x.io".to_owned(), "b,c@x.io".to_owned()]).to_address("+15550100"))
        .await
        .unwrap();
    let id = created.id.clone().unwrap();
    assert_eq!(created.channel, Some(FlowChannels::Chat));
    assert_eq!(created.direction, Some(SessionDirections::Outgoing));
    assert_eq!(created.call_state, Some(SessionCallState::Connected));
    assert_eq!(created.from_address.as_deref(), Some(DEV_USER));
    assert_eq!(created.created_by.as_deref(), Some(DEV_USER));
    let identities: Vec<_> = created.members.iter().flatten().filter_map(|m| m.identity.clone()).collect();
    assert!(identities.contains(&"b,c@x.io".to_string()), "{identities:?}");
    assert!(!created.log.clone().unwrap_or_default().is_empty());

    let fetched = c.get_session(&id).await.unwrap();
    assert_eq!(fetched, created);

    let joined = c
        .invite_chat_member(&InviteChatMember::new(id.clone(), "agent@evovoice.local"))
        .await
        .unwrap();
    assert_eq!(joined.members.as_ref().unwrap().len(), created.members.as_ref().unwrap().len() + 1);
    assert!(joined.members.iter().flatten().any(|m| m.identity.as_deref() == Some("agent@evovoice.local")));

    let call = c
        .new_session(&NewSession::new(FlowChannels::Voice).display_name("Call"))
        .await
        .unwrap();
    let conf = c
        .add_conference_member(&AddConferenceMember::new(call.id.clone().unwrap(), "+15550199").from_number("+15550100"))
        .await
        .unwrap();
    assert!(conf.conference_sid.is_some());
    let newest = conf.members.as_ref().unwrap().last().unwrap();
    assert_eq!(newest.identity.as_deref(), Some("+15550199"));
    assert_eq!(conf.most_recent_participant_call_sid, newest.call_sid);

    let listed = all_live(&c).await;
    let ids: HashSet<_> = listed.iter().filter_map(|s| s.id.clone()).collect();
    assert!(ids.contains(&id) && ids.contains(call.id.as_ref().unwrap()));
    // `send` takes any Operation.
    assert_eq!(c.send(&GetSession::new(&id)).await.unwrap().id, Some(id));
}

#[tokio::test]
async fn every_filter() {
    let emu = emulator(120, AuthStyle::Thrown).await;
    let c = client(&emu, DEV_TOKEN);
    let live = all_live(&c).await;
    assert!(live.len() > 40, "seed data too small: {}", live.len());
    let list = |f: ListSessions| {
        let c = c.clone();
        async move { c.list_sessions(&f.all(true)).await.unwrap().items.unwrap() }
    };
    let ids = |v: &[SessionInfo]| v.iter().map(|s| s.id.clone().unwrap()).collect::<HashSet<_>>();
    let expect = |pred: &dyn Fn(&SessionInfo) -> bool| ids(&live.iter().filter(|s| pred(s)).cloned().collect::<Vec<_>>());

    let acc = live[0].account_id.clone().unwrap();
    let got = list(ListSessions::new().account_ids(vec![acc.clone(), "no-such,account".into()])).await;
    assert_eq!(ids(&got), expect(&|s| s.account_id.as_deref() == Some(&acc)));

    let cust = live.iter().find_map(|s| s.customer_id.clone()).unwrap();
    let got = list(ListSessions::new().customer_ids(vec![cust.clone()])).await;
    assert!(!got.is_empty());
    assert_eq!(ids(&got), expect(&|s| s.customer_id.as_deref() == Some(&cust)));

    let ep = live.iter().find_map(|s| s.endpoint_id.clone()).unwrap();
    let got = list(ListSessions::new().endpoint_ids(vec![ep.clone()])).await;
    assert!(!got.is_empty());
    assert_eq!(ids(&got), expect(&|s| s.endpoint_id.as_deref() == Some(&ep)));

    let contains = |v: &Option<String>, needle: &str| v.as_deref().is_some_and(|s| s.to_lowercase().contains(&needle.to_lowercase()));
    let from = live[3].from_address.clone().unwrap();
    let needle = &from[..from.len().min(6)];
    let got = list(ListSessions::new().from(needle)).await;
    assert!(!got.is_empty());
    assert!(got.iter().all(|s| contains(&s.from_address, needle) || contains(&s.from_name, needle) || contains(&s.from_phone_number, needle)));

    let to = live.iter().find_map(|s| s.to_address.clone()).unwrap();
    let got = list(ListSessions::new().to(to.clone())).await;
    assert!(!got.is_empty());
    assert!(got.iter().all(|s| contains(&s.to_address, &to) || contains(&s.destination, &to)));

    let word = live[5].log.as_ref().unwrap()[0].message.clone().unwrap();
    let word = word.split_whitespace().next().unwrap().to_owned();
    let got = list(ListSessions::new().log(word.clone())).await;
    assert_eq!(ids(&got), expect(&|s| s.log.iter().flatten().any(|l| contains(&l.message, &word))));

    let mut dates: Vec<String> = live.iter().map(|s| s.date_created.clone().unwrap()[..10].to_owned()).collect();
    dates.sort();
    let (start, end) = (dates[dates.len() / 4].clone(), dates[dates.len() / 2].clone());
    let got = list(ListSessions::new().start_date(start.clone()).end_date(end.clone())).await;
    assert!(!got.is_empty());
    assert_eq!(ids(&got), expect(&|s| { let d = &s.date_created.as_deref().unwrap()[..10]; d >= start.as_str() && d <= end.as_str() }));

    let archived = list(ListSessions::new().search_archive(true)).await;
    assert!(!archived.is_empty());
    assert!(ids(&archived).is_disjoint(&ids(&live)));
    assert!(archived.iter().all(|s| s.ended == Some(true)));

    let wanted: Vec<String> = live.iter().step_by(7).map(|s| s.id.clone().unwrap()).collect();
    let got = list(ListSessions::new().specific_ids(wanted.clone())).await;
    assert_eq!(ids(&got), wanted.iter().cloned().collect());

    let parent = live[0].id.clone().unwrap();
    let child = c.new_session(&chat("child").parent_session_id(parent.clone())).await.unwrap();
    let got = list(ListSessions::new().parent_session_id(parent)).await;
    assert_eq!(ids(&got), HashSet::from([child.id.unwrap()]));

    for order in [SortOrders::Ascend, SortOrders::Descend] {
        let got = list(ListSessions::new().sort_field("displayName").sort_order(order.clone())).await;
        let names: Vec<String> = got.iter().map(|s| s.display_name.clone().unwrap_or_default()).collect();
        // The emulator orders text case-insensitively, as .NET's default comparer does.
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        if order == SortOrders::Descend {
            sorted.reverse();
        }
        assert_eq!(names, sorted, "{order}");
    }
}

#[tokio::test]
async fn paging_walks_every_page_once() {
    let emu = emulator(60, AuthStyle::Thrown).await;
    let c = client(&emu, DEV_TOKEN);
    let live = all_live(&c).await;

    let first = c.list_sessions(&ListSessions::new().count_per_page(7)).await.unwrap();
    assert_eq!(first.total_count, Some(live.len() as i64));
    assert_eq!(first.total_pages, Some((live.len() as i64 + 6) / 7));
    assert_eq!(first.items().len(), 7);
    // Pages are 0-based: page 0 is the first page.
    let page0 = c.list_sessions(&ListSessions::new().count_per_page(7).page(0)).await.unwrap();
    assert_eq!(page0.items, first.items);

    for simplified in [false, true] {
        emu.clear_requests();
        let filter = ListSessions::new().count_per_page(7).simplified_paging(simplified);
        let walked: Vec<SessionInfo> = c.iter_sessions(&filter).try_collect().await.unwrap();
        let walked_ids: Vec<_> = walked.iter().map(|s| s.id.clone().unwrap()).collect();
        let unique: HashSet<_> = walked_ids.iter().cloned().collect();
        assert_eq!(walked_ids.len(), unique.len(), "no duplicates");
        assert_eq!(walked, live, "same sessions in the same order (simplified={simplified})");
        let pages = emu.requests().iter().filter(|r| r.raw_path.starts_with("/sessions?")).count();
        let full_pages = live.len().div_ceil(7);
        // Simplified paging may need one extra request to see the empty page.
        assert!(pages == full_pages || (simplified && pages == full_pages + 1), "{pages} requests for {full_pages} pages");
    }
    let pages: Vec<_> = c.iter_pages(&ListSessions::new().count_per_page(25)).try_collect().await.unwrap();
    assert_eq!(pages.len(), live.len().div_ceil(25));
}

#[tokio::test]
async fn auth_failures_in_both_styles() {
    for style in [AuthStyle::Thrown, AuthStyle::Attribute] {
        let emu = emulator(0, style).await;
        let anonymous = Client::builder().base_url(emu.url()).build().unwrap();
        let e = anonymous.get_session("x").await.unwrap_err();
        assert!(e.is_unauthorized(), "{style:?}: {e:?}");
        assert_eq!(e.kind(), ErrorKind::Api);
        let wrong = client(&emu, "not-a-token");
        assert!(wrong.list_sessions(&ListSessions::new()).await.unwrap_err().is_unauthorized());

        let viewer = client(&emu, VIEWER_TOKEN);
        let e = viewer.new_session(&chat("x")).await.unwrap_err();
        assert!(e.is_forbidden(), "{style:?}: {e:?}");
        assert!(e.to_string().contains("403"));
        // The viewer may read.
        assert!(viewer.list_sessions(&ListSessions::new()).await.is_ok());
        match style {
            AuthStyle::Thrown => {
                assert_eq!(e.error_code(), Some("Forbidden"));
                let e401 = anonymous.get_session("x").await.unwrap_err();
                assert_eq!(e401.error_code(), Some("Unauthorized"));
            }
            AuthStyle::Attribute => {
                // Empty or text bodies: the status stands in for the code, the reason phrase
                // the server sent for the message.
                assert_eq!(e.error_code(), Some("403"));
                assert_eq!(e.response_status().unwrap().message.as_deref(), Some("Invalid Role"));
            }
        }
    }
}

#[tokio::test]
async fn basic_auth_and_credentials_login() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let basic = Client::builder().base_url(emu.url()).basic_auth(DEV_USER, DEV_PASSWORD).build().unwrap();
    basic.new_session(&chat("basic")).await.unwrap();
    let bad = Client::builder().base_url(emu.url()).basic_auth(DEV_USER, "wrong").build().unwrap();
    assert!(bad.get_session("x").await.unwrap_err().is_unauthorized());

    let c = Client::builder().base_url(emu.url()).build().unwrap();
    let e = c.login(DEV_USER, "wrong").await.unwrap_err();
    assert!(e.is_unauthorized());
    assert!(!e.to_string().contains("wrong\""));
    let me = c.login(DEV_USER, DEV_PASSWORD).await.unwrap();
    assert_eq!(me.user_name.as_deref(), Some(DEV_USER));
    assert!(format!("{me:?}").find(me.session_id.as_deref().unwrap()).is_none(), "session id hidden in Debug");
    emu.clear_requests();
    let s = c.new_session(&chat("after login")).await.unwrap();
    assert_eq!(s.created_by.as_deref(), Some(DEV_USER));
    let sent = &emu.requests()[0];
    assert!(sent.header("authorization").is_none());
    assert_eq!(sent.header("x-ss-pid"), me.session_id.as_deref());
}

#[tokio::test]
async fn not_found_and_validation_errors() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let c = client(&emu, DEV_TOKEN);
    let e = c.get_session("missing").await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.error_code(), Some("NotFound"));
    assert!(e.to_string().contains("missing"), "{e}");

    let e = c.new_session(&NewSession::default().display_name("no channel")).await.unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    let fe = &e.field_errors()[0];
    assert_eq!((fe.field_name.as_deref(), fe.error_code.as_deref()), (Some("Channel"), Some("NotEmpty")));

    let call = c.new_session(&NewSession::new(FlowChannels::Voice)).await.unwrap();
    let e = c
        .invite_chat_member(&InviteChatMember::new(call.id.clone().unwrap(), "x@y.z"))
        .await
        .unwrap_err();
    assert!(e.is_validation(), "inviting to a voice call: {e:?}");
    let e = c.invite_chat_member(&InviteChatMember::default().session_id(call.id.clone().unwrap())).await.unwrap_err();
    assert_eq!(e.field_errors()[0].field_name.as_deref(), Some("MemberToAdd"));
    let e = c.list_sessions(&ListSessions::new().start_date("yesterday")).await.unwrap_err();
    assert!(e.is_validation());

    // Refused before any I/O.
    emu.clear_requests();
    let e = c.get_session("").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    let e = c.add_conference_member(&AddConferenceMember::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    assert!(emu.requests().is_empty());
}

#[tokio::test]
async fn path_parameters_stay_in_their_segment() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let c = client(&emu, DEV_TOKEN);
    for (id, raw) in [
        ("a/b", "/sessions/a%2Fb"),
        ("../admin", "/sessions/..%2Fadmin"),
        ("?x=1#frag", "/sessions/%3Fx%3D1%23frag"),
        ("100% é", "/sessions/100%25%20%C3%A9"),
        ("..", "/json/reply/GetSession?sessionId=.."),
        (".", "/json/reply/GetSession?sessionId=."),
    ] {
        emu.clear_requests();
        let e = c.get_session(id).await.unwrap_err();
        assert!(e.is_not_found(), "{id}: {e:?}");
        // The server decoded exactly the id we meant.
        let msg = e.response_status().unwrap().message.clone().unwrap();
        assert!(msg.contains(&format!("'{id}'")), "{id}: {msg}");
        assert_eq!(emu.requests()[0].raw_path, raw);
    }
    let e = c.get_session("a\u{0}b").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn list_elements_with_commas_arrive_whole() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let c = client(&emu, DEV_TOKEN);
    let a = c.new_session(&chat("a")).await.unwrap().id.unwrap();
    let b = c.new_session(&chat("b")).await.unwrap().id.unwrap();
    let got = c
        .list_sessions(&ListSessions::new().specific_ids(vec![a.clone(), format!("{b},{a}"), "[x]".into(), "\"q\"".into()]))
        .await
        .unwrap();
    // `b,a` is one (unknown) id: only `a` matches.
    let ids: Vec<_> = got.items().iter().map(|s| s.id.clone().unwrap()).collect();
    assert_eq!(ids, vec![a]);
}

#[tokio::test]
async fn timeouts_and_transport_errors() {
    // A server that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = silent.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = silent.accept().await {
            held.push(sock);
        }
    });
    let c = Client::builder()
        .base_url(format!("http://{addr}"))
        .bearer_token(DEV_TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.get_session("x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    hold.abort();

    // Nothing listens on this port any more.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let c = Client::builder().base_url(format!("http://{closed}")).build().unwrap();
    let e = c.get_session("x").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.to_string().contains("transport error"));
}

#[tokio::test]
async fn response_size_is_capped() {
    let emu = emulator(30, AuthStyle::Thrown).await;
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).max_response_bytes(2_000).build().unwrap();
    let e = c.list_sessions(&ListSessions::new()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(e.to_string().contains("limit"), "{e}");
}

#[tokio::test]
async fn default_headers_reach_the_server() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).header("X-Trace-Id", "trace-42").build().unwrap();
    c.get_session("x").await.unwrap_err();
    assert_eq!(emu.requests()[0].header("x-trace-id"), Some("trace-42"));
    assert!(!format!("{c:?}").contains("trace-42"));
    let e = Client::builder().header("Authorization", "Bearer sneaky").build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest);
}

#[tokio::test]
async fn secrets_never_show() {
    let emu = emulator(0, AuthStyle::Thrown).await;
    let c = Client::builder().base_url(emu.url()).basic_auth(DEV_USER, "s3cr3t-pass").build().unwrap();
    let t = Client::builder().base_url(emu.url()).bearer_token("tok-SECRET-123").build().unwrap();
    for text in [format!("{c:?}"), format!("{t:?}"), format!("{:?}", t.config()), format!("{:?}", Client::builder().bearer_token("tok-SECRET-123"))] {
        assert!(!text.contains("s3cr3t-pass") && !text.contains("tok-SECRET-123"), "{text}");
    }
    let e = t.get_session("x").await.unwrap_err();
    assert!(!format!("{e} {e:?}").contains("tok-SECRET-123"));
    assert!(Client::builder().bearer_token("bad\ntoken").build().is_err());
    assert!(Client::builder().base_url("not a url").build().is_err());
}
