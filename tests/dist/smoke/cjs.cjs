// The package from CommonJS (tests/dist/test-dist.sh). require() of this ES-module package must
// fail with the documented error (README "Bundlers, Node bundles and CommonJS"): code
// ERR_REQUIRE_ESM, naming `await import("evovoice")`; that dynamic import() works and the
// client answers.
const assert = require("node:assert/strict");

let required;
try {
  required = require("evovoice");
} catch (e) {
  assert.equal(e.code, "ERR_REQUIRE_ESM", `require failed with ${e.code}: ${e.message}`);
  assert.match(e.message, /await import\("evovoice"\)/);
  console.log(`require("evovoice") fails as documented: ${e.code}`);
}
assert.equal(required, undefined, "require(\"evovoice\") succeeded: update the README's CommonJS note");

(async () => {
  const { EvoVoiceClient, EvoVoiceError } = await import("evovoice");
  const client = new EvoVoiceClient({ baseUrl: process.env.EVOVOICE_EMULATOR_URL, bearerToken: "evovoice-dev-token" });
  const chat = await client.newSession({ displayName: "cjs", channel: "Chat" });
  assert.equal((await client.getSession(chat.id)).displayName, "cjs");
  await assert.rejects(client.getSession("no-such-session"), (e) => e instanceof EvoVoiceError && e.status === 404);
  console.log("CommonJS: await import(\"evovoice\") ok");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
