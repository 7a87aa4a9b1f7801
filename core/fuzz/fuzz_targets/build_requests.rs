//! Request building from arbitrary DTO values (and base URLs and credentials): never a panic;
//! a path parameter stays inside its one path segment; every query value reads back, as the
//! server reads it, to the value sent; POST bodies carry exactly the DTO.
#![no_main]

use arbitrary::Arbitrary;
use evovoice::wire::query::{split_list, unquote_scalar};
use evovoice::*;
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;

#[derive(Arbitrary, Debug)]
enum Base {
    Https,
    Prefixed,
    Loopback,
    PlainRemote { allow: bool },
    Any(String),
}

#[derive(Arbitrary, Debug)]
enum Credentials {
    None,
    Bearer(String),
    Basic(String, String),
}

#[derive(Arbitrary, Debug)]
struct List {
    page: Option<i32>,
    all: Option<bool>,
    count_per_page: Option<i32>,
    specific_ids: Option<Vec<String>>,
    sort_field: Option<String>,
    sort_order: Option<String>,
    simplified_paging: Option<bool>,
    account_ids: Option<Vec<String>>,
    search_archive: Option<bool>,
    start_date: Option<String>,
    end_date: Option<String>,
    customer_ids: Option<Vec<String>>,
    endpoint_ids: Option<Vec<String>>,
    from: Option<String>,
    to: Option<String>,
    log: Option<String>,
    parent_session_id: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct New {
    display_name: Option<String>,
    channel: Option<String>,
    direction: Option<String>,
    from_address: Option<String>,
    to_address: Option<String>,
    member_email_addresses: Option<Vec<String>>,
    start_session: Option<bool>,
    with_address: Option<String>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Get(Option<String>),
    List(List),
    New(New),
    Invite(Option<String>, Option<String>, Option<String>),
    Conference(Option<String>, Option<String>, Option<String>, Option<String>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    base: Base,
    credentials: Credentials,
    op: Op,
}

fn config(input: &Input) -> Option<Config> {
    let (url, allow) = match &input.base {
        Base::Https => ("https://evovoice.io".to_owned(), false),
        Base::Prefixed => ("https://h.example/api/v1/".to_owned(), false),
        Base::Loopback => ("http://127.0.0.1:8080".to_owned(), false),
        Base::PlainRemote { allow } => ("http://evovoice.io".to_owned(), *allow),
        Base::Any(s) => (s.clone(), false),
    };
    let mut config = match Config::new(&url) {
        Ok(c) => c,
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidRequest);
            return None;
        }
    };
    // A valid base URL is absolute, without a trailing slash, query or fragment.
    let base = config.base_url().to_owned();
    assert!(base.starts_with("http://") || base.starts_with("https://"), "{base}");
    assert!(!base.ends_with('/') && !base.contains('?') && !base.contains('#'), "{base}");
    config.set_allow_insecure_http(allow);
    let auth = match &input.credentials {
        Credentials::None => Auth::None,
        Credentials::Bearer(t) => Auth::Bearer(Secret::new(t.clone())),
        Credentials::Basic(u, p) => Auth::Basic { user_name: u.clone(), password: Secret::new(p.clone()) },
    };
    if let Err(e) = config.set_auth(auth) {
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
    }
    Some(config)
}

/// The path after the base URL's path prefix.
fn route<'a>(config: &Config, req: &'a http::Request<Vec<u8>>) -> &'a str {
    let prefix = config.base_url().splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
    let path = req.uri().path();
    path.strip_prefix(prefix.as_str()).unwrap_or_else(|| panic!("{path} lost the prefix {prefix}"))
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8().expect("percent-encoded UTF-8").into_owned()
}

/// A path parameter: either one segment after `head` that decodes to `id`, or (for `.`/`..`)
/// the predefined route with the id elsewhere.
fn check_segment(route: &str, head: &str, tail: &str, name: &str, id: &str, req: &http::Request<Vec<u8>>) {
    if let Some(rest) = route.strip_prefix(head) {
        let seg = rest.strip_suffix(tail).unwrap_or_else(|| panic!("{route}: not {head}..{tail}"));
        assert!(!seg.is_empty() && !seg.contains(['/', '?', '#']), "{route}: not one segment");
        assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{route}");
        assert_eq!(decode(seg), id);
    } else {
        assert!(id == "." || id == "..", "{route} for {id:?}");
        assert_eq!(route, format!("/json/reply/{name}"));
        let _ = req;
    }
}

/// Checks a POST: JSON body equal to the DTO.
fn check_body<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(req: &http::Request<Vec<u8>>, op: &T) {
    assert_eq!(req.method(), http::Method::POST);
    let back: T = serde_json::from_slice(req.body()).expect("the body is the DTO as JSON");
    assert_eq!(&back, op);
    assert_eq!(req.headers()[http::header::CONTENT_TYPE], "application/json");
}

fn check_auth(config: &Config, req: &http::Request<Vec<u8>>) {
    match config.auth() {
        Auth::None => assert!(req.headers().get(http::header::AUTHORIZATION).is_none()),
        _ => {
            let h = &req.headers()[http::header::AUTHORIZATION];
            assert!(h.is_sensitive(), "credentials headers are marked sensitive");
            config.check_credentials_transport().expect("credentials only where they may travel");
        }
    }
}

