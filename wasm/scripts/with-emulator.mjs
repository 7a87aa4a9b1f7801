#!/usr/bin/env node
// Runs a command against a fresh emulator:
//   node wasm/scripts/with-emulator.mjs [emulator args...] -- command [args...]
// Starts target/debug/evovoice-emulator --port 0 --watch-stdin on 127.0.0.1, waits for its
// "listening on URL" line, runs the command with EVOVOICE_EMULATOR_URL=URL, then closes the
// emulator's stdin (it exits by itself) and exits with the command's status.
// Also sets EVOVOICE_SLOW_URL: a 127.0.0.1 server that accepts connections and never answers
// (for timeout tests); it lives as long as this script. With `--faults` among the emulator args
// (fault injection, see tests/emulator/README.md) it sets EVOVOICE_EMULATOR_FAULTS=1 too, so the
// fault-matrix suites know they may run.
import { spawn } from "node:child_process";
import net from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const argv = process.argv.slice(2);
const sep = argv.indexOf("--");
if (sep < 0 || sep === argv.length - 1) {
  console.error("usage: with-emulator.mjs [emulator args] -- command [args]");
  process.exit(2);
}
const emuArgs = argv.slice(0, sep);
const [cmd, ...cmdArgs] = argv.slice(sep + 1);
const bin = process.env.EVOVOICE_EMULATOR_BIN || path.join(root, "target/debug/evovoice-emulator");

const emu = spawn(bin, ["--port", "0", "--watch-stdin", ...emuArgs], { stdio: ["pipe", "pipe", "inherit"] });
emu.on("error", (e) => {
  console.error(`could not start the emulator (${bin}): ${e.message}`);
  process.exit(1);
});

const url = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(null), 30000);
  const lines = createInterface({ input: emu.stdout });
  lines.on("line", (line) => {
    const m = /listening on (http:\/\/\S+)/.exec(line);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  emu.on("exit", () => resolve(null));
});
if (!url) {
  console.error("the emulator did not start");
  emu.kill();
  process.exit(1);
}
emu.stdout.resume();
console.error(`emulator at ${url}`);

const stop = () =>
  new Promise((resolve) => {
    if (emu.exitCode !== null || emu.signalCode !== null) return resolve();
    const t = setTimeout(() => emu.kill("SIGKILL"), 5000);
    emu.on("exit", () => {
      clearTimeout(t);
      resolve();
    });
    emu.stdin.end();
  });

const sockets = new Set();
const slow = net.createServer((s) => {
  sockets.add(s);
  s.on("error", () => {});
  s.on("close", () => sockets.delete(s));
});
await new Promise((resolve) => slow.listen(0, "127.0.0.1", resolve));
const slowUrl = `http://127.0.0.1:${slow.address().port}`;
// A port nothing listens on (bound, then closed): a refused connection, for the tests that need
// one (port 9 would not do: fetch refuses it by itself as a "bad port", before any connection).
const closedUrl = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(`http://127.0.0.1:${port}`));
  });
});
const closeSlow = () => {
  for (const s of sockets) s.destroy();
  slow.close();
};

const child = spawn(cmd, cmdArgs, {
  stdio: "inherit",
  env: {
    ...process.env,
    EVOVOICE_EMULATOR_URL: url,
    EVOVOICE_SLOW_URL: slowUrl,
    EVOVOICE_CLOSED_URL: closedUrl,
    ...(emuArgs.includes("--faults") ? { EVOVOICE_EMULATOR_FAULTS: "1" } : {}),
  },
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => child.kill(sig));
}
child.on("error", async (e) => {
  console.error(`could not run ${cmd}: ${e.message}`);
  closeSlow();
  await stop();
  process.exit(1);
});
child.on("exit", async (code, signal) => {
  closeSlow();
  await stop();
  process.exit(code ?? (signal ? 1 : 0));
});
