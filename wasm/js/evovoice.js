// The JavaScript half of the evovoice wasm adapter: what cannot be written in Rust (a real
// `Error` subclass, an async generator, signal plumbing, the waiting of the retry loop: fetch,
// timers). No route, field name, error mapping or retry decision lives here: every value and
// every decision comes from the Rust core.

/**
 * An error of the evovoice SDK. `kind` says what went wrong; `isRateLimited`, `isServerError`
 * and `isConnectionError` (the core's `is_rate_limited`, `is_server_error`, `is_connection`)
 * what to do about it; see the package's README. `flags` carries those three as bits.
 * `transportKind` is the core's sub-kind of a transport error; `cause` (set by `run`) the
 * platform's error of a failed fetch.
 */
export class EvoVoiceError extends Error {
  constructor(message, kind, status, responseStatus, path, requestId, retryAfter, flags, headers, transportKind) {
    super(message);
    this.name = "EvoVoiceError";
    this.kind = kind;
    this.status = status;
    // The server's error code and field errors are those of its responseStatus (the core's
    // Error::error_code and field_errors read them from there too).
    this.errorCode = responseStatus?.errorCode ?? undefined;
    this.fieldErrors = responseStatus?.errors ?? [];
    this.responseStatus = responseStatus;
    this.path = path;
    this.headers = headers;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
    this.isRateLimited = (flags & 1) > 0;
    this.isServerError = (flags & 2) > 0;
    this.isConnectionError = (flags & 4) > 0;
    this.transportKind = transportKind;
  }
}

/** `h` as a `Headers` (a plain object or pairs copied into one); undefined when it cannot be one. */
export function asHeaders(h) {
  try {
    return h instanceof Headers ? h : new Headers(h);
  } catch {}
}

/** `h.get(n)` of a `Headers`: the value, or null. */
export function headerGet(h, n) {
  return h.get(n);
}

/** The entries of a `Headers` (anything with `entries()`) or of a plain object, flat: `[name, value, ...]`. */
function headerPairs(h) {
  return [...(typeof h.entries == "function" ? h.entries() : Object.entries(h))].flat();
}

// The options objects `readOptions` reads, by position (the Rust side, wasm/src/convert.rs,
// reads the values at these positions): each option's name, what its value must be, and the
// test. The first three are a call's and the client's alike.
const isString = (v) => typeof v == "string";
const boolean = ["a boolean", (v) => typeof v == "boolean"];
const whole = (range, min, max) => [`a whole number ${range}`, (v) => Number.isSafeInteger(v) && v >= min && v <= max];
const shared = [
  ["timeoutMs", "a non-negative number of milliseconds", (v) => v >= 0 && v < 1 / 0 && typeof v == "number"],
  ["headers", "a Headers or an object of strings", (v) => typeof v == "object" && !Array.isArray(v)],
  ["maxRetries", ...whole("from 0 to 100", 0, 100)],
];
const OPTIONS = [
  [
    "the client options",
    ...shared,
    ...["baseUrl", "bearerToken", "userName", "password"].map((name) => [name, "a string", isString]),
    ["credentials", "'omit', 'same-origin' or 'include'", (v) => ["omit", "same-origin", "include"].includes(v)],
    ["maxResponseBytes", ...whole("of bytes, at least 1", 1, Number.MAX_SAFE_INTEGER)],
    ["allowInsecureHttp", ...boolean],
    ["onEvent", "a function", (v) => typeof v == "function"],
  ],
  [
    "the call options",
    ...shared,
    ["signal", "an AbortSignal", (v) => typeof v.aborted == "boolean" && typeof v.addEventListener == "function"],
    ["raw", ...boolean],
  ],
];

/**
 * Reads options object `o` (0: a client's, 1: a call's; undefined and null: none) by its table
 * above: the values in the table's order (undefined when absent or null; `headers` as flat
 * `[name, value, ...]` string pairs), or the message (a string) of the first thing wrong: not
 * an object, an unknown option, a value of the wrong type. The Rust side makes it an
 * `invalidRequest` EvoVoiceError; the values go to the core, which checks what they mean.
 */
