// congbo serve: reloads the page when the site has been rebuilt (or a
// build failed, to show its errors). Served from /_congbo/ and loaded with
// <script src defer> only by `congbo serve`, so the site's
// Content-Security-Policy (no inline script) holds in preview too.
(function () {
  "use strict";
  var script = document.currentScript;
  var gen = script ? script.getAttribute("data-gen") : null;
  var events = new EventSource("/_congbo/events");
  // hello carries the current build on every (re)connection: a build
  // finished between loading this page and connecting.
  events.addEventListener("hello", function (e) {
    if (gen !== null && e.data !== gen) {
      location.reload();
    }
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
})();
