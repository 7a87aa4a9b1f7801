// The public JS API of the built package against the emulator (EVOVOICE_EMULATOR_URL).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import init, { EvoVoiceClient, EvoVoiceError } from "evovoice";

const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
const slowUrl = process.env.EVOVOICE_SLOW_URL;
const TOKEN = "evovoice-dev-token";
const skip = baseUrl ? false : "EVOVOICE_EMULATOR_URL is not set (run through wasm/scripts/with-emulator.mjs)";

const client = () => new EvoVoiceClient({ baseUrl, bearerToken: TOKEN });

async function rejects(promise, check) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof EvoVoiceError, `not an EvoVoiceError: ${e}`);
    assert.ok(e instanceof Error);
    check(e);
    return e;
  }
  assert.fail("expected a rejection");
}

before(async () => {
  await init(); // a no-op in Node: the wasm is loaded at import
});

test("newSession, getSession, inviteChatMember", { skip }, async () => {
  const c = client();
  const s = await c.newSession({ displayName: "Node test", channel: "Chat" });
  assert.equal(s.displayName, "Node test");
  assert.equal(s.channel, "Chat");
  assert.equal(typeof s.id, "string");
  const same = await c.getSession(s.id);
  assert.equal(same.id, s.id);
  const invited = await c.inviteChatMember({ sessionId: s.id, memberToAdd: "+15555550123", callerId: "+15555550100" });
  assert.ok(invited.members.some((m) => m.identity === "+15555550123"));
  assert.ok(Object.getPrototypeOf(invited) === Object.prototype, "a plain object");
});

test("addConferenceMember on a voice session", { skip }, async () => {
  const c = client();
  const s = await c.newSession({ displayName: "Call", channel: "Voice", toAddress: "+15555550111" });
  const after = await c.addConferenceMember({ sessionId: s.id, destination: "+15555550112", fromNumber: "+15555550100" });
  assert.ok(after.conferenceSid);
  assert.ok(after.members.some((m) => m.identity === "+15555550112"));
});

test("listSessions and iterSessions walk every page", { skip }, async () => {
  const c = client();
  for (let i = 0; i < 7; i++) await c.newSession({ displayName: `page-walk ${i}`, channel: "Chat" });
  const first = await c.listSessions({ countPerPage: 3, page: 0 });
  assert.equal(first.items.length, 3);
  const total = first.totalCount;
  assert.ok(total >= 7);
  const seen = [];
  for await (const s of c.iterSessions({ countPerPage: 3 })) seen.push(s.id);
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total);
  // An early break is fine.
  for await (const s of c.iterSessions({ countPerPage: 2 })) {
    assert.ok(s.id);
    break;
  }
});

test("401: bad token", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl, bearerToken: "wrong" });
  await rejects(c.listSessions({}), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 401);
    assert.ok(e.errorCode);
    assert.ok(!e.message.includes("wrong"), "no secret in the message");
  });
});

test("403: a user without the role", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl, bearerToken: "evovoice-viewer-token" });
  await rejects(c.newSession({ displayName: "x", channel: "Chat" }), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 403);
  });
});

test("404: no such session", { skip }, async () => {
  await rejects(client().getSession("no-such-session"), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 404);
    assert.equal(e.errorCode, "NotFound");
    assert.equal(e.responseStatus.errorCode, "NotFound");
  });
});

test("400: validation with field errors", { skip }, async () => {
  await rejects(client().newSession({ displayName: "no channel" }), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 400);
    assert.equal(e.fieldErrors[0].fieldName, "Channel");
    assert.equal(e.fieldErrors[0].errorCode, "NotEmpty");
  });
});

