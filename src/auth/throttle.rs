//! Throttling of failed password checks, so that guessing is slow.
//!
//! Failures are counted under two keys: the pair (user name, client address) and the
//! client address alone. Each key has a number of free failures; past them every
//! further failure blocks the key for an exponentially growing time (1 s, 2 s, 4 s …
//! up to [`ThrottleConfig::max_delay`]). While either key of a login is blocked the
//! password is not checked at all and the caller gets `429 TOOMANYREQUESTS` with
//! `Retry-After`.
//!
//! There is no key for the user alone: an attacker guessing one user's password from
//! one address blocks only that pair (and, past a larger budget, that address), so the
//! real user signs in from anywhere else. A success clears the pair's count; the
//! address's count is forgotten after [`ThrottleConfig::forget_after`] without
//! failures. Bearer tokens are never throttled (no password is checked).
//!
//! The table is bounded: past [`ThrottleConfig::max_entries`] the least recently
//! failed tenth is dropped at once (so the cost is amortised), which at worst gives an
//! attacker who floods the table from many addresses a fresh budget on old keys.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The bounds of the throttle. The defaults are documented in
/// `docs/access-control.md` ("Failed logins").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleConfig {
    /// Failures of one (user, address) pair before it is blocked.
    pub pair_free: u32,
    /// Failures from one address (any user names) before it is blocked.
    pub addr_free: u32,
    /// The first block; each further failure doubles it.
    pub base_delay: Duration,
    /// The longest block.
    pub max_delay: Duration,
    /// A key with no failure for this long is forgotten.
    pub forget_after: Duration,
    /// Keys kept at most.
    pub max_entries: usize,
}

impl Default for ThrottleConfig {
    fn default() -> ThrottleConfig {
        ThrottleConfig {
            pair_free: 5,
            addr_free: 30,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
            max_entries: 100_000,
        }
    }
}

/// User names longer than this are cut in the key (the name is client input).
const MAX_KEY_USER: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Pair(String, IpAddr),
    Addr(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    blocked_until: Option<Instant>,
    last: Instant,
}

/// A login refused without checking the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    /// When the caller may try again.
    pub retry_after: Duration,
}

impl Throttled {
    /// `Retry-After` in whole seconds, rounded up (at least 1).
    pub fn retry_after_secs(&self) -> u64 {
        let s = self.retry_after.as_secs();
        let s = if self.retry_after.subsec_nanos() > 0 {
            s + 1
        } else {
            s
        };
        s.max(1)
    }
}

/// A password check under way (see [`Throttle::attempt`]). Dropped without
/// [`Attempt::finish`], it stays counted as a failure.
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    keys: Option<[Key; 2]>,
}

impl Attempt<'_> {
    /// Records the check's outcome.
    pub fn finish(self, ok: bool) {
        if !ok {
            self.throttle.failures.fetch_add(1, Relaxed);
        } else if let Some(keys) = self.keys {
            self.throttle.refund(keys);
        }
    }
}

/// The failed-login table of one server.
pub struct Throttle {
    config: ThrottleConfig,
    table: Mutex<HashMap<Key, Entry>>,
    failures: AtomicU64,
    refused: AtomicU64,
    evicted: AtomicU64,
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle::new(ThrottleConfig::default())
    }
}

impl Throttle {
    /// An empty table with these bounds.
    pub fn new(config: ThrottleConfig) -> Throttle {
        Throttle {
            config,
            table: Mutex::new(HashMap::new()),
            failures: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            evicted: AtomicU64::new(0),
        }
    }

