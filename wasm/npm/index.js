// evovoice for browsers, web workers and bundlers. Call `await init()` once before use
// (it fetches evovoice_wasm_bg.wasm next to this file; pass a URL, Response or bytes to override).
export * from "./evovoice_wasm.js";
export { default } from "./evovoice_wasm.js";
export { EvoVoiceError } from "@@SNIPPET@@";
