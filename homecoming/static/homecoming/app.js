// Homecoming keeps nothing in the browser's storage. htmx 2 writes the current path to
// sessionStorage even with its history cache turned off, so it is removed as soon as
// htmx writes it.
(function () {
  "use strict";
  var KEY = "htmx-current-path-for-history";
  function clear() {
    try {
      window.sessionStorage.removeItem(KEY);
    } catch (error) {
      // Storage disabled by the browser: nothing to clear.
    }
  }
  clear();
  document.addEventListener("htmx:pushedIntoHistory", clear);
  document.addEventListener("htmx:replacedInHistory", clear);
})();
