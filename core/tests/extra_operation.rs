//! The test-only operation `GetSessionLog` (feature `test-operation`; see
//! core/src/models/test_operation.rs and tests/extra_operation/README.md): one entry in the
//! core's list, and the native client has its method, typed and documented. Run by
//! `make test-extra-operation` (part of `make test`):
//! `cargo test -p evovoice --features test-operation,evovoice-emulator/test-operation --test extra_operation`.
#![cfg(feature = "test-operation")]

use evovoice::operations::{find, CallKind};
use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN, DEV_USER};

#[tokio::test]
async fn the_sixth_operation_is_callable_and_typed() {
    let emu = Emulator::start(Options::default()).await.expect("emulator starts");
    let c = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).build().unwrap();
    let chat = NewSession::new(FlowChannels::Chat).display_name("Log");
    let id = c.new_session(&chat).await.unwrap().id.unwrap();
    c.invite_chat_member(&InviteChatMember::new(id.clone(), "+15550100"))
        .await
        .unwrap();

    // The stamped method: route parameters positionally, the answer typed as SessionLog.
    let log: SessionLog = c.get_session_log(&id).await.unwrap();
    assert_eq!(log.session_id.as_deref(), Some(id.as_str()));
    let entries = log.entries.unwrap();
    assert_eq!(log.total, Some(entries.len() as i32));
    assert_eq!(entries[0].message.as_deref(), Some(format!("Session created by {DEV_USER}").as_str()));
    assert!(entries.iter().any(|e| e.message.as_deref().is_some_and(|m| m.contains("+15550100"))), "{entries:?}");
    // The same through `send`, and the errors of any operation.
    assert_eq!(c.send(&GetSessionLog::new(id.clone())).await.unwrap().total, Some(entries.len() as i32));
    assert!(c.get_session_log("no-such-session").await.unwrap_err().is_not_found());
    assert_eq!(c.get_session_log("").await.unwrap_err().kind(), ErrorKind::InvalidRequest);
    let anonymous = Client::builder().base_url(emu.url()).build().unwrap();
    assert!(anonymous.get_session_log(&id).await.unwrap_err().is_unauthorized());
}

#[test]
fn its_entry_describes_it() {
    let op = find("GetSessionLog").expect("in the list");
    assert_eq!((op.kind, op.target.route, op.rust_name, op.js_name), (CallKind::Get, "/sessions/{sessionId}/log", "get_session_log", "getSessionLog"));
    assert!(op.doc.starts_with("The log of one session"), "{}", op.doc);
    assert_eq!(<GetSessionLog as Operation>::ROUTE, op.target.route);
    assert!(schema::response_types().iter().any(|t| t.name == "SessionLog"), "its answer type is generated for the bindings");
    assert!(schema::request_types().iter().any(|t| t.name == "GetSessionLog"));
    assert!(schema::typescript().contains("export interface SessionLog {"));
}
