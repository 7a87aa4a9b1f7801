//! Compile tests of the semver promises (doc tests, so that each is compiled as a crate of its
//! own, as user code is): what must not compile outside this crate, and the way that does.
//!
//! An exhaustive `match` on an enum of the API does not compile (a newer release may add a
//! value):
//!
//! ```compile_fail,E0004
//! use evovoice::FlowChannels;
//! fn name(c: &FlowChannels) -> &'static str {
//!     match c {
//!         FlowChannels::Voice => "voice",
//!         FlowChannels::Chat => "chat",
//!         FlowChannels::Fax => "fax",
//!         FlowChannels::Unknown(_) => "other",
//!     }
//! }
//! ```
//!
//! Nor on an error kind:
//!
//! ```compile_fail,E0004
//! use evovoice::ErrorKind;
//! fn retry(k: ErrorKind) -> bool {
//!     match k {
//!         ErrorKind::Api | ErrorKind::Decode | ErrorKind::InvalidRequest | ErrorKind::Aborted => false,
//!         ErrorKind::Transport | ErrorKind::Timeout => true,
//!     }
//! }
//! ```
//!
//! With a `_` arm it does:
//!
//! ```
//! use evovoice::{ErrorKind, FlowChannels};
//! fn name(c: &FlowChannels) -> &str {
//!     match c {
//!         FlowChannels::Voice => "voice",
//!         FlowChannels::Chat => "chat",
//!         other => other.as_str(),
//!     }
//! }
//! assert_eq!(name(&FlowChannels::from_wire("Sms")), "Sms");
//! assert!(matches!(ErrorKind::Api, ErrorKind::Api));
//! ```
//!
//! A struct literal of a response DTO does not compile (a newer release may add a field):
//!
//! ```compile_fail,E0639
//! let s = evovoice::SessionInfo { id: Some("s1".into()), ..Default::default() };
//! ```
//!
//! Nor of a request DTO:
//!
//! ```compile_fail,E0639
//! use evovoice::{FlowChannels, NewSession};
//! let r = NewSession { channel: Some(FlowChannels::Chat), ..Default::default() };
//! ```
//!
//! Nor of the retry policy:
//!
//! ```compile_fail,E0639
//! let p = evovoice::RetryPolicy { max_retries: 5, ..Default::default() };
//! ```
//!
//! The constructors and setters do, and so do `Default` and assignment (fields stay public):
//!
//! ```
//! use std::time::Duration;
//! use evovoice::*;
//! let r = NewSession::new(FlowChannels::Chat).display_name("Support");
//! assert_eq!((r.channel, r.display_name.as_deref()), (Some(FlowChannels::Chat), Some("Support")));
//! let invite = InviteChatMember::new("s1", "+15550100").caller_id("+15550199");
//! assert_eq!(invite.member_to_add.as_deref(), Some("+15550100"));
//! let call = AddConferenceMember::new("s1", "+15550123");
//! assert_eq!(call.destination.as_deref(), Some("+15550123"));
//! let page = ListSessions::new().count_per_page(50).sort_order(SortOrders::Descend).account_ids(vec!["a1".to_owned()]);
//! assert_eq!(page.count_per_page, Some(50));
//! assert_eq!(GetSession::new("s1").session_id.as_deref(), Some("s1"));
//! let mut mock = SessionInfo::default().id("s1").channel(FlowChannels::Voice);
//! mock.display_name = Some("Support".into());
//! let policy = RetryPolicy::default().max_retries(5).base_delay(Duration::from_millis(100));
//! assert_eq!(policy.max_retries, 5);
//! let login = Authenticate::new("dev@evovoice.local", "dev").remember_me(true);
//! assert_eq!(login.remember_me, Some(true));
//! # let _ = mock;
//! ```
