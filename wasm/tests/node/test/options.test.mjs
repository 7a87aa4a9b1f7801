// Per-call options and response metadata (issue 13) in Node: the package against the emulator
// started with `--faults`. A call asks for a fault with a per-call header (X-Evovoice-Fault);
// attempts are counted as faults.test.mjs counts them (the emulator's `times=N` under a key of
// the test's own: see countAttempts).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createServer } from "node:net";
import { EvoVoiceClient, EvoVoiceError } from "evovoice";
import { countAttempts as counted, fails, key } from "../support.mjs";

const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
const TOKEN = "evovoice-dev-token";
const skip = baseUrl && process.env.EVOVOICE_EMULATOR_FAULTS ? false : "needs an emulator started with --faults (make test-wasm-node)";

const plain = (options = {}) => new EvoVoiceClient({ baseUrl, bearerToken: TOKEN, ...options });
/** Call options that ask the emulator for `fault`. */
const fault = (text, options = {}) => ({ ...options, headers: { ...options.headers, "X-Evovoice-Fault": text } });


let sessionId;
before(async () => {
  if (skip) return;
  sessionId = (await plain().newSession({ displayName: "options", channel: "Chat" })).id;
});

/**
 * How many requests one failing listSessions call with `text` (a per-call fault) and `options`
 * made: under a fresh key the fault hits the first `times` requests; the failing call made
 * exactly `times` attempts when a following single-attempt call is served.
 */
function countAttempts(text, options = {}) {
  const c = plain();
  return counted(text, (f, once) => c.listSessions({}, fault(f, once ? { maxRetries: 0 } : options)));
}

test("a per-call timeoutMs shorter than the client's ends the call at that time", { skip }, async () => {
  const c = plain({ timeoutMs: 10_000 });
  const t0 = performance.now();
  await fails(c.listSessions({}, fault("delay; 2000", { timeoutMs: 300 })), (e) => {
    assert.equal(e.kind, "timeout");
    assert.equal(e.isConnectionError, false);
    assert.equal(e.headers, undefined);
  });
  const took = performance.now() - t0;
  assert.ok(took >= 299 && took < 450, `took ${took} ms`);
  // The client's timeout is unchanged for the next call.
  await c.listSessions({}, fault("delay; 400"));
});

test("per-call maxRetries: 0 stops a GET's retries (default: 2)", { skip }, async () => {
  assert.equal(await countAttempts("503; 0"), 3, "the client's default");
  assert.equal(await countAttempts("503; 0", { maxRetries: 0 }), 1);
  assert.equal(await countAttempts("503; 0", { maxRetries: 1 }), 2);
  // Over a client's maxRetries: 0, per call.
  const c = plain({ maxRetries: 0 });
  const page = await c.listSessions({}, fault(`503; 0; times=2; key=${key()}`, { maxRetries: 2 }));
  assert.ok(Array.isArray(page.items));
  await fails(c.listSessions({}, { maxRetries: -1 }), (e) => assert.equal(e.kind, "invalidRequest"));
  await fails(c.listSessions({}, { maxRetries: 1.5 }), (e) => assert.equal(e.kind, "invalidRequest"));
});

test("per-call headers reach the server, replace a client header of the same name, follow the client-header rules", { skip }, async () => {
  const c = plain();
  // The fault header changes the answer: it reached the server.
  await fails(c.getSession(sessionId, fault("500")), (e) => assert.equal(e.status, 500));
  await fails(c.getSession(sessionId, { headers: new Headers({ "X-Evovoice-Fault": "500" }) }), (e) => assert.equal(e.status, 500));
  // Only that call: the next one is served.
  assert.equal((await c.getSession(sessionId)).id, sessionId);
  // Over a client header of the same name (any case): the call's wins.
  const faulty = plain({ headers: { "X-Evovoice-Fault": "500" } });
  await fails(faulty.getSession(sessionId), (e) => assert.equal(e.status, 500));
  assert.equal((await faulty.getSession(sessionId, { headers: { "x-evovoice-fault": "delay; 1" } })).id, sessionId);
  // The SDK's own headers are refused before any I/O, and no value is shown.
  for (const name of ["Authorization", "content-type", "Accept", "X-ss-id", "X-SS-PID"]) {
    await fails(c.getSession(sessionId, { headers: { [name]: "Bearer hdr-secret" } }), (e) => {
      assert.equal(e.kind, "invalidRequest", name);
      assert.ok(!inspect(e).includes("hdr-secret"));
    });
  }
  for (const headers of [{ "bad name": "x" }, { "X-A": "a\nb" }, "X-A: b", 5]) {
    await fails(c.getSession(sessionId, { headers }), (e) => assert.equal(e.kind, "invalidRequest", JSON.stringify(headers)));
  }
  // A POST takes them too.
  await fails(c.newSession({ displayName: "h", channel: "Chat" }, fault("503; 0")), (e) => assert.equal(e.status, 503));
});

