// `require("evovoice")`: the package is an ES module (its Node entry awaits the .wasm at load,
// which require() cannot wait for). Say so, and what to write instead.
throw Object.assign(
  new Error('evovoice is an ES module: use `import { EvoVoiceClient } from "evovoice"`, or from CommonJS `const { EvoVoiceClient } = await import("evovoice")`'),
  { code: "ERR_REQUIRE_ESM" },
);
