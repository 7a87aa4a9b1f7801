#!/usr/bin/env node
// Soak of the npm package (wasm/pkg) in headless Chromium (issue 6, `make soak-wasm`): one page
// makes SOAK_CALLS calls (default 5000) against the emulator on loopback, 8 at a time - pages of
// sessions, sessions by id, 404s, new sessions - and the wasm memory (`(await init()).memory`)
// and the JS heap (CDP Runtime.getHeapUsage after a forced gc) must stay flat after warm-up.
//
//   node wasm/scripts/with-emulator.mjs --seed 300 -- node wasm/scripts/soak-browser.mjs
//
// Env: EVOVOICE_EMULATOR_URL (set by with-emulator.mjs), SOAK_CALLS (default 5000),
// SOAK_WARMUP (default 500), SOAK_WASM_GROWTH (bytes allowed after warm-up, default 1 MiB),
// SOAK_HEAP_GROWTH (bytes, default 2 MiB), SOAK_SECONDS (time limit, default 300),
// OUT (default target/soak-wasm.json). Exits 1 when a bound is exceeded or a call failed.
import http from "node:http";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
if (!baseUrl) {
  console.error("EVOVOICE_EMULATOR_URL is not set (run through wasm/scripts/with-emulator.mjs)");
  process.exit(2);
}
const CALLS = Number(process.env.SOAK_CALLS || 5000);
const WARMUP = Number(process.env.SOAK_WARMUP || 500);
const WASM_GROWTH = Number(process.env.SOAK_WASM_GROWTH || 1 << 20);
const HEAP_GROWTH = Number(process.env.SOAK_HEAP_GROWTH || 2 << 20);
const SECONDS = Number(process.env.SOAK_SECONDS || 300);
const OUT = process.env.OUT || path.join(root, "target/soak-wasm.json");
const CHECKPOINTS = 5;

const pwDir = path.join(root, "wasm/tests/node/node_modules/playwright-core");
if (!existsSync(pwDir)) {
  console.error("playwright-core is not installed (make wasm-npm-deps)");
  process.exit(2);
}
const { chromium } = await import(path.join(pwDir, "index.mjs"));

const deadline = setTimeout(() => {
  console.error(`soak-wasm: over the ${SECONDS} s limit`);
  process.exit(1);
}, SECONDS * 1000);
deadline.unref();

const types = { ".js": "text/javascript", ".wasm": "application/wasm" };
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>soak</title>");
  if (!url.pathname.startsWith("/pkg/")) return res.writeHead(404).end();
  const file = path.join(root, "wasm/pkg", path.normalize(url.pathname.slice(5)));
  try {
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" }).end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--js-flags=--expose-gc",
  ],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(`${origin}/`);
  const cdp = await page.context().newCDPSession(page);

  // The page keeps one client and runs calls on request: run(n) makes n calls, 8 at a time.
  await page.evaluate(async ({ baseUrl }) => {
    const mod = await import("/pkg/index.js");
    const wasm = await mod.default();
    const client = new mod.EvoVoiceClient({ baseUrl, bearerToken: "evovoice-dev-token", timeoutMs: 10000 });
    const first = await client.listSessions({ countPerPage: 50 });
    const ids = first.items.map((s) => s.id);
    if (ids.length === 0) throw new Error("the emulator has no sessions (start it with --seed)");
    let n = 0;
    const stats = { ok: 0, notFound: 0, unexpected: 0, lastError: undefined };
    const one = async () => {
      const i = n++;
      try {
        switch (i % 20) {
          case 0:
            await client.newSession({ displayName: `soak ${i}`, channel: "Chat" });
            break;
          case 1:
          case 2:
            await client.getSession(`no-such-${i}`).catch((e) => {
              if (!(e instanceof mod.EvoVoiceError) || e.status !== 404) throw e;
              stats.notFound++;
            });
            break;
          default:
            if (i % 2) await client.listSessions({ countPerPage: 20, page: i % 10 });
            else await client.getSession(ids[i % ids.length]);
        }
        stats.ok++;
      } catch (e) {
        stats.unexpected++;
        stats.lastError = String(e && e.message);
      }
    };
    globalThis.soak = {
      stats,
      memory: () => wasm.memory.buffer.byteLength,
      run: async (count) => {
        let left = count;
        const worker = async () => {
          while (left > 0) {
            left--;
            await one();
          }
        };
        await Promise.all(Array.from({ length: 8 }, worker));
      },
    };
  }, { baseUrl });

  const measure = async () => {
    for (let i = 0; i < 3; i++) await page.evaluate(() => globalThis.gc());
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    const wasmBytes = await page.evaluate(() => globalThis.soak.memory());
    return { heapUsed: heap.usedSize, heapTotal: heap.totalSize, wasmBytes };
  };

  const t0 = performance.now();
  await page.evaluate((n) => globalThis.soak.run(n), WARMUP);
  const base = { calls: WARMUP, ...(await measure()) };
  const rows = [base];
  const per = Math.ceil(CALLS / CHECKPOINTS);
  let done = 0;
  while (done < CALLS) {
    const n = Math.min(per, CALLS - done);
    await page.evaluate((n) => globalThis.soak.run(n), n);
    done += n;
    rows.push({ calls: WARMUP + done, ...(await measure()) });
  }
  const seconds = (performance.now() - t0) / 1000;
  const stats = await page.evaluate(() => ({ ...globalThis.soak.stats }));
  const last = rows[rows.length - 1];
  const wasmGrowth = last.wasmBytes - base.wasmBytes;
  const heapGrowth = last.heapUsed - base.heapUsed;
  const mib = (b) => (b / 1048576).toFixed(3);
  console.log(`soak-wasm: ${CALLS} calls after ${WARMUP} warm-up, 8 at a time, in ${seconds.toFixed(1)} s (${((CALLS + WARMUP) / seconds).toFixed(0)} calls/s)`);
  console.log("  calls   wasm memory (MiB)   JS heap used (MiB)");
  for (const r of rows) console.log(`  ${String(r.calls).padStart(5)}   ${mib(r.wasmBytes).padStart(17)}   ${mib(r.heapUsed).padStart(18)}`);
  console.log(`  growth after warm-up: wasm ${wasmGrowth} B (limit ${WASM_GROWTH}), JS heap ${heapGrowth} B (limit ${HEAP_GROWTH})`);
  console.log(`  results: ${stats.ok} ok (${stats.notFound} expected 404s), ${stats.unexpected} unexpected errors${stats.lastError ? ` (last: ${stats.lastError})` : ""}`);
  const result = { calls: CALLS, warmup: WARMUP, seconds, rows, wasmGrowth, heapGrowth, limits: { wasm: WASM_GROWTH, heap: HEAP_GROWTH }, stats };
  await mkdir(path.dirname(OUT), { recursive: true });
  await writeFile(OUT, JSON.stringify(result, null, 1));
  if (stats.unexpected > 0 || stats.ok !== CALLS + WARMUP) {
    console.error("soak-wasm: FAIL: calls failed");
    failed = true;
  }
  if (wasmGrowth > WASM_GROWTH || heapGrowth > HEAP_GROWTH) {
    console.error("soak-wasm: FAIL: memory grew after warm-up");
    failed = true;
  }
  if (!failed) console.log("soak-wasm: PASS");
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
