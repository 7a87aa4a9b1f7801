#!/usr/bin/env node
// Browser side of `make bench`: serves bench.html, page.mjs, the npm package wasm/pkg (/pkg/)
// and @servicestack/client's dist (/sc/) from a static server on 127.0.0.1, opens the page in
// headless Chromium (playwright-core, /usr/bin/chromium) and prints the in-page measurements
// as JSON.   node tests/bench/browser/bench.mjs --url http://127.0.0.1:PORT [--rounds 60]
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const url = arg("url");
if (!url) {
  console.error("usage: bench.mjs --url EMULATOR_URL [--rounds N] [--warmup N]");
  process.exit(2);
}
const rounds = Number(arg("rounds", 60));
const warmup = Number(arg("warmup", 3));
const profileCalls = Number(arg("profile", 15)); // parseResponse calls under the CPU profiler (0: none)

// Whole run bounded: never hang `make bench`.
const guard = setTimeout(() => {
  console.error("browser bench: timed out");
  process.exit(1);
}, 5 * 60 * 1000);

const mounts = [
  ["/pkg/", path.join(root, "wasm/pkg")],
  ["/sc/", path.join(here, "node_modules/@servicestack/client/dist")],
  ["/", here],
];
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  for (const [prefix, dir] of mounts) {
    if (!p.startsWith(prefix)) continue;
    const file = path.join(dir, p.slice(prefix.length));
    if (!file.startsWith(dir)) break;
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end();
      } else {
        res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "cache-control": "no-store" });
        res.end(data);
      }
    });
    return;
  }
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let status = 0;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/bench.html`);
  await page.waitForFunction(() => window.benchReady === true || false, null, { timeout: 30000 }).catch(() => {
    throw new Error(`the bench page did not load: ${errors.join("; ")}`);
  });
  const result = await page.evaluate((opts) => window.runBench(opts), { url, rounds, warmup });
  result.browser = browser.version();
  if (profileCalls > 0) result.profile = await profileDecode(page, profileCalls);
  result.rounds = rounds;
  process.stdout.write(JSON.stringify(result) + "\n");
} catch (e) {
  console.error(`browser bench failed: ${e.stack || e}`);
  status = 1;
} finally {
  await browser.close();
  server.close();
  clearTimeout(guard);
}
process.exit(status);

/** Self time by function while `parseResponse` decodes the list-1000 body `calls` times. */
async function profileDecode(page, calls) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await page.evaluate((n) => window.decodeLoop(n), calls);
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] || 0;
    const f = byId.get(id).callFrame;
    const file = f.url ? f.url.split("/").pop() : "";
    const key = `${f.functionName || "(anonymous)"}${file ? ` (${file})` : ""}`;
    self.set(key, (self.get(key) || 0) + dt);
    total += dt;
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  // Where the time goes: compiled Rust, the JS glue around it (wasm-bindgen shims, value
  // conversion), native string decoding (TextDecoder.decode of strings leaving wasm), GC.
  const category = (key) =>
    key.includes(".wasm)") ? "wasm (Rust)"
      : /evovoice_wasm\.js|evovoice\.js|index\.js/.test(key) ? "JS glue"
      : key.startsWith("decode") ? "TextDecoder.decode"
      : key.startsWith("(garbage collector)") ? "GC"
      : key.startsWith("(program)") || key.startsWith("(idle)") ? "engine (program/idle)" : "other";
  const cats = {};
  for (const [k, us] of self) cats[category(k)] = (cats[category(k)] || 0) + us;
  return {
    calls,
    totalMs: total / 1000,
    categories: Object.fromEntries(Object.entries(cats).sort((a, b) => b[1] - a[1]).map(([c, us]) => [c, us / total])),
    top: top.map(([fn, us]) => ({ fn, ms: us / 1000, share: us / total })),
  };
}
