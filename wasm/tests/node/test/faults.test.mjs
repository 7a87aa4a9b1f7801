// The fault matrix (issue 6) for the JS package in Node: EvoVoiceClient against the emulator
// started with `--faults` (wasm.mk passes it through with-emulator.mjs). A client picks a fault
// with the `headers` option (X-Evovoice-Fault). Attempts are counted with the emulator's
// `times=N` under a key of the test's own: a fault applied N times then served normally shows
// exactly how many requests a call made (see countAttempts).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { EvoVoiceClient, EvoVoiceError } from "evovoice";
import { countAttempts as counted, fails, key } from "../support.mjs";

const baseUrl = process.env.EVOVOICE_EMULATOR_URL;
const TOKEN = "evovoice-dev-token";
const skip = baseUrl && process.env.EVOVOICE_EMULATOR_FAULTS ? false : "needs an emulator started with --faults (make test-wasm-node)";
const SECRETS = [TOKEN, "dev"];


/** A client whose every request carries `fault`. */
const faulty = (fault, options = {}) =>
  new EvoVoiceClient({ baseUrl, bearerToken: TOKEN, headers: { "X-Evovoice-Fault": fault }, ...options });
const plain = (options = {}) => new EvoVoiceClient({ baseUrl, bearerToken: TOKEN, ...options });

before(async () => {
  // The harness's emulator has no seed: a few sessions so pages have items.
  if (skip) return;
  const c = plain();
  const have = (await c.listSessions({})).totalCount;
  for (let i = have; i < 4; i++) await c.newSession({ displayName: `faults ${i}`, channel: i % 2 ? "Chat" : "Voice", toAddress: "+15555550111" });
});

/** Everything an error shows a person or a log. */
const shown = (e) => [String(e), e.message, e.stack, JSON.stringify(e), inspect(e, { depth: 5, showHidden: true })].join("\n");


test("500: api error with the server's code, not retried", { skip }, async () => {
  const k = key();
  const e = await fails(faulty(`500; times=1; key=${k}`).listSessions({}), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 500);
    assert.equal(e.errorCode, "NullReferenceException");
    assert.match(e.message, /HTTP 500 NullReferenceException: Object reference not set/);
  });
  assert.equal(e.responseStatus.errorCode, "NullReferenceException");
  // times=1 was used up by one attempt: the next identical call succeeds at once.
  await faulty(`500; times=1; key=${k}`, { maxRetries: 0 }).listSessions({});
});

test("502 html: api error (not decode), retried for GET then returned", { skip }, async () => {
  await fails(faulty("502-html", { maxRetries: 0 }).listSessions({}), (e) => {
    assert.equal(e.kind, "api");
    assert.equal(e.status, 502);
    assert.equal(e.errorCode, "502");
    assert.equal(e.responseStatus.message, "Bad Gateway");
  });
  assert.equal(await countAttempts("502-html"), 3);
});

/**
 * How many requests one failing listSessions call made with `fault` under the default policy:
 * the fault is applied to the first `times` requests of a fresh key, and a call that failed made
 * n attempts exactly when a following single-attempt call is faulted for n < times and served
 * for n = times. Tries times = 1..5.
 */
function countAttempts(fault, options = {}) {
  return counted(fault, (text, once) => faulty(text, once ? { maxRetries: 0 } : options).listSessions({}));
}

