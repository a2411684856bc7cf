//! Politeness towards each host: a minimum delay between the starts of two requests to the
//! same host (every redirect hop and robots.txt fetch included), `Retry-After` pauses that hold
//! back every request to that host, and robots.txt rules (RFC 9309: the group for `undex` or
//! else `*`, longest matching Allow/Disallow rule wins, Allow wins a tie, `*` and `$` patterns).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};
use tokio::time::Instant;

/// The product token undex matches in robots.txt `User-agent` lines.
pub const ROBOTS_PRODUCT_TOKEN: &str = "undex";

/// Per-host request schedule. One request per host at a time: a request takes the host's
/// turn, and the next request to that host starts no sooner than `min_delay` after the previous
/// one *finished* (response read or failed). Since a request reaches the server before it
/// finishes, the server sees at least `min_delay` between any two requests, whatever the
/// network latency. The first request to each host also waits `min_delay` from the start of
/// the crawl, so a crawl started right after another one (or resumed after a kill) keeps the
/// delay too: the earlier process's requests were over when it ended.
#[derive(Debug)]
pub struct HostSchedule {
    min_delay: Duration,
    first_start: Instant,
    hosts: std::sync::Mutex<HashMap<String, HostState>>,
}

#[derive(Debug)]
struct HostState {
    /// Held while a request to the host is in flight.
    turn: Arc<Mutex<()>>,
    /// Earliest start of the next request.
    next_start: Instant,
}

/// The right to send one request to a host; dropping it (when the request is over) sets the
/// earliest start of the next one.
#[derive(Debug)]
pub struct HostTurn<'a> {
    schedule: &'a HostSchedule,
    host: String,
    _guard: OwnedMutexGuard<()>,
}

impl Drop for HostTurn<'_> {
    fn drop(&mut self) {
        let earliest = Instant::now() + self.schedule.min_delay;
        self.schedule.push_next_start(&self.host, earliest);
    }
}

impl HostSchedule {
    /// A schedule keeping `min_delay` between requests to one host.
    pub fn new(min_delay: Duration) -> HostSchedule {
        HostSchedule {
            min_delay,
            first_start: Instant::now() + min_delay,
            hosts: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Waits until this task may send a request to `host`; hold the turn until the request
    /// is over.
    pub async fn wait_turn(&self, host: &str) -> HostTurn<'_> {
        let turn = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(
                &hosts
                    .entry(host.to_string())
                    .or_insert_with(|| HostState {
                        turn: Arc::new(Mutex::new(())),
                        next_start: self.first_start,
                    })
                    .turn,
            )
        };
        let guard = turn.lock_owned().await;
        // The start may move later while waiting (a Retry-After pause): check again.
        loop {
            let next = {
                let hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
                hosts.get(host).map(|h| h.next_start)
            };
            match next {
                Some(next) if next > Instant::now() => tokio::time::sleep_until(next).await,
                _ => break,
            }
        }
        HostTurn {
            schedule: self,
            host: host.to_string(),
            _guard: guard,
        }
    }

    /// Holds back every request to `host` for `pause` from now (a `Retry-After` answer).
    pub fn pause_host(&self, host: &str, pause: Duration) {
        self.push_next_start(host, Instant::now() + pause);
    }

    fn push_next_start(&self, host: &str, earliest: Instant) {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        let first_start = self.first_start;
        let state = hosts.entry(host.to_string()).or_insert_with(|| HostState {
            turn: Arc::new(Mutex::new(())),
            next_start: first_start,
        });
        if state.next_start < earliest {
            state.next_start = earliest;
        }
    }
}

/// What robots.txt says for undex on one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RobotsPolicy {
    /// The rules of the group that applies to undex (empty: everything allowed).
    Rules(Vec<RobotsRule>),
    /// robots.txt could not be fetched (5xx or network failure after retries): RFC 9309 says
    /// to assume everything is disallowed.
    Unreachable,
}

/// One Allow or Disallow line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotsRule {
    /// `true` for Allow, `false` for Disallow.
    pub allow: bool,
    /// The path pattern (may contain `*` and end with `$`).
    pub pattern: String,
}

impl RobotsPolicy {
    /// Everything allowed (robots.txt missing: 4xx).
    pub fn allow_all() -> RobotsPolicy {
        RobotsPolicy::Rules(Vec::new())
    }

