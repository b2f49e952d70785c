/* spinewise: the installable app. Registers the service worker (/sw.js) and tells it
   which static files this page uses, so they open without signal next time. Every page
   works without this file. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }

  function pageAssets() {
    var nodes = document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=icon][href]");
    return Array.prototype.map.call(nodes, function (node) { return node.src || node.href; })
      .filter(function (url) { return new URL(url).origin === window.location.origin; });
  }

  function keepAssets(worker) {
    if (worker) { worker.postMessage({ type: "keep-assets", urls: pageAssets(), page: window.location.pathname + window.location.search }); }
  }

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (registration) {
    return navigator.serviceWorker.ready.then(function (ready) { keepAssets(ready.active || registration.active); });
  }).catch(function () { /* no service worker (private mode, http on a LAN name): the app works online */ });
})();
