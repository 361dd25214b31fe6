// Registers the service worker of the site (sw.js at the site root, written by the
// `offline` plugin) so recently opened pages stay readable offline.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !window.URL) return;
  // The site root: data-root="{{ SITEURL }}/", else the folder above assets/.
  var root = script.getAttribute("data-root");
  var base = root ? new URL(root, document.baseURI)
    : new URL("../../", script.src);
  if (!/^https?:$/.test(base.protocol)) return;
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", base).href, {
      scope: base.pathname
    }).catch(function () {
      // No offline reading (private mode, old browser): the site still works.
    });
  }
  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register);
  }
})();
