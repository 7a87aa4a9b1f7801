// evovoice for Node 18+: the wasm is loaded from disk at import; `init()` is then a no-op.
import { readFile } from "node:fs/promises";
import { initSync } from "./index.js";

initSync({ module: await readFile(new URL("./evovoice_wasm_bg.wasm", import.meta.url)) });

export * from "./index.js";
export { default } from "./index.js";
