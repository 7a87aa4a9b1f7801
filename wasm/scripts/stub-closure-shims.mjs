#!/usr/bin/env node
// Drops the closure shims that wasm-bindgen leaves in the package's wasm without a caller:
//   node wasm/scripts/stub-closure-shims.mjs <glue.js> <in.wasm (with a name section)> <out.wasm>
//
// wasm-bindgen always keeps the function table (wasm-bindgen PR 4564), and with it every
// `wasm_bindgen::convert::closures::invoke` shim and js-sys's `futures::jspi` task waker that
// js-sys's import descriptions put there: ~47 functions that only a wasm-bindgen `Closure` (or a
// `&dyn FnMut` passed to JS) or a `JsFuture` could call. The package creates neither - which this
// script checks: the glue wasm-bindgen generated has no closure machinery (it would hold
// `CLOSURE_DTORS` / `makeMutClosure`), else it refuses. Their table slots then point to one stub
// that traps, and wasm-opt removes the shims: ~0.8 KB of the gzipped wasm. The table keeps its
// size and every other slot, so every call_indirect the Rust code makes is unchanged.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [glue, input, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: stub-closure-shims.mjs <glue.js> <in.wasm> <out.wasm>");
  process.exit(2);
}
const js = readFileSync(glue, "utf8");
for (const word of ["CLOSURE_DTORS", "makeMutClosure", "makeClosure", "__wbindgen_closure"]) {
  if (js.includes(word)) {
    console.error(`stub-closure-shims: the glue uses wasm-bindgen closures (${word}): the shims may be called; not stubbing`);
    process.exit(1);
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(root, "wasm/tests/node/package.json"));
const binaryen = (await import(require.resolve("binaryen"))).default;

const module = binaryen.readBinary(readFileSync(input));
// The features build-pkg.sh gives wasm-opt (what wasm-bindgen's output uses), no more: with
// every feature on, binaryen would write types the engines do not take (stringref).
const F = binaryen.Features;
module.setFeatures(F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.Multivalue);
const shim = (name) => /^wasm_bindgen::convert::closures::.*invoke/.test(name) || /^js_sys::futures::jspi::/.test(name);
const STUB = "__evovoice_no_closure_shim";
let stubbed = 0;
let named = 0;
for (let i = module.getNumElementSegments() - 1; i >= 0; i--) {
  const info = binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i));
  const names = info.data.map((f) => binaryen.getFunctionInfo(module.getFunction(f)).name);
  named += names.filter((n) => n.includes("::")).length;
  if (!names.some(shim) || !info.table || !info.offset) continue;
  const offset = binaryen.getExpressionInfo(info.offset);
  if (offset.id !== binaryen.ConstId) continue;
  if (!module.getFunction(STUB)) module.addFunction(STUB, binaryen.none, binaryen.none, [], module.unreachable());
  const data = names.map((n) => (shim(n) ? (stubbed++, STUB) : n));
  module.removeElementSegment(info.name);
  module.addActiveElementSegment(info.table, info.name, data, module.i32.const(offset.value));
}
if (named === 0) {
  console.error("stub-closure-shims: the wasm has no function names (build it with them: profile wasm-names, wasm-bindgen --keep-debug)");
  process.exit(1);
}
if (!module.validate()) {
  console.error("stub-closure-shims: the module does not validate after stubbing");
  process.exit(1);
}
writeFileSync(output, module.emitBinary());
console.error(`stub-closure-shims: ${stubbed} table slots of closure shims now point to one trapping stub`);
