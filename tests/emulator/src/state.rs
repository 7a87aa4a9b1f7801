//! The emulator's in-memory state: sessions, login sessions, recorded requests.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use evovoice::SessionInfo;

use crate::util::Rng;
use crate::{Options, RecordedRequest};

/// A session as stored: the API's view plus what the API does not show.
#[derive(Clone, Debug)]
pub(crate) struct StoredSession {
    /// What the API returns.
    pub info: SessionInfo,
    /// `parentSessionId` given at creation (filterable, not part of SessionInfo).
    pub parent_session_id: Option<String>,
    /// Archived sessions are listed only with `searchArchive=true`.
    pub archived: bool,
}

/// All sessions, with an index by id.
#[derive(Default)]
pub(crate) struct Sessions {
    list: Vec<StoredSession>,
    index: HashMap<String, usize>,
}

impl Sessions {
    /// Adds a session (an existing id is replaced).
    pub(crate) fn insert(&mut self, s: StoredSession) {
        let id = s.info.id.clone().unwrap_or_default();
        match self.index.get(&id) {
            Some(&i) => self.list[i] = s,
            None => {
                self.index.insert(id, self.list.len());
                self.list.push(s);
            }
        }
    }

    /// A session by id.
    pub(crate) fn get(&self, id: &str) -> Option<&StoredSession> {
        self.index.get(id).map(|&i| &self.list[i])
    }

    /// A session by id, mutable.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut StoredSession> {
        self.index.get(id).map(|&i| &mut self.list[i])
    }

    /// Is this id taken?
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Every session, in insertion order.
    pub(crate) fn all(&self) -> &[StoredSession] {
        &self.list
    }
}

/// A logged-in session (`ss-id` / `ss-pid`).
#[derive(Clone, Debug)]
pub(crate) struct Login {
    /// Index into `Options::users`.
    pub user: usize,
}

/// Everything the request handlers share.
pub(crate) struct Shared {
    pub opts: Options,
    pub sessions: Mutex<Sessions>,
    pub logins: Mutex<HashMap<String, Login>>,
    pub requests: Mutex<VecDeque<RecordedRequest>>,
    pub request_count: AtomicU64,
    /// Per fault key: how many requests asked for it (for `times=N`).
    pub fault_counts: Mutex<HashMap<String, u64>>,
    pub rng: Mutex<Rng>,
}

/// Locks a mutex, ignoring poisoning (a panicking handler must not wedge the server).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Fresh state with `opts.seed` generated sessions.
    pub(crate) fn new(opts: Options) -> Self {
        let mut sessions = Sessions::default();
        for s in crate::seed::generate(opts.seed) {
            sessions.insert(s);
        }
        Shared {
            opts,
            sessions: Mutex::new(sessions),
            logins: Mutex::new(HashMap::new()),
            requests: Mutex::new(VecDeque::new()),
            request_count: AtomicU64::new(0),
            fault_counts: Mutex::new(HashMap::new()),
            rng: Mutex::new(Rng::from_entropy()),
        }
    }

    /// Records a request, keeping the most recent [`crate::MAX_RECORDED`].
    pub(crate) fn record(&self, r: RecordedRequest) {
        self.request_count.fetch_add(1, Ordering::Relaxed);
        let mut log = lock(&self.requests);
        if log.len() >= crate::MAX_RECORDED {
            log.pop_front();
        }
        log.push_back(r);
    }

    /// `n` random lowercase hex characters.
    pub(crate) fn random_hex(&self, n: usize) -> String {
        lock(&self.rng).hex(n)
    }

    /// `n` random bytes.
    pub(crate) fn random_bytes(&self, n: usize) -> Vec<u8> {
        lock(&self.rng).bytes(n)
    }
}
