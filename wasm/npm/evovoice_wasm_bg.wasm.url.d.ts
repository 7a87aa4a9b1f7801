// `import wasmUrl from "evovoice/evovoice_wasm_bg.wasm"`: what a bundler's file or asset loader
// gives for the .wasm (esbuild `--loader:.wasm=file`, webpack 5 `type: "asset/resource"`,
// Vite `?url`): its URL, to hand to `init({ module_or_path: wasmUrl })`.
declare const wasmUrl: string;
export default wasmUrl;