export function readOptions(o, which) {
  const [what, ...table] = OPTIONS[which];
  o ??= {};
  if (typeof o != "object") return what + " must be an object";
  const names = table.map((t) => t[0]);
  const unknown = Object.keys(o).find((k) => !names.includes(k));
  if (unknown !== undefined) return `unknown option \`${unknown}\` in ${what} (known: ${names.join(", ")})`;
  const out = [];
  for (const [name, must, ok] of table) {
    let v = o[name] ?? undefined;
    if (v !== undefined) {
      if (!ok(v)) return `\`${name}\` must be ${must}`;
      if (name == "headers") {
        v = headerPairs(v);
        const bad = v.findIndex((x, i) => i % 2 && !isString(x));
        if (bad > 0) return `the value of header \`${v[bad - 1]}\` must be a string`;
      }
    }
    out.push(v);
  }
  return out;
}

const utf8 = new TextDecoder();

/** The key under which `fetchBytes` leaves, with a body's bytes, their value if it parsed them. */
const VALUE = Symbol();

/**
 * `JSON.parse` of UTF-8 bytes from `start` (or the value `fetchBytes` already parsed them to).
 * The Rust core has already checked them against the answer's schema (and that they are UTF-8):
 * this is the platform's parser building the objects.
 */
export function parseJson(bytes, start) {
  return bytes[VALUE] ?? JSON.parse(utf8.decode(bytes.subarray(start)));
}

/**
 * A signal for one request: aborted when the caller's signal aborts or after `timeoutMs`.
 * `why()` tells which ("aborted" | "timeout" | undefined); `done()` clears the timer.
 */
