//! A blocking program (no async runtime of its own): the sans-IO pair with a blocking HTTP
//! client, here ureq. `evovoice::build_request` gives an `http::Request<Vec<u8>>`; ureq sends
//! it; `evovoice::parse_response` turns the `http::Response` into the typed answer or an
//! `evovoice::Error`, exactly as the async `Client` does.
//!
//! `cargo run -p evovoice-examples --bin blocking` (against the emulator unless
//! EVOVOICE_BASE_URL is set; then EVOVOICE_TOKEN is the bearer token).

use evovoice::{build_request, parse_response, Config, FlowChannels, GetSession, ListSessions, NewSession, Operation};

/// Sends `op` with ureq and parses the answer.
fn call<Op: Operation>(agent: &ureq::Agent, config: &Config, op: &Op) -> Result<Op::Response, Box<dyn std::error::Error>> {
    let request = build_request(config, op)?;
    let (parts, body) = request.into_parts();
    // ureq sends a body only with methods that have one.
    let response = if body.is_empty() {
        agent.run(http::Request::from_parts(parts, ()))?
    } else {
        agent.run(http::Request::from_parts(parts, body))?
    };
    let (parts, mut body) = response.into_parts();
    let bytes = body.read_to_vec()?;
    Ok(parse_response::<Op>(http::Response::from_parts(parts, bytes.as_slice()))?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The emulator runs on a thread of its own; this program itself has no async runtime.
    let (base_url, token, _emulator) = match std::env::var("EVOVOICE_BASE_URL") {
        Ok(url) => (url, std::env::var("EVOVOICE_TOKEN").unwrap_or_default(), None),
        Err(_) => {
            let emulator = evovoice_emulator::Emulator::start_background(Default::default())?;
            (emulator.url(), evovoice_emulator::DEV_TOKEN.to_owned(), Some(emulator))
        }
    };
    let config = Config::new(&base_url)?.with_bearer_token(token)?;
    // Error statuses are answers for parse_response to read, not ureq errors.
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();

    let chat = NewSession::new(FlowChannels::Chat).display_name("Blocking chat");
    let created = call(&agent, &config, &chat)?;
    let id = created.id.clone().unwrap_or_default();
    println!("created {id} ({})", created.display_name.as_deref().unwrap_or("-"));
    let again = call(&agent, &config, &GetSession::new(&id))?;
    println!("fetched {}", again.id.as_deref().unwrap_or("-"));
    let page = call(&agent, &config, &ListSessions::new().count_per_page(10))?;
    println!("listed {} sessions", page.items().len());
    match call(&agent, &config, &GetSession::new("no-such-session")) {
        Err(e) => match e.downcast_ref::<evovoice::Error>() {
            Some(api) if api.is_not_found() => println!("a missing session is a typed error: {api}"),
            _ => return Err(e),
        },
        Ok(_) => return Err("a missing session was found".into()),
    }
    Ok(())
}
