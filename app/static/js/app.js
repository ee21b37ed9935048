/* Coverage Navigator: small progressive enhancements. Every page works without this file. */
// Words for people come from the page, in its language: the server renders them as data-*
// attributes of this script's own tag (base.html), so no sentence is written here.
var covnavWords = (document.currentScript && document.currentScript.dataset) || {};

(function () {
  "use strict";
  var words = covnavWords;
  var root = document.documentElement;
  root.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // CSRF: htmx sends the page's token as X-CSRF-Token on every request (hx-headers).
  ready(function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRF-Token": meta.content }));
    }
  });

  // Keep the transcript (an ARIA live region) in place and change only what differs, so a
  // screen reader announces just the newest answer, not the whole list again. A full page
  // draws only the latest answer: data-from says how many items of the whole list it left
  // out ("See your N earlier answers" links to them).
  function syncTranscript(scope) {
    var next = scope.querySelector("template#transcript-next");
    var list = document.getElementById("transcript");
    if (!next || !list) return;
    var incoming = Array.prototype.slice.call(next.content.children);
    var from = Math.min(parseInt(list.getAttribute("data-from") || "0", 10), incoming.length);
    list.setAttribute("data-from", String(from));
    incoming = incoming.slice(from);
    var current = Array.prototype.slice.call(list.children);
    var same = 0;
    while (same < incoming.length && same < current.length &&
           incoming[same].dataset.key === current[same].dataset.key) same++;
    current.slice(same).forEach(function (li) { li.remove(); });
    incoming.slice(same).forEach(function (li) {
      var node = document.importNode(li, true);
      list.appendChild(node);
      if (window.htmx) window.htmx.process(node);
    });
    next.remove();
    recountEarlier(Array.prototype.slice.call(next.content.children, 0, from));
  }

  // A Change link can go back past the answers left out: keep the count right. The page
  // gives the words for one answer and for more ("... 1 ..." / "... 2 ..."); the number in
  // them is swapped for the count.
  function recountEarlier(leftOut) {
    var link = document.getElementById("transcript-earlier");
    if (!link) return;
    var answers = leftOut.filter(function (li) { return !li.classList.contains("entry-result"); });
    if (!answers.length) { link.remove(); return; }
    var template = answers.length === 1 ? words.earlierOne : words.earlierMany;
    if (template) {
      link.querySelector("a").textContent = template.replace(/\d+/, String(answers.length));
    }
  }

  function focusQuestion(scope) {
    var target = scope.querySelector("[autofocus]") || scope.querySelector("#question");
    if (target) target.focus({ preventScroll: false });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "step") {
      syncTranscript(target);
      focusQuestion(target);
    }
  });

  // A failed background save must never pass silently.
  function showProblem() {
    var flash = document.getElementById("flash");
    if (flash && words.saveFailed) {
      flash.textContent = words.saveFailed;
    }
  }
  document.addEventListener("htmx:responseError", showProblem);
  document.addEventListener("htmx:sendError", showProblem);

  // The next step's tick saves at once: the page comes back with the step after it.
  document.addEventListener("change", function (event) {
    var box = event.target;
    var form = box.form;
    if (form && form.hasAttribute("data-autosubmit")) {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
      return;
    }
    // Keep "N of M steps done" right as ticks change.
    var count = document.querySelector("[data-done-count]");
    if (count && box.classList && box.classList.contains("check-box")) {
      count.textContent = document.querySelectorAll("#checklist .check-box:checked").length;
    }
  });

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-copy-target], [data-print]") : null;
    if (!el) return;
    if (el.hasAttribute("data-print")) {
      window.print();
      return;
    }
    var field = document.getElementById(el.getAttribute("data-copy-target"));
    var status = el.parentNode.parentNode.querySelector("[data-copy-status]");
    function say(text) { if (status && text) status.textContent = text; }
    if (!field) return;
    var done = function () { say(words.copied); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        field.select();
        say(words.copyHold);
      });
    } else {
      field.select();
      try { document.execCommand("copy"); done(); } catch (e) { say(words.copySelect); }
    }
  });
})();

/* When the guide is shown in a frame on the clinic's site, tell the page how tall it is,
   so the frame can grow to fit. Sends only a number. Does nothing outside a frame. */
(function () {
  "use strict";
  var words = covnavWords;
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = document.documentElement.scrollHeight;
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "covnav:height", height: height }, "*");
  }
  // A browser may keep nothing of ours in a frame on another site; the guide works the same
  // in its own tab, at this very page (the link is the patient's own).
  function offerTab() {
    var main = document.getElementById("main");
    if (!main || !words.newTab || document.getElementById("open-in-tab")) return;
    main = main.querySelector(".wrap") || main;
    var note = document.createElement("p");
    note.className = "frame-escape hint";
    var link = document.createElement("a");
    link.id = "open-in-tab";
    link.href = location.href;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = words.newTab;
    note.appendChild(link);
    main.insertBefore(note, main.firstChild);
    document.addEventListener("htmx:pushedIntoHistory", function () { link.href = location.href; });
  }
  function start() {
    offerTab();
    send();
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    document.addEventListener("htmx:afterSettle", send);
  }
  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();

// The language switch is this page in the other language: when htmx brings the next
// question in place, point it at that question (without JavaScript each page is drawn whole).
(function () {
  "use strict";
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var link = document.querySelector(".language-switch a[hreflang]");
    if (!link) return;
    var url = new URL(location.href);
    url.searchParams.set("lang", link.getAttribute("hreflang"));
    link.href = url.pathname + url.search;
  });
})();
