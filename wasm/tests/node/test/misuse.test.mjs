// Misuse of the package gets an EvoVoiceError that says what to do (issue 17): a call before
// `init()`, a call on a freed client. Loopback only; no server needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { EvoVoiceClient, EvoVoiceError } from "evovoice";

const browserEntry = fileURLToPath(new URL("../node_modules/evovoice/index.js", import.meta.url));

/** Runs `body` (an async function's text, given the browser entry as `m`) in a fresh Node. */
function fresh(body) {
  const script = `const m = await import(${JSON.stringify(browserEntry)});\n${body}`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim();
}

test("a client or a sans-IO call before init(): EvoVoiceError saying to call `await init()`", () => {
  const out = fresh(`
    const seen = [];
    for (const f of [() => new m.EvoVoiceClient(), () => m.buildRequest("GetSession", { sessionId: "s" }), () => m.parseResponse("GetSession", { status: 200, body: "{}" })]) {
      try { f(); seen.push("no error"); } catch (e) { seen.push([e instanceof m.EvoVoiceError, e.name, e.kind, e.message]); }
    }
    console.log(JSON.stringify(seen));
  `);
  const seen = JSON.parse(out);
  assert.equal(seen.length, 3);
  for (const [isEvo, name, kind, message] of seen) {
    assert.equal(isEvo, true);
    assert.equal(name, "EvoVoiceError");
    assert.equal(kind, "invalidRequest");
    assert.match(message, /call `await init\(\)` first/);
  }
});

test("after init() the browser entry works; initSync too", () => {
  const out = fresh(`
    const { readFileSync } = await import("node:fs");
    m.initSync({ module: readFileSync(new URL("evovoice_wasm_bg.wasm", "file://${browserEntry}")) });
    const c = new m.EvoVoiceClient({ bearerToken: "t" });
    console.log(String(c), JSON.stringify(c), m.buildRequest("GetSession", { sessionId: "s" }).url);
  `);
  assert.equal(out, 'EvoVoiceClient(https://evovoice.io, bearer) {"baseUrl":"https://evovoice.io","authScheme":"bearer"} https://evovoice.io/sessions/s');
});

test("a freed client: every method and getter throws EvoVoiceError saying so", async () => {
  const c = new EvoVoiceClient({ baseUrl: "http://127.0.0.1:9", bearerToken: "t" });
  c.free();
  const calls = {
    getSession: () => c.getSession("s"),
    listSessions: () => c.listSessions({}),
    newSession: () => c.newSession({ channel: "Chat" }),
    iterSessions: () => c.iterSessions({}),
    login: () => c.login("u", "p"),
    setBearerToken: () => c.setBearerToken("x"),
    baseUrl: () => c.baseUrl,
    authScheme: () => c.authScheme,
    toString: () => String(c),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, (e) => e instanceof EvoVoiceError && e.kind === "invalidRequest" && /EvoVoiceClient was freed/.test(e.message), name);
  }
  // Freeing twice is harmless.
  c.free();
});

test("authScheme: cookie for a client that sends the browser's cookies and has no credentials of its own", () => {
  assert.equal(new EvoVoiceClient({ credentials: "include" }).authScheme, "cookie");
  assert.equal(new EvoVoiceClient({ credentials: "same-origin" }).authScheme, "cookie");
  assert.equal(new EvoVoiceClient({ credentials: "omit" }).authScheme, "none");
  assert.equal(new EvoVoiceClient().authScheme, "none");
  assert.equal(new EvoVoiceClient({ credentials: "include", bearerToken: "t" }).authScheme, "bearer");
});

test("only the public names are exported", async () => {
  const m = await import("evovoice");
  assert.deepEqual(Object.keys(m).sort(), ["EvoVoiceClient", "EvoVoiceError", "buildRequest", "default", "initSync", "parseResponse"]);
});

test("require('evovoice') from CommonJS: an error naming the alternative", () => {
  const require = createRequire(import.meta.url);
  assert.throws(() => require("evovoice"), (e) => e.code === "ERR_REQUIRE_ESM" && /evovoice is an ES module: use `import/.test(e.message) && /await import\("evovoice"\)/.test(e.message));
  // The alternative it names works from CommonJS.
  const out = execFileSync(process.execPath, ["-e", 'import("evovoice").then((m) => console.log(typeof m.EvoVoiceClient, new m.EvoVoiceClient().authScheme))'], {
    encoding: "utf8",
    cwd: fileURLToPath(new URL("..", import.meta.url)),
  }).trim();
  assert.equal(out, "function none");
});

test("every source map of the package names files that exist in the package", async () => {
  const { readFileSync, readdirSync, existsSync } = await import("node:fs");
  const path = await import("node:path");
  const root = fileURLToPath(new URL("../node_modules/evovoice/", import.meta.url));
  const maps = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith(".js.map") && !f.startsWith("src/"));
  assert.ok(maps.length >= 4, `${maps}`);
  for (const map of maps) {
    const { sources, file } = JSON.parse(readFileSync(path.join(root, map), "utf8"));
    assert.equal(file, path.basename(map, ".map"), map);
    for (const source of sources) {
      assert.ok(existsSync(path.join(root, path.dirname(map), source)), `${map} names ${source}, which is not in the package`);
    }
  }
});

test("a page always has its items, and an answer keeps the fields this SDK does not know", async () => {
  const { parseResponse } = await import("evovoice");
  for (const body of ['{"totalCount":0}', '{"items":null,"totalCount":0}', '{"items":[],"totalCount":0}']) {
    assert.deepEqual(parseResponse("ListSessions", { status: 200, body }), { items: [], totalCount: 0 }, body);
  }
  const s = parseResponse("GetSession", { status: 200, body: '{"id":"s1","displayName":null,"newerField":{"a":[1]},"members":[{"identity":"x","later":true}]}' });
  assert.deepEqual(s, { id: "s1", newerField: { a: [1] }, members: [{ identity: "x", later: true }] });
});
