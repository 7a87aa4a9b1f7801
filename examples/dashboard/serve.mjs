#!/usr/bin/env node
// A tiny static server for the dashboard: / -> examples/dashboard, /pkg/ -> wasm/pkg (the npm
// package), /config.json -> the API base URL (EVOVOICE_EMULATOR_URL or EVOVOICE_BASE_URL).
// Listens on 127.0.0.1 (PORT or a free port). `make dashboard` runs it with a seeded emulator.
import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const roots = { "/pkg/": path.resolve(here, "../../wasm/pkg"), "/": here };
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

export async function startServer({ port = Number(process.env.PORT ?? 0), apiBaseUrl } = {}) {
  const api = apiBaseUrl ?? process.env.EVOVOICE_EMULATOR_URL ?? process.env.EVOVOICE_BASE_URL ?? "http://127.0.0.1:8080";
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return res.end(JSON.stringify({ apiBaseUrl: api }));
    }
    const prefix = url.pathname.startsWith("/pkg/") ? "/pkg/" : "/";
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html";
    const file = path.resolve(roots[prefix], rel);
    if (!file.startsWith(roots[prefix] + path.sep) && file !== roots[prefix]) {
      res.writeHead(403);
      return res.end();
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/`, api };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url, api } = await startServer();
  console.log(`dashboard: ${url}  (API: ${api}; sign in with token evovoice-dev-token or dev@evovoice.local / dev)`);
  console.log("press Ctrl-C to stop");
}
