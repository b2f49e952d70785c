/* spinewise service worker: Today and gym mode open without signal after one visit.

   Served as /sw.js (scope "/") by web/routes/offline.py, which puts two globals before
   this file: SPINEWISE_VERSION (a hash of the shell) and SPINEWISE_SHELL (the app
   shell's URLs, with the same ?v= hashes the pages link).

   What is kept, and for how long (docs/offline.md):
   - the shell (styles, scripts, icons, the offline page): public files, kept until the
     next version of the app;
   - personal pages, only the two needed at the rack: Today and the session being
     trained (one session page at a time). They are fetched from the network first and
     served from here only when the network fails. They are deleted on log-out, on
     log-in or sign-up (another account on the same browser), on deleting the account,
     and whenever this browser lands on the log-in or sign-up page (logged out
     elsewhere, the session expired).
   Nothing else is cached: the JSON API always goes to the network (gym mode keeps
   unsent sets in its own queue and sends them when the network is back). */
/* global SPINEWISE_VERSION, SPINEWISE_SHELL */
"use strict";

var SHELL_CACHE = "spinewise-shell-" + SPINEWISE_VERSION;
var PAGES_CACHE = "spinewise-pages";
var OFFLINE_PAGE = "/offline";
var PERSONAL_PAGES = [/^\/today$/, /^\/sessions\/\d+$/];
var FORGET_ON_POST = [/^\/logout$/, /^\/login$/, /^\/signup$/, /^\/settings\/delete$/];
var LOGGED_OUT_PAGES = [/^\/login$/, /^\/signup$/];

function matches(patterns, path) {
  return patterns.some(function (p) { return p.test(path); });
}

function forgetPages() {
  return caches.delete(PAGES_CACHE);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SPINEWISE_SHELL);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("spinewise-shell-") === 0 && name !== SHELL_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page tells which static files it uses (pwa.js), so whatever gym mode loads is kept
   too, even a script added after this list was written. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep-assets" && Array.isArray(data.urls)) {
    var own = data.urls.filter(function (url) {
      var parsed = new URL(url, self.location.origin);
      return parsed.origin === self.location.origin && parsed.pathname.indexOf("/static/") === 0;
    });
    event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
      return Promise.all(own.map(function (url) {
        return cache.match(url).then(function (found) { return found || cache.add(url); });
      }));
    }).catch(function () { /* offline or gone: kept next time */ }));
    // the page itself, when it is one kept for offline use: opened once is enough
    if (typeof data.page === "string" && matches(PERSONAL_PAGES, data.page)) {
      event.waitUntil(personalPage(new Request(data.page, { credentials: "same-origin" }), data.page)
        .catch(function () { /* offline: the copy kept before stays */ }));
    }
  } else if (data.type === "forget-pages") {
    event.waitUntil(forgetPages());
  }
});

/* A personal page as the network gives it; a good answer replaces the kept copy (and a
   session page replaces the other session pages: only the current one is kept). */
function personalPage(request, path) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      return keepPage(path, copy).then(function () { return response; }, function () { return response; });
    }
    return response;
  }, function () {
    return caches.open(PAGES_CACHE).then(function (cache) { return cache.match(path); })
      .then(function (kept) { return kept || offlinePage(); });
  });
}

function keepPage(path, copy) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return cache.keys().then(function (kept) {
      return Promise.all(kept.filter(function (old) {
        var oldPath = new URL(old.url).pathname;
        return path.indexOf("/sessions/") === 0 && oldPath.indexOf("/sessions/") === 0 && oldPath !== path;
      }).map(function (old) { return cache.delete(old); }));
    }).then(function () { return cache.put(path, copy); });
  });
}

function offlinePage() {
  return caches.match(OFFLINE_PAGE).then(function (page) {
    return page || new Response("You are offline.", { status: 503, headers: { "content-type": "text/plain" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var path = url.pathname;

  if (request.method === "POST" && matches(FORGET_ON_POST, path)) {
    event.waitUntil(forgetPages());  // the request itself goes to the network untouched
    return;
  }
  if (request.method !== "GET") { return; }
  if (path.indexOf("/api/") === 0) { return; }  // the JSON API: always the network

  if (path.indexOf("/static/") === 0) {
    // versioned files never change (?v=hash): the kept copy first
    event.respondWith(caches.match(request).then(function (kept) { return kept || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (matches(PERSONAL_PAGES, path) && !url.search) {
    event.respondWith(personalPage(request, path));
    return;
  }
  if (matches(LOGGED_OUT_PAGES, path)) {
    // the log-in page: this browser is logged out (a redirect from a page lands here too)
    event.waitUntil(forgetPages());
  }
  event.respondWith(fetch(request).catch(offlinePage));
});
