// Path safety and credentials from JS (issue 6): hostile session ids stay in their path segment
// and come back exactly in the server's 404; control characters and empty ids are refused
// before any I/O; credentials never go over clear-text http to another machine; a `headers`
// option cannot replace the SDK's own headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { EvoVoiceClient, EvoVoiceError, buildRequest } from "evovoice";
import { fails } from "../support.mjs";

const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
const TOKEN = "evovoice-dev-token";
const skip = baseUrl ? false : "EVOVOICE_EMULATOR_URL is not set (run through wasm/scripts/with-emulator.mjs)";

const HOSTILE = [
  "a/b", "a/../b", "../../auth/logout", "./x", ".", "..", "...", "?", "#", "a?b=c&d#e", "%", "%2F", "%zz", " ",
  "  lead and trail  ", "a+b", "é", "日本", "🎧", "\u200b", "back\\slash", "semi;colon,comma", "quote\"'<>", "sessions.json",
];
const BAD = ["", "\0", "a\nb", "a\rb", "\t", "x\u001b[0m", "del\u007f", "c1\u0085", "c1\u009f"];


test("hostile ids: a 404 naming exactly that id, for every operation with a path parameter", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl, bearerToken: TOKEN });
  for (const id of HOSTILE) {
    const calls = [
      () => c.getSession(id),
      () => c.inviteChatMember({ sessionId: id, memberToAdd: "+15550100" }),
      () => c.addConferenceMember({ sessionId: id, destination: "+15550100" }),
    ];
    for (const call of calls) {
      const e = await fails(call());
      assert.equal(e.kind, "api", JSON.stringify(id));
      assert.equal(e.status, 404, JSON.stringify(id));
      assert.equal(e.responseStatus.message, `Session '${id}' was not found`);
    }
  }
});

test("hostile ids stay in one segment of the URL", { skip }, () => {
  for (const id of HOSTILE) {
    const { url } = buildRequest("GetSession", { sessionId: id }, { baseUrl });
    const rest = url.slice(baseUrl.length);
    if (id === "." || id === "..") {
      assert.ok(!rest.startsWith("/sessions/."), `${rest}: a dot segment never reaches the path`);
      continue;
    }
    assert.match(rest, /^\/sessions\/[^/?#]+$/, JSON.stringify(id));
    assert.equal(decodeURIComponent(rest.slice("/sessions/".length)), id);
    // fetch's URL parser keeps it as it is.
    assert.equal(new URL(url).href, url);
  }
});

test("control characters and empty ids: invalidRequest before any I/O", { skip }, async () => {
  // Nothing listens on port 9: a request that went out would be a transport error.
  const c = new EvoVoiceClient({ baseUrl: "http://127.0.0.1:9", bearerToken: TOKEN, maxRetries: 0 });
  for (const id of BAD) {
    for (const call of [
      () => c.getSession(id),
      () => c.inviteChatMember({ sessionId: id, memberToAdd: "x" }),
      () => c.addConferenceMember({ sessionId: id, destination: "x" }),
    ]) {
      const e = await fails(call());
      assert.equal(e.kind, "invalidRequest", JSON.stringify(id));
      assert.match(e.message, /sessionId/);
    }
  }
  assert.equal((await fails(c.inviteChatMember({ memberToAdd: "x" }))).kind, "invalidRequest");
});

test("credentials are refused over clear-text http to another machine", { skip }, async () => {
  for (const options of [
    { baseUrl: "http://evovoice.io", bearerToken: "t-secret" },
    { baseUrl: "http://evovoice.io", userName: "me", password: "p-secret" },
    { baseUrl: "http://localhost.evil.io", bearerToken: "t-secret" },
    { baseUrl: "http://128.0.0.1", bearerToken: "t-secret" },
  ]) {
    assert.throws(
      () => new EvoVoiceClient(options),
      (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest" && /clear text/.test(e.message) && !/secret/.test(e.message),
    );
    // The sans-IO builder refuses too.
    assert.throws(
      () => buildRequest("ListSessions", {}, options),
      (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest",
    );
  }
  // A login's password neither: the client has no credentials yet, the call rejects.
  const anon = new EvoVoiceClient({ baseUrl: "http://evovoice.io" });
  const e = await fails(anon.login("me", "p-secret"));
  assert.equal(e.kind, "invalidRequest");
  assert.ok(!inspect(e).includes("p-secret"));
  // Explicit opt-in, https and loopback are fine.
  new EvoVoiceClient({ baseUrl: "http://evovoice.io", bearerToken: "t", allowInsecureHttp: true });
  new EvoVoiceClient({ baseUrl: "https://evovoice.io", bearerToken: "t" });
  new EvoVoiceClient({ baseUrl: "http://localhost:1", bearerToken: "t" });
  new EvoVoiceClient({ baseUrl: "http://[::1]:1", bearerToken: "t" });
  assert.throws(() => new EvoVoiceClient({ baseUrl: "http://evovoice.io", bearerToken: "t", allowInsecureHttp: "yes" }), EvoVoiceError);
});

test("headers cannot replace the SDK's own; bad options are invalidRequest", { skip }, async () => {
  for (const name of ["Authorization", "authorization", "Accept", "Content-Type", "X-ss-id", "X-SS-PID"]) {
    assert.throws(
      () => new EvoVoiceClient({ baseUrl, bearerToken: TOKEN, headers: { [name]: "Bearer evil" } }),
      (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest",
      name,
    );
  }
  for (const options of [
    { headers: { "bad name": "x" } },
    { headers: { "X-A": "a\r\nb" } },
    { headers: { "X-A": 1 } },
    { headers: "X-A: 1" },
    { headers: [["X-A", "1"]] },
    { maxRetries: -1 },
    { maxRetries: 1.5 },
    { maxRetries: "2" },
    { maxResponseBytes: 0 },
    { maxResponseBytes: Infinity },
    { credentials: "same_origin" },
    { credentials: "INCLUDE" },
    { credentials: true },
  ]) {
    assert.throws(() => new EvoVoiceClient({ baseUrl, ...options }), (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest", JSON.stringify(options));
  }
  for (const credentials of ["omit", "same-origin", "include"]) {
    assert.equal(new EvoVoiceClient({ baseUrl, credentials }).baseUrl, baseUrl);
  }
  // A custom header travels; the SDK's Authorization stays.
  const req = buildRequest("ListSessions", {}, { baseUrl, bearerToken: TOKEN, headers: { "X-Trace-Id": "abc" } });
  assert.equal(req.headers["x-trace-id"], "abc");
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  const c = new EvoVoiceClient({ baseUrl, bearerToken: TOKEN, headers: { "X-Trace-Id": "abc" }, maxRetries: 0, maxResponseBytes: 1 << 20 });
  assert.ok(Array.isArray((await c.listSessions({})).items));
});
