// The package from TypeScript under --strict, checked with moduleResolution "bundler" and
// "node16" (tsconfig.*.json); the node16 build is then run against the emulator.
import init, { EvoVoiceClient, EvoVoiceError, buildRequest } from "evovoice";
import type { RawResponse } from "evovoice";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const baseUrl: string = process.env.EVOVOICE_EMULATOR_URL ?? "http://127.0.0.1:8080";
await init();
const client = new EvoVoiceClient({ baseUrl, bearerToken: "evovoice-dev-token", timeoutMs: 10000 });
const chat = await client.newSession({ displayName: "ts", channel: "Chat" });
const id: string = chat.id ?? "";
const same = await client.getSession(id);
const name: string | null | undefined = same.displayName;
const raw: RawResponse<typeof same> = await client.getSession(id, { raw: true });
let count = 0;
for await (const s of client.iterSessions({ searchArchive: false })) {
  if (s.id === id) count += 1;
}
const req = buildRequest("GetSession", { sessionId: id }, { bearerToken: "t" });
try {
  await client.getSession("no-such-session");
  throw new Error("a missing session did not reject");
} catch (e) {
  if (!(e instanceof EvoVoiceError) || e.status !== 404) throw e;
}
if (name !== "ts" || raw.status !== 200 || count !== 1 || req.method !== "GET") {
  throw new Error(`unexpected: ${name} ${raw.status} ${count} ${req.method}`);
}
console.log("TypeScript (node16 build): ok");
