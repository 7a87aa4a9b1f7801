//! Load and soak (run by `make soak-rust`, not by `make test`): the emulator binary, in its own
//! process on loopback, serves SOAK_REQUESTS (default 10,000) requests from `evovoice::Client` at
//! SOAK_CONCURRENCY (default 64), twice, with 0 errors, and its resident memory returns to the
//! baseline measured after a warm-up.
//!
//! ```sh
//! cargo build --release -p evovoice-emulator
//! EVOVOICE_EMULATOR_BIN=target/release/evovoice-emulator \
//!   cargo test --release -p evovoice --test soak -- --ignored --nocapture
//! ```

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use evovoice::*;
use futures_util::StreamExt;

struct Emu {
    child: Child,
    url: String,
}

impl Drop for Emu {
    fn drop(&mut self) {
        drop(self.child.stdin.take()); // --watch-stdin: exits on EOF
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn emulator_bin() -> String {
    std::env::var("EVOVOICE_EMULATOR_BIN").unwrap_or_else(|_| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        ["release", "debug"]
            .iter()
            .map(|p| format!("{root}/target/{p}/evovoice-emulator"))
            .find(|p| std::path::Path::new(p).exists())
            .expect("build the emulator first (cargo build --release -p evovoice-emulator) or set EVOVOICE_EMULATOR_BIN")
    })
}

fn start(seed: usize) -> Emu {
    let mut child = Command::new(emulator_bin())
        .args(["--port", "0", "--host", "127.0.0.1", "--watch-stdin", "--max-lifetime", "600", "--seed", &seed.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the emulator binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("{line:?}")).to_owned();
    Emu { child, url }
}

/// Resident set size of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable (Linux)");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Round {
    ok: usize,
    errors: Vec<String>,
    took: Duration,
}

/// `n` requests, `concurrency` at a time: GetSession, ListSessions pages, filtered lists.
async fn round(c: &Client, ids: &[String], n: usize, concurrency: usize) -> Round {
    let started = Instant::now();
    let results: Vec<Result<(), String>> = futures_util::stream::iter(0..n)
        .map(|i| {
            let c = c.clone();
            let id = ids[i % ids.len()].clone();
            async move {
                let r = match i % 3 {
                    0 => c.get_session(&id).await.map(|s| assert_eq!(s.id.as_deref(), Some(id.as_str()))),
                    1 => c
                        .list_sessions(&ListSessions::new().page((i % 8) as i32).count_per_page(10))
                        .await
                        .map(|p| assert_eq!(p.items().len(), 10)),
                    _ => c
                        .list_sessions(&ListSessions::new().specific_ids(vec![id.clone()]))
                        .await
                        .map(|p| assert_eq!(p.items().len(), 1)),
                };
                r.map_err(|e| e.to_string())
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    Round { ok: n - errors.len(), errors, took: started.elapsed() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load test: run by `make soak-rust`"]
async fn emulator_holds_load_and_memory_returns_to_baseline() {
    let n = env_usize("SOAK_REQUESTS", 10_000);
    let concurrency = env_usize("SOAK_CONCURRENCY", 64);
    let emu = start(200);
    let pid = emu.child.id();
    let c = Client::builder().base_url(&emu.url).bearer_token("evovoice-dev-token").timeout(Duration::from_secs(30)).build().unwrap();
    let all = c.list_sessions(&ListSessions::new().all(true)).await.unwrap();
    let ids: Vec<String> = all.items().iter().filter_map(|s| s.id.clone()).collect();
    assert!(ids.len() >= 100);
    let rss_start = rss_kib(pid);

    let bounded = |f| tokio::time::timeout(Duration::from_secs(240), f);
    // Warm-up: fills the emulator's bounded request log and its allocator's pools.
    let warm = bounded(round(&c, &ids, 5_000, concurrency)).await.expect("bounded in time");
    assert!(warm.errors.is_empty(), "{:?}", &warm.errors[..warm.errors.len().min(5)]);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let baseline = rss_kib(pid);
    println!("soak: emulator pid {pid}, {} sessions; RSS at start {rss_start} KiB, after a 5,000-request warm-up {baseline} KiB", ids.len());

    let mut after = Vec::new();
    for r in 1..=2 {
        let res = bounded(round(&c, &ids, n, concurrency)).await.expect("bounded in time");
        let peak = rss_kib(pid);
        tokio::time::sleep(Duration::from_secs(2)).await;
        let settled = rss_kib(pid);
        println!(
            "soak: round {r}: {} requests at concurrency {concurrency}: {} ok, {} errors in {:.2?} ({:.0} req/s); RSS right after {peak} KiB, 2 s later {settled} KiB ({:+} KiB vs baseline)",
            n,
            res.ok,
            res.errors.len(),
            res.took,
            n as f64 / res.took.as_secs_f64(),
            settled as i64 - baseline as i64
        );
        assert!(res.errors.is_empty(), "errors: {:?}", &res.errors[..res.errors.len().min(5)]);
        after.push(settled);
    }
    // Back to baseline: within 8 MiB of it after 2 x n requests, and no growth from one round to
    // the next beyond allocator noise (2 MiB).
    let growth = after[1] as i64 - baseline as i64;
    let per_round = after[1] as i64 - after[0] as i64;
    println!("soak: RSS growth vs baseline {growth:+} KiB; round 2 vs round 1 {per_round:+} KiB");
    assert!(growth < 8 * 1024, "RSS grew by {growth} KiB");
    assert!(per_round < 2 * 1024, "RSS grew by {per_round} KiB between rounds");
}
