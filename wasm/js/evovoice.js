// The JavaScript half of the evovoice wasm adapter: what cannot be written in Rust (a real
// `Error` subclass, an async generator, signal plumbing). No route, field name or error mapping
// lives here: every value comes from the Rust core.

/** An error of the evovoice SDK. `kind` says what went wrong; see the package's README. */
export class EvoVoiceError extends Error {
  constructor(message, kind, status, errorCode, fieldErrors, responseStatus, path) {
    super(message);
    this.name = "EvoVoiceError";
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode;
    this.fieldErrors = fieldErrors;
    this.responseStatus = responseStatus;
    this.path = path;
  }
}

export function makeError(message, kind, status, errorCode, fieldErrors, responseStatus, path) {
  return new EvoVoiceError(message, kind, status, errorCode, fieldErrors, responseStatus, path);
}

export function isFunction(v) {
  return typeof v === "function";
}

/**
 * A signal for one request: aborted when the caller's signal aborts or after `timeoutMs`.
 * `why()` tells which ("aborted" | "timeout" | undefined); `done()` clears the timer.
 */
export function linkSignal(callerSignal, timeoutMs) {
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
 * undefined), the whole answer back as `{ status, statusText, body: Uint8Array }`. A failure
 * rejects with fetch's own error; the caller decides what it means (timeout, abort, transport).
 */
export async function fetchBytes(method, url, headers, body, credentials, signal) {
  const init = { method, headers, signal };
  if (body !== undefined) init.body = body;
  if (credentials !== undefined) init.credentials = credentials;
  const res = await fetch(url, init);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, statusText: res.statusText, body: bytes };
}

/** The message of whatever was thrown. */
export function errorMessage(e) {
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
