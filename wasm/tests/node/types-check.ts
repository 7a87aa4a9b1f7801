// Type-checked (tsc --noEmit --strict) in make test: the .d.ts of the package types every DTO,
// enum and method (no `any`), and code written against the official DTOs reads the same.
import init, {
  EvoVoiceClient,
  EvoVoiceError,
  buildRequest,
  parseResponse,
  type ClientOptions,
  type FlowChannels,
  type ListResponse,
  type ListSessions,
  type NewSession,
  type SessionInfo,
  type SessionMemberInfo,
  type HttpRequest,
  type EvoVoiceErrorKind,
  type EvoVoiceEvent,
} from "evovoice";

export async function example(token: string): Promise<void> {
  await init();
  const options: ClientOptions = { baseUrl: "http://127.0.0.1:8080", bearerToken: token, timeoutMs: 30_000 };
  const client = new EvoVoiceClient(options);
  const careful = new EvoVoiceClient({
    ...options,
    headers: { "X-Trace-Id": "abc" },
    maxRetries: 0,
    maxResponseBytes: 1 << 20,
    allowInsecureHttp: false,
  });
  const logged = new EvoVoiceClient({
    ...options,
    onEvent: (e: EvoVoiceEvent) => {
      const n: number = e.type === "attempt" ? e.attempt : e.attempts;
      const kind: EvoVoiceErrorKind | undefined = e.type === "call" ? e.error : undefined;
      const wait: number | undefined = e.type === "attempt" ? e.retryInMs : undefined;
      console.log(e.operation, e.method, e.route, e.status, e.elapsedMs, n, kind, wait);
    },
  });
  // @ts-expect-error: onEvent is a function
  new EvoVoiceClient({ onEvent: "log" });
  console.log(logged.baseUrl);
  const memory: WebAssembly.Memory = (await init()).memory;
  console.log(careful.baseUrl, memory.buffer.byteLength);

  const dto: NewSession = { displayName: "Support", channel: "Chat" };
  const created: SessionInfo = await client.newSession(dto);
  const id: string | null | undefined = created.id;
  const channel: FlowChannels | null | undefined = created.channel;
  if (channel === "Voice" || channel === "SomeFutureChannel") console.log(channel);

  const filter: ListSessions = { accountIds: ["a1"], page: 1, countPerPage: 50, searchArchive: true };
  const page: ListResponse<SessionInfo> = await client.listSessions(filter, { timeoutMs: 5000 });
  const members: SessionMemberInfo[] = page.items?.[0]?.members ?? [];
  console.log(members.map((m) => m.identity?.toUpperCase()));

  const ctl = new AbortController();
  const one: SessionInfo = await client.getSession(id ?? "x", { signal: ctl.signal });
  await client.addConferenceMember({ sessionId: one.id, callSid: "CA1", destination: "+1555", fromNumber: "+1556" });
  await client.inviteChatMember({ sessionId: one.id, memberToAdd: "+1555", callerId: "+1556" });

  for await (const s of client.iterSessions({ searchArchive: true })) {
    const name: string | null | undefined = s.displayName;
    console.log(name);
  }

  const who = await client.login("dev@evovoice.local", "dev");
  console.log(who.userName, who.roles?.join(","));

  const req: HttpRequest = buildRequest("GetSession", { sessionId: "abc" }, { bearerToken: token });
  const back: SessionInfo = parseResponse("GetSession", { status: 200, statusText: "OK", body: "{}" });
  const list: ListResponse<SessionInfo> = parseResponse("ListSessions", { status: 200, body: new Uint8Array() });
  console.log(req.url, back.id, list.totalCount);

  try {
    await client.getSession("nope");
  } catch (e) {
    if (e instanceof EvoVoiceError) {
      const kind: EvoVoiceErrorKind = e.kind;
      const status: number | undefined = e.status;
      console.log(kind, status, e.errorCode, e.message, e.fieldErrors.map((f) => f.fieldName), e.responseStatus?.message);
    }
  }

  // @ts-expect-error: unknown fields are refused by the types
  await client.newSession({ displayNam: "typo" });
  // @ts-expect-error: getSession takes an id
  await client.getSession(42);
}
