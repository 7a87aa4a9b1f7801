// Type-checked (tsc --noEmit --strict) in make test-wasm-types: per-call options and response
// metadata (issue 13). `raw: true` types as RawResponse<T>, without it the value itself; errors
// carry the answer's headers, request id, Retry-After and what kind of failure it was.
import { EvoVoiceClient, EvoVoiceError, parseResponse, type AnyCallOptions, type CallOptions, type RawResponse, type SessionInfo } from "evovoice";

export async function rawAndOptions(c: EvoVoiceClient, id: string): Promise<void> {
  const r = await c.getSession(id, { raw: true });
  const sid: string | null | undefined = r.data.id;
  const status: number = r.status;
  const type: string | null = r.headers.get("content-type");
  console.log(sid, status, type);

  // Without raw (or raw: false): the value itself.
  const s: SessionInfo = await c.getSession(id, { timeoutMs: 500, maxRetries: 0, headers: { "Idempotency-Key": "k-1" } });
  const t: SessionInfo = await c.getSession(id, { raw: false, headers: new Headers({ "X-Trace-Id": "t" }) });
  // @ts-expect-error a raw answer is not the value
  const wrong: SessionInfo = await c.getSession(id, { raw: true });
  console.log(s.id, t.id, wrong);

  // raw known only as a boolean: either.
  const options: AnyCallOptions = { raw: Math.random() > 0.5 };
  const either: SessionInfo | RawResponse<SessionInfo> = await c.getSession(id, options);
  const plain: CallOptions = { timeoutMs: 1 };
  const value: SessionInfo = await c.getSession(id, plain);
  console.log(either, value);

  const page = await c.listSessions({ countPerPage: 5 }, { raw: true });
  const total: number | null | undefined = page.data.totalCount;
  const created = await c.newSession({ displayName: "x", channel: "Chat" }, { raw: true, headers: { "Idempotency-Key": "k-2" } });
  const who = await c.login("dev@evovoice.local", "dev", { raw: true });
  console.log(total, created.data.id, created.status, who.data.userName, who.headers.get("set-cookie"));

  // Iterators take a call's options but raw.
  for await (const item of c.iterSessions({}, { maxRetries: 1, headers: { "X-Trace-Id": "t" } })) console.log(item.id);
  // @ts-expect-error an iterator yields items: no raw
  c.iterSessions({}, { raw: true });

  c.setBearerToken("a-new-token");
}

export function errors(e: unknown): number | undefined {
  if (!(e instanceof EvoVoiceError)) return undefined;
  const headers: Headers | undefined = e.headers;
  const requestId: string | undefined = e.requestId;
  const retryAfter: number | undefined = e.retryAfter;
  console.log(headers?.get("content-type"), requestId);
  if (e.isRateLimited) return (retryAfter ?? 1) * 1000;
  if (e.isServerError || e.isConnectionError) return 500;
  return undefined;
}

export function sansIo(): SessionInfo {
  return parseResponse("GetSession", { status: 200, headers: new Headers({ "content-type": "application/json" }), body: "{}" });
}
