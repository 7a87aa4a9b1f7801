// The npm package as a bundler sees it: `import ... from "evovoice"` and `await init()`, which
// loads the .wasm the bundler emitted (Vite and webpack 5 follow the package's
// `new URL("evovoice_wasm_bg.wasm", import.meta.url)`).
import init from "evovoice";
import { dashboard } from "./flow.js";

await dashboard(() => init());
