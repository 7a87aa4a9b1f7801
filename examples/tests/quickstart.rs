//! `make demo` runs the quickstart: it must walk the five operations against the emulator.

use std::process::Command;

#[test]
fn quickstart_walks_every_operation() {
    let out = Command::new(env!("CARGO_BIN_EXE_quickstart"))
        .env_remove("EVOVOICE_BASE_URL")
        .env_remove("EVOVOICE_TOKEN")
        .env_remove("EVOVOICE_USER")
        .output()
        .expect("the quickstart runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "exit {:?}\n{stdout}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    for step in [
        "Started the evovoice emulator at http://127.0.0.1:",
        "1. Created a chat session (NewSession)",
        "2. Listed sessions (ListSessions)",
        "the new chat is listed",
        "3. Fetched it again (GetSession): \"Quickstart support chat\"",
        "4. Invited a chat member (InviteChatMember)",
        "agent.smith@evovoice.local",
        "5. Turned a voice call into a conference (AddConferenceMember)",
        "conference   CF",
        "And a missing session is a typed error: HTTP 404 NotFound",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
}