test("GET retries 503, 429 and 504: succeed within the limit, give up after it", { skip }, async () => {
  // 503, 503, then the real answer: 3 attempts with the default 2 retries.
  const page = await faulty(`503; 0; times=2; key=${key()}`).listSessions({ countPerPage: 2 });
  assert.equal(page.items.length, 2);
  await faulty(`429; 0; times=2; key=${key()}`).listSessions({});
  await faulty(`504; times=2; key=${key()}`).listSessions({});
  // One more failure than retries: the error.
  await fails(faulty(`503; 0; times=3; key=${key()}`).listSessions({}), (e) => assert.equal(e.status, 503));
  await fails(faulty(`503; 0; times=2; key=${key()}`, { maxRetries: 1 }).listSessions({}), (e) => assert.equal(e.status, 503));
  // Always failing: exactly 1 + maxRetries attempts.
  assert.equal(await countAttempts("503; 0"), 3);
  assert.equal(await countAttempts("429; 0"), 3);
  assert.equal(await countAttempts("504"), 3);
  assert.equal(await countAttempts("503; 0", { maxRetries: 0 }), 1);
  assert.equal(await countAttempts("503; 0", { maxRetries: 3 }), 4);
  // getSession and iterSessions pages retry too.
  const id = page.items[0].id;
  assert.equal((await faulty(`503; 0; times=2; key=${key()}`).getSession(id)).id, id);
  let n = 0;
  for await (const s of faulty(`503; 0; times=2; key=${key()}`).iterSessions({ countPerPage: 1 })) if (s.id && ++n === 2) break;
  assert.equal(n, 2);
});

test("Retry-After is honoured, and one over 30 s is not waited for", { skip }, async () => {
  let t0 = performance.now();
  await faulty(`503; 1; times=1; key=${key()}`).listSessions({});
  let took = performance.now() - t0;
  assert.ok(took >= 990 && took < 1800, `waited ${took} ms`);
  t0 = performance.now();
  await fails(faulty(`429; 60; key=${key()}`).listSessions({}), (e) => assert.equal(e.status, 429));
  took = performance.now() - t0;
  assert.ok(took < 1000, `did not wait: ${took} ms`);
});

test("POSTs are never retried", { skip }, async () => {
  for (const fault of ["503; 0", "429; 0", "502-html", "504"]) {
    const k = key();
    const c = faulty(`${fault}; times=2; key=${k}`);
    // Each call is one attempt: the first two fail, the third is served.
    for (let i = 0; i < 2; i++) {
      await fails(c.newSession({ displayName: "never twice", channel: "Chat" }), (e) => assert.equal(e.kind, "api"));
    }
    const s = await c.newSession({ displayName: "never twice", channel: "Chat" });
    assert.equal(s.displayName, "never twice");
  }
  // The other POSTs too.
  const s = await plain().newSession({ displayName: "posts", channel: "Voice", toAddress: "+15555550111" });
  const k = key();
  const c = faulty(`503; 0; times=1; key=${k}`);
  await fails(c.addConferenceMember({ sessionId: s.id, destination: "+15555550112", fromNumber: "+15555550100" }), (e) => assert.equal(e.status, 503));
  await c.addConferenceMember({ sessionId: s.id, destination: "+15555550112", fromNumber: "+15555550100" });
  const chat = await plain().newSession({ displayName: "posts", channel: "Chat" });
  const k2 = key();
  const d = faulty(`429; 0; times=1; key=${k2}`);
  await fails(d.inviteChatMember({ sessionId: chat.id, memberToAdd: "+15555550123" }), (e) => assert.equal(e.status, 429));
  await d.inviteChatMember({ sessionId: chat.id, memberToAdd: "+15555550123" });
  // A POST that times out is not sent again: delay answers after 600 ms, twice at most.
  const k3 = key();
  const slow = faulty(`delay; 600; times=1; key=${k3}`, { timeoutMs: 200 });
  await fails(slow.newSession({ displayName: "slow", channel: "Chat" }), (e) => assert.equal(e.kind, "timeout"));
  const t0 = performance.now();
  await slow.newSession({ displayName: "slow", channel: "Chat" });
  assert.ok(performance.now() - t0 < 200, "the delay was used up by the one attempt");
});

test("a POST to a port nobody listens on is a transport error, not retried", { skip }, async () => {
  const c = new EvoVoiceClient({ baseUrl: "http://127.0.0.1:9", bearerToken: TOKEN });
  const t0 = performance.now();
  await fails(c.newSession({ channel: "Chat" }), (e) => assert.equal(e.kind, "transport"));
  const post = performance.now() - t0;
  // A GET is retried (with backoff) before the same error.
  await fails(c.listSessions({}), (e) => assert.equal(e.kind, "transport"));
  assert.ok(post < 1000, `${post} ms`);
});

