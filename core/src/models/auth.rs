//! Credentials authentication (`POST /auth/credentials`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::status::{map, members, text, ObjectWriter};
use super::ResponseStatus;
use crate::json::Value;

/// The body of a credentials login. Its `Debug` never shows the password.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
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

impl Authenticate {
    /// A credentials login of `user_name` with `password`.
    pub fn new(user_name: impl Into<String>, password: impl Into<String>) -> Self {
        Self { user_name: Some(user_name.into()), password: Some(password.into()), remember_me: None }
    }

    /// Asks for a permanent session (`ss-pid`), or not.
    #[must_use]
    pub fn remember_me(mut self, remember_me: bool) -> Self {
        self.remember_me = Some(remember_me);
        self
    }
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
#[non_exhaustive]
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

/// Reads and writes the login answer without serde (the WebAssembly build), with the derived
/// decoder's rules: camelCase members, unknown members ignored, a repeated member or a wrong
/// type refused.
impl AuthenticateResponse {
    /// Reads a login answer; `None` when it does not match (see the impl's rules).
    pub fn from_json(v: &Value) -> Option<Self> {
        let names = [
            "userId", "sessionId", "userName", "displayName", "referrerUrl", "bearerToken", "refreshToken", "profileUrl",
            "roles", "permissions", "responseStatus", "meta",
        ];
        let [user_id, session_id, user_name, display_name, referrer_url, bearer_token, refresh_token, profile_url, roles, permissions, status, meta] =
            members(v, names, false)?;
        let list = |v: Option<&Value>| match v {
            None | Some(Value::Null) => Some(None),
            Some(Value::Array(items)) => items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().map(Some),
            Some(_) => None,
        };
        let response_status = match status {
            None | Some(Value::Null) => None,
            Some(v) => Some(ResponseStatus::from_json(v)?),
        };
        Some(Self {
            user_id: text(user_id)?,
            session_id: text(session_id)?,
            user_name: text(user_name)?,
            display_name: text(display_name)?,
            referrer_url: text(referrer_url)?,
            bearer_token: text(bearer_token)?,
            refresh_token: text(refresh_token)?,
            profile_url: text(profile_url)?,
            roles: list(roles)?,
            permissions: list(permissions)?,
            response_status,
            meta: map(meta)?,
        })
    }

    /// The answer as JSON without its secrets (session id, bearer and refresh tokens): what a
    /// login call shows its caller.
    pub fn public_json(&self) -> String {
        let mut w = ObjectWriter::default();
        w.text("userId", &self.user_id);
        w.text("userName", &self.user_name);
        w.text("displayName", &self.display_name);
        w.text("referrerUrl", &self.referrer_url);
        w.text("profileUrl", &self.profile_url);
        for (name, list) in [("roles", &self.roles), ("permissions", &self.permissions)] {
            if let Some(items) = list {
                let items: Vec<Value> = items.iter().cloned().map(Value::String).collect();
                w.raw(name, &Value::Array(items).to_json());
            }
        }
        if let Some(rs) = &self.response_status {
            w.raw("responseStatus", &rs.to_json());
        }
        w.map("meta", &self.meta);
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_serde_does_and_hides_secrets() {
        let body = br#"{"userId":"1","sessionId":"s3cret","userName":"u","bearerToken":"jwt","roles":["Admin"],"responseStatus":{"message":"ok"},"meta":{"k":"v"},"other":[1]}"#;
        let typed: AuthenticateResponse = serde_json::from_slice(body).unwrap();
        let ours = AuthenticateResponse::from_json(&crate::json::parse(body).unwrap()).unwrap();
        assert_eq!(ours, typed);
        let public = ours.public_json();
        assert_eq!(public, r#"{"userId":"1","userName":"u","roles":["Admin"],"responseStatus":{"message":"ok"},"meta":{"k":"v"}}"#);
        for bad in [&br#"{"roles":"Admin"}"#[..], br#"{"userId":1}"#, br#"{"userId":"a","userId":"b"}"#, b"[]"] {
            assert!(serde_json::from_slice::<AuthenticateResponse>(bad).is_err() || bad == b"[]");
            assert_eq!(AuthenticateResponse::from_json(&crate::json::parse(bad).unwrap()), None);
        }
    }
}