test("invalid requests reject before any I/O", { skip }, async () => {
  await rejects(client().getSession(""), (e) => assert.equal(e.kind, "invalidRequest"));
  await rejects(client().getSession(42), (e) => assert.equal(e.kind, "invalidRequest"));
  await rejects(client().newSession({ channel: 7 }), (e) => assert.equal(e.kind, "invalidRequest"));
  assert.throws(() => new EvoVoiceClient({ baseUrl: "ftp://x" }), (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest");
});

test("timeout", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl: slowUrl, bearerToken: TOKEN, timeoutMs: 200 });
  const t0 = Date.now();
  await rejects(c.getSession("x"), (e) => assert.equal(e.kind, "timeout"));
  assert.ok(Date.now() - t0 < 5000);
  // A per-call timeout on a client without one.
  const d = new EvoVoiceClient({ baseUrl: slowUrl, bearerToken: TOKEN });
  await rejects(d.getSession("x", { timeoutMs: 50 }), (e) => {
    assert.equal(e.kind, "timeout");
    assert.equal(e.status, undefined);
  });
});

test("abort", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl: slowUrl, bearerToken: TOKEN });
  const ctl = new AbortController();
  const p = c.getSession("x", { signal: ctl.signal });
  setTimeout(() => ctl.abort(), 50);
  await rejects(p, (e) => assert.equal(e.kind, "aborted"));
  await rejects(client().listSessions({}, { signal: AbortSignal.abort() }), (e) => assert.equal(e.kind, "aborted"));
});

test("transport error", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl: "http://127.0.0.1:9", bearerToken: TOKEN });
  await rejects(c.listSessions({}), (e) => assert.equal(e.kind, "transport"));
});

test("login with credentials, then calls use the session", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl });
  await rejects(c.listSessions({}), (e) => assert.equal(e.status, 401));
  const who = await c.login("dev@evovoice.local", "dev");
  assert.equal(who.userName, "dev@evovoice.local");
  assert.equal(who.sessionId, undefined, "the session id is kept inside the client");
  assert.equal(c.authScheme, "session");
  const page = await c.listSessions({});
  assert.ok(Array.isArray(page.items));
  await rejects(new EvoVoiceClient({ baseUrl }).login("dev@evovoice.local", "nope"), (e) => assert.equal(e.status, 401));
});

test("secrets never show", { skip }, () => {
  const secret = "s3cret-token-value";
  const pass = "hunter2-password";
  for (const c of [
    new EvoVoiceClient({ baseUrl, bearerToken: secret }),
    new EvoVoiceClient({ baseUrl, userName: "me", password: pass }),
  ]) {
    for (const text of [String(c), `${c}`, JSON.stringify(c), inspect(c, { depth: 5, showHidden: true }), JSON.stringify({ c })]) {
      assert.ok(!text.includes(secret) && !text.includes(pass), text);
    }
  }
  assert.equal(JSON.stringify(new EvoVoiceClient({ baseUrl, bearerToken: secret })), JSON.stringify({ baseUrl, authScheme: "bearer" }));
});

test("the shipped JS is minified yet keeps its names, and maps back to the sources", async () => {
  const { readFile } = await import("node:fs/promises");
  const { createRequire } = await import("node:module");
  const { dirname } = await import("node:path");
  const pkgDir = dirname(createRequire(import.meta.url).resolve("evovoice/package.json")) + "/";
  assert.equal(EvoVoiceClient.name, "EvoVoiceClient");
  assert.equal(new EvoVoiceClient({ baseUrl: "https://example.com" }).constructor.name, "EvoVoiceClient");
  assert.equal(new EvoVoiceError("m", "api").name, "EvoVoiceError");
  const glue = await readFile(pkgDir + "evovoice_wasm.js", "utf8");
  assert.ok(glue.split("\n").length < 5, "evovoice_wasm.js is not minified");
  assert.match(glue, /\/\/# sourceMappingURL=evovoice_wasm\.js\.map\s*$/);
  const map = JSON.parse(await readFile(pkgDir + "evovoice_wasm.js.map", "utf8"));
  assert.ok(map.sourcesContent[0].includes("export class EvoVoiceClient"), "the map lacks the readable source");
});
