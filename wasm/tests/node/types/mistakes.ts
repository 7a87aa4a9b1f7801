// Deliberate mistakes: each marked line must fail to compile with the marked error, and no
// other line may (types/check.mjs asserts both).
import { EvoVoiceClient, type FlowChannels, type SessionInfo, type ListResponse } from "evovoice";

export async function mistakes(client: EvoVoiceClient, s: SessionInfo, page: ListResponse<SessionInfo>): Promise<void> {
  new EvoVoiceClient({ timeout: 5 }); // error TS2561
  new EvoVoiceClient({ onEvent: "log" }); // error TS2322
  await client.newSession({ displayName: "no channel" }); // error TS2769
  await client.inviteChatMember({ sessionId: s.id }); // error TS2769
  await client.listSessions({ page: "1" }); // error TS2769
  await client.listSessions({ chanel: "Chat" }); // error TS2769
  await client.getSession(s.id, { timeout: 5 }); // error TS2769
  const total: number = page.totalCount; // error TS2322
  const name: string = s.displayName; // error TS2322
  const channel: FlowChannels = 5; // error TS2322
  const oauth = client.authScheme === "oauth"; // error TS2367
  new EvoVoiceClient({ onEvent: (e) => e.attempts }); // error TS2339
  client.baseUrl = "https://elsewhere"; // error TS2540
  console.log(total, name, channel, oauth);
  // Not mistakes: a page's items need no check; an unknown enum value and a null are fine.
  console.log(page.items.length, s.members?.length);
  await client.newSession({ channel: "Sms", displayName: null });
}
