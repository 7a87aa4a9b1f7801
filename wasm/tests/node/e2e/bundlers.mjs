// The package through every bundler path (issue 17): bundle-app's dashboard flow built by Vite,
// webpack 5 and esbuild (the README's recipe), each served from 127.0.0.1 and run in headless
// Chromium against the emulator (EVOVOICE_EMULATOR_URL, from wasm/scripts/with-emulator.mjs);
// then a Node program bundled by esbuild --platform=node, run with and without the .wasm
// beside it. `import ... from "evovoice"` resolves to node_modules (installed from wasm/pkg).
import { build as vite } from "vite";
import webpack from "webpack";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, "../bundle-app");
const targets = path.resolve(here, "../../../../target/bundles");
const api = process.env.EVOVOICE_EMULATOR_URL;
assert.ok(api, "EVOVOICE_EMULATOR_URL is not set");
const page = '<!doctype html><html><head><meta charset="utf-8"><title>evovoice</title></head><body><script type="module" src="./main.js"></script></body></html>';

/** Each bundler's build of the app into `out`; resolves when done. */
const builds = {
  async vite(out) {
    await vite({ root: app, logLevel: "warn", build: { outDir: out, emptyOutDir: true, target: "es2022" } });
  },
  async webpack(out) {
    const stats = await new Promise((resolve, reject) =>
      webpack({
        mode: "production",
        context: app,
        entry: "./main.js",
        output: { path: out, filename: "main.js", module: true, clean: true },
        experiments: { outputModule: true },
        performance: { hints: false },
      }).run((err, stats) => (err ? reject(err) : resolve(stats))),
    );
    assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
    await writeFile(path.join(out, "index.html"), page);
  },
  async esbuild(out) {
    await rm(out, { recursive: true, force: true });
    const { warnings } = await esbuild.build({
      entryPoints: [path.join(app, "main-esbuild.js")],
      bundle: true, format: "esm", platform: "browser", target: "es2022", outfile: path.join(out, "main.js"),
      loader: { ".wasm": "file" }, logLevel: "warning",
    });
    assert.deepEqual(warnings, [], "esbuild warns of nothing in the package");
    await writeFile(path.join(out, "index.html"), page);
  },
};

/** Serves `dir` on 127.0.0.1 (a free port). */
async function serve(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = http.createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep)) return res.writeHead(403).end();
    let body;
    try {
      body = await readFile(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** All the files under `dir`, relative. */
async function files(dir) {
  return (await readdir(dir, { recursive: true })).map(String);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let passed = 0;
try {
  for (const [name, build] of Object.entries(builds)) {
    const out = path.join(targets, name);
    await mkdir(out, { recursive: true });
    await build(out);
    assert.ok((await files(out)).some((f) => f.endsWith(".wasm")), `${name} emitted the wasm: ${await files(out)}`);
    const server = await serve(out);
    try {
      const tab = await browser.newPage();
      const errors = [];
      tab.on("pageerror", (e) => errors.push(String(e)));
      await tab.goto(`http://127.0.0.1:${server.address().port}/?api=${encodeURIComponent(api)}`);
      await tab.waitForSelector("body[data-result]", { state: "attached", timeout: 20000 });
      const result = JSON.parse(await tab.getAttribute("body", "data-result"));
      assert.equal(result.error, undefined, `${name}: ${result.error}`);
      assert.deepEqual({ ...result, total: result.total >= 3 }, { items: 3, total: true, created: "bundled", notFound: 404 }, name);
      assert.deepEqual(errors, [], name);
      await tab.close();
      console.log(`ok - ${name}: the dashboard flow runs from its bundle in Chromium`);
      passed++;
    } finally {
      server.close();
    }
  }
} finally {
  await browser.close();
}

// Node, bundled: with the .wasm beside the bundle (the README's recipe) it runs; without, the
// package says what to do instead of an ENOENT.
const nodeOut = path.join(targets, "esbuild-node");
await rm(nodeOut, { recursive: true, force: true });
const { warnings } = await esbuild.build({
  entryPoints: [path.join(app, "node-app.js")], bundle: true, format: "esm", platform: "node", target: "node18",
  outfile: path.join(nodeOut, "app.mjs"), logLevel: "warning",
});
assert.deepEqual(warnings, [], "esbuild warns of nothing in the package");
const run = () => execFileSync(process.execPath, [path.join(nodeOut, "app.mjs")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
assert.throws(run, (e) => /evovoice_wasm_bg\.wasm was not found beside .*app\.mjs.*copy/s.test(e.stderr), "a clear error without the .wasm");
await copyFile(path.join(here, "../node_modules/evovoice/evovoice_wasm_bg.wasm"), path.join(nodeOut, "evovoice_wasm_bg.wasm"));
assert.deepEqual(JSON.parse(run()), { items: 2 });
console.log("ok - esbuild --platform=node: the bundle runs with the .wasm beside it, and says so without it");
passed++;
console.log(`bundlers e2e: ${passed} passed, 0 failed`);
