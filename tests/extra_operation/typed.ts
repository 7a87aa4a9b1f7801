// Type-checked (tsc --strict, tsconfig.json here) against the package built with the
// test-only operation: `getSessionLog` is typed from the core's list, so these compile and the
// marked mistakes do not.
import { EvoVoiceClient, type SessionLog, type SessionLogInfo } from "evovoice";

export async function readLog(client: EvoVoiceClient, id: string): Promise<number> {
  const log: SessionLog = await client.getSessionLog(id, { timeoutMs: 1000 });
  const entries: SessionLogInfo[] | null | undefined = log.entries;
  const total: number | null | undefined = log.total;
  // @ts-expect-error: the session id is a string
  await client.getSessionLog(42);
  // @ts-expect-error: a SessionLog has no `members`
  console.log(log.members);
  return (entries?.length ?? 0) + (total ?? 0);
}
