
/**
 * How a client authenticates (`client.authScheme`): with credentials of its own (`"bearer"`,
 * `"basic"`, or `"session"` after `login`), with the browser's cookies (`"cookie"`: its
 * `credentials` option is `"include"` or `"same-origin"`), or not at all (`"none"`).
 */
export type AuthScheme = "none" | "bearer" | "basic" | "session" | "cookie";

/** What every client has besides its calls (declared with the class). */
export interface EvoVoiceClient {
  /** A description without secrets, e.g. `EvoVoiceClient(https://evovoice.io, bearer)`. */
  toString(): string;
  /** What `JSON.stringify` shows: `{ baseUrl, authScheme }`, never a secret. */
  toJSON(): { baseUrl: string; authScheme: AuthScheme };
}

/** How a client connects and authenticates. */
export interface ClientOptions {
  /** The API's base URL (default `https://evovoice.io`), optionally with a path prefix. */
  baseUrl?: string;
  /** A bearer token: a JWT or an API key. */
  bearerToken?: string;
  /** With `password`: HTTP basic authentication. */
  userName?: string;
  /** With `userName`: HTTP basic authentication. */
  password?: string;
  /**
   * Default timeout of every call, in milliseconds (0 or absent: none). It applies to each
   * attempt: a retried call can take longer (a timed-out attempt itself is never retried).
   */
  timeoutMs?: number;
  /** The fetch credentials mode; `'include'` sends cookies cross-origin (cookie sessions). */
  credentials?: "omit" | "same-origin" | "include";
  /**
   * Headers sent with every request (e.g. a tracing id). `Accept`, `Content-Type`,
   * `Authorization` and `X-ss-*` are the SDK's and cannot be set here (`invalidRequest`).
   * Values are treated as secrets: they never appear in messages or `toString()`.
   */
  headers?: Record<string, string>;
  /**
   * Retries after the first attempt (default 2; 0 disables). GET calls are retried when fetch
   * fails before any answer and on 429, 502, 503 and 504, with exponential backoff, jitter and
   * `Retry-After`; POST calls are never sent twice.
   */
  maxRetries?: number;
  /** Largest response body accepted, in bytes (default 64 MiB); a larger one is a `'transport'` error. */
  maxResponseBytes?: number;
  /**
   * Allows credentials over plain `http://` to a host that is not this machine (they would travel
   * in clear text). Off by default: such a client throws `invalidRequest`.
   */
  allowInsecureHttp?: boolean;
  /**
   * Hears of every attempt and of the end of every call (what the Rust crate logs with `tracing`
   * and the Python package with `logging`): for logs, metrics and traces. Events carry the
   * operation, method and route template, never a URL, header, credential or body. A hook that
   * throws does not change the call.
   */
  onEvent?: (event: EvoVoiceEvent) => void;
}

/** What `onEvent` hears: an attempt's end, or a call's. */
export type EvoVoiceEvent = EvoVoiceAttemptEvent | EvoVoiceCallEvent;

/** What every event names: the call it belongs to. */
export interface EvoVoiceEventBase {
  /** The operation (`ListSessions`; `Authenticate` for `login`). */
  operation: string;
  /** The HTTP method. */
  method: string;
  /** The route template (`/sessions/{sessionId}`), never the URL. */
  route: string;
  /** Milliseconds the attempt (or the whole call, retries and waits included) took. */
  elapsedMs: number;
}

/** One attempt ended: answered (`status`) or not (`error`); `retryInMs` when another follows. */
export interface EvoVoiceAttemptEvent extends EvoVoiceEventBase {
  type: "attempt";
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /** The answer's HTTP status, when one came. */
  status?: number;
  /** Why no whole answer came: `'timeout'`, `'aborted'`, or the platform's message (e.g. `fetch failed`). */
  error?: string;
  /** Milliseconds before the next attempt (backoff or `Retry-After`); absent when this attempt was the last. */
  retryInMs?: number;
}

/** A call ended: with its value (no `error`) or its `EvoVoiceError`'s kind. */
export interface EvoVoiceCallEvent extends EvoVoiceEventBase {
  type: "call";
  /** How many attempts the call made. */
  attempts: number;
  /** The last answer's HTTP status, when one came. */
  status?: number;
  /** The kind of the error the call rejected with. */
  error?: EvoVoiceErrorKind;
}

/** Options of one call: each overrides the client's for this call only. */
export interface CallOptions {
  /** Aborts the call, also while it waits to retry (it then rejects with kind `'aborted'`). */
  signal?: AbortSignal;
  /** Timeout of each attempt of this call in milliseconds, overriding the client's (kind `'timeout'`; 0: none). */
  timeoutMs?: number;
  /**
   * Headers sent with this call (e.g. an idempotency key or a trace id), after the client's: one
   * of the same name replaces the client's. The client's `headers` rules hold: `Accept`,
   * `Content-Type`, `Authorization` and `X-ss-*` are the SDK's (`invalidRequest`).
   */
  headers?: Record<string, string> | Headers;
  /** Retries after the first attempt for this call (0 to 100; 0: none), overriding the client's `maxRetries`. */
  maxRetries?: number;
  /** `true` (see `RawCallOptions`): resolve to `{ data, status, headers }` instead of the value. */
  raw?: false;
}

