// evovoice for browsers, web workers and bundlers. Call `await init()` once before use
// (it fetches evovoice_wasm_bg.wasm next to this file; pass a URL, Response or bytes to override).
// Misuse gets an EvoVoiceError that says what to do: a call before init(), a call on a freed
// client (the glue alone would throw a TypeError from inside wasm-bindgen).
import start, { initSync as startSync, EvoVoiceClient as Client, buildRequest as build, parseResponse as parse } from "./evovoice_wasm.js";
import { EvoVoiceError } from "@@SNIPPET@@";

export { EvoVoiceError };

let ready;
const refuse = (message) => {
  throw new EvoVoiceError(message, "invalidRequest", undefined, undefined, undefined, undefined, undefined, 0);
};
const needInit = () => ready || refuse("evovoice is not initialised: call `await init()` first (once; in Node, importing \"evovoice\" does it)");

/** Loads the wasm (see wasm-bindgen's `init`); resolves to its exports. */
export default async function init(input) {
  const exports = await start(input);
  ready = 1;
  return exports;
}

/** Loads the wasm synchronously from a `WebAssembly.Module` or bytes (see wasm-bindgen's `initSync`). */
export function initSync(input) {
  const exports = startSync(input);
  ready = 1;
  return exports;
}

export const buildRequest = (...a) => (needInit(), build(...a));
export const parseResponse = (...a) => (needInit(), parse(...a));

export class EvoVoiceClient extends Client {
  constructor(options) {
    needInit();
    super(options);
  }

  /** A description without secrets, e.g. `EvoVoiceClient(https://evovoice.io, bearer)`. */
  toString() {
    return `EvoVoiceClient(${this.baseUrl}, ${this.authScheme})`;
  }

  /** What `JSON.stringify` shows: `{ baseUrl, authScheme }`, never a secret. */
  toJSON() {
    return { baseUrl: this.baseUrl, authScheme: this.authScheme };
  }
}

// Every method and getter of a client refuses once the client was freed; freeing again (free()
// or `using`'s Symbol.dispose) does nothing.
const proto = Client.prototype;
const free = proto.free;
for (const name of Reflect.ownKeys(proto)) {
  const d = Object.getOwnPropertyDescriptor(proto, name);
  const f = d.value || d.get;
  if (name == "constructor" || name[0] == "_") continue;
  d[d.get ? "get" : "value"] = function (...a) {
    return this.__wbg_ptr ? f.apply(this, a) : f == free ? undefined : refuse("this EvoVoiceClient was freed (free() or `using`): create a new one");
  };
  Object.defineProperty(proto, name, d);
}