    fn keys(user: &str, addr: IpAddr) -> [Key; 2] {
        let mut cut = user.len().min(MAX_KEY_USER);
        while !user.is_char_boundary(cut) {
            cut -= 1;
        }
        [Key::Pair(user[..cut].to_string(), addr), Key::Addr(addr)]
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        // A panic while holding the lock cannot leave the map inconsistent (every
        // update is a single insert or remove), so a poisoned lock is still usable.
        self.table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts a password check of `user` from `addr` (`None`: the address is
    /// unknown, as for in-process callers, which are never throttled): refused while
    /// either key is blocked; otherwise the attempt is counted as a failure at once
    /// (so that concurrent guesses cannot all slip in before the first is counted)
    /// and [`Attempt::finish`] refunds it on success.
    pub fn attempt(&self, user: &str, addr: Option<IpAddr>) -> Result<Attempt<'_>, Throttled> {
        self.attempt_at(user, addr, Instant::now())
    }

    fn attempt_at(
        &self,
        user: &str,
        addr: Option<IpAddr>,
        now: Instant,
    ) -> Result<Attempt<'_>, Throttled> {
        let Some(addr) = addr else {
            return Ok(Attempt {
                throttle: self,
                keys: None,
            });
        };
        let keys = Self::keys(user, addr);
        let mut table = self.lock();
        let wait = keys
            .iter()
            .filter_map(|k| table.get(k)?.blocked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max();
        if let Some(retry_after) = wait {
            self.refused.fetch_add(1, Relaxed);
            return Err(Throttled { retry_after });
        }
        for (key, free) in keys
            .iter()
            .zip([self.config.pair_free, self.config.addr_free])
        {
            let e = table.entry(key.clone()).or_insert(Entry {
                failures: 0,
                blocked_until: None,
                last: now,
            });
            if now.duration_since(e.last) >= self.config.forget_after {
                e.failures = 0;
            }
            e.failures = e.failures.saturating_add(1);
            e.last = now;
            if e.failures > free {
                e.blocked_until = Some(now + self.delay(e.failures - free));
            }
        }
        if table.len() > self.config.max_entries {
            self.evict(&mut table, now);
        }
        Ok(Attempt {
            throttle: self,
            keys: Some(keys),
        })
    }

    /// A success: the pair starts again from nothing and the address gets its
    /// failure back.
    fn refund(&self, [pair, by_addr]: [Key; 2]) {
        let mut table = self.lock();
        table.remove(&pair);
        if let Some(e) = table.get_mut(&by_addr) {
            e.failures = e.failures.saturating_sub(1);
            if e.failures <= self.config.addr_free {
                e.blocked_until = None;
            }
        }
    }

    /// The block after the `n`-th failure past the free ones.
    fn delay(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.config
            .base_delay
            .saturating_mul(factor)
            .min(self.config.max_delay)
    }

    /// Drops forgotten keys, then, if still over the cap, the least recently failed
    /// tenth of the table.
    fn evict(&self, table: &mut HashMap<Key, Entry>, now: Instant) {
        let before = table.len();
        let forget = self.config.forget_after;
        table.retain(|_, e| now.duration_since(e.last) < forget);
        if table.len() > self.config.max_entries {
            let mut lasts: Vec<Instant> = table.values().map(|e| e.last).collect();
            let drop = (self.config.max_entries / 10).max(table.len() - self.config.max_entries);
            let nth = drop.min(lasts.len() - 1);
            let (_, cut, _) = lasts.select_nth_unstable(nth);
            let cut = *cut;
            table.retain(|_, e| e.last > cut);
        }
        self.evicted
            .fetch_add((before - table.len()) as u64, Relaxed);
    }

    /// Keys in the table now.
    pub fn entries(&self) -> usize {
        self.lock().len()
    }

    /// Appends the throttle's metrics to a `/metrics` text.
    pub fn render(&self, out: &mut String) {
        let counters = [
            (
                "registryctl_auth_failures_total",
                "Password checks that failed (Basic on /v2, GET and POST /token).",
                &self.failures,
            ),
            (
                "registryctl_auth_throttled_total",
                "Logins answered 429 TOOMANYREQUESTS without checking the password, because their (user, address) pair or their address had failed too often.",
                &self.refused,
            ),
            (
                "registryctl_auth_throttle_evicted_total",
                "Keys dropped from the failed-login table to keep it within its bound.",
                &self.evicted,
            ),
        ];
        // Writing to a String cannot fail.
        for (name, help, v) in counters {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                v.load(Relaxed)
            );
        }
        let name = "registryctl_auth_throttle_entries";
        let _ = writeln!(
            out,
            "# HELP {name} Keys ((user, address) pairs and addresses) in the failed-login table.\n# TYPE {name} gauge\n{name} {}",
            self.entries()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    fn config() -> ThrottleConfig {
        ThrottleConfig {
            pair_free: 2,
            addr_free: 4,
            ..ThrottleConfig::default()
        }
    }

    /// One login attempt with the given outcome; `Err` if it was refused unchecked.
    fn login(
        t: &Throttle,
        u: &str,
        a: Option<IpAddr>,
        ok: bool,
        now: Instant,
    ) -> Result<(), Throttled> {
        t.attempt_at(u, a, now).map(|at| at.finish(ok))
    }

    #[test]
    fn a_pair_is_blocked_after_its_free_failures_with_growing_delays() {
        let t = Throttle::new(config());
        let now = Instant::now();
        let a = ip("10.0.0.1");
        for _ in 0..3 {
            assert!(login(&t, "alice", a, false, now).is_ok());
        }
        let w1 = login(&t, "alice", a, true, now).unwrap_err();
        assert_eq!(w1.retry_after, Duration::from_secs(1));
        let later = now + Duration::from_secs(1);
        assert!(login(&t, "alice", a, false, later).is_ok());
        let w2 = login(&t, "alice", a, true, later).unwrap_err();
        assert_eq!(w2.retry_after, Duration::from_secs(2));
        assert_eq!(w2.retry_after_secs(), 2);
        assert_eq!(t.failures.load(Relaxed), 4);
        assert_eq!(t.refused.load(Relaxed), 2);
    }

    #[test]
    fn another_address_and_another_user_are_not_blocked() {
        let t = Throttle::new(config());
        let now = Instant::now();
        for _ in 0..3 {
            login(&t, "alice", ip("10.0.0.1"), false, now).unwrap();
        }
        assert!(login(&t, "alice", ip("10.0.0.1"), true, now).is_err());
        assert!(login(&t, "alice", ip("10.0.0.2"), true, now).is_ok());
        assert!(login(&t, "bob", ip("10.0.0.1"), true, now).is_ok());
        // In-process callers (no address) are never throttled.
        for _ in 0..10 {
            assert!(login(&t, "alice", None, false, now).is_ok());
        }
    }

    #[test]
    fn an_address_guessing_many_users_is_blocked_for_all() {
        let t = Throttle::new(config());
        let now = Instant::now();
        for u in ["a", "b", "c", "d", "e"] {
            login(&t, u, ip("10.0.0.9"), false, now).unwrap();
        }
        assert!(login(&t, "zed", ip("10.0.0.9"), true, now).is_err());
        assert!(login(&t, "zed", ip("10.0.0.8"), true, now).is_ok());
    }

    #[test]
    fn concurrent_attempts_are_counted_before_they_finish() {
        let t = Throttle::new(config());
        let now = Instant::now();
        let a = ip("10.0.0.1");
        let open: Vec<_> = (0..3)
            .map(|_| t.attempt_at("alice", a, now).unwrap())
            .collect();
        assert!(t.attempt_at("alice", a, now).is_err());
        drop(open);
    }

    #[test]
    fn a_success_clears_the_pair_and_old_failures_are_forgotten() {
        let t = Throttle::new(config());
        let now = Instant::now();
        let a = ip("10.0.0.1");
        login(&t, "alice", a, false, now).unwrap();
        login(&t, "alice", a, false, now).unwrap();
        login(&t, "alice", a, true, now).unwrap();
        login(&t, "alice", a, false, now).unwrap();
        login(&t, "alice", a, false, now).unwrap();
        assert!(login(&t, "alice", a, false, now).is_ok());
        // An hour later the count starts again.
        let b = ip("10.0.0.2");
        login(&t, "bob", b, false, now).unwrap();
        login(&t, "bob", b, false, now).unwrap();
        let later = now + Duration::from_secs(3600);
        login(&t, "bob", b, false, later).unwrap();
        assert!(login(&t, "bob", b, true, later).is_ok());
    }

    #[test]
    fn delays_are_capped() {
        let t = Throttle::new(config());
        assert_eq!(t.delay(1), Duration::from_secs(1));
        assert_eq!(t.delay(10), Duration::from_secs(512));
        assert_eq!(t.delay(11), Duration::from_secs(900));
        assert_eq!(t.delay(500), Duration::from_secs(900));
    }

    #[test]
    fn the_table_stays_within_its_bound() {
        let t = Throttle::new(ThrottleConfig {
            max_entries: 100,
            ..config()
        });
        let start = Instant::now();
        for i in 0..1000u32 {
            let addr = IpAddr::from(i.to_be_bytes());
            let now = start + Duration::from_millis(i.into());
            login(&t, "u", Some(addr), false, now).unwrap();
            assert!(t.entries() <= 100, "{} entries", t.entries());
        }
        // The newest keys stayed.
        let newest = IpAddr::from(999u32.to_be_bytes());
        assert!(t.lock().contains_key(&Key::Addr(newest)));
        assert!(t.evicted.load(Relaxed) >= 2000 - 100);
    }

    #[test]
    fn long_user_names_are_cut_in_the_key() {
        let long = "é".repeat(1000);
        let [k, _] = Throttle::keys(&long, "::1".parse().unwrap());
        let Key::Pair(u, _) = k else {
            panic!("not a pair key")
        };
        assert!(u.len() <= MAX_KEY_USER);
    }
}