test("raw: true gives { data, status, headers }", { skip }, async () => {
  const c = plain();
  const r = await c.getSession(sessionId, { raw: true });
  assert.deepEqual(Object.keys(r).sort(), ["data", "headers", "status"]);
  assert.equal(r.status, 200);
  assert.ok(r.headers instanceof Headers);
  assert.match(r.headers.get("content-type"), /^application\/json/);
  assert.equal(r.data.id, sessionId);
  assert.deepEqual(r.data, await c.getSession(sessionId));
  const page = await c.listSessions({ countPerPage: 1 }, { raw: true, timeoutMs: 5000 });
  assert.equal(page.status, 200);
  assert.equal(typeof page.data.totalCount, "number");
  const created = await c.newSession({ displayName: "raw", channel: "Chat" }, { raw: true });
  assert.equal(created.status, 200);
  assert.equal(created.data.displayName, "raw");
  const who = await new EvoVoiceClient({ baseUrl }).login("dev@evovoice.local", "dev", { raw: true });
  assert.equal(who.status, 200);
  assert.equal(who.data.userName, "dev@evovoice.local");
  // After retries: the last answer's status.
  const retried = await c.getSession(sessionId, fault(`503; 0; times=1; key=${key()}`, { raw: true }));
  assert.equal(retried.status, 200);
  // raw: false (or absent) is the value; an iterator yields items whatever raw says.
  assert.equal((await c.getSession(sessionId, { raw: false })).id, sessionId);
  let n = 0;
  for await (const s of c.iterSessions({ countPerPage: 2 }, { raw: true })) if (s.id && ++n === 3) break;
  assert.equal(n, 3);
  await fails(c.getSession(sessionId, { raw: "yes" }), (e) => assert.equal(e.kind, "invalidRequest"));
});

test("errors say rate limited (429), server error (5xx), connection error (no answer)", { skip }, async () => {
  const c = plain();
  const limited = await fails(c.listSessions({}, fault("429; 7", { maxRetries: 0 })), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 429);
    assert.equal(e.isRateLimited, true);
    assert.equal(e.isServerError, false);
    assert.equal(e.isConnectionError, false);
    assert.equal(e.retryAfter, 7);
    assert.match(e.message, /try again in 7 s/);
    assert.ok(e.headers instanceof Headers);
    assert.equal(e.headers.get("retry-after"), "7");
    assert.equal(e.requestId, undefined, "the emulator sends no request id");
  });
  assert.equal(limited.errorCode, "TooManyRequests");
  // Over 30 s: not retried even with the default policy.
  await fails(c.listSessions({}, fault(`429; 45; key=${key()}`)), (e) => assert.equal(e.retryAfter, 45));
  await fails(c.listSessions({}, fault("503; 0", { maxRetries: 0 })), (e) => {
    assert.equal(e.status, 503);
    assert.equal(e.isServerError, true);
    assert.equal(e.isRateLimited, false);
    assert.equal(e.isConnectionError, false);
    assert.equal(e.retryAfter, 0);
    assert.match(e.headers.get("content-type"), /text\/html/);
  });
  await fails(c.listSessions({}, fault("500")), (e) => {
    assert.equal(e.isServerError, true);
    assert.equal(e.retryAfter, undefined);
  });
  await fails(c.getSession("no-such-session"), (e) => {
    assert.equal(e.status, 404);
    assert.deepEqual([e.isRateLimited, e.isServerError, e.isConnectionError], [false, false, false]);
    assert.ok(e.headers instanceof Headers);
  });
  // A port nothing listens on (bound, then closed; not port 9, which fetch refuses by itself as
  // a "bad port" before any connection): no answer at all.
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  const nowhere = new EvoVoiceClient({ baseUrl: `http://127.0.0.1:${port}`, bearerToken: TOKEN, maxRetries: 0 });
  for (const call of [nowhere.listSessions({}), nowhere.newSession({ channel: "Chat" })]) {
    await fails(call, (e) => {
      assert.equal(e.kind, "transport");
      assert.equal(e.isConnectionError, true);
      assert.equal(e.isServerError, false);
      assert.equal(e.status, undefined);
      assert.equal(e.headers, undefined);
      assert.equal(e.requestId, undefined);
      // The core's sub-kind, and the platform's error kept as the cause (Node's names the errno).
      assert.equal(e.transportKind, "connect");
      assert.ok(e.cause instanceof Error, `cause: ${e.cause}`);
      assert.equal(e.cause.cause?.code, "ECONNREFUSED", inspect(e.cause));
      // fetch says the same for a refused connection and a browser's CORS refusal: the message
      // says so.
      assert.match(e.message, /no answer came: the server could not be reached, or a browser blocked the request, e\.g\. by CORS/);
    });
  }
  // An answer that broke off is a transport error, but not "no answer".
  await fails(c.listSessions({}, fault("drop")), (e) => {
    assert.equal(e.kind, "transport");
    assert.equal(e.isConnectionError, false);
    assert.equal(e.transportKind, "bodyCutOff");
    assert.ok(e.cause instanceof Error, `cause: ${e.cause}`);
  });
  // Errors that are not transport errors have no sub-kind.
  await fails(c.getSession(""), (e) => assert.equal(e.transportKind, undefined));
});

