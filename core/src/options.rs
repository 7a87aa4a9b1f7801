//! Per-call options: a timeout, headers and a retry count for one call (or every call made
//! through [`Client::with_options`](crate::Client::with_options)), over the client's settings.
//! They are an input to request building and the retry policy: [`RequestOptions::apply`]
//! gives the [`Config`] a call is built and retried with, in every language.

use std::fmt;
use std::time::Duration;

use crate::config::Config;
use crate::Error;

/// Options for one call, over the client's: unset fields keep the client's value.
///
/// Built with its methods (`RequestOptions::new().timeout(..).header(..)`; the struct is
/// `#[non_exhaustive]`, so that options can be added without a breaking release). Header
/// values are treated as sensitive: `Debug` shows their names only.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The call's timeout (each attempt, connection to last byte), in place of the client's.
    pub timeout: Option<Duration>,
    /// Headers sent with the call, after the client's (one of the same name replaces the
    /// client's). The rules of [`Config::add_header`] apply: the SDK's own headers are refused.
    pub headers: Vec<(String, String)>,
    /// Retries after the first attempt, in place of the retry policy's `max_retries`.
    pub max_retries: Option<u32>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &self.headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

impl RequestOptions {
    /// No options: every call as the client is set up.
    pub fn new() -> Self {
        Self::default()
    }
    /// The call's timeout.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// Adds a header (e.g. an idempotency key or a trace id).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Retries after the first attempt (0: none).
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }
    /// True when no option is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// These options over `base` (options set later win): what a client made by two
    /// `with_options` calls applies.
    #[must_use]
    pub fn over(&self, base: &RequestOptions) -> RequestOptions {
        let mut headers = base.headers.clone();
        headers.extend(self.headers.iter().cloned());
        RequestOptions { timeout: self.timeout.or(base.timeout), headers, max_retries: self.max_retries.or(base.max_retries) }
    }

    /// The configuration a call with these options is built and retried with: `config` with
    /// the timeout, the headers (a header replaces the client's of the same name, any case;
    /// a refused header is [`Error::InvalidRequest`]) and the retry count replaced.
    pub fn apply(&self, config: &Config) -> Result<Config, Error> {
        let mut out = config.clone();
        if let Some(timeout) = self.timeout {
            out.set_timeout(Some(timeout));
        }
        if let Some(max_retries) = self.max_retries {
            let mut policy = out.retry_policy();
            policy.max_retries = max_retries;
            out.set_retry_policy(policy);
        }
        for (name, value) in &self.headers {
            out.remove_header(name);
            out.add_header(name, value)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_apply_over_the_client() {
        let mut base = Config::default();
        base.set_timeout(Some(Duration::from_secs(30)));
        base.add_header("X-Trace", "client").unwrap();
        base.add_header("X-Keep", "k").unwrap();
        let opts = RequestOptions::new().timeout(Duration::from_millis(5)).header("x-TRACE", "call").header("Idempotency-Key", "i-1").max_retries(0);
        let c = opts.apply(&base).unwrap();
        assert_eq!(c.timeout(), Some(Duration::from_millis(5)));
        assert_eq!(c.retry_policy().max_retries, 0);
        let headers: Vec<(&str, &str)> = c.headers().iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(headers, [("x-keep", "k"), ("x-trace", "call"), ("idempotency-key", "i-1")]);
        // Nothing set: the client's settings.
        assert_eq!(RequestOptions::new().apply(&base).unwrap(), base);
        assert!(RequestOptions::new().is_empty() && !opts.is_empty());
        // The client headers' rules.
        for (name, value) in [("Authorization", "x"), ("X-ss-id", "x"), ("bad name", "x"), ("X-A", "a\nb"), ("content-type", "x")] {
            let e = RequestOptions::new().header(name, value).apply(&base).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidRequest, "{name}");
        }
        // Values never shown.
        assert!(!format!("{opts:?}").contains("call") && format!("{opts:?}").contains("Idempotency-Key"), "{opts:?}");
        // Later options win; headers add up.
        let later = RequestOptions::new().max_retries(3).header("X-B", "b").over(&opts);
        assert_eq!((later.timeout, later.max_retries, later.headers.len()), (Some(Duration::from_millis(5)), Some(3), 3));
    }
}
