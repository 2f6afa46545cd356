/* The installable app on the page: registers /sw.js once the page has loaded, and writes into
   #pwa-notes (its words come from the element's data-* attributes, web/messages/pwa.py):
   - "Đang ngoại tuyến — cập nhật lần cuối lúc ...": while offline, with the time the worker stored
     the copy being shown;
   - "Đang chờ gửi": what the worker queued while offline (pwa/static/sw.js), and what became of it;
   - "Cài ứng dụng lên điện thoại": Chromium's install prompt, kept and offered only from the second
     visit on or on a dossier's receipt, never on the first paint; "Để sau" hides it for 30 days.
   A [data-push-enable] button ("Bật thông báo"), hidden until push is known to work here,
   subscribes this device to Web Push and posts the subscription to /api/v1/push/subscriptions
   (or the URL the attribute names) with the session cookie and the page's CSRF token.
   Without JavaScript or service workers the site works as it is: nothing here is needed. */
(() => {
  "use strict";
  const box = document.getElementById("pwa-notes");
  const sw = navigator.serviceWorker;
  if (!box || !sw) return;
  const words = box.dataset;
  const DAY = 86400000;

  const remember = (key, value) => {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch (blocked) { return null; }
    return value;
  };

  const say = (kind, content) => {
    let note = box.querySelector(`[data-kind="${kind}"]`);
    if (!content) { if (note) note.remove(); return null; }
    if (!note) {
      note = document.createElement("div");
      note.className = kind === "sent" ? "done" : "notice";
      note.dataset.kind = kind;
      note.style.margin = "0 0 .75rem"; // CSSOM, not a style attribute: the CSP allows it
      box.append(note);
    }
    note.replaceChildren(...[].concat(content));
    return note;
  };
  const p = (...parts) => { const el = document.createElement("p"); el.append(...parts); return el; };
  const link = (href, label) => { const a = document.createElement("a"); a.href = href; a.textContent = label; return a; };
  const two = (n) => String(n).padStart(2, "0");
  const when = (ms) => {
    const d = new Date(ms);
    return `${two(d.getHours())}:${two(d.getMinutes())} ${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
  };

  const ask = (type) => sw.ready.then((registration) => new Promise((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => done(event.data);
    registration.active.postMessage({ type }, [channel.port2]);
  }));

  const showOffline = () => {
    if (navigator.onLine) return say("offline", null);
    return caches.match(location.href.split("#")[0]).then((copy) => {
      const at = copy && copy.headers.get("x-motcua-saved-at");
      say("offline", p(at ? words.offlineSince.replace("{time}", when(Number(at))) : words.offline));
    });
  };

  const showPending = (entries) => {
    if (!entries || !entries.length) return say("pending", null);
    const list = document.createElement("ul");
    entries.forEach((entry) => {
      const item = document.createElement("li");
      item.textContent = `${entry.label || words.pendingUnnamed} (${when(entry.queued_at)})`;
      list.append(item);
    });
    return say("pending", [p(words.pending), list]);
  };

  sw.addEventListener("message", (event) => {
    const message = event.data || {};
    const label = message.label ? `${message.label}: ` : "";
    if (message.type === "sent") say("sent", p(label, link(message.url, words.sent)));
    else if (message.type === "saved") say("sent", p(label, link(message.url, words.saved)));
    else if (message.type === "failed") say("failed", p(label, link(message.url, words.failed)));
    ask("pending").then(showPending);
  });

  document.querySelectorAll("form[data-offline-queue]").forEach((form) => {
    form.addEventListener("submit", () => {
      if (sw.controller) {
        // getAttribute: the draft's buttons are named "action", which hides form.action
        const url = new URL(form.getAttribute("action"), location.href).pathname;
        sw.controller.postMessage({ type: "label", url, label: form.dataset.offlineQueue });
      }
    });
  });

  // Install: kept from Chromium's prompt, offered at a moment that makes sense.
  let visits = Number(remember("motcua.visits") || 0);
  try {
    if (!sessionStorage.getItem("motcua.seen")) {
      sessionStorage.setItem("motcua.seen", "1");
      remember("motcua.visits", String(++visits));
    }
  } catch (blocked) { /* private mode: count nothing */ }
  const filed = /^\/dossiers\/[^/]+\/receipt$/.test(location.pathname);
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    const dismissed = Number(remember("motcua.install.dismissed") || 0);
    if (!(visits >= 2 || filed) || Date.now() - dismissed < 30 * DAY) return;
    const install = document.createElement("button");
    install.type = "button";
    install.textContent = words.install;
    const later = document.createElement("button");
    later.type = "button";
    later.className = "secondary";
    later.textContent = words.later;
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(install, later);
    say("install", [p(words.installLead), actions]);
    install.addEventListener("click", () => {
      event.prompt();
      event.userChoice.finally(() => say("install", null));
    });
    later.addEventListener("click", () => {
      remember("motcua.install.dismissed", String(Date.now()));
      say("install", null);
    });
  });
  window.addEventListener("appinstalled", () => say("install", null));

  // "Bật thông báo": permission, a push subscription, and the server told about it.
  const key = (base64url) => {
    const raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const csrf = () => {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["x-csrftoken"]; } catch (none) { return ""; }
  };
  document.querySelectorAll("[data-push-enable]").forEach((button) => {
    if (!("PushManager" in window) || !("Notification" in window)) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        if ((await Notification.requestPermission()) !== "granted") throw new Error("denied");
        const registration = await sw.ready;
        const server = await (await fetch(button.dataset.keyUrl || "/api/v1/push/vapid-public-key")).json();
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(server.key) });
        const sent = await fetch(button.dataset.pushEnable || "/api/v1/push/subscriptions", {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrftoken": csrf() },
          body: JSON.stringify(subscription),
        });
        if (!sent.ok) throw new Error(String(sent.status));
        button.textContent = words.pushOn;
      } catch (refused) {
        button.disabled = false;
        say("push", p(Notification.permission === "denied" ? words.pushDenied : words.pushFailed));
      }
    });
  });

  // Send what waits; while something still waits and we seem online, try again a little later
  // (the first attempt may race the network coming back), for about half a minute.
  const sendWaiting = (delay = 1000) => ask("replay").then((entries) => {
    showPending(entries);
    if (entries && entries.length && navigator.onLine && delay <= 16000) {
      setTimeout(() => sendWaiting(delay * 2), delay);
    }
  });
  window.addEventListener("offline", showOffline);
  window.addEventListener("online", () => { showOffline(); sendWaiting(); });
  window.addEventListener("load", () => {
    sw.register("/sw.js", { scope: "/" }).catch(() => null);
    showOffline();
    if (navigator.onLine) sendWaiting();
    else ask("pending").then(showPending);
  });
})();
