// The test-only operation GetSessionLog from JavaScript (see README.md): the package built with
// the core's `test-operation` feature (EVOVOICE_PACKAGE, a path to its node.js) has a
// `getSessionLog` method although nothing in wasm/ names it, typed and documented in its
// .d.ts. Run by `make test-extra-operation` against an emulator with the same feature.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const pkgEntry = process.env.EVOVOICE_PACKAGE;
const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
assert.ok(pkgEntry && baseUrl, "run through `make test-extra-operation` (EVOVOICE_PACKAGE, EVOVOICE_EMULATOR_URL)");
const { EvoVoiceClient, EvoVoiceError, buildRequest, parseResponse } = await import(pathToFileURL(pkgEntry).href);
const TOKEN = "evovoice-dev-token";

test("getSessionLog is a method: the session's log, as a plain object", async () => {
  const c = new EvoVoiceClient({ baseUrl, bearerToken: TOKEN });
  const s = await c.newSession({ displayName: "Log from Node", channel: "Chat" });
  await c.inviteChatMember({ sessionId: s.id, memberToAdd: "+15550100" });
  const log = await c.getSessionLog(s.id);
  assert.equal(log.sessionId, s.id);
  assert.equal(log.total, log.entries.length);
  assert.equal(log.entries[0].message, "Session created by dev@evovoice.local");
  assert.ok(log.entries.some((e) => e.message.includes("+15550100")), JSON.stringify(log));
  assert.ok(Object.getPrototypeOf(log) === Object.prototype);
  // Errors as for any operation.
  const missing = await c.getSessionLog("no-such-session").catch((e) => e);
  assert.ok(missing instanceof EvoVoiceError, `${missing}`);
  assert.equal(missing.status, 404);
  const bad = await c.getSessionLog(42).catch((e) => e);
  assert.ok(bad instanceof EvoVoiceError && bad.kind === "invalidRequest", `${bad}`);
});

test("the sans-IO pair knows it by name", () => {
  const req = buildRequest("GetSessionLog", { sessionId: "a/b" }, { bearerToken: TOKEN });
  assert.equal(req.url, "https://evovoice.io/sessions/a%2Fb/log");
  assert.equal(req.method, "GET");
  const log = parseResponse("GetSessionLog", { status: 200, body: '{"sessionId":"x","total":0,"entries":[]}' });
  assert.deepEqual(log, { sessionId: "x", total: 0, entries: [] });
});

test("its declaration and JSDoc are in the package's .d.ts", () => {
  const dts = readFileSync(path.join(path.dirname(pkgEntry), "evovoice_wasm.d.ts"), "utf8");
  assert.match(dts, /\/\*\* The log of one session, oldest entry first \(`GET \/sessions\/\{sessionId\}\/log`; a test-only operation\)\. \*\/\n\s*getSessionLog\(sessionId: string \| undefined, options\?: CallOptions\): Promise<SessionLog>;/);
  assert.match(dts, /export interface SessionLog \{/);
  assert.match(dts, /GetSessionLog: \{ request: GetSessionLog; response: SessionLog \};/);
});
