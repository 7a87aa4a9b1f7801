"""`make bench`: one seeded release emulator, then Python, browser, bundle and Rust benchmarks
side by side; prints one table and writes target/bench/report.md and target/bench/report.json.

Every target is a ratio measured in this run (absolute times drift on shared machines).
Run from the repository root with the .venv's Python (see tests/bench.mk):

    .venv/bin/python tests/bench/run.py [--quick]
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
OUT_DIR = os.path.join(TARGET, "bench")
SEED = 1200  # ~10% archived: more than 1000 live sessions, so a full page of 1000
WASM_BUDGET = 60_000  # bytes, gzip -9, wasm + JS glue


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def elf_sections(path: str) -> List[str]:
    """The section names of an ELF64 little-endian file ([] for another format)."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    def header(i: int) -> tuple:
        return struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
    strtab = header(shstrndx)
    names = []
    for i in range(shnum):
        name_off = header(i)[0]
        start = strtab[4] + name_off
        names.append(data[start:data.index(b"\0", start)].decode())
    return names


def check_release(path: str) -> None:
    """Refuses an emulator that is not a release build (a debug one spends ~100 ms per
    1000-session page and hides the clients' differences): the workspace's release profile keeps
    no debug info, the dev profile does."""
    sections = elf_sections(path)
    if sections and ".debug_info" in sections:
        raise SystemExit(f"{path} is not a release build (it has debug info): build it with "
                         "`cargo build --release -p evovoice-emulator` (make bench-emulator)")


