//! The five request DTOs, one per operation of the API. Path parameters (`session_id`) are
//! fields of the request, as in the API. Build a request with its `new(..)` (route parameters
//! and the fields the server requires, from the operation list) and the setters named after
//! its other fields: `NewSession::new(FlowChannels::Chat).display_name("Support")`.

use crate::enums::*;

request_dtos! {
    /// Create a new session. `POST /sessions`, requires role `User`.
    pub struct NewSession {
        /// A display name for this session
        pub display_name: String,
        /// The type of session
        pub channel: FlowChannels,
        /// The session direction (defaults to Outgoing)
        pub direction: SessionDirections,
        /// The current session call state (defaults to Connected)
        pub call_state: SessionCallState,
        /// The From address for the session (defaults to user's email)
        pub from_address: String,
        /// The From name for the session
        pub from_name: String,
        /// The To address for the session
        pub to_address: String,
        /// Parent session (e.g. for billing purposes)
        pub parent_session_id: String,
        /// Specify a customer to associate with this session
        pub customer_id: String,
        /// Start a chat session with a specified user/team (e.g. user:userid or team:teamid)
        pub with_address: String,
        /// Use the specified caller ID (if dialing out)
        pub from_phone_number: String,
        /// The dialed destination value
        pub destination: String,
        /// User email addresses to add as members
        pub member_email_addresses: Vec<String>,
        /// Start the session's flow?
        pub start_session: bool,
    }

    /// Retrieve a list of sessions. `GET /sessions`. Pages are 0-based; 25 per page unless
    /// `count_per_page` says otherwise.
    pub struct ListSessions {
        /// The page of data to retrieve (0-based)
        pub page: i32,
        /// If you want all objects to be returned. This should be used with care
        pub all: bool,
        /// The number per page to retrieve
        pub count_per_page: i32,
        /// Specific IDs
        pub specific_ids: Vec<String>,
        /// Specify a sort field
        pub sort_field: String,
        /// Specify a sort order
        pub sort_order: SortOrders,
        /// Disables total / page counts - improves performance. Returns only data. If there is
        /// no more data, Items will be empty array
        pub simplified_paging: bool,
        /// The account IDs for the sessions to retrieve
        pub account_ids: Vec<String>,
        /// Whether to search live or archived sessions
        pub search_archive: bool,
        /// The start date to retrieve usage records for (YYYY-MM-DD)
        pub start_date: String,
        /// The end date to retrieve usage records for (YYYY-MM-DD)
        pub end_date: String,
        /// The IDs of the customers whose sessions you want to retrieve
        pub customer_ids: Vec<String>,
        /// The IDs of the endpoints whose sessions you want to retrieve
        pub endpoint_ids: Vec<String>,
        /// Filter by the from (this is a contains search). Wire name `from`.
        pub from: String,
        /// Filter by the to (this is a contains search)
        pub to: String,
        /// Filter by text in the log
        pub log: String,
        /// Filter by parent session ID
        pub parent_session_id: String,
    }

    /// Get the specified session. `GET /sessions/{sessionId}`.
    pub struct GetSession {
        /// The ID of the session to retrieve
        pub session_id: String,
    }

    /// Converts the specified call into a conference call if necessary and dials the specified
    /// member. `POST /sessions/{sessionId}/conference/members`.
    pub struct AddConferenceMember {
        /// The ID of the active session
        pub session_id: String,
        /// The sid of the active call that is on the voice device
        pub call_sid: String,
        /// The party to invite to the conference
        pub destination: String,
        /// The FROM (caller ID) to use
        pub from_number: String,
    }

    /// Add a member to a chat session. `POST /sessions/{sessionId}/members`, requires role `User`.
    pub struct InviteChatMember {
        /// The ID of the session
        pub session_id: String,
        /// The member to add. This can be a cell phone number, user ID (email)
        pub member_to_add: String,
        /// Outbound caller ID to use
        pub caller_id: String,
    }
}
