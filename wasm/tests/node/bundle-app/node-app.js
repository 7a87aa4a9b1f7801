// A Node program bundled by esbuild (--platform=node): the package's Node entry loads the .wasm
// from beside the bundle (the README's recipe copies it there). Prints what it got as JSON.
import { EvoVoiceClient } from "evovoice";

const client = new EvoVoiceClient({ baseUrl: process.env.EVOVOICE_EMULATOR_URL, bearerToken: "evovoice-dev-token" });
const page = await client.listSessions({ countPerPage: 2 });
console.log(JSON.stringify({ items: page.items.length }));
