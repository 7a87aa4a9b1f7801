#!/usr/bin/env node
// Quick browser timing of the npm package (wasm/pkg) in headless Chromium, side by side in one
// page run: evovoice `listSessions` (typed, validated) vs fetch + res.json() vs
// @servicestack/client `get` (when tests/bench/browser/node_modules has it), plus the parts:
// JSON.parse of the body alone and evovoice `parseResponse` (sans-IO, no network) of that body.
//
//   cargo build --release -p evovoice-emulator && make wasm
//   EVOVOICE_EMULATOR_BIN=target/release/evovoice-emulator \
//     node wasm/scripts/with-emulator.mjs --seed 1200 -- node wasm/scripts/measure-browser.mjs
//
// Env: EVOVOICE_EMULATOR_URL (set by with-emulator.mjs), RUNS (default 25), WARMUP (default 5),
// COUNT (items per page, default 1000), OUT (write the JSON result there).
// Prints medians (ms) and the ratios to fetch + res.json() and to @servicestack/client.
import http from "node:http";
import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require_ = (p) => path.join(root, p);
const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
if (!baseUrl) {
  console.error("EVOVOICE_EMULATOR_URL is not set (run through wasm/scripts/with-emulator.mjs)");
  process.exit(2);
}
const RUNS = Number(process.env.RUNS || 25);
const WARMUP = Number(process.env.WARMUP || 5);
const COUNT = Number(process.env.COUNT || 1000);
const TOKEN = "evovoice-dev-token";

const pwDir = [require_("wasm/tests/node/node_modules/playwright-core"), require_("tests/bench/browser/node_modules/playwright-core")].find(existsSync);
if (!pwDir) {
  console.error("playwright-core is not installed (make wasm-npm-deps)");
  process.exit(2);
}
const { chromium } = await import(path.join(pwDir, "index.mjs"));
const ssFile = require_("tests/bench/browser/node_modules/@servicestack/client/dist/servicestack-client.min.mjs");
const hasSS = existsSync(ssFile);

const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const page = `<!doctype html><meta charset="utf-8"><title>measure</title><body>`;
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  let file;
  if (url.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page);
  if (url.pathname.startsWith("/pkg/")) file = path.join(root, "wasm/pkg", path.normalize(url.pathname.slice(5)));
  else if (url.pathname === "/ss.mjs" && hasSS) file = ssFile;
  if (!file) return res.writeHead(404).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let result;
try {
  const tab = await browser.newPage();
  tab.on("console", (m) => console.error(`[page] ${m.text()}`));
  await tab.goto(origin + "/");
  result = await tab.evaluate(async ({ baseUrl, TOKEN, RUNS, WARMUP, COUNT, hasSS }) => {
    const ev = await import("/pkg/index.js");
    await ev.default();
    const client = new ev.EvoVoiceClient({ baseUrl, bearerToken: TOKEN });
    const url = `${baseUrl}/sessions?countPerPage=${COUNT}`;
    const headers = { Accept: "application/json", Authorization: `Bearer ${TOKEN}` };
    const bodyText = await (await fetch(url, { headers })).text();
    const bodyBytes = new TextEncoder().encode(bodyText);
    let ss;
    if (hasSS) {
      const { JsonServiceClient } = await import("/ss.mjs");
      ss = new JsonServiceClient(baseUrl);
      ss.bearerToken = TOKEN;
    }
    const cases = {
      "evovoice listSessions": async () => (await client.listSessions({ countPerPage: COUNT })).items.length,
      "fetch + res.json()": async () => (await (await fetch(url, { headers })).json()).items.length,
      "JSON.parse(body) only": async () => JSON.parse(bodyText).items.length,
      "evovoice parseResponse(body bytes) only": async () =>
        ev.parseResponse("ListSessions", { status: 200, statusText: "OK", headers: {}, body: bodyBytes }).items.length,
    };
    if (ss) cases["@servicestack/client get"] = async () => (await ss.get("/sessions", { countPerPage: COUNT })).items.length;
    const names = Object.keys(cases);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < WARMUP + RUNS; round++) {
      // Rotate the order so no case always runs first (or right after GC-heavy neighbours).
      for (let k = 0; k < names.length; k++) {
        const name = names[(round + k) % names.length];
        const t0 = performance.now();
        const n = await cases[name]();
        const dt = performance.now() - t0;
        if (n !== COUNT) throw new Error(`${name}: ${n} items, expected ${COUNT}`);
        if (round >= WARMUP) times[name].push(dt);
      }
    }
    const median = (a) => {
      const s = [...a].sort((x, y) => x - y);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    return { bodyBytes: bodyBytes.length, medians: Object.fromEntries(names.map((n) => [n, median(times[n])])), times };
  }, { baseUrl, TOKEN, RUNS, WARMUP, COUNT, hasSS });
} finally {
  await browser.close();
  server.close();
}

const m = result.medians;
const fetchJson = m["fetch + res.json()"];
const ssGet = m["@servicestack/client get"];
console.log(`list of ${COUNT} sessions (${result.bodyBytes} B JSON), headless Chromium, medians of ${RUNS} after ${WARMUP} warm-up`);
console.log(`| case | median ms | / fetch+json |${ssGet ? " / servicestack |" : ""}`);
console.log(`|---|---:|---:|${ssGet ? "---:|" : ""}`);
for (const [name, ms] of Object.entries(m)) {
  console.log(`| ${name} | ${ms.toFixed(2)} | ${(ms / fetchJson).toFixed(2)} |${ssGet ? ` ${(ms / ssGet).toFixed(2)} |` : ""}`);
}
if (process.env.OUT) await writeFile(process.env.OUT, JSON.stringify({ runs: RUNS, warmup: WARMUP, count: COUNT, ...result }, null, 2));
