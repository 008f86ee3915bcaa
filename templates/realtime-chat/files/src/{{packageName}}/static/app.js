"use strict";
// The browser client: REST for accounts, rooms and history; one WebSocket for live events.
// Build-free on purpose: the whole client is this file.

const $ = (id) => document.getElementById(id);
const state = { access: null, refresh: null, user: null, rooms: [], room: null, ws: null, pending: new Map(), typingUsers: new Map(), lastTyping: 0, retry: 0 };

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (state.access) headers.Authorization = `Bearer ${state.access}`;
  let response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && state.refresh && path !== "/auth/refresh") {
    if (await refreshTokens()) return api(method, path, body);
  }
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.error?.message ?? `HTTP ${response.status}`);
  return data;
}

async function refreshTokens() {
  const response = await fetch("/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: state.refresh }) });
  if (!response.ok) { signOut(); return false; }
  saveTokens(await response.json());
  return true;
}

function saveTokens(tokens) {
  state.access = tokens.access_token;
  state.refresh = tokens.refresh_token;
  sessionStorage.setItem("chat.refresh", state.refresh);
}

function setStatus(text, online) {
  $("status").textContent = text;
  $("status").classList.toggle("online", Boolean(online));
}

async function signIn(register) {
  const username = $("username").value.trim();
  const password = $("password").value;
  $("auth-error").textContent = "";
  try {
    if (register) await api("POST", "/auth/register", { username, password });
    saveTokens(await api("POST", "/auth/login", { username, password }));
    await start();
  } catch (error) {
    $("auth-error").textContent = error.message;
  }
}

async function start() {
  state.user = (await api("GET", "/auth/me")).username;
  $("auth").hidden = true;
  $("chat").hidden = false;
  $("logout").hidden = false;
  await loadRooms();
  connect();
}

function signOut() {
  sessionStorage.removeItem("chat.refresh");
  Object.assign(state, { access: null, refresh: null, user: null, room: null });
  if (state.ws) state.ws.close();
  $("chat").hidden = true;
  $("auth").hidden = false;
  $("logout").hidden = true;
  setStatus("offline");
}

async function loadRooms() {
  state.rooms = (await api("GET", "/rooms?limit=100")).items;
  const list = $("room-list");
  list.replaceChildren(...state.rooms.map((room) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${room.private ? "🔒" : "#"} ${room.name}`;
    button.setAttribute("aria-current", String(room.id === state.room));
    button.addEventListener("click", () => openRoom(room.id));
    item.append(button);
    return item;
  }));
}

async function openRoom(id) {
  if (state.room && state.ws?.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify({ type: "leave", room: state.room }));
  state.room = id;
  state.readUpTo = 0;
  state.typingUsers.clear();
  renderTyping();
  const room = state.rooms.find((r) => r.id === id);
  $("room-title").textContent = room ? room.name : "Room";
  $("message").disabled = $("send").disabled = false;
  const page = await api("GET", `/rooms/${id}/messages?limit=50`);
  $("messages").replaceChildren();
  for (const message of page.items.reverse()) renderMessage(message);
  if (state.ws?.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify({ type: "join", room: id }));
  await loadRooms();
  $("message").focus();
}

function renderMessage(message) {
  const existing = document.querySelector(`[data-id="${message.id}"]`) ?? document.querySelector(`[data-client-id="${message.client_id}"]`);
  const item = existing ?? document.createElement("li");
  item.dataset.id = message.id;
  item.dataset.clientId = message.client_id;
  item.classList.toggle("mine", message.author === state.user);
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = `${message.author}${message.edited_at ? " · edited" : ""}`;
  const body = document.createElement("span");
  body.textContent = message.deleted ? "message deleted" : message.body;
  if (message.deleted) body.className = "deleted";
  item.replaceChildren(who, body);
  if (!existing) $("messages").append(item);
  $("messages").scrollTop = $("messages").scrollHeight;
  if (!message.deleted) markRead(message);
}

// One read marker for the newest message shown, not one per message: the server rate-limits frames.
let readTimer = null;
function markRead(message) {
  if (message.id <= (state.readUpTo ?? 0)) return;
  state.readUpTo = message.id;
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    if (state.ws?.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify({ type: "read", room: message.room, message_id: state.readUpTo }));
  }, 500);
}

function renderTyping() {
  const now = Date.now();
  const names = [...state.typingUsers].filter(([, until]) => until > now).map(([name]) => name);
  $("typing").textContent = names.length ? `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…` : "";
}

async function connect() {
  if (!state.access) return;
  let ticket;
  try {
    ticket = (await api("POST", "/auth/ws-ticket")).ticket;
  } catch {
    return reconnectLater();
  }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}/ws?ticket=${encodeURIComponent(ticket)}`);
  state.ws = ws;
  ws.addEventListener("open", () => {
    state.retry = 0;
    setStatus(`online as ${state.user}`, true);
    if (state.room) ws.send(JSON.stringify({ type: "join", room: state.room }));
    // Resend what was never acknowledged: the same client id makes it safe.
    for (const frame of state.pending.values()) ws.send(JSON.stringify(frame));
  });
  ws.addEventListener("message", (event) => handle(JSON.parse(event.data)));
  ws.addEventListener("close", () => {
    if (state.ws === ws && state.access) reconnectLater();
  });
}

function reconnectLater() {
  setStatus("reconnecting…");
  state.retry = Math.min(state.retry + 1, 6);
  setTimeout(connect, 500 * 2 ** state.retry);
}

function handle(event) {
  if (event.type === "message" || event.type === "message_edited" || event.type === "message_deleted") {
    if (event.room === state.room) renderMessage(event.message);
  } else if (event.type === "ack") {
    state.pending.delete(event.id);
  } else if (event.type === "presence" && event.room === state.room) {
    $("presence").textContent = `${event.online.length} online: ${event.online.join(", ")}`;
  } else if (event.type === "typing" && event.room === state.room && event.user !== state.user) {
    state.typingUsers.set(event.user, Date.now() + 3000);
    renderTyping();
    setTimeout(renderTyping, 3100);
  } else if (event.type === "error") {
    setStatus(event.message);
  }
}

$("auth-form").addEventListener("submit", (event) => { event.preventDefault(); signIn(false); });
$("register").addEventListener("click", () => signIn(true));
$("logout").addEventListener("click", signOut);

$("room-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const room = await api("POST", "/rooms", { name: $("room-name").value, private: $("room-private").checked });
    $("room-name").value = "";
    await loadRooms();
    await openRoom(room.id);
  } catch (error) {
    setStatus(error.message);
  }
});

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = $("message").value.trim();
  if (!body || !state.room) return;
  const frame = { type: "message", room: state.room, id: crypto.randomUUID(), body };
  state.pending.set(frame.id, frame);
  if (state.ws?.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(frame));
  $("message").value = "";
});

$("message").addEventListener("input", () => {
  // The server throttles too; this just saves frames.
  if (!state.room || Date.now() - state.lastTyping < 1500 || state.ws?.readyState !== WebSocket.OPEN) return;
  state.lastTyping = Date.now();
  state.ws.send(JSON.stringify({ type: "typing", room: state.room }));
});

setInterval(() => {
  if (state.ws?.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify({ type: "heartbeat" }));
}, 10000);

const saved = sessionStorage.getItem("chat.refresh");
if (saved) {
  state.refresh = saved;
  refreshTokens().then((ok) => ok && start());
}
