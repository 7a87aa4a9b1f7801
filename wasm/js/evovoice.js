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
export function headerPairs(h) {
  return [...(typeof h.entries == "function" ? h.entries() : Object.entries(h))].flat();
}

const utf8 = new TextDecoder();

/**
 * `JSON.parse` of UTF-8 bytes from `start`. The Rust core has already checked them against the
 * answer's schema (and that they are UTF-8): this is the platform's parser building the objects.
 */
export function parseJson(bytes, start) {
  return JSON.parse(utf8.decode(start ? bytes.subarray(start) : bytes));
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
 * One fetch: the request as the Rust core built it (method, URL, header pairs, body bytes or
 * undefined), the whole answer back as `{ status, statusText, headers, body: Uint8Array }`,
 * or `{ status, tooLarge: true }` when the body is longer than `maxBytes` (the download is
 * cancelled as soon as that is known). A failure rejects with `{ stage, message }`: stage
 * `"send"` when fetch failed before any answer, `"receive"` when the answer broke off,
 * `"redirect"` when a browser met a redirect (not followed). The
 * caller decides what it means (timeout, abort, transport, retry).
 */
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
    throw { stage: "send", message: errorMessage(e), cause: e };
  }
  if (res.type === "opaqueredirect") {
    throw { stage: "redirect", message: "the server answered with a redirect, which evovoice does not follow (credentials must not reach another origin)" };
  }
  const answer = { status: res.status, statusText: res.statusText, headers: res.headers };
  try {
    const length = res.headers.get("content-length");
    if (length !== null && /^[0-9]+$/.test(length)) {
      // fetch never yields more than Content-Length: one read of the whole body.
      if (Number(length) > maxBytes) {
        await cancel(res);
        return { ...answer, tooLarge: true };
      }
      answer.body = new Uint8Array(await res.arrayBuffer());
      return answer;
    }
    answer.body = await readCapped(res, maxBytes);
    if (answer.body === undefined) answer.tooLarge = true;
    return answer;
  } catch (e) {
    throw { stage: "receive", message: errorMessage(e), cause: e };
  }
}

async function cancel(res) {
  try {
    await res.body?.cancel();
  } catch {
    // already closed
  }
}

/** The body, counted as it streams in; undefined (and the download cancelled) past `maxBytes`. */
async function readCapped(res, maxBytes) {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      try {
        await reader.cancel();
      } catch {
        // already closed
      }
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The attempts of one call. `x` is the Rust side of the call (an `Exchange`): it decides, for
 * each attempt's answer or failure, how long to wait before the next attempt (-1: none), and
 * what the last one becomes (`finish()` returns the value or throws the `EvoVoiceError`).
 * This loop only waits: fetch, timers and signals are JavaScript's. With `raw`, the value comes
 * back as `{ data, status, headers }` (the last answer's status and `Headers`).
 */
export async function run(x, method, url, headers, body, credentials, signal, timeoutMs, maxBytes, raw) {
  try {
    for (;;) {
      const link = linkSignal(signal, timeoutMs);
      let answer, failure;
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
        : x.failed(failure?.stage === "send", errorMessage(failure), why === "timeout" ? 1 : why ? 2 : 0, Math.random());
      if (wait < 0) {
        let data;
        try {
          data = x.finish();
        } catch (e) {
          // A failed fetch's error (e.g. Node's TypeError, whose cause names ECONNREFUSED).
          if (failure) e.cause = failure.cause;
          throw e;
        }
        return raw ? { data, status: answer.status, headers: answer.headers } : data;
      }
      if (!(await sleep(wait, signal))) {
        x.aborted();
        return x.finish();
      }
    }
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
