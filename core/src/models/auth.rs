//! Credentials authentication (`POST /auth/credentials`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ResponseStatus;

/// The body of a credentials login. Its `Debug` never shows the password.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Authenticate {
    /// The user name (an email address in Evo Voice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Ask for a permanent session (`ss-pid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remember_me: Option<bool>,
}

impl fmt::Debug for Authenticate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticate")
            .field("user_name", &self.user_name)
            .field("password", &self.password.as_ref().map(|_| crate::REDACTED))
            .field("remember_me", &self.remember_me)
            .finish()
    }
}

/// The answer to a successful login. Its `Debug` never shows the tokens or session id.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticateResponse {
    /// The user's ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The session ID (send as `X-ss-id`/`X-ss-pid`, or the `ss-id`/`ss-pid` cookies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Where to go after login.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer_url: Option<String>,
    /// A JWT, when the server issues them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_token: Option<String>,
    /// A JWT refresh token, when the server issues them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The user's profile image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// The user's roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// The user's permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// Error, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_status: Option<ResponseStatus>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<std::collections::BTreeMap<String, String>>,
}

impl fmt::Debug for AuthenticateResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hide = |o: &Option<String>| o.as_ref().map(|_| crate::REDACTED);
        f.debug_struct("AuthenticateResponse")
            .field("user_id", &self.user_id)
            .field("session_id", &hide(&self.session_id))
            .field("user_name", &self.user_name)
            .field("display_name", &self.display_name)
            .field("bearer_token", &hide(&self.bearer_token))
            .field("refresh_token", &hide(&self.refresh_token))
            .field("roles", &self.roles)
            .field("permissions", &self.permissions)
            .finish_non_exhaustive()
    }
}
