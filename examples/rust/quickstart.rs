//! Quickstart: walks the five operations of the Evo Voice Sessions API.
//!
//! Against a real server: `EVOVOICE_BASE_URL=https://evovoice.io EVOVOICE_TOKEN=... make demo`
//! (or `EVOVOICE_USER` + `EVOVOICE_PASSWORD` for a credentials login). Without
//! `EVOVOICE_BASE_URL`, it starts the bundled emulator in-process and talks to that.

use std::time::Duration;

use evovoice::{
    AddConferenceMember, Client, FlowChannels, InviteChatMember, ListSessions, NewSession, SessionInfo, SortOrders,
};
use futures_util::TryStreamExt;

fn show(label: &str, s: &SessionInfo) {
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    println!("{label}");
    println!("  id           {}", text(&s.id));
    println!("  name         {}", text(&s.display_name));
    println!(
        "  channel      {}   direction {}   call state {}",
        s.channel.as_ref().map_or("-", |c| c.as_str()),
        s.direction.as_ref().map_or("-", |d| d.as_str()),
        s.call_state.as_ref().map_or("-", |c| c.as_str()),
    );
    println!("  from -> to   {} -> {}", text(&s.from_address), text(&s.to_address));
    if let Some(conf) = &s.conference_sid {
        println!("  conference   {conf} (latest participant {})", text(&s.most_recent_participant_call_sid));
    }
    for m in s.members.as_deref().unwrap_or_default() {
        println!(
            "  member       {:<28} {:<8} {}",
            text(&m.identity),
            m.role.as_ref().map_or("-", |r| r.as_str()),
            m.call_state.as_ref().map_or("-", |c| c.as_str())
        );
    }
    for entry in s.log.as_deref().unwrap_or_default() {
        println!("  log          {}  {}", text(&entry.date), text(&entry.message));
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_emulator, base_url) = match std::env::var("EVOVOICE_BASE_URL") {
        Ok(url) if !url.is_empty() => (None, url),
        _ => {
            let emulator = evovoice_emulator::Emulator::start(evovoice_emulator::Options { seed: 40, ..Default::default() }).await?;
            let url = emulator.url();
            println!("Started the evovoice emulator at {url} (set EVOVOICE_BASE_URL to use a real server)\n");
            (Some(emulator), url)
        }
    };
    let mut builder = Client::builder().base_url(&base_url).timeout(Duration::from_secs(30));
    let token = std::env::var("EVOVOICE_TOKEN").unwrap_or_default();
    let user = std::env::var("EVOVOICE_USER").unwrap_or_default();
    if !token.is_empty() {
        builder = builder.bearer_token(token);
    } else if user.is_empty() {
        builder = builder.bearer_token("evovoice-dev-token");
    }
    let client = builder.build()?;
    if !user.is_empty() {
        let me = client.login(&user, &std::env::var("EVOVOICE_PASSWORD").unwrap_or_default()).await?;
        println!("Signed in as {}\n", me.display_name.or(me.user_name).unwrap_or_default());
    }

    // 1. NewSession: a chat.
    let chat = client
        .new_session(&NewSession::new(FlowChannels::Chat).display_name("Quickstart support chat").to_address("+15550100"))
        .await?;
    show("1. Created a chat session (NewSession)", &chat);
    let chat_id = chat.id.clone().ok_or("the server returned a session without an id")?;

    // 2. ListSessions: newest first, one page, then every page.
    let page = client
        .list_sessions(&ListSessions::new().count_per_page(5).sort_order(SortOrders::Descend))
        .await?;
    println!(
        "\n2. Listed sessions (ListSessions): page 0 holds {} of {} sessions in {} pages",
        page.items().len(),
        page.total_count.unwrap_or_default(),
        page.total_pages.unwrap_or_default()
    );
    for s in page.items() {
        println!(
            "  {:<26} {:<6} {:<34} {}",
            s.id.as_deref().unwrap_or("-"),
            s.channel.as_ref().map_or("-", |c| c.as_str()),
            s.display_name.as_deref().unwrap_or("-"),
            s.date_created.as_deref().unwrap_or("-")
        );
    }
    let all: Vec<SessionInfo> = client.iter_sessions(&ListSessions::new().count_per_page(10)).try_collect().await?;
    println!("  iter_sessions walked {} sessions, 10 per page", all.len());
    println!("  the new chat is {}listed", if all.iter().any(|s| s.id == chat.id) { "" } else { "NOT " });

    // 3. GetSession.
    let fetched = client.get_session(&chat_id).await?;
    println!("\n3. Fetched it again (GetSession): \"{}\"", fetched.display_name.as_deref().unwrap_or("-"));

    // 4. InviteChatMember.
    let joined = client
        .invite_chat_member(&InviteChatMember::new(chat_id.clone(), "agent.smith@evovoice.local"))
        .await?;
    show("\n4. Invited a chat member (InviteChatMember)", &joined);

    // 5. AddConferenceMember: turn a voice call into a conference.
    let call = client
        .new_session(&NewSession::new(FlowChannels::Voice).display_name("Quickstart call").destination("+15550123"))
        .await?;
    let conference = client
        .add_conference_member(&AddConferenceMember::new(call.id.clone().unwrap_or_default(), "+15550199").from_number("+15550100"))
        .await?;
    show("\n5. Turned a voice call into a conference (AddConferenceMember)", &conference);

    // Errors are values with kinds.
    match client.get_session("no-such-session").await {
        Err(e) if e.is_not_found() => println!("\nAnd a missing session is a typed error: {e}"),
        other => println!("\nUnexpected answer for a missing session: {other:?}"),
    }
    Ok(())
}
