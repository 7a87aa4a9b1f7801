// The package's TypeScript, checked as users compile it (make test-wasm-types):
// 1. the README's main example (its first ```ts block, extracted here so that the README is what
//    is checked) and types-check.ts compile under --strict with moduleResolution "bundler" and
//    "node16", with no `!` needed;
// 2. types/mistakes.ts, a file of deliberate mistakes, fails with exactly the errors its
//    `// error TSnnnn` markers name, each on its own line, and no other.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const tsc = here("../node_modules/.bin/tsc");

const readme = readFileSync(here("../../../npm/README.md"), "utf8");
const block = readme.match(/```ts\n([\s\S]*?)```/);
assert.ok(block, "the README has a ```ts example");
assert.doesNotMatch(block[1], /[\w)\]]!\.|[\w)\]]!\)|[\w)\]]!;/, "the README's example needs no non-null assertion");
writeFileSync(here("readme.gen.ts"), `// Generated from wasm/npm/README.md by types/check.mjs. Do not edit.\n${block[1]}\nexport {};\n`);

/** Runs tsc over `files` with `options`; its output (empty when it passed). */
function compile(files, options) {
  const config = { compilerOptions: { target: "ES2022", strict: true, noEmit: true, lib: ["ES2022", "DOM", "ESNext.Disposable"], types: [], ...options }, files };
  writeFileSync(here("tsconfig.gen.json"), JSON.stringify(config, null, 2));
  try {
    execFileSync(tsc, ["-p", here("tsconfig.gen.json")], { encoding: "utf8" });
    return "";
  } catch (e) {
    return e.stdout + e.stderr;
  }
}

const good = ["readme.gen.ts", "../types-check.ts", "../types-raw.ts", "wasm-import.ts"];
for (const resolution of [{ module: "ESNext", moduleResolution: "bundler" }, { module: "node16", moduleResolution: "node16" }]) {
  const out = compile(good, resolution);
  assert.equal(out, "", `tsc --strict with ${JSON.stringify(resolution)}:\n${out}`);
  console.log(`tsc --strict, moduleResolution ${resolution.moduleResolution}: ${good.join(", ")} compile`);
}

const mistakes = readFileSync(here("mistakes.ts"), "utf8").split("\n");
const want = new Set();
mistakes.forEach((line, i) => {
  const m = line.match(/\/\/ error (TS\d+)/);
  if (m) want.add(`${i + 1} ${m[1]}`);
});
assert.ok(want.size >= 10, `${want.size} marked mistakes`);
const out = compile(["mistakes.ts"], { module: "ESNext", moduleResolution: "bundler" });
const got = new Set([...out.matchAll(/mistakes\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`));
const missing = [...want].filter((w) => !got.has(w));
const unexpected = [...got].filter((g) => !want.has(g));
assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, out);
console.log(`mistakes.ts: the ${want.size} marked mistakes fail as marked, nothing else`);