/** Options of a call that resolves to `{ data, status, headers }` (`RawResponse`): the value, with the status and the `Headers` of the answer it came from. */
export interface RawCallOptions extends Omit<CallOptions, "raw"> {
  raw: true;
}

/** Options of a call whose `raw` is known only as a boolean: it resolves to either form. */
export interface AnyCallOptions extends Omit<CallOptions, "raw"> {
  raw?: boolean;
}

/** The options of an `iter*` call: a call's, but `raw` (an iterator yields items). */
export type IterOptions = Omit<CallOptions, "raw">;

/** What a call with `raw: true` resolves to. */
export interface RawResponse<T> {
  /** What the call resolves to without `raw`. */
  data: T;
  /** The HTTP status of the answer. */
  status: number;
  /** The answer's headers (those a browser lets scripts read, cross-origin). */
  headers: Headers;
}

/** What went wrong, as a kind a program can branch on. */
export type EvoVoiceErrorKind = "api" | "decode" | "transport" | "timeout" | "aborted" | "invalidRequest";

/** Every failure of the SDK. */
export declare class EvoVoiceError extends Error {
  name: "EvoVoiceError";
  /** What went wrong. */
  kind: EvoVoiceErrorKind;
  /** The HTTP status, when the server answered. */
  status: number | undefined;
  /** The server's error code (e.g. `NotFound`, `Unauthorized`, `NotEmpty`), for kind `'api'`. */
  errorCode: string | undefined;
  /** The per-field errors of a validation failure (empty otherwise). */
  fieldErrors: ResponseError[];
  /** The server's whole error, for kind `'api'`. */
  responseStatus: ResponseStatus | undefined;
  /** Where in the JSON the answer went wrong (e.g. `items[3].members[0].muted`), for kind `'decode'`. */
  path: string | undefined;
  /** The headers of the answer the error came with; undefined when no answer came. */
  headers: Headers | undefined;
  /** The request id the server gave the failed answer (`X-Request-Id`, `Request-Id`, ...), if it sent one. */
  requestId: string | undefined;
  /** The server's `Retry-After` in seconds (delta-seconds or an HTTP date), if it sent one. */
  retryAfter: number | undefined;
  /** 429: too many requests (see `retryAfter`). */
  isRateLimited: boolean;
  /** 5xx: the server failed. */
  isServerError: boolean;
  /** No answer came at all (the connection could not be made or was lost; in a browser also a CORS refusal): kind `'transport'`. */
  isConnectionError: boolean;
  /**
   * For kind `'transport'`: what failed, as the core names it. fetch cannot tell a refused
   * connection, an unknown host, a TLS failure and a CORS refusal apart, so in this package it is
   * `'connect'` (no answer came), `'bodyCutOff'` (the answer broke off), `'tooLarge'` or `'other'`.
   */
  transportKind: TransportErrorKind | undefined;
  /** For a failed fetch: the platform's error (in Node, a `TypeError` whose own `cause` names e.g. `ECONNREFUSED`). */
  cause?: unknown;
}

/** The core's sub-kinds of a transport error (the Rust crate and the Python package have the others too). */
export type TransportErrorKind = "dns" | "connectionRefused" | "tls" | "connect" | "connectionReset" | "bodyCutOff" | "tooLarge" | "other";

/** An HTTP request built by `buildRequest`: send it with any HTTP stack. */
export interface HttpRequest {
  method: string;
  url: string;
  /** Header names are lower case. */
  headers: Record<string, string>;
  /** The body text (`""` for none). */
  body: string;
}

/** An HTTP response to give to `parseResponse`. */
export interface HttpResponse {
  status: number;
  /** The reason phrase; becomes the error message when an error body is empty. */
  statusText?: string;
  /** The answer's headers: an error carries them (as `Headers`), its `requestId` and `retryAfter`. */
  headers?: Record<string, string> | Headers;
  body?: string | Uint8Array | ArrayBuffer | null;
}

/** Builds the HTTP request of an operation without sending it. Throws `EvoVoiceError` (kind `'invalidRequest'`). */
export function buildRequest<K extends OperationName>(operation: K, request: Operations[K]["request"], config?: ClientOptions): HttpRequest;

/** Decodes the answer to an operation: its value, or throws `EvoVoiceError`. */
export function parseResponse<K extends OperationName>(operation: K, response: HttpResponse): Operations[K]["response"];
