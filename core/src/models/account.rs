//! Accounts. These types appear in the specification's ListSessions page (as the generated
//! code's stand-in for `ListResponse`'s type parameter); no operation of this SDK returns them,
//! but they are here so that code written against the official DTOs reads the same.

dto! {
    /// One billing line of an account.
    pub struct BillingItem {
        /// Base cost
        pub base_cost: f64,
        /// Raw unit multiplier
        pub raw_unit_multiplier: f64,
        /// Cost per unit
        pub unit_cost: f64,
        /// Units included
        pub allowance: i64,
    }
}

dto! {
    /// Billing settings of an account.
    pub struct BillingSettings {
        /// Base fee
        pub base: BillingItem,
        /// Local phone numbers
        pub local_numbers: BillingItem,
        /// Toll-free phone numbers
        pub toll_free_numbers: BillingItem,
        /// Inbound voice calls
        pub inbound_voice_calls: BillingItem,
        /// Outbound voice calls
        pub outbound_voice_calls: BillingItem,
        /// Inbound faxes
        pub inbound_faxes: BillingItem,
        /// Outbound faxes
        pub outbound_faxes: BillingItem,
        /// Inbound SMS messages
        pub inbound_sms_messages: BillingItem,
        /// Outbound SMS messages
        pub outbound_sms_messages: BillingItem,
    }
}

dto! {
    /// An account (with EntityInfo's fields flat, as on the wire).
    pub struct AccountInfo {
        /// The name of this account
        pub name: String,
        /// The ID of this account's parent
        pub parent_account_id: String,
        /// The twilio account SID
        pub twilio_account_sid: String,
        /// The ancestors of this account. Useful for breadcrumbs
        pub ancestor_ids: Vec<String>,
        /// The max number of phone numbers this account can have
        pub max_phone_numbers: i64,
        /// This account is BYOA (wire name `isBYOA`, as the official DTOs' `is_b_y_o_a`)
        pub is_b_y_o_a: bool,
        /// TrustHub Profile Sid
        pub trust_hub_profile_sid: String,
        /// The ID of the logo file
        pub logo_id: String,
        /// The URI of the logo file
        pub logo_uri: String,
        /// The billing settings for this account
        pub billing_settings: BillingSettings,
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
