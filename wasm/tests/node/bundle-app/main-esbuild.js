// esbuild does not follow `new URL(..., import.meta.url)`: the README's recipe imports the .wasm
// with esbuild's file loader (`--loader:.wasm=file`), which copies it beside the bundle and
// gives its URL, and hands that URL to init().
import init from "evovoice";
import wasmUrl from "evovoice/evovoice_wasm_bg.wasm";
import { dashboard } from "./flow.js";

await dashboard(() => init({ module_or_path: wasmUrl }));
