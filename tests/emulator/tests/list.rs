//! ListSessions: binding of query values, filters, sorting and 0-based paging.
mod common;

use std::collections::HashSet;

use common::*;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
}

fn all_live(emu: &evovoice_emulator::Emulator) -> Vec<Value> {
    get(emu, "/sessions?all=true").json()["items"].as_array().unwrap().clone()
}

#[test]
fn paging_is_zero_based() {
    let emu = emu_seeded(200);
    let first = get(&emu, "/sessions").json();
    let total = first["totalCount"].as_i64().unwrap();
    assert!(total > 100);
    assert_eq!(first["items"].as_array().unwrap().len(), 25);
    assert_eq!(first["totalPages"].as_i64().unwrap(), (total + 24) / 25);
    assert_eq!(first["hasMorePages"], true);
    let p0 = get(&emu, "/sessions?page=0&countPerPage=10").json();
    let p1 = get(&emu, "/sessions?page=1&countPerPage=10").json();
    assert_eq!(ids(&p0), ids(&first)[..10].to_vec());
    assert_eq!(ids(&p1), ids(&first)[10..20].to_vec());
    // Walk every page: no duplicates, nothing lost.
    let mut seen = HashSet::new();
    let pages = (total + 39) / 40;
    for page in 0..pages {
        let p = get(&emu, &format!("/sessions?page={page}&countPerPage=40")).json();
        assert_eq!(p["hasMorePages"], page + 1 < pages);
        for id in ids(&p) {
            assert!(seen.insert(id));
        }
    }
    assert_eq!(seen.len() as i64, total);
    // Past the end: empty.
    let past = get(&emu, &format!("/sessions?page={pages}&countPerPage=40")).json();
    assert!(past["items"].as_array().unwrap().is_empty());
    assert_eq!(past["hasMorePages"], false);
    // all=true.
    let all = get(&emu, "/sessions?all=true").json();
    assert_eq!(all["items"].as_array().unwrap().len() as i64, total);
    assert_eq!(all["hasMorePages"], false);
}

#[test]
fn simplified_paging() {
    let emu = emu_seeded(60);
    let p = get(&emu, "/sessions?simplifiedPaging=true&countPerPage=5").json();
    assert!(p.get("totalCount").is_none() && p.get("totalPages").is_none());
    assert_eq!(p["hasMorePages"], true);
    assert_eq!(p["items"].as_array().unwrap().len(), 5);
    let far = get(&emu, "/sessions?simplifiedPaging=TRUE&page=1000").json();
    assert_eq!(far["items"], Value::Array(vec![]));
    assert_eq!(far["hasMorePages"], false);
}

#[test]
fn sorting() {
    let emu = emu_seeded(100);
    let desc = ids(&get(&emu, "/sessions?all=true").json());
    let asc = ids(&get(&emu, "/sessions?all=true&sortOrder=ascend").json());
    let mut rev = asc.clone();
    rev.reverse();
    assert_eq!(desc, rev);
    let by_from = get(&emu, "/sessions?all=true&SORTFIELD=fromaddress&sortOrder=Ascend").json();
    let froms: Vec<String> = by_from["items"].as_array().unwrap().iter().map(|s| s["fromAddress"].as_str().unwrap().to_lowercase()).collect();
    let mut sorted = froms.clone();
    sorted.sort();
    assert_eq!(froms, sorted);
    let dates: Vec<String> = get(&emu, "/sessions?all=true").json()["items"].as_array().unwrap().iter().map(|s| s["dateCreated"].as_str().unwrap().to_owned()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn list_forms_and_case_insensitive_names() {
    let emu = emu_seeded(200);
    let all = all_live(&emu);
    let count = |acc: &[&str]| all.iter().filter(|s| acc.contains(&s["accountId"].as_str().unwrap())).count() as i64;
    let expect = count(&["acc-dev", "acc-acme"]);
    for q in [
        "accountIds=acc-dev,acc-acme",
        "accountIds=%5Bacc-dev,acc-acme%5D",
        "accountIds=[acc-dev,acc-acme]",
        "accountIds=acc-dev&accountIds=acc-acme",
        "ACCOUNTIDS=acc-dev&AccountIds=acc-acme",
        "accountIds=acc-dev,%22acc-acme%22",
        "accountIds=acc-dev%2Cacc-acme",
    ] {
        let r = get(&emu, &format!("/sessions?{q}"));
        assert_eq!(r.status, 200, "{q}");
        assert_eq!(r.json()["totalCount"].as_i64().unwrap(), expect, "{q}");
    }
    // A CSV-quoted element keeps its comma: it is one (non-matching) id, not two.
    let r = get(&emu, "/sessions?accountIds=%22acc-dev%2Cacc-acme%22").json();
    assert_eq!(r["totalCount"], 0);
    let one = all[3]["id"].as_str().unwrap();
    let r = get(&emu, &format!("/sessions?specificIds=zzz,{one}")).json();
    assert_eq!(ids(&r), vec![one.to_owned()]);
}

#[test]
fn bind_errors() {
    let emu = emu();
    let r = get(&emu, "/sessions?page=abc");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        serde_json::json!({"responseStatus":{"errorCode":"SerializationException","message":"Unable to bind to request 'ListSessions'","errors":[{"errorCode":"SerializationException","fieldName":"page","message":"'abc' is an Invalid value for 'page'","meta":{}}]}})
    );
    for q in ["all=yes", "sortOrder=sideways", "countPerPage=1.5", "searchArchive=2"] {
        let r = get(&emu, &format!("/sessions?{q}"));
        assert_eq!((r.status, r.error_code()), (400, "SerializationException".to_owned()), "{q}");
    }
    for q in ["all=TRUE", "all=1", "all=0", "sortOrder=DESCEND", "searchArchive=False"] {
        assert_eq!(get(&emu, &format!("/sessions?{q}")).status, 200, "{q}");
    }
    // Validation.
    let r = get(&emu, "/sessions?page=-1");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["responseStatus"]["errors"][0]["fieldName"], "Page");
    let r = get(&emu, "/sessions?countPerPage=0");
    assert_eq!(r.json()["responseStatus"]["errors"][0]["fieldName"], "CountPerPage");
    let r = get(&emu, "/sessions?startDate=2026-13-01");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["responseStatus"]["errors"][0]["fieldName"], "StartDate");
    let r = get(&emu, "/sessions?endDate=yesterday");
    assert_eq!(r.json()["responseStatus"]["errors"][0]["fieldName"], "EndDate");
}

