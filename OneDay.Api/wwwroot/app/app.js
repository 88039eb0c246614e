// OneDay's web client: sign in, my conversations, a live chat, and my notifications with their badge.
// Everything a user typed is put on the page with textContent, never as HTML.
"use strict";

(() => {
  const { session, api, refreshTokens } = OneDaySession;
  const $ = id => document.getElementById(id);
  let hub = null;
  let current = null;        // the open conversation's id
  const shown = new Set();   // sequences of the open conversation's messages on the page
  let typingTimer = 0;

  // --- Signing in and out ------------------------------------------------------------------------------------------

  OneDaySession.bind(start, signOut);

  function signOut() {
    session.clear();
    if (hub) hub.stop();
    hub = null;
    location.hash = "";
    show(false);
  }

  function show(signedIn) {
    $("sign-in").hidden = signedIn;
    $("app").hidden = !signedIn;
    $("account").hidden = !signedIn;
  }

  // --- The hub -----------------------------------------------------------------------------------------------------

  async function connect() {
    hub = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/chat", {
        // Each (re)connection asks for the token: an expired one is refreshed first.
        accessTokenFactory: async () => {
          const expires = JSON.parse(atob(session.access.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp * 1000;
          if (expires - Date.now() < 30_000) await refreshTokens();
          return session.access;
        },
      })
      .withAutomaticReconnect()
      .build();
    hub.on("message", onMessage);
    hub.on("notification", onNotification);
    hub.on("typing", signal => {
      if (signal.conversationId !== current || signal.userId === session.userId) return;
      $("typing").textContent = "typing...";
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { $("typing").textContent = ""; }, 3000);
    });
    // Back after a drop: fetch what was missed, by cursor, rather than trust the pushes that did arrive.
    hub.onreconnected(async () => {
      await loadConversations();
      if (current) await loadMessages(current);
      await loadNotifications();
    });
    await hub.start();
  }

  // --- Conversations and messages ----------------------------------------------------------------------------------

  async function loadConversations() {
    const conversations = await api("/api/communication/conversations");
    const list = $("conversations");
    list.replaceChildren(...conversations.map(c => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.id = c.id;
      button.className = c.id === current ? "current" : "";
      const label = c.kind === "job" ? "Job crew" : "Application";
      const last = c.lastMessage ? `: ${c.lastMessage.text.slice(0, 40)}` : "";
      button.textContent = `${label} ${c.jobId.slice(0, 8)}${last}`;
      if (c.unreadCount > 0) {
        const unread = document.createElement("strong");
        unread.className = "unread";
        unread.textContent = ` (${c.unreadCount})`;
        button.append(unread);
      }
      button.addEventListener("click", () => open(c.id));
      item.append(button);
      return item;
    }));
  }

  async function open(conversationId) {
    current = conversationId;
    location.hash = `c=${conversationId}`;
    $("chat").hidden = false;
    $("chat-title").textContent = `Conversation ${conversationId.slice(0, 8)}`;
    await loadMessages(conversationId);
    await loadConversations();
  }

  async function loadMessages(conversationId) {
    const page = await api(`/api/communication/conversations/${conversationId}/messages?limit=100`);
    shown.clear();
    $("messages").replaceChildren();
    page.items.forEach(append);
    await markRead();
  }

  function append(message) {
    if (shown.has(message.sequence)) return;
    shown.add(message.sequence);
    const item = document.createElement("li");
    item.dataset.sequence = message.sequence;
    item.className = message.senderId === session.userId ? "mine" : "theirs";
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = message.text;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = new Date(message.sentAt).toLocaleTimeString();
    item.append(text, meta);
    const list = $("messages");
    const after = [...list.children].find(li => Number(li.dataset.sequence) > message.sequence);
    list.insertBefore(item, after || null);
    list.scrollTop = list.scrollHeight;
  }

  async function markRead() {
    if (!current || shown.size === 0 || document.hidden) return;
    await hub.invoke("MarkRead", current, Math.max(...shown)).catch(() => {});
  }

  async function onMessage(message) {
    if (message.conversationId === current) {
      append(message);
      await markRead();
    }
    await loadConversations();
  }

  $("composer").addEventListener("submit", async event => {
    event.preventDefault();
    const input = $("message-input");
    const text = input.value;
    if (!current || !text) return;
    $("chat-error").textContent = "";
    try {
      append(await hub.invoke("SendMessage", current, crypto.randomUUID(), text));
      input.value = "";
    } catch (error) {
      $("chat-error").textContent = error.message;
    }
  });

  $("message-input").addEventListener("input", () => {
    if (current && hub) hub.invoke("Typing", current).catch(() => {});
  });

  // --- Notifications -----------------------------------------------------------------------------------------------

  const words = {
    "welcome": "Welcome to OneDay",
    "application-received": "A worker applied to your job",
    "application-accepted": "You were accepted for a shift",
    "application-rejected": "Your application was not accepted",
    "shift-starting-soon": "Your shift starts in an hour",
    "check-in-missing": "No check-in yet for a shift that started",
    "shift-cancelled": "A shift of yours was cancelled",
    "shift-paid": "You were paid for a shift",
    "job-nearby": "A new job near you fits your profile",
    "job-invitation": "An employer invited you to a job",
  };

  function describe(n) {
    const text = words[n.kind] || n.kind;
    return n.amountKrw ? `${text}: ${n.amountKrw.toLocaleString()} KRW` : text;
  }

  function setBadge(count) {
    $("badge").textContent = String(count);
    $("badge").dataset.count = String(count);
  }

  function notificationItem(n) {
    const item = document.createElement("li");
    item.dataset.id = n.id;
    item.dataset.kind = n.kind;
    item.className = n.readAt ? "read" : "unread";
    item.textContent = describe(n);
    return item;
  }

  async function loadNotifications() {
    const page = await api("/api/communication/notifications?limit=50");
    $("notifications").replaceChildren(...page.items.map(notificationItem));
    setBadge(page.unreadCount);
  }

  function onNotification(n) {
    if (document.querySelector(`#notifications li[data-id="${CSS.escape(n.id)}"]`)) return;
    $("notifications").prepend(notificationItem(n));
    setBadge(Number($("badge").dataset.count) + 1);
  }

  $("bell").addEventListener("click", () => { $("notifications-pane").hidden = !$("notifications-pane").hidden; });

  $("mark-all-read").addEventListener("click", async () => {
    const result = await api("/api/communication/notifications/read", { method: "POST" });
    document.querySelectorAll("#notifications li").forEach(li => { li.className = "read"; });
    setBadge(result.unreadCount);
  });

  // --- Start -------------------------------------------------------------------------------------------------------

  async function start() {
    show(true);
    await connect();
    await Promise.all([loadConversations(), loadNotifications()]);
    const remembered = /^#c=([0-9a-f-]{36})$/.exec(location.hash);
    if (remembered) await open(remembered[1]);
    document.body.dataset.ready = "true";
  }

  if (session.access) {
    start().catch(() => signOut());
  } else {
    show(false);
  }
})();
