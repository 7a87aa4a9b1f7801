// The package through a bundler: Vite builds vite-app (which imports "evovoice" from
// node_modules, installed from wasm/pkg), the bundle is served from 127.0.0.1 and run in headless
// Chromium against the emulator (EVOVOICE_EMULATOR_URL, from wasm/scripts/with-emulator.mjs).
import { build } from "vite";
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, "../vite-app");
const out = path.resolve(here, "../../../../target/vite-app");
const api = process.env.EVOVOICE_EMULATOR_URL;
assert.ok(api, "EVOVOICE_EMULATOR_URL is not set");

await build({ root: app, logLevel: "warn", build: { outDir: out, emptyOutDir: true, target: "es2022" } });
const assets = await readdir(path.join(out, "assets"));
assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite emitted the wasm: ${assets}`);

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
const server = http.createServer(async (req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
  const file = path.resolve(out, rel);
  if (!file.startsWith(out + path.sep)) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/?api=${encodeURIComponent(api)}`);
  await page.waitForSelector("body[data-result]", { state: "attached", timeout: 20000 });
  const result = JSON.parse(await page.getAttribute("body", "data-result"));
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.items, 3);
  assert.ok(result.total >= 3);
  assert.equal(result.notFound, 404);
  console.log("vite bundle e2e: 1 passed, 0 failed");
} finally {
  await browser.close();
  server.close();
}
