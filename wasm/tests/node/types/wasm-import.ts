// The .wasm file, imported as bundlers with a file/asset loader give it (its URL), then handed
// to init(): the recipe of the README's "Bundlers" section, typed.
import init from "evovoice";
import wasmUrl from "evovoice/evovoice_wasm_bg.wasm";

export async function start(): Promise<void> {
  const url: string = wasmUrl;
  await init({ module_or_path: url });
}