class Emulator:
    """The release emulator on 127.0.0.1 (free port); it exits when its stdin closes, so it
    stops by itself even if this process is killed."""

    def __init__(self, seed: int) -> None:
        bin_path = os.environ.get("EVOVOICE_EMULATOR_BIN") or os.path.join(TARGET, "release", "evovoice-emulator")
        check_release(bin_path)
        self.bin_path = bin_path
        self.proc = subprocess.Popen(
            [bin_path, "--port", "0", "--seed", str(seed), "--watch-stdin"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            self.stop()
            raise SystemExit(f"the emulator did not start: {line!r}")
        self.url = m.group(1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def gz9(data: bytes) -> int:
    """Bytes after `gzip -9` (the gzip CLI when present, else zlib at level 9)."""
    try:
        return len(subprocess.run(["gzip", "-9c"], input=data, stdout=subprocess.PIPE, check=True).stdout)
    except (OSError, subprocess.CalledProcessError):
        return len(gzip.compress(data, 9))


def bundle_sizes() -> Dict[str, Any]:
    pkg = os.path.join(ROOT, "wasm", "pkg")
    wasm = open(os.path.join(pkg, "evovoice_wasm_bg.wasm"), "rb").read()
    glue_files = [os.path.join(pkg, "evovoice_wasm.js"), os.path.join(pkg, "index.js")]
    glue_files += sorted(glob.glob(os.path.join(pkg, "snippets", "*", "js", "*.js")))
    glue = b"".join(open(f, "rb").read() for f in glue_files)  # as wasm/scripts/build-pkg.sh counts it
    dist = os.path.join(ROOT, "tests", "bench", "browser", "node_modules", "@servicestack", "client", "dist")
    sc_file = os.path.join(dist, "servicestack-client.min.mjs")
    sc = open(sc_file, "rb").read()
    return {
        "evovoice": {"wasm_bytes": len(wasm), "wasm_gz": gz9(wasm), "glue_bytes": len(glue), "glue_gz": gz9(glue),
                     "glue_files": [os.path.relpath(f, ROOT) for f in glue_files]},
        "servicestack_client": {"file": os.path.relpath(sc_file, ROOT), "bytes": len(sc), "gz": gz9(sc)},
    }


CRITERION_IDS = {
    "decode_typed": ("decode list-1000", "typed/*"),
    "decode_value": ("decode list-1000", "serde_json__Value/*"),
    "build_list": ("build request", "ListSessions (6 filters)"),
    "build_invite": ("build request", "InviteChatMember"),
    "native_list": ("native client end to end", "list_sessions 1000"),
    "native_get": ("native client end to end", "get_session"),
}


def rust_bench(quick: bool) -> Dict[str, Any]:
    started = time.time()
    times = ["--warm-up-time", "0.5", "--measurement-time", "1" if quick else "2"]
    cmd = ["cargo", "bench", "-q", "-p", "evovoice", "--bench", "core", "--", "--noplot", *times]
    log(" ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr, timeout=900)
    out: Dict[str, Any] = {}
    for key, (group, bench) in CRITERION_IDS.items():
        files = glob.glob(os.path.join(TARGET, "criterion", group, bench, "new", "estimates.json"))
        files = [f for f in files if os.path.getmtime(f) >= started - 1]
        if not files:
            raise SystemExit(f"criterion wrote no fresh estimate for {group}/{bench}")
        est = json.load(open(max(files, key=os.path.getmtime)))
        body = re.search(r"/(\d+)/new/", files[0].replace(os.sep, "/"))
        out[key] = {"median_s": est["median"]["point_estimate"] / 1e9,
                    "ci_s": [est["median"]["confidence_interval"]["lower_bound"] / 1e9,
                             est["median"]["confidence_interval"]["upper_bound"] / 1e9]}
        if body:
            out[key]["bytes"] = int(body.group(1))
    return out


# ---------------------------------------------------------------------------------------------
# Report

def ms(s: float) -> str:
    return f"{s * 1000:.3g} ms" if s * 1000 >= 1 else f"{s * 1e6:.3g} µs"


def kb(b: int) -> str:
    return f"{b / 1000:.1f} kB"


# The targets are issue 16's: browser listSessions-1000 <= 1.0x @servicestack/client and <= 1.05x
# fetch + res.json(); bundle <= 60 kB; Rust typed decode >= 2.5x serde_json::Value; the Python ones
# in typed_rows() below.
def build_rows(py: Dict[str, Any], br: Optional[Dict[str, Any]], bundle: Dict[str, Any], rust: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = []

    def row(area: str, what: str, sdk: str, base: str, ratio: Optional[float], ratio_text: str,
            target: str = "", ok: Optional[bool] = None) -> None:
        rows.append({"area": area, "measure": what, "evovoice": sdk, "baseline": base, "ratio": ratio,
                     "ratio_text": ratio_text, "target": target,
                     "result": "" if ok is None else ("PASS" if ok else "FAIL")})

    m = py["list1000"]["median"]
    ev, off, rq = m["evovoice"], m["servicestack (official)"], m["requests+json.loads"]
    row("Python", f"list 1000 typed sessions ({py['list1000']['body_bytes'] / 1e6:.2f} MB)", ms(ev),
        f"servicestack 0.1.15 + seed DTOs {ms(off)}", off / ev, f"{off / ev:.0f}x faster", ">= 30x faster", off / ev >= 30)
    row("Python", "list 1000", ms(ev), f"requests + json.loads (untyped) {ms(rq)}", ev / rq,
        f"{ev / rq:.2f}x the time", "<= 1.0x", ev / rq <= 1.0)
    ev_t, rq_t = m["evovoice, read 3 fields of each"], m["requests+json.loads, read 3 fields of each"]
    row("Python", "list 1000 + read id, call_state, display_name of each", ms(ev_t), f"requests + json.loads {ms(rq_t)}",
        ev_t / rq_t, f"{ev_t / rq_t:.2f}x the time")
    d = py["decode1000"]["median"]
    row("Python", "breakdown: decoding the same bytes alone (parse_response vs json.loads)", ms(d["evovoice.parse_response"]),
        f"json.loads (untyped) {ms(d['json.loads'])}", d["evovoice.parse_response"] / d["json.loads"],
        f"{d['evovoice.parse_response'] / d['json.loads']:.2f}x the time")
    g = py["get_session"]["median"]
    row("Python", f"get_session latency ({py['get_session']['calls']} sequential calls, median)", ms(g["evovoice"]),
        f"requests + json.loads {ms(g['requests+json.loads'])}", g["evovoice"] / g["requests+json.loads"],
        f"{g['evovoice'] / g['requests+json.loads']:.2f}x the time")
    a = py["async_get_session"]
    rps = a["requests_per_s"]
    e_rps, h_rps = rps["evovoice AsyncClient"], rps["httpx.AsyncClient+json.loads"]
    row("Python", f"AsyncClient: {a['concurrency']} concurrent get_session (asyncio.gather)", f"{e_rps:,.0f} req/s",
        f"httpx.AsyncClient + json.loads {h_rps:,.0f} req/s", e_rps / h_rps, f"{e_rps / h_rps:.1f}x the throughput")

    typed_rows(row, py.get("typed"), py.get("identity"))

    if br is not None:
        bm = br["median"]
        bev, bsc, bf, bj = bm["evovoice"], bm["@servicestack/client"], bm["fetch+res.json()"], bm["JSON.parse(body) only"]
        # Targets on the paired ratio (evovoice / baseline, call by call in the same round), as
        # the Python rows: pairing takes out the machine's drift between rounds.
        rsc, rf = paired(br["samples"], "evovoice", "@servicestack/client"), paired(br["samples"], "evovoice", "fetch+res.json()")
        row("Browser", f"listSessions 1000 (Chromium {br['browser']}, {br['rounds']} calls)", f"{bev:.3g} ms",
            f"@servicestack/client get {bsc:.3g} ms", rsc["median"], iqr(rsc), "<= 1.0x", rsc["median"] <= 1.0)
        row("Browser", "listSessions 1000", f"{bev:.3g} ms", f"fetch + res.json() {bf:.3g} ms", rf["median"], iqr(rf),
            "<= 1.05x", rf["median"] <= 1.05)
        bn, bd = bm["fetch+arrayBuffer() only"], bm["evovoice parseResponse(bytes) only"]
        row("Browser", "breakdown: decoding alone (evovoice parseResponse(bytes) vs JSON.parse(text))", f"{bd:.3g} ms",
            f"JSON.parse {bj:.3g} ms", bd / bj, f"{bd / bj:.1f}x the time")
        row("Browser", "breakdown: the request without decoding (fetch + arrayBuffer())", "", f"{bn:.3g} ms", None, "")
    else:
        row("Browser", "listSessions 1000", "not run", "", None, "", "<= 1.0x", False)

    e, s = bundle["evovoice"], bundle["servicestack_client"]
    total = e["wasm_gz"] + e["glue_gz"]
    row("Bundle", "gzip -9: wasm + JS glue", f"{kb(total)} (wasm {kb(e['wasm_gz'])} + glue {kb(e['glue_gz'])})",
        f"@servicestack/client min.mjs {kb(s['gz'])}", total / s["gz"], f"{total / s['gz']:.1f}x the bytes",
        f"<= {WASM_BUDGET / 1000:.0f} kB", total <= WASM_BUDGET)

    t, v = rust["decode_typed"], rust["decode_value"]
    n = t.get("bytes", py["list1000"]["body_bytes"])
    row("Rust", "decode list-1000 (criterion)", f"typed {n / t['median_s'] / 1e6:.0f} MB/s ({ms(t['median_s'])})",
        f"serde_json::Value {n / v['median_s'] / 1e6:.0f} MB/s ({ms(v['median_s'])})", v["median_s"] / t["median_s"],
        f"{v['median_s'] / t['median_s']:.2f}x the throughput", ">= 2.5x", v["median_s"] / t["median_s"] >= 2.5)
    row("Rust", "build_request: ListSessions (6 filters) / InviteChatMember", ms(rust["build_list"]["median_s"]),
        ms(rust["build_invite"]["median_s"]), None, "")
    row("Rust", "native Client, in-process emulator: list_sessions 1000 / get_session", ms(rust["native_list"]["median_s"]),
        ms(rust["native_get"]["median_s"]), None, "")
    return rows


def paired(samples: Dict[str, List[float]], a: str, b: str) -> Dict[str, float]:
    """The ratio a / b round by round (the samples of one round share an index): its median and
    quartiles."""
    ratios = [x / y for x, y in zip(samples[a], samples[b])]
    q1, _, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return {"median": statistics.median(ratios), "q1": q1, "q3": q3}


def iqr(r: Dict[str, float], what: str = "the time") -> str:
    """A paired ratio: its median and interquartile range over the rounds."""
    return f"{r['median']:.2f}x {what} (IQR {r['q1']:.2f}–{r['q3']:.2f})"


def typed_rows(row: Any, t: Optional[Dict[str, Any]], identity: Optional[Dict[str, Any]]) -> None:
    """Issue 16's rows: evovoice vs the typed decoders (msgspec default and gc=False, pydantic v2)
    on the same list-1000 body; paired ratios (evovoice / baseline per round) with their IQR."""
    if t is None:
        row("Python", "typed decoders (msgspec, pydantic)", "not run", "", None, "", "", False)
        return
    checked = f"{t['fields_checked']:,} fields of {t['items']} items and {t['nested_objects']:,} nested objects checked equal first"
    targets = {("decode_read", "msgspec"): 1.0, ("decode_read", "msgspec gc=False"): 1.2}
    what = {"decode": f"decode the list-1000 body ({checked})",
            "decode_read": "decode + read every field (nested lists included)",
            "second_pass": "second reading pass of every field (page already decoded and read)"}
    for key, label in what.items():
        m = t[key]["median"]
        for base, r in t[key]["ratio"].items():
            limit = targets.get((key, base))
            row("Python", label, ms(m["evovoice"]), f"{base} {ms(m[base])}", r["median"], iqr(r),
                "" if limit is None else f"<= {limit}x", None if limit is None else r["median"] <= limit)
    e = t["end_to_end"]
    r = e["ratio"]["httpx+msgspec"]
    row("Python", "end to end: list_sessions(count_per_page=1000)", ms(e["median"]["evovoice"]),
        f"httpx + msgspec {ms(e['median']['httpx+msgspec'])}", r["median"], iqr(r), "<= 0.9x", r["median"] <= 0.9)
    for mode, label in (("decoded", "memory held by a decoded page (RSS)"), ("read", "memory held by a page after reading every field (RSS)")):
        mem = t["memory"][mode]
        ev = mem["evovoice"]["median"]
        for base in ("msgspec", "msgspec gc=False", "pydantic v2"):
            b = mem[base]["median"]
            ok = ev <= b if (mode, base) == ("decoded", "msgspec") else None
            row("Python", label, f"{ev / 1e6:.2f} MB", f"{base} {b / 1e6:.2f} MB", ev / b, f"{ev / b:.2f}x the bytes",
                "<= 1.0x" if ok is not None else "", ok)
    if identity is not None:
        ok = identity["same"] == identity["reads"]
        row("Python", "a repeated read of a field returns the same object (every non-None field of every item and nested object)",
            f"{identity['same']:,} of {identity['reads']:,}", "", None, "", "all", ok)


def notes(br: Optional[Dict[str, Any]]) -> List[str]:
    out: List[str] = []
    prof = (br or {}).get("profile")
    if prof:
        cats = ", ".join(f"{k} {v * 100:.0f}%" for k, v in prof["categories"].items())
        top = ", ".join(f"{t['fn']} {t['share'] * 100:.0f}%" for t in prof["top"][:6])
        out += [f"Browser decode profile (Chromium CPU profiler, {prof['calls']} × parseResponse of the list-1000 body, "
                f"self time): {cats}. Top functions: {top}.", ""]
    return out


def markdown(rows: List[Dict[str, Any]], meta: Dict[str, Any], br: Optional[Dict[str, Any]] = None) -> str:
    head = ["area", "measure", "evovoice", "baseline", "ratio", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r["area"], r["measure"], r["evovoice"], r["baseline"], r["ratio_text"], r["target"], r["result"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    passed = sum(r["result"] == "PASS" for r in rows)
    failed = [r for r in rows if r["result"] == "FAIL"]
    out = ["# evovoice benchmark (`make bench`)", "",
           f"{meta['date']} · {meta['machine']} · emulator seed {SEED} (release) at {meta['emulator']} · "
           "medians of interleaved runs after warm-up (the order rotating each round); ratios are measured in this one run; "
           "IQR: the interquartile range of the paired ratio (evovoice / baseline, round by round).", "",
           *lines, "",
           f"Targets: {passed} passed, {len(failed)} failed"
           + ("" if not failed else " (" + "; ".join(f"{r['area']} {r['measure']}: {r['ratio_text'] or r['evovoice']}, target {r['target']}" for r in failed) + ")"),
           "", *notes(br)]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run of the harness)")
    ap.add_argument("--skip-rust", action="store_true", help="reuse the last criterion estimates")
    args = ap.parse_args()
    t0 = time.time()
    os.makedirs(OUT_DIR, exist_ok=True)

    # Compile the criterion bench first, so that compiling never overlaps a measurement.
    if not args.skip_rust:
        log("compiling the criterion bench")
        subprocess.run(["cargo", "bench", "-q", "-p", "evovoice", "--bench", "core", "--no-run"], cwd=ROOT, check=True,
                       stdout=sys.stderr, timeout=900)

    emu = Emulator(SEED)
    log(f"emulator (seed {SEED}) at {emu.url}")
    try:
        py_cmd = [sys.executable, os.path.join(ROOT, "tests", "bench", "python", "bench_python.py"), "--url", emu.url,
                  "--out", os.path.join(OUT_DIR, "python.json")]
        if args.quick:
            py_cmd += ["--rounds", "3", "--get-calls", "60", "--batches", "3", "--typed-rounds", "8", "--memory-runs", "1"]
        subprocess.run(py_cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=600)
        py = json.load(open(os.path.join(OUT_DIR, "python.json")))

        br_cmd = ["node", os.path.join(ROOT, "tests", "bench", "browser", "bench.mjs"), "--url", emu.url]
        if args.quick:
            br_cmd += ["--rounds", "20", "--warmup", "2"]
        log(" ".join(br_cmd))
        done = subprocess.run(br_cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=sys.stderr, text=True, timeout=400)
        br = json.loads(done.stdout) if done.returncode == 0 else None
    finally:
        emu.stop()

    bundle = bundle_sizes()
    if args.skip_rust:
        rust = json.load(open(os.path.join(OUT_DIR, "report.json")))["rust"]
    else:
        rust = rust_bench(args.quick)

    rows = build_rows(py, br, bundle, rust)
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "emulator": "127.0.0.1",
        "seconds": round(time.time() - t0, 1),
        "quick": args.quick,
    }
    md = markdown(rows, meta, br)
    with open(os.path.join(OUT_DIR, "report.md"), "w") as f:
        f.write(md)
    with open(os.path.join(OUT_DIR, "report.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows, "python": py, "browser": br, "bundle": bundle, "rust": rust}, f, indent=1)
    print(md)
    log(f"wrote {os.path.relpath(OUT_DIR, ROOT)}/report.md and report.json in {meta['seconds']} s")


if __name__ == "__main__":
    main()