function linkSignal(callerSignal, timeoutMs) {
  const controller = new AbortController();
  let why;
  let timer;
  const onAbort = () => {
    if (why === undefined) why = "aborted";
    controller.abort();
  };
  if (callerSignal) {
    if (callerSignal.aborted) onAbort();
    else callerSignal.addEventListener("abort", onAbort, { once: true });
  }
  if (timeoutMs > 0 && why === undefined) {
    timer = setTimeout(() => {
      if (why === undefined) why = "timeout";
      controller.abort();
    }, timeoutMs);
  }
  return {
    signal: controller.signal,
    why: () => why,
    done: () => {
      if (timer !== undefined) clearTimeout(timer);
      if (callerSignal) callerSignal.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * One fetch: the request as the Rust core built it (method, URL, headers object, body bytes or
 * undefined), the whole answer back as `{ status, statusText, headers, body: Uint8Array }`
 * (read as it streams in, and parsed as soon as Content-Length's bytes are in: see below), or
 * `{ status, tooLarge: true }` when the body is longer than `maxBytes` (the download is
 * cancelled as soon as that is known). A failure rejects with `{ stage, message, cause }`:
 * stage SEND when fetch failed before any answer, RECEIVE when the answer broke off, REDIRECT
 * when a browser met a redirect (not followed). The core decides what each means (its
 * `retry::Stage`, in this order: timeout, abort, transport, retry).
 */
const SEND = 0, RECEIVE = 1, REDIRECT = 2;
async function fetchBytes(method, url, headers, body, credentials, signal, maxBytes) {
  // Redirects are never followed: session headers (X-ss-*) must not reach another origin. Node
  // hands the 3xx back (an api error from the core); browsers give an opaque redirect.
  const init = { method, headers, signal, redirect: "manual" };
  if (body !== undefined) init.body = body;
  if (credentials !== undefined) init.credentials = credentials;
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw { stage: SEND, message: errorMessage(e), cause: e };
  }
  if (res.type === "opaqueredirect") {
    throw { stage: REDIRECT };
  }
  const answer = { status: res.status, statusText: res.statusText, headers: res.headers };
  const length = res.headers.get("content-length");
  const reader = res.body?.getReader();
  const chunks = [];
  let total = 0, bytes, value;
  try {
    // fetch never yields more than Content-Length: when it says too large, nothing is read.
    if (/^[0-9]+$/.test(length) && length > maxBytes) total = 1 / 0;
    else if (reader) {
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done || (total += chunk.length) > maxBytes) break;
        chunks.push(chunk);
        // Content-Length's bytes are all here. The stream's end (`done`) comes some ms later,
        // and in Chromium only some ms after this thread is free again: not waiting for it is
        // the gain. When the bytes are one JSON text, the body is whole (a compressed body,
        // decoded, is longer than its Content-Length, and a prefix of a JSON object or array is
        // not one): parse it now; the core still checks the bytes. (Decoded in one piece:
        // measured A/B in Chromium, text decoded chunk by chunk was no faster, and more code.)
        if (total == length) {
          try {
            value = JSON.parse(utf8.decode((bytes = join(chunks, total))));
            break;
          } catch {}
        }
      }
    }
  } catch (e) {
    throw { stage: RECEIVE, message: errorMessage(e), cause: e };
  }
  if (total > maxBytes) {
    await reader?.cancel().catch(() => {}); // (already closed)
    return { ...answer, tooLarge: true };
  }
  answer.body = value === undefined ? join(chunks, total) : bytes;
  // Read by `parseJson` if the core finds the body canonical.
  answer.body[VALUE] = value;
  return answer;
}

/** The chunks as one array of `total` bytes. */
function join(chunks, total) {
  if (chunks.length == 1) return chunks[0];
  const out = new Uint8Array(total);
  total = 0;
  for (const c of chunks) {
    out.set(c, total);
    total += c.length;
  }
  return out;
}

/**
 * The attempts of one call. `x` is the Rust side of the call (an `Exchange`): it decides, for
 * each attempt's answer or failure, how long to wait before the next attempt (-1: none), and
 * what the last one becomes (`finish()` returns the value or throws the `EvoVoiceError`).
 * This loop only waits: fetch, timers and signals are JavaScript's. With `raw`, the value comes
 * back as `{ data, status, headers }` (the last answer's status and `Headers`).
 *
 * `onEvent` (the client's hook, or undefined) hears of each attempt and of the call's end,
 * named by `operation` and the `route` template (never a URL, header or body: no secret).
 */
export async function run(x, method, url, headers, body, credentials, signal, timeoutMs, maxBytes, raw, onEvent, operation, route) {
  const started = Date.now();
  let attempt = 0;
  let answer, failure;
  // A hook that throws does not change the call.
  const emit = (type, fields, since) => {
    try {
      onEvent?.({ type, operation, method, route, ...fields, elapsedMs: Date.now() - since });
    } catch {}
  };
  try {
    for (;;) {
      const link = linkSignal(signal, timeoutMs);
      const t = Date.now();
      attempt++;
      answer = failure = undefined;
      try {
        answer = await fetchBytes(method, url, headers, body, credentials, link.signal, maxBytes);
      } catch (e) {
        failure = e;
      }
      const why = link.why();
      link.done();
      // The clock and the backoff's jitter come from here; what they mean is decided in Rust.
      const wait = answer
        ? x.answered(answer.status, answer.statusText, answer.tooLarge === true, answer.body, answer.headers, Date.now(), Math.random())
        : x.failed(failure.stage, errorMessage(failure), why === "timeout" ? 1 : why ? 2 : 0, Math.random());
      const retryInMs = wait < 0 ? undefined : wait;
      emit("attempt", { attempt, status: answer?.status, error: failure && (why ?? errorMessage(failure)), retryInMs }, t);
      if (wait < 0) break;
      if (!(await sleep(wait, signal))) {
        x.aborted();
        failure = undefined;
        break;
      }
    }
    const data = x.finish();
    emit("call", { attempts: attempt, status: answer?.status }, started);
    return raw ? { data, status: answer.status, headers: answer.headers } : data;
  } catch (e) {
    // A failed fetch's error (e.g. Node's TypeError, whose cause names ECONNREFUSED).
    if (failure) e.cause = failure.cause;
    emit("call", { attempts: attempt, status: e.status, error: e.kind }, started);
    throw e;
  } finally {
    x.free();
  }
}

/**
 * Waits `ms` milliseconds (a retry's backoff). Resolves true when the time is up, false as soon
 * as `signal` aborts (or at once when it already has).
 */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The message of whatever was thrown. */
function errorMessage(e) {
  return (e && typeof e.message === "string" && e.message) || (typeof e === "string" && e) || "fetch failed";
}

/** Every item of every page: `pager.nextPage()` resolves to an array, or undefined at the end. */
export async function* iterate(pager) {
  try {
    for (;;) {
      const items = await pager.nextPage();
      if (items === undefined) return;
      yield* items;
    }
  } finally {
    pager.free();
  }
}