fn refused(config: &Config, e: &Error, id: Option<&str>) {
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e:?}");
    let bad_id = id.map_or(false, |id| id.is_empty() || id.chars().any(char::is_control));
    let bad_transport = *config.auth() != Auth::None && config.check_credentials_transport().is_err();
    assert!(bad_id || bad_transport, "refused for no reason: {e}");
}

/// A value of one of core's DTOs (non-exhaustive: built from its `Default`) with these fields set.
macro_rules! with_fields {
    ($t:ident { $($f:ident: $v:expr),* $(,)? }) => {{
        let mut value = $t::default();
        $(value.$f = $v;)*
        value
    }};
}

fuzz_target!(|input: Input| {
    let Some(config) = config(&input) else { return };
    match &input.op {
        Op::Get(id) => {
            let op = with_fields!(GetSession { session_id: id.clone() });
            match build_request(&config, &op) {
                Ok(req) => {
                    check_auth(&config, &req);
                    let id = id.as_deref().unwrap();
                    let r = route(&config, &req);
                    check_segment(r, "/sessions/", "", "GetSession", id, &req);
                    if r.starts_with("/json/reply/") {
                        let q = req.uri().query().unwrap().strip_prefix("sessionId=").unwrap();
                        assert_eq!(decode(q), id);
                    } else {
                        assert!(req.uri().query().is_none());
                    }
                    assert!(req.body().is_empty());
                }
                Err(e) => refused(&config, &e, Some(id.as_deref().unwrap_or(""))),
            }
        }
        Op::List(l) => {
            let op = with_fields!(ListSessions {
                page: l.page,
                all: l.all,
                count_per_page: l.count_per_page,
                specific_ids: l.specific_ids.clone(),
                sort_field: l.sort_field.clone(),
                sort_order: l.sort_order.as_deref().map(SortOrders::from_wire),
                simplified_paging: l.simplified_paging,
                account_ids: l.account_ids.clone(),
                search_archive: l.search_archive,
                start_date: l.start_date.clone(),
                end_date: l.end_date.clone(),
                customer_ids: l.customer_ids.clone(),
                endpoint_ids: l.endpoint_ids.clone(),
                from: l.from.clone(),
                to: l.to.clone(),
                log: l.log.clone(),
                parent_session_id: l.parent_session_id.clone(),
            });
            let req = match build_request(&config, &op) {
                Ok(r) => r,
                Err(e) => return refused(&config, &e, None),
            };
            check_auth(&config, &req);
            assert_eq!(route(&config, &req), "/sessions");
            // Read the query back the way the server does.
            let mut back = serde_json::Map::new();
            for pair in req.uri().query().unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').expect("name=value");
                assert!(v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%,".contains(&b)), "{v}");
                let v = decode(v);
                let value = match k {
                    "specificIds" | "accountIds" | "customerIds" | "endpointIds" => serde_json::json!(split_list(&v)),
                    "page" | "countPerPage" => serde_json::json!(v.parse::<i32>().unwrap()),
                    "all" | "simplifiedPaging" | "searchArchive" => serde_json::json!(v.parse::<bool>().unwrap()),
                    _ => serde_json::json!(unquote_scalar(&v)),
                };
                assert!(back.insert(k.to_owned(), value).is_none(), "{k} twice");
            }
            let sent = serde_json::to_value(&op).unwrap();
            assert_eq!(serde_json::Value::Object(back), sent, "the query reads back as sent");
        }
        Op::New(n) => {
            let op = with_fields!(NewSession {
                display_name: n.display_name.clone(),
                channel: n.channel.as_deref().map(FlowChannels::from_wire),
                direction: n.direction.as_deref().map(SessionDirections::from_wire),
                from_address: n.from_address.clone(),
                to_address: n.to_address.clone(),
                member_email_addresses: n.member_email_addresses.clone(),
                start_session: n.start_session,
                with_address: n.with_address.clone(),
            });
            match build_request(&config, &op) {
                Ok(req) => {
                    check_auth(&config, &req);
                    assert_eq!(route(&config, &req), "/sessions");
                    check_body(&req, &op);
                }
                Err(e) => refused(&config, &e, None),
            }
        }
        Op::Invite(id, member, caller) => {
            let op = with_fields!(InviteChatMember { session_id: id.clone(), member_to_add: member.clone(), caller_id: caller.clone() });
            match build_request(&config, &op) {
                Ok(req) => {
                    check_auth(&config, &req);
                    check_segment(route(&config, &req), "/sessions/", "/members", "InviteChatMember", id.as_deref().unwrap(), &req);
                    check_body(&req, &op);
                }
                Err(e) => refused(&config, &e, Some(id.as_deref().unwrap_or(""))),
            }
        }
        Op::Conference(id, sid, dest, from) => {
            let op = with_fields!(AddConferenceMember { session_id: id.clone(), call_sid: sid.clone(), destination: dest.clone(), from_number: from.clone() });
            match build_request(&config, &op) {
                Ok(req) => {
                    check_auth(&config, &req);
                    let r = route(&config, &req);
                    check_segment(r, "/sessions/", "/conference/members", "AddConferenceMember", id.as_deref().unwrap(), &req);
                    check_body(&req, &op);
                }
                Err(e) => refused(&config, &e, Some(id.as_deref().unwrap_or(""))),
            }
        }
    }
});
