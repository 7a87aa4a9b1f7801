// End-to-end test of examples/dashboard in headless Chromium (playwright-core + Debian chromium),
// against the seeded emulator (EVOVOICE_EMULATOR_URL, started by wasm/scripts/with-emulator.mjs),
// plus a smoke test of the package inside a module Web Worker. Saves target/dashboard.png.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import { startServer } from "../../../../examples/dashboard/serve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const api = process.env.EVOVOICE_EMULATOR_URL;
assert.ok(api, "EVOVOICE_EMULATOR_URL is not set");

const { server, url } = await startServer({ apiBaseUrl: api });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let passed = 0;
const step = async (name, fn) => {
  const t0 = Date.now();
  await fn();
  passed++;
  console.log(`ok ${passed} - ${name} (${Date.now() - t0} ms)`);
};
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  await step("loads", async () => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
    assert.equal(await page.inputValue("#base-url"), api);
  });

  await step("a wrong token is explained in words", async () => {
    await page.fill("#token", "not-a-token");
    await page.click("#signin-btn");
    await page.waitForSelector("#error:not([hidden])");
    assert.match(await page.textContent("#error"), /not accepted|not signed in/i);
  });

  await step("signs in with a token and lists sessions", async () => {
    await page.fill("#token", "evovoice-dev-token");
    await page.click("#signin-btn");
    await page.waitForSelector("#app:not([hidden])");
    await page.waitForSelector("#rows tr");
    assert.match(await page.textContent("#page-info"), /Page 1 of \d+ · \d+ sessions/);
  });

  await step("pages", async () => {
    await page.click("#next");
    await page.waitForFunction(() => document.querySelector("#page-info").textContent.startsWith("Page 2"));
    await page.click("#prev");
    await page.waitForFunction(() => document.querySelector("#page-info").textContent.startsWith("Page 1"));
  });

  await step("filters by channel and from", async () => {
    await page.selectOption("#f-channel", "Chat");
    await page.waitForFunction(() => [...document.querySelectorAll("#rows tr")].every((r) => r.children[1].textContent === "Chat"));
    const n = await page.locator("#rows tr").count();
    assert.ok(n > 0, "some chat sessions on the first page");
    await page.fill("#f-from", "+1555");
    await page.waitForTimeout(600);
    assert.ok((await page.locator("#rows tr").count()) > 0);
  });

  await step("opens a chat session and invites a member", async () => {
    await page.fill("#f-from", "");
    await page.waitForTimeout(500);
    const row = page.locator("#rows tr").filter({ hasNot: page.locator(".pill.ended") }).first();
    await row.click();
    await page.waitForSelector("#detail h2");
    await page.waitForSelector("#invite-form");
    const before = await page.locator("#members li").count();
    await page.fill("#invite-who", "+15555550199");
    await page.click("#invite-form button");
    await page.waitForFunction((n) => document.querySelectorAll("#members li").length === n + 1, before);
    assert.match(await page.textContent("#members"), /\+15555550199/);
    assert.match(await page.textContent("#log"), /invited \+15555550199/);
  });

  await step("creates a new chat session", async () => {
    await page.click("#new-chat");
    await page.fill("#n-name", "E2E support chat");
    await page.click("#n-create");
    await page.waitForFunction(() => document.querySelector("#detail h2")?.textContent === "E2E support chat");
  });

  await step("an error from the server is shown in words", async () => {
    await page.fill("#invite-who", "   ");
    await page.evaluate(() => document.querySelector("#invite-who").removeAttribute("required"));
    await page.click("#invite-form button");
    await page.waitForSelector("#error:not([hidden])");
    assert.match(await page.textContent("#error"), /refused.*MemberToAdd/i);
  });

  await step("screenshot", async () => {
    await page.evaluate(() => (document.querySelector("#error").hidden = true));
    // Back to the session with the invited member, for a representative picture.
    await page.selectOption("#f-channel", "");
    await page.waitForTimeout(400);
    mkdirSync(path.join(root, "target"), { recursive: true });
    await page.screenshot({ path: path.join(root, "target/dashboard.png") });
  });

  await step("no console errors", async () => {
    const unexpected = consoleErrors.filter((t) => !/Failed to load resource/.test(t));
    assert.deepEqual(unexpected, []);
  });

  await step("the package works inside a module Web Worker", async () => {
    const result = await page.evaluate(async (api) => {
      const src = `
        import init, { EvoVoiceClient, EvoVoiceError } from "${location.origin}/pkg/index.js";
        await init();
        const c = new EvoVoiceClient({ baseUrl: ${JSON.stringify(api)}, bearerToken: "evovoice-dev-token" });
        const page = await c.listSessions({ countPerPage: 3 });
        let err;
        try { await c.getSession("no-such-session"); } catch (e) { err = e; }
        postMessage({ inWorker: typeof window === "undefined", n: page.items.length,
          isError: err instanceof EvoVoiceError && err instanceof Error, status: err?.status, kind: err?.kind });`;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })), { type: "module" });
      return await new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
        setTimeout(() => reject(new Error("worker timed out")), 15000);
      });
    }, api);
    assert.deepEqual(result, { inWorker: true, n: 3, isError: true, status: 404, kind: "api" });
  });
  console.log(`dashboard e2e: ${passed} passed; screenshot: target/dashboard.png`);
} finally {
  await browser.close();
  server.close();
}
