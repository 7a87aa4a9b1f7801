// Evo Voice sessions dashboard: plain ES module on the `evovoice` npm package.
import init, { EvoVoiceClient, EvoVoiceError } from "evovoice";

const $ = (id) => document.getElementById(id);
const PER_PAGE = 15;
const state = { client: null, page: 0, totalPages: 1, selected: null, mode: "token", timer: null, loading: null };

/** An error, in words a person can act on. */
function describe(e) {
  if (!(e instanceof EvoVoiceError)) return `Something went wrong: ${e?.message ?? e}`;
  switch (e.kind) {
    case "api":
      if (e.status === 401) return "You are not signed in, or your token or password was not accepted.";
      if (e.status === 403) return "Your account is not allowed to do this (it lacks the needed role).";
      if (e.status === 404) return "That session does not exist (any more).";
      if (e.status === 400) {
        const fields = e.fieldErrors.map((f) => `${f.fieldName}: ${f.message ?? f.errorCode}`).join("; ");
        return `The server refused the request: ${fields || e.responseStatus?.message || e.message}`;
      }
      return `The server answered with an error: ${e.message}`;
    case "transport":
      return "Cannot reach the API. Is the server running and the base URL right?";
    case "timeout":
      return "The API took too long to answer. Try again.";
    case "aborted":
      return "The request was cancelled.";
    case "invalidRequest":
      return `Please check your input: ${e.message}`;
    default:
      return e.message;
  }
}

function showError(e) {
  const box = $("error");
  if (!e) {
    box.hidden = true;
    return;
  }
  box.textContent = typeof e === "string" ? e : describe(e);
  box.hidden = false;
}

function el(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") n.className = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v);
  }
  for (const c of children.flat()) n.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return n;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "short", timeStyle: "short" }) : "");
const pill = (text, kind = "") => el("span", { class: `pill ${kind}` }, text ?? "—");

function filter() {
  const f = { page: state.page, countPerPage: PER_PAGE, sortField: "dateCreated", sortOrder: "Descend" };
  const from = $("f-from").value.trim();
  const to = $("f-to").value.trim();
  if (from) f.from = from;
  if (to) f.to = to;
  if ($("f-archive").checked) f.searchArchive = true;
  return f;
}

// Channel and direction are filtered on the page shown (the API's list has no such filter).
function visible(items) {
  const ch = $("f-channel").value;
  const dir = $("f-direction").value;
  return items.filter((s) => (!ch || s.channel === ch) && (!dir || s.direction === dir));
}

async function refresh() {
  if (!state.client) return;
  state.loading?.abort();
  const ctl = (state.loading = new AbortController());
  try {
    const page = await state.client.listSessions(filter(), { signal: ctl.signal, timeoutMs: 10000 });
    state.totalPages = Math.max(1, page.totalPages ?? 1);
    renderRows(visible(page.items ?? []), page.totalCount ?? 0);
    showError(null);
  } catch (e) {
    if (!(e instanceof EvoVoiceError && e.kind === "aborted")) showError(e);
  }
}

function renderRows(items, total) {
  const rows = $("rows");
  rows.replaceChildren(
    ...items.map((s) =>
      el(
        "tr",
        { class: s.id === state.selected ? "selected" : "", "data-id": s.id, onclick: () => select(s.id) },
        el("td", {}, el("div", { class: "name" }, s.displayName || "(unnamed)"), el("div", { class: "muted small" }, s.customerName || s.endpointName || "")),
        el("td", {}, pill(s.channel, (s.channel || "").toLowerCase())),
        el("td", {}, s.direction ?? ""),
        el("td", {}, s.fromName ? `${s.fromName} · ${s.fromAddress ?? ""}` : s.fromAddress ?? ""),
        el("td", {}, s.toAddress ?? ""),
        el("td", {}, pill(s.ended ? "Ended" : s.callState, s.ended ? "ended" : "live")),
        el("td", { class: "muted small" }, when(s.dateCreated)),
      ),
    ),
  );
  $("empty").hidden = items.length > 0;
  $("page-info").textContent = `Page ${state.page + 1} of ${state.totalPages} · ${total} sessions`;
  $("prev").disabled = state.page === 0;
  $("next").disabled = state.page + 1 >= state.totalPages;
}

async function select(id) {
  state.selected = id;
  for (const tr of $("rows").children) tr.classList.toggle("selected", tr.dataset.id === id);
  try {
    renderDetail(await state.client.getSession(id));
    showError(null);
  } catch (e) {
    showError(e);
  }
}

