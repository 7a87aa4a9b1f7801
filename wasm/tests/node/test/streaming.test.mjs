// A fetched body is read as it streams in, and parsed as soon as Content-Length's bytes are
// all there (fetchBytes in wasm/js/evovoice.js): whatever the chunks, the answer must be exactly
// what the sans-IO parseResponse makes of the same bytes (value, or error). A loopback server
// sends each body in pieces cut inside multi-byte characters, with and without Content-Length,
// and gzipped (Content-Length then counts fewer bytes than the body has).
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { gzipSync } from "node:zlib";
import { EvoVoiceClient, EvoVoiceError, parseResponse } from "evovoice";

const utf8 = (s) => new TextEncoder().encode(s);
const session = (i) => ({
  id: `s${i}`,
  displayName: `Zoë ${i} — 日本語 🎧`,
  channel: "Chat",
  ended: false,
  log: [{ date: "2024-01-01T00:00:00Z", message: "héllo ✓" }],
});
const page = (n) => JSON.stringify({ items: Array.from({ length: n }, (_, i) => session(i)), totalCount: n });
/** `text` with the bytes `raw` in place of its first NUL. */
const withBytes = (text, raw) => {
  const [head, tail] = text.split("\0");
  return new Uint8Array([...utf8(head), ...raw, ...utf8(tail)]);
};

/** `bytes` in `n` pieces, each cut (when it can be) inside a multi-byte character. */
function pieces(bytes, n) {
  const cuts = [];
  for (let k = 1; k < n; k++) {
    let at = Math.floor((bytes.length * k) / n);
    while (at < bytes.length && (bytes[at] & 0xc0) !== 0x80) at++;
    if (at < bytes.length && at > (cuts.at(-1) ?? 0)) cuts.push(at);
  }
  return [0, ...cuts].map((from, i) => bytes.subarray(from, cuts[i] ?? bytes.length));
}

/**
 * Serves `bytes` to every request, in pieces some ms apart; with Content-Length unless
 * `chunked`; gzipped when `gzip` (Content-Length then counts the compressed bytes).
 */
async function serve(bytes, chunked, gzip) {
  const sent = gzip ? gzipSync(bytes) : bytes;
  const server = http.createServer(async (req, res) => {
    res.writeHead(200, {
      "content-type": "application/json",
      ...(chunked ? {} : { "content-length": sent.length }),
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    for (const p of pieces(sent, 6)) {
      res.write(p);
      await new Promise((r) => setTimeout(r, 3));
    }
    res.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** What listSessions answers (value or EvoVoiceError) for `bytes`, and what parseResponse makes of them. */
async function both(bytes, chunked, gzip) {
  const server = await serve(bytes, chunked, gzip);
  try {
    const client = new EvoVoiceClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, bearerToken: "t", maxRetries: 0 });
    const fetched = await client.listSessions({}).catch((e) => e);
    let parsed;
    try {
      parsed = parseResponse("ListSessions", { status: 200, body: bytes });
    } catch (e) {
      parsed = e;
    }
    return [fetched, parsed];
  } finally {
    server.close();
  }
}

const bodies = {
  "a page with multi-byte characters": utf8(page(300)),
  "a page after a byte order mark": new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page(50))]),
  // Nulls of known fields: the core rewrites the body, and that text is parsed instead.
  "a page the core rewrites": utf8(page(50).replaceAll('"ended":false', '"ended":null')),
  // A member the DTOs do not know: kept as it came.
  "a page with a member the DTOs do not know": utf8(page(20).replace('"id":"s7"', '"id":"s7","future":{"a":[1,"✓ 🎧"]}')),
  // Bytes that are not UTF-8: a decode error.
  "a page with bytes not UTF-8": withBytes(page(20).replace("Zoë 7", "Zo\0"), [0xc3]),
  "a page cut short (its Content-Length says so)": utf8(page(50)).subarray(0, 3000),
  "a page followed by whitespace": utf8(page(50) + " \n"),
  "a page followed by more JSON": utf8(page(50) + "{}"),
};

for (const [name, bytes] of Object.entries(bodies)) {
  for (const [how, chunked, gzip] of [["with Content-Length", false, false], ["chunked", true, false], ["gzipped, with Content-Length", false, true]]) {
    test(`${name}, ${how}: listSessions answers as parseResponse`, async () => {
      const [fetched, parsed] = await both(bytes, chunked, gzip);
      if (parsed instanceof Error) {
        assert.ok(fetched instanceof EvoVoiceError, `a value where parseResponse threw ${parsed.message}`);
        assert.deepEqual([fetched.kind, fetched.message, fetched.path], [parsed.kind, parsed.message, parsed.path]);
      } else {
        assert.ok(!(fetched instanceof Error), `an error where parseResponse gave a value: ${fetched.message}`);
        assert.deepEqual(fetched, parsed);
        assert.ok(fetched.items.length > 0);
      }
    });
  }
}

test("the pieces are cut inside characters, and the values keep them whole", async () => {
  const bytes = utf8(page(300));
  const parts = pieces(bytes, 6);
  assert.equal(parts.length, 6);
  for (const p of parts.slice(1)) assert.equal(p[0] & 0xc0, 0x80, "a piece starts inside a character");
  const [fetched] = await both(bytes, false);
  assert.equal(fetched.items[299].displayName, "Zoë 299 — 日本語 🎧");
  assert.equal(fetched.items[0].log[0].message, "héllo ✓");
});
