// The in-page side of the browser benchmark: loaded by bench.html from the static server, it
// measures each client in this page (Chromium), interleaved, and returns the samples (ms).
import init, { EvoVoiceClient, parseResponse } from "/pkg/index.js";
import { JsonServiceClient } from "/sc/servicestack-client.min.mjs";

const TOKEN = "evovoice-dev-token";
const PAGE = 1000;

// The DTO pattern @servicestack/client requires (as its generated TypeScript DTOs do), for the
// predefined route /api/ListSessions.
class ListResponse {
  constructor(init) { Object.assign(this, init); }
}
class ListSessions {
  constructor(init) { Object.assign(this, init); }
  getTypeName() { return "ListSessions"; }
  getMethod() { return "GET"; }
  createResponse() { return new ListResponse(); }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

window.runBench = async ({ url, rounds, warmup }) => {
  await init();
  const evo = new EvoVoiceClient({ baseUrl: url, bearerToken: TOKEN });
  const sc = new JsonServiceClient(url);
  sc.bearerToken = TOKEN;
  const listUrl = `${url}/sessions?countPerPage=${PAGE}`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const bytes = new Uint8Array(await (await fetch(listUrl, { headers })).arrayBuffer());
  const body = new TextDecoder().decode(bytes);
  window.decodeLoop = (n) => {
    for (let i = 0; i < n; i++) parseResponse("ListSessions", { status: 200, body: bytes });
  };

  const contenders = {
    evovoice: async () => (await evo.listSessions({ countPerPage: PAGE })).items,
    "@servicestack/client": async () => (await sc.get(new ListSessions({ countPerPage: PAGE }))).items,
    "fetch+res.json()": async () => (await (await fetch(listUrl, { headers })).json()).items,
    "JSON.parse(body) only": async () => JSON.parse(body).items,
    // The breakdown of evovoice's time: the same request without decoding, and the decoding alone
    // (the sans-IO parseResponse on the same bytes).
    "fetch+arrayBuffer() only": async () => {
      const b = await (await fetch(listUrl, { headers })).arrayBuffer();
      return { length: b.byteLength === bytes.length ? PAGE : -1 };
    },
    "evovoice parseResponse(bytes) only": async () => parseResponse("ListSessions", { status: 200, body: bytes }).items,
  };
  const names = Object.keys(contenders);
  // Every contender must answer the same page.
  const firsts = {};
  for (const n of names) firsts[n] = await contenders[n]();
  const ids = (items) => items.map((s) => s.id).join(",");
  for (const n of names.filter((n) => !n.startsWith("fetch+arrayBuffer"))) {
    if (firsts[n].length !== PAGE || ids(firsts[n]) !== ids(firsts.evovoice)) throw new Error(`${n} returned a different page`);
  }
  for (let i = 0; i < warmup; i++) for (const n of names) await contenders[n]();
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  // The order rotates every round and runs backwards every other round, so that each contender
  // follows each other one equally often; and each call starts after a pause, so that work a
  // call leaves behind (its stream's end, a collection) is not counted in the next one's time.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  for (let r = 0; r < rounds; r++) {
    const order = names.slice(r % names.length).concat(names.slice(0, r % names.length));
    if (r % 2) order.reverse();
    for (const n of order) {
      await settle();
      const t = performance.now();
      const items = await contenders[n]();
      samples[n].push(performance.now() - t);
      if (items.length !== PAGE) throw new Error(`${n}: ${items.length} items`);
    }
  }
  return {
    bodyBytes: body.length,
    userAgent: navigator.userAgent,
    samples,
    median: Object.fromEntries(names.map((n) => [n, median(samples[n])])),
  };
};
window.benchReady = true;