#[test]
fn filters() {
    let emu = emu_seeded(400);
    let all = all_live(&emu);
    let check = |q: &str, pred: &dyn Fn(&Value) -> bool| {
        let got = get(&emu, &format!("/sessions?all=true&{q}")).json();
        let mut want: Vec<String> = all.iter().filter(|s| pred(s)).map(|s| s["id"].as_str().unwrap().to_owned()).collect();
        let mut got_ids = ids(&got);
        want.sort();
        got_ids.sort();
        assert!(!want.is_empty(), "{q} matches nothing");
        assert_eq!(got_ids, want, "{q}");
    };
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_lowercase();
    check("customerIds=cus-acme-boston", &|v| s(v, "customerId") == "cus-acme-boston");
    check("endpointIds=ep-nw-dispatch", &|v| {
        s(v, "endpointId") == "ep-nw-dispatch" || v["members"].as_array().unwrap().iter().any(|m| m["endpointId"] == "ep-nw-dispatch")
    });
    check("from=%2B1555", &|v| s(v, "fromAddress").contains("+1555") || s(v, "fromName").contains("+1555") || s(v, "fromPhoneNumber").contains("+1555"));
    check("FROM=garcia", &|v| s(v, "fromAddress").contains("garcia") || s(v, "fromName").contains("garcia"));
    check("to=%2B15555550111", &|v| s(v, "toAddress").contains("+15555550111") || s(v, "destination").contains("+15555550111"));
    check("log=not%20answered", &|v| v["log"].as_array().unwrap().iter().any(|e| s(e, "message").contains("not answered")));
    check("startDate=2026-10-20&endDate=2026-10-25", &|v| {
        let d = &v["dateCreated"].as_str().unwrap()[..10];
        ("2026-10-20"..="2026-10-25").contains(&d)
    });
    // Archive: disjoint from live sessions.
    let archived = get(&emu, "/sessions?searchArchive=true&all=true").json();
    let a = ids(&archived);
    assert!(!a.is_empty());
    let live: HashSet<String> = all.iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect();
    assert!(a.iter().all(|id| !live.contains(id)));
    assert_eq!(a.len() + live.len(), 400);
    // parentSessionId over the archive too.
    let every: Vec<Value> = all.iter().cloned().chain(archived["items"].as_array().unwrap().iter().cloned()).collect();
    assert_eq!(every.len(), 400);
}

#[test]
fn seed_is_deterministic_and_sized() {
    let a = emu_seeded(1000);
    let b = emu_seeded(1000);
    let pa = get(&a, "/sessions?countPerPage=1000&searchArchive=false");
    let pb = get(&b, "/sessions?countPerPage=1000");
    assert_eq!(pa.body, pb.body);
    let live = pa.json()["totalCount"].as_i64().unwrap();
    assert!(live > 800 && live < 1000, "{live}");
    let avg = pa.body.len() as i64 / live;
    assert!((1200..=1700).contains(&avg), "{avg}");
    // The dev account has sessions; some are conferences; breadcrumbs have 1-3 levels.
    let items = pa.json()["items"].as_array().unwrap().clone();
    assert!(items.iter().any(|s| s["accountId"] == "acc-dev"));
    assert!(items.iter().any(|s| s.get("conferenceSid").is_some()));
    let depths: HashSet<usize> = items.iter().filter_map(|s| s["customerBreadcrumb"].as_array().map(Vec::len)).collect();
    assert!(depths.contains(&1) && depths.contains(&3));
    // A different size is a prefix-compatible world: same ids for the first sessions.
    let c = emu_seeded(10);
    let small: HashSet<String> = ids(&get(&c, "/sessions?all=true").json()).into_iter().collect();
    let big: HashSet<String> = ids(&get(&a, "/sessions?all=true").json()).into_iter().collect();
    assert!(small.is_subset(&big));
}
