/* motcua's service worker, served as /sw.js (pwa/routes.py writes in VERSION and SHELL).

   Caches, and why:
   - "shell-VERSION": the offline page, the stylesheet and pwa.js, fetched at install.
   - "assets-VERSION": /static/ and /pwa/ files as pages ask for them (served from the cache, then
     refreshed in the background: they change only with a release, which changes VERSION).
   - "pages-VERSION": the public catalog pages (/, /procedures, /procedures/CODE).
   - "personal-USER": the signed-in citizen's dossier list (/dossiers) only, under the key of the
     user the page itself names (<meta name="motcua-user">). One such cache at a time: another
     user, a signed-out answer or POST /sign-out deletes it (sign-out also drops "pages-", whose
     copies show the signed-in header). Nothing under /staff, /admin, /api, /payments, /dev,
     /office or /assist is ever stored; offline, any other page is the offline page.
   Pages are network first, with a short wait: they depend on cookies (language, text size, who is
   signed in), so a stored copy is shown only when the network fails or is slower than WAIT_MS,
   and each answer refreshes the copy. Every stored page carries the time it was fetched
   (x-motcua-saved-at) for the "Đang ngoại tuyến — cập nhật lần cuối lúc ..." note of pwa.js.

   Offline submission: a POST of a draft's form (/dossiers/drafts/TOKEN, with its photos) or of
   its "Nộp hồ sơ" (/dossiers/drafts/TOKEN/submit) that cannot reach the server is kept in
   IndexedDB ("motcua-queue") and the citizen is sent to their dossier list, which shows it as
   "Đang chờ gửi". It is replayed through the same route when the network returns (Background
   Sync, the page's online event, or the next successful page load). The draft's token is the
   server's idempotency key (web/dossier_form.py files it as "draft-TOKEN", and answers a filed
   draft with its receipt), so a replay that is repeated never files a second dossier. */
"use strict";

const VERSION = "__VERSION__";
const SHELL_FILES = ["__SHELL__"];
const SHELL = "shell-" + VERSION;
const ASSETS = "assets-" + VERSION;
const PAGES = "pages-" + VERSION;
const PERSONAL = "personal-";
const PUBLIC_PAGE = /^\/(procedures(\/[^/]+)?)?$/;
const PERSONAL_PAGE = /^\/dossiers$/;
const QUEUEABLE = /^\/dossiers\/drafts\/[\w-]+(\/submit)?$/;
const ASSET = /^\/(static|pwa)\//;
const NEVER = /^\/(staff|admin|api|payments|dev|office|assist|sign-out)(\/|$)/;
const FORGET = /^\/(sign-out|account\/delete)$/; // the citizen leaves: nothing of theirs stays
const WAIT_MS = 6000;
const MAX_PAGES = 60;
const SYNC_TAG = "motcua-queue";
const labels = new Map(); // form action → what the citizen was filing (pwa.js says, on submit)

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const keep = (name) => name === SHELL || name === ASSETS || name === PAGES || name.startsWith(PERSONAL);
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => !keep(n)).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate") {
    if (FORGET.test(url.pathname)) event.respondWith(signOut(request));
    else if (QUEUEABLE.test(url.pathname)) event.respondWith(sendOrQueue(request, url));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") event.respondWith(page(event, url));
  else if (ASSET.test(url.pathname)) event.respondWith(asset(event, request));
});

async function page(event, url) {
  const personal = PERSONAL_PAGE.test(url.pathname);
  const stored = personal || PUBLIC_PAGE.test(url.pathname);
  let saving = null; // the copy is written beside the answer, never before it
  const network = fetch(event.request).then((response) => {
    if (stored) saving = keep(url, response.clone(), personal);
    return response;
  });
  event.waitUntil(network.then(() => saving).then(replaySoon).catch(() => null)); // online: send the queue
  if (!stored) return network.catch(offlinePage);
  try {
    return await Promise.race([network, new Promise((_, fail) => setTimeout(fail, WAIT_MS))]);
  } catch (slowOrOffline) {
    return (await storedPage(url, personal)) || network.catch(offlinePage);
  }
}

async function keep(url, response, personal) {
  if (NEVER.test(url.pathname)) return;
  if (response.type !== "basic" || response.redirected || response.status !== 200) {
    if (personal) await forgetPersonal(); // signed out, or the session ended
    return;
  }
  const body = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("content-encoding"); // the body below is the decoded text
  headers.delete("content-length");
  headers.set("x-motcua-saved-at", String(Date.now()));
  const copy = new Response(body, { status: 200, headers: headers });
  if (!personal) {
    const cache = await caches.open(PAGES);
    await cache.put(url.href, copy);
    const names = await cache.keys();
    await Promise.all(names.slice(0, Math.max(0, names.length - MAX_PAGES)).map((r) => cache.delete(r)));
    return;
  }
  const user = /<meta name="motcua-user" content="([\w-]+)">/.exec(body);
  await forgetPersonal(user && PERSONAL + user[1]);
  if (user) await (await caches.open(PERSONAL + user[1])).put(url.href, copy);
}

async function storedPage(url, personal) {
  if (!personal) return caches.match(url.href, { cacheName: PAGES });
  const name = (await caches.keys()).find((n) => n.startsWith(PERSONAL));
  return name ? caches.match(url.href, { cacheName: name }) : undefined;
}

async function forgetPersonal(except) {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PERSONAL) && n !== except).map((n) => caches.delete(n)));
}

function offlinePage() {
  return caches.match("/offline", { cacheName: SHELL })
    .then((page) => page || new Response("Đang ngoại tuyến", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } }));
}

