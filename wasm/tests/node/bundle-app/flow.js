// The dashboard flow every bundled build runs in Chromium (e2e/bundlers.mjs): list a page,
// create a chat session, read it back, and show an API error in words. The result goes to
// <body data-result>.
import { EvoVoiceClient, EvoVoiceError } from "evovoice";

export async function dashboard(start) {
  const api = new URLSearchParams(location.search).get("api");
  try {
    await start();
    const client = new EvoVoiceClient({ baseUrl: api, bearerToken: "evovoice-dev-token" });
    const page = await client.listSessions({ countPerPage: 3 });
    const created = await client.newSession({ displayName: "bundled", channel: "Chat" });
    const same = await client.getSession(created.id);
    const missing = await client.getSession("no-such-session").then(() => null, (e) => e);
    document.body.dataset.result = JSON.stringify({
      items: page.items.length,
      total: page.totalCount,
      created: same.displayName,
      notFound: missing instanceof EvoVoiceError ? missing.status : null,
    });
  } catch (e) {
    document.body.dataset.result = JSON.stringify({ error: String(e) });
  }
}
