// Redirects are never followed by the JS client: session headers and tokens must not reach
// another origin. Two loopback servers: one redirects, the other counts what reaches it.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { EvoVoiceClient, EvoVoiceError } from "evovoice";

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

test("a redirect to another origin is not followed and carries no credentials", async () => {
  const reached = [];
  const elsewhere = await listen((req, res) => {
    reached.push(req.headers);
    res.end("{}");
  });
  const redirector = await listen((req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${elsewhere.address().port}/sessions/s1` });
    res.end();
  });
  try {
    const client = new EvoVoiceClient({ baseUrl: `http://127.0.0.1:${redirector.address().port}`, bearerToken: "redirect-secret" });
    const err = await client.getSession("s1").then(() => null, (e) => e);
    assert.ok(err instanceof EvoVoiceError, String(err));
    assert.equal(err.kind, "api");
    assert.equal(err.status, 302);
    assert.equal(reached.length, 0, "the other origin got a request");
    assert.ok(!err.message.includes("redirect-secret"));
  } finally {
    redirector.close();
    elsewhere.close();
  }
});