function renderDetail(s) {
  const members = (s.members ?? []).map((m) =>
    el("li", {}, el("span", { class: "avatar" }, (m.displayName || m.identity || "?").slice(0, 1).toUpperCase()),
      el("div", {}, el("div", {}, m.displayName || m.identity), el("div", { class: "muted small" }, `${m.identity ?? ""} · ${m.role ?? ""}`)),
      pill(m.callState, (m.callState || "").toLowerCase())),
  );
  const log = [...(s.log ?? [])].reverse().map((l) => el("li", {}, el("span", { class: "muted small" }, when(l.date)), " ", l.message ?? ""));
  const isChat = s.channel === "Chat";
  const action = isChat
    ? el("form", { id: "invite-form", class: "inline", onsubmit: (ev) => act(ev, "invite") },
        el("input", { id: "invite-who", placeholder: "Invite: +1555… or user@…", required: "" }),
        el("input", { id: "invite-callerid", placeholder: "Caller ID (optional)" }),
        el("button", { class: "primary", type: "submit" }, "Invite"))
    : el("form", { id: "conf-form", class: "inline", onsubmit: (ev) => act(ev, "conference") },
        el("input", { id: "conf-dest", placeholder: "Add to conference: +1555…", required: "" }),
        el("input", { id: "conf-from", placeholder: "From number (optional)" }),
        el("button", { class: "primary", type: "submit" }, "Dial in"));
  $("detail").replaceChildren(
    el("h2", {}, s.displayName || "(unnamed)"),
    el("div", { class: "meta" }, pill(s.channel, (s.channel || "").toLowerCase()), pill(s.direction), pill(s.ended ? "Ended" : s.callState, s.ended ? "ended" : "live")),
    el("dl", {},
      el("dt", {}, "From"), el("dd", {}, `${s.fromName ?? ""} ${s.fromAddress ?? ""}`),
      el("dt", {}, "To"), el("dd", {}, s.toAddress ?? "—"),
      el("dt", {}, "Customer"), el("dd", {}, s.customerName ?? "—"),
      el("dt", {}, "Created"), el("dd", {}, when(s.dateCreated)),
      el("dt", {}, "Id"), el("dd", { class: "mono small" }, s.id)),
    el("h3", {}, `Members (${members.length})`),
    el("ul", { id: "members", class: "members" }, members),
    s.ended ? el("p", { class: "muted" }, "This session has ended.") : action,
    el("h3", {}, "Log"),
    el("ul", { id: "log", class: "log" }, log.length ? log : [el("li", { class: "muted" }, "No entries.")]),
  );
}

async function act(ev, what) {
  ev.preventDefault();
  const id = state.selected;
  try {
    const s =
      what === "invite"
        ? await state.client.inviteChatMember({ sessionId: id, memberToAdd: $("invite-who").value.trim(), callerId: $("invite-callerid").value.trim() || undefined })
        : await state.client.addConferenceMember({ sessionId: id, destination: $("conf-dest").value.trim(), fromNumber: $("conf-from").value.trim() || undefined });
    renderDetail(s);
    showError(null);
    refresh();
  } catch (e) {
    showError(e);
  }
}

async function signIn(ev) {
  ev.preventDefault();
  showError(null);
  $("signin-btn").disabled = true;
  try {
    const baseUrl = $("base-url").value.trim();
    let client;
    let who;
    if (state.mode === "token") {
      client = new EvoVoiceClient({ baseUrl, bearerToken: $("token").value.trim(), timeoutMs: 15000 });
      await client.listSessions({ countPerPage: 1 }); // proves the token
      who = "API token";
    } else {
      client = new EvoVoiceClient({ baseUrl, timeoutMs: 15000, credentials: "include" });
      const me = await client.login($("user").value.trim(), $("password").value);
      who = me.displayName || me.userName;
    }
    state.client = client;
    $("who").replaceChildren(el("span", {}, `Signed in · ${who}`), el("button", { type: "button", onclick: signOut }, "Sign out"));
    $("who").hidden = false;
    $("signin").hidden = true;
    $("app").hidden = false;
    await refresh();
    state.timer = setInterval(refresh, 5000);
  } catch (e) {
    showError(e);
  } finally {
    $("signin-btn").disabled = false;
  }
}

function signOut() {
  clearInterval(state.timer);
  Object.assign(state, { client: null, page: 0, selected: null });
  $("app").hidden = true;
  $("who").hidden = true;
  $("signin").hidden = false;
  $("detail").replaceChildren(el("p", { class: "muted placeholder" }, "Select a session to see its members and log."));
}

async function newChat(ev) {
  if (ev.target.returnValue !== "ok") return;
  try {
    const s = await state.client.newSession({ displayName: $("n-name").value.trim(), channel: "Chat", toAddress: $("n-to").value.trim() || undefined });
    state.page = 0;
    await refresh();
    await select(s.id);
  } catch (e) {
    showError(e);
  }
}

async function main() {
  await init();
  const cfg = await fetch("/config.json").then((r) => r.json()).catch(() => ({}));
  $("base-url").value = cfg.apiBaseUrl ?? "https://evovoice.io";
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      state.mode = tab.dataset.mode;
      for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t === tab);
      for (const d of document.querySelectorAll("[data-for]")) d.hidden = d.dataset.for !== state.mode;
    });
  }
  $("signin-form").addEventListener("submit", signIn);
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  for (const id of ["f-channel", "f-direction", "f-archive"]) $(id).addEventListener("change", () => ((state.page = 0), refresh()));
  let debounce;
  for (const id of ["f-from", "f-to"]) $(id).addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => ((state.page = 0), refresh()), 250);
  });
  $("prev").addEventListener("click", () => ((state.page = Math.max(0, state.page - 1)), refresh()));
  $("next").addEventListener("click", () => ((state.page += 1), refresh()));
  $("new-chat").addEventListener("click", () => $("new-dialog").showModal());
  $("new-dialog").addEventListener("close", newChat);
  document.body.dataset.ready = "true";
}

main().catch(showError);