test("setBearerToken replaces the credentials of a live client", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl, bearerToken: "wrong-token" });
  await fails(c.getSession(sessionId), (e) => assert.equal(e.status, 401));
  c.setBearerToken(TOKEN);
  assert.equal((await c.getSession(sessionId)).id, sessionId);
  assert.equal(c.authScheme, "bearer");
  assert.ok(!String(c).includes(TOKEN) && !inspect(c, { showHidden: true }).includes(TOKEN));
  // A refused token changes nothing.
  for (const bad of ["", "a\nb", 42]) {
    assert.throws(() => c.setBearerToken(bad), (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest");
  }
  assert.equal((await c.getSession(sessionId)).id, sessionId);
  // Nor a token that would travel in clear text.
  const remote = new EvoVoiceClient({ baseUrl: "http://evovoice.io" });
  assert.throws(() => remote.setBearerToken("t-secret"), (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest" && !e.message.includes("t-secret"));
  assert.equal(remote.authScheme, "none");
  // From a login session back to a token; and from no credentials to a token.
  const s = new EvoVoiceClient({ baseUrl });
  await s.login("dev@evovoice.local", "dev");
  s.setBearerToken("wrong-token");
  await fails(s.getSession(sessionId), (e) => assert.equal(e.status, 401));
  const none = new EvoVoiceClient({ baseUrl });
  none.setBearerToken(TOKEN);
  assert.equal((await none.getSession(sessionId)).id, sessionId);
});

test("onEvent hears every attempt and the call's end, with the waits, and never a secret", { skip }, async () => {
  const events = [];
  const password = "pw-secret-7";
  const c = plain({ onEvent: (e) => events.push(e) });
  // Two 503s (Retry-After 0), then the answer.
  const page = await c.listSessions({}, fault(`503; 0; times=2; key=${key()}`));
  assert.ok(Array.isArray(page.items));
  assert.deepEqual(events.map((e) => [e.type, e.attempt ?? e.attempts, e.status]), [
    ["attempt", 1, 503],
    ["attempt", 2, 503],
    ["attempt", 3, 200],
    ["call", 3, 200],
  ]);
  for (const e of events) {
    assert.equal(e.operation, "ListSessions");
    assert.equal(e.method, "GET");
    assert.equal(e.route, "/sessions");
    assert.equal(e.error, undefined);
    assert.ok(Number.isFinite(e.elapsedMs) && e.elapsedMs >= 0, JSON.stringify(e));
  }
  // The waits: before attempts 2 and 3, none after the last.
  const [a1, a2, a3, call] = events;
  assert.ok(a1.retryInMs >= 0 && a2.retryInMs >= 0, JSON.stringify(events));
  assert.equal(a3.retryInMs, undefined);
  assert.ok(call.elapsedMs >= a1.elapsedMs + a2.elapsedMs + a3.elapsedMs, JSON.stringify(events));

  // A failing call: the error's kind on the call event; a failed attempt says why.
  events.length = 0;
  await fails(c.getSession("no-such-session"));
  assert.deepEqual(events.map((e) => [e.type, e.operation, e.route, e.status, e.error]), [
    ["attempt", "GetSession", "/sessions/{sessionId}", 404, undefined],
    ["call", "GetSession", "/sessions/{sessionId}", 404, "api"],
  ]);
  events.length = 0;
  await fails(c.listSessions({}, fault("delay; 2000", { timeoutMs: 50, maxRetries: 0 })));
  assert.deepEqual(events.map((e) => [e.type, e.status, e.error]), [["attempt", undefined, "timeout"], ["call", undefined, "timeout"]]);

  // Login and basic auth: the events name the operation, never the password, token or a header.
  const seen = [];
  const basic = new EvoVoiceClient({ baseUrl, userName: "dev@evovoice.local", password, onEvent: (e) => seen.push(e) });
  await fails(basic.getSession(sessionId), (e) => assert.equal(e.status, 401));
  const session = new EvoVoiceClient({ baseUrl, onEvent: (e) => seen.push(e) });
  await session.login("dev@evovoice.local", "dev");
  await session.getSession(sessionId);
  const bearer = new EvoVoiceClient({ baseUrl, bearerToken: TOKEN, headers: { "X-Trace": "hdr-secret" }, onEvent: (e) => seen.push(e) });
  await bearer.newSession({ displayName: "body-secret", channel: "Chat" }, { headers: { "Idempotency-Key": "key-secret" } });
  assert.ok(seen.some((e) => e.operation === "Authenticate" && e.route === "/auth/credentials" && e.method === "POST"));
  assert.ok(seen.some((e) => e.operation === "NewSession" && e.type === "call" && e.status === 200));
  const fields = new Set(["type", "operation", "method", "route", "attempt", "attempts", "status", "error", "retryInMs", "elapsedMs"]);
  for (const e of seen) for (const k of Object.keys(e)) assert.ok(fields.has(k), `unexpected field ${k}`);
  const text = JSON.stringify(seen);
  for (const secret of [password, TOKEN, "hdr-secret", "key-secret", "body-secret", "dev@evovoice.local", "ss-id", "ss-pid", baseUrl]) {
    assert.ok(!text.includes(secret), `an event shows ${secret}`);
  }

  // A hook that throws changes nothing.
  const loud = plain({ onEvent: () => { throw new Error("hook failed"); } });
  assert.equal((await loud.getSession(sessionId)).id, sessionId);
});

test("options objects: an unknown name or a wrongly typed value is invalidRequest, naming it", { skip }, async () => {
  assert.throws(() => plain({ timeout: 5 }), (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest" && /unknown option `timeout` in the client options/.test(e.message) && /timeoutMs/.test(e.message));
  assert.throws(() => plain({ onEvent: "log" }), (e) => e.kind === "invalidRequest" && e.message.includes("`onEvent` must be a function"));
  assert.throws(() => new EvoVoiceClient(5), (e) => e.kind === "invalidRequest" && e.message.includes("the client options must be an object"));
  assert.throws(() => plain({ credentials: "all" }), (e) => e.message.includes("`credentials` must be 'omit', 'same-origin' or 'include'"));
  assert.throws(() => new EvoVoiceClient({ baseUrl, password: "p" }), (e) => e.message.includes("password needs a userName"));
  assert.throws(() => plain({ userName: "u" }), (e) => e.message.includes("give either bearerToken or userName and password, not both"));
  const c = plain();
  await fails(c.getSession(sessionId, { timeout: 5 }), (e) => {
    assert.equal(e.kind, "invalidRequest");
    assert.match(e.message, /unknown option `timeout` in the call options \(known: timeoutMs, headers, maxRetries, signal, raw\)/);
  });
  await fails(c.listSessions({}, { maxRetries: "2" }), (e) => assert.match(e.message, /`maxRetries` must be a whole number from 0 to 100/));
  await fails(c.listSessions({}, { timeoutMs: -1 }), (e) => assert.match(e.message, /`timeoutMs` must be a non-negative number of milliseconds/));
  await fails(c.listSessions({}, { headers: { "X-A": 1 } }), (e) => assert.match(e.message, /the value of header `X-A` must be a string/));
  await fails(c.listSessions({}, { signal: {} }), (e) => assert.match(e.message, /`signal` must be an AbortSignal/));
  assert.throws(() => c.iterSessions({}, { raw: 1 }), (e) => e.kind === "invalidRequest");
  // null and undefined values mean "not given".
  assert.equal((await c.getSession(sessionId, { timeoutMs: undefined, headers: null, signal: null })).id, sessionId);
  assert.equal(plain({ timeoutMs: null, onEvent: undefined }).baseUrl, baseUrl);
});

test("a request object of the wrong shape: invalidRequest naming the field, in the SDK's words", { skip }, async () => {
  const c = plain();
  const cases = [
    [() => c.listSessions({ page: "1" }), 'ListSessions: `page` must be a whole number, not string "1"'],
    [() => c.listSessions({ chanel: "Chat" }), "ListSessions: `chanel` is not a field of this request"],
    [() => c.newSession({ channel: 5 }), "NewSession: `channel` must be one of the FlowChannels values (a string), not integer `5`"],
    [() => c.listSessions({ specificIds: ["a", 2] }), "ListSessions: `specificIds[1]` must be a string, not integer `2`"],
  ];
  for (const [call, message] of cases) {
    await fails(call(), (e) => {
      assert.equal(e.kind, "invalidRequest");
      assert.equal(e.message, `invalid request: ${message}`);
      assert.doesNotMatch(e.message, /line \d+ column|expected i32|invalid type/);
    });
  }
  assert.throws(() => c.iterSessions({ pge: 1 }), (e) => e instanceof EvoVoiceError && /`pge` is not a field of this request/.test(e.message));
});
