//! Benchmarks of the core, side by side: typed decoding of a 1000-session page vs parsing the
//! same bytes into `serde_json::Value` vs `json::transcode` (the wasm build's schema check);
//! request building; the native client end to end.
//! Run with `cargo bench -p evovoice --bench core` (or `make bench`).

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN};

const PAGE: i32 = 1000;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// The raw body of a 1000-session page from a seeded emulator.
fn list_body(rt: &tokio::runtime::Runtime, emu: &Emulator) -> Vec<u8> {
    let config = Config::new(&emu.url()).unwrap().with_bearer_token(DEV_TOKEN).unwrap();
    let req = build_request(&config, &ListSessions::new().count_per_page(PAGE)).unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let req = reqwest::Request::try_from(req).unwrap();
        http.execute(req).await.unwrap().bytes().await.unwrap().to_vec()
    })
}

fn benches(c: &mut Criterion) {
    let rt = runtime();
    let emu = Emulator::start_background(Options { seed: 1200, ..Default::default() }).unwrap();
    let body = list_body(&rt, &emu);
    let decoded: ListResponse<SessionInfo> = decode_json(200, &body).unwrap();
    assert_eq!(decoded.items().len(), PAGE as usize, "the seed must give a full page");

    let mut g = c.benchmark_group("decode list-1000");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function(BenchmarkId::new("typed", body.len()), |b| {
        b.iter(|| {
            let r = http::Response::new(body.as_slice());
            parse_response::<ListSessions>(r).unwrap()
        })
    });
    g.bench_function(BenchmarkId::new("serde_json::Value", body.len()), |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&body).unwrap())
    });
    // The wasm build's decode: checks the body against the schema, hands it over as it is.
    let root = <ListSessions as Operation>::RESPONSE_SHAPE;
    assert!(evovoice::json::transcode::transcode(root, 200, &body).unwrap().rewritten.is_none());
    g.bench_function(BenchmarkId::new("transcode", body.len()), |b| {
        b.iter(|| evovoice::json::transcode::transcode(root, 200, &body).unwrap())
    });
    g.finish();

    let config = Config::new("https://evovoice.io").unwrap().with_bearer_token("token").unwrap();
    let filter = ListSessions::new().account_ids(vec!["a1".to_owned(), "b,c".to_owned()]).from("+1 555").page(3).count_per_page(50).sort_order(SortOrders::Descend).search_archive(true);
    let invite = InviteChatMember::new("a/b", "x@y.z");
    let mut g = c.benchmark_group("build request");
    g.bench_function("ListSessions (6 filters)", |b| b.iter(|| build_request(&config, &filter).unwrap()));
    g.bench_function("InviteChatMember", |b| b.iter(|| build_request(&config, &invite).unwrap()));
    g.finish();

    let client = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).build().unwrap();
    let id = decoded.items()[0].id.clone().unwrap();
    let mut g = c.benchmark_group("native client end to end");
    g.sample_size(20);
    g.bench_function("list_sessions 1000", |b| {
        b.iter(|| rt.block_on(client.list_sessions(&ListSessions::new().count_per_page(PAGE))).unwrap())
    });
    g.bench_function("get_session", |b| b.iter(|| rt.block_on(client.get_session(&id)).unwrap()));
    g.finish();
}

criterion_group! {
    name = core;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(core);