async function asset(event, request) {
  // The newest copy first: the shell's is only what the offline page needs before any other visit.
  const cached = (await caches.match(request, { cacheName: ASSETS })) || (await caches.match(request, { cacheName: SHELL }));
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") await (await caches.open(ASSETS)).put(request, response.clone());
    return response;
  });
  if (!cached) return fresh;
  event.waitUntil(fresh.catch(() => null));
  return cached;
}

/* Sign-out (or deleting the account): first send what is waiting (it is this citizen's), then forget their pages and queue. */
async function signOut(request) {
  await replay().catch(() => null);
  await forgetPersonal();
  await caches.delete(PAGES); // their copies carry the signed-in header and user key
  const response = await fetch(request); // offline: the session, and so the queue, live on
  await store("readwrite", (queue) => queue.clear());
  return response;
}

async function sendOrQueue(request, url) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (offline) {
    const form = await copy.formData();
    const fields = [];
    form.forEach((value, name) => fields.push([name, value, value instanceof File ? value.name : null]));
    for (let i = 0; i < 10 && !labels.has(url.pathname); i++) await pause(20); // pwa.js's note may trail
    const submit = url.pathname.endsWith("/submit");
    const entry = {
      url: url.pathname, // one entry per draft and action: pressing twice queues it once
      id: self.crypto.randomUUID(),
      kind: submit ? "submit" : "save",
      label: labels.get(url.pathname) || "",
      fields: fields,
      queued_at: Date.now(),
    };
    await store("readwrite", (queue) => queue.put(entry));
    if (self.registration.sync) await self.registration.sync.register(SYNC_TAG).catch(() => null);
    await tell({ type: "queued" });
    return Response.redirect("/dossiers#pwa-notes", 303);
  }
}

const pause = (ms) => new Promise((done) => setTimeout(done, ms));

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(replay());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const answer = (value) => event.ports[0] && event.ports[0].postMessage(value);
  if (message.type === "label" && QUEUEABLE.test(message.url)) labels.set(message.url, String(message.label).slice(0, 300));
  else if (message.type === "pending") event.waitUntil(pending().then(answer));
  else if (message.type === "replay") event.waitUntil(replay().catch(() => null).then(pending).then(answer));
});

function pending() {
  return store("readonly", (queue) => queue.getAll())
    .then((entries) => entries.map((e) => ({ url: e.url, kind: e.kind, label: e.label, queued_at: e.queued_at })));
}

let replaying = null; // one replay at a time: the online event and Background Sync may meet
function replay() {
  replaying = replaying || replayAll().finally(() => { replaying = null; });
  return replaying;
}

async function replaySoon() {
  if ((await store("readonly", (queue) => queue.count())) > 0) await replay().catch(() => null);
}

async function replayAll() {
  const entries = await store("readonly", (queue) => queue.getAll());
  for (const entry of entries) {
    const outcome = await send(entry); // throws while the network is down: Background Sync retries
    if (outcome.done) await store("readwrite", (queue) => queue.delete(entry.url));
    if (outcome.message) await tell(Object.assign({ label: entry.label }, outcome.message));
  }
}

async function send(entry) {
  const draft = entry.url.replace(/\/submit$/, "");
  const form = await fetch(draft, { credentials: "same-origin" });
  const path = new URL(form.url).pathname;
  if (/^\/dossiers\/[^/]+\/receipt$/.test(path)) return { done: true, message: { type: "sent", url: path } };
  if (form.status === 404) return { done: true, message: { type: "failed", url: "/dossiers" } };
  const token = /name="_csrf_token" value="([^"]+)"/.exec(await form.text());
  if (!form.ok || !token) return { done: false }; // signed out: wait until the citizen signs in
  const body = new FormData();
  for (const [name, value, filename] of entry.fields) {
    if (name === "_csrf_token") continue;
    if (filename !== null) body.append(name, value, filename);
    else body.append(name, value);
  }
  body.append("_csrf_token", token[1]);
  const response = await fetch(entry.url, { method: "POST", body: body, credentials: "same-origin", headers: { "x-csrftoken": token[1] } });
  const landed = new URL(response.url).pathname;
  if (entry.kind === "submit" && /^\/dossiers\/[^/]+\/receipt$/.test(landed)) return { done: true, message: { type: "sent", url: landed } };
  if (response.status >= 500 || response.status === 403) return { done: false };
  // A draft saved (or refused with its reasons): the citizen checks it and files it online.
  return { done: true, message: { type: entry.kind === "submit" ? "failed" : "saved", url: draft } };
}

async function tell(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  windows.forEach((client) => client.postMessage(message));
}

function store(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("motcua-queue", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "url" });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("queue", mode);
      const request = work(tx.objectStore("queue"));
      tx.oncomplete = () => { db.close(); resolve(request.result); };
      tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
    };
  });
}

/* Push: the payload is JSON {"title","body","url","tag"} (core's push messages). */
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (notJson) { data = { body: event.data.text() }; }
  const target = new URL(data.url || "/", self.location.origin);
  const url = target.origin === self.location.origin ? target.pathname + target.search + target.hash : "/";
  event.waitUntil(self.registration.showNotification(data.title || "Một cửa", {
    body: data.body || "",
    tag: data.tag || undefined,
    data: { url: url },
    icon: "/pwa/icons/icon-192.png",
    badge: "/pwa/icons/badge-96.png",
    lang: "vi",
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const same = windows.find((client) => client.url === url);
    if (same) return same.focus();
    if (windows[0] && "navigate" in windows[0]) return windows[0].navigate(url).then((client) => client && client.focus());
    return self.clients.openWindow(url);
  }));
});