test("truncated and invalid JSON: decode errors with a path", { skip }, async () => {
  const c = plain();
  await fails(faulty("truncated").listSessions({}), (e) => {
    assert.equal(e.kind, "decode");
    assert.equal(e.status, 200);
    assert.match(e.path, /^items/);
    assert.match(e.message, /could not decode/);
    assert.match(e.message, /EOF/);
  });
  await fails(faulty("invalid-json").listSessions({}), (e) => {
    assert.equal(e.kind, "decode");
    assert.equal(e.status, 200);
    assert.match(e.message, /not json/);
  });
  // Not retried: the server answered.
  assert.equal(await countAttempts("truncated"), 1);
  await c.listSessions({});
});

test("a body cut short of its Content-Length, a dropped connection: transport errors", { skip }, async () => {
  for (const fault of ["truncated; full-length", "drop"]) {
    await fails(faulty(fault).listSessions({}), (e) => {
      assert.equal(e.kind, "transport", `${fault}: ${e.message}`);
      assert.match(e.message, /^transport error: /);
      assert.equal(e.status, undefined);
    });
    assert.equal(await countAttempts(fault), 1, `${fault}: not retried`);
  }
  await plain().listSessions({}); // still usable
});

test("wrong types: decode errors naming the field", { skip }, async () => {
  const c = plain();
  for (const [fault, path] of [
    ["wrong-types", "items[0].ended"],
    ["wrong-types; muted", "items[0].members[0].muted"],
    ["wrong-types; members", "items[0].members"],
  ]) {
    await fails(faulty(fault).listSessions({}), (e) => {
      assert.equal(e.kind, "decode", fault);
      assert.equal(e.path, path, fault);
      assert.equal(e.status, 200);
      assert.match(e.message, /invalid type/);
      assert.ok(e.message.includes(path), e.message);
    });
  }
  const id = (await c.listSessions({})).items[0].id;
  await fails(faulty("wrong-types").getSession(id), (e) => assert.equal(e.path, "ended"));
});

test("unknown enum values and unknown fields are not errors", { skip }, async () => {
  const c = plain();
  const before = await c.listSessions({ countPerPage: 5 });
  const odd = await faulty("unknown-values").listSessions({ countPerPage: 5 });
  assert.equal(odd.items.length, before.items.length);
  assert.ok(odd.items.length > 0);
  odd.items.forEach((s, i) => {
    const b = before.items[i];
    assert.equal(s.id, b.id);
    assert.equal(s.channel, `FutureValue${b.channel}`, "the unknown value is kept as the server sent it");
    for (const [j, m] of (s.members || []).entries()) {
      assert.equal(m.role, `FutureValue${b.members[j].role}`);
      assert.deepEqual(m.applicationData, b.members[j].applicationData);
    }
  });
  const one = await faulty("unknown-values").getSession(before.items[0].id);
  assert.equal(one.id, before.items[0].id);
});

test("huge bodies: over maxResponseBytes a transport error, under it a value", { skip }, async () => {
  let t0 = performance.now();
  await fails(faulty("huge; 4", { maxResponseBytes: 1024 * 1024 }).listSessions({}), (e) => {
    assert.equal(e.kind, "transport");
    assert.match(e.message, /larger than the 1048576-byte limit/);
  });
  assert.ok(performance.now() - t0 < 5000);
  assert.equal(await countAttempts("huge; 2", { maxResponseBytes: 1024 * 1024 }), 1, "a size error is not retried");
  // With a Content-Length: refused before reading.
  await fails(plain({ maxResponseBytes: 10 }).listSessions({}), (e) => {
    assert.equal(e.kind, "transport");
    assert.match(e.message, /larger than the 10-byte limit/);
  });
  // Under the default 64 MiB it is a big answer, with an unknown field on the page's envelope
  // (dropped, as the Rust ListResponse drops it; a session's unknown fields are kept).
  const page = await faulty("huge; 4").listSessions({ countPerPage: 2 });
  assert.ok(page.items.length > 0);
  assert.equal(page.hugePadding, undefined);
});

