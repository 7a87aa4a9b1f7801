//! Sessions: [`SessionInfo`] and the types it contains.

use std::collections::BTreeMap;

use crate::enums::*;

dto! {
    /// Fields common to every stored object. In [`SessionInfo`] they sit flat in the same
    /// JSON object (the API's `SessionInfo extends EntityInfo`).
    pub struct EntityInfo {
        /// The ID of the object
        pub id: String,
        /// The date the object was created
        pub date_created: String,
        /// The date the object was last modified
        pub date_last_modified: String,
        /// The user that created this object
        pub created_by: String,
        /// The user that last modified this object
        pub last_modified_by: String,
    }
}

dto! {
    /// One level of the customer hierarchy a session belongs to.
    pub struct CustomerBreadcrumb {
        /// The customer's ID
        pub id: String,
        /// The customer's name
        pub name: String,
    }
}

dto! {
    /// One entry of a session's log.
    pub struct SessionLogInfo {
        /// When it happened
        pub date: String,
        /// What happened
        pub message: String,
    }
}

dto! {
    /// A member (participant) of a session.
    pub struct SessionMemberInfo {
        /// The member's identity (e.g. an email address or phone number)
        pub identity: String,
        /// The member's endpoint ID
        pub endpoint_id: String,
        /// The member's display name
        pub display_name: String,
        /// Was this member part of the session from the start?
        pub is_original_member: bool,
        /// The member's avatar URL
        pub avatar_url: String,
        /// Application data attached to the member
        pub application_data: BTreeMap<String, String>,
        /// The member's call state
        pub call_state: SessionMemberCallState,
        /// The member's role
        pub role: SessionMemberRoles,
        /// The member's call SID
        pub call_sid: String,
        /// Is the member muted?
        pub muted: bool,
    }
}

dto! {
    /// A session: a call, chat or fax. Returned by every operation of the API.
    pub struct SessionInfo {
        /// The state of the session
        pub dial_state: SessionDialState,
        /// The call state of the session
        pub call_state: SessionCallState,
        /// The queue state of the session
        pub queue_state: SessionQueueStates,
        /// The ID of the account associated with the flow
        pub account_id: String,
        /// The name of the account associated with the session
        pub account_name: String,
        /// The ID of the customer this session is associated with
        pub customer_id: String,
        /// The customer breadcrumb this session is associated with
        pub customer_breadcrumb: Vec<CustomerBreadcrumb>,
        /// The name of the customer this session is associated with
        pub customer_name: String,
        /// The ID of the endpoint associated with this session
        pub endpoint_id: String,
        /// The name of the endpoint associated with this session
        pub endpoint_name: String,
        /// The date the call completed
        pub date_completed: String,
        /// The destination of the session (e.g. what was entered into the Dial box)
        pub destination: String,
        /// The to address if any
        pub to_address: String,
        /// The from address if any
        pub from_address: String,
        /// The from name if any
        pub from_name: String,
        /// Answered by name (if any)
        pub answered_by_name: String,
        /// The ID of the queue member assigned to this call
        pub queue_member_id: String,
        /// The flow channel
        pub channel: FlowChannels,
        /// Has the session ended
        pub ended: bool,
        /// The outcome of the call
        pub outcome: String,
        /// The twilio Call SID of this session
        pub call_sid: String,
        /// Any console data for this session
        pub console_data: String,
        /// The name of the hold queue for this call
        pub hold_queue_name: String,
        /// The user ID who put this call on hold
        pub held_by_user_id: String,
        /// The reason for the hold
        pub hold_reason: SessionHoldReasons,
        /// The SID of the conference if in a conference call
        pub conference_sid: String,
        /// The display name for this session
        pub display_name: String,
        /// The log entries for this session
        pub log: Vec<SessionLogInfo>,
        /// The members of this session
        pub members: Vec<SessionMemberInfo>,
        /// The callback number (typically used for SIP to User calls)
        pub callback_number: String,
        /// The ID of the endpoint that answered
        pub answered_by_id: String,
        /// Is this session incoming or outgoing?
        pub direction: SessionDirections,
        /// The phone number that this session is coming from (used with SMS chats)
        pub from_phone_number: String,
        /// The Call SID of the most recently added conference participant
        pub most_recent_participant_call_sid: String,
        /// Was this session missed?
        pub was_missed: bool,
        /// The ring queue that the call is currently in
        pub ring_queue_id: String,
        /// The ID of the object
        pub id: String,
        /// The date the object was created
        pub date_created: String,
        /// The date the object was last modified
        pub date_last_modified: String,
        /// The user that created this object
        pub created_by: String,
        /// The user that last modified this object
        pub last_modified_by: String,
    }
}

impl SessionInfo {
    /// The [`EntityInfo`] part of this session (id, dates, authors).
    pub fn entity(&self) -> EntityInfo {
        EntityInfo {
            id: self.id.clone(),
            date_created: self.date_created.clone(),
            date_last_modified: self.date_last_modified.clone(),
            created_by: self.created_by.clone(),
            last_modified_by: self.last_modified_by.clone(),
            extra: Default::default(),
        }
    }
}
