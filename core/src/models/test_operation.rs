//! `GetSessionLog`: an operation that exists only for this SDK's own tests (cargo feature
//! `test-operation`; the Evo Voice API has no such operation, and no release enables it).
//!
//! It is added the way any operation is added, to prove that one entry is enough: its DTOs
//! here, its entry below (appended to [`for_each_operation!`](crate::for_each_operation)), its
//! vectors (tests/extra_operation/vectors) and its handler in the emulator (the emulator's
//! own `test-operation` feature). Nothing in wasm/ or python/ names it: their methods, types,
//! stubs and docs are stamped from the list.

use crate::models::SessionLogInfo;

dto! {
    /// The log of one session, oldest entry first (a test-only operation).
    /// `GET /sessions/{sessionId}/log`.
    pub struct GetSessionLog {
        /// The ID of the session whose log to retrieve
        pub session_id: String,
    }
}

dto! {
    /// A session's log (the answer of the test-only `GetSessionLog`).
    pub struct SessionLog {
        /// The ID of the session
        pub session_id: String,
        /// The log's entries, oldest first
        pub entries: Vec<SessionLogInfo>,
        /// How many entries the log holds
        pub total: i32,
    }
}

/// With the `test-operation` feature: the list with `GetSessionLog` appended.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_test_operation {
    ($callback:ident [$($extra:tt)*] $($entries:tt)*) => {
        $callback! { [$($extra)*] $($entries)*
            {
                kind: get, op: GetSessionLog, method: GET, route: "/sessions/{sessionId}/log", params: [session_id = sessionId], required: [],
                item: SessionLog, rust: get_session_log, js: getSessionLog, iter: [],
                doc: "The log of one session, oldest entry first (`GET /sessions/{sessionId}/log`; a test-only operation)."
            }
        }
    };
}