test("a delay longer than the timeout: a timeout within a small margin, not retried", { skip }, async () => {
  const timeout = 400;
  const c = faulty(`delay; 3000`, { timeoutMs: timeout });
  const t0 = performance.now();
  await fails(c.listSessions({}), (e) => {
    assert.equal(e.kind, "timeout");
    assert.match(e.message, /timed out/);
    assert.equal(e.status, undefined);
  });
  const took = performance.now() - t0;
  console.log(`# timeout ${timeout} ms -> error after ${took.toFixed(1)} ms (margin ${(took - timeout).toFixed(1)} ms)`);
  assert.ok(took >= timeout - 1 && took < timeout + 150, `took ${took} ms`);
  // The per-call timeout overrides the client's.
  await fails(c.listSessions({}, { timeoutMs: 100 }), (e) => assert.equal(e.kind, "timeout"));
  // Not retried, and the client is still usable: the next call of the same key is served.
  const k = key();
  await fails(faulty(`delay; 600; times=1; key=${k}`, { timeoutMs: 150 }).listSessions({}), (e) => assert.equal(e.kind, "timeout"));
  await faulty(`delay; 600; times=1; key=${k}`, { timeoutMs: 150 }).listSessions({});
  await faulty("delay; 100", { timeoutMs: 1000 }).listSessions({});
});

test("AbortSignal stops a call and a retry wait promptly; the client stays usable", { skip }, async () => {
  const c = faulty("delay; 5000");
  let ctl = new AbortController();
  let t0 = performance.now();
  setTimeout(() => ctl.abort(), 100);
  await fails(c.listSessions({}, { signal: ctl.signal }), (e) => assert.equal(e.kind, "aborted"));
  assert.ok(performance.now() - t0 < 400, `${performance.now() - t0} ms`);
  // During the backoff: Retry-After 10 s.
  const waiting = faulty(`503; 10; key=${key()}`);
  ctl = new AbortController();
  t0 = performance.now();
  setTimeout(() => ctl.abort(), 150);
  await fails(waiting.listSessions({}, { signal: ctl.signal }), (e) => assert.equal(e.kind, "aborted"));
  const took = performance.now() - t0;
  assert.ok(took < 500, `the wait stopped: ${took} ms`);
  // Usable afterwards.
  await plain().listSessions({});
  await faulty("delay; 10").listSessions({});
});

test("no error of the matrix carries a secret", { skip }, async () => {
  const withToken = (fault) => faulty(fault, { timeoutMs: 300, maxRetries: 0 });
  const withPassword = (fault) =>
    new EvoVoiceClient({ baseUrl, userName: "dev@evovoice.local", password: "dev", headers: { "X-Evovoice-Fault": fault }, timeoutMs: 300, maxRetries: 0 });
  const faults = ["500", "502-html", "503", "504", "429", "truncated", "truncated; full-length", "invalid-json", "wrong-types", "wrong-types; muted", "delay; 1000", "drop"];
  let n = 0;
  for (const make of [withToken, withPassword]) {
    for (const fault of faults) {
      const c = make(fault);
      for (const text of [String(c), JSON.stringify(c), inspect(c, { depth: 5, showHidden: true })]) {
        for (const s of SECRETS) assert.ok(!text.includes(s === "dev" ? "\"dev\"" : s), text);
      }
      const e = await fails(c.listSessions({}));
      const text = shown(e);
      assert.ok(!text.includes(TOKEN), `${fault}: ${text}`);
      assert.ok(!text.includes("ZGV2QGV2b3ZvaWNlLmxvY2FsOmRldg"), `${fault}: basic credentials leaked`);
      n++;
    }
  }
  assert.equal(n, faults.length * 2);
  // Nor an error of a header value (a header value may be a credential).
  assert.throws(
    () => new EvoVoiceClient({ baseUrl, headers: { "X-Api-Key": "hdr-secret\nx" } }),
    (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest" && !shown(e).includes("hdr-secret"),
  );
  const h = new EvoVoiceClient({ baseUrl, headers: { "X-Api-Key": "hdr-secret" } });
  assert.ok(![String(h), JSON.stringify(h), inspect(h, { showHidden: true })].join().includes("hdr-secret"));
});