    /// Parses a robots.txt body and keeps the group for `undex` (else the `*` group).
    pub fn parse(body: &str) -> RobotsPolicy {
        // Groups: consecutive User-agent lines followed by rules.
        let mut groups: Vec<(Vec<String>, Vec<RobotsRule>)> = Vec::new();
        let mut in_agents = false;
        for line in body.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Vec::new()));
                        in_agents = true;
                    }
                    if let Some(group) = groups.last_mut() {
                        group.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut()
                        && !value.is_empty()
                    {
                        group.1.push(RobotsRule {
                            allow: key == "allow",
                            pattern: value.to_string(),
                        });
                    }
                }
                _ => {}
            }
        }
        let token = ROBOTS_PRODUCT_TOKEN;
        let ours: Vec<RobotsRule> = groups
            .iter()
            .filter(|(agents, _)| agents.iter().any(|a| a == token))
            .flat_map(|(_, rules)| rules.iter().cloned())
            .collect();
        if groups
            .iter()
            .any(|(agents, _)| agents.iter().any(|a| a == token))
        {
            return RobotsPolicy::Rules(ours);
        }
        RobotsPolicy::Rules(
            groups
                .iter()
                .filter(|(agents, _)| agents.iter().any(|a| a == "*"))
                .flat_map(|(_, rules)| rules.iter().cloned())
                .collect(),
        )
    }

    /// Whether undex may fetch `path` (path plus query, as sent).
    pub fn allows(&self, path: &str) -> bool {
        let rules = match self {
            RobotsPolicy::Unreachable => return false,
            RobotsPolicy::Rules(rules) => rules,
        };
        let mut best: Option<(usize, bool)> = None;
        for rule in rules {
            if pattern_matches(&rule.pattern, path) {
                let len = rule.pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Matches a robots.txt path pattern (`*` any run of characters, trailing `$` end of path)
/// against the start of `path`. Both are compared as written (undocs paths are ASCII).
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let pieces: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0usize;
    for (i, piece) in pieces.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(piece) {
                return false;
            }
            pos = piece.len();
        } else if i == pieces.len() - 1 && anchored {
            return path.len() >= pos + piece.len() && path.ends_with(piece);
        } else {
            match path[pos..].find(piece) {
                Some(at) => pos += at + piece.len(),
                None => return false,
            }
        }
    }
    !anchored || pos == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_groups_and_longest_match() {
        let body = "User-agent: *\nDisallow: /private/\nAllow: /private/public\n\n\
                    User-agent: OtherBot\nDisallow: /\n";
        let p = RobotsPolicy::parse(body);
        let table = [
            ("/en/S/RES/1373(2001)", true),
            ("/private/x.pdf", false),
            ("/private/public/x.pdf", true),
            ("/", true),
        ];
        for (path, want) in table {
            assert_eq!(p.allows(path), want, "{path}");
        }
    }

    #[test]
    fn undex_group_wins_over_star() {
        let body =
            "User-agent: *\nDisallow: /\n\nUser-agent: undex\nUser-agent: other\nDisallow: /zh/\n";
        let p = RobotsPolicy::parse(body);
        assert!(p.allows("/en/S/2022/529"));
        assert!(!p.allows("/zh/S/2022/529"));
    }

    #[test]
    fn wildcards_and_anchors() {
        let body = "User-agent: *\nDisallow: /*.doc$\nDisallow: /api/*/access\n";
        let p = RobotsPolicy::parse(body);
        let table = [
            ("/x/report.doc", false),
            ("/x/report.docx", true),
            ("/api/symbol/access?s=S/2022/529", false),
            ("/api/symbol", true),
        ];
        for (path, want) in table {
            assert_eq!(p.allows(path), want, "{path}");
        }
    }

    #[test]
    fn empty_disallow_and_missing_robots_allow_everything() {
        assert!(RobotsPolicy::parse("User-agent: *\nDisallow:\n").allows("/en/S/2022/529"));
        assert!(RobotsPolicy::allow_all().allows("/anything"));
        assert!(!RobotsPolicy::Unreachable.allows("/anything"));
    }

    #[tokio::test]
    async fn slots_are_spaced_per_host_and_pauses_hold_back() {
        let s = HostSchedule::new(Duration::from_millis(60));
        let t0 = Instant::now();
        let a = s.wait_turn("a:80").await;
        let b = s.wait_turn("b:80").await;
        let waited = t0.elapsed();
        assert!(waited >= Duration::from_millis(60) && waited < Duration::from_millis(120));
        tokio::time::sleep(Duration::from_millis(30)).await;
        drop(a);
        let finished_a = Instant::now();
        drop(s.wait_turn("a:80").await);
        assert!(finished_a.elapsed() >= Duration::from_millis(60));
        drop(b);
        s.pause_host("b:80", Duration::from_millis(200));
        let t1 = Instant::now();
        drop(s.wait_turn("b:80").await);
        assert!(t1.elapsed() >= Duration::from_millis(200));
    }
}
