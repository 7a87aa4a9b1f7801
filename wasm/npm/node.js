// evovoice for Node 18+: the wasm is loaded from disk at import; `init()` is then a no-op.
import { readFile } from "node:fs/promises";
import { initSync } from "./index.js";

const wasm = new URL("./evovoice_wasm_bg.wasm", import.meta.url);
let bytes;
try {
  bytes = await readFile(wasm);
} catch (e) {
  // Bundled for Node, the package's files are no longer beside this code.
  throw new Error(`evovoice: evovoice_wasm_bg.wasm was not found beside ${import.meta.url} (bundled for Node? copy node_modules/evovoice/evovoice_wasm_bg.wasm beside the bundle, or keep evovoice external)`, { cause: e });
}
initSync({ module: bytes });

export * from "./index.js";
export { default } from "./index.js";
