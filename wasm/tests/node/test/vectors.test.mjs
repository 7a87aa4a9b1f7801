// Every shared vector of tests/vectors through the package's public sans-IO pair. Also, with
// EVOVOICE_EXTRA_VECTORS (`:`-separated directories, relative to the repository), theirs; and
// with EVOVOICE_PACKAGE (a path), that build of the package instead of the installed one (the
// test-only operation's run, tests/extra_operation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const { buildRequest, parseResponse, EvoVoiceError } = await import(
  process.env.EVOVOICE_PACKAGE ? pathToFileURL(process.env.EVOVOICE_PACKAGE).href : "evovoice"
);

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dirs = ["tests/vectors", ...(process.env.EVOVOICE_EXTRA_VECTORS ?? "").split(":").filter((d) => d)];
const vectors = dirs.flatMap((d) =>
  readdirSync(root + d)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(`${root}${d}/${f}`, "utf8")).map((v) => ({ file: f, ...v }))),
);

// The vector's config in the package's ClientOptions shape.
function configOf(v) {
  const c = v.config ?? {};
  return { baseUrl: c.baseUrl, bearerToken: c.bearerToken, ...(c.basicAuth ?? {}) };
}

function checkError(err, want) {
  assert.ok(err instanceof EvoVoiceError, `expected EvoVoiceError, got ${err}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, "EvoVoiceError");
  assert.equal(err.kind, want.kind);
  if ("status" in want) assert.equal(err.status ?? null, want.status);
  if ("errorCode" in want) assert.equal(err.errorCode ?? null, want.errorCode);
  if ("message" in want) assert.equal(err.responseStatus?.message ?? null, want.message);
  if ("fieldErrors" in want) {
    const got = err.fieldErrors.map((f) => ({
      fieldName: f.fieldName ?? null,
      errorCode: f.errorCode ?? null,
      message: f.message ?? null,
    }));
    assert.deepEqual(got, want.fieldErrors);
  }
  // The answer's metadata, read by the core from the response headers (null: absent).
  if ("requestId" in want) assert.equal(err.requestId ?? null, want.requestId, "requestId");
  if ("retryAfter" in want) assert.equal(err.retryAfter ?? null, want.retryAfter, "retryAfter");
  if (want.kind === "api") {
    assert.ok(err.headers instanceof Headers, "an error with an answer carries its headers");
    assert.equal(err.isRateLimited, want.status === 429);
    assert.equal(err.isServerError, want.status >= 500);
    assert.equal(err.isConnectionError, false);
  }
  if ("path" in want) {
    assert.equal(err.path, want.path);
    assert.ok(err.message.includes(want.path), `${err.message} names ${want.path}`);
  }
  assert.ok(err.message.length > 0);
}

test("there are vectors", () => assert.ok(vectors.length >= 20, `${vectors.length}`));

for (const v of vectors) {
  test(`vector ${v.file}: ${v.name}`, () => {
    let req;
    try {
      req = buildRequest(v.operation, v.request, configOf(v));
    } catch (e) {
      assert.ok(!v.expect, `building failed: ${e}`);
      checkError(e, v.error);
      return;
    }
    assert.ok(v.expect, "building should have failed");
    assert.equal(req.method, v.expect.method);
    assert.equal(req.url, v.expect.url);
    for (const [h, val] of Object.entries(v.expect.headers ?? {})) assert.equal(req.headers[h], val, `header ${h}`);
    for (const h of v.expect.absentHeaders ?? []) assert.ok(!(h in req.headers), `header ${h} must be absent`);
    assert.equal(req.body, v.expect.body);

    const r = v.response;
    // Half the vectors pass the body as bytes, half as text: both are accepted.
    const body = r.body.length % 2 ? new TextEncoder().encode(r.body) : r.body;
    let value;
    try {
      value = parseResponse(v.operation, { status: r.status, statusText: r.reason, headers: r.headers, body });
    } catch (e) {
      assert.ok(!v.decoded, `expected a value, got ${e}`);
      checkError(e, v.error);
      return;
    }
    assert.ok(v.decoded, `expected an error, decoded ${JSON.stringify(value)}`);
    assert.deepEqual(value, v.decoded);
    // (A success's `meta` is not checked here: the sans-IO parseResponse gives the value only;
    // a raw call's status and Headers are the fetch Response's, see options.test.mjs.)
  });
}
