// The npm package as a bundler sees it: `import ... from "evovoice"`, built by Vite.
import init, { EvoVoiceClient, EvoVoiceError } from "evovoice";

const api = new URLSearchParams(location.search).get("api");
try {
  await init();
  const client = new EvoVoiceClient({ baseUrl: api, bearerToken: "evovoice-dev-token" });
  const page = await client.listSessions({ countPerPage: 3 });
  const missing = await client.getSession("no-such-session").then(() => null, (e) => e);
  document.body.dataset.result = JSON.stringify({
    items: page.items.length,
    total: page.totalCount,
    notFound: missing instanceof EvoVoiceError ? missing.status : null,
  });
} catch (e) {
  document.body.dataset.result = JSON.stringify({ error: String(e) });
}
