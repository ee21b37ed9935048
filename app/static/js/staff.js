/* Staff pages: copy buttons for invite links and embed snippets. The pages work without it. */
(function () {
  "use strict";
  // The words come from this script's tag (staff/_page.html), so none is written here.
  var words = (document.currentScript && document.currentScript.dataset) || {};
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-staff-copy]") : null;
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-staff-copy"));
    var box = button.closest(".staff-copy");
    var status = box ? box.querySelector("[data-copy-status]") : null;
    function say(text) { if (status && text) status.textContent = text; }
    if (!field) return;
    function fallback() {
      field.select();
      try { document.execCommand("copy"); say(words.copied); } catch (e) { say(words.copySelect); }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say(words.copied); }, fallback);
    } else {
      fallback();
    }
  });
})();
