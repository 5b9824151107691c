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

// "Add a member" on forms with a formset: copies the empty form kept in a <template>.
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest("[data-add-form]");
  if (!button) {
    return;
  }
  var prefix = button.getAttribute("data-add-form");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var maximum = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var index = parseInt(total.value, 10);
  if (maximum && index >= parseInt(maximum.value, 10)) {
    return;
  }
  var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
  template.insertAdjacentHTML("beforebegin", html);
  total.value = index + 1;
});

// The error summary (homecoming/_error_summary.html) takes the focus when a page or a swapped-in
// form shows one: it is read out, and Tab goes on to its links to the fields.
(function () {
  "use strict";
  function focusSummary(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusSummary(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    focusSummary(event.target);
  });
})();

// htmx leaves a failed answer unshown: a form saved in place while the database is unreachable
// (a 503, homecoming/errors.py) would seem to do nothing. Its heading and sentences are shown above
// the form, which keeps what was typed.
document.addEventListener("htmx:responseError", function (event) {
  "use strict";
  var target = event.detail.target;
  var answer = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
  var heading = answer.querySelector("main h1");
  if (!target || !heading) {
    return;
  }
  var box = document.createElement("div");
  box.className = "error-summary";
  box.setAttribute("role", "alert");
  box.tabIndex = -1;
  var title = document.createElement("h2");
  title.textContent = heading.textContent;
  box.appendChild(title);
  answer.querySelectorAll("main p:not(.full-page)").forEach(function (paragraph) {
    var line = document.createElement("p");
    line.textContent = paragraph.textContent;
    box.appendChild(line);
  });
  var previous = target.parentNode.querySelector(".error-summary[data-failed-answer]");
  if (previous) {
    previous.remove();
  }
  box.setAttribute("data-failed-answer", "");
  target.parentNode.insertBefore(box, target);
  box.focus();
});

// The focus on the case page (WCAG 2.4.3): an inline form opened in place of its section takes it
// on its first field; the confirmation of a change (homecoming/_confirmation.html, a status
// message), shown just above the section after a redirect or an htmx save, takes it; and a
// section put back (Cancel) gives it to its heading. An error summary, when there is one, keeps it.
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  function focusConfirmation(box) {
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest" });
  }
  function focusHeading(section) {
    var heading = section.querySelector("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
  // After a redirect to "#section": the browser's move to the fragment, at load, resets the focus
  // (the section is no focus target), so the confirmation takes it once the page has loaded.
  window.addEventListener("load", function () {
    var box = document.querySelector(".confirmation");
    var untouched = !document.activeElement || document.activeElement === document.body;
    if (box && untouched && !document.querySelector(".error-summary")) {
      focusConfirmation(box);
    }
  });
  // A section swapped again loses the confirmation of its previous change.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id || !target.classList.contains("section")) {
      return;
    }
    document.querySelectorAll(".confirmation").forEach(function (box) {
      if (box.getAttribute("data-section") === target.id) {
        box.remove();
      }
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var element = event.target;
    if (element.classList.contains("confirmation")) {
      focusConfirmation(element);
      return;
    }
    if (!element.classList.contains("section") || element.querySelector(".error-summary")) {
      return;
    }
    var previous = element.previousElementSibling;
    if (previous && previous === document.activeElement && previous.classList.contains("confirmation")) {
      return;
    }
    var form = element.querySelector("form[data-inline-form]");
    var field = form && form.querySelector(FIELDS);
    if (field) {
      field.focus();
    } else {
      focusHeading(element);
    }
  });
})();

// The header on a phone: one line, the brand and "Menu"; the button opens the rest. Without
// scripts the button stays hidden and the header wraps as it is.
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  if (!button) {
    return;
  }
  var header = button.closest(".top");
  header.classList.add("folds");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("open", open);
  });
})();

// The navigation's inbox count is asked for once the page has loaded (coordination.views.inbox_count):
// counting on every page made every page wait for it. Without scripts the link simply has no count.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var place = document.querySelector("[data-inbox-count]");
  if (!place || !window.fetch) {
    return;
  }
  window
    .fetch(place.getAttribute("data-inbox-count"), { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then(function (answer) {
      // A session that ended meanwhile is sent to the sign-in page: that is no count.
      return answer.ok && !answer.redirected ? answer.text() : "";
    })
    .then(function (fragment) {
      place.innerHTML = fragment;
    })
    .catch(function () {
      // No count is better than a broken page: the inbox itself lists everything.
    });
});
